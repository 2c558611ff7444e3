import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { OutcomeLogger } from '@genesis/outcome-logger';
import { namespaces, parseOutcome } from '@genesis/schemas';
import { generateBackendFiles } from '../src/backend/generate-backend.js';
import { bundleGenerated } from '../src/qa/bundle.js';
import { removeBundle, startBackend } from '../src/qa/backend-process.js';
import { QAAgent } from '../src/qa-agent.js';
import { tempDbUrl, removeTempDirs } from './fixtures.js';
import { mutate } from './helpers.js';

let store: MemoryStore;
let qa: QAAgent;
beforeAll(async () => {
  store = await openStore(tempDbUrl());
  qa = new QAAgent({ tenantId: 'qa', store });
});
afterAll(async () => {
  await qa.close();
  await store.close();
  removeTempDirs();
});

const backend = generateBackendFiles({ appName: 'Shop', apiRoutes: ['products'], authRequired: true });
const fn = (code: string) => ({ kind: 'function' as const, entry: 'f', code });

describe('QAAgent', () => {
  it('reports real counts for function targets, including runaway and broken code', async () => {
    const tests = [{ args: [1], expected: 2 }, { args: [2], expected: 4, name: 'doubles two' }];
    const ok = await qa.runTestSuite({ suite: qa.planSuite(fn('function f(x) { return x * 2; }'), tests), target: fn('function f(x) { return x * 2; }') });
    expect(ok).toMatchObject({ status: 'passed', total: 2, passed: 2, failed: 0, passRate: 1, kind: 'function' });
    expect(ok.testRunId).toMatch(/^run-/);
    expect(ok.coverageNote).toMatch(/isolated-vm/);
    const wrong = await qa.runTestSuite({ suite: qa.planSuite(fn(''), tests), target: fn('function f(x) { console.log("hi"); return x + 2; }') });
    expect(wrong).toMatchObject({ status: 'failed', passed: 1, failed: 1 });
    expect(wrong.failures).toEqual([{ name: 'f(1) → 2', message: 'expected 2, got 3', expected: 2, actual: 3 }]);
    expect(wrong.logs.join('\n')).toContain('hi');
    const loop = await qa.runTestSuite({ suite: { ...qa.planSuite(fn(''), tests), timeoutMs: 300 }, target: fn('function f() { for (;;) {} }') });
    expect(loop.status).toBe('failed');
    expect(loop.error).toMatch(/^timeout/);
    expect(loop.failures.every((f) => f.message.length > 0)).toBe(true);
    const syntax = await qa.runTestSuite({ suite: qa.planSuite(fn(''), tests), target: fn('function f( {') });
    expect(syntax.error).toMatch(/^syntax_error/);
    expect(syntax.passed).toBe(0);
  });

  it('tests a generated backend over HTTP with auth cases and V8 coverage; coverage can be switched off', async () => {
    const report = await qa.runTestSuite({ suite: qa.planSuite(backend), target: backend });
    expect(report.status).toBe('passed');
    expect(report.cases.map((c) => c.name)).toEqual(expect.arrayContaining(['/products rejects an expired token', 'logs in', '/products accepts a valid token']));
    expect(report.coverage!.files.length).toBeGreaterThan(3);
    expect(report.logs.join('\n')).toMatch(/listening on http:\/\/127\.0\.0\.1:/);
    const quiet = new QAAgent({ tenantId: 'qa', store, coverage: false, requestTimeoutMs: 2000 });
    const noCov = await quiet.runTestSuite({ suite: qa.planSuite(backend), target: backend });
    expect(noCov.coverage).toBeUndefined();
    expect(noCov.coverageNote).toBe('disabled');
    await quiet.close();
  });

  it('reports status error, never a throw, when the target does not compile or does not start', async () => {
    const suite = qa.planSuite(backend);
    const broken = mutate(backend.files, 'src/app.ts', 'export const app = createApp();', 'export const app = createApp(;');
    const a = await qa.runTestSuite({ suite, target: { ...backend, files: broken } });
    expect(a).toMatchObject({ status: 'error', passed: 0, total: suite.cases.length });
    expect(a.error).toMatch(/does not compile/);
    expect(a.failures[0]!.message).toMatch(/^not run: /);
    const crashing = mutate(backend.files, 'src/server.ts', "const port = Number(process.env['PORT'] ?? 3000);", "throw new Error('no config');\nconst port = 0;");
    const b = await qa.runTestSuite({ suite, target: { ...backend, files: crashing } });
    expect(b.status).toBe('error');
    expect(b.error).toMatch(/Backend did not start: it exited with code 1/);
    expect(b.logs.join('\n')).toMatch(/no config/);
    const silent = mutate(backend.files, 'src/server.ts', /console\.log\(`[^`]*`\);/, 'void info;');
    const c = await qa.runTestSuite({ suite: { ...suite, cases: suite.cases.slice(0, 1) }, target: { ...backend, files: silent, env: {} }, signal: AbortSignal.timeout(1500) });
    expect(c.error).toMatch(/aborted/);
  });

  it('close() stops in-flight runs: the server is stopped and the run reports why', async () => {
    const agent = new QAAgent({ tenantId: 'qa', store });
    const running = agent.runTestSuite({ suite: agent.planSuite(backend), target: backend });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await agent.close();
    const report = await running;
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(report.status).not.toBe('passed');
    expect(report.passed).toBeLessThan(report.total);
  });

  it('tests a server that is already running (url target)', async () => {
    const bundle = await bundleGenerated(backend.files, backend.entry);
    const running = await startBackend({ bundle, coverage: false });
    try {
      const suite = qa.planSuite(backend);
      const report = await qa.runTestSuite({ suite: { ...suite, cases: suite.cases.slice(0, 8) }, target: { kind: 'url', baseUrl: `${running.baseUrl}/` } });
      expect(report.status).toBe('passed');
      expect(report.total).toBe(8);
      expect(report.coverageNote).toMatch(/outside QA/);
    } finally {
      await running.stop();
      await removeBundle(bundle);
    }
  });

  it('rejects mismatched suites and targets with typed errors', async () => {
    await expect(qa.runTestSuite({ suite: { kind: 'function', name: 'x', tests: [{ args: [], expected: 1 }] }, target: backend })).rejects.toThrow(/target\.kind/);
    await expect(qa.runTestSuite({ suite: qa.planSuite(backend), target: fn('') })).rejects.toThrow(/target\.kind/);
    await expect(qa.runTestSuite({ suite: { kind: 'function', name: 'x', tests: [] }, target: fn('') })).rejects.toThrow(/suite\.tests/);
    await expect(qa.runTestSuite({ suite: { kind: 'http', name: 'x', cases: [] }, target: backend })).rejects.toThrow(/suite\.cases/);
    await expect(qa.runTestSuite({ suite: { kind: 'nope' } as never, target: backend })).rejects.toThrow(/suite\.kind/);
    await expect(qa.runTestSuite(null as never)).rejects.toThrow(/runTestSuite input/);
    expect(() => qa.planSuite(fn(''), undefined as never)).toThrow(/tests/);
    expect(() => new QAAgent({ tenantId: '' })).toThrow(/tenantId/);
  });

  it('runTestsWithLogging: success only at 100% pass; any runner can be wrapped', async () => {
    const logger = new OutcomeLogger({ store, tenantId: 'qalog', handleSignals: false });
    const agent = new QAAgent({ tenantId: 'qalog', store, logger });
    const target = { ...fn('function f(x) { return x; }'), taskType: 'identity', problemId: 'f-identity' };
    const failing = await agent.runTestsWithLogging('identity tests', agent.runTestSuite, { suite: agent.planSuite(target, [{ args: [1], expected: 1 }, { args: [2], expected: 3 }]), target });
    expect(failing.status).toBe('failed');
    const custom = await agent.runTestsWithLogging('custom runner', async (n: number) => ({ ...failing, total: n, passed: n, failed: 0, status: 'passed' as const, cases: [] }), 3);
    expect(custom.total).toBe(3);
    await logger.flush();
    const outcomes = (await store.list(namespaces.outcomes('qalog', 'qa_agent'))).items.map((i) => parseOutcome(i.value));
    const byDesc = Object.fromEntries(outcomes.map((o) => [o.taskDescription, o]));
    expect(byDesc['identity tests']).toMatchObject({ taskType: 'identity', success: false, verified: false, context: { problemId: 'f-identity', entry: 'f', suite: 'f tests' } });
    expect((byDesc['identity tests']!.result as { failures: unknown[] }).failures).toHaveLength(1);
    expect(byDesc['custom runner']).toMatchObject({ taskType: 'test_execution', success: true, context: { suite: 'unknown' } });
    const patterns = await agent.failurePatterns({ taskType: 'identity' });
    expect(patterns.map((p) => [p.key, p.failedRuns])).toEqual([['f-identity', 1]]);
    await agent.close();
    await agent.close();
    await expect(agent.runTestSuite({ suite: agent.planSuite(target, [{ args: [1], expected: 1 }]), target })).rejects.toThrow(/closed/);
    await expect(agent.ready()).rejects.toThrow(/closed/);
    await logger.close();
  });
});
