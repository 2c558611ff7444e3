import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type RunResult, type SandboxPool } from '../src/index.js';
import { descendants, environmentOf, parentOf } from './helpers.js';

const SECRET = 'genesis-secret-7f3a9c1e';
process.env.GENESIS_SANDBOX_TEST_SECRET = SECRET;

let sandbox: SandboxPool;
let baseline: number[];

const normal = {
  code: 'export function add(a, b) { return a + b }',
  entry: 'add',
  tests: [
    { args: [1, 2], expected: 3 },
    { args: [20, 22], expected: 42 },
  ],
};

/** Every attack ends the same way: contained, no stray process, and the next candidate runs normally. */
async function contained(result: RunResult, status: RunResult['status']): Promise<void> {
  expect(result.status, result.error).toBe(status);
  expect(result.total).toBe(result.cases.length);
  expect(result.passed + result.failed).toBe(result.total);
  const next = await sandbox.runTests(normal);
  expect(next.status).toBe('ok');
  expect(next.passed).toBe(2);
  const hosts = new Set(sandbox.stats().pids);
  // A host's own esbuild service (for candidates that need compiling) belongs to the host.
  const strays = descendants().filter(
    (pid) => !hosts.has(pid) && !baseline.includes(pid) && !hosts.has(parentOf(pid) ?? -1),
  );
  expect(strays).toEqual([]);
  expect(sandbox.stats().hosts).toBeLessThanOrEqual(sandbox.size);
}

function attack(code: string, options: { timeoutMs?: number; memoryMb?: number; tests?: number } = {}) {
  return sandbox.runTests({
    code,
    entry: 'f',
    tests: Array.from({ length: options.tests ?? 2 }, (_, i) => ({ args: [i], expected: i })),
    timeoutMs: options.timeoutMs ?? 400,
    ...(options.memoryMb === undefined ? {} : { memoryMb: options.memoryMb }),
  });
}

// The whole suite runs against both isolation modes: the host boundary is the same in each.
describe.each(['isolate', 'context'] as const)('isolation: %s', (isolation) => {
  beforeAll(async () => {
    sandbox = createSandbox({ poolSize: 2, defaultTimeoutMs: 1000, isolation });
    // Warm up: start a host and esbuild's service so the process baseline is stable.
    expect((await sandbox.runTests(normal)).status).toBe('ok');
    baseline = descendants();
  });

  afterAll(async () => {
    const hosts = sandbox.stats().pids;
    await sandbox.close();
    const left = descendants();
    for (const pid of hosts) expect(left).not.toContain(pid);
  });

  describe('runaway candidates', () => {
    it('stops a synchronous infinite loop at the time limit, keeping the host', async () => {
      const hostsBefore = sandbox.stats().pids;
      const started = Date.now();
      const result = await attack('function f(x) { if (x === 1) { for (;;) {} } return x }', { tests: 3 });
      // Generous bounds: CI machines are shared; the benchmark measures the real distribution (timeout + 250 ms).
      expect(Date.now() - started).toBeLessThan(400 + 1500);
      expect(result.cases[0]?.ok).toBe(true);
      expect(result.cases[1]?.error).toMatch(/timed out/);
      expect(result.cases[2]?.error).toMatch(/not run/);
      expect(result.passed).toBe(1);
      expect(result.failed).toBe(2);
      expect(sandbox.stats().pids).toEqual(hostsBefore);
      await contained(result, 'timeout');
    });

    it('stops an infinite loop inside a promise chain', async () => {
      const result = await attack(
        'export async function f(x) { await null; return Promise.resolve(x).then((v) => { while (true) {} }) }',
      );
      await contained(result, 'timeout');
      expect(result.durationMs).toBeLessThan(400 + 1500);
    });

    it('stops an infinite loop queued in a promise chain the entry does not await', async () => {
      const result = await attack('function f(x) { Promise.resolve().then(() => { for (;;) {} }); return x }');
      await contained(result, 'timeout');
    });

    it('stops catastrophic regex backtracking and a blocking Atomics.wait', async () => {
      const redos = await attack("function f() { return /^(a+)+$/.test('a'.repeat(40) + 'b') }", { tests: 1 });
      await contained(redos, 'timeout');
      const wait = await attack('function f() { return Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0) }', {
        tests: 1,
      });
      await contained(wait, 'timeout');
    });

    it('stops a promise that never settles', async () => {
      const result = await attack('const f = (x) => new Promise(() => {})');
      await contained(result, 'timeout');
      expect(result.cases[0]?.error).toMatch(/timed out/);
    });

    it('stops a memory bomb at the isolate memory limit', async () => {
      const result = await attack(
        'function f() { const hoard = []; for (;;) hoard.push(new Array(100000).fill(Math.random())) }',
        { memoryMb: 32, timeoutMs: 5000 },
      );
      await contained(result, 'oom');
      expect(result.error).toMatch(/memory limit of 32 MB/);
    });

    it('cannot bypass the memory limit with WebAssembly memory', async () => {
      const peakOf = (pid: number): number =>
        Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
      const peakMb = (): number => Math.max(...sandbox.stats().pids.map(peakOf));
      const result = await attack(
        'function f() { const m = new WebAssembly.Memory({ initial: 8192 }); new Uint8Array(m.buffer).fill(1); return 1 }',
        { memoryMb: 32, tests: 1 },
      );
      expect(result.cases[0]?.error).toMatch(/WebAssembly is not defined/);
      expect(peakMb()).toBeLessThan(400);
      await contained(result, 'ok');
    });

    it('cannot bypass the memory limit by hoarding Intl objects; locale methods still work', async () => {
      const result = await sandbox.runTests({
        code: `function f(kind) {
          if (kind === 0) { const a = []; for (;;) a.push(new Intl.DateTimeFormat('en', { dateStyle: 'full' })) }
          return [(1234.5).toLocaleString('en-US'), 'a'.localeCompare('b'), new Date(0).toLocaleDateString('en-US', { timeZone: 'UTC' })];
        }`,
        entry: 'f',
        tests: [
          { args: [0], expected: null },
          { args: [1], expected: ['1,234.5', -1, '1/1/1970'] },
        ],
        memoryMb: 32,
      });
      await contained(result, 'ok');
      expect(result.cases[0]?.error).toMatch(/Intl is not defined/);
      expect(result.cases[1]?.ok).toBe(true);
    });

    it('refuses a huge ArrayBuffer and a runaway string inside the candidate', async () => {
      const result = await attack(
        'function f(x) { if (x === 0) return new ArrayBuffer(2 ** 31).byteLength; let s = "x"; for (;;) s += s }',
        { timeoutMs: 3000 },
      );
      await contained(result, 'ok');
      expect(result.cases[0]?.error).toMatch(/RangeError/);
      expect(result.cases[1]?.error).toMatch(/RangeError/);
    });
  });

  describe('reaching the host', () => {
    it('cannot read /etc/passwd, process.env or the host environment', async () => {
      const result = await sandbox.runTests({
        code: `
          export function f(probe) {
            switch (probe) {
              case 'require': return require('fs').readFileSync('/etc/passwd', 'utf8');
              case 'process': return process.env;
              case 'global': return Object.getOwnPropertyNames(globalThis).filter((k) => /^(process|require|module|exports|Buffer|env|global|Deno|Bun)$/i.test(k));
              case 'escape': return this.constructor.constructor('return process')().env;
              case 'fn': return Function('return typeof process + typeof require + typeof Deno + typeof Bun')();
            }
          }`,
        entry: 'f',
        tests: ['require', 'process', 'global', 'escape', 'fn'].map((p) => ({ args: [p], expected: null })),
      });
      await contained(result, 'ok');
      expect(result.cases[0]?.error).toMatch(/Cannot find module 'fs'/);
      expect(result.cases[1]?.error).toMatch(/ReferenceError: process is not defined/);
      expect(result.cases[2]?.actual).toEqual([]);
      expect(result.cases[3]?.error).toMatch(/TypeError|ReferenceError/);
      expect(result.cases[4]?.actual).toBe('undefinedundefinedundefinedundefined');
      expect(JSON.stringify(result)).not.toContain(SECRET);
      expect(JSON.stringify(result)).not.toContain('root:');
      // The host process itself runs with an empty environment: only the IPC channel variables Node adds itself.
      for (const pid of sandbox.stats().pids) {
        const names = environmentOf(pid)
          .split('\0')
          .filter(Boolean)
          .map((kv) => kv.slice(0, kv.indexOf('=')));
        expect(names.sort()).toEqual(['NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE']);
        expect(environmentOf(pid)).not.toContain(SECRET);
      }
    });

    it('defeats the constructor-chain escape', async () => {
      const result = await sandbox.runTests({
        code: `
          function f(which) {
            if (which === 0) return this.constructor.constructor('return process')().pid;
            if (which === 1) return (function () { return this })().constructor.constructor('return typeof process')();
            if (which === 2) return [].constructor.constructor('return Object.keys(globalThis)')();
            return ({}).constructor.constructor('return this')() === globalThis;
          }`,
        entry: 'f',
        tests: [0, 1, 2, 3].map((i) => ({ args: [i], expected: null })),
      });
      await contained(result, 'ok');
      expect(result.cases[0]?.error).toMatch(/process is not defined/);
      expect(result.cases[1]?.actual).toBe('undefined');
      expect(result.cases[2]?.actual).toEqual([]);
      expect(result.cases[3]?.actual).toBe(true);
    });

    it.each([
      ['child_process', 'import { execSync } from "child_process"; export function f() { return execSync("id").toString() }'],
      ['fs', 'import * as fs from "node:fs"; export const f = () => fs.readFileSync("/etc/passwd", "utf8")'],
      ['net', 'const net = require("net"); function f() { return net.connect(80, "127.0.0.1") }'],
    ])('cannot load %s at the top level', async (name, code) => {
      const result = await attack(code);
      await contained(result, 'crash');
      expect(result.error).toContain(`Cannot find module '${name.startsWith('fs') ? 'node:fs' : name}'`);
    });

    it('cannot require or dynamically import modules inside the entry', async () => {
      const result = await sandbox.runTests({
        code: `
          export async function f(kind) {
            if (kind === 0) return require('child_process').execSync('id').toString();
            if (kind === 1) return (await import('fs')).readFileSync('/etc/passwd', 'utf8');
            if (kind === 2) return await eval('import("net")');
            return typeof process === 'undefined' && typeof require === 'function';
          }`,
        entry: 'f',
        tests: [0, 1, 2, 3].map((i) => ({ args: [i], expected: true })),
      });
      await contained(result, 'ok');
      expect(result.cases[0]?.error).toMatch(/Cannot find module 'child_process'/);
      expect(result.cases[1]?.error).toMatch(/Not supported/);
      expect(result.cases[2]?.error).toMatch(/Not supported/);
      expect(result.cases[3]?.ok).toBe(true);
    });

    describe('network', () => {
      let server: Server;
      let hits = 0;
      let port = 0;
      beforeAll(async () => {
        server = createServer((_req, res) => {
          hits++;
          res.end('secret-body');
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        port = (server.address() as AddressInfo).port;
      });
      afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

      it('cannot reach a local HTTP server', async () => {
        // The server works: a request from the test process itself is counted.
        expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('secret-body');
        expect(hits).toBe(1);
        const url = `http://127.0.0.1:${port}/steal`;
        const result = await sandbox.runTests({
          code: `
            export async function f(kind, url) {
              if (kind === 0) return await (await fetch(url)).text();
              if (kind === 1) { const x = new XMLHttpRequest(); x.open('GET', url); x.send(); return 'sent'; }
              if (kind === 2) return new WebSocket(url);
              return [typeof fetch, typeof XMLHttpRequest, typeof WebSocket, typeof navigator, typeof setTimeout];
            }`,
          entry: 'f',
          tests: [0, 1, 2, 3].map((i) => ({ args: [i, url], expected: null })),
        });
        await contained(result, 'ok');
        expect(result.cases[0]?.error).toMatch(/fetch is not defined/);
        expect(result.cases[1]?.error).toMatch(/XMLHttpRequest is not defined/);
        expect(result.cases[2]?.error).toMatch(/WebSocket is not defined/);
        expect(result.cases[3]?.actual).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
        await new Promise((r) => setTimeout(r, 200));
        expect(hits).toBe(1);
      });
    });

    it('cannot exit or kill its host', async () => {
      const before = sandbox.stats();
      const result = await sandbox.runTests({
        code: `
          function f(kind) {
            if (kind === 0) process.exit(1);
            if (kind === 1) return globalThis.process?.kill?.(0, 'SIGKILL') ?? 'no process';
            if (kind === 2) return this.constructor.constructor('return process')().exit(1);
            throw new Error('still here');
          }`,
        entry: 'f',
        tests: [0, 1, 2, 3].map((i) => ({ args: [i], expected: null })),
      });
      await contained(result, 'ok');
      expect(result.cases[0]?.error).toMatch(/process is not defined/);
      expect(result.cases[1]?.actual).toBe('no process');
      expect(result.cases[3]?.error).toBe('Error: still here');
      const after = sandbox.stats();
      expect(after.killed).toBe(before.killed);
      for (const pid of before.pids) expect(after.pids).toContain(pid);
    });
  });

  describe('hostile results', () => {
    it('cannot pollute host prototypes through returned values', async () => {
      const result = await sandbox.runTests({
        code: `
          function f(kind) {
            Object.prototype.pollutedInside = 'yes';
            if (kind === 0) return JSON.parse('{"__proto__": {"polluted": "yes"}, "a": 1}');
            if (kind === 1) return { constructor: { prototype: { polluted: 'yes' } } };
            if (kind === 2) { const o = {}; o.__proto__.polluted = 'yes'; return o; }
            if (kind === 3) return [{ ['__proto__']: 1 }, Object.assign(Object.create(null), { x: 1 })];
            return ({}).pollutedInside;
          }`,
        entry: 'f',
        tests: [
          { args: [0], expected: { a: 1 } },
          { args: [1], expected: { constructor: { prototype: { polluted: 'yes' } } } },
          { args: [2], expected: {} },
          { args: [3], expected: [{}, { x: 1 }] },
          { args: [4], expected: 'yes' },
        ],
      });
      await contained(result, 'ok');
      const plain = {} as Record<string, unknown>;
      expect(plain.polluted).toBeUndefined();
      expect(plain.pollutedInside).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      const first = result.cases[0]?.actual as Record<string, unknown>;
      expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
      // The own "__proto__" key survives as plain data; it did not become a prototype.
      expect(Object.getOwnPropertyDescriptor(first, '__proto__')?.value).toEqual({ polluted: 'yes' });
      expect(first.polluted).toBeUndefined();
      expect(result.cases[1]?.ok).toBe(true);
      expect(result.cases[2]?.ok).toBe(true);
      expect(result.cases[4]?.ok).toBe(true);
      // A later candidate, in a fresh isolate, sees none of it.
      const next = await sandbox.runTests({
        code: 'const f = () => [({}).pollutedInside, ({}).polluted]',
        entry: 'f',
        tests: [{ args: [], expected: [undefined, undefined] }],
      });
      expect(next.passed).toBe(1);
    });

    it('returns a throwing getter, a hostile Proxy or a cycle as a failed case', async () => {
      const result = await sandbox.runTests({
        code: `
          function f(kind) {
            if (kind === 0) return { get x() { throw new Error('getter boom') } };
            if (kind === 1) return new Proxy({}, { ownKeys() { throw new Error('trap boom') } });
            if (kind === 2) return new Proxy([], { get(t, k) { if (k === 'length') return 3; throw new Error('get trap') } });
            if (kind === 3) { const o = {}; o.self = o; return o; }
            if (kind === 4) return { then: 5, toJSON() { return 'custom' } };
            return new Proxy({ a: 1 }, {});
          }`,
        entry: 'f',
        tests: [
          { args: [0], expected: null },
          { args: [1], expected: null },
          { args: [2], expected: null },
          { args: [3], expected: null },
          { args: [4], expected: 'custom' },
          { args: [5], expected: { a: 1 } },
        ],
      });
      await contained(result, 'ok');
      expect(result.cases[0]?.error).toMatch(/result could not be copied: Error: getter boom/);
      expect(result.cases[1]?.error).toMatch(/trap boom/);
      expect(result.cases[2]?.error).toMatch(/get trap/);
      expect(result.cases[3]?.error).toMatch(/cycle/);
      expect(result.cases[4]?.ok).toBe(true);
      expect(result.cases[5]?.ok).toBe(true);
    });

    it('contains a stack overflow and hostile thrown values', async () => {
      const result = await sandbox.runTests({
        code: `
          function f(kind) {
            if (kind === 0) return f(kind);
            if (kind === 1) throw new Proxy({}, { get() { throw new Error('no peeking') } });
            if (kind === 2) throw { get message() { throw 1 }, name: 'Sneaky' };
            throw Object.assign(new Error('x'.repeat(100000)), { name: 'Long' });
          }`,
        entry: 'f',
        tests: [0, 1, 2, 3].map((i) => ({ args: [i], expected: null })),
      });
      await contained(result, 'ok');
      expect(result.cases[0]?.error).toMatch(/RangeError: Maximum call stack size exceeded/);
      expect(result.cases[1]?.error).toBe('thrown value could not be printed');
      expect(result.cases[2]?.error).toBe('thrown value could not be printed');
      expect(result.cases[3]?.error).toHaveLength(2000);
    });

    it('stops a Proxy whose traps loop forever', async () => {
      const result = await attack('function f() { return new Proxy({}, { ownKeys() { for (;;) {} } }) }');
      await contained(result, 'timeout');
    });

    it('refuses a result that cannot fit before copying it: a 2^32 − 1 length array, huge sparse and typed arrays, 300,000 keys', async () => {
      const spawned = sandbox.stats().spawned;
      const result = await attack(
        `function f(kind) {
          if (kind === 0) { const a = []; a.length = 2 ** 32 - 1; return a; }
          if (kind === 1) return new Array(2 ** 31);
          if (kind === 2) { const a = []; a[2 ** 32 - 2] = 1; return a; }
          if (kind === 3) return new Uint8Array(2e7);
          const o = {}; for (let i = 0; i < 300000; i++) o['key' + i] = i; return o;
        }`,
        { tests: 5, timeoutMs: 5000 },
      );
      expect(result.cases.map((c) => c.error)).toEqual(Array(5).fill(expect.stringMatching(/result is larger than \d+ bytes/)));
      // Refused inside the isolate: the host was not lost to a heap exhausted by the copy.
      expect(sandbox.stats().spawned).toBe(spawned);
      await contained(result, 'ok');
    });

    it('caps huge console output and refuses huge results', async () => {
      const small = createSandbox({ poolSize: 1, maxLogBytes: 1000, maxResultBytes: 10_000 });
      try {
        const result = await small.runTests({
          code: `
            function f(kind) {
              if (kind === 0) { for (let i = 0; i < 200000; i++) console.log('spam '.repeat(100)); return 'done' }
              if (kind === 1) { for (let i = 0; i < 1000000; i++) console.log(''); return 'quiet' }
              return 'y'.repeat(5000000);
            }`,
          entry: 'f',
          tests: [
            { args: [0], expected: 'done' },
            { args: [1], expected: 'quiet' },
            { args: [2], expected: '' },
          ],
          timeoutMs: 5000,
        });
        expect(result.status).toBe('ok');
        expect(result.cases[0]?.ok).toBe(true);
        expect(result.cases[1]?.ok).toBe(true);
        expect(result.cases[2]?.error).toMatch(/larger than 10000 bytes/);
        const kept = result.logs.slice(0, -1).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
        expect(kept).toBeLessThanOrEqual(1000);
        expect(result.logs.at(-1)).toBe('[sandbox] console output truncated at 1000 bytes');
        expect(JSON.stringify(result).length).toBeLessThan(20_000);
      } finally {
        await small.close();
      }
      await contained(await attack('const f = (x) => x'), 'ok');
    });
  });
});
