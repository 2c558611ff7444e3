import type { TestCase } from '@genesis/sandbox';

/** A simple property of one element of a list or string. */
interface ElementTest {
  name: string;
  holds(x: unknown): boolean;
}

const NUMBER_TESTS: ElementTest[] = [
  { name: 'every', holds: () => true },
  { name: 'even', holds: (x) => (x as number) % 2 === 0 },
  { name: 'odd', holds: (x) => (x as number) % 2 !== 0 },
  { name: 'positive', holds: (x) => (x as number) > 0 },
  { name: 'negative', holds: (x) => (x as number) < 0 },
  { name: 'non-zero', holds: (x) => x !== 0 },
];

const CHAR_TESTS: ElementTest[] = [
  { name: 'every', holds: () => true },
  { name: 'vowel', holds: (x) => 'aeiouAEIOU'.includes(x as string) },
  { name: 'consonant', holds: (x) => /[a-z]/i.test(x as string) && !'aeiouAEIOU'.includes(x as string) },
  { name: 'space', holds: (x) => x === ' ' },
  { name: 'upper-case', holds: (x) => /[A-Z]/.test(x as string) },
];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What a selection of elements yields, in every aggregate that fits the expected result's type. */
function aggregates(elements: readonly unknown[], test: ElementTest, expected: unknown): unknown[] {
  const chosen = elements.filter((x) => test.holds(x));
  const out: unknown[] = [];
  if (typeof expected === 'number') {
    out.push(chosen.length);
    if (chosen.every((x) => typeof x === 'number')) out.push((chosen as number[]).reduce((a, b) => a + b, 0));
  } else if (Array.isArray(expected)) out.push(chosen);
  else if (typeof expected === 'string') out.push(chosen.join(''));
  return out;
}

/**
 * Compares what a failing test returned with what it should have, over the input's elements: when the actual result
 * is an aggregate (count, sum, the list itself) of one selection of the elements and the expected result the same
 * aggregate of another selection (`sum of evens` instead of `sum of odds`), the selection condition is wrong — not the
 * loop, not the accumulation. Returns the two selections, or undefined when no test shows that pattern.
 */
export function wrongSelection(tests: readonly TestCase[], failing: ReadonlyArray<{ index: number; actual: unknown }>): { actual: string; expected: string } | undefined {
  for (const f of failing) {
    const tc = tests[f.index];
    if (!tc) continue;
    for (const arg of tc.args) {
      const elements = Array.isArray(arg) ? arg : typeof arg === 'string' ? [...arg] : undefined;
      if (!elements || elements.length === 0) continue;
      const tests2 = elements.every((x) => typeof x === 'number') ? NUMBER_TESTS : elements.every((x) => typeof x === 'string') ? CHAR_TESTS : [];
      for (const p of tests2) {
        const aggP = aggregates(elements, p, tc.expected);
        if (!aggP.some((v) => same(v, f.actual))) continue;
        for (const q of tests2) {
          if (q === p) continue;
          if (aggregates(elements, q, tc.expected).some((v) => same(v, tc.expected)) && !aggP.some((v) => same(v, tc.expected)))
            return { actual: p.name, expected: q.name };
        }
      }
    }
  }
  return undefined;
}
