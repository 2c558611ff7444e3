import type * as IVM from 'isolated-vm';
import type { ResultMessage, RunMessage, WireCase } from '../protocol.js';
import { compileCandidate } from '../compile.js';
import { BOOTSTRAP_SOURCE } from './bootstrap.js';

type Ivm = typeof IVM;

/** A context prepared ahead of a job: fresh isolate, bootstrap run, callbacks wired to whatever job is current. */
interface Slot {
  isolate: IVM.Isolate;
  context: IVM.Context;
  control: IVM.Reference<(...args: unknown[]) => string | Promise<string>>;
  memoryMb: number;
  /** True when the isolate is shared by successive candidates (isolation 'context'). */
  shared: boolean;
  job: JobState | undefined;
}

/** How a job wants its isolate: a fresh one, or a fresh context in an isolate reused for a few candidates. */
interface IsolationPlan {
  isolation: 'isolate' | 'context';
  memoryMb: number;
  contextsPerIsolate: number;
}

interface SharedIsolate {
  isolate: IVM.Isolate;
  memoryMb: number;
  uses: number;
}

interface JobState {
  cases: WireCase[];
  logs: string[];
  logBytes: number;
  logTruncated: boolean;
  maxLogBytes: number;
  caseCount: number;
  mark: number;
  resultBytes: number;
}

/** Cap on the results of one candidate taken together (each is also capped by maxResultBytes). */
const MAX_TOTAL_RESULT_BYTES = 64 * 1024 * 1024;

const TIMED_OUT = 'Script execution timed out.';

function now(): number {
  return performance.now();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs candidates inside the host process, one at a time, each in a fresh isolated-vm context: by default in a fresh
 * isolate too (isolation 'isolate'), or, when asked (isolation 'context'), in an isolate reused for up to
 * `contextsPerIsolate` candidates and thrown away after any timeout, memory exhaustion or crash, or once its heap is
 * half full. After each job the next context is prepared in the background so its creation is off the critical path.
 */
export class IsolateRunner {
  private spare: Slot | undefined;
  private bootstrapCache: IVM.ExternalCopy<ArrayBuffer> | undefined;
  private shared: SharedIsolate | undefined;

  constructor(private readonly ivm: Ivm) {}

  private isolateFor(plan: IsolationPlan): { isolate: IVM.Isolate; shared: boolean } {
    if (plan.isolation === 'isolate') {
      return { isolate: new this.ivm.Isolate({ memoryLimit: plan.memoryMb }), shared: false };
    }
    const current = this.shared;
    if (
      current !== undefined &&
      (current.isolate.isDisposed || current.memoryMb !== plan.memoryMb || current.uses >= plan.contextsPerIsolate)
    ) {
      this.dropShared();
    }
    this.shared ??= {
      isolate: new this.ivm.Isolate({ memoryLimit: plan.memoryMb }),
      memoryMb: plan.memoryMb,
      uses: 0,
    };
    this.shared.uses++;
    return { isolate: this.shared.isolate, shared: true };
  }

  private dropShared(): void {
    if (this.shared !== undefined && !this.shared.isolate.isDisposed) this.shared.isolate.dispose();
    this.shared = undefined;
  }

  /** Frees a slot: its isolate, or only its context when the isolate is shared and still healthy. */
  private release(slot: Slot, healthy: boolean): void {
    if (!slot.shared) {
      if (!slot.isolate.isDisposed) slot.isolate.dispose();
      return;
    }
    if (slot.isolate.isDisposed || this.shared?.isolate !== slot.isolate) return;
    slot.control.release();
    slot.context.release();
    const heap = slot.isolate.getHeapStatisticsSync();
    if (!healthy || heap.used_heap_size + heap.externally_allocated_size > (slot.memoryMb * 1024 * 1024) / 2) {
      this.dropShared();
    }
  }

  private createSlot(plan: IsolationPlan): Slot {
    const { isolate, shared } = this.isolateFor(plan);
    const context = isolate.createContextSync();
    const slot: Slot = { isolate, context, control: undefined as never, memoryMb: plan.memoryMb, shared, job: undefined };
    const global = context.global;
    global.setSync(
      '__genesisLog',
      new this.ivm.Callback((line: unknown) => this.onLog(slot, line)),
    );
    global.setSync(
      '__genesisCase',
      new this.ivm.Callback((index: unknown, kind: unknown, data: unknown) => this.onCase(slot, index, kind, data)),
    );
    // V8's code cache for the bootstrap, produced by the first isolate, saves most of its compile time afterwards.
    const script = isolate.compileScriptSync(BOOTSTRAP_SOURCE, {
      filename: 'sandbox:bootstrap',
      ...(this.bootstrapCache === undefined ? { produceCachedData: true } : { cachedData: this.bootstrapCache }),
    });
    const produced = (script as IVM.Script & IVM.CachedDataResult).cachedData;
    if (this.bootstrapCache === undefined && produced !== undefined) this.bootstrapCache = produced;
    slot.control = script.runSync(context, { reference: true }) as Slot['control'];
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
    let caseKind: WireCase['kind'] = kind === 'V' ? 'value' : kind === 'T' ? 'threw' : 'uncopyable';
    let text = data;
    job.resultBytes += data.length;
    if (job.resultBytes > MAX_TOTAL_RESULT_BYTES) {
      caseKind = 'uncopyable';
      text = `results of this candidate exceed ${MAX_TOTAL_RESULT_BYTES} bytes in total`;
    }
    job.cases.push({ kind: caseKind, data: text, durationMs: t - job.mark });
    job.mark = t;
  }

  /** Prepares the next context now, so the next job starts without waiting for it. */
  prewarm(plan: IsolationPlan): void {
    if (this.spare !== undefined) return;
    try {
      this.spare = this.createSlot(plan);
    } catch {
      this.spare = undefined;
    }
  }

  private takeSlot(plan: IsolationPlan): Slot {
    const spare = this.spare;
    this.spare = undefined;
    if (spare !== undefined) {
      const fits =
        !spare.isolate.isDisposed &&
        spare.memoryMb === plan.memoryMb &&
        spare.shared === (plan.isolation === 'context');
      if (fits) return spare;
      this.release(spare, false);
    }
    return this.createSlot(plan);
  }

  /**
   * Runs one candidate to completion, timeout or memory exhaustion, and frees its context (and isolate). A candidate
   * that needs compiling is compiled first; `onCompiled` is called then, and its time limit starts after that.
   */
  async run(job: RunMessage, onCompiled: () => void = () => undefined): Promise<ResultMessage> {
    let code = job.code;
    if (job.compile === 'js' || job.compile === 'ts') {
      const compiled = await compileCandidate(job.code, job.compile);
      onCompiled();
      if (!compiled.ok) return this.syntaxError(job, compiled.error);
      code = compiled.code;
    }
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
      resultBytes: 0,
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
      slot = this.takeSlot(job);
    } catch (error) {
      return finish('crash', `could not create an isolate: ${message(error)}`);
    }
    slot.job = state;
    state.caseCount = countCases(job.args);
    const { isolate } = slot;
    let factory: IVM.Reference<unknown>;
    try {
      const wrapped = `(function (module, exports, require) {\n${code}\n;return typeof ${job.entry} === "function" ? ${job.entry} : undefined;\n})`;
      factory = isolate
        .compileScriptSync(wrapped, { filename: 'candidate.js', lineOffset: -1 })
        .runSync(slot.context, { reference: true }) as IVM.Reference<unknown>;
    } catch (error) {
      slot.job = undefined;
      this.release(slot, true);
      return finish('syntax_error', `SyntaxError: ${message(error)}`);
    }

    let disposedByTimer = false;
    let timer: NodeJS.Timeout | undefined;
    let healthy = false;
    try {
      // Fast path: the whole candidate runs synchronously on this thread under the isolate's own timeout (the pool's
      // outer kill is the backstop). Only an entry that returns a promise continues asynchronously.
      let outcome = slot.control.applySync(
        undefined,
        ['start', factory.derefInto(), job.entry, job.args, job.maxResultBytes],
        { timeout: Math.max(1, Math.ceil(deadline - now())), result: { copy: true } },
      );
      if (outcome === 'A') {
        const remaining = Math.max(1, deadline - now());
        // Backstop for the isolate's timeout, which does not cover a promise that never settles.
        timer = setTimeout(() => {
          disposedByTimer = true;
          if (!isolate.isDisposed) isolate.dispose();
        }, remaining + 20);
        outcome = await slot.control.apply(undefined, ['resume'], {
          timeout: Math.ceil(remaining),
          result: { promise: true, copy: true },
        });
      }
      if (typeof outcome === 'string' && outcome.startsWith('L')) {
        return finish('crash', `the candidate threw while loading: ${outcome.slice(1)}`);
      }
      if (typeof outcome === 'string' && outcome.startsWith('M')) {
        return finish('syntax_error', `entry function '${job.entry}' ${outcome.slice(1)}`);
      }
      healthy = true;
      return finish('ok');
    } catch (error) {
      const text = message(error);
      if (/memory limit/i.test(text)) return finish('oom', `memory limit of ${job.memoryMb} MB exceeded`);
      if (text === TIMED_OUT || disposedByTimer) return finish('timeout', `timed out after ${job.timeoutMs} ms`);
      // The bootstrap catches whatever a candidate throws; what still escapes once every case has reported is the
      // isolate refusing to end its task with a rejected promise nobody handled (as Node would crash on it).
      if (state.caseCount > 0 && state.cases.length === state.caseCount) {
        return finish('crash', `unhandled promise rejection: ${text}`);
      }
      return finish('crash', text);
    } finally {
      clearTimeout(timer);
      slot.job = undefined;
      this.release(slot, healthy);
    }
  }

  private syntaxError(job: RunMessage, error: string): ResultMessage {
    return { type: 'result', id: job.id, status: 'syntax_error', error, cases: [], logs: [], durationMs: 0 };
  }

  /** Disposes the prepared context and any shared isolate. */
  dispose(): void {
    if (this.spare !== undefined) this.release(this.spare, false);
    this.spare = undefined;
    this.dropShared();
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
