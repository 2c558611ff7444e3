import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxEvaluator } from '../src/evaluator.js';
import { SEDarwin } from '../src/se-darwin.js';
import type { EvolutionEvent } from '../src/engine/types.js';
import type { Candidate, OperatorContext, Operators } from '../src/operators/types.js';
import type { EvolutionConfig } from '../src/config.js';
import { SEDarwinError } from '../src/errors.js';
import { absCatalog, absProblem, AGENT, catalogOperators, TENANT, type Catalog } from './helpers.js';

const evaluator = createSandboxEvaluator({ poolSize: 2, timeoutMs: 1000 });
afterAll(() => evaluator.close!());

const config = (over: Partial<EvolutionConfig> = {}): EvolutionConfig => ({
  maxIterations: 6,
  trajectoriesPerIteration: 4,
  successThreshold: 1,
  productionLimit: 5,
  seed: 11,
  concurrency: 2,
  budget: {},
  ...over,
});

function darwin(catalog: Catalog = absCatalog, over: Partial<EvolutionConfig> = {}, calls?: Record<string, OperatorContext[]>) {
  return new SEDarwin({ agentName: AGENT, tenantId: TENANT, operators: catalogOperators(catalog, calls), evaluator, config: config(over) });
}

describe('evolve without a store', () => {
  it('evolves |x| from baselines through recombination and refinement; every score is executed', async () => {
    const calls: Record<string, OperatorContext[]> = {};
    const d = darwin(absCatalog, {}, calls);
    const events: EvolutionEvent[] = [];
    const result = await d.evolve(absProblem, { onEvent: (e) => events.push(e) });
    expect(result.best?.score).toBe(1);
    expect(result.stoppedBecause).toBe('success_threshold');
    expect([...absCatalog.recombination!, ...absCatalog.refinement!]).toContain(result.best?.code);
    // Scores come from the sandbox: "return x" passes exactly 5, 7 and 0.
    const identity = result.archive.find((t) => t.code === 'function abs(x) { return x; }');
    expect(identity?.score).toBeCloseTo(3 / 5);
    expect(identity?.testResults?.failures.map((f) => f.expected)).toEqual([3, 8]);
    expect(identity?.metadata.failingTests).toEqual([1, 3]);
    expect(identity?.executionTimeMs).toBeGreaterThan(0);
    // Defect: recombination was starved. Complementary parents ("x" and "-x") were recombined.
    expect(result.perOperator.recombination?.evaluated ?? 0).toBeGreaterThan(0);
    expect(calls.recombination?.length ?? 0).toBeGreaterThan(0);
    // Events in order: run_started … done.
    expect(events[0]?.type).toBe('run_started');
    expect(events.at(-1)?.type).toBe('done');
    expect(events.filter((e) => e.type === 'candidate_evaluated')).toHaveLength(result.evaluations);
    expect(events.some((e) => e.type === 'new_best')).toBe(true);
    const finished = events.filter((e) => e.type === 'generation_finished');
    expect(finished).toHaveLength(result.iterations);
    for (const e of finished) if (e.type === 'generation_finished') expect(e.engineMs).toBeGreaterThanOrEqual(0);
    await d.close();
  });

  it('defect: refinement never ran — it runs every generation after 0, with insights from the pool', async () => {
    const calls: Record<string, OperatorContext[]> = {};
    const catalog: Catalog = { ...absCatalog, recombination: [], refinement: ['function abs(x) { return x >= 0 ? x : 0 - x; }'] };
    const d = darwin(catalog, { successThreshold: 1, maxIterations: 3 }, calls);
    const result = await d.evolve(absProblem);
    expect(calls.refinement?.length ?? 0).toBeGreaterThan(0);
    const ctx = calls.refinement![0]!;
    expect(Object.keys(ctx.insights.operators)).toContain('baseline');
    expect(ctx.insights.operators.baseline!.attempts).toBeGreaterThan(0);
    expect(result.perOperator.refinement?.evaluated).toBeGreaterThan(0);
    expect(result.insights.operators.refinement?.attempts).toBeGreaterThan(0);
    // Held-out tests are never shown to operators.
    expect(ctx.problem.heldOutTests).toBeUndefined();
  });

  it("defect: 'best' and 'worst' were insertion order — they are by score", async () => {
    const catalog: Catalog = {
      baseline: ['function abs(x) { return 0; }', 'function abs(x) { return x; }', 'function abs(x) { return x < 0 ? -x : x; }'],
    };
    const result = await darwin(catalog, { maxIterations: 1, trajectoriesPerIteration: 3 }).evolve(absProblem);
    const scores = result.archive.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(result.best?.score).toBe(1);
    expect(result.pool.worstScore).toBe(Math.min(...scores));
    expect(result.pool.bestScore).toBe(1);
  });

  it('defect: state leaked between runs — a second run starts from an empty archive and re-evaluates', async () => {
    const d = darwin(absCatalog, { maxIterations: 3, successThreshold: 1 });
    const a = await d.evolve(absProblem);
    const b = await d.evolve(absProblem);
    expect(b.runId).not.toBe(a.runId);
    expect(b.archive.every((t) => t.runId === b.runId)).toBe(true);
    // Generation 0 of run b evaluates the same baselines again: run a's seen-code set did not leak into it.
    const gen0 = (r: typeof a) => r.archive.filter((t) => t.generation === 0).map((t) => t.code).sort();
    expect(gen0(b)).toEqual(gen0(a));
    expect(b.evaluations).toBe(b.archive.length + b.pool.pruned);
    expect(b.iterations).toBeLessThanOrEqual(3);
    // Only learning carries over (insights), by design.
    expect(b.insights.operators.baseline?.attempts).toBe(a.insights.operators.baseline?.attempts);
  });

  it('is deterministic regardless of concurrency', async () => {
    const one = await darwin(absCatalog, { concurrency: 1, seed: 5 }).evolve(absProblem, { runId: 'same' });
    const three = await darwin(absCatalog, { concurrency: 3, seed: 5 }).evolve(absProblem, { runId: 'same' });
    const shape = (r: typeof one) => r.archive.map((t) => [t.trajectoryId, t.code, t.score, t.parentIds]);
    expect(shape(three)).toEqual(shape(one));
  });

  it('rejects duplicates by normalised code before evaluation', async () => {
    const catalog: Catalog = {
      baseline: ['function abs(x) { return x; }', 'function abs(x){return x}', 'function abs(x) {\n  return x; // same\n}'],
      revision: ['function abs(x) { return x }'],
    };
    const events: EvolutionEvent[] = [];
    const result = await darwin(catalog, { maxIterations: 3, plateauGenerations: 5 }).evolve(absProblem, {
      onEvent: (e) => events.push(e),
    });
    expect(result.evaluations).toBe(1);
    expect(result.pool.duplicatesRejected).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'candidate_evaluated')).toHaveLength(1);
  });

  it('stops on a plateau, the evaluation budget, and max iterations', async () => {
    const stuck: Catalog = { baseline: ['function abs(x) { return x; }'], revision: absCatalog.revision! };
    const plateau = await darwin(stuck, { maxIterations: 50, plateauGenerations: 2 }).evolve(absProblem);
    expect(plateau.stoppedBecause).toBe('plateau');
    expect(plateau.iterations).toBe(3);

    const budget = await darwin(absCatalog, { budget: { evaluations: 3 }, trajectoriesPerIteration: 2 }).evolve(absProblem);
    expect(budget.stoppedBecause).toBe('budget_evaluations');
    expect(budget.evaluations).toBe(3);

    const capped = await darwin(stuck, { maxIterations: 2, plateauGenerations: 10 }).evolve(absProblem);
    expect(capped.stoppedBecause).toBe('max_iterations');
    expect(capped.iterations).toBe(2);
  });

  it('stops on the time and cost budgets', async () => {
    // Generation 0 always runs; a candidate that takes 20 ms makes sure it alone spends the 1 ms budget.
    const slow: Catalog = { baseline: ['function abs(x) { const t = Date.now(); while (Date.now() - t < 20) {} return x; }'] };
    const timed = await darwin(slow, { budget: { timeMs: 1 }, trajectoriesPerIteration: 1 }).evolve(absProblem);
    expect(timed.stoppedBecause).toBe('budget_time');
    expect(timed.iterations).toBe(1);
    const costly = catalogOperators({ baseline: ['function abs(x) { return x; }', 'function abs(x) { return -x; }'] });
    const base = costly.baseline;
    costly.baseline = async (ctx) => (await base(ctx)).map((c) => ({ ...c, costUsd: 0.5 }));
    const d = new SEDarwin({ agentName: AGENT, tenantId: TENANT, operators: costly, evaluator, config: config({ budget: { costUsd: 0.9 }, trajectoriesPerIteration: 2 }) });
    const r = await d.evolve(absProblem);
    expect(r.stoppedBecause).toBe('budget_cost');
    expect(r.costUsd).toBe(1);
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    const slow: Catalog = { baseline: ['function abs(x) { const t = Date.now(); while (Date.now() - t < 400) {} return x; }'] };
    const d = darwin(slow, { maxIterations: 5 });
    setTimeout(() => controller.abort(), 100);
    const result = await d.evolve(absProblem, { signal: controller.signal });
    expect(result.stoppedBecause).toBe('aborted');
    expect(result.iterations).toBe(0);
    const pre = new AbortController();
    pre.abort();
    expect((await d.evolve(absProblem, { signal: pre.signal })).stoppedBecause).toBe('aborted');
  });

  it('survives failing and malformed operators', async () => {
    const ops = catalogOperators(absCatalog);
    ops.revise = async () => {
      throw new Error('model unavailable');
    };
    ops.refine = async () => [{ code: '', operator: 'refinement', parentIds: [], strategy: '' }, null as never];
    const d = new SEDarwin({ agentName: AGENT, tenantId: TENANT, operators: ops, evaluator, config: config({ maxIterations: 3 }) });
    const result = await d.evolve(absProblem);
    expect(result.pool.malformed).toBeGreaterThan(0);
    expect(result.iterations).toBeGreaterThan(1);
  });

  it('validates input and refuses use after close', async () => {
    const d = darwin();
    await expect(d.evolve({ ...absProblem, entry: 'not valid' })).rejects.toMatchObject({ code: 'INVALID_PROBLEM' });
    await expect(d.evolve(absProblem, { runId: '_x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await d.loadProductionTrajectories()).trajectories).toEqual([]);
    const first = d.evolve(absProblem, { runId: 'twice' });
    await expect(d.evolve(absProblem, { runId: 'twice' })).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'runId' });
    await first;
    await expect(d.promote(absProblem as never, { problem: absProblem })).rejects.toMatchObject({ code: 'NO_STORE' });
    await expect(d.rollback({ taskType: 'x' })).rejects.toMatchObject({ code: 'NO_STORE' });
    await d.close();
    await d.close();
    await expect(d.evolve(absProblem)).rejects.toSatisfy((e: unknown) => SEDarwinError.isInstance(e) && e.code === 'CLOSED');
  });

  it('keeps insights in memory across runs without a store', async () => {
    const calls: Record<string, OperatorContext[]> = {};
    const d = darwin(absCatalog, { maxIterations: 2 }, calls);
    await d.evolve(absProblem);
    const first = calls.baseline!.length;
    await d.evolve(absProblem);
    const second = calls.baseline![first]!;
    expect(second.insights.operators.baseline?.attempts).toBeGreaterThan(0);
  });
});

describe('the anchor (the starting program keeps a revision slot)', () => {
  // The starting program is one edit from the fix, but that edit is the 13th of its neighbourhood; its first
  // neighbour passes more tests by accident and leads nowhere (every further edit of it fails everything).
  const root = 'function abs(x) { return 0; }';
  const fix = 'function abs(x) { return Math.abs(x); }';
  const neighbourhood = ['function abs(x) { return x; }', ...Array.from({ length: 11 }, (_, i) => `function abs(x) { return ${i + 1}; }`), fix];
  function anchored(calls: string[]): Operators {
    let junk = 0;
    const given = new Set<string>();
    return {
      name: 'anchor@test',
      baseline: async (): Promise<Candidate[]> => [{ code: root, operator: 'baseline', parentIds: [], strategy: 'starter' }],
      adaptSeed: async () => [],
      revise: async (t: { code: string; trajectoryId: string }, ctx: OperatorContext): Promise<Candidate[]> => {
        calls.push(t.code);
        if (t.code !== root) {
          return Array.from({ length: ctx.count }, () => ({ code: `function abs(x) { return x * ${++junk + 1}; }`, operator: 'revision', parentIds: [t.trajectoryId], strategy: 'junk' }));
        }
        const next = neighbourhood.filter((c) => !given.has(c)).slice(0, ctx.count);
        for (const c of next) given.add(c);
        return next.map((code) => ({ code, operator: 'revision', parentIds: [t.trajectoryId], strategy: 'neighbour' }));
      },
      recombine: async () => [],
      refine: async () => [],
    };
  }

  it('explores the starting program until the one-edit fix is found, however well an accidental child scores', async () => {
    const calls: string[] = [];
    const d = new SEDarwin({
      agentName: AGENT,
      tenantId: TENANT,
      operators: anchored(calls),
      evaluator,
      config: config({ maxIterations: 40, trajectoriesPerIteration: 4, seed: 3, plateauGenerations: 1_000, budget: { evaluations: 80 } }),
    });
    const result = await d.evolve(absProblem);
    expect(result.best?.code).toBe(fix);
    expect(result.stoppedBecause).toBe('success_threshold');
    // The root was revised in most generations, not only the first.
    expect(calls.filter((c) => c === root).length).toBeGreaterThanOrEqual(8);
    await d.close();
    // Without the anchor the same run follows the accidental child and never gets there.
    const off = new SEDarwin({
      agentName: AGENT,
      tenantId: TENANT,
      operators: anchored([]),
      evaluator,
      config: config({ maxIterations: 40, trajectoriesPerIteration: 4, seed: 3, plateauGenerations: 1_000, budget: { evaluations: 80 }, anchorGenerations: 0 }),
    });
    expect((await off.evolve(absProblem)).best?.code).not.toBe(fix);
    await off.close();
  });
});
