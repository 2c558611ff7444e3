import { CodecError, decodeValue } from './codec.js';
import { valuesEqual } from './equal.js';
import type { ResultMessage, WireCase } from './protocol.js';
import type { CaseResult, Compare, RunResult, RunStatus } from './types.js';

/** What the pool knows when a candidate finished, one way or another. */
export interface Ending {
  status: RunStatus;
  error?: string;
  cases: WireCase[];
  logs: string[];
  durationMs: number;
  queuedMs: number;
}

function caseFromWire(wire: WireCase, expected: unknown, compare: Compare, expectedWire: string): CaseResult {
  const durationMs = Math.max(0, wire.durationMs);
  if (wire.kind === 'threw') return { ok: false, error: wire.data, durationMs };
  if (wire.kind === 'uncopyable') return { ok: false, error: wire.data, durationMs };
  // Both sides write the wire format the same way, byte for byte (a property test holds them to it): the very same
  // text is the very same value, and the decoded expectation (a fresh copy of the caller's, owned by this run) is it.
  if (wire.data === expectedWire) return { ok: true, actual: expected, durationMs };
  let actual: unknown;
  try {
    actual = decodeValue(wire.data);
  } catch (error) {
    const text = error instanceof CodecError ? error.message : String(error);
    return { ok: false, error: `result could not be decoded: ${text}`, durationMs };
  }
  return { ok: valuesEqual(actual, expected, compare), actual, durationMs };
}

function stopReason(status: RunStatus, error: string | undefined): string {
  switch (status) {
    case 'timeout':
      return error ?? 'timed out';
    case 'oom':
      return error ?? 'memory limit exceeded';
    case 'syntax_error':
      return 'not run: the candidate did not compile';
    default:
      return error ?? 'the candidate crashed';
  }
}

/**
 * Turns a host's report into the public {@link RunResult}: decodes each returned value into a fresh plain copy,
 * compares it with the expectation, and marks every case that did not run as failed, so `total` is always
 * `expected.length`.
 */
export function buildResult(
  ending: Ending,
  expected: readonly unknown[],
  compare: Compare,
  expectedWires: readonly string[],
): RunResult {
  const cases: CaseResult[] = [];
  const n = Math.min(ending.cases.length, expected.length);
  for (let i = 0; i < n; i++) cases.push(caseFromWire(ending.cases[i] as WireCase, expected[i], compare, expectedWires[i] as string));
  for (let i = n; i < expected.length; i++) {
    const error =
      i === n
        ? stopReason(ending.status, ending.error)
        : `not run: the candidate stopped (${ending.status})`;
    cases.push({ ok: false, error, durationMs: 0 });
  }
  const passed = cases.filter((c) => c.ok).length;
  return {
    status: ending.status,
    passed,
    failed: expected.length - passed,
    total: expected.length,
    cases,
    durationMs: ending.durationMs,
    queuedMs: ending.queuedMs,
    logs: ending.logs,
    ...(ending.error === undefined ? {} : { error: ending.error }),
  };
}

/** The part of a host result message that {@link buildResult} needs. */
export function endingFromMessage(message: ResultMessage, durationMs: number, queuedMs: number): Ending {
  return {
    status: message.status,
    ...(message.error === undefined ? {} : { error: message.error }),
    cases: Array.isArray(message.cases) ? message.cases : [],
    logs: Array.isArray(message.logs) ? message.logs.filter((l) => typeof l === 'string') : [],
    durationMs,
    queuedMs,
  };
}
