import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type RunTestsOptions, type SandboxPool } from '../src/index.js';

let sandbox: SandboxPool;
beforeAll(() => {
  sandbox = createSandbox({ poolSize: 2 });
});
afterAll(() => sandbox.close());

const run = (options: RunTestsOptions) => sandbox.runTests(options);

describe('candidate shapes', () => {
  it.each([
    ['function declaration', 'function sq(x) { return x * x }'],
    ['const arrow', 'const sq = (x) => x * x;'],
    ['var function expression', 'var sq = function (x) { return x * x }'],
    ['export function', 'export function sq(x) { return x * x }'],
    ['export const', 'export const sq = (x) => x * x'],
    ['export list with alias', 'function square(x) { return x * x }\nexport { square as sq }'],
    ['export default function with the entry name', 'export default function sq(x) { return x * x }'],
    ['CommonJS exports', 'exports.sq = (x) => x * x'],
    ['class static method bound', 'class M { static sq(x) { return x * x } }\nconst sq = M.sq'],
  ])('finds the entry in a %s', async (_label, code) => {
    const result = await run({ code, entry: 'sq', tests: [{ args: [7], expected: 49 }] });
    expect(result.status, result.error).toBe('ok');
    expect(result.passed).toBe(1);
  });

  it('compiles TypeScript with types, interfaces, enums and generics', async () => {
    const code = `
      interface Point { x: number; y: number }
      enum Axis { X = 'x', Y = 'y' }
      type Pair<T> = [T, T];
      export function norm(p: Point, axis?: Axis): number {
        const pair: Pair<number> = [p.x, p.y];
        if (axis === Axis.X) return Math.abs(pair[0]);
        return Math.hypot(...pair);
      }`;
    const result = await run({
      code,
      language: 'ts',
      entry: 'norm',
      tests: [
        { args: [{ x: 3, y: 4 }], expected: 5 },
        { args: [{ x: -3, y: 4 }, 'x'], expected: 3 },
      ],
    });
    expect(result.status, result.error).toBe('ok');
    expect(result.passed).toBe(2);
  });

  it('reports TypeScript in a js candidate, a syntax error, and a missing entry as syntax_error', async () => {
    const tests = [{ args: [], expected: 1 }];
    const ts = await run({ code: 'function f(x: number) { return x }', entry: 'f', tests });
    expect(ts.status).toBe('syntax_error');
    expect(ts.error).toMatch(/candidate\.js:1:\d+/);
    const broken = await run({ code: 'function f( { return 1 ', language: 'ts', entry: 'f', tests });
    expect(broken.status).toBe('syntax_error');
    expect(broken.error).toMatch(/candidate\.ts/);
    const missing = await run({ code: 'function g() { return 1 }', entry: 'f', tests });
    expect(missing.status).toBe('syntax_error');
    expect(missing.error).toBe("entry function 'f' is not defined");
    const notFn = await run({ code: 'export const f = 42', entry: 'f', tests });
    expect(notFn.status).toBe('syntax_error');
    expect(notFn.error).toMatch(/is not a function \(it is number\)/);
    for (const r of [ts, broken, missing, notFn]) {
      expect(r.total).toBe(1);
      expect(r.failed).toBe(1);
      expect(r.cases[0]?.error).toMatch(/not run/);
    }
  });

  it('reports top-level code that throws as a crash with the message', async () => {
    const result = await run({ code: 'throw new TypeError("bad init"); function f() {}', entry: 'f', tests: [{ args: [], expected: 1 }] });
    expect(result.status).toBe('crash');
    expect(result.error).toBe('the candidate threw while loading: TypeError: bad init');
  });
});

describe('running tests', () => {
  it('awaits async entries and counts failures and throws without failing the run', async () => {
    const result = await run({
      code: `
        export async function fact(n) {
          await null;
          if (n < 0) throw new RangeError('negative');
          return n <= 1 ? 1 : n * (await fact(n - 1));
        }`,
      entry: 'fact',
      tests: [
        { args: [5], expected: 120 },
        { args: [0], expected: 1, name: 'zero' },
        { args: [3], expected: 7 },
        { args: [-1], expected: 0 },
      ],
    });
    expect(result.status).toBe('ok');
    expect(result.error).toBeUndefined();
    expect([result.passed, result.failed, result.total]).toEqual([2, 2, 4]);
    expect(result.cases.map((c) => c.ok)).toEqual([true, true, false, false]);
    expect(result.cases[2]?.actual).toBe(6);
    expect(result.cases[3]).toMatchObject({ ok: false, error: 'RangeError: negative' });
    expect(result.cases[3]).not.toHaveProperty('actual');
    for (const c of result.cases) expect(c.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('compares deeply by default, with NaN, -0, undefined properties and BigInt handled', async () => {
    const result = await run({
      code: 'function id(x) { return x }',
      entry: 'id',
      tests: [
        { args: [{ a: [1, { b: 'c' }], d: null }], expected: { a: [1, { b: 'c' }], d: null } },
        { args: [[1, 2, 3]], expected: [1, 2] },
        { args: [{ a: 1 }], expected: { a: 1, b: undefined } },
        { args: [Number.NaN], expected: Number.NaN },
        { args: [-0], expected: 0 },
        { args: [12345678901234567890n], expected: 12345678901234567890n },
        { args: [[undefined, Infinity, -Infinity]], expected: [undefined, Infinity, -Infinity] },
        { args: [{ a: 1 }], expected: [1] },
        { args: ['1'], expected: 1 },
      ],
    });
    expect(result.cases.map((c) => c.ok)).toEqual([true, false, true, true, true, true, true, false, false]);
    expect(Object.is(result.cases[4]?.actual, -0)).toBe(true);
    expect(result.cases[5]?.actual).toBe(12345678901234567890n);
  });

  it('converts Dates, Maps, Sets and typed arrays deliberately', async () => {
    const result = await run({
      code: `function conv(kind) {
        return [new Date(0), new Map([['a', 1]]), new Set([1, 2]), new Uint8Array([1, 2]), () => 1, Symbol('s')][kind];
      }`,
      entry: 'conv',
      tests: [
        { args: [0], expected: '1970-01-01T00:00:00.000Z' },
        { args: [1], expected: [['a', 1]] },
        { args: [2], expected: [1, 2] },
        { args: [3], expected: [1, 2] },
        { args: [4], expected: undefined },
        { args: [5], expected: undefined },
      ],
    });
    expect(result.passed).toBe(6);
  });

  it('compares Sets as sets and Maps as maps, whatever their insertion order; arguments keep theirs', async () => {
    const result = await run({
      code: `function build(kind, input) {
        if (kind === 'set') return new Set([3, 1, 2, 'b', 'a', { k: 2 }, { k: 1 }]);
        if (kind === 'map') return new Map([['z', [new Set([2, 1])]], ['a', 1]]);
        if (kind === 'nested') return { tags: new Set(['y', 'x']), pairs: [new Set([2, 1]), new Set([4, 3])] };
        if (kind === 'other') return new Set([1, 2, 4]);
        return input; // an argument Set arrives as an array, in its insertion order
      }`,
      entry: 'build',
      tests: [
        { args: ['set'], expected: new Set([{ k: 1 }, 'a', 1, 2, 3, 'b', { k: 2 }]) },
        { args: ['map'], expected: new Map<string, unknown>([['a', 1], ['z', [new Set([1, 2])]]]) },
        { args: ['nested'], expected: { tags: new Set(['x', 'y']), pairs: [new Set([1, 2]), new Set([3, 4])] } },
        { args: ['other'], expected: new Set([1, 2, 3]) },
        { args: ['arg', new Set([3, 1, 2])], expected: [3, 1, 2] },
      ],
    });
    expect(result.cases.map((c) => c.ok)).toEqual([true, true, true, false, true]);
    // What a Set reports: its values in a canonical order (by their wire text), the same for equal sets.
    expect(result.cases[0]?.actual).toEqual(['a', 'b', 1, 2, 3, { k: 1 }, { k: 2 }]);
    expect(result.cases[3]?.actual).toEqual([1, 2, 4]);
  });

  it('passes arguments as copies: the candidate cannot change the caller objects', async () => {
    const input = { list: [3, 1, 2] };
    const result = await run({
      code: 'function sortIt(o) { o.list.sort(); o.added = true; return o }',
      entry: 'sortIt',
      tests: [{ args: [input], expected: { list: [1, 2, 3], added: true } }],
    });
    expect(result.passed).toBe(1);
    expect(input).toEqual({ list: [3, 1, 2] });
    // Results are fresh plain copies too.
    expect(Object.getPrototypeOf(result.cases[0]?.actual)).toBe(Object.prototype);
  });

  it('applies float tolerance only when asked', async () => {
    const code = 'function avg(xs) { return xs.reduce((a, b) => a + b, 0) / xs.length }';
    const tests = [
      { args: [[0.1, 0.2]], expected: 0.15 },
      { args: [[1e9, 1e9 + 1]], expected: 1e9 + 0.5 + 10 },
      { args: [[1, 2]], expected: 1.6 },
    ];
    const exact = await run({ code, entry: 'avg', tests: [{ args: [[0.1, 0.2, 0.3]], expected: 0.2 }] });
    expect(exact.passed).toBe(0); // 0.6000000000000001 / 3
    const loose = await run({ code, entry: 'avg', tests, compare: { floatTolerance: 1e-9 } });
    expect(loose.cases.map((c) => c.ok)).toEqual([true, false, false]);
    const looser = await run({ code, entry: 'avg', tests, compare: { floatTolerance: 1e-6 } });
    expect(looser.cases.map((c) => c.ok)).toEqual([true, true, false]);
  });

  it('captures console output, labelled by level', async () => {
    const result = await run({
      code: `function f() {
        console.log('plain', 1, -0, 2n, null, undefined, { a: [1] }, [1, 'x'], () => 0, function named() {});
        console.error('bad', new Error('boom').message);
        console.warn('careful');
        console.info('info'); console.debug('debug');
        const cyclic = {}; cyclic.self = cyclic;
        console.log(cyclic, Symbol('s'), true);
        return 1;
      }`,
      entry: 'f',
      tests: [{ args: [], expected: 1 }],
    });
    expect(result.status).toBe('ok');
    expect(result.logs).toEqual([
      'plain 1 -0 2n null undefined {"a":[1]} [1,"x"] [Function (anonymous)] [Function: named]',
      '[error] bad boom',
      '[warn] careful',
      'info',
      'debug',
      '[unprintable] Symbol(s) true',
    ]);
  });

  it('keeps logs and finished cases when a later case times out', async () => {
    const result = await run({
      code: 'function f(x) { console.log("case", x); if (x === 2) for (;;) {} return x }',
      entry: 'f',
      tests: [0, 1, 2, 3].map((x) => ({ args: [x], expected: x })),
      timeoutMs: 300,
    });
    expect(result.status).toBe('timeout');
    expect(result.passed).toBe(2);
    expect(result.logs).toEqual(['case 0', 'case 1', 'case 2']);
  });

  it('shares the time budget across all cases of a candidate', async () => {
    const result = await run({
      code: 'function slow(ms) { const end = Date.now() + ms; while (Date.now() < end) {} return ms }',
      entry: 'slow',
      tests: [100, 100, 5000].map((ms) => ({ args: [ms], expected: ms })),
      timeoutMs: 700,
    });
    // The first two cases fit the budget together; the third cannot.
    expect(result.status).toBe('timeout');
    expect(result.passed).toBe(2);
    expect(result.cases[2]?.error).toMatch(/timed out after 700 ms/);
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('runs an empty test list', async () => {
    const result = await run({ code: 'function f() {}', entry: 'f', tests: [] });
    expect(result).toMatchObject({ status: 'ok', passed: 0, failed: 0, total: 0, cases: [] });
  });

  it('honours a per-run memory limit', async () => {
    const code = 'function f(n) { return new Array(n).fill(0).map((_, i) => ({ i, s: "x" + i })).length }';
    const small = await run({ code, entry: 'f', tests: [{ args: [1_000_000], expected: 1_000_000 }], memoryMb: 16 });
    expect(small.status).toBe('oom');
    const big = await run({ code, entry: 'f', tests: [{ args: [1_000_000], expected: 1_000_000 }], memoryMb: 256 });
    expect(big.status).toBe('ok');
    expect(big.passed).toBe(1);
  });
});
