import { availableParallelism } from 'node:os';
import { SandboxError } from './errors.js';
import type { Compare, Language, RunTestsOptions, SandboxOptions, TestCase } from './types.js';
import { defaultHostScript } from './host-path.js';

/** SandboxOptions with every default filled in. */
export interface ResolvedSandboxOptions {
  poolSize: number;
  defaultTimeoutMs: number;
  defaultMemoryMb: number;
  maxLogBytes: number;
  maxResultBytes: number;
  killGraceMs: number;
  maxRunsPerHost: number;
  isolation: 'isolate' | 'context';
  contextsPerIsolate: number;
  hostMemoryMb: number | undefined;
  hostScript: string;
}

/** RunTestsOptions after validation, with the sandbox defaults applied. */
export interface ResolvedRunOptions {
  code: string;
  language: Language;
  entry: string;
  tests: TestCase[];
  timeoutMs: number;
  memoryMb: number;
  compare: Compare;
  signal: AbortSignal | undefined;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined'
  ).split(' '),
);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function invalid(path: string, what: string): SandboxError {
  return new SandboxError('INVALID_OPTIONS', `${path}: ${what}`, { path });
}

function integerIn(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(path, `expected an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates {@link SandboxOptions} and fills in defaults. Throws `INVALID_OPTIONS` naming the bad field. */
export function resolveSandboxOptions(options: SandboxOptions | undefined): ResolvedSandboxOptions {
  if (options !== undefined && !isRecord(options)) throw invalid('options', 'expected an object');
  const o = options ?? {};
  const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  if (o.hostScript !== undefined && (typeof o.hostScript !== 'string' || o.hostScript === '')) {
    throw invalid('hostScript', 'expected a non-empty path');
  }
  const isolation = o.isolation ?? 'isolate';
  if (isolation !== 'isolate' && isolation !== 'context') throw invalid('isolation', "expected 'isolate' or 'context'");
  return {
    isolation,
    contextsPerIsolate: integerIn(pick(o.contextsPerIsolate, 20), 'contextsPerIsolate', 1, 100_000),
    hostMemoryMb: o.hostMemoryMb === undefined ? undefined : integerIn(o.hostMemoryMb, 'hostMemoryMb', 64, 1_048_576),
    poolSize: integerIn(pick(o.poolSize, availableParallelism()), 'poolSize', 1, 256),
    defaultTimeoutMs: integerIn(pick(o.defaultTimeoutMs, 2000), 'defaultTimeoutMs', 1, 600_000),
    defaultMemoryMb: integerIn(pick(o.defaultMemoryMb, 64), 'defaultMemoryMb', 8, 8192),
    maxLogBytes: integerIn(pick(o.maxLogBytes, 65_536), 'maxLogBytes', 0, 64 * 1024 * 1024),
    maxResultBytes: integerIn(pick(o.maxResultBytes, 1024 * 1024), 'maxResultBytes', 64, 256 * 1024 * 1024),
    killGraceMs: integerIn(pick(o.killGraceMs, 150), 'killGraceMs', 10, 60_000),
    maxRunsPerHost: integerIn(pick(o.maxRunsPerHost, 1000), 'maxRunsPerHost', 1, Number.MAX_SAFE_INTEGER),
    hostScript: o.hostScript ?? defaultHostScript(),
  };
}

function resolveCompare(value: unknown): Compare {
  if (value === undefined || value === 'deep') return 'deep';
  if (isRecord(value)) {
    const tol = value.floatTolerance;
    if (typeof tol === 'number' && Number.isFinite(tol) && tol >= 0) return { floatTolerance: tol };
    throw invalid('compare.floatTolerance', 'expected a finite number >= 0');
  }
  throw invalid('compare', "expected 'deep' or { floatTolerance }");
}

/** Validates {@link RunTestsOptions}. Throws `INVALID_OPTIONS` naming the bad field (for example `tests[3].args`). */
export function resolveRunOptions(options: RunTestsOptions, defaults: ResolvedSandboxOptions): ResolvedRunOptions {
  if (!isRecord(options)) throw invalid('options', 'expected an object');
  const { code, entry, tests, signal } = options;
  if (typeof code !== 'string') throw invalid('code', 'expected a string');
  const language = options.language ?? 'js';
  if (language !== 'js' && language !== 'ts') throw invalid('language', "expected 'js' or 'ts'");
  if (typeof entry !== 'string' || !IDENTIFIER.test(entry) || RESERVED.has(entry)) {
    throw invalid('entry', `expected a JavaScript identifier, got ${JSON.stringify(entry)}`);
  }
  if (!Array.isArray(tests)) throw invalid('tests', 'expected an array');
  if (tests.length > 100_000) throw invalid('tests', 'at most 100000 tests per candidate');
  tests.forEach((test, i) => {
    if (!isRecord(test)) throw invalid(`tests[${i}]`, 'expected { args, expected }');
    if (!Array.isArray(test.args)) throw invalid(`tests[${i}].args`, 'expected an array');
    if (!Object.hasOwn(test, 'expected')) throw invalid(`tests[${i}].expected`, 'is missing');
  });
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalid('signal', 'expected an AbortSignal');
  return {
    code,
    language,
    entry,
    tests,
    timeoutMs: integerIn(options.timeoutMs ?? defaults.defaultTimeoutMs, 'timeoutMs', 1, 600_000),
    memoryMb: integerIn(options.memoryMb ?? defaults.defaultMemoryMb, 'memoryMb', 8, 8192),
    compare: resolveCompare(options.compare),
    signal,
  };
}
