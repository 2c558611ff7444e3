import type { TestFailure, Trajectory } from '@genesis/schemas';
import type { TestCase } from '@genesis/sandbox';

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/** The label a test is reported under when it has no name of its own. */
export function testLabel(test: TestCase, index: number): string {
  return test.name ?? `test #${index}`;
}

/**
 * Which of `tests` a trajectory passed: from `metadata.failingTests` (indices) when present, else from its recorded
 * failures: a failure is matched to its test by name, then by
 * an index in the name (`#3`, `[3]`, `test 3`), then by its expected value. Returns undefined when the trajectory
 * carries no test results.
 */
export function passedTests(tests: readonly TestCase[], trajectory: Pick<Trajectory, 'testResults' | 'metadata'>): boolean[] | undefined {
  // The engine records the failing indices exactly; names and values are the fallback for other producers.
  const recorded = trajectory.metadata?.failingTests;
  if (Array.isArray(recorded) && recorded.every((i) => typeof i === 'number' && Number.isInteger(i))) {
    const failing = new Set(recorded as number[]);
    return tests.map((_, i) => !failing.has(i));
  }
  const results = trajectory.testResults;
  if (!results) return undefined;
  const passed = tests.map(() => true);
  const byName = new Map<string, number[]>();
  tests.forEach((tc, i) => {
    const label = testLabel(tc, i);
    byName.set(label, [...(byName.get(label) ?? []), i]);
  });
  const unmatched: TestFailure[] = [];
  for (const f of results.failures) {
    const named = byName.get(f.name)?.find((i) => passed[i]);
    if (named !== undefined) {
      passed[named] = false;
      continue;
    }
    const m = /(?:#|\[|test[\s_-]*)(\d+)/i.exec(f.name);
    if (m) {
      const n = Number(m[1]);
      const choices = [n, n - 1].filter((i) => i >= 0 && i < tests.length && passed[i]);
      const pick = choices.find((i) => 'expected' in f && sameJson(tests[i]!.expected, f.expected)) ?? choices[0];
      if (pick !== undefined) {
        passed[pick] = false;
        continue;
      }
    }
    unmatched.push(f);
  }
  for (const f of unmatched) {
    const i = tests.findIndex((tc, j) => passed[j] && 'expected' in f && sameJson(tc.expected, f.expected));
    if (i >= 0) passed[i] = false;
  }
  return passed;
}
