import { SCHEMA_VERSION, type JsonValue, type TestFailure, type Trajectory, type TrajectoryStatus } from '@genesis/schemas';
import type { TestCase } from '@genesis/sandbox';
import type { EvaluationResult } from '../evaluator.js';
import type { Candidate } from '../operators/types.js';

const MAX_JSON = 4096;

function small(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  try {
    const text = JSON.stringify(value);
    if (text === undefined || text.length > MAX_JSON) return undefined;
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

function statusOf(result: EvaluationResult): TrajectoryStatus {
  if (result.status === 'syntax_error') return 'invalid';
  if (result.total > 0 && result.passed === result.total && result.status === 'ok') return 'success';
  if (result.passed > 0) return 'partial_success';
  return 'failure';
}

/** Everything needed to turn an evaluated candidate into a Trajectory. */
export interface EvaluatedInput {
  trajectoryId: string;
  runId: string;
  problemId: string;
  generation: number;
  agentName: string;
  candidate: Candidate;
  result: EvaluationResult;
  tests: TestCase[];
  operatorsName: string;
  createdAt: string;
}

/**
 * The trajectory of an executed candidate: score = passed / total from the sandbox run, every failing test with
 * its expectation and what came back, the run's own duration, and the code whole.
 */
export function evaluatedTrajectory(input: EvaluatedInput): Trajectory {
  const { candidate, result, tests } = input;
  const failures: TestFailure[] = [];
  const failing: number[] = [];
  result.cases.forEach((c, i) => {
    if (c.ok) return;
    failing.push(i);
    const test = tests[i];
    const failure: TestFailure = {
      name: (test?.name ?? `test #${i}`).slice(0, 512),
      message: (c.error ?? 'returned a different value').slice(0, 16_384),
    };
    const expected = small(test?.expected);
    const actual = small(c.actual);
    if (expected !== undefined) failure.expected = expected;
    if (actual !== undefined) failure.actual = actual;
    failures.push(failure);
  });
  // Cases the sandbox never reached still count as failing.
  for (let i = result.cases.length; i < result.total; i++) {
    failing.push(i);
    failures.push({ name: (tests[i]?.name ?? `test #${i}`).slice(0, 512), message: result.error ?? 'did not run' });
  }
  const failureReasons: string[] = [];
  if (result.status !== 'ok') failureReasons.push(`${result.status}: ${(result.error ?? '').slice(0, 2048)}`);
  for (const f of failures.slice(0, 20)) failureReasons.push(`${f.name}: ${f.message.slice(0, 1024)}`);
  const metadata: Trajectory['metadata'] = {
    ...(candidate.metadata ?? {}),
    source: 'evolution',
    failingTests: failing,
    runStatus: result.status,
    operators: input.operatorsName,
  };
  if (candidate.edits?.length) metadata.edits = candidate.edits;
  if (candidate.seedIds?.length) metadata.seedIds = candidate.seedIds;
  const score = result.total > 0 ? result.passed / result.total : 0;
  return {
    schemaVersion: SCHEMA_VERSION,
    trajectoryId: input.trajectoryId,
    runId: input.runId,
    problemId: input.problemId,
    generation: input.generation,
    agentName: input.agentName,
    parentIds: candidate.parentIds,
    operator: candidate.operator,
    code: candidate.code,
    strategy: candidate.strategy.slice(0, 65_536),
    problemDiagnosis: (candidate.problemDiagnosis ?? '').slice(0, 65_536),
    reasoningPattern: (candidate.reasoningPattern ?? 'unknown').slice(0, 256),
    keyInsights: (candidate.keyInsights ?? []).slice(0, 1000),
    failureReasons,
    toolsUsed: ['sandbox'],
    status: statusOf(result),
    score,
    testResults: { passed: result.passed, failed: result.total - result.passed, total: result.total, failures },
    metrics: { evaluationMs: result.durationMs, logs: result.logs.length },
    executionTimeMs: result.durationMs,
    costUsd: candidate.costUsd ?? 0,
    metadata,
    createdAt: input.createdAt,
  };
}
