// Engine benchmark: production loading from a large store, and the engine's own time per generation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openStore, type MemoryStore, type PutManyItem } from '@genesis/memory-store';
import { namespaces, parseTrainingExample, SCHEMA_VERSION, type JsonValue, type TrainingExample } from '@genesis/schemas';
import { createSandboxEvaluator } from '../src/evaluator.js';
import { SEDarwin } from '../src/se-darwin.js';
import type { Operators, Problem, Candidate } from '../src/operators/types.js';
import type { Operator } from '@genesis/schemas';

const TENANT = 'bench';
const AGENT = 'builder';
const TASK_TYPES = ['sum-evens', 'reverse-string', 'fizzbuzz', 'http-backend', 'binary-search', 'dedupe', 'word-count', 'max-subarray'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function stats(samples: number[]): { p50: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

function table(header: string[], rows: (string | number)[][]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(all[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...all.slice(1).map(line)].join('\n');
}

export function example(i: number): TrainingExample {
  const taskType = TASK_TYPES[i % TASK_TYPES.length]!;
  const at = Date.UTC(2026, 0, 1) + i * 1000;
  const outcomeId = `out-${i}`;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    schemaVersion: SCHEMA_VERSION,
    exampleId: `ex-${i}`,
    tenantId: TENANT,
    agentName: AGENT,
    taskType,
    createdAt: iso(at),
    outcome: {
      schemaVersion: SCHEMA_VERSION,
      outcomeId,
      tenantId: TENANT,
      agentName: AGENT,
      taskType,
      taskDescription: `Implement ${taskType.replace('-', ' ')} variant ${i % 97} for customer request ${i}`,
      executionPath: [
        { name: 'plan', kind: 'step', durationMs: 3 + (i % 7), ok: true },
        { name: 'write_code', kind: 'tool', durationMs: 20 + (i % 13), ok: true },
        { name: 'run_tests', kind: 'tool', durationMs: 40 + (i % 17), ok: true },
      ],
      toolsUsed: ['write_code', 'run_tests'],
      result: { code: `function solve${i}(xs) { return xs.filter((x) => x % ${2 + (i % 5)} === 0).length + ${i}; }` },
      success: true,
      verified: true,
      durationMs: 63 + (i % 31),
      startedAt: iso(at - 100),
      finishedAt: iso(at),
      context: { problemId: `${taskType}-${i % 50}` },
    },
    plan: {
      schemaVersion: SCHEMA_VERSION,
      planId: `plan-${i}`,
      outcomeIds: [outcomeId],
      tenantId: TENANT,
      agentName: AGENT,
      taskType,
      strategy: `decompose ${taskType} then test-drive the edge cases (${i % 11})`,
      reasoningPattern: 'test_driven',
      toolsSequence: ['write_code', 'run_tests'],
      keyDecisions: ['filter before counting'],
      successFactors: ['tests passed'],
      failureFactors: [],
      confidence: 0.5 + (i % 50) / 100,
      extractor: 'rules@1',
      status: i % 10 === 0 ? 'validated' : 'candidate',
      createdAt: iso(at),
    },
  };
}

export async function fill(store: MemoryStore, n: number): Promise<number> {
  const ns = namespaces.training(TENANT, AGENT);
  const started = performance.now();
  for (let start = 0; start < n; start += 1000) {
    const items: PutManyItem[] = [];
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      items.push({ namespace: ns, key: `ex-${i}`, value: example(i) as unknown as JsonValue, index: ['taskType', 'outcome.taskDescription', 'plan.strategy'] });
    }
    await store.putMany(items);
  }
  return performance.now() - started;
}

const noOps: Operators = {
  name: 'none',
  baseline: async () => [],
  adaptSeed: async () => [],
  revise: async () => [],
  recombine: async () => [],
  refine: async () => [],
};

async function time(fn: () => Promise<unknown>, iterations: number, warmup = Math.min(10, iterations)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The original's approach, reimplemented for comparison: read the namespace, parse everything, sort, take 10. */
async function naiveLoad(store: MemoryStore, n: number): Promise<number> {
  const parsed: TrainingExample[] = [];
  for (let offset = 0; offset < n; offset += 1000) {
    const items = await store.search(namespaces.training(TENANT, AGENT), { limit: 1000, offset });
    for (const i of items) parsed.push(parseTrainingExample(i.value));
  }
  parsed.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  return parsed.slice(0, 10).length;
}

/** Operators drawing distinct programs from a large pool: cheap, so the engine's own time is what is measured. */
function poolOperators(): Operators {
  let k = 0;
  const make = (op: Operator, parents: string[], count: number): Candidate[] =>
    Array.from({ length: count }, () => {
      const n = k++;
      return { code: `function abs(x) { return x < ${-(n % 7)} ? -x : x + ${1 + n}; }`, operator: op, parentIds: parents, strategy: op };
    });
  return {
    name: 'bench-pool',
    baseline: async (ctx) => make('baseline', [], ctx.count),
    adaptSeed: async () => [],
    revise: async (t, ctx) => make('revision', [t.trajectoryId], ctx.count),
    recombine: async (a, b, ctx) => make('recombination', [a.trajectoryId, b.trajectoryId], ctx.count),
    refine: async (t, ctx) => make('refinement', [t.trajectoryId], ctx.count),
  };
}

const absProblem: Problem = {
  problemId: 'abs',
  taskType: 'absolute-value',
  description: 'absolute value',
  entry: 'abs',
  tests: [-9, -4, -1, 0, 2, 5, 8, 13, -21, 34].map((x) => ({ args: [x], expected: Math.abs(x) })),
};

async function engineOverhead(store: MemoryStore | undefined, generations: number) {
  const evaluator = createSandboxEvaluator({ poolSize: 2 });
  const engineMs: number[] = [];
  const evaluationMs: number[] = [];
  const operatorMs: number[] = [];
  const darwin = new SEDarwin({
    agentName: AGENT,
    tenantId: TENANT,
    ...(store ? { store } : {}),
    operators: poolOperators(),
    evaluator,
    config: {
      maxIterations: generations,
      trajectoriesPerIteration: 8,
      successThreshold: 1,
      productionLimit: 0,
      seed: 1,
      concurrency: 2,
      budget: {},
      plateauGenerations: generations + 1,
      archiveLimit: 64,
    },
  });
  const result = await darwin.evolve(absProblem, {
    onEvent: (e) => {
      if (e.type !== 'generation_finished' || e.generation === 0) return;
      engineMs.push(e.engineMs);
      evaluationMs.push(e.evaluationMs);
      operatorMs.push(e.operatorMs);
    },
  });
  await darwin.close();
  await evaluator.close!();
  return { engine: stats(engineMs), evaluation: stats(evaluationMs), operator: stats(operatorMs), generations: result.iterations, evaluations: result.evaluations };
}

export async function runEngineBench(size: 'smoke' | 'full'): Promise<void> {
  const records = size === 'full' ? 100_000 : 5_000;
  const dir = mkdtempSync(join(tmpdir(), 'se-darwin-bench-'));
  const store = await openStore(`file:${join(dir, 'bench.db')}`);
  try {
    const progress = (m: string) => process.stderr.write(`[engine bench] ${m}\n`);
    const fillMs = await fill(store, records);
    progress(`filled ${records} records in ${(fillMs / 1000).toFixed(1)} s`);
    const darwin = new SEDarwin({
      agentName: AGENT,
      tenantId: TENANT,
      store,
      operators: noOps,
      evaluator: { evaluate: async () => { throw new Error('unused'); } },
      config: { maxIterations: 1, trajectoriesPerIteration: 1, successThreshold: 1, productionLimit: 10, seed: 1, concurrency: 1, budget: {} },
    });
    const loaded = await darwin.loadProductionTrajectories({ limit: 10 });
    if (loaded.trajectories.length !== 10) throw new Error(`loaded ${loaded.trajectories.length}, expected 10`);
    const newest = stats(await time(() => darwin.loadProductionTrajectories({ limit: 10 }), size === 'full' ? 500 : 100));
    progress(`newest: p50 ${fmt(newest.p50)}`);
    const problem = { problemId: 'fizzbuzz-7', taskType: 'fizzbuzz', description: 'fizzbuzz variant for a customer' };
    const relevant = stats(await time(() => darwin.loadProductionTrajectories({ limit: 10, problem }), size === 'full' ? 50 : 20));
    progress(`relevant: p50 ${fmt(relevant.p50)}`);
    const naive = stats(await time(() => naiveLoad(store, records), size === 'full' ? 3 : 1, size === 'full' ? 1 : 0));
    console.log(`\n## SE-Darwin engine (${size}; libSQL file with ${records.toLocaleString('en')} training records, filled in ${(fillMs / 1000).toFixed(1)} s)\n`);
    console.log(
      table(
        ['operation', 'p50', 'p99', 'target'],
        [
          ['load 10 production trajectories (newest, validated/verified)', fmt(newest.p50), fmt(newest.p99), '< 2 ms (original ~180 ms)'],
          ['load 10 relevant to a problem (problemId, taskType, text search)', fmt(relevant.p50), fmt(relevant.p99), '—'],
          ['naive: read the namespace, parse all, sort, take 10 (original approach)', fmt(naive.p50), fmt(naive.p99), '—'],
        ],
      ),
    );
    const gens = size === 'full' ? 40 : 8;
    const withStore = await engineOverhead(store, gens);
    const memory = await engineOverhead(undefined, gens);
    console.log('');
    console.log(
      table(
        ['engine, per generation (8 candidates, archive ≤ 64)', 'engine p50', 'engine p99', 'evaluation p50', 'operators p50', 'target'],
        [
          [`libSQL file store, checkpoint every generation (${withStore.generations} gens)`, fmt(withStore.engine.p50), fmt(withStore.engine.p99), fmt(withStore.evaluation.p50), fmt(withStore.operator.p50), '< 5 ms (original ~50 ms)'],
          [`no store (${memory.generations} gens)`, fmt(memory.engine.p50), fmt(memory.engine.p99), fmt(memory.evaluation.p50), fmt(memory.operator.p50), '< 5 ms'],
        ],
      ),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const size = process.env.BENCH_SIZE === 'full' ? 'full' : 'smoke';
  runEngineBench(size).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
