/** Source language of a candidate. TypeScript is compiled with esbuild before it runs. */
export type Language = 'js' | 'ts';

/** One test: the entry is called with `args`; its result is compared with `expected`. */
export interface TestCase {
  /** Arguments passed to the entry function (copied into the sandbox; they must be JSON-like, see README). */
  args: unknown[];
  /** The expected return value (after awaiting, if the entry returns a promise). */
  expected: unknown;
  /** Optional label, kept for the caller's reports. */
  name?: string;
}

/**
 * How results are compared with `expected`: `'deep'` (structural equality, NaN equals NaN, 0 equals -0,
 * properties holding `undefined` count as absent) or `{ floatTolerance }` (the same, but two numbers are equal when
 * `|actual - expected| <= floatTolerance * max(1, |expected|)`).
 */
export type Compare = 'deep' | { floatTolerance: number };

/** Input of {@link Sandbox.runTests}. */
export interface RunTestsOptions {
  /** The candidate: a script or an ES module (named exports) that defines the function `entry`. */
  code: string;
  /** `'js'` (default) or `'ts'`. */
  language?: Language;
  /** Name of the function to call: a top-level declaration or a named export. */
  entry: string;
  /** The tests, run in order in one fresh isolate. */
  tests: TestCase[];
  /** Wall-clock budget for the whole candidate (loading + every test), default 2000 ms. */
  timeoutMs?: number;
  /** Heap limit of the candidate's isolate, default 64 MB. */
  memoryMb?: number;
  /** Comparison of results with expectations, default `'deep'`. */
  compare?: Compare;
  /** Aborting rejects with a `SandboxError` of code `ABORTED` and kills the candidate if it is running. */
  signal?: AbortSignal;
}

/**
 * How the candidate ended. `'ok'`: it ran to completion (tests may still have failed). `'timeout'`: the wall-clock
 * budget ran out. `'oom'`: the isolate hit its memory limit. `'crash'`: the candidate failed outside any test (its
 * top-level code threw, it imported a module) or its host process died. `'syntax_error'`: the code does not
 * compile, or the entry function is missing.
 */
export type RunStatus = 'ok' | 'timeout' | 'oom' | 'crash' | 'syntax_error';

/** Result of one test case. */
export interface CaseResult {
  /** True when the entry returned a value equal to `expected`. */
  ok: boolean;
  /** A plain, detached copy of what the entry returned (absent when it threw or did not run). */
  actual?: unknown;
  /** Why the case failed when it threw, could not be copied, or did not run. */
  error?: string;
  /** Wall time of this case inside the sandbox. */
  durationMs: number;
}

/** Result of {@link Sandbox.runTests}. */
export interface RunResult {
  status: RunStatus;
  /** Cases whose result equals the expectation. */
  passed: number;
  /** `total - passed`: failed, threw, or not run. */
  failed: number;
  /** Always `tests.length`. */
  total: number;
  /** One entry per test, in order (cases that did not run carry an `error`). */
  cases: CaseResult[];
  /** Wall time from handing the candidate to a host until its result came back (excludes queueing). */
  durationMs: number;
  /** Time spent waiting for a free host (always set by this package; optional so other evaluators can omit it). */
  queuedMs?: number;
  /** Captured `console.*` output, one entry per call, size-limited (see `maxLogBytes`). */
  logs: string[];
  /** What went wrong, for every status but `'ok'`. */
  error?: string;
}

/** Options of {@link createSandbox}. */
export interface SandboxOptions {
  /** Number of host processes, default `os.availableParallelism()`. Hosts start on demand. */
  poolSize?: number;
  /** Default `timeoutMs` of a run, default 2000. */
  defaultTimeoutMs?: number;
  /** Default `memoryMb` of a run, default 64. */
  defaultMemoryMb?: number;
  /** Bytes of console output kept per candidate, default 65536. */
  maxLogBytes?: number;
  /** Largest serialised result of one case, default 1 MiB; a larger result fails that case. */
  maxResultBytes?: number;
  /**
   * Extra time after `timeoutMs` before the host process is SIGKILLed if the isolate's own limits did not stop the
   * candidate, default 150 ms.
   */
  killGraceMs?: number;
  /**
   * Resident-memory cap of a host process while it runs a candidate, default `256 + 2 × memoryMb` MB. Checked every
   * 50 ms from /proc (Linux): a host above it is SIGKILLed and the run reported as `oom`. A backstop for memory the
   * isolate's heap limit does not account.
   */
  hostMemoryMb?: number;
  /** A host is replaced after this many candidates, default 1000 (bounds any slow leak in a host). */
  maxRunsPerHost?: number;
  /**
   * Separation between candidates inside a host. `'isolate'` (default): every candidate gets a fresh V8 isolate (its
   * own heap). `'context'`: a fresh context (its own globals) in an isolate reused for up to `contextsPerIsolate`
   * candidates, about 2-4× the throughput; the isolate is discarded after any timeout, oom or crash, or once its heap
   * is half full. Candidates never reach the host in either mode; see the README for what 'context' gives up.
   */
  isolation?: 'isolate' | 'context';
  /** With `isolation: 'context'`, candidates per isolate before it is replaced, default 20. */
  contextsPerIsolate?: number;
  /** Path of the host script; defaults to the `host.cjs` shipped beside this module. */
  hostScript?: string;
}

/** Counters describing a sandbox pool. */
export interface SandboxStats {
  /** Host processes alive now. */
  hosts: number;
  /** Their process ids. */
  pids: number[];
  /** Hosts running a candidate. */
  busy: number;
  /** Candidates waiting for a host. */
  queued: number;
  /** Hosts started since creation. */
  spawned: number;
  /** Hosts killed with SIGKILL (outer timeout, abort, crash recovery, close). */
  killed: number;
  /** Candidates run. */
  runs: number;
}

/** A pool of sandbox hosts. */
export interface Sandbox {
  /** Runs one candidate against its tests. Rejects only with a {@link SandboxError} (bad options, closed, aborted). */
  runTests(options: RunTestsOptions): Promise<RunResult>;
  /** Kills every host and rejects queued and running candidates with `CLOSED`. Resolves once all hosts exited. */
  close(): Promise<void>;
  /** The configured number of hosts. */
  readonly size: number;
}

/** The {@link Sandbox} that {@link createSandbox} returns, with live counters. */
export interface SandboxPool extends Sandbox {
  /** Hosts, their pids, work in flight and totals since creation. */
  stats(): SandboxStats;
}
