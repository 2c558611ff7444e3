import {
  SCHEMA_VERSION,

  safeParseRecord,
  ProductionOutcome,
  segmentProblem,
  type JsonValue,
} from '@genesis/schemas';
import { OutcomeLoggerError, formatIssuePath, type OutcomeLoggerIssue } from './errors.js';
import type { Redactor } from './redact.js';
import { storableJson, storableText, toJsonValue } from './to-json.js';

/** What building an outcome needs from the logger. */
export interface BuildEnv {
  tenantId: string;
  redactor: Redactor;
  now: () => number;
  newId: () => string;
}

const INPUT_KEYS = new Set([
  'agentName',
  'taskType',
  'taskDescription',
  'success',
  'verified',
  'result',
  'error',
  'executionPath',
  'toolsUsed',
  'durationMs',
  'startedAt',
  'finishedAt',
  'traceId',
  'spanId',
  'context',
  'outcomeId',
]);

function invalid(issues: OutcomeLoggerIssue[], cause?: unknown): OutcomeLoggerError {
  const first = issues[0];
  const where = first ? ` at ${formatIssuePath(first.path)}: ${first.message}` : '';
  return new OutcomeLoggerError({
    code: 'INVALID_OUTCOME',
    message: `Invalid outcome${where}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
    issues,
    cause,
  });
}

function toIso(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'number') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : d.toISOString();
  }
  return value;
}

function normalizeError(error: unknown): unknown {
  if (error === undefined) return undefined;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const type = typeof code === 'string' && code.length > 0 ? code : error.name || 'Error';
    return { type: type.slice(0, 256), message: String(error.message).slice(0, 16_384) };
  }
  if (typeof error === 'string') return { type: 'Error', message: error.slice(0, 16_384) };
  return error;
}

function normalizeSteps(path: unknown): unknown {
  if (!Array.isArray(path)) return path;
  return path.map((s: unknown) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) return s;
    const step = s as Record<string, unknown>;
    const out: Record<string, unknown> = {
      name: step.name,
      kind: step.kind ?? 'step',
      durationMs: step.durationMs ?? 0,
      ok: step.ok ?? true,
    };
    if (step.error !== undefined) out.error = step.error;
    return out;
  });
}

function toolNames(steps: unknown): unknown {
  if (!Array.isArray(steps)) return [];
  const seen = new Set<string>();
  for (const s of steps) {
    const step = s as { kind?: unknown; name?: unknown } | null;
    if (step && step.kind === 'tool' && typeof step.name === 'string') seen.add(step.name);
  }
  return [...seen];
}

function redactSteps(steps: unknown, redactor: Redactor): unknown {
  if (!Array.isArray(steps)) return steps;
  return steps.map((s: unknown) => {
    if (typeof s !== 'object' || s === null) return s;
    const step = s as Record<string, unknown>;
    const name = typeof step.name === 'string' ? redactor.redactText(step.name) : step.name;
    const error = typeof step.error === 'string' ? redactor.redactText(step.error) : step.error;
    if (name === step.name && error === step.error) return s;
    // Only the fields the step has: an `error: undefined` added here is not JSON, and the store refuses the outcome.
    const out: Record<string, unknown> = { ...step, name };
    if ('error' in step) out.error = error;
    return out;
  });
}

/**
 * Turns logOutcome() input into a canonical, redacted, validated ProductionOutcome, or throws OutcomeLoggerError
 * (`INVALID_OUTCOME`) listing every problem with its path. Pure: nothing is enqueued or written.
 */
export function buildOutcome(
  input: unknown,
  env: BuildEnv,
  active?: { traceId: string; spanId: string },
): ProductionOutcome {
  try {
    return build(input, env, active);
  } catch (error) {
    if (OutcomeLoggerError.isInstance(error)) throw error;
    // Input so odd that normalising it threw (a hostile getter, a Proxy): still a typed error, never a crash.
    const message = error instanceof Error ? error.message : String(error);
    throw invalid([{ path: [], message: `could not be read: ${message}` }], error);
  }
}

function build(input: unknown, env: BuildEnv, active?: { traceId: string; spanId: string }): ProductionOutcome {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid([{ path: [], message: 'must be an object' }]);
  }
  const raw = input as Record<string, unknown>;
  const issues: OutcomeLoggerIssue[] = [];
  for (const key of Object.keys(raw)) {
    if (!INPUT_KEYS.has(key)) issues.push({ path: [key], message: 'is not a field of an outcome' });
  }
  for (const field of ['agentName', 'taskType'] as const) {
    const problem = segmentProblem(raw[field]);
    if (problem) issues.push({ path: [field], message: problem });
  }
  if (raw.context !== undefined && (typeof raw.context !== 'object' || raw.context === null || Array.isArray(raw.context))) {
    issues.push({ path: ['context'], message: 'must be an object' });
  }
  if (typeof raw.outcomeId === 'string' && storableText(raw.outcomeId) !== raw.outcomeId) {
    issues.push({ path: ['outcomeId'], message: 'must not contain U+0000 or unpaired surrogates' });
  }
  if (raw.durationMs !== undefined && (typeof raw.durationMs !== 'number' || !(raw.durationMs >= 0))) {
    issues.push({ path: ['durationMs'], message: 'must be a non-negative number' });
  }
  if (issues.length > 0) throw invalid(issues);

  const { redactor } = env;
  const finishedAt = toIso(raw.finishedAt ?? env.now());
  let durationMs = raw.durationMs as number | undefined;
  let startedAt = toIso(raw.startedAt);
  if (startedAt === undefined) {
    const end = typeof finishedAt === 'string' ? Date.parse(finishedAt) : Number.NaN;
    const start = new Date(end - (durationMs ?? 0));
    if (!Number.isNaN(end) && Number.isNaN(start.getTime())) {
      throw invalid([{ path: ['durationMs'], message: 'is too large: startedAt would be out of range' }]);
    }
    startedAt = Number.isNaN(end) ? finishedAt : start.toISOString();
  } else if (durationMs === undefined && typeof startedAt === 'string' && typeof finishedAt === 'string') {
    const d = Date.parse(finishedAt) - Date.parse(startedAt);
    durationMs = Number.isFinite(d) && d >= 0 ? d : 0;
  }
  const steps = redactSteps(normalizeSteps(raw.executionPath ?? []), redactor);
  const error = normalizeError(raw.error) as { type?: unknown; message?: unknown } | undefined;
  const redactedError =
    error && typeof error === 'object' && typeof error.message === 'string'
      ? { ...error, message: redactor.redactText(error.message) }
      : error;
  const tools = raw.toolsUsed ?? toolNames(steps);
  const candidate: Record<string, unknown> = {
    schemaVersion: SCHEMA_VERSION,
    outcomeId: raw.outcomeId ?? env.newId(),
    tenantId: env.tenantId,
    agentName: raw.agentName,
    taskType: raw.taskType,
    taskDescription:
      typeof raw.taskDescription === 'string'
        ? redactor.redactText(raw.taskDescription)
        : (raw.taskDescription ?? ''),
    executionPath: steps,
    toolsUsed: Array.isArray(tools) ? tools.map((t) => (typeof t === 'string' ? redactor.redactText(t) : t)) : tools,
    result: redactor.redact(toJsonValue(raw.result)),
    success: raw.success,
    verified: raw.verified ?? false,
    durationMs: durationMs ?? 0,
    startedAt,
    finishedAt,
    context: raw.context === undefined ? {} : redactor.redact(toJsonValue(raw.context) as JsonValue),
  };
  if (redactedError !== undefined) candidate.error = redactedError;
  const traceId = raw.traceId ?? active?.traceId;
  const spanId = raw.spanId ?? (raw.traceId === undefined ? active?.spanId : undefined);
  if (traceId !== undefined) candidate.traceId = traceId;
  if (spanId !== undefined) candidate.spanId = spanId;

  // After redaction: strings every backend can store (U+0000 and lone surrogates become U+FFFD). Ids and names are
  // left alone so the schema rejects them instead of silently renaming an agent.
  for (const field of ['taskDescription', 'executionPath', 'toolsUsed', 'result', 'context', 'error'] as const) {
    if (candidate[field] !== undefined) candidate[field] = storableJson(candidate[field] as JsonValue);
  }
  const parsed = safeParseRecord(ProductionOutcome, 'ProductionOutcome', candidate);
  if (!parsed.ok) throw invalid(parsed.error.issues, parsed.error);
  return parsed.value;
}

