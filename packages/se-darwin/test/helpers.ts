import { SCHEMA_VERSION, type ExtractedPlan, type ProductionOutcome, type TrainingExample, type JsonValue } from '@genesis/schemas';
import type { Candidate, Operators, OperatorContext, Problem } from '../src/operators/types.js';
import type { Trajectory, Operator } from '@genesis/schemas';

export const TENANT = 'acme';
export const AGENT = 'builder';

let counter = 0;
const iso = (ms: number): string => new Date(ms).toISOString();

export interface ExampleSpec {
  id?: string;
  agentName?: string;
  taskType?: string;
  description?: string;
  code?: string;
  result?: JsonValue;
  success?: boolean;
  verified?: boolean;
  status?: ExtractedPlan['status'];
  confidence?: number;
  durationMs?: number;
  problemId?: string;
  strategy?: string;
  at?: number;
}

/** A canonical TrainingExample, as the outcome-logger writes them. */
export function makeExample(spec: ExampleSpec = {}): TrainingExample {
  const n = ++counter;
  const id = spec.id ?? `ex-${n}`;
  const agentName = spec.agentName ?? AGENT;
  const taskType = spec.taskType ?? 'sum-evens';
  const success = spec.success ?? true;
  const at = spec.at ?? Date.UTC(2026, 10, 1) + n * 1000;
  const outcome: ProductionOutcome = {
    schemaVersion: SCHEMA_VERSION,
    outcomeId: `out-${id}`,
    tenantId: TENANT,
    agentName,
    taskType,
    taskDescription: spec.description ?? 'Sum the even numbers of a list',
    executionPath: [
      { name: 'plan', kind: 'step', durationMs: 5, ok: true },
      { name: 'write_code', kind: 'tool', durationMs: 20, ok: success, ...(success ? {} : { error: 'tests failed' }) },
    ],
    toolsUsed: ['write_code'],
    result: spec.result ?? (spec.code !== undefined ? { code: spec.code } : 'done'),
    success,
    verified: spec.verified ?? success,
    ...(success ? {} : { error: { type: 'AssertionError', message: 'expected 6, got 9' } }),
    durationMs: spec.durationMs ?? 25,
    startedAt: iso(at - (spec.durationMs ?? 25)),
    finishedAt: iso(at),
    context: spec.problemId ? { problemId: spec.problemId } : {},
  };
  const plan: ExtractedPlan = {
    schemaVersion: SCHEMA_VERSION,
    planId: `plan-${id}`,
    outcomeIds: [outcome.outcomeId],
    tenantId: TENANT,
    agentName,
    taskType,
    strategy: spec.strategy ?? 'filter the evens, then add them up',
    reasoningPattern: 'sequential',
    toolsSequence: ['write_code'],
    keyDecisions: ['use reduce'],
    successFactors: success ? ['tests passed'] : [],
    failureFactors: success ? [] : ['summed odd numbers'],
    confidence: spec.confidence ?? 0.7,
    extractor: 'rules@1',
    status: spec.status ?? 'candidate',
    createdAt: iso(at),
  };
  return {
    schemaVersion: SCHEMA_VERSION,
    exampleId: id,
    tenantId: TENANT,
    agentName,
    taskType,
    outcome,
    plan,
    createdAt: iso(at),
  };
}

/** Programs per operator; each call draws from the list with the context's seeded rng. */
export interface Catalog {
  baseline: string[];
  revision?: string[];
  recombination?: string[];
  refinement?: string[];
  /** Adapts production code to the problem (return undefined to decline). */
  adapt?: (seed: Trajectory, problem: Problem) => string | undefined;
}

/**
 * A small real operator set for engine tests: candidates drawn from fixed lists of programs. Every candidate is
 * still executed in the real sandbox by the engine.
 */
export function catalogOperators(catalog: Catalog, calls?: Record<string, OperatorContext[]>): Operators {
  const draw = (op: Operator, list: string[] | undefined, ctx: OperatorContext, parents: string[]): Candidate[] => {
    (calls ??= {})[op] ??= [];
    calls[op]!.push(ctx);
    if (!list || list.length === 0) return [];
    const out: Candidate[] = [];
    for (let i = 0; i < ctx.count; i++) {
      const code = list[ctx.rng.int(list.length)]!;
      out.push({ code, operator: op, parentIds: parents, strategy: `${op} #${i}`, edits: [`${op}-edit`] });
    }
    return out;
  };
  return {
    name: 'catalog@test',
    baseline: async (ctx) => draw('baseline', catalog.baseline, ctx, []),
    adaptSeed: async (seed, ctx) => {
      (calls ??= {}).production ??= [];
      calls.production!.push(ctx);
      const code = catalog.adapt?.(seed, ctx.problem);
      return code ? [{ code, operator: 'production', parentIds: [seed.trajectoryId], strategy: 'adapted', seedIds: [seed.trajectoryId], edits: ['adapt-entry'] }] : [];
    },
    revise: async (t, ctx) => draw('revision', catalog.revision, ctx, [t.trajectoryId]),
    recombine: async (a, b, ctx) => draw('recombination', catalog.recombination, ctx, [a.trajectoryId, b.trajectoryId]),
    refine: async (t, ctx) => draw('refinement', catalog.refinement, ctx, [t.trajectoryId]),
  };
}

/** |x|: tests where "return x" and "return -x" pass different cases, so recombination has work to do. */
export const absProblem: Problem = {
  problemId: 'abs',
  taskType: 'absolute-value',
  description: 'Return the absolute value of a number',
  entry: 'abs',
  tests: [
    { args: [5], expected: 5 },
    { args: [-3], expected: 3 },
    { args: [7], expected: 7 },
    { args: [-8], expected: 8 },
    { args: [0], expected: 0 },
  ],
  heldOutTests: [
    { args: [12], expected: 12 },
    { args: [-12], expected: 12 },
  ],
};

export const absCatalog: Catalog = {
  baseline: ['function abs(x) { return x; }', 'function abs(x) { return -x; }', 'function abs(x) { return 0; }'],
  revision: [
    'function abs(x) { return x * 2; }',
    'function abs(x) { return x > 0 ? x : 0; }',
    'function abs(x) { return x < 0 ? x : -x; }',
    'function abs(x) { return Math.max(x, 1); }',
  ],
  recombination: ['function abs(x) { if (x < 0) { return -x; } return x; }'],
  refinement: ['function abs(x) { return x < 0 ? -x : x; }', 'function abs(x) { return Math.abs(x); }'],
};

/** Sum of evens: the production seed (sum of evens under another name) solves it once adapted. */
export const sumEvensProblem: Problem = {
  problemId: 'sum-evens-1',
  taskType: 'sum-evens',
  description: 'Sum the even numbers of a list',
  entry: 'sumEvens',
  tests: [
    { args: [[1, 2, 3, 4]], expected: 6 },
    { args: [[]], expected: 0 },
    { args: [[2, 2]], expected: 4 },
    { args: [[-2, 3]], expected: -2 },
  ],
  heldOutTests: [{ args: [[10, 11, 12]], expected: 22 }],
};

export const renameEntry = (seed: Trajectory, problem: Problem): string | undefined => {
  const m = /function\s+([A-Za-z_$][\w$]*)/.exec(seed.code);
  return m ? seed.code.replace(new RegExp(`\\b${m[1]}\\b`, 'g'), problem.entry) : undefined;
};

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { namespaces } from '@genesis/schemas';

export const PG_URL = process.env.GENESIS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export type Backend = 'libsql' | 'postgres';
export const BACKENDS: Backend[] = ['libsql', 'postgres'];
let schemaCounter = 0;

/** A real store: a libSQL file in a fresh directory, or a fresh schema of the test PostgreSQL (dropped afterwards). */
export async function tempStore(backend: Backend = 'libsql'): Promise<{ store: MemoryStore; url: string; cleanup: () => Promise<void> }> {
  if (backend === 'postgres') {
    const schema = `se_darwin_${process.pid}_${Date.now().toString(36)}_${++schemaCounter}`;
    const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
    const store = await openStore(url);
    return {
      store,
      url,
      cleanup: async () => {
        await store.close();
        // Best effort: psql is how this package drops what it created without depending on a driver.
        spawnSync('psql', [PG_URL, '-q', '-c', `drop schema if exists "${schema}" cascade`], { stdio: 'ignore' });
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'se-darwin-'));
  const url = `file:${join(dir, 'genesis.db')}`;
  const store = await openStore(url);
  return {
    store,
    url,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes training examples the way the outcome-logger does (keyed by exampleId, indexed for text search). */
export async function writeExamples(store: MemoryStore, examples: TrainingExample[]): Promise<void> {
  for (const ex of examples) {
    // Distinct write times, so that "newest first" has one right answer.
    await new Promise((r) => setTimeout(r, 3));
    await store.put(namespaces.training(ex.tenantId, ex.agentName), ex.exampleId, ex as unknown as JsonValue, {
      index: ['taskType', 'outcome.taskDescription', 'plan.strategy'],
    });
  }
}
