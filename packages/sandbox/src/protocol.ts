/** Messages between the pool (parent) and a host process, over Node's IPC channel (JSON). */

/** Parent → host: run one candidate. */
export interface RunMessage {
  type: 'run';
  id: number;
  /** Candidate source: a plain script, or code the host compiles first (see `compile`). */
  code: string;
  /** Compile with esbuild first (as this language), or run as written. */
  compile: false | 'js' | 'ts';
  entry: string;
  /** Wire-encoded array of argument arrays (see codec.ts). */
  args: string;
  timeoutMs: number;
  memoryMb: number;
  maxLogBytes: number;
  maxResultBytes: number;
  /** 'isolate': a fresh isolate per candidate; 'context': a fresh context in an isolate reused for a few. */
  isolation: 'isolate' | 'context';
  contextsPerIsolate: number;
}

/** Parent → host: finish and exit. */
export interface StopMessage {
  type: 'stop';
}

export type ParentMessage = RunMessage | StopMessage;

/** One case as the host saw it: a returned value (wire-encoded), a throw, or a result that could not be copied. */
export interface WireCase {
  kind: 'value' | 'threw' | 'uncopyable';
  /** Wire value when `kind` is `value`, error text otherwise. */
  data: string;
  durationMs: number;
}

/** Host → parent: outcome of a `run`. */
export interface ResultMessage {
  type: 'result';
  id: number;
  status: 'ok' | 'timeout' | 'oom' | 'crash' | 'syntax_error';
  error?: string;
  cases: WireCase[];
  /** Captured console output; ends with a `[sandbox] …truncated…` line when the limit was hit. */
  logs: string[];
  durationMs: number;
}

/** Host → parent: a job that needed compiling is compiled; its time limit starts now. */
export interface CompiledMessage {
  type: 'compiled';
  id: number;
}

/** Host → parent: isolated-vm is loaded and the host accepts work. */
export interface ReadyMessage {
  type: 'ready';
  pid: number;
}

export type HostMessage = ResultMessage | ReadyMessage | CompiledMessage;
