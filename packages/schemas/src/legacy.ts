// Upcasting from the original Python system. It wrote snake_case records from two modules that disagreed:
//  - the logger variant (outcome_trajectory_logger.py): outcome_id, business_id, duration_ms, error_message,
//    plans with `strategy` and `tools_sequence`;
//  - the darwin variant (se_darwin_agent.py): task_id, execution_time in seconds, error, plans with
//    `strategy_description` and `tools_required`;
// and trajectories with `_metadata` patched on, `code_changes`, `success_score`, `execution_time` in seconds.
// Both are read here and always turned into the canonical, camelCase form, then validated like any other record.
import { SchemaError } from './errors.js';
import { parseRecord } from './parse.js';
import type { ExecutionStep } from './records/execution-step.js';
import { ExtractedPlan } from './records/extracted-plan.js';
import { ProductionOutcome } from './records/production-outcome.js';
import { Trajectory } from './records/trajectory.js';
import { ReasoningPattern, TrajectoryStatus } from './enums.js';
import { SCHEMA_VERSION } from './version.js';

/** Values a legacy record may lack and the caller can supply. */
export interface UpcastOptions {
  /** Tenant for records that predate `business_id`. Without it such records are rejected. */
  tenantId?: string;
  /** Used where a legacy record has no timestamp at all. Defaults to the Unix epoch, never "now" (reproducible). */
  fallbackTimestamp?: string;
}

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function legacyError(record: string, path: string, message: string): SchemaError {
  return new SchemaError({
    code: 'INVALID_LEGACY_RECORD',
    record,
    issues: [{ path: path ? [path] : [], message }],
  });
}

// FNV-1a 64-bit over a stable JSON rendering: a deterministic id for legacy records that never had one.
function stableId(prefix: string, value: unknown): string {
  const text = stableJson(value);
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `${prefix}-${h.toString(16).padStart(16, '0')}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isDict(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

function pick(d: Dict, ...keys: string[]): unknown {
  for (const k of keys) if (d[k] !== undefined && d[k] !== null) return d[k];
  return undefined;
}

function str(d: Dict, ...keys: string[]): string | undefined {
  const v = pick(d, ...keys);
  return typeof v === 'string' ? v : undefined;
}

function strList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string');
}

/** Python wrote naive ISO strings (UTC) or epoch seconds; both become ISO-8601 with `Z`. */
function timestamp(value: unknown, fallback: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && value.length > 0) {
    const hasOffset = /(Z|[+-]\d\d:?\d\d)$/.test(value);
    const ms = Date.parse(hasOffset ? value : `${value}Z`);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return fallback;
}

function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? 'null');
}

function executionPath(value: unknown, tools: string[]): ExecutionStep[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): ExecutionStep[] => {
    if (typeof entry === 'string') {
      const isTool = entry.startsWith('tool:') || tools.includes(entry);
      const name = entry.startsWith('tool:') ? entry.slice(5) : entry;
      // Python kept only step names: durations were never measured, so they are recorded as 0.
      return name ? [{ name, kind: isTool ? 'tool' : 'step', durationMs: 0, ok: true }] : [];
    }
    if (isDict(entry)) {
      const name = str(entry, 'name', 'step', 'action');
      if (!name) return [];
      const seconds = pick(entry, 'duration');
      const ms = pick(entry, 'duration_ms', 'durationMs');
      const error = str(entry, 'error', 'error_message');
      return [
        {
          name,
          kind: entry.kind === 'tool' || entry.type === 'tool' || tools.includes(name) ? 'tool' : 'step',
          durationMs: typeof ms === 'number' ? ms : typeof seconds === 'number' ? seconds * 1000 : 0,
          ok: entry.ok !== false && entry.success !== false && error === undefined,
          ...(error !== undefined ? { error } : {}),
        },
      ];
    }
    return [];
  });
}

function isCanonical(input: unknown): boolean {
  return isDict(input) && 'schemaVersion' in input;
}

function tenantOf(d: Dict, options: UpcastOptions, record: string): string {
  const tenant = str(d, 'business_id', 'tenant_id', 'tenantId') ?? options.tenantId;
  if (!tenant) throw legacyError(record, 'business_id', 'legacy record has no business_id and no tenantId was given');
  return tenant;
}

/**
 * Reads a ProductionOutcome in any form ever written: canonical (validated as is) or either legacy snake_case
 * variant. Always returns the canonical form; throws `SchemaError` otherwise.
 *
 * Legacy outcomes are never `verified`: the original system recorded only the agent's own claim of success.
 */
export function upcastOutcome(input: unknown, options: UpcastOptions = {}): ProductionOutcome {
  const record = 'ProductionOutcome';
  if (isCanonical(input)) return parseRecord(ProductionOutcome, record, input);
  if (!isDict(input)) throw legacyError(record, '', 'expected an object');
  const d = input;
  const fallback = options.fallbackTimestamp ?? new Date(0).toISOString();
  const tools = strList(pick(d, 'tools_used', 'tools'));
  const durationMs =
    typeof d.duration_ms === 'number'
      ? d.duration_ms
      : typeof d.execution_time === 'number'
        ? d.execution_time * 1000
        : 0;
  const finishedAt = timestamp(pick(d, 'timestamp', 'finished_at', 'created_at'), fallback);
  const startedAt = timestamp(
    pick(d, 'started_at'),
    new Date(Math.max(0, Date.parse(finishedAt) - durationMs)).toISOString(),
  );
  const success = d.success === true;
  const errorMessage = pick(d, 'error_message', 'error');
  const context = pick(d, 'context', 'metadata');
  const candidate = {
    schemaVersion: SCHEMA_VERSION,
    outcomeId: str(d, 'outcome_id', 'task_id', 'id') ?? stableId('legacy-outcome', d),
    tenantId: tenantOf(d, options, record),
    agentName: str(d, 'agent_name', 'agent'),
    taskType: str(d, 'task_type') ?? 'unknown',
    taskDescription: str(d, 'task_description', 'description') ?? '',
    executionPath: executionPath(d.execution_path, tools),
    toolsUsed: tools,
    result: toJson(d.result),
    success,
    verified: false,
    ...(errorMessage !== undefined
      ? {
          error: {
            type: str(d, 'error_type') ?? 'Error',
            message: typeof errorMessage === 'string' ? errorMessage : JSON.stringify(errorMessage),
          },
        }
      : {}),
    durationMs,
    startedAt,
    finishedAt,
    context: isDict(context) ? toJson(context) : {},
  };
  return parseRecord(ProductionOutcome, record, candidate);
}

function reasoningPattern(value: unknown): ReasoningPattern {
  const parsed = ReasoningPattern.safeParse(typeof value === 'string' ? value.toLowerCase().replace(/[\s-]+/g, '_') : value);
  return parsed.success ? parsed.data : 'unknown';
}

/** Python's confidences were sometimes percentages (80) rather than fractions (0.8). */
function unitScore(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
  const v = value > 1 && value <= 100 ? value / 100 : value;
  return Math.min(1, Math.max(0, v));
}

/**
 * Reads an ExtractedPlan in any form ever written: canonical, or the legacy variants with `strategy` /
 * `strategy_description` and `tools_sequence` / `tools_required`. Legacy plans upcast as `candidate`: the original
 * never validated them.
 */
export function upcastPlan(input: unknown, options: UpcastOptions = {}): ExtractedPlan {
  const record = 'ExtractedPlan';
  if (isCanonical(input)) return parseRecord(ExtractedPlan, record, input);
  if (!isDict(input)) throw legacyError(record, '', 'expected an object');
  const d = input;
  const outcomeIds = strList(d.outcome_ids);
  const single = str(d, 'outcome_id', 'task_id');
  if (single && !outcomeIds.includes(single)) outcomeIds.unshift(single);
  if (outcomeIds.length === 0) throw legacyError(record, 'outcome_id', 'legacy plan cites no outcome');
  const candidate = {
    schemaVersion: SCHEMA_VERSION,
    planId: str(d, 'plan_id', 'id') ?? stableId('legacy-plan', d),
    outcomeIds,
    tenantId: tenantOf(d, options, record),
    agentName: str(d, 'agent_name', 'agent'),
    taskType: str(d, 'task_type') ?? 'unknown',
    strategy: str(d, 'strategy', 'strategy_description') ?? '',
    reasoningPattern: reasoningPattern(d.reasoning_pattern),
    toolsSequence: strList(pick(d, 'tools_sequence', 'tools_required')),
    keyDecisions: strList(pick(d, 'key_decisions', 'steps')),
    successFactors: strList(d.success_factors),
    failureFactors: strList(pick(d, 'failure_factors', 'failure_points')),
    confidence: unitScore(d.confidence),
    extractor: 'rules@0',
    status: 'candidate',
    createdAt: timestamp(pick(d, 'timestamp', 'created_at'), options.fallbackTimestamp ?? new Date(0).toISOString()),
  };
  return parseRecord(ExtractedPlan, record, candidate);
}

const LEGACY_OPERATORS: Record<string, Trajectory['operator']> = {
  production: 'production',
  baseline: 'baseline',
  initial: 'baseline',
  revision: 'revision',
  recombination: 'recombination',
  crossover: 'recombination',
  refinement: 'refinement',
};

function trajectoryStatus(value: unknown): TrajectoryStatus {
  const parsed = TrajectoryStatus.safeParse(typeof value === 'string' ? value.toLowerCase() : value);
  return parsed.success ? parsed.data : 'pending';
}

/**
 * Reads a Trajectory in any form ever written: canonical, or the original's snake_case dataclass with
 * `code_changes`, `success_score`, `execution_time` in seconds and the `_metadata` attribute patched on.
 */
export function upcastTrajectory(input: unknown, options: UpcastOptions & { runId?: string; problemId?: string } = {}): Trajectory {
  const record = 'Trajectory';
  if (isCanonical(input)) return parseRecord(Trajectory, record, input);
  if (!isDict(input)) throw legacyError(record, '', 'expected an object');
  const d = input;
  const meta = isDict(d._metadata) ? d._metadata : isDict(d.metadata) ? d.metadata : {};
  const operatorName = str(d, 'operator_applied', 'operator') ?? (meta.source === 'production' ? 'production' : 'baseline');
  const operator = LEGACY_OPERATORS[operatorName.toLowerCase()];
  if (!operator) throw legacyError(record, 'operator_applied', `unknown operator "${operatorName}"`);
  const seconds = pick(d, 'execution_time', 'execution_time_seconds');
  const tr = isDict(d.test_results) ? d.test_results : undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const passed = tr ? num(tr.passed) : undefined;
  const total = tr ? num(tr.total) : undefined;
  const testResults =
    passed !== undefined && total !== undefined && passed <= total
      ? { passed, failed: total - passed, total, failures: [] }
      : undefined;
  const { source, outcome_id, plan_id, confidence, ...restMeta } = meta;
  const candidate = {
    schemaVersion: SCHEMA_VERSION,
    trajectoryId: str(d, 'trajectory_id', 'id') ?? stableId('legacy-trajectory', d),
    runId: str(d, 'run_id') ?? options.runId ?? 'legacy',
    problemId: str(d, 'problem_id') ?? options.problemId ?? 'legacy',
    generation: num(d.generation) ?? 0,
    agentName: str(d, 'agent_name', 'agent'),
    parentIds: strList(pick(d, 'parent_trajectories', 'parent_ids')),
    operator,
    code: str(d, 'code_changes', 'code') ?? '',
    strategy: str(d, 'proposed_strategy', 'strategy', 'strategy_description') ?? '',
    problemDiagnosis: str(d, 'problem_diagnosis') ?? '',
    reasoningPattern: str(d, 'reasoning_pattern') ?? '',
    keyInsights: strList(d.key_insights),
    failureReasons: strList(d.failure_reasons),
    toolsUsed: strList(d.tools_used),
    status: trajectoryStatus(d.status),
    score: unitScore(pick(d, 'success_score', 'score')),
    ...(testResults ? { testResults } : {}),
    metrics: {},
    executionTimeMs: typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : 0,
    costUsd: typeof d.cost_dollars === 'number' && d.cost_dollars >= 0 ? d.cost_dollars : 0,
    metadata: {
      ...(toJson(restMeta) as object),
      source: source === 'production' || operator === 'production' ? 'production' : 'evolution',
      ...(typeof outcome_id === 'string' ? { outcomeId: outcome_id } : {}),
      ...(typeof plan_id === 'string' ? { planId: plan_id } : {}),
      ...(typeof confidence === 'number' ? { confidence: unitScore(confidence) } : {}),
    },
    createdAt: timestamp(pick(d, 'timestamp', 'created_at'), options.fallbackTimestamp ?? new Date(0).toISOString()),
  };
  return parseRecord(Trajectory, record, candidate);
}
