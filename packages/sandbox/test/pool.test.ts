import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, runTests, SandboxError, type SandboxPool } from '../src/index.js';
import { isOutOfMemoryReport } from '../src/host-process.js';
import { commandLine, descendants, eventually, isAlive } from './helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const add = {
  code: 'function add(a, b) { return a + b }',
  entry: 'add',
  tests: [{ args: [1, 2], expected: 3 }],
};
const spin = { code: 'function add() { for (;;) {} }', entry: 'add', tests: [{ args: [], expected: 0 }] };

const opened: SandboxPool[] = [];
function open(options: Parameters<typeof createSandbox>[0]): SandboxPool {
  const sandbox = createSandbox(options);
  opened.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function hostPids(): number[] {
  return descendants().filter((pid) => commandLine(pid).includes('host.cjs') || commandLine(pid).includes('fixtures'));
}

describe('pool', () => {
  it('runs candidates concurrently on up to poolSize hosts and reuses them', async () => {
    const sandbox = open({ poolSize: 2 });
    expect(sandbox.size).toBe(2);
    expect(sandbox.stats().hosts).toBe(0); // hosts start on demand
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sandbox.runTests({ ...add, tests: [{ args: [i, 1], expected: i + 1 }] }),
      ),
    );
    expect(results.every((r) => r.status === 'ok' && r.passed === 1)).toBe(true);
    const stats = sandbox.stats();
    expect(stats.spawned).toBe(2);
    expect(stats.hosts).toBe(2);
    expect(stats.runs).toBe(12);
    expect(stats.queued).toBe(0);
    expect(stats.busy).toBe(0);
    expect(results.some((r) => (r.queuedMs ?? 0) > 0)).toBe(true);
  });

  it('leaves no process behind after close(), even with work queued and running', async () => {
    const before = descendants();
    const sandbox = open({ poolSize: 2 });
    // A TypeScript candidate on each host, so each also runs its esbuild service.
    const ts = { ...add, code: 'export const add = (a: number, b: number): number => a + b', language: 'ts' as const };
    expect((await Promise.all([sandbox.runTests(ts), sandbox.runTests(ts)])).map((r) => r.passed)).toEqual([1, 1]);
    const running = [
      sandbox.runTests({ ...spin, timeoutMs: 10_000 }),
      sandbox.runTests({ ...spin, timeoutMs: 10_000 }),
      sandbox.runTests({ ...spin, timeoutMs: 10_000 }),
    ];
    await eventually(() => sandbox.stats().busy === 2);
    const pids = sandbox.stats().pids;
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(commandLine(pid)).toContain('--no-node-snapshot');
    const tree = descendants().filter((p) => !before.includes(p));
    expect(tree.length).toBeGreaterThan(2); // the hosts and their esbuild services
    const settled = Promise.allSettled(running);
    await sandbox.close();
    for (const outcome of await settled) {
      expect(outcome.status).toBe('rejected');
      expect(SandboxError.isInstance((outcome as PromiseRejectedResult).reason)).toBe(true);
      expect((outcome as PromiseRejectedResult).reason.code).toBe('CLOSED');
    }
    const after = descendants();
    for (const pid of pids) expect(after).not.toContain(pid);
    expect(after.filter((p) => !before.includes(p))).toEqual([]);
    // Grandchildren are not left behind either: esbuild's service exits when its host dies.
    expect(await eventually(() => tree.every((pid) => !isAlive(pid)), 5000)).toBe(true);
    await expect(sandbox.runTests(add)).rejects.toMatchObject({ code: 'CLOSED' });
    await sandbox.close(); // idempotent
  });

  it('SIGKILLs a host whose candidate ignores every limit, and replaces it', async () => {
    const sandbox = open({ poolSize: 1, hostScript: fixture('stuck-host.cjs'), killGraceMs: 100 });
    const started = performance.now();
    const result = await sandbox.runTests({ ...add, timeoutMs: 200 });
    const elapsed = performance.now() - started;
    expect(result.status).toBe('timeout');
    expect(result.error).toMatch(/host killed/);
    expect(result.cases[0]?.error).toMatch(/timed out/);
    // Without the outer kill this would hang forever; the bound is loose because CI machines are shared.
    expect(elapsed).toBeLessThan(200 + 100 + 1500);
    const stats = sandbox.stats();
    expect(stats.killed).toBe(1);
    // The replacement starts for the next candidate (which hangs too, and is killed too).
    const second = await sandbox.runTests({ ...add, timeoutMs: 100 });
    expect(second.status).toBe('timeout');
    expect(sandbox.stats().spawned).toBe(2);
    await sandbox.close();
    expect(hostPids()).toEqual([]);
  });

  it('reports a host that dies mid-run as a crash and replaces it', async () => {
    const sandbox = open({ poolSize: 1, hostScript: fixture('dying-host.cjs') });
    const result = await sandbox.runTests({ ...add, tests: [...add.tests, ...add.tests] });
    expect(result.status).toBe('crash');
    expect(result.error).toMatch(/host process exited \(code 7\)/);
    expect(result.total).toBe(2);
    expect(result.failed).toBe(2);
    const again = await sandbox.runTests(add);
    expect(again.status).toBe('crash');
    expect(sandbox.stats().spawned).toBe(2);
  });

  it('reports a host that runs out of memory as oom', async () => {
    const sandbox = open({ poolSize: 1, hostScript: fixture('oom-host.cjs') });
    const result = await sandbox.runTests(add);
    expect(result.status).toBe('oom');
    expect(result.error).toMatch(/heap out of memory/);
  });

  it("recognises V8's reports of heap exhaustion, the last-resort fatal path included", () => {
    expect(isOutOfMemoryReport('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')).toBe(true);
    expect(isOutOfMemoryReport('<--- JS stacktrace --->\n\nCALL_AND_RETRY_LAST\nis_heap_oom = 1\n')).toBe(true);
    expect(isOutOfMemoryReport('Segmentation fault')).toBe(false);
    expect(isOutOfMemoryReport('')).toBe(false);
  });

  it('SIGKILLs a host whose resident memory passes the cap, reporting oom', async () => {
    const sandbox = open({ poolSize: 1, hostScript: fixture('bloating-host.cjs'), hostMemoryMb: 300 });
    const result = await sandbox.runTests({ ...add, timeoutMs: 20_000 });
    expect(result.status).toBe('oom');
    expect(result.error).toMatch(/exceeded its memory cap \(\d+ MB resident\)/);
    expect(result.durationMs).toBeLessThan(10_000);
    expect(sandbox.stats().killed).toBe(1);
  });

  it('gives up with HOST_UNAVAILABLE when hosts cannot start', async () => {
    const sandbox = open({ poolSize: 1, hostScript: fixture('broken-host.cjs') });
    const error = await sandbox.runTests(add).catch((e: unknown) => e);
    expect(SandboxError.isInstance(error)).toBe(true);
    expect((error as SandboxError).code).toBe('HOST_UNAVAILABLE');
    expect((error as SandboxError).message).toMatch(/cannot load isolated-vm/);
    expect(sandbox.stats().hosts).toBe(0);
    // A later candidate tries again, and fails the same way rather than waiting forever.
    await expect(sandbox.runTests(add)).rejects.toMatchObject({ code: 'HOST_UNAVAILABLE' });
    expect(sandbox.stats().spawned).toBe(6);
  });

  it('replaces a host after maxRunsPerHost candidates', async () => {
    const sandbox = open({ poolSize: 1, maxRunsPerHost: 2 });
    const first = await sandbox.runTests(add);
    const pid = sandbox.stats().pids[0];
    await sandbox.runTests(add);
    await eventually(() => sandbox.stats().hosts === 0);
    const third = await sandbox.runTests(add);
    expect([first.status, third.status]).toEqual(['ok', 'ok']);
    expect(sandbox.stats().pids[0]).not.toBe(pid);
    expect(sandbox.stats().spawned).toBe(2);
    expect(sandbox.stats().killed).toBe(0);
  });
});

describe('orphaned hosts', () => {
  it('exit by themselves when the process that owns the pool is SIGKILLed', async () => {
    const dist = new URL('../dist/index.js', import.meta.url).href;
    const program = `
      import { createSandbox } from ${JSON.stringify(dist)};
      const sandbox = createSandbox({ poolSize: 2 });
      const run = () => sandbox.runTests({ code: 'function f() { return 1 }', entry: 'f', tests: [{ args: [], expected: 1 }] });
      await Promise.all([run(), run(), run()]);
      process.stdout.write(JSON.stringify(sandbox.stats().pids) + '\\n');
      setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) => owner.stdout.once('data', (d: Buffer) => resolve(String(d))));
    const pids = JSON.parse(line) as number[];
    expect(pids.length).toBeGreaterThanOrEqual(1);
    const alive = (pid: number): boolean => descendants(owner.pid).includes(pid) || commandLine(pid).includes('host.cjs');
    expect(pids.every(alive)).toBe(true);
    owner.kill('SIGKILL');
    expect(await eventually(() => !pids.some((pid) => commandLine(pid).includes('host.cjs')), 5000)).toBe(true);
  });
});

describe('signals meant for the caller', () => {
  it("a Ctrl-C to the caller's process group reaches neither the hosts nor their esbuild services", async () => {
    const dist = new URL('../dist/index.js', import.meta.url).href;
    const program = `
      import { createSandbox } from ${JSON.stringify(dist)};
      let interrupted = 0;
      process.on('SIGINT', () => { interrupted++; });
      const sandbox = createSandbox({ poolSize: 2 });
      const ts = { code: 'export const f = (n: number): number => n * 2', entry: 'f', language: 'ts', tests: [{ args: [2], expected: 4 }] };
      await sandbox.runTests(ts);
      // Busy for about 800 ms inside the isolate, then correct.
      const slow = sandbox.runTests({
        code: 'function f(n) { const end = Date.now() + 800; while (Date.now() < end) {} return n * 2 }',
        entry: 'f', tests: [{ args: [3], expected: 6 }], timeoutMs: 10000,
      });
      setTimeout(() => process.stdout.write('running\\n'), 200);
      const results = [await slow, await sandbox.runTests(ts)];
      process.stdout.write(JSON.stringify({ interrupted, results: results.map((r) => [r.status, r.passed, r.error ?? null]) }) + '\\n');
      await sandbox.close();`;
    const owner = spawn(process.execPath, ['--input-type=module', '-e', program], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group, as a terminal gives a foreground job
    });
    let stdout = '';
    owner.stdout.on('data', (d: Buffer) => {
      stdout += String(d);
      if (stdout.includes('running') && !stdout.includes('sent')) {
        stdout += 'sent';
        process.kill(-owner.pid!, 'SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => owner.on('exit', resolve));
    expect(code, stdout).toBe(0);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { interrupted: number; results: unknown[] };
    expect(report.interrupted).toBe(1);
    expect(report.results).toEqual([
      ['ok', 1, null],
      ['ok', 1, null],
    ]);
  });
});

describe('AbortSignal', () => {
  it('rejects at once when already aborted', async () => {
    const sandbox = open({ poolSize: 1 });
    const error = await sandbox.runTests({ ...add, signal: AbortSignal.abort('no') }).catch((e: unknown) => e);
    expect((error as SandboxError).code).toBe('ABORTED');
    expect(sandbox.stats().spawned).toBe(0);
  });

  it('kills a running candidate and removes a queued one', async () => {
    const sandbox = open({ poolSize: 1 });
    await sandbox.runTests(add);
    const pid = sandbox.stats().pids[0] as number;
    const runningCtl = new AbortController();
    const queuedCtl = new AbortController();
    const running = sandbox.runTests({ ...spin, timeoutMs: 20_000, signal: runningCtl.signal });
    const queued = sandbox.runTests({ ...add, signal: queuedCtl.signal });
    const after = sandbox.runTests(add);
    await eventually(() => sandbox.stats().busy === 1 && sandbox.stats().queued === 2);
    queuedCtl.abort();
    await expect(queued).rejects.toMatchObject({ code: 'ABORTED' });
    const started = performance.now();
    runningCtl.abort(new Error('user cancelled'));
    const error = await running.catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1500);
    expect((error as SandboxError).code).toBe('ABORTED');
    expect(((error as SandboxError).cause as Error).message).toBe('user cancelled');
    expect((await after).status).toBe('ok');
    await eventually(() => !descendants().includes(pid));
    expect(descendants()).not.toContain(pid);
    expect(sandbox.stats().killed).toBe(1);
  });

  it('aborting after the result arrived changes nothing', async () => {
    const sandbox = open({ poolSize: 1 });
    const ctl = new AbortController();
    const result = await sandbox.runTests({ ...add, signal: ctl.signal });
    ctl.abort();
    expect(result.status).toBe('ok');
    expect((await sandbox.runTests(add)).status).toBe('ok');
    expect(sandbox.stats().killed).toBe(0);
  });
});

describe('runTests (one-shot)', () => {
  it('creates, runs and closes, leaving no process', async () => {
    const before = descendants();
    const result = await runTests({ ...add, sandbox: { maxLogBytes: 100 } });
    expect(result.status).toBe('ok');
    expect(result.passed).toBe(1);
    await eventually(() => descendants().length <= before.length);
    expect(descendants().filter((p) => !before.includes(p))).toEqual([]);
  });

  it('names the test whose arguments or expectation cannot be copied', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(
      runTests({ ...add, tests: [{ args: [1, 2], expected: 3 }, { args: [1, { x: cyclic }], expected: 3 }] }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', path: 'tests[1].args', message: /tests\[1\]\.args\[1\]\.x\.self: value contains a cycle/ });
    await expect(runTests({ ...add, tests: [{ args: [], expected: cyclic }] })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      path: 'tests[0].expected',
    });
  });

  it('rejects invalid options with INVALID_OPTIONS before starting anything', async () => {
    await expect(runTests({ ...add, entry: 'not an identifier' })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      path: 'entry',
    });
  });
});
