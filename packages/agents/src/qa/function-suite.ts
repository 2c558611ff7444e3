import type { Compare, Sandbox, TestCase } from '@genesis/sandbox';
import type { JsonValue } from '@genesis/schemas';
import type { CaseOutcome } from './http-runner.js';

/** A suite of function tests run in the sandbox. */
export interface FunctionSuite {
  kind: 'function';
  name: string;
  tests: TestCase[];
  compare?: Compare;
  /** Wall-clock budget of the whole candidate, default 2000 ms. */
  timeoutMs?: number;
  memoryMb?: number;
}

/** Code under test for a function suite (a BuilderAgent FunctionImplementation fits). */
export interface FunctionTarget {
  kind: 'function';
  code: string;
  entry: string;
  language?: 'js' | 'ts';
  taskType?: string;
  problemId?: string;
}

function toJson(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}

/** A readable name for a test case without one: `sumOdds([1,2,3]) → 4`, bounded. */
export function caseName(entry: string, test: TestCase, index: number): string {
  if (test.name) return test.name;
  const args = test.args.map((a) => JSON.stringify(a) ?? String(a)).join(', ');
  const name = `${entry}(${args}) → ${JSON.stringify(test.expected) ?? 'undefined'}`;
  return name.length > 160 ? `#${index + 1} ${name.slice(0, 150)}…` : name;
}

/**
 * Runs the tests of a function suite in the sandbox and turns the sandbox's result into one outcome per test. A
 * candidate that timed out, ran out of memory or did not compile fails every test that did not pass, with the
 * sandbox's reason as the message.
 */
export async function runFunctionSuite(
  sandbox: Sandbox,
  suite: FunctionSuite,
  target: FunctionTarget,
  signal?: AbortSignal,
): Promise<{ cases: CaseOutcome[]; status: string; error?: string; logs: string[] }> {
  const result = await sandbox.runTests({
    code: target.code,
    language: target.language ?? 'js',
    entry: target.entry,
    tests: suite.tests,
    timeoutMs: suite.timeoutMs ?? 2000,
    memoryMb: suite.memoryMb ?? 64,
    ...(suite.compare ? { compare: suite.compare } : {}),
    ...(signal ? { signal } : {}),
  });
  const cases: CaseOutcome[] = suite.tests.map((test, i) => {
    const c = result.cases[i];
    const name = caseName(target.entry, test, i);
    if (c?.ok) return { name, ok: true, durationMs: c.durationMs };
    const actual = c && 'actual' in c ? toJson(c.actual) : undefined;
    const expected = toJson(test.expected);
    const message =
      c?.error ??
      (result.status !== 'ok' ? `${result.status}: ${result.error ?? 'did not run'}` : `expected ${JSON.stringify(test.expected)}, got ${JSON.stringify(c?.actual)}`);
    return {
      name,
      ok: false,
      durationMs: c?.durationMs ?? 0,
      message,
      ...(expected === undefined ? {} : { expected }),
      ...(actual === undefined ? {} : { actual }),
    };
  });
  return { cases, status: result.status, ...(result.error ? { error: result.error } : {}), logs: result.logs };
}
