import type { EvolutionConfig } from '../../src/config.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { namespaces, SCHEMA_VERSION, type JsonValue, type TrainingExample } from '@genesis/schemas';
import type { TestCase } from '@genesis/sandbox';
import { SEDarwin } from '../../src/se-darwin.js';
import { createSandboxEvaluator, type Evaluator } from '../../src/evaluator.js';
import type { Operators, Problem } from '../../src/operators/types.js';
import type { EvolutionEvent } from '../../src/engine/types.js';

export const TENANT = 'bench';
export const AGENT = 'builder';

/** Benchmark size from `BENCH_SIZE` (smoke: few problems and seeds, for CI). */
export function benchSize(): 'smoke' | 'full' {
  return process.env.BENCH_SIZE === 'full' ? 'full' : 'smoke';
}

/** A shared evaluator (one sandbox pool) for a whole benchmark. */
export function benchEvaluator(): Evaluator {
  return createSandboxEvaluator({ poolSize: 2, timeoutMs: 400 });
}

/** A real libSQL file store holding one verified production record per program, as the outcome-logger writes them. */
export async function productionStore(
  records: Array<{ id: string; taskType: string; description: string; code: string; entry: string }>,
): Promise<{ store: MemoryStore; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'se-darwin-bench-'));
  const store = await openStore(`file:${join(dir, 'genesis.db')}`);
  let n = 0;
  for (const r of records) {
    const at = Date.UTC(2026, 10, 1) + ++n * 1000;
    const iso = new Date(at).toISOString();
    const example: TrainingExample = {
      schemaVersion: SCHEMA_VERSION,
      exampleId: r.id,
      tenantId: TENANT,
      agentName: AGENT,
      taskType: r.taskType,
      outcome: {
        schemaVersion: SCHEMA_VERSION,
        outcomeId: `out-${r.id}`,
        tenantId: TENANT,
        agentName: AGENT,
        taskType: r.taskType,
        taskDescription: r.description,
        executionPath: [{ name: 'write_code', kind: 'tool', durationMs: 20, ok: true }],
        toolsUsed: ['write_code'],
        result: { code: r.code, entry: r.entry },
        success: true,
        verified: true,
        durationMs: 20,
        startedAt: new Date(at - 20).toISOString(),
        finishedAt: iso,
        context: {},
      },
      plan: {
        schemaVersion: SCHEMA_VERSION,
        planId: `plan-${r.id}`,
        outcomeIds: [`out-${r.id}`],
        tenantId: TENANT,
        agentName: AGENT,
        taskType: r.taskType,
        strategy: r.description,
        reasoningPattern: 'sequential',
        toolsSequence: ['write_code'],
        keyDecisions: [],
        successFactors: ['tests passed'],
        failureFactors: [],
        confidence: 0.9,
        extractor: 'rules@1',
        status: 'validated',
        createdAt: iso,
      },
      createdAt: iso,
    };
    await store.put(namespaces.training(TENANT, AGENT), r.id, example as unknown as JsonValue, {
      index: ['taskType', 'outcome.taskDescription', 'plan.strategy'],
    });
  }
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One run's outcome, as the benchmarks report it. */
export interface RunOutcome {
  solved: boolean;
  /** Candidates executed until the first one passing every test (or all executed, if none did). */
  evaluations: number;
  bestScore: number;
  bestCode: string | undefined;
  /** Whether the best program also passes the held-out tests (undefined when not solved). */
  heldOutPassed: boolean | undefined;
  /** Edit kinds of the solving candidate. */
  solvingEdits: string[];
  stoppedBecause: string;
}

/** Options of {@link runSearch}. */
export interface RunSearchOptions {
  problem: Problem;
  operators: Operators;
  evaluator: Evaluator;
  seed: number;
  budget: number;
  store?: MemoryStore;
  trajectoriesPerIteration?: number;
  /** Engine settings to change (ablation). */
  config?: Partial<EvolutionConfig>;
}

/** Evolves one problem with SEDarwin in the real sandbox, and checks the best program on the held-out tests. */
export async function runSearch(options: RunSearchOptions): Promise<RunOutcome> {
  const { problem, operators, evaluator, seed, budget, store } = options;
  const perGen = options.trajectoriesPerIteration ?? 8;
  const darwin = new SEDarwin({
    agentName: AGENT,
    tenantId: TENANT,
    operators,
    evaluator,
    ...(store ? { store } : {}),
    config: {
      maxIterations: budget,
      trajectoriesPerIteration: perGen,
      successThreshold: 1,
      productionLimit: 3,
      seed,
      concurrency: 2,
      plateauGenerations: 1_000,
      budget: { evaluations: budget },
      ...options.config,
    },
  });
  let firstSolvedAt: number | undefined;
  const onEvent = (e: EvolutionEvent): void => {
    if (e.type === 'candidate_evaluated' && firstSolvedAt === undefined && e.trajectory.score >= 1) firstSolvedAt = e.evaluations;
  };
  try {
    const result = await darwin.evolve(problem, { onEvent });
    const best = result.best;
    const solved = best !== null && best.score >= 1;
    let heldOutPassed: boolean | undefined;
    if (solved && problem.heldOutTests && problem.heldOutTests.length > 0) {
      const r = await evaluator.evaluate({ code: best.code, language: problem.language ?? 'js', entry: problem.entry, tests: problem.heldOutTests });
      heldOutPassed = r.status === 'ok' && r.failed === 0;
    }
    const solver = solved ? result.archive.find((t) => t.score >= 1) : undefined;
    const solvingEdits = Array.isArray(solver?.metadata.edits) ? (solver!.metadata.edits as string[]) : [];
    return {
      solved,
      evaluations: solved ? (firstSolvedAt ?? result.evaluations) : result.evaluations,
      bestScore: best?.score ?? 0,
      bestCode: best?.code,
      heldOutPassed,
      solvingEdits,
      stoppedBecause: result.stoppedBecause,
    };
  } finally {
    await darwin.close?.();
  }
}

/** Median of a list (NaN when empty). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Prints rows as an aligned Markdown table. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: Array<string | number>) => `| ${r.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Test cases as a Problem's tests (a fresh copy, so runs never share arrays). */
export function copyTests(tests: readonly TestCase[]): TestCase[] {
  return tests.map((tc) => ({ ...tc, args: structuredClone(tc.args), expected: structuredClone(tc.expected) }));
}
