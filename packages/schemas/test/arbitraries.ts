import fc from 'fast-check';
import {
  SCHEMA_VERSION,
  type EvolutionRun,
  type ExecutionStep,
  type ExtractedPlan,
  type ProductionOutcome,
  type Strategy,
  type TrainingExample,
  type Trajectory,
  Operator,
  PlanStatus,
  ReasoningPattern,
  StopReason,
  EvolutionRunStatus,
  TrajectoryStatus,
} from '../src/index.js';

const id = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/);
const name = fc.stringMatching(/^[A-Za-z0-9 _.-]{0,30}[A-Za-z0-9_.-]$/);
const text = fc.string({ maxLength: 60 });
const list = fc.array(text, { maxLength: 4 });
const unit = fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const ms = fc.double({ min: 0, max: 1e7, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const time = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
const iso = time.map((t) => new Date(t).toISOString());
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
// JSON that survives a JSON round trip unchanged (no -0, finite numbers).
// Keys named __proto__ are dropped by the parser (documented), so generated data has none.
const json = fc
  .jsonValue({ maxDepth: 3 })
  .map((v) => JSON.parse(JSON.stringify(v), (k, x) => (k === '__proto__' ? undefined : x)) as ProductionOutcome['result']);
const jsonObject = fc.dictionary(fc.string({ maxLength: 10 }).filter((k) => k !== '__proto__'), json, { maxKeys: 4 });

export const step: fc.Arbitrary<ExecutionStep> = fc.record(
  { name: fc.string({ minLength: 1, maxLength: 30 }), kind: fc.constantFrom('step', 'tool'), durationMs: ms, ok: fc.boolean(), error: text },
  { requiredKeys: ['name', 'kind', 'durationMs', 'ok'] },
);

export const outcome: fc.Arbitrary<ProductionOutcome> = fc
  .record({
    outcomeId: id,
    tenantId: name,
    agentName: name,
    taskType: name,
    taskDescription: text,
    executionPath: fc.array(step, { maxLength: 5 }),
    toolsUsed: list,
    result: json,
    success: fc.boolean(),
    verifiedIfSuccess: fc.boolean(),
    error: fc.option(fc.record({ type: fc.string({ minLength: 1, maxLength: 20 }), message: text }), { nil: undefined }),
    durationMs: ms,
    start: time,
    span: fc.integer({ min: 0, max: 1e7 }),
    trace: fc.option(fc.tuple(hex(32), hex(16)), { nil: undefined }),
    context: jsonObject,
  })
  .map(({ start, span, verifiedIfSuccess, trace, error, ...o }) => ({
    schemaVersion: SCHEMA_VERSION,
    ...o,
    verified: o.success && verifiedIfSuccess,
    ...(error ? { error } : {}),
    startedAt: new Date(start).toISOString(),
    finishedAt: new Date(start + span).toISOString(),
    ...(trace ? { traceId: trace[0], spanId: trace[1] } : {}),
  }));

export const plan: fc.Arbitrary<ExtractedPlan> = fc.record({
  schemaVersion: fc.constant(SCHEMA_VERSION),
  planId: id,
  outcomeIds: fc.array(id, { minLength: 1, maxLength: 3 }),
  tenantId: name,
  agentName: name,
  taskType: name,
  strategy: text,
  reasoningPattern: fc.constantFrom(...ReasoningPattern.options),
  toolsSequence: list,
  keyDecisions: list,
  successFactors: list,
  failureFactors: list,
  confidence: unit,
  extractor: fc.oneof(fc.nat(9).map((n) => `rules@${n}`), fc.stringMatching(/^llm:[a-z0-9-]{1,20}$/)),
  status: fc.constantFrom(...PlanStatus.options),
  createdAt: iso,
});

export const trainingExample: fc.Arbitrary<TrainingExample> = fc
  .tuple(outcome, plan, id, iso)
  .map(([o, p, exampleId, createdAt]) => ({
    schemaVersion: SCHEMA_VERSION,
    exampleId,
    tenantId: o.tenantId,
    agentName: o.agentName,
    taskType: o.taskType,
    outcome: o,
    plan: { ...p, tenantId: o.tenantId, outcomeIds: [o.outcomeId, ...p.outcomeIds] },
    createdAt,
  }));

export const trajectory: fc.Arbitrary<Trajectory> = fc
  .record({
    trajectoryId: id,
    runId: id,
    problemId: id,
    generation: fc.nat(1000),
    agentName: name,
    parentIds: fc.array(id, { maxLength: 3 }),
    operator: fc.constantFrom(...Operator.options),
    code: fc.string({ maxLength: 300 }),
    strategy: text,
    problemDiagnosis: text,
    reasoningPattern: text,
    keyInsights: list,
    failureReasons: list,
    toolsUsed: list,
    status: fc.constantFrom(...TrajectoryStatus.options),
    score: unit,
    tests: fc.option(fc.tuple(fc.nat(50), fc.nat(50)), { nil: undefined }),
    metrics: fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__'), fc.integer()),
    executionTimeMs: ms,
    costUsd: fc.double({ min: 0, max: 100, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
    production: fc.option(fc.tuple(id, id, unit), { nil: undefined }),
    createdAt: iso,
  })
  .map(({ tests, production, ...t }) => ({
    schemaVersion: SCHEMA_VERSION,
    ...t,
    ...(tests
      ? {
          testResults: {
            passed: tests[0],
            failed: tests[1],
            total: tests[0] + tests[1],
            failures: tests[1] > 0 ? [{ name: 'case 0', message: 'expected 1, got 2', expected: 1, actual: 2 }] : [],
          },
        }
      : {}),
    metadata: (production
      ? { source: 'production', outcomeId: production[0], planId: production[1], confidence: production[2] }
      : { source: 'evolution' }) satisfies Trajectory['metadata'] as Trajectory['metadata'],
  }));

export const strategy: fc.Arbitrary<Strategy> = fc.record(
  {
    schemaVersion: fc.constant(SCHEMA_VERSION),
    strategyId: id,
    tenantId: name,
    agentName: name,
    taskType: name,
    problemId: id,
    version: fc.integer({ min: 1, max: 1000 }),
    code: fc.string({ maxLength: 200 }),
    plan: fc.record({ strategy: text, reasoningPattern: fc.constantFrom(...ReasoningPattern.options), keyInsights: list }),
    score: unit,
    heldOutScore: unit,
    provenance: fc.record(
      { trajectoryIds: fc.array(id, { maxLength: 3 }), outcomeIds: fc.array(id, { maxLength: 3 }), runId: id },
      { requiredKeys: ['trajectoryIds', 'outcomeIds'] },
    ),
    status: fc.constantFrom('active', 'retired'),
    createdAt: iso,
  },
  { requiredKeys: ['schemaVersion', 'strategyId', 'tenantId', 'agentName', 'taskType', 'version', 'code', 'plan', 'score', 'provenance', 'status', 'createdAt'] },
);

const opStats = fc.record({ generated: fc.nat(100), evaluated: fc.nat(100), improved: fc.nat(100), bestScore: unit });

export const evolutionRun: fc.Arbitrary<EvolutionRun> = fc.record(
  {
    schemaVersion: fc.constant(SCHEMA_VERSION),
    runId: id,
    tenantId: name,
    agentName: name,
    problemId: id,
    seed: fc.integer(),
    status: fc.constantFrom(...EvolutionRunStatus.options),
    generation: fc.nat(100),
    evaluations: fc.nat(10_000),
    bestTrajectoryId: id,
    bestScore: unit,
    stoppedBecause: fc.constantFrom(...StopReason.options),
    perOperator: fc.record({ revision: opStats, refinement: opStats }, { requiredKeys: [] }),
    durationMs: ms,
    costUsd: fc.constant(0),
    config: jsonObject,
    startedAt: iso,
    finishedAt: iso,
  },
  { requiredKeys: ['schemaVersion', 'runId', 'tenantId', 'agentName', 'problemId', 'seed', 'status', 'generation', 'evaluations', 'bestScore', 'perOperator', 'durationMs', 'costUsd', 'config', 'startedAt'] },
);
