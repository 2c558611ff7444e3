import { CodecError, decodeValue, encodeValue } from './codec.js';
import { needsCompile } from './compile.js';
import { SandboxError } from './errors.js';
import { HostProcess, type HostFailure } from './host-process.js';
import { resolveRunOptions, resolveSandboxOptions, type ResolvedSandboxOptions } from './options.js';
import type { ResultMessage, RunMessage } from './protocol.js';
import { buildResult, endingFromMessage, type Ending } from './result.js';
import type { Compare, RunResult, RunTestsOptions, SandboxOptions, SandboxPool, SandboxStats } from './types.js';

interface Job {
  message: RunMessage;
  expected: unknown[];
  /** The same expectations as wire strings: a result with the very same text needs no decoding to compare. */
  expectedWires: string[];
  compare: Compare;
  signal: AbortSignal | undefined;
  enqueuedAt: number;
  host: HostProcess | undefined;
  settled: boolean;
  resolve: (result: RunResult) => void;
  reject: (error: SandboxError) => void;
  cleanup: () => void;
}

const MAX_START_FAILURES = 3;
/** esbuild is trusted and fast; this only bounds a host that hangs while compiling. */
const COMPILE_LIMIT_MS = 10_000;
/** Resident memory of an idle host plus headroom for V8 beyond the isolate's heap limit. */
const HOST_BASE_MB = 256;

function now(): number {
  return performance.now();
}

/** Encodes a value the caller gave us, turning codec errors into INVALID_OPTIONS naming the field. */
function encodeInput(value: unknown, path: string): string {
  try {
    // Expectations are canonical, as results are (see codec.ts): sets compare as sets.
    return encodeValue(value, { canonical: true });
  } catch (error) {
    if (error instanceof CodecError) {
      throw new SandboxError('INVALID_OPTIONS', `${path}${error.path}: ${error.message}`, { path, cause: error });
    }
    throw error;
  }
}

/** Encodes every test's arguments as one wire value; an error names the test, e.g. `tests[2].args[0].x`. */
function encodeArgs(all: unknown[][]): string {
  try {
    return encodeValue(all);
  } catch (error) {
    if (!(error instanceof CodecError)) throw error;
    const match = /^\[(\d+)\](.*)$/.exec(error.path);
    const path = match === null ? 'tests' : `tests[${match[1]}].args`;
    throw new SandboxError('INVALID_OPTIONS', `${path}${match?.[2] ?? ''}: ${error.message}`, { path, cause: error });
  }
}

class Pool implements SandboxPool {
  readonly size: number;
  private readonly options: ResolvedSandboxOptions;
  private readonly hosts = new Set<HostProcess>();
  private readonly idle: HostProcess[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Set<Job>();
  private starting = 0;
  private startFailures = 0;
  private closed = false;
  private nextId = 1;
  private counters = { spawned: 0, killed: 0, runs: 0 };

  constructor(options: ResolvedSandboxOptions) {
    this.options = options;
    this.size = options.poolSize;
  }

  stats(): SandboxStats {
    const pids = [...this.hosts].map((h) => h.pid).filter((p): p is number => p !== undefined);
    return {
      hosts: this.hosts.size,
      pids,
      busy: this.hosts.size - this.idle.length - this.starting,
      queued: this.queue.length,
      spawned: this.counters.spawned,
      killed: this.counters.killed,
      runs: this.counters.runs,
    };
  }

  async runTests(options: RunTestsOptions): Promise<RunResult> {
    if (this.closed) throw new SandboxError('CLOSED', 'the sandbox is closed');
    const run = resolveRunOptions(options, this.options);
    if (run.signal?.aborted) throw new SandboxError('ABORTED', 'aborted before start', { cause: run.signal.reason });
    const args = encodeArgs(run.tests.map((t) => t.args));
    // Expectations go through the same copy rules as results, so both sides compare like with like.
    const expectedWires = run.tests.map((t, i) => encodeInput(t.expected, `tests[${i}].expected`));
    const expected = expectedWires.map((wire) => decodeValue(wire));
    const message: RunMessage = {
      type: 'run',
      id: this.nextId++,
      code: run.code,
      compile: needsCompile(run.code, run.language) ? run.language : false,
      entry: run.entry,
      args,
      timeoutMs: run.timeoutMs,
      memoryMb: run.memoryMb,
      maxLogBytes: this.options.maxLogBytes,
      maxResultBytes: this.options.maxResultBytes,
      isolation: this.options.isolation,
      contextsPerIsolate: this.options.isolation === 'context' ? this.options.contextsPerIsolate : 1,
    };
    return new Promise<RunResult>((resolve, reject) => {
      const job: Job = {
        message,
        expected,
        expectedWires,
        compare: run.compare,
        signal: run.signal,
        enqueuedAt: now(),
        host: undefined,
        settled: false,
        resolve,
        reject,
        cleanup: () => undefined,
      };
      if (run.signal !== undefined) {
        const signal = run.signal;
        const onAbort = (): void => this.abort(job, signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        job.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  private settle(job: Job, outcome: { result: RunResult } | { error: SandboxError }): void {
    if (job.settled) return;
    job.settled = true;
    job.cleanup();
    if ('result' in outcome) job.resolve(outcome.result);
    else job.reject(outcome.error);
  }

  private abort(job: Job, reason: unknown): void {
    if (job.settled) return;
    const index = this.queue.indexOf(job);
    if (index >= 0) this.queue.splice(index, 1);
    if (job.host !== undefined) this.retire(job.host, true);
    this.settle(job, { error: new SandboxError('ABORTED', 'the run was aborted', { cause: reason }) });
  }

  private spawnHost(): void {
    const host = new HostProcess(this.options.hostScript, () => this.counters.killed++);
    this.counters.spawned++;
    this.hosts.add(host);
    this.starting++;
    void host.exited.then(() => {
      this.hosts.delete(host);
      const i = this.idle.indexOf(host);
      if (i >= 0) this.idle.splice(i, 1);
      // A dead host is replaced on demand by pump().
      if (!this.closed) queueMicrotask(() => this.pump());
    });
    host.ready.then(
      () => {
        this.starting--;
        this.startFailures = 0;
        if (this.closed || !host.alive) return;
        this.makeIdle(host);
        this.pump();
      },
      (error: unknown) => {
        this.starting--;
        this.startFailures++;
        if (this.startFailures >= MAX_START_FAILURES && !this.closed) {
          const failure = new SandboxError('HOST_UNAVAILABLE', `sandbox host could not start: ${String(error)}`, {
            cause: error,
          });
          for (const job of this.queue.splice(0)) this.settle(job, { error: failure });
          // Later candidates try again from scratch (the cause may have been fixed meanwhile).
          this.startFailures = 0;
        }
      },
    );
  }

  private makeIdle(host: HostProcess): void {
    host.setIdle(true);
    this.idle.push(host);
  }

  /** Removes a host from the pool; kills it unless it can finish gracefully. */
  private retire(host: HostProcess, kill: boolean): void {
    const i = this.idle.indexOf(host);
    if (i >= 0) this.idle.splice(i, 1);
    if (kill) {
      host.kill();
    } else if (host.alive) {
      host.child.send({ type: 'stop' }, (error) => {
        if (error) host.kill();
      });
    }
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0 && this.idle.length > 0) {
      const host = this.idle.pop() as HostProcess;
      if (!host.alive) continue;
      const job = this.queue.shift() as Job;
      this.dispatch(job, host);
    }
    const need = this.queue.length - this.starting;
    const room = this.size - this.hosts.size;
    for (let i = 0; i < Math.min(need, room); i++) {
      this.spawnHost();
    }
  }

  private dispatch(job: Job, host: HostProcess): void {
    job.host = host;
    this.running.add(job);
    host.setIdle(false);
    const sentAt = now();
    const queuedMs = sentAt - job.enqueuedAt;
    this.counters.runs++;
    const limits = {
      hardLimitMs: job.message.timeoutMs + this.options.killGraceMs,
      compileLimitMs: job.message.compile === false ? undefined : COMPILE_LIMIT_MS,
      rssLimitMb: this.options.hostMemoryMb ?? HOST_BASE_MB + 2 * job.message.memoryMb,
    };
    void host.run(job.message, limits).then((outcome) => {
      job.host = undefined;
      this.running.delete(job);
      const durationMs = now() - sentAt;
      this.afterRun(host, outcome);
      if (job.settled) return;
      const ending = this.ending(outcome, job, durationMs, queuedMs);
      this.settle(job, { result: buildResult(ending, job.expected, job.compare, job.expectedWires) });
    });
  }

  private ending(outcome: ResultMessage | HostFailure, job: Job, durationMs: number, queuedMs: number): Ending {
    if (outcome.type === 'result') return endingFromMessage(outcome, durationMs, queuedMs);
    const base = { cases: [], logs: [], durationMs, queuedMs };
    if (outcome.reason === 'rss-limit') {
      return {
        ...base,
        status: 'oom',
        error: `host process exceeded its memory cap (${Math.round(outcome.rssMb)} MB resident) and was killed`,
      };
    }
    if (outcome.reason === 'outer-timeout') {
      return {
        ...base,
        status: 'timeout',
        error: `timed out after ${job.message.timeoutMs} ms (host killed after a further ${this.options.killGraceMs} ms)`,
      };
    }
    return { ...base, status: outcome.outOfMemory ? 'oom' : 'crash', error: outcome.detail };
  }

  private afterRun(host: HostProcess, outcome: ResultMessage | HostFailure): void {
    if (this.closed) return;
    if (outcome.type === 'failure' || !host.alive) {
      this.retire(host, true);
    } else if (host.runs >= this.options.maxRunsPerHost) {
      this.retire(host, false);
    } else {
      this.makeIdle(host);
    }
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new SandboxError('CLOSED', 'the sandbox was closed');
    for (const job of this.queue.splice(0)) this.settle(job, { error });
    for (const job of this.running) this.settle(job, { error });
    this.running.clear();
    const hosts = [...this.hosts];
    this.idle.length = 0;
    for (const host of hosts) {
      // Keep the event loop alive until the exit is observed, so close() always resolves.
      host.setIdle(false);
      host.kill();
    }
    await Promise.all(hosts.map((h) => h.exited));
  }
}

/**
 * Creates a pool of sandbox hosts. Hosts are child processes started on demand (up to `poolSize`) and reused; every
 * candidate runs in a fresh V8 isolate inside one of them, and a host that dies or is killed is replaced.
 *
 * @example
 * const sandbox = createSandbox({ poolSize: 2 });
 * const result = await sandbox.runTests({
 *   code: 'export const add = (a, b) => a + b',
 *   entry: 'add',
 *   tests: [{ args: [1, 2], expected: 3 }],
 * });
 * // result.status === 'ok', result.passed === 1
 * await sandbox.close();
 */
export function createSandbox(options?: SandboxOptions): SandboxPool {
  return new Pool(resolveSandboxOptions(options));
}

/**
 * One-shot: creates a one-host sandbox, runs the candidate, and closes the sandbox (no process left behind). Prefer
 * {@link createSandbox} for more than a handful of candidates: a host takes ~50 ms to start.
 */
export async function runTests(options: RunTestsOptions & { sandbox?: SandboxOptions }): Promise<RunResult> {
  const { sandbox: sandboxOptions, ...run } = options;
  const sandbox = createSandbox({ poolSize: 1, ...sandboxOptions });
  try {
    return await sandbox.runTests(run);
  } finally {
    await sandbox.close();
  }
}
