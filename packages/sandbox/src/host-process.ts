import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { HostMessage, ResultMessage, RunMessage } from './protocol.js';

/** Why a run ended without a result from the host. */
export type HostFailure =
  | { type: 'failure'; reason: 'outer-timeout' }
  | { type: 'failure'; reason: 'rss-limit'; rssMb: number }
  | { type: 'failure'; reason: 'exited'; detail: string; outOfMemory: boolean };

const STDERR_TAIL = 4096;
const RSS_CHECK_MS = 50;

/**
 * True when a dead host's stderr is V8 reporting heap exhaustion: the usual "JavaScript heap out of memory", or the
 * fatal path taken when a last-resort GC could not make room (`CALL_AND_RETRY_LAST`, `is_heap_oom = 1`).
 */
export function isOutOfMemoryReport(stderr: string): boolean {
  return /out of memory|heap limit|allocation failed|CALL_AND_RETRY_LAST|is_heap_oom = 1/i.test(stderr);
}

/**
 * One sandbox host: a child `node --no-node-snapshot --no-lazy host.cjs` with an empty environment, stdin and stdout
 * closed, stderr kept (last 4 KiB) for diagnostics, and an IPC channel. Runs one candidate at a time under an outer
 * wall-clock limit that SIGKILLs the process whatever the isolate is doing. Hosts run in their own session, so
 * signals meant for the caller's process group (Ctrl-C) reach the caller only.
 */
export class HostProcess {
  readonly child: ChildProcess;
  /** Resolves when the host reported ready; rejects if it exited first. */
  readonly ready: Promise<void>;
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
  runs = 0;
  alive = true;
  private stderrTail = '';
  private pending:
    | {
        id: number;
        resolve: (outcome: ResultMessage | HostFailure) => void;
        timer: NodeJS.Timeout;
        watchdog: NodeJS.Timeout | undefined;
        startClock: () => void;
      }
    | undefined;

  private killSent = false;

  /** @param onKill called once, when this host is first sent SIGKILL (for the pool's counters). */
  constructor(
    script: string,
    private readonly onKill: () => void = () => undefined,
  ) {
    // --no-lazy: every isolate is fresh, so the bootstrap's inner functions (the codec, the case loop) were compiled
    // again for each candidate on first call; compiled eagerly, V8's code cache holds them all and they are never
    // compiled again (measured: 22% less host CPU per trivial candidate, 12% per 10-test one).
    this.child = spawn(process.execPath, ['--no-node-snapshot', '--no-lazy', script], {
      env: {},
      cwd: '/',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      windowsHide: true,
      // A session of its own: Ctrl-C (SIGINT to the terminal's foreground process group), a hang-up or a signal sent
      // to the caller's group must not kill a host (or its esbuild service) in the middle of a candidate — that would
      // report a `crash` the candidate did not cause, before the caller has even seen the signal. The caller decides:
      // it aborts runs or closes the pool, and a host whose parent dies exits when the IPC channel disconnects.
      detached: true,
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.alive = false;
        this.onExit(code, signal);
        resolve();
      });
    });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (message: HostMessage): void => {
        if (message.type === 'ready') {
          this.child.off('message', onMessage);
          resolve();
        }
      };
      this.child.on('message', onMessage);
      this.child.once('error', (error) => reject(error));
      this.child.on('error', (error) => {
        this.stderrTail = `${this.stderrTail}\n${error.message}`.slice(-STDERR_TAIL);
      });
      void this.exited.then(() => reject(new Error(`host exited before it was ready${this.describeStderr()}`)));
    });
    // A spawn error is reported through `ready`; keep it from surfacing as an unhandled rejection.
    this.ready.catch(() => undefined);
    this.child.on('message', (message: HostMessage) => {
      if (message.type === 'result' && this.pending?.id === message.id) this.settle(message);
      if (message.type === 'compiled' && this.pending?.id === message.id) this.pending.startClock();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private describeStderr(): string {
    const tail = this.stderrTail.trim();
    return tail === '' ? '' : `: ${tail.slice(-600)}`;
  }

  private settle(outcome: ResultMessage | HostFailure): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    clearInterval(pending.watchdog);
    pending.resolve(outcome);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const tail = this.stderrTail;
    this.settle({
      type: 'failure',
      reason: 'exited',
      detail: `host process exited (${signal ?? `code ${String(code)}`})${this.describeStderr()}`,
      outOfMemory: isOutOfMemoryReport(tail),
    });
  }

  /** Lets the parent process exit while this host is idle. */
  setIdle(idle: boolean): void {
    const channel = this.child.channel as { ref?: () => void; unref?: () => void } | undefined;
    if (idle) {
      this.child.unref();
      channel?.unref?.();
    } else {
      this.child.ref();
      channel?.ref?.();
    }
  }

  /**
   * Sends one candidate. Resolves with the host's result, or with a failure when the outer limit fired (the host is
   * then already SIGKILLed) or the host died.
   */
  run(
    message: RunMessage,
    limits: { hardLimitMs: number; compileLimitMs: number | undefined; rssLimitMb: number },
  ): Promise<ResultMessage | HostFailure> {
    this.runs++;
    return new Promise((resolve) => {
      const expire = (): void => {
        this.settle({ type: 'failure', reason: 'outer-timeout' });
        this.kill();
      };
      // A job that needs compiling gets its own bound for that; the candidate's clock starts once it is compiled.
      const timer = setTimeout(expire, limits.compileLimitMs ?? limits.hardLimitMs);
      const startClock = (): void => {
        if (this.pending === undefined) return;
        clearTimeout(this.pending.timer);
        this.pending.timer = setTimeout(expire, limits.hardLimitMs);
      };
      // Memory the isolate's heap limit does not see (native allocations behind built-ins) still shows in the host's
      // resident set: check it while the candidate runs (Linux /proc; elsewhere this layer is absent).
      const watchdog = setInterval(() => {
        const rssMb = this.residentMb();
        if (rssMb !== undefined && rssMb > limits.rssLimitMb) {
          this.settle({ type: 'failure', reason: 'rss-limit', rssMb });
          this.kill();
        }
      }, RSS_CHECK_MS);
      this.pending = { id: message.id, resolve, timer, watchdog, startClock };
      try {
        this.child.send(message);
      } catch (error) {
        this.settle({
          type: 'failure',
          reason: 'exited',
          detail: `could not reach the host: ${(error as Error).message}`,
          outOfMemory: false,
        });
        this.kill();
      }
    });
  }

  /** Resident memory of the host in MB, from /proc (undefined where unavailable). */
  residentMb(): number | undefined {
    try {
      const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return match === null ? undefined : Number(match[1]) / 1024;
    } catch {
      return undefined;
    }
  }

  /** SIGKILLs the host (no-op once it exited). */
  kill(): void {
    if (!this.alive || this.killSent) return;
    this.killSent = true;
    this.onKill();
    this.child.kill('SIGKILL');
  }
}
