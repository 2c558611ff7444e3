import { createSandbox } from '@genesis/sandbox';
import { describe, expect, it } from 'vitest';
import { normaliseCode, parseProgram, printProgram, printValid } from './ast.js';
import { branchCrossover, predicateLibrary, separatingPredicates } from './branch.js';
import { applyDiffPoints, diffPoints, functionCrossovers } from './crossover.js';

const p = (code: string) => parseProgram(code)!;
const flat = (code: string) => code.replace(/\s+/g, ' ').trim();

describe('diff-point crossover', () => {
  it('finds the differing operator and constant and takes either from the second parent', () => {
    const a = p('function f(x) { let s = 0; for (let i = 0; i < x; i++) s += i; return s; }');
    const b = p('function f(x) { let s = 1; for (let i = 0; i <= x; i++) s += i; return s; }');
    const points = diffPoints(a, b);
    expect(points).toHaveLength(2);
    const children = points.map((pt) => flat(printProgram(applyDiffPoints(a, [pt]))));
    expect(children).toContain(flat('function f(x) { let s = 1; for (let i = 0; i < x; i++) s += i; return s; }'));
    expect(children).toContain(flat('function f(x) { let s = 0; for (let i = 0; i <= x; i++) s += i; return s; }'));
    expect(normaliseCode(printProgram(applyDiffPoints(a, points)))).toBe(normaliseCode(printProgram(b)));
  });

  it('aligns statement lists of different length on their common statements', () => {
    const a = p('function f(x) { const y = x + 1; return y; }');
    const b = p('function f(x) { if (x < 0) return 0; const y = x + 1; return y; }');
    const points = diffPoints(a, b);
    expect(points).toHaveLength(1);
    expect(points[0]!.kind).toBe('region');
    expect(flat(printProgram(applyDiffPoints(a, points)))).toBe(flat(printProgram(b)));
  });

  it('is empty for identical programs', () => {
    expect(diffPoints(p('function f() { return 1; }'), p('function f() { return 1; }'))).toEqual([]);
  });

  it('swaps whole functions and brings in helpers only the second parent has', () => {
    const a = p('function h(x) { return x; }\nfunction f(x) { return h(x); }');
    const b = p('function h(x) { return -x; }\nfunction g(x) { return x * 2; }\nfunction f(x) { return h(x); }');
    const kids = functionCrossovers(a, b).map((k) => ({ d: k.description, code: flat(printProgram(k.ast)) }));
    expect(kids.map((k) => k.d)).toEqual(['function h from the second parent', 'helper g from the second parent']);
    expect(kids[0]!.code).toContain('return -x;');
  });
});

describe('branch crossover', () => {
  const tests = [
    { args: [5], expected: 5 },
    { args: [-3], expected: 3 },
    { args: [0], expected: 0 },
    { args: [-8], expected: 8 },
  ];

  it('offers predicates over numbers, arrays and strings', () => {
    const lib = predicateLibrary([{ args: [[1, -2], 'ab', 3], expected: 0 }, { args: [[], '', -1], expected: 0 }]).map((x) => x.source);
    expect(lib).toEqual(expect.arrayContaining(['args[0].length === 0', 'args[0].some((v) => v < 0)', 'args[1].length === 0', 'args[2] < 0']));
  });

  it('finds a predicate that sends each test to the parent that passes it, and the merged program passes all', async () => {
    const passA = [true, false, true, false]; // return x
    const passB = [false, true, true, true]; // return -x
    // The library has `x < 0`, which selects the second parent: the caller tries both orders.
    expect(separatingPredicates(tests, passA, passB)).toEqual([]);
    const preds = separatingPredicates(tests, passB, passA);
    expect(preds[0]!.source).toBe('args[0] < 0');
    const merged = branchCrossover({
      a: p('function abs(x) { return -x; }'),
      b: p('function abs(x) { return x; }'),
      entry: 'abs',
      predicate: preds[0]!,
      language: 'js',
    });
    const code = printValid(merged!, 'js')!;
    const sandbox = createSandbox({ poolSize: 1 });
    try {
      const r = await sandbox.runTests({ code, entry: 'abs', tests });
      expect(r.failed).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses thresholds fitted on a single test per side, and needs tests only one parent passes', () => {
    const two = [{ args: [1], expected: 1 }, { args: [9], expected: 2 }];
    expect(separatingPredicates(two, [true, false], [false, true]).map((x) => x.source)).not.toContain('args[0] <= 1');
    expect(separatingPredicates(tests, [true, true, true, true], [false, true, true, true])).toEqual([]);
  });

  it('keeps exports and declines parents without the entry', () => {
    const pred = { source: 'args[0] < 0', holds: () => true };
    const merged = branchCrossover({ a: p('export function f(x) { return x; }'), b: p('export function f(x) { return -x; }'), entry: 'f', predicate: pred, language: 'js' });
    expect(printProgram(merged!)).toMatch(/export function f\(\.\.\.args\)/);
    expect(branchCrossover({ a: p('function g(x) { return x; }'), b: p('function f(x) { return x; }'), entry: 'f', predicate: pred, language: 'js' })).toBeUndefined();
    const ts = branchCrossover({ a: parseProgram('function f(x: number): number { return x; }', 'ts')!, b: parseProgram('function f(x: number) { return -x; }', 'ts')!, entry: 'f', predicate: pred, language: 'ts' });
    expect(printValid(ts!, 'ts')).toContain('...args: any[]');
  });
});
