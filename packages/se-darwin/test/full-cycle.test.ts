// The seed's full cycle with the real outcome-logger: agent run → outcome → extracted plan → production trajectory
// → evolution (every candidate executed) → promotion → the agent's next run uses the strategy.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutcomeLogger } from '@genesis/outcome-logger';
import type { MemoryStore } from '@genesis/memory-store';
import { namespaces, parseTrainingExample } from '@genesis/schemas';
import { createSandboxEvaluator } from '../src/evaluator.js';
import { SEDarwin } from '../src/se-darwin.js';
import { getActiveStrategy } from '../src/promotion/strategies.js';
import { AGENT, catalogOperators, renameEntry, sumEvensProblem, TENANT, tempStore } from './helpers.js';

const evaluator = createSandboxEvaluator({ poolSize: 2, timeoutMs: 1000 });
afterAll(() => evaluator.close!());

let store: MemoryStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(() => cleanup());

const PRODUCTION_CODE = 'function addEvens(list) { let s = 0; for (const v of list) if (v % 2 === 0) s += v; return s; }';

describe('14. the full continuous-improvement cycle (real outcome-logger, sandbox, libSQL file)', () => {
  it('outcome → plan → trajectory → evolution → promotion', async () => {
    const logger = new OutcomeLogger({ store, tenantId: TENANT });
    // A builder run in production: wrote code, QA verified it.
    const build = logger.wrap(
      { agentName: AGENT, taskType: 'sum-evens' },
      async (description: string) => {
        void description;
        return { code: PRODUCTION_CODE, files: 1 };
      },
      { verify: async (r) => r.code.includes('% 2') },
    );
    await build('Sum the even numbers of a list for the invoicing service');
    // A failed run of another task: logged, never a training example.
    await logger.logOutcome({ agentName: AGENT, taskType: 'sum-evens', success: false, error: 'TypeError: xs is undefined' });
    await logger.close();

    const training = await store.list(namespaces.training(TENANT, AGENT));
    expect(training.items).toHaveLength(1);
    const example = parseTrainingExample(training.items[0]!.value);
    expect(example.plan.status).toBe('candidate');
    expect(example.plan.confidence).toBeGreaterThan(0);

    const darwin = new SEDarwin({
      agentName: AGENT,
      tenantId: TENANT,
      store,
      operators: catalogOperators({
        baseline: ['function sumEvens(xs) { return xs.reduce((a, b) => a + b, 0); }'],
        revision: ['function sumEvens(xs) { return 0; }'],
        adapt: renameEntry,
      }),
      evaluator,
      config: { maxIterations: 3, trajectoriesPerIteration: 3, successThreshold: 1, productionLimit: 5, seed: 1, concurrency: 2, budget: {} },
    });
    const { trajectories, skipped } = await darwin.loadProductionTrajectories();
    expect(skipped).toBe(0);
    expect(trajectories).toHaveLength(1);
    expect(trajectories[0]).toMatchObject({
      code: PRODUCTION_CODE,
      operator: 'production',
      metadata: { source: 'production', outcomeId: example.outcome.outcomeId, planId: example.plan.planId, confidence: example.plan.confidence },
    });
    expect(trajectories[0]!.executionTimeMs).toBeGreaterThanOrEqual(0);

    const result = await darwin.evolve(sumEvensProblem);
    expect(result.production.map((t) => t.trajectoryId)).toEqual([trajectories[0]!.trajectoryId]);
    expect(result.best).toMatchObject({ score: 1, operator: 'production' });
    expect(result.stoppedBecause).toBe('success_threshold');
    expect(result.best?.metadata.lineageExamples).toEqual([{ agentName: AGENT, key: training.items[0]!.key }]);

    const promoted = await darwin.promote(result.best!, { problem: sumEvensProblem });
    expect(promoted).toMatchObject({ promoted: true, heldOutScore: 1 });
    expect(promoted.strategy!.provenance.outcomeIds).toEqual([example.outcome.outcomeId]);
    const strategy = await getActiveStrategy({ store, tenantId: TENANT, agentName: AGENT, taskType: 'sum-evens' });
    expect(strategy?.code).toContain('function sumEvens');
    const after = parseTrainingExample((await store.list(namespaces.training(TENANT, AGENT))).items[0]!.value);
    expect(after.plan.status).toBe('validated');
    await darwin.close();
  });
});
