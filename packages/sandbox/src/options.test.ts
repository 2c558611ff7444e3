import { describe, expect, it } from 'vitest';
import { SandboxError } from './errors.js';
import { resolveRunOptions, resolveSandboxOptions } from './options.js';
import type { RunTestsOptions } from './types.js';

const defaults = resolveSandboxOptions(undefined);
const valid: RunTestsOptions = { code: 'function f() {}', entry: 'f', tests: [{ args: [], expected: 1 }] };

function failure(fn: () => unknown): SandboxError {
  try {
    fn();
  } catch (error) {
    if (SandboxError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a SandboxError');
}

describe('options', () => {
  it('fills in defaults', () => {
    expect(defaults.poolSize).toBeGreaterThanOrEqual(1);
    expect(defaults).toMatchObject({ defaultTimeoutMs: 2000, defaultMemoryMb: 64, maxLogBytes: 65536, killGraceMs: 150 });
    expect(defaults.hostScript).toMatch(/host\.cjs$/);
    expect(resolveRunOptions(valid, defaults)).toMatchObject({
      language: 'js',
      timeoutMs: 2000,
      memoryMb: 64,
      compare: 'deep',
      signal: undefined,
    });
    expect(resolveRunOptions({ ...valid, compare: { floatTolerance: 0.5 } }, defaults).compare).toEqual({
      floatTolerance: 0.5,
    });
  });

  it.each([
    [{ poolSize: 0 }, 'poolSize'],
    [{ poolSize: 1.5 }, 'poolSize'],
    [{ defaultTimeoutMs: -1 }, 'defaultTimeoutMs'],
    [{ defaultMemoryMb: 4 }, 'defaultMemoryMb'],
    [{ maxLogBytes: -1 }, 'maxLogBytes'],
    [{ maxResultBytes: 1 }, 'maxResultBytes'],
    [{ killGraceMs: 0 }, 'killGraceMs'],
    [{ maxRunsPerHost: 0 }, 'maxRunsPerHost'],
    [{ hostScript: '' }, 'hostScript'],
    [{ hostMemoryMb: 1 }, 'hostMemoryMb'],
    [{ isolation: 'process' }, 'isolation'],
    [{ contextsPerIsolate: 0 }, 'contextsPerIsolate'],
  ])('rejects sandbox option %j', (options, path) => {
    const error = failure(() => resolveSandboxOptions(options as never));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
  });

  it('rejects a non-object', () => {
    expect(failure(() => resolveSandboxOptions(42 as never)).path).toBe('options');
    expect(failure(() => resolveRunOptions(null as never, defaults)).path).toBe('options');
  });

  it.each([
    [{ code: 1 }, 'code'],
    [{ language: 'py' }, 'language'],
    [{ entry: 'a b' }, 'entry'],
    [{ entry: 'return' }, 'entry'],
    [{ entry: '' }, 'entry'],
    [{ tests: 'x' }, 'tests'],
    [{ tests: [1] }, 'tests[0]'],
    [{ tests: [{ args: [], expected: 1 }, { args: 'x', expected: 1 }] }, 'tests[1].args'],
    [{ tests: [{ args: [] }] }, 'tests[0].expected'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ memoryMb: 1e6 }, 'memoryMb'],
    [{ compare: 'loose' }, 'compare'],
    [{ compare: { floatTolerance: -1 } }, 'compare.floatTolerance'],
    [{ signal: {} }, 'signal'],
  ])('rejects run option %j', (patch, path) => {
    const error = failure(() => resolveRunOptions({ ...valid, ...(patch as object) } as never, defaults));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.path).toBe(path);
  });

  it('rejects too many tests', () => {
    const tests = Array.from({ length: 100_001 }, () => ({ args: [], expected: 0 }));
    expect(failure(() => resolveRunOptions({ ...valid, tests }, defaults)).path).toBe('tests');
  });
});

describe('SandboxError', () => {
  it('is recognised across copies by its marker, and carries a cause', () => {
    const cause = new Error('root');
    const error = new SandboxError('ABORTED', 'stopped', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SandboxError');
    expect(error.cause).toBe(cause);
    expect(SandboxError.isInstance(error)).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'SandboxError', [Symbol.for('genesis.error')]: true });
    expect(SandboxError.isInstance(foreign)).toBe(true);
    expect(SandboxError.isInstance(new Error('x'))).toBe(false);
    expect(SandboxError.isInstance(null)).toBe(false);
    expect(SandboxError.isInstance('SandboxError')).toBe(false);
  });
});
