import type * as IVM from 'isolated-vm';
import type { ResultMessage, RunMessage, WireCase } from '../protocol.js';
import { BOOTSTRAP_SOURCE } from './bootstrap.js';

type Ivm = typeof IVM;

/** A context prepared ahead of a job: fresh isolate, bootstrap run, callbacks wired to whatever job is current. */
interface Slot {
  isolate: IVM.Isolate;
  context: IVM.Context;
  run: IVM.Reference<(...args: unknown[]) => Promise<string>>;
  memoryMb: number;
  job: JobState | undefined;
}

interface JobState {
  cases: WireCase[];
  logs: string[];
  logBytes: number;
  logTruncated: boolean;
  maxLogBytes: number;
  caseCount: number;
  mark: number;
}

const TIMED_OUT = 'Script execution timed out.';

function now(): number {
  return performance.now();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs candidates, each in a fresh isolated-vm isolate (never reused), inside the host process. One runner per host;
 * jobs are run one at a time. After each job the next isolate is prepared in the background so that its creation is
 * off the critical path.
 */
export class IsolateRunner {
  private spare: Slot | undefined;

  constructor(private readonly ivm: Ivm) {}

  private createSlot(memoryMb: number): Slot {
    const isolate = new this.ivm.Isolate({ memoryLimit: memoryMb });
    const context = isolate.createContextSync();
    const slot: Slot = { isolate, context, run: undefined as never, memoryMb, job: undefined };
    const global = context.global;
    global.setSync(
      '__genesisLog',
      new this.ivm.Callback((line: unknown) => this.onLog(slot, line)),
    );
    global.setSync(
      '__genesisCase',
      new this.ivm.Callback((index: unknown, kind: unknown, data: unknown) => this.onCase(slot, index, kind, data)),
    );
    slot.run = isolate
      .compileScriptSync(BOOTSTRAP_SOURCE, { filename: 'sandbox:bootstrap' })
      .runSync(context, { reference: true }) as Slot['run'];
    return slot;
  }

  /** Keeps console output up to `maxLogBytes` (UTF-8 bytes, plus one per entry for its line break). */
  private onLog(slot: Slot, line: unknown): boolean {
    const job = slot.job;
    if (job === undefined || typeof line !== 'string') return false;
    const size = Buffer.byteLength(line) + 1;
    const room = job.maxLogBytes - job.logBytes;
    if (size <= room) {
      job.logs.push(line);
      job.logBytes += size;
      return true;
    }
    if (room > 1) {
      job.logs.push(Buffer.from(line).subarray(0, room - 1).toString('utf8').replace(/\uFFFD$/, ''));
    }
    job.logTruncated = true;
    job.logBytes = job.maxLogBytes;
    return false;
  }

  private onCase(slot: Slot, index: unknown, kind: unknown, data: unknown): void {
    const job = slot.job;
    if (job === undefined || typeof data !== 'string') return;
    const t = now();
    if (kind === 'S') {
      job.mark = t;
      return;
    }
    // Cases must arrive in order, once each; anything else is ignored.
    if (index !== job.cases.length || job.cases.length >= job.caseCount) return;
    const caseKind = kind === 'V' ? 'value' : kind === 'T' ? 'threw' : 'uncopyable';
    job.cases.push({ kind: caseKind, data, durationMs: t - job.mark });
    job.mark = t;
  }

  /** Prepares the next isolate now, so the next job starts without waiting for it. */
  prewarm(memoryMb: number): void {
    if (this.spare !== undefined) return;
    try {
      this.spare = this.createSlot(memoryMb);
    } catch {
      this.spare = undefined;
    }
  }

  private takeSlot(memoryMb: number): Slot {
    const spare = this.spare;
    this.spare = undefined;
    if (spare !== undefined && spare.memoryMb === memoryMb && !spare.isolate.isDisposed) return spare;
    if (spare !== undefined && !spare.isolate.isDisposed) spare.isolate.dispose();
    return this.createSlot(memoryMb);
  }

  /** Runs one candidate to completion, timeout or memory exhaustion, and disposes its isolate. */
  async run(job: RunMessage): Promise<ResultMessage> {
    const started = now();
    const deadline = started + job.timeoutMs;
    const state: JobState = {
      cases: [],
      logs: [],
      logBytes: 0,
      logTruncated: false,
      maxLogBytes: job.maxLogBytes,
      caseCount: 0,
      mark: started,
    };
    const finish = (
      status: ResultMessage['status'],
      error?: string,
    ): ResultMessage => ({
      type: 'result',
      id: job.id,
      status,
      ...(error === undefined ? {} : { error }),
      cases: state.cases,
      logs: state.logTruncated
        ? [...state.logs, `[sandbox] console output truncated at ${job.maxLogBytes} bytes`]
        : state.logs,
      durationMs: now() - started,
    });

    let slot: Slot;
    try {
      slot = this.takeSlot(job.memoryMb);
    } catch (error) {
      return finish('crash', `could not create an isolate: ${message(error)}`);
    }
    slot.job = state;
    state.caseCount = countCases(job.args);
    const { isolate } = slot;
    let factory: IVM.Reference<unknown>;
    try {
      const wrapped = `(function (module, exports, require) {\n${job.code}\n;return typeof ${job.entry} === "function" ? ${job.entry} : undefined;\n})`;
      factory = isolate
        .compileScriptSync(wrapped, { filename: 'candidate.js', lineOffset: -1 })
        .runSync(slot.context, { reference: true }) as IVM.Reference<unknown>;
    } catch (error) {
      isolate.dispose();
      return finish('syntax_error', `SyntaxError: ${message(error)}`);
    }

    let disposedByTimer = false;
    const remaining = Math.max(1, deadline - now());
    // Backstop for the isolate's own timeout (which does not cover a promise that never settles).
    const timer = setTimeout(() => {
      disposedByTimer = true;
      if (!isolate.isDisposed) isolate.dispose();
    }, remaining + 20);
    try {
      const outcome = await slot.run.apply(
        undefined,
        [factory.derefInto(), job.entry, job.args, job.maxResultBytes],
        { timeout: Math.ceil(remaining), result: { promise: true, copy: true } },
      );
      if (typeof outcome === 'string' && outcome.startsWith('L')) {
        return finish('crash', `the candidate threw while loading: ${outcome.slice(1)}`);
      }
      if (typeof outcome === 'string' && outcome.startsWith('M')) {
        return finish('syntax_error', `entry function '${job.entry}' ${outcome.slice(1)}`);
      }
      return finish('ok');
    } catch (error) {
      const text = message(error);
      if (/memory limit/i.test(text)) return finish('oom', `memory limit of ${job.memoryMb} MB exceeded`);
      if (text === TIMED_OUT || disposedByTimer) return finish('timeout', `timed out after ${job.timeoutMs} ms`);
      return finish('crash', text);
    } finally {
      clearTimeout(timer);
      slot.job = undefined;
      if (!isolate.isDisposed) isolate.dispose();
    }
  }

  /** Disposes the prepared isolate. */
  dispose(): void {
    if (this.spare !== undefined && !this.spare.isolate.isDisposed) this.spare.isolate.dispose();
    this.spare = undefined;
  }
}

function countCases(argsWire: string): number {
  try {
    const parsed = JSON.parse(argsWire) as { v?: unknown };
    return Array.isArray(parsed.v) ? parsed.v.length : 0;
  } catch {
    return 0;
  }
}
