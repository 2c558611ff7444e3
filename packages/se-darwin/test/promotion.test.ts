import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryStore } from '@genesis/memory-store';
import { namespaces, parseTrainingExample, type Trajectory } from '@genesis/schemas';
import { createSandboxEvaluator } from '../src/evaluator.js';
import { SEDarwin } from '../src/se-darwin.js';
import { getActiveStrategy, listStrategyHistory } from '../src/promotion/strategies.js';
import {
  absCatalog,
  absProblem,
  AGENT,
  catalogOperators,
  makeExample,
  renameEntry,
  sumEvensProblem,
  TENANT,
  tempStore,
  writeExamples,
  BACKENDS,
} from './helpers.js';

const evaluator = createSandboxEvaluator({ poolSize: 2, timeoutMs: 1000 });
afterAll(() => evaluator.close!());

let store: MemoryStore;
let cleanup: () => Promise<void>;

let clockMs = Date.UTC(2026, 10, 26);
const darwin = () =>
  new SEDarwin({
    agentName: AGENT,
    tenantId: TENANT,
    store,
    operators: catalogOperators({ ...absCatalog, adapt: renameEntry }),
    evaluator,
    clock: () => (clockMs += 1000),
    config: { maxIterations: 4, trajectoriesPerIteration: 4, successThreshold: 1, productionLimit: 5, seed: 9, concurrency: 2, budget: {}, minHeldOutScore: 0.5 },
  });

const traj = (code: string, over: Partial<Trajectory> = {}): Trajectory =>
  ({
    schemaVersion: 1,
    trajectoryId: `t-${code.length}`,
    runId: 'r1',
    problemId: absProblem.problemId,
    generation: 1,
    agentName: AGENT,
    parentIds: ['p-1'],
    operator: 'revision',
    code,
    strategy: 'branch on the sign',
    problemDiagnosis: '',
    reasoningPattern: 'trial_and_error',
    keyInsights: ['negatives flip'],
    failureReasons: [],
    toolsUsed: ['sandbox'],
    status: 'success',
    score: 1,
    metrics: {},
    executionTimeMs: 1,
    costUsd: 0,
    metadata: { source: 'evolution' },
    createdAt: '2026-11-26T00:00:00.000Z',
    ...over,
  }) as Trajectory;

const lookup = () => ({ store, tenantId: TENANT, agentName: AGENT, taskType: absProblem.taskType, problemId: absProblem.problemId });

describe.each(BACKENDS)('on %s', (backend) => {
  beforeEach(async () => ({ store, cleanup } = await tempStore(backend)));
  afterEach(() => cleanup());

  describe('promotions from several processes', () => {
    it('promotions of different problems at the same moment, from separate instances, are all active', async () => {
      const problems = ['abs-a', 'abs-b', 'abs-c', 'abs-d'].map((problemId) => ({ ...absProblem, problemId }));
      const good = (i: number) => traj(`function abs(x) { return x < 0 ? -x : x + ${i} - ${i}; }`, { problemId: problems[i]!.problemId });
      const verdicts = await Promise.all(problems.map((problem, i) => darwin().promote(good(i), { problem })));
      expect(verdicts.map((v) => v.promoted)).toEqual([true, true, true, true]);
      for (const [i, problem] of problems.entries()) {
        expect((await getActiveStrategy({ ...lookup(), problemId: problem.problemId }))?.code, problem.problemId).toBe(good(i).code);
      }
      // Without a problem id: the scope promoted last.
      expect((await getActiveStrategy({ ...lookup(), problemId: undefined }))?.problemId).toBeDefined();
    });

    it('promotions of the same problem at the same moment, from separate instances, never overwrite a version', async () => {
      // Equally good code racing: whichever commits first is v1; the others' gate ran against "nothing active", which
      // no longer holds, so they run it again against v1 and do not beat it. On the old layout all four wrote v1.
      const half = (i: number) => traj(`function abs(x) { return x + ${i} - ${i}; }`, { trajectoryId: `h${i}` }); // half the held-out tests
      const first = await Promise.all([0, 1, 2, 3].map((i) => darwin().promote(half(i), { problem: absProblem })));
      expect(first.filter((v) => v.promoted).map((v) => v.strategy?.version)).toEqual([1]);
      for (const v of first.filter((x) => !x.promoted)) expect(v.reason).toMatch(/does not beat the active version 1/);
      // Better code racing: both beat v1; one becomes v2, the other is gated again against v2 and does not beat it.
      const better = [traj('function abs(x) { return x < 0 ? -x : x; }', { trajectoryId: 'b1' }), traj('function abs(x) { return Math.abs(x); }', { trajectoryId: 'b2' })];
      const second = await Promise.all(better.map((t) => darwin().promote(t, { problem: absProblem })));
      expect(second.filter((v) => v.promoted).map((v) => v.strategy?.version)).toEqual([2]);
      expect(second.find((v) => !v.promoted)?.reason).toMatch(/does not beat the active version 2/);
      const history = await listStrategyHistory(lookup());
      expect(history.map((h) => [h.version, h.status])).toEqual([[1, 'retired'], [2, 'active']]);
      expect(history[0]?.code).toBe(first.find((v) => v.promoted)?.strategy?.code);
      expect(history[1]?.code).toBe(second.find((v) => v.promoted)?.strategy?.code);
    });

    it('reads the single heads record earlier versions wrote', async () => {
      const ns = namespaces.strategies(TENANT, AGENT);
      const v1 = traj('function abs(x) { return x; }'); // half of the held-out tests: promotable, and beatable
      expect((await darwin().promote(v1, { problem: absProblem })).promoted).toBe(true);
      // Turn the store into what an earlier version left: the same version record, and one aggregate heads record
      // instead of the per-scope head and the task type's pointer.
      const items = (await store.list(ns, { limit: 100 })).items;
      const head = items.find((i) => i.key.startsWith('head:'))!;
      for (const i of items) if (i.key.startsWith('head:') || i.key.startsWith('latest:')) await store.delete(ns, i.key);
      await store.put(ns, 'heads', { scopes: { [JSON.stringify([absProblem.taskType, absProblem.problemId])]: head.value } });
      expect((await getActiveStrategy(lookup()))?.code).toBe(v1.code);
      expect((await getActiveStrategy({ ...lookup(), problemId: undefined }))?.code).toBe(v1.code);
      // The next promotion continues the numbering and takes over.
      const next = await darwin().promote(traj('function abs(x) { return x < 0 ? -x : x; }'), { problem: absProblem });
      expect(next.strategy?.version).toBe(2);
      expect((await listStrategyHistory(lookup())).map((h) => [h.version, h.status])).toEqual([
        [1, 'retired'],
        [2, 'active'],
      ]);
    });
  });

  describe('promotion, history, rollback', () => {
    it('promotes only through the held-out gate and only when it beats the active version', async () => {
      const d = darwin();
      // Overfits the visible tests: fails the held-out ones.
      const overfit = traj('function abs(x) { return [5,3,7,8,0][[5,-3,7,-8,0].indexOf(x)]; }');
      const rejected = await d.promote(overfit, { problem: absProblem });
      expect(rejected).toMatchObject({ promoted: false, heldOutScore: 0 });
      expect(await getActiveStrategy(lookup())).toBeNull();

      const half = traj('function abs(x) { return x; }');
      const v1 = await d.promote(half, { problem: absProblem });
      expect(v1).toMatchObject({ promoted: true, heldOutScore: 0.5 });
      expect(v1.strategy).toMatchObject({ version: 1, status: 'active', heldOutScore: 0.5, code: half.code });
      expect(v1.strategy!.provenance).toMatchObject({ trajectoryIds: [half.trajectoryId, 'p-1'], runId: 'r1' });

      const same = await d.promote(traj('function abs(x) { return x + 0; }'), { problem: absProblem });
      expect(same).toMatchObject({ promoted: false, heldOutScore: 0.5, activeHeldOutScore: 0.5 });

      const good = traj('function abs(x) { return x < 0 ? -x : x; }');
      const v2 = await d.promote(good, { problem: absProblem });
      expect(v2).toMatchObject({ promoted: true, heldOutScore: 1, activeHeldOutScore: 0.5 });
      expect(v2.strategy!.version).toBe(2);
      expect((await getActiveStrategy(lookup()))?.code).toBe(good.code);
      // A task-type lookup (what an agent without a problem id asks) finds it too.
      expect((await getActiveStrategy({ ...lookup(), problemId: undefined }))?.version).toBe(2);
      expect(await getActiveStrategy({ ...lookup(), taskType: 'other' })).toBeNull();

      const history = await listStrategyHistory(lookup());
      expect(history.map((s) => [s.version, s.status])).toEqual([
        [1, 'retired'],
        [2, 'active'],
      ]);
    });

    it('rollback restores the previous version; history is append-only', async () => {
      const d = darwin();
      const codes = ['function abs(x) { return x; }', 'function abs(x) { return x < 0 ? -x : x; }'];
      await d.promote(traj(codes[0]!), { problem: absProblem });
      await d.promote(traj(codes[1]!), { problem: absProblem });
      const before = await listStrategyHistory(lookup());
      const restored = await d.rollback({ taskType: absProblem.taskType, problemId: absProblem.problemId });
      expect(restored).toMatchObject({ version: 1, status: 'active', code: codes[0] });
      expect((await getActiveStrategy(lookup()))?.version).toBe(1);
      const after = await listStrategyHistory(lookup());
      expect(after.map((s) => [s.version, s.code, s.createdAt])).toEqual(before.map((s) => [s.version, s.code, s.createdAt]));
      expect(after.map((s) => s.status)).toEqual(['active', 'retired']);
      expect(await d.rollback({ taskType: absProblem.taskType, problemId: absProblem.problemId })).toBeNull();
      expect(await d.rollback({ taskType: 'never-promoted' })).toBeNull();
      // Audit trail: one event per promotion and rollback.
      const events = (await store.list(namespaces.strategies(TENANT, AGENT), { limit: 50 })).items.filter((i) => i.key.startsWith('event:'));
      expect(events.map((e) => (e.value as { type: string }).type).sort()).toEqual(['promote', 'promote', 'rollback']);
      // A promotion after a rollback appends version 3.
      const v3 = await d.promote(traj('function abs(x) { return Math.abs(x); }'), { problem: absProblem });
      expect(v3.strategy?.version).toBe(3);
      expect((await listStrategyHistory(lookup())).map((s) => s.status)).toEqual(['retired', 'retired', 'active']);
    });

    it('validates the seeds\' plans by their recorded location, or by a search when only outcome ids are known', async () => {
      await writeExamples(store, [makeExample({ id: 'by-key' }), makeExample({ id: 'by-search' })]);
      const d = darwin();
      const good = 'function abs(x) { return x < 0 ? -x : x; }';
      await d.promote(traj(good, { metadata: { source: 'evolution', lineageOutcomeIds: ['out-by-key'], lineageExamples: [{ agentName: AGENT, key: 'by-key' }] } }), { problem: absProblem });
      await d.rollback({ taskType: absProblem.taskType, problemId: absProblem.problemId });
      await d.promote(traj(`${good} `, { metadata: { source: 'evolution', lineageOutcomeIds: ['out-by-search'] } }), { problem: { ...absProblem, problemId: 'abs-2' } });
      for (const key of ['by-key', 'by-search']) {
        const record = await store.get(namespaces.training(TENANT, AGENT), key);
        expect(parseTrainingExample(record!.value).plan.status).toBe('validated');
      }
    });

    it('refuses to promote without held-out tests or code', async () => {
      const d = darwin();
      const { heldOutTests: _none, ...open } = absProblem;
      expect(await d.promote(traj('function abs(x) { return x; }'), { problem: open })).toMatchObject({ promoted: false });
      expect(await d.promote(traj(''), { problem: absProblem })).toMatchObject({ promoted: false, reason: 'the trajectory has no code' });
    });

    it('the full cycle: outcome → plan → trajectory → evolution → promotion → the plan is validated', async () => {
      const prodCode = 'function addEvens(list) { let s = 0; for (const v of list) if (v % 2 === 0) s += v; return s; }';
      await writeExamples(store, [makeExample({ id: 'cycle', code: prodCode, confidence: 0.8 })]);
      const d = darwin();
      const loaded = await d.loadProductionTrajectories();
      expect(loaded.trajectories[0]!.metadata).toMatchObject({ source: 'production', confidence: 0.8 });
      const result = await d.evolve(sumEvensProblem);
      expect(result.best?.score).toBe(1);
      expect(result.best?.operator).toBe('production');
      const promoted = await d.promote(result.best!, { problem: sumEvensProblem });
      expect(promoted.promoted).toBe(true);
      expect(promoted.strategy!.provenance.outcomeIds).toEqual(['out-cycle']);
      const record = await store.get(namespaces.training(TENANT, AGENT), 'cycle');
      expect(parseTrainingExample(record!.value).plan.status).toBe('validated');
      const strategy = await getActiveStrategy({ store, tenantId: TENANT, agentName: AGENT, taskType: 'sum-evens' });
      expect(strategy?.code).toBe(result.best!.code);
    });
  });
});
