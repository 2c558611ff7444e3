// The seed's integration scenarios (SE_DARWIN_CONTINUOUS_IMPROVEMENT.md), on a real libSQL file: outcome logging for
// a builder-like and a QA-like agent (success and failure), failure-pattern capture, what SE-Darwin consumes, and
// cross-agent learning. (Persistence across a restart in a new process is in processes.test.ts.)
import { namespaces, parseOutcome, parseTrainingExample, type TrainingExample } from '@genesis/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeLogger, createRulesExtractor, recordStep, recordTool } from '../src/index.js';
import { all, tempStore, useStore, type TempStore } from './support/store.js';

let ts: TempStore;
let logger: OutcomeLogger;
const TENANT = 'genesis';

beforeAll(async () => {
  ts = await tempStore();
  useStore(ts.store);
  logger = new OutcomeLogger({ store: ts.store, tenantId: TENANT, handleSignals: false });
});
afterAll(async () => {
  await logger.close();
  await ts.cleanup();
});

// --- a builder-like agent: generates real code for an API, type-free JS so it can be executed below ---
interface BackendSpec {
  appName: string;
  apiRoutes: string[];
  authRequired: boolean;
}
function generateBackend(spec: BackendSpec) {
  const routes = recordStep('plan routes', () => spec.apiRoutes.map((r) => ({ path: `/${r}`, name: r })));
  const handlers = recordStep('generate handlers', () =>
    routes.map((r) => `  '${r.path}': (body) => (${spec.authRequired ? "body && body.token === 'valid' ? " : ''}{ status: 200, route: '${r.name}' }${spec.authRequired ? " : { status: 401 })" : ')'},`),
  );
  const code = recordTool('codegen.write', () => `const routes = {\n${handlers.join('\n')}\n};\nreturn routes;`);
  return { appName: spec.appName, code, files: ['src/routes.js'], fileCount: 1 };
}

// --- a QA-like agent: really runs the generated code against test cases ---
interface Suite {
  testRunId: string;
  code: string;
  cases: { route: string; body: unknown; status: number }[];
}
function runTestSuite(suite: Suite) {
  const routes = recordTool('sandbox.load', () => new Function(suite.code)() as Record<string, (b: unknown) => { status: number }>);
  const failures: string[] = [];
  for (const c of suite.cases) {
    try {
      recordStep(`test ${c.route}`, () => {
        const handler = routes[c.route];
        const got = handler ? handler(c.body).status : 404;
        if (got !== c.status) throw new Error(`expected ${c.status}, got ${got}`);
      });
    } catch (e) {
      failures.push(`${c.route}: ${(e as Error).message}`);
    }
  }
  return { testRunId: suite.testRunId, total: suite.cases.length, passed: suite.cases.length - failures.length, failed: failures.length, failures, success: failures.length === 0 };
}

function safeRun(suite: Suite) {
  try {
    return runTestSuite(suite);
  } catch (e) {
    return { testRunId: suite.testRunId, total: suite.cases.length, passed: 0, failed: suite.cases.length, failures: [String(e)], success: false };
  }
}

const builder = () =>
  logger.wrap({ agentName: 'builder_agent', taskType: 'code_generation' }, generateBackend, {
    describe: (s) => `Generate backend ${s.appName} with routes ${s.apiRoutes.join(', ')}${s.authRequired ? ' and JWT authentication' : ''}`,
    // QA's verdict, not the builder's claim, marks the outcome verified
    verify: (r) => safeRun({ testRunId: 'verify', code: r.code, cases: [{ route: '/login', body: { token: 'valid' }, status: 200 }] }).failed === 0,
  });

const qa = () =>
  logger.wrap({ agentName: 'qa_agent', taskType: 'auth_integration_tests' }, runTestSuite, {
    describe: () => 'Run integration tests for auth login and register',
    success: (r) => r.failed === 0, // the seed's rule: success = 100% pass
    verify: (r) => r.total > 0 && r.passed === r.total,
  });

async function trainingOf(agent: string): Promise<TrainingExample[]> {
  return (await all(namespaces.training(TENANT, agent))).map((i) => parseTrainingExample(i.value));
}

describe("the seed's scenarios", () => {
  it('builder agent outcome logging: outcome and training example stored, task type code_generation, file count > 0', async () => {
    const result = builder()({ appName: 'MyApp', apiRoutes: ['login', 'register'], authRequired: true });
    expect(result.fileCount).toBe(1);
    await logger.flush();
    const outcomes = (await all(namespaces.outcomes(TENANT, 'builder_agent'))).map((i) => parseOutcome(i.value));
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ taskType: 'code_generation', success: true, verified: true, toolsUsed: ['codegen.write'] });
    expect((outcomes[0]!.result as { fileCount: number }).fileCount).toBeGreaterThan(0);
    const [example] = await trainingOf('builder_agent');
    expect(example!.plan).toMatchObject({ taskType: 'code_generation', status: 'candidate', extractor: 'rules@1', reasoningPattern: 'decomposition' });
    // the generated code is kept whole: SE-Darwin turns it into a trajectory
    expect((example!.outcome.result as { code: string }).code).toBe(result.code);
  });

  it('builder failure: a crash is logged with its error and never becomes a training example', async () => {
    const broken = logger.wrap({ agentName: 'builder_agent', taskType: 'code_generation' }, (spec: BackendSpec) => {
      recordStep('plan routes', () => spec.apiRoutes);
      return recordTool('codegen.write', () => {
        throw new SyntaxError('Unexpected token in template for route /admin');
      });
    });
    expect(() => broken({ appName: 'Bad', apiRoutes: ['admin'], authRequired: false })).toThrow(SyntaxError);
    await logger.flush();
    const failed = (await ts.store.search(namespaces.outcomes(TENANT, 'builder_agent'), { filter: { success: false } })).map((i) => parseOutcome(i.value));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ error: { type: 'SyntaxError' }, success: false, verified: false });
    expect(failed[0]!.executionPath.at(-1)).toMatchObject({ name: 'codegen.write', kind: 'tool', ok: false });
    expect(await trainingOf('builder_agent')).toHaveLength(1); // still only the verified success
  });

  it('QA agent test outcome logging: execution path captured, test run id present, total tests > 0', async () => {
    const code = generateBackend({ appName: 'A', apiRoutes: ['login', 'register'], authRequired: true }).code;
    const report = qa()({
      testRunId: 'run-001',
      code,
      cases: [
        { route: '/login', body: { token: 'valid' }, status: 200 },
        { route: '/login', body: {}, status: 401 },
        { route: '/register', body: { token: 'valid' }, status: 200 },
      ],
    });
    expect(report).toMatchObject({ total: 3, passed: 3, failed: 0 });
    await logger.flush();
    const [o] = (await all(namespaces.outcomes(TENANT, 'qa_agent'))).map((i) => parseOutcome(i.value));
    expect(o!.executionPath.length).toBeGreaterThanOrEqual(1);
    expect(o!.result).toMatchObject({ testRunId: 'run-001', total: 3 });
    expect(o).toMatchObject({ success: true, verified: true, taskType: 'auth_integration_tests' });
  });

  it('QA failure-pattern learning: failing tests are captured step by step, and the failure factors name them', async () => {
    const code = generateBackend({ appName: 'B', apiRoutes: ['login'], authRequired: false }).code; // auth forgotten
    const run = qa();
    const report = run({ testRunId: 'run-002', code, cases: [{ route: '/login', body: {}, status: 401 }, { route: '/logout', body: {}, status: 200 }] });
    expect(report).toMatchObject({ failed: 2, success: false });
    await logger.flush();
    const failures = (await ts.store.search(namespaces.outcomes(TENANT, 'qa_agent'), { filter: { success: false } })).map((i) => parseOutcome(i.value));
    expect(failures).toHaveLength(1);
    const f = failures[0]!;
    expect(f.executionPath.filter((s) => !s.ok).map((s) => [s.name, s.error])).toEqual([
      ['test /login', 'Error: expected 401, got 200'],
      ['test /logout', 'Error: expected 200, got 404'],
    ]);
    // the same extractor the logger uses reads the failure pattern out of the stored outcome
    const plan = createRulesExtractor().extract(f, { sameTaskDurationsMs: [], medianDurationMs: undefined, sameToolSequenceCount: 0, windowSize: 0 });
    expect(plan.failureFactors).toEqual(['step test /login failed: Error: expected 401, got 200', 'step test /logout failed: Error: expected 200, got 404']);
    expect(plan.confidence).toBeLessThanOrEqual(0.2);
    expect(await trainingOf('qa_agent')).toHaveLength(1); // only the passing run
  });

  it('SE-Darwin consumes plans: training examples, newest first, carry code, strategy, tools, confidence and ids', async () => {
    const build = builder();
    for (const app of ['Shop', 'Blog']) build({ appName: app, apiRoutes: ['login', 'posts'], authRequired: true });
    await logger.flush();
    const page = await ts.store.list(namespaces.training(TENANT, 'builder_agent'), { order: 'newest', limit: 10 });
    const examples = page.items.map((i) => parseTrainingExample(i.value));
    expect(examples).toHaveLength(3);
    expect(examples[0]!.outcome.taskDescription).toContain('Blog');
    for (const ex of examples) {
      expect(ex.plan.outcomeIds).toEqual([ex.outcome.outcomeId]);
      expect(ex.plan.toolsSequence).toEqual(['codegen.write']);
      expect(ex.plan.confidence).toBeGreaterThan(0.5);
      expect(typeof (ex.outcome.result as { code: unknown }).code).toBe('string');
      expect(ex.outcome.verified).toBe(true);
    }
    // confidence is computed from evidence: later runs with the same tool sequence are corroborated
    const byTime = [...examples].sort((a, b) => a.outcome.finishedAt.localeCompare(b.outcome.finishedAt));
    expect(byTime[2]!.plan.confidence).toBeGreaterThan(byTime[0]!.plan.confidence);
    expect(new Set(examples.map((e) => e.plan.confidence)).size).toBeGreaterThan(1);
  });

  it("cross-agent learning: the builder's training examples are found by a query for the QA agent's task", async () => {
    // QA looks for knowledge relevant to its own task type across every agent of the tenant
    const qaTask = 'auth integration tests login JWT authentication';
    const hits = await ts.store.search(['training', TENANT], { query: qaTask, limit: 20 });
    const agents = new Set(hits.map((h) => parseTrainingExample(h.value).agentName));
    expect(agents.has('builder_agent')).toBe(true);
    const builderHit = hits.map((h) => parseTrainingExample(h.value)).find((e) => e.agentName === 'builder_agent')!;
    expect(builderHit.outcome.taskDescription).toContain('JWT authentication');
    // and tenants stay apart
    expect(await ts.store.search(['training', 'other-tenant'], { query: qaTask })).toEqual([]);
  });
});
