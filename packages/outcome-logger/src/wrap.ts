import {
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { JsonValue } from '@genesis/schemas';
import { OutcomeLoggerError, toError } from './errors.js';
import { newRecording, observeSettlement, runRecording, type Recording } from './recorder.js';
import type { Redactor } from './redact.js';
import { toJsonValue } from './to-json.js';
import type { Capture } from './writer.js';
import type { WrapMeta, WrapOptions } from './types.js';

/** What a wrapped function needs from its logger. */
export interface WrapHost {
  tracer: Tracer;
  redactor: Redactor;
  maxSteps: number;
  now: () => number;
  capture(capture: Capture): void;
  report(error: OutcomeLoggerError): void;
}

const DEFAULT_VERIFY_TIMEOUT_MS = 30_000;

function callbackFailed(host: WrapHost, what: string, error: unknown): void {
  host.report(
    new OutcomeLoggerError({ code: 'CALLBACK_FAILED', message: `${what} threw: ${toError(error).message}`, cause: error }),
  );
}

function errorType(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code.length > 0 ? code : error.name || 'Error';
  }
  return '_OTHER';
}

/** False only when the result says `{ success: false }`; a result that cannot be read (a revoked Proxy) claims nothing. */
function claimedSuccess(result: unknown): boolean {
  try {
    if (typeof result === 'object' && result !== null && 'success' in result) {
      return (result as { success?: unknown }).success !== false;
    }
  } catch {
    // unreadable: no claim either way
  }
  return true;
}

/**
 * Builds the function wrap() returns. The caller's path does only: start a span, run `fn` inside an execution-path
 * recording, and on settle end the span and hand a capture (JSON snapshot of the result, the path, timings) to the
 * writer. verify() runs afterwards in a microtask, and the outcome is built, redacted and validated in the background.
 */
export function createWrapped<F extends (...args: any[]) => any>(
  host: WrapHost,
  meta: WrapMeta,
  fn: F,
  options: WrapOptions<F>,
): F {
  const { agentName, taskType } = meta;
  const spanName = `invoke_agent ${agentName}`;
  const attributes: Attributes = Object.freeze({
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': agentName,
    'genesis.task_type': taskType,
  });
  const verifyTimeoutMs = options.verifyTimeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;

  const settle = (
    span: Span,
    recording: Recording,
    args: unknown[],
    startedAt: number,
    t0: number,
    threw: boolean,
    value: unknown,
  ): void => {
    const durationMs = Math.max(0, performance.now() - t0);
    recording.closed = true;
    try {
      let success = !threw;
      if (!threw && options.success) {
        try {
          success = options.success(value as Awaited<ReturnType<F>>) === true;
        } catch (error) {
          callbackFailed(host, 'success()', error);
          success = false;
        }
      } else if (!threw) success = claimedSuccess(value);
      let error: { type: string; message: string } | undefined;
      if (threw) {
        const type = errorType(value);
        const message = value instanceof Error ? value.message : String(value);
        error = { type: type.slice(0, 256), message: message.slice(0, 16_384) };
        span.setAttribute('error.type', error.type);
        span.setStatus({ code: SpanStatusCode.ERROR, message: host.redactor.redactText(error.message) });
      } else if (!success) {
        span.setAttribute('error.type', 'agent_reported_failure');
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      let result: JsonValue = null;
      if (!threw) {
        if (options.result) {
          try {
            result = toJsonValue(options.result(value as Awaited<ReturnType<F>>));
          } catch (e) {
            callbackFailed(host, 'result()', e);
          }
        } else result = toJsonValue(value);
      }
      let description = typeof args[0] === 'string' ? (args[0] as string) : taskType;
      if (options.describe) {
        try {
          description = String(options.describe(...(args as Parameters<F>)));
        } catch (e) {
          callbackFailed(host, 'describe()', e);
        }
      }
      let ctx: Record<string, unknown> = {};
      if (options.context) {
        try {
          ctx = { ...options.context(...(args as Parameters<F>)) };
        } catch (e) {
          callbackFailed(host, 'context()', e);
        }
      }
      if (recording.droppedSteps > 0) ctx.droppedSteps = recording.droppedSteps;
      const sc = span.spanContext();
      const ids = isSpanContextValid(sc) ? { traceId: sc.traceId, spanId: sc.spanId } : {};
      const capture: Capture = {
        input: {
          agentName,
          taskType,
          taskDescription: description.slice(0, 65_536),
          success,
          result,
          executionPath: recording.steps,
          durationMs,
          startedAt,
          finishedAt: startedAt + durationMs,
          context: ctx,
          ...ids,
          ...(error ? { error } : {}),
        },
      };
      if (options.verify && success) capture.verification = runVerify(options.verify, value, verifyTimeoutMs);
      host.capture(capture);
    } catch (e) {
      // Never in the caller's way: a bug here is reported, not thrown.
      callbackFailed(host, 'recording the outcome', e);
    }
  };

  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const startedAt = host.now();
    const t0 = performance.now();
    const span = host.tracer.startSpan(spanName, { kind: SpanKind.INTERNAL, attributes });
    const recording = newRecording(host.maxSteps);
    const ctx = trace.setSpan(context.active(), span);
    let value: unknown;
    try {
      value = context.with(ctx, () => runRecording(recording, () => fn.apply(this, args)));
    } catch (error) {
      settle(span, recording, args, startedAt, t0, true, error);
      throw error;
    }
    // A thenable is observed until it settles; anything else (a Proxy whose `then` getter throws included) is a
    // value, returned to the caller untouched.
    const observed = observeSettlement(value, (ok, outcome) => settle(span, recording, args, startedAt, t0, !ok, outcome));
    if (!observed) settle(span, recording, args, startedAt, t0, false, value);
    return value;
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  return wrapped as F;
}

function runVerify<R>(
  verify: (result: R) => boolean | Promise<boolean>,
  value: unknown,
  timeoutMs: number,
): Promise<boolean | Error> {
  return new Promise<boolean | Error>((resolve) => {
    const timer = setTimeout(() => resolve(new Error(`verify() did not settle within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    // A microtask later, so a synchronous verify() never runs on the caller's path.
    queueMicrotask(() => {
      Promise.resolve()
        .then(() => verify(value as R))
        .then(
          (v) => resolve(v === true),
          (e: unknown) => resolve(toError(e)),
        )
        .finally(() => clearTimeout(timer));
    });
  });
}
