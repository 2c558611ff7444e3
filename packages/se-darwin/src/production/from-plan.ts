import { createHash } from 'node:crypto';
import {
  SCHEMA_VERSION,
  parseTrajectory,
  type ExtractedPlan,
  type JsonValue,
  type ProductionOutcome,
  type TestResults,
  type Trajectory,
} from '@genesis/schemas';

/** Options of {@link createTrajectoryFromProductionPlan}. */
export interface FromPlanOptions {
  /** Run the trajectory belongs to; default `production`. */
  runId?: string;
  /** Problem it is attached to; default the outcome's `context.problemId`, else the task type. */
  problemId?: string;
  /** Store key of the training record it came from (kept in metadata for provenance). */
  exampleKey?: string;
  /**
   * Skip re-validating the result. Only for callers whose plan and outcome were just parsed (the trajectory is then
   * valid by construction); the loader uses it on its hot path.
   */
  trustedInput?: boolean;
}

function isRecord(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The code a production run produced: `result.code` when the result is an object holding a string `code`. */
export function codeFromResult(result: JsonValue): string {
  if (isRecord(result) && typeof result.code === 'string') return result.code;
  return '';
}

function count(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Test counts the run reported itself (QA-like results: `{ passed, total }` or `{ tests: { passed, total } }`). */
function reportedCounts(result: JsonValue): { passed: number; total: number } | undefined {
  const candidates = isRecord(result) ? [result, result.tests, result.testResults] : [];
  for (const c of candidates) {
    if (!isRecord(c)) continue;
    const passed = count(c.passed);
    const total = count(c.total);
    if (passed !== undefined && total !== undefined && total > 0 && passed <= total) return { passed, total };
  }
  return undefined;
}

/** The run's duration: its own `durationMs`, else the sum of its steps, else finishedAt − startedAt. */
function executionTime(outcome: ProductionOutcome): number {
  if (outcome.durationMs > 0) return outcome.durationMs;
  const steps = outcome.executionPath.reduce((sum, s) => sum + s.durationMs, 0);
  if (steps > 0) return steps;
  return Math.max(0, Date.parse(outcome.finishedAt) - Date.parse(outcome.startedAt));
}

/** A stable id for the production trajectory of (plan, outcome): loading it twice never yields two ids. */
export function productionTrajectoryId(plan: ExtractedPlan, outcome: ProductionOutcome): string {
  const raw = `prod-${plan.planId}-${outcome.outcomeId}`;
  if (raw.length <= 200) return raw;
  return `prod-${createHash('sha256').update(`${plan.planId}\u0000${outcome.outcomeId}`).digest('hex')}`;
}

/**
 * Turns a production outcome and the plan extracted from it into a Trajectory: the code the run produced, the
 * plan's strategy and tools, the run's real score (its reported test counts, else 1 for success and 0 for failure)
 * and real execution time, failure reasons for failures, and metadata `{ source: 'production', outcomeId, planId,
 * confidence }` with the plan's evidence-based confidence.
 *
 * @example
 * const t = createTrajectoryFromProductionPlan(example.plan, example.outcome);
 * t.metadata.source // 'production'
 */
export function createTrajectoryFromProductionPlan(
  plan: ExtractedPlan,
  outcome: ProductionOutcome,
  options: FromPlanOptions = {},
): Trajectory {
  const counts = reportedCounts(outcome.result);
  const success = outcome.success;
  const score = counts ? counts.passed / counts.total : success ? 1 : 0;
  const failureReasons: string[] = [];
  if (!success || (counts && counts.passed < counts.total)) {
    failureReasons.push(...plan.failureFactors);
    if (outcome.error) failureReasons.push(`${outcome.error.type}: ${outcome.error.message}`.slice(0, 4096));
    for (const step of outcome.executionPath) {
      if (!step.ok) failureReasons.push(`step ${step.name} failed${step.error ? `: ${step.error}` : ''}`.slice(0, 4096));
    }
    if (failureReasons.length === 0) failureReasons.push('the production run reported failure');
  }
  const total = counts?.total ?? 1;
  const passed = counts?.passed ?? (success ? 1 : 0);
  const testResults: TestResults = {
    passed,
    failed: total - passed,
    total,
    failures:
      passed < total
        ? [{ name: outcome.taskType, message: (failureReasons[0] ?? 'failed').slice(0, 16_384) }]
        : [],
  };
  const stepsCompleted = outcome.executionPath.filter((s) => s.ok).length;
  const contextProblem = outcome.context.problemId;
  const problemId =
    options.problemId ?? (typeof contextProblem === 'string' && contextProblem.length > 0 ? contextProblem : plan.taskType);
  const costUsd = typeof outcome.context.costUsd === 'number' && outcome.context.costUsd >= 0 ? outcome.context.costUsd : 0;
  const metadata: Trajectory['metadata'] = {
    source: 'production',
    outcomeId: outcome.outcomeId,
    planId: plan.planId,
    confidence: plan.confidence,
    agentName: outcome.agentName,
    taskType: outcome.taskType,
    planStatus: plan.status,
    extractor: plan.extractor,
    verified: outcome.verified,
  };
  if (options.exampleKey !== undefined) metadata.exampleKey = options.exampleKey;
  const trajectory: Trajectory = {
    schemaVersion: SCHEMA_VERSION,
    trajectoryId: productionTrajectoryId(plan, outcome),
    runId: options.runId ?? 'production',
    problemId,
    generation: 0,
    agentName: outcome.agentName,
    parentIds: [],
    operator: 'production',
    code: codeFromResult(outcome.result),
    strategy: plan.strategy,
    problemDiagnosis: outcome.taskDescription.slice(0, 65_536),
    reasoningPattern: plan.reasoningPattern,
    keyInsights: [...plan.keyDecisions, ...plan.successFactors].slice(0, 1000),
    failureReasons: failureReasons.slice(0, 1000),
    toolsUsed: plan.toolsSequence.length > 0 ? plan.toolsSequence : outcome.toolsUsed,
    status: score >= 1 && success ? 'success' : score > 0 ? 'partial_success' : 'failure',
    score,
    testResults,
    metrics: {
      success: success ? 1 : 0,
      verified: outcome.verified ? 1 : 0,
      executionTimeMs: executionTime(outcome),
      stepsCompleted,
      stepsTotal: outcome.executionPath.length,
      confidence: plan.confidence,
    },
    executionTimeMs: executionTime(outcome),
    costUsd,
    metadata,
    createdAt: plan.createdAt,
  };
  return options.trustedInput ? trajectory : parseTrajectory(trajectory);
}
