// The runner is what each host process executes; here it runs in the test worker itself (started with
// --no-node-snapshot, see vitest.config.ts) so its behaviour and coverage are checked directly.
import fc from 'fast-check';
import ivm from 'isolated-vm';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../codec.js';
import type { RunMessage } from '../protocol.js';
import { IsolateRunner } from './runner.js';
import { codecValue } from '../../test/arbitraries.js';

const runner = new IsolateRunner(ivm);
afterAll(() => runner.dispose());

let id = 0;
function job(code: string, args: unknown[][], patch: Partial<RunMessage> = {}): RunMessage {
  return {
    type: 'run',
    id: ++id,
    code,
    compile: false,
    entry: 'f',
    args: encodeValue(args),
    timeoutMs: 1000,
    memoryMb: 32,
    maxLogBytes: 1000,
    maxResultBytes: 10_000,
    isolation: 'isolate',
    contextsPerIsolate: 1,
    ...patch,
  };
}

describe('IsolateRunner', () => {
  it('runs each case and reports wire values, throws and uncopyable results', async () => {
    const result = await runner.run(
      job('function f(x) { if (x === 1) throw new Error("one"); if (x === 2) return { get g() { throw 1 } }; return [x, -0] }', [
        [0],
        [1],
        [2],
      ]),
    );
    expect(result.status).toBe('ok');
    expect(result.id).toBe(id);
    expect(result.cases.map((c) => c.kind)).toEqual(['value', 'threw', 'uncopyable']);
    expect(decodeValue(result.cases[0]?.data as string)).toEqual([0, -0]);
    expect(result.cases[1]?.data).toBe('Error: one');
    expect(result.cases[2]?.data).toBe('result could not be copied: 1');
    const objects = await runner.run(job('function f(k) { throw k ? { code: 42, why: "no" } : [1, 2] }', [[1], [0]]));
    expect(objects.cases.map((c) => c.data)).toEqual(['{"code":42,"why":"no"}', '[1,2]']);
  });

  it('uses a fresh isolate for every job: globals do not carry over', async () => {
    await runner.run(job('globalThis.leak = 42; function f() { return 1 }', [[]]));
    runner.prewarm({ isolation: 'isolate', memoryMb: 32, contextsPerIsolate: 1 });
    const result = await runner.run(job('function f() { return typeof leak }', [[]]));
    expect(decodeValue(result.cases[0]?.data as string)).toBe('undefined');
  });

  it('reports what V8 cannot compile as a syntax error', async () => {
    const result = await runner.run(job('function f( {', [[]]));
    expect(result.status).toBe('syntax_error');
    expect(result.error).toMatch(/SyntaxError/);
  });

  it('reports a missing entry and a throwing top level', async () => {
    expect((await runner.run(job('const g = 1', [[]]))).error).toBe("entry function 'f' is not defined");
    const load = await runner.run(job('throw "nope"', [[]]));
    expect(load.status).toBe('crash');
    expect(load.error).toBe('the candidate threw while loading: nope');
  });

  it('times out, and disposes an isolate whose promise never settles', async () => {
    const loop = await runner.run(job('function f() { for (;;) {} }', [[]], { timeoutMs: 100 }));
    expect(loop.status).toBe('timeout');
    expect(loop.error).toBe('timed out after 100 ms');
    const hang = await runner.run(job('function f() { return new Promise(() => {}) }', [[]], { timeoutMs: 100 }));
    expect(hang.status).toBe('timeout');
  });

  it('reports memory exhaustion as oom, with a different memory limit than the prepared isolate', async () => {
    runner.prewarm({ isolation: 'isolate', memoryMb: 64, contextsPerIsolate: 1 });
    const result = await runner.run(
      job('function f() { const a = []; for (;;) a.push(new Array(1e5).fill(1)) }', [[]], { memoryMb: 16 }),
    );
    expect(result.status).toBe('oom');
    expect(result.error).toBe('memory limit of 16 MB exceeded');
  });

  it('truncates console output at maxLogBytes, counting UTF-8 bytes', async () => {
    const result = await runner.run(
      job('function f() { for (let i = 0; i < 100; i++) console.log("ééééé" + i); return 1 }', [[]], {
        maxLogBytes: 50,
      }),
    );
    expect(result.logs.at(-1)).toBe('[sandbox] console output truncated at 50 bytes');
    const kept = result.logs.slice(0, -1);
    expect(kept.slice(0, 3)).toEqual(['ééééé0', 'ééééé1', 'ééééé2']);
    expect(kept.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)).toBeLessThanOrEqual(50);
  });

  it('copies a result without running code the candidate put on Object.prototype or Array.prototype', async () => {
    const trap = (name: string) => `{ set(v) { throw new Error('${name} setter ran') }, get() { return 'inherited' }, configurable: true }`;
    const result = await runner.run(
      job(
        `Object.defineProperty(Object.prototype, 'sum', ${trap('sum')});
         Object.defineProperty(Object.prototype, '__proto__', ${trap('__proto__')});
         Object.defineProperty(Array.prototype, '0', ${trap('index')});
         Object.defineProperty(Array.prototype, 'toJSON', { value() { return 'array toJSON ran' }, configurable: true });
         Object.prototype.toJSON = function () { return this === globalThis ? 1 : 'object toJSON ran' };
         function f(k) { return k === 0 ? { sum: 3, list: [NaN, 2] } : [[undefined], 'x'] }`,
        [[0], [1]],
      ),
    );
    expect(result.cases.map((c) => c.kind)).toEqual(['value', 'value']);
    // The candidate's own toJSON applies to its own objects (as JSON.stringify would); nothing else of it runs.
    expect(decodeValue(result.cases[0]?.data as string)).toBe('object toJSON ran');
    expect(decodeValue(result.cases[1]?.data as string)).toBe('array toJSON ran');
    const plain = await runner.run(
      job(
        `Object.defineProperty(Object.prototype, 'sum', ${trap('sum')});
         Object.defineProperty(Array.prototype, '0', ${trap('index')});
         Object.defineProperty(Array.prototype, '1', ${trap('index')});
         function f() { return { sum: 3, list: [NaN, 2n], nested: [[undefined]] } }`,
        [[]],
      ),
    );
    expect(plain.cases[0]?.kind).toBe('value');
    expect(decodeValue(plain.cases[0]?.data as string)).toEqual({ sum: 3, list: [NaN, 2n], nested: [[undefined]] });
  });

  it('applies toJSON once per value, as JSON.stringify does', async () => {
    const result = await runner.run(
      job(
        `class Box { constructor(v) { this.v = v } toJSON() { return new Box(this.v + 1) } }
         function f(k) { if (k === 0) return new Box(1); const o = { a: 1, toJSON() { return o } }; return [o] }`,
        [[0], [1]],
      ),
    );
    expect(result.cases.map((c) => c.kind)).toEqual(['value', 'value']);
    expect(result.cases[0]?.data).toBe(encodeValue({ v: 2 }));
    expect(decodeValue(result.cases[1]?.data as string)).toEqual([{ a: 1, toJSON: undefined }]);
  });

  it('names an unhandled promise rejection as such; the cases that ran are kept', async () => {
    const result = await runner.run(job('function f(x) { Promise.reject(new RangeError("stray")); return x }', [[1], [2]]));
    expect(result.status).toBe('crash');
    expect(result.error).toBe('unhandled promise rejection: stray');
    expect(result.cases.map((c) => decodeValue(c.data))).toEqual([1, 2]);
  });

  it('refuses results larger than maxResultBytes', async () => {
    const result = await runner.run(job('function f() { return "z".repeat(20000) }', [[]]));
    expect(result.cases[0]?.data).toMatch(/larger than 10000 bytes/);
  });

  it("with isolation 'context', reuses an isolate with fresh globals, and drops it after a failure", async () => {
    const ctx = { isolation: 'context', contextsPerIsolate: 3 } as const;
    const probe = 'globalThis.seen = (globalThis.seen ?? 0) + 1; function f() { return [seen, typeof leak] }';
    const first = await runner.run(job(`globalThis.leak = 1; ${probe}`, [[]], ctx));
    expect(decodeValue(first.cases[0]?.data as string)).toEqual([1, 'number']);
    runner.prewarm({ isolation: 'context', memoryMb: 32, contextsPerIsolate: 3 });
    const second = await runner.run(job(probe, [[]], ctx));
    expect(decodeValue(second.cases[0]?.data as string)).toEqual([1, 'undefined']);
    // A syntax error does not spoil the isolate; a timeout does (the next candidate still runs normally).
    expect((await runner.run(job('function f( {', [[]], ctx))).status).toBe('syntax_error');
    expect((await runner.run(job('function f() { for (;;) {} }', [[]], { ...ctx, timeoutMs: 50 }))).status).toBe('timeout');
    const after = await runner.run(job(probe, [[]], ctx));
    expect(decodeValue(after.cases[0]?.data as string)).toEqual([1, 'undefined']);
    // A different memory limit, or switching back to 'isolate', replaces the prepared context.
    runner.prewarm({ isolation: 'context', memoryMb: 32, contextsPerIsolate: 3 });
    expect((await runner.run(job(probe, [[]], { ...ctx, memoryMb: 48 }))).status).toBe('ok');
    runner.prewarm({ isolation: 'context', memoryMb: 48, contextsPerIsolate: 3 });
    expect((await runner.run(job(probe, [[]]))).status).toBe('ok');
    runner.prewarm({ isolation: 'context', memoryMb: 32, contextsPerIsolate: 3 });
    runner.dispose();
  });

  it('copies values out of the isolate exactly as the trusted codec does (property, 1,000 values)', async () => {
    const values = fc.sample(codecValue, { numRuns: 1000, seed: Number(process.env.FC_SEED ?? 20261126) });
    const result = await runner.run(
      job('function f(x) { return x }', values.map((v) => [v]), { maxResultBytes: 1_000_000, timeoutMs: 10_000 }),
    );
    expect(result.status).toBe('ok');
    expect(result.cases).toHaveLength(1000);
    result.cases.forEach((c, i) => {
      expect(c.kind).toBe('value');
      expect(c.data).toBe(encodeValue(values[i], { canonical: true }));
    });
  });

  it('compiles TypeScript and modules first, reporting when compiled and esbuild errors as syntax errors', async () => {
    let compiled = 0;
    const ts = await runner.run(job('export const f = (x: number): number => x * 2', [[4]], { compile: 'ts' }), () => compiled++);
    expect(ts.status).toBe('ok');
    expect(decodeValue(ts.cases[0]?.data as string)).toBe(8);
    const broken = await runner.run(job('export const f = (x: number => x', [[4]], { compile: 'ts' }), () => compiled++);
    expect(broken.status).toBe('syntax_error');
    expect(broken.error).toMatch(/^candidate\.ts:1:\d+: /);
    expect(compiled).toBe(2);
  });

  it('reports an isolate that cannot be created as a crash', async () => {
    const result = await runner.run(job('function f() {}', [[]], { memoryMb: Number.NaN }));
    expect(result.status).toBe('crash');
    expect(result.error).toMatch(/could not create an isolate/);
  });
});
