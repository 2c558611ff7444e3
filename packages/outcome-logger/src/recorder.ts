import { types } from 'node:util';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ExecutionStep } from '@genesis/schemas';

/** The execution path of one wrapped call, filled by recordStep/recordTool from anywhere below it. */
export interface Recording {
  readonly steps: ExecutionStep[];
  /** Steps not recorded because the path hit `maxSteps`. */
  droppedSteps: number;
  readonly maxSteps: number;
  /** Set when the wrapped call settled: later steps (fire-and-forget work) are ignored. */
  closed: boolean;
}

// One storage per copy of the module is fine: a Recording is only read by the wrap() that created it.
const storage = new AsyncLocalStorage<Recording>();

/** Runs `fn` with `recording` as the active execution path. */
export function runRecording<R>(recording: Recording, fn: () => R): R {
  return storage.run(recording, fn);
}

/** A fresh, empty recording. */
export function newRecording(maxSteps: number): Recording {
  return { steps: [], droppedSteps: 0, maxSteps, closed: false };
}

/**
 * Calls `onSettled` when `value`, a native promise, settles; false (and nothing called) for anything else. Only
 * native promises are observed: calling `then` on another thenable can start its work, and many are lazy (Drizzle,
 * Prisma, Knex and Mongoose queries run when `then` is called), so observing one would run a query a second time
 * when the caller awaits it too. Such a value is logged as returned, when it is returned. Never throws.
 */
function observeSettlement(value: unknown, onSettled: (ok: boolean, outcome: unknown) => void): boolean {
  if (!types.isPromise(value)) return false;
  try {
    // Promise.prototype.then itself, not a `then` the object may carry.
    promiseThen.call(
      value,
      (v: unknown) => onSettled(true, v),
      (e: unknown) => onSettled(false, e),
    );
  } catch {
    return false; // a promise whose `constructor` throws: logged as the value it is
  }
  return true;
}

const promiseThen = Promise.prototype.then;

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 8192);
  try {
    return String(error).slice(0, 8192);
  } catch {
    return 'unknown error';
  }
}

function record<T>(kind: ExecutionStep['kind'], name: string, fn: () => T): T {
  const recording = storage.getStore();
  if (!recording || recording.closed) return fn();
  const stepName = String(name).slice(0, 512) || kind;
  // reserve the slot now so the path is in start order even when steps overlap
  let step: ExecutionStep | undefined;
  if (recording.steps.length < recording.maxSteps) {
    step = { name: stepName, kind, durationMs: 0, ok: true };
    recording.steps.push(step);
  } else {
    recording.droppedSteps++;
  }
  const t0 = performance.now();
  const settle = (ok: boolean, error?: unknown): void => {
    if (!step) return;
    step.durationMs = Math.max(0, performance.now() - t0);
    step.ok = ok;
    if (!ok) step.error = errorText(error);
  };
  let result: T;
  try {
    result = fn();
  } catch (error) {
    settle(false, error);
    throw error;
  }
  if (!observeSettlement(result, (ok, outcome) => (ok ? settle(true) : settle(false, outcome)))) settle(true);
  return result;
}

/**
 * Records `fn` as a step of the current wrapped call's execution path (its name, duration, and whether it threw or
 * rejected) and returns exactly what `fn` returns. Works with sync and async functions, from any depth below a
 * `logger.wrap()`ped call, without passing anything down. Outside a wrapped call it just calls `fn`.
 *
 * @example
 * const plan = await recordStep('plan routes', () => planRoutes(spec))
 */
export function recordStep<T>(name: string, fn: () => T): T {
  return record('step', name, fn);
}

/**
 * Like {@link recordStep}, for a call to a tool: recorded with kind `tool`, and its name added to `toolsUsed`.
 *
 * @example
 * const out = await recordTool('tsc', () => runTypeScript(files))
 */
export function recordTool<T>(name: string, fn: () => T): T {
  return record('tool', name, fn);
}

export { observeSettlement };
