import {
  SCHEMA_VERSION,
  SchemaError,
  type ExtractedPlan,
  type ProductionOutcome,
  type Strategy,
  type TrainingExample,
  type Trajectory,
  type EvolutionRun,
} from '../src/index.js';

export const outcome = (over: Partial<ProductionOutcome> = {}): ProductionOutcome => ({
  schemaVersion: SCHEMA_VERSION,
  outcomeId: 'out-1',
  tenantId: 'acme',
  agentName: 'builder',
  taskType: 'implement_function',
  taskDescription: 'Sum the even numbers of a list',
  executionPath: [
    { name: 'retrieve_skill', kind: 'tool', durationMs: 3.5, ok: true },
    { name: 'adapt', kind: 'step', durationMs: 1, ok: true },
  ],
  toolsUsed: ['retrieve_skill'],
  result: { code: 'function sumEvens(xs) { return xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0); }' },
  success: true,
  verified: true,
  durationMs: 4.5,
  startedAt: '2026-11-26T03:00:00.000Z',
  finishedAt: '2026-11-26T03:00:00.005Z',
  context: { attempt: 1 },
  ...over,
});

export const plan = (over: Partial<ExtractedPlan> = {}): ExtractedPlan => ({
  schemaVersion: SCHEMA_VERSION,
  planId: 'plan-1',
  outcomeIds: ['out-1'],
  tenantId: 'acme',
  agentName: 'builder',
  taskType: 'implement_function',
  strategy: 'retrieve_skill -> adapt',
  reasoningPattern: 'tool_chain',
  toolsSequence: ['retrieve_skill'],
  keyDecisions: ['reuse the closest skill'],
  successFactors: ['verified by QA'],
  failureFactors: [],
  confidence: 0.72,
  extractor: 'rules@1',
  status: 'candidate',
  createdAt: '2026-11-26T03:00:01.000Z',
  ...over,
});

export const trainingExample = (over: Partial<TrainingExample> = {}): TrainingExample => ({
  schemaVersion: SCHEMA_VERSION,
  exampleId: 'ex-1',
  tenantId: 'acme',
  agentName: 'builder',
  taskType: 'implement_function',
  outcome: outcome(),
  plan: plan(),
  createdAt: '2026-11-26T03:00:01.000Z',
  ...over,
});

export const trajectory = (over: Partial<Trajectory> = {}): Trajectory => ({
  schemaVersion: SCHEMA_VERSION,
  trajectoryId: 'traj-1',
  runId: 'run-1',
  problemId: 'sum-odds',
  generation: 2,
  agentName: 'builder',
  parentIds: ['traj-0'],
  operator: 'revision',
  code: 'function sumOdds(xs) { return xs.filter((x) => x % 2 !== 0).reduce((a, b) => a + b, 0); }',
  strategy: 'negate the parity test',
  problemDiagnosis: '2 of 5 tests failed: evens were summed',
  reasoningPattern: 'iterative_refinement',
  keyInsights: ['comparison mutation fixed the parity test'],
  failureReasons: [],
  toolsUsed: [],
  status: 'success',
  score: 1,
  testResults: { passed: 5, failed: 0, total: 5, failures: [] },
  metrics: { evaluations: 7 },
  executionTimeMs: 12.5,
  costUsd: 0,
  metadata: { source: 'evolution' },
  createdAt: '2026-11-26T03:01:00.000Z',
  ...over,
});

export const strategy = (over: Partial<Strategy> = {}): Strategy => ({
  schemaVersion: SCHEMA_VERSION,
  strategyId: 'strat-1',
  tenantId: 'acme',
  agentName: 'builder',
  taskType: 'implement_function',
  problemId: 'sum-odds',
  version: 1,
  code: trajectory().code,
  plan: { strategy: 'negate the parity test', reasoningPattern: 'iterative_refinement', keyInsights: [] },
  score: 1,
  heldOutScore: 1,
  provenance: { trajectoryIds: ['traj-1'], outcomeIds: ['out-1'], runId: 'run-1' },
  status: 'active',
  createdAt: '2026-11-26T03:02:00.000Z',
  ...over,
});

export const evolutionRun = (over: Partial<EvolutionRun> = {}): EvolutionRun => ({
  schemaVersion: SCHEMA_VERSION,
  runId: 'run-1',
  tenantId: 'acme',
  agentName: 'builder',
  problemId: 'sum-odds',
  seed: 42,
  status: 'completed',
  generation: 3,
  evaluations: 21,
  bestTrajectoryId: 'traj-1',
  bestScore: 1,
  stoppedBecause: 'success_threshold',
  perOperator: { revision: { generated: 9, evaluated: 8, improved: 2, bestScore: 1 } },
  durationMs: 950,
  costUsd: 0,
  config: { maxIterations: 10 },
  startedAt: '2026-11-26T03:00:00.000Z',
  finishedAt: '2026-11-26T03:00:01.000Z',
  ...over,
});

/** Runs `fn` and returns the SchemaError it throws; fails the test if it throws nothing or something else. */
export function schemaError(fn: () => unknown): SchemaError {
  try {
    fn();
  } catch (e) {
    if (SchemaError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a SchemaError');
}
