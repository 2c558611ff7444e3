import { describe, expect, it } from 'vitest';
import { normaliseCode, parseProgram, printValid } from './ast.js';
import { diagnoseFailures, findEntryFunction, sliceWeights, terminationWeights } from './localise.js';
import { collectSites } from './sites.js';
import { passedTests } from './test-map.js';

const weightOfLine = (code: string, entry: string, line: number) => {
  const ast = parseProgram(code)!;
  const w = sliceWeights(ast, entry);
  const sites = collectSites(ast).filter((s) => s.node.loc?.start.line === line && s.statement?.loc?.start.line === line);
  return Math.max(...sites.map((s) => w.get(s.id)!));
};

const PROGRAM = `function f(xs) {
  let total = 0;
  let calls = 0;
  for (const x of xs) {
    if (x > 0) total += x;
    calls++;
  }
  return total;
}`;

describe('sliceWeights', () => {
  it('weights the return data path above statements the result does not depend on', () => {
    expect(weightOfLine(PROGRAM, 'f', 8)).toBe(1.5); // return
    expect(weightOfLine(PROGRAM, 'f', 5)).toBe(1.5); // writes total
    expect(weightOfLine(PROGRAM, 'f', 6)).toBe(0.25); // calls: off the slice
    expect(weightOfLine(PROGRAM, 'f', 3)).toBe(0.25);
  });

  it('treats arrow entries and helpers; without the entry every site weighs 1', () => {
    const code = 'function h(v) { return v * 2; }\nconst f = (xs) => xs.map(h);';
    const ast = parseProgram(code)!;
    expect(findEntryFunction(ast, 'f')).toBeDefined();
    const w = sliceWeights(ast, 'f');
    const helperSite = collectSites(ast).find((s) => s.node.type === 'ReturnStatement')!;
    expect(w.get(helperSite.id)).toBe(0.8);
    expect(new Set(sliceWeights(ast, 'missing').values())).toEqual(new Set([1]));
  });
});

describe('terminationWeights', () => {
  it('marks loop conditions, the writes to what they read, and recursive calls', () => {
    const code = 'function g(n) {\n  let c = 0;\n  while (n !== 0) {\n    n ^= n - 1;\n    c++;\n  }\n  return c + g(n - 1);\n}';
    const ast = parseProgram(code)!;
    const w = terminationWeights(ast);
    const lines = new Set(collectSites(ast).filter((s) => w.has(s.id)).map((s) => s.node.loc?.start.line));
    expect(lines).toEqual(new Set([3, 4, 7]));
  });
});

describe('diagnoseFailures', () => {
  const f = (expected: unknown, actual: unknown, message = 'wrong') =>
    ({ name: 't', message, expected, actual }) as Parameters<typeof diagnoseFailures>[0][number];
  it.each([
    [[f(5, 4)], 'off-by-one', 'results are off by one'],
    [[f(5, -5)], 'swap-operands', 'wrong sign'],
    [[f(true, false)], 'negate-condition', 'inverted'],
    [[f([1, 2, 3], [3, 2, 1])], 'swap-operands', 'reversed'],
    [[f([1, 2, 3], [1, 2])], 'off-by-one', 'too many or too few'],
    [[f([1, 3, 6], [0, 1, 3])], 'swap-statements', 'lag one step'],
    [[f('abc', 'cba')], 'swap-operands', 'string is reversed'],
    [[f('abc', 'ab')], 'off-by-one', 'too many or too few'],
    [[f('hello', 'Hello')], 'method-swap', 'wrong case'],
    [[f([3, 6], [2, 4])], 'constant', 'times the expected one'],
    [[f(1, undefined, 'timed out after 400 ms')], 'update-operator', 'does not terminate'],
    [[f(1, undefined, "TypeError: Cannot read properties of undefined (reading '0')")], 'off-by-one', 'outside the data'],
    [[f(10, 3)], 'method-swap', 'wrong in value'],
    [[f([1, 2], [5, 6])], 'variable', 'elements are wrong'],
    [[f('abc', 'xyz')], 'method-swap', 'characters are wrong'],
    [[f(false, true)], 'boolean-check', 'inverted'],
    [[f({ x: 'a', y: 'b' }, { a: 'x', b: 'y' })], 'swap-expressions', 'keys and values are exchanged'],
    [[f({ a: [1], b: [2] }, { t: [1, 2] })], 'index-wrap', "the result's keys are wrong"],
    [[f({ a: 2 }, { a: 1 })], 'variable', "the result's values are wrong"],
  ])('%j → favours %s', (failures, kind, note) => {
    const d = diagnoseFailures(failures, 0);
    expect(d.priors[kind as keyof typeof d.priors]).toBeGreaterThan(1);
    expect(d.summary).toContain(note);
  });

  it('flags partial failures and non-termination; an empty list says so', () => {
    expect(diagnoseFailures([f(1, 2)], 3).partial).toBe(true);
    expect(diagnoseFailures([f(1, undefined, 'not run: the candidate stopped (timeout)')], 0).nonTerminating).toBe(true);
    expect(diagnoseFailures([], 4).summary).toBe('no failing tests');
    expect(diagnoseFailures([f([1, 2], [3, 4])], 0).constantDelta).toBe(2);
    expect(diagnoseFailures([f(1, 3)], 0).constantDelta).toBeUndefined();
  });
});

describe('passedTests', () => {
  const tests = [
    { args: [1], expected: 1 },
    { args: [2], expected: 4, name: 'square of two' },
    { args: [3], expected: 9 },
  ];
  const results = (failures: Array<{ name: string; expected?: unknown }>) => ({
    testResults: { passed: 3 - failures.length, failed: failures.length, total: 3, failures: failures.map((x) => ({ message: 'x', ...x })) as never },
    metadata: { source: 'evolution' as const },
  });
  it('uses the engine-recorded failing indices first', () => {
    expect(passedTests(tests, { metadata: { source: 'evolution', failingTests: [0, 2] } })).toEqual([false, true, false]);
  });
  it('matches failures by name, by index in the name, then by expected value', () => {
    expect(passedTests(tests, results([{ name: 'square of two' }]))).toEqual([true, false, true]);
    expect(passedTests(tests, results([{ name: 'test #2', expected: 9 }]))).toEqual([true, true, false]);
    expect(passedTests(tests, results([{ name: 'case 3 (1-based)', expected: 9 }]))).toEqual([true, true, false]);
    // An index without an expected value: taken as given; `[3]` read 1-based when 3 is out of range.
    expect(passedTests(tests, results([{ name: 'test 1' }]))).toEqual([true, false, true]);
    expect(passedTests(tests, results([{ name: 'tests[3]' }]))).toEqual([true, true, false]);
    expect(passedTests(tests, results([{ name: 'test #0' }, { name: 'test #0' }]))).toEqual([false, true, true]);
    expect(passedTests(tests, results([{ name: '???', expected: 1 }]))).toEqual([false, true, true]);
    expect(passedTests(tests, { metadata: { source: 'evolution' } })).toBeUndefined();
  });
});

describe('ast helpers', () => {
  it('parses JS and TS, rejects invalid code, and normalises layout', () => {
    expect(parseProgram('function f( {')).toBeUndefined();
    expect(parseProgram('let x: number = 1;', 'js')).toBeUndefined();
    expect(parseProgram('let x: number = 1;', 'ts')).toBeDefined();
    expect(normaliseCode('function f(){return 1}')).toBe(normaliseCode('function f() {\n  // c\n  return 1;\n}'));
    expect(normaliseCode('not code (')).toBe('not code (');
    expect(printValid(parseProgram('let x = 1;')!)).toBe('let x = 1;');
  });
});
