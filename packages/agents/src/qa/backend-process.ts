import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentError } from '../errors.js';
import type { Bundle } from './bundle.js';
import { coverageFromV8, type CoverageReport, type V8Function } from './coverage.js';

/** A generated backend running in its own Node process on 127.0.0.1. */
export interface RunningBackend {
  baseUrl: string;
  pid: number;
  /** Output of the process so far (stdout and stderr lines, bounded). */
  logs: string[];
  /** Stops the process (SIGTERM, then SIGKILL after `graceMs`) and reads its V8 coverage if it exited cleanly. */
  stop(graceMs?: number): Promise<{ exitCode: number | null; coverage?: CoverageReport; coverageError?: string }>;
}

/** Options of {@link startBackend}. */
export interface StartBackendOptions {
  bundle: Bundle;
  /** Extra environment (PORT, HOST and NODE_V8_COVERAGE are set by QA). */
  env?: Record<string, string>;
  /** How long to wait for the "listening on http://…" line, default 10 s. */
  startTimeoutMs?: number;
  /** Collect V8 coverage through NODE_V8_COVERAGE (default true). */
  coverage?: boolean;
  signal?: AbortSignal;
}

const READY = /listening on (http:\/\/[^\s]+)/;

// Servers still running when this process exits are killed with it, so an interrupted QA run leaves no orphan.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}
const MAX_LOG_LINES = 200;
/** Longest log line kept, and the most of an unfinished line held while waiting for the "listening" line. */
const MAX_LINE_CHARS = 2000;
const MAX_PENDING_CHARS = 64 * 1024;

/** Keeps a line for the logs, shortened when a backend prints something huge. */
function logLine(logs: string[], line: string): void {
  if (line && logs.length < MAX_LOG_LINES) logs.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… (${line.length} characters)` : line);
}

/**
 * Starts a bundled backend with `node` in a child process with a minimal environment, PORT=0 (a random free port)
 * and HOST=127.0.0.1, and resolves once it prints its URL. Rejects with `BACKEND_START_FAILED` (and the process's
 * output) when it exits or stays silent first.
 */
export async function startBackend(options: StartBackendOptions): Promise<RunningBackend> {
  const { bundle } = options;
  const coverageDir = join(bundle.dir, 'coverage');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'test',
    ...options.env,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  if (options.coverage !== false) env['NODE_V8_COVERAGE'] = coverageDir;
  const child = spawn(process.execPath, [bundle.file], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: bundle.dir });
  track(child);
  const logs: string[] = [];
  let exited: Promise<number | null>;
  {
    let resolveExit: (code: number | null) => void = () => {};
    exited = new Promise((r) => (resolveExit = r));
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(null));
  }
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const fail = (why: string) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new AgentError('BACKEND_START_FAILED', `Backend did not start: ${why}\n${logs.slice(-20).join('\n')}`));
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      // An unfinished line is kept only up to a bound: a backend printing without newlines cannot fill our memory.
      buffered = (parts.pop() ?? '').slice(-MAX_PENDING_CHARS);
      for (const line of parts) {
        logLine(logs, line);
        const m = READY.exec(line);
        if (m?.[1]) {
          cleanup();
          resolve(m[1].replace(/\/$/, ''));
        }
      }
    };
    const onErr = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) logLine(logs, line);
    };
    const onExit = (code: number | null) => fail(`it exited with code ${code}`);
    const onAbort = () => fail('aborted');
    const timer = setTimeout(() => fail(`no "listening on http://…" line within ${options.startTimeoutMs ?? 10_000} ms`), options.startTimeoutMs ?? 10_000);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onErr);
    child.once('exit', onExit);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) logLine(logs, line);
  });

  return {
    baseUrl,
    pid: child.pid ?? -1,
    logs,
    async stop(graceMs = 4000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const exitCode = await exited;
      clearTimeout(timer);
      if (options.coverage === false) return { exitCode };
      try {
        const functions = await readCoverage(coverageDir, bundle.url);
        if (!functions) return { exitCode, coverageError: 'the backend wrote no coverage for its code (did it exit cleanly?)' };
        return { exitCode, coverage: coverageFromV8(bundle, functions) };
      } catch (error) {
        return { exitCode, coverageError: `could not read V8 coverage: ${(error as Error).message}` };
      }
    },
  };
}

async function readCoverage(dir: string, url: string): Promise<V8Function[] | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const data = JSON.parse(await readFile(join(dir, name), 'utf8')) as { result?: { url: string; functions: V8Function[] }[] };
    const script = data.result?.find((s) => s.url === url);
    if (script) return script.functions;
  }
  return undefined;
}

/** Removes a bundle's temporary directory. */
export async function removeBundle(bundle: Bundle): Promise<void> {
  await rm(bundle.dir, { recursive: true, force: true });
}
