import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryStore } from '@genesis/memory-store';
import { namespaces, parseTrajectory, type Trajectory } from '@genesis/schemas';
import { createSandboxEvaluator } from '../src/evaluator.js';
import { SEDarwin } from '../src/se-darwin.js';
import type { EvolutionConfig } from '../src/config.js';
import type { OperatorContext } from '../src/operators/types.js';
import { CHECKPOINT_KEY, PRODUCTION_KEY, type StoredCheckpoint } from '../src/engine/checkpoint.js';
import {
  absCatalog,
  BACKENDS,
  absProblem,
  AGENT,
  catalogOperators,
  makeExample,
  renameEntry,
  sumEvensProblem,
  TENANT,
  tempStore,
  writeExamples,
  type Catalog,
} from './helpers.js';

const evaluator = createSandboxEvaluator({ poolSize: 2, timeoutMs: 1000 });
afterAll(() => evaluator.close!());

let store: MemoryStore;
let cleanup: () => Promise<void>;

const config = (over: Partial<EvolutionConfig> = {}): EvolutionConfig => ({
  maxIterations: 5,
  trajectoriesPerIteration: 4,
  successThreshold: 1,
  productionLimit: 5,
  seed: 3,
  concurrency: 2,
  budget: {},
  ...over,
});

const SUM_EVENS_PROD = 'function addEvens(list) { let s = 0; for (const v of list) if (v % 2 === 0) s += v; return s; }';
const sumCatalog: Catalog = {
  baseline: ['function sumEvens(xs) { return xs.reduce((a, b) => a + b, 0); }', 'function sumEvens(xs) { return 0; }'],
  revision: ['function sumEvens(xs) { return xs.filter((x) => x % 2).reduce((a, b) => a + b, 0); }'],
  refinement: ['function sumEvens(xs) { return xs.length; }'],
  adapt: renameEntry,
};

function darwin(catalog: Catalog, over: Partial<EvolutionConfig> = {}, calls?: Record<string, OperatorContext[]>) {
  return new SEDarwin({ agentName: AGENT, tenantId: TENANT, store, operators: catalogOperators(catalog, calls), evaluator, config: config(over) });
}

describe.each(BACKENDS)('on %s', (backend) => {
  beforeEach(async () => ({ store, cleanup } = await tempStore(backend)));
  afterEach(() => cleanup());

  describe('evolve with a store', () => {
    it('13. generation includes production trajectories; the adapted seed is executed and wins', async () => {
      await writeExamples(store, [makeExample({ code: SUM_EVENS_PROD, confidence: 0.9 })]);
      const result = await darwin(sumCatalog).evolve(sumEvensProblem);
      expect(result.production).toHaveLength(1);
      expect(result.pool.production).toBe(1);
      const gen0 = result.archive.filter((t) => t.generation === 0);
      expect(gen0.filter((t) => t.operator === 'production')).toHaveLength(1);
      expect(gen0.filter((t) => t.operator === 'baseline').length).toBeGreaterThan(0);
      expect(result.best?.operator).toBe('production');
      expect(result.best?.score).toBe(1);
      expect(result.best?.parentIds).toEqual([result.production[0]!.trajectoryId]);
      expect(result.best?.metadata.lineageOutcomeIds).toEqual([result.production[0]!.metadata.outcomeId]);
      expect(result.insights.seeds[result.production[0]!.trajectoryId]).toEqual({ attempts: 1, improvements: 1 });
    });

    it('a seed whose code already defines the entry is used as is when the operators do not adapt it', async () => {
      const code = 'function sumEvens(xs) { return xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0); }';
      await writeExamples(store, [makeExample({ code }), makeExample({ code: 'function other(xs) { return 1; }' })]);
      const { adapt: _none, ...noAdapt } = sumCatalog;
      const result = await darwin(noAdapt, { maxIterations: 1 }).evolve(sumEvensProblem);
      const seeded = result.archive.filter((t) => t.operator === 'production');
      expect(seeded.map((t) => t.code)).toEqual([code]);
      expect(seeded[0]!.score).toBe(1);
    });

    it('defect: production trajectories were reloaded every generation with fresh ids and crowded out the operators', async () => {
      await writeExamples(store, [1, 2, 3].map((i) => makeExample({ code: SUM_EVENS_PROD.replace('addEvens', `addEvens${i}`), success: true })));
      const calls: Record<string, OperatorContext[]> = {};
      const stuck: Catalog = { ...sumCatalog, adapt: () => 'function sumEvens(xs) { return -1; }' };
      const d = darwin(stuck, { maxIterations: 4, plateauGenerations: 10 }, calls);
      const loads: number[] = [];
      const original = d.loadProductionTrajectories.bind(d);
      d.loadProductionTrajectories = async (o) => {
        loads.push(1);
        return original(o);
      };
      const result = await d.evolve(sumEvensProblem);
      expect(loads).toHaveLength(1);
      expect(calls.production).toHaveLength(3);
      expect(result.archive.filter((t) => t.operator === 'production')).toHaveLength(1);
      expect(result.iterations).toBe(4);
      const evolving = result.archive.filter((t) => ['revision', 'recombination', 'refinement'].includes(t.operator));
      expect(evolving.length).toBeGreaterThan(0);
      const ids = new Set(result.production.map((t) => t.trajectoryId));
      const again = await d.loadProductionTrajectories({ limit: 5 });
      expect(new Set(again.trajectories.map((t) => t.trajectoryId))).toEqual(ids);
    });

    it('defect: production scores were overwritten — the seed keeps its production score', async () => {
      await writeExamples(store, [makeExample({ code: SUM_EVENS_PROD, result: { code: SUM_EVENS_PROD, passed: 9, total: 10 } })]);
      const result = await darwin({ ...sumCatalog, adapt: () => 'function sumEvens(xs) { return 0; }' }, { maxIterations: 1 }).evolve(sumEvensProblem);
      expect(result.production[0]!.score).toBe(0.9);
      const child = result.archive.find((t) => t.operator === 'production')!;
      expect(child.score).toBe(0.25);
      expect(child.trajectoryId).not.toBe(result.production[0]!.trajectoryId);
      const seeds = (await store.get(namespaces.evolution(TENANT, AGENT, result.runId), PRODUCTION_KEY))!.value as unknown as {
        trajectories: Trajectory[];
      };
      expect(seeds.trajectories[0]!.score).toBe(0.9);
    });

    it('defect: code was truncated when persisted — 200 KB of code round-trips whole', async () => {
      const filler = `/* ${'x'.repeat(200_000)} */`;
      const big = `${filler}\nfunction abs(x) { return x < 0 ? -x : x; }`;
      const result = await darwin({ baseline: [big] }, { maxIterations: 1 }).evolve(absProblem);
      const stored = await store.get(namespaces.evolution(TENANT, AGENT, result.runId), `trajectory:${result.best!.trajectoryId}`);
      expect(parseTrajectory(stored!.value).code).toBe(big);
      const resumed = await darwin({ baseline: [big] }, { maxIterations: 1 }).evolve(absProblem, { runId: result.runId, resume: true });
      expect(resumed.best!.code).toHaveLength(big.length);
    });

    it('persists the archive every generation, prunes to a bound and keeps lineage in the store', async () => {
      const d = darwin(absCatalog, { archiveLimit: 3, maxIterations: 4, successThreshold: 1 });
      const events: number[] = [];
      const ns = (id: string) => namespaces.evolution(TENANT, AGENT, id);
      const result = await d.evolve(absProblem, {
        runId: 'pruned',
        onEvent: (e) => {
          if (e.type === 'generation_finished') events.push(e.generation);
        },
      });
      expect(result.archive.length).toBeLessThanOrEqual(3);
      expect(result.pool.pruned).toBe(result.evaluations - result.archive.length);
      const cp = (await store.get(ns('pruned'), CHECKPOINT_KEY))!.value as unknown as StoredCheckpoint;
      expect(cp.generation).toBe(result.iterations);
      expect(cp.status).toBe('completed');
      expect(cp.archive.ids).toEqual(result.archive.map((t) => t.trajectoryId));
      const page = await store.list(ns('pruned'), { limit: 100 });
      const stored = page.items.filter((i) => i.key.startsWith('trajectory:')).map((i) => i.value as unknown as Trajectory);
      expect(stored).toHaveLength(result.evaluations);
      const ids = new Set(stored.map((t) => t.trajectoryId));
      for (const t of stored) for (const p of t.parentIds) expect(ids.has(p)).toBe(true);
      const run = await store.get(ns('pruned'), 'run');
      expect(run?.value).toMatchObject({ status: 'completed', evaluations: result.evaluations, stoppedBecause: result.stoppedBecause });
    });

    it('insights are persisted per agent and handed to operators on the next run', async () => {
      const calls: Record<string, OperatorContext[]> = {};
      const first = await darwin(absCatalog, { maxIterations: 3 }, calls).evolve(absProblem);
      const stored = await store.get(namespaces.evolution(TENANT, AGENT, '_insights'), `run:${first.runId}`);
      const firstRun = stored!.value as { operators: Record<string, { attempts: number }> };
      expect(firstRun.operators.baseline!.attempts).toBeGreaterThan(0);
      const next: Record<string, OperatorContext[]> = {};
      const second = darwin(absCatalog, { maxIterations: 1 }, next);
      await second.evolve(absProblem);
      expect(next.baseline![0]!.insights.operators.baseline!.attempts).toBe(firstRun.operators.baseline!.attempts);
      const after = await second.loadInsights();
      expect(after.operators.baseline!.attempts).toBeGreaterThan(firstRun.operators.baseline!.attempts);
    });

    it('concurrent runs of one instance both add to the agent insights', async () => {
      const d = darwin(absCatalog, { maxIterations: 2 });
      const [a, b] = await Promise.all([d.evolve(absProblem), d.evolve(absProblem)]);
      const total = (await d.loadInsights()).operators.baseline!.attempts;
      expect(total).toBe(a.insights.operators.baseline!.attempts + b.insights.operators.baseline!.attempts);
    });

    it('runs completing at once in different instances (as in different processes) all add up, each counted once', async () => {
      // Insights an older version kept as one aggregate record still count.
      await store.put(namespaces.evolution(TENANT, AGENT, '_insights'), 'insights', {
        operators: { baseline: { attempts: 5, improvements: 2 } },
        edits: {},
        seeds: {},
      });
      const runs = await Promise.all([1, 2, 3].map((i) => darwin(absCatalog, { maxIterations: 2, seed: i }).evolve(absProblem)));
      const total = await darwin(absCatalog).loadInsights();
      const sum = (pick: (r: (typeof runs)[number]) => number | undefined) => runs.reduce((n, r) => n + (pick(r) ?? 0), 0);
      expect(total.operators.baseline).toEqual({
        attempts: 5 + sum((r) => r.insights.operators.baseline?.attempts),
        improvements: 2 + sum((r) => r.insights.operators.baseline?.improvements),
      });
      // A completed run resumed again (as after a crash between its insights and its checkpoint) adds nothing.
      await darwin(absCatalog, { maxIterations: 2, seed: 1 }).evolve(absProblem, { runId: runs[0]!.runId, resume: true });
      expect(await darwin(absCatalog).loadInsights()).toEqual(total);
    });

    it('resuming a completed run returns its result; a different problem under the same run id is refused', async () => {
      const d = darwin(absCatalog, { maxIterations: 2 });
      const first = await d.evolve(absProblem, { runId: 'done-run' });
      let evaluated = 0;
      const again = await d.evolve(absProblem, { runId: 'done-run', resume: true, onEvent: (e) => { if (e.type === 'candidate_evaluated') evaluated++; } });
      expect(evaluated).toBe(0);
      expect(again.resumed).toBe(true);
      expect(again.archive.map((t) => t.trajectoryId)).toEqual(first.archive.map((t) => t.trajectoryId));
      await expect(d.evolve({ ...absProblem, tests: absProblem.tests.slice(1) }, { runId: 'done-run', resume: true })).rejects.toMatchObject({
        code: 'CHECKPOINT_MISMATCH',
      });
    });

    it('an aborted run resumes where it stopped', async () => {
      const d = darwin(absCatalog, { maxIterations: 5, concurrency: 1 });
      const controller = new AbortController();
      const partial = await d.evolve(absProblem, {
        runId: 'ab',
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'generation_finished' && e.generation === 1) controller.abort();
        },
      });
      expect(partial.stoppedBecause).toBe('aborted');
      expect(partial.iterations).toBe(2);
      // The uninterrupted run starts from the same (empty) agent insights as the interrupted one did.
      const fresh = await darwin(absCatalog, { maxIterations: 5, concurrency: 1 }).evolve(absProblem, { runId: 'ab2' });
      const resumed = await d.evolve(absProblem, { runId: 'ab', resume: true });
      const shape = (r: typeof fresh) => r.archive.map((t) => [t.trajectoryId.replace(/^ab2?-/, ''), t.code, t.score]);
      expect(shape(resumed)).toEqual(shape(fresh));
      expect(resumed.evaluations).toBe(fresh.evaluations);
    });

    it('a result that arrives after the stop is not kept: the resumed run executes that candidate again', async () => {
      // An evaluator whose runs are cut short by the stop, answering with a crash the candidate did not cause (as a
      // process killed by the same Ctrl-C would).
      const controller = new AbortController();
      let calls = 0;
      const cutShort: typeof evaluator = {
        evaluate: async (request) => {
          if (++calls === 6) {
            controller.abort();
            return { status: 'crash', passed: 0, failed: request.tests.length, total: request.tests.length, cases: [], durationMs: 1, logs: [], error: 'interrupted' };
          }
          return evaluator.evaluate(request);
        },
      };
      const make = (e: typeof evaluator) =>
        new SEDarwin({ agentName: AGENT, tenantId: TENANT, store, operators: catalogOperators(absCatalog), evaluator: e, config: config({ concurrency: 1 }) });
      const partial = await make(cutShort).evolve(absProblem, { runId: 'cut', signal: controller.signal });
      expect(partial.stoppedBecause).toBe('aborted');
      const kept = await store.search(namespaces.evolution(TENANT, AGENT, 'cut'), { limit: 1000 });
      expect(kept.length).toBeGreaterThan(1);
      expect(kept.filter((item) => JSON.stringify(item.value).includes('interrupted'))).toEqual([]);
      // The uninterrupted run starts from the same (empty) agent insights as the interrupted one did.
      const fresh = await make(evaluator).evolve(absProblem, { runId: 'cut2' });
      const resumed = await make(evaluator).evolve(absProblem, { runId: 'cut', resume: true });
      const shape = (r: typeof fresh) => r.archive.map((t) => [t.trajectoryId.replace(/^cut2?-/, ''), t.code, t.score]);
      expect(shape(resumed)).toEqual(shape(fresh));
    });

    it('a store that fails mid-run stops the run with STORE_FAILED; a damaged checkpoint is refused on resume', async () => {
      const failing = Object.create(store) as MemoryStore;
      let puts = 0;
      failing.put = (async (...args: Parameters<MemoryStore['put']>) => {
        if (++puts > 1) throw new Error('disk full');
        return store.put(...args);
      }) as MemoryStore['put'];
      const d = new SEDarwin({ agentName: AGENT, tenantId: TENANT, store: failing, operators: catalogOperators(absCatalog), evaluator, config: config({ concurrency: 1 }) });
      await expect(d.evolve(absProblem, { runId: 'broken' })).rejects.toMatchObject({ code: 'STORE_FAILED' });

      const ok = darwin(absCatalog, { maxIterations: 2 });
      await ok.evolve(absProblem, { runId: 'damaged' });
      const ns = namespaces.evolution(TENANT, AGENT, 'damaged');
      const cp = (await store.get(ns, CHECKPOINT_KEY))!.value as unknown as StoredCheckpoint;
      await store.put(ns, CHECKPOINT_KEY, { ...cp, status: 'running' } as never);
      await store.delete(ns, `trajectory:${cp.archive.ids[0]}`);
      await expect(ok.evolve(absProblem, { runId: 'damaged', resume: true })).rejects.toMatchObject({ code: 'CHECKPOINT_MISMATCH' });
    });
  });
});
