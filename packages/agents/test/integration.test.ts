// The seed's eight integration scenarios (tests/test_outcome_trajectory_integration.py), on a real libSQL file.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { OutcomeLogger } from '@genesis/outcome-logger';
import { createSandbox, type Sandbox } from '@genesis/sandbox';
import { namespaces, parseOutcome, parseTrainingExample, type ProductionOutcome, type TrainingExample } from '@genesis/schemas';
import { createDeterministicOperators, SEDarwin, type Problem } from '@genesis/se-darwin';
import { BuilderAgent } from '../src/builder-agent.js';
import { QAAgent } from '../src/qa-agent.js';
import { problemFromTask } from '../src/problem.js';
import type { FunctionImplementation, FunctionTask } from '../src/types.js';
import { sumEvensTask, sumOddsHeldOut, sumOddsTask, tempDbUrl, removeTempDirs, tempDir } from './fixtures.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

let store: MemoryStore;
let sandbox: Sandbox;
const url = tempDbUrl();
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  store = await openStore(url);
  sandbox = createSandbox({ poolSize: 2 });
});
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
  await sandbox.close();
  await store.close();
  removeTempDirs();
});

/** Builder and QA of one tenant sharing the store, a logger and the sandbox. */
function agents(tenantId: string) {
  let n = 0;
  // Reproducible outcome ids make the evolution runs below reproducible too (trajectory ids derive from them).
  const logger = new OutcomeLogger({ store, tenantId, handleSignals: false, newId: () => `${tenantId}-outcome-${++n}` });
  const qa = new QAAgent({ tenantId, store, logger, sandbox });
  const builder = new BuilderAgent({ tenantId, store, logger, qa });
  open.push(logger, qa, builder);
  return { logger, qa, builder };
}

async function values<T>(ns: readonly string[], parse: (v: unknown) => T): Promise<T[]> {
  const page = await store.list(ns, { limit: 200 });
  return page.items.map((i) => parse(i.value));
}
const outcomesOf = (tenant: string, agent: string): Promise<ProductionOutcome[]> => values(namespaces.outcomes(tenant, agent), parseOutcome);
const trainingOf = (tenant: string, agent: string): Promise<TrainingExample[]> => values(namespaces.training(tenant, agent), parseTrainingExample);

async function implementLogged(builder: BuilderAgent, task: FunctionTask): Promise<{ impl: FunctionImplementation; passed: boolean }> {
  const impl = await builder.generateCodeWithLogging(task.description, builder.implement, task);
  const report = await builder.verification(impl);
  return { impl, passed: report?.status === 'passed' };
}

function problemFor(task: FunctionTask, heldOutTests = sumOddsHeldOut): Problem {
  return problemFromTask(task, { heldOutTests });
}

function darwin(tenantId: string, agentName: string, crossAgent = false, seed = 7) {
  const d = new SEDarwin({
    agentName,
    tenantId,
    store,
    operators: createDeterministicOperators(),
    config: { maxIterations: 30, plateauGenerations: 30, trajectoriesPerIteration: 8, successThreshold: 1, productionLimit: 10, crossAgent, seed, concurrency: 2, budget: { evaluations: 300 } },
  });
  open.push(d);
  return d;
}

/** Evolves with a few seeds in turn until one solves the problem (as a scheduler rerunning learning would). */
async function evolveUntilSolved(make: (seed: number) => SEDarwin, problem: Problem, seeds = [1, 4, 6, 5, 7]) {
  let last;
  for (const seed of seeds) {
    const d = make(seed);
    last = { darwin: d, result: await d.evolve(problem) };
    if (last.result.best?.score === 1) return last;
  }
  return last!;
}

describe('seed integration scenarios on a libSQL file', () => {
  it('1. Builder integration: generated code is logged, and QA verifies it', async () => {
    const { builder, logger } = agents('s1');
    const { impl, passed } = await implementLogged(builder, sumEvensTask);
    expect(impl).toMatchObject({ source: 'skill', sourceId: 'skill:sumEvens', entry: 'sumEvens' });
    expect(passed).toBe(true);
    await logger.flush();
    const [outcome] = await outcomesOf('s1', 'builder_agent');
    expect(outcome).toMatchObject({ agentName: 'builder_agent', taskType: 'array_sum', success: true, verified: true });
    expect(outcome!.executionPath.map((s) => s.name)).toEqual(expect.arrayContaining(['lookup_strategy', 'skill_search', 'choose_skill', 'adapt_skill']));
    expect(outcome!.toolsUsed).toContain('skill_search');
    expect((outcome!.result as { code: string }).code).toBe(impl.code);
    expect(outcome!.context).toMatchObject({ problemId: 'sumEvens' });
  });

  it('2. QA failure-pattern learning: failed runs keep their failing tests, grouped per problem', async () => {
    const { builder, qa, logger } = agents('s2');
    for (let i = 0; i < 2; i++) expect((await implementLogged(builder, sumOddsTask)).passed).toBe(false);
    await logger.flush();
    const qaOutcomes = await outcomesOf('s2', 'qa_agent');
    expect(qaOutcomes).toHaveLength(2);
    expect(qaOutcomes.every((o) => !o.success && !o.verified)).toBe(true);
    const [pattern] = await qa.failurePatterns();
    expect(pattern).toMatchObject({ key: 'sumOdds', taskType: 'array_sum', failedRuns: 2 });
    expect(pattern!.tests.map((t) => [t.name, t.count])).toContainEqual(['sumOdds([1,2,3,4]) → 4', 2]);
    expect(pattern!.tests.find((t) => t.name === 'sumOdds([1,2,3,4]) → 4')!.message).toBe('expected 4, got 6');
    // No training example comes from a failure: only verified successes teach.
    expect(await trainingOf('s2', 'builder_agent')).toEqual([]);
  });

  it('3. SE-Darwin consumes the plans of verified Builder runs', async () => {
    const { builder, logger } = agents('s3');
    await implementLogged(builder, sumEvensTask);
    await implementLogged(builder, { ...sumEvensTask, entry: 'evenTotal', problemId: 'evenTotal' });
    await logger.flush();
    const examples = await trainingOf('s3', 'builder_agent');
    expect(examples).toHaveLength(2);
    expect(examples.every((e) => e.plan.status === 'candidate' && e.plan.confidence > 0 && e.plan.confidence < 1)).toBe(true);
    const { trajectories } = await darwin('s3', 'builder_agent').loadProductionTrajectories({ limit: 10 });
    expect(trajectories).toHaveLength(2);
    expect(trajectories.map((t) => t.problemId).sort()).toEqual(['evenTotal', 'sumEvens']);
    expect(trajectories.every((t) => t.metadata.source === 'production' && t.score === 1 && t.code.includes('x % 2 === 0'))).toBe(true);
  });

  it('4. persistence across a restart: a new process reads what the first wrote, and uses what was learned', async () => {
    // The first process is given no store at all: its agents open the embedded default, ./.genesis/genesis.db.
    const cwd = tempDir('genesis-restart-');
    const dbUrl = `file:${join(cwd, '.genesis', 'genesis.db')}`;
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = (phase: string) =>
      run(process.execPath, ['--import', tsx, join(here, 'restart-child.ts'), dbUrl, phase], { cwd, timeout: 90_000 });
    const first = JSON.parse((await child('write')).stdout) as { pid: number; verified: boolean };
    expect(first.verified).toBe(true);
    const other = await openStore(dbUrl);
    try {
      const outcomes = (await other.list(namespaces.outcomes('restart', 'builder_agent'))).items;
      expect(outcomes.map((i) => parseOutcome(i.value).taskType).sort()).toEqual(['array_sum', 'code_generation']);
      expect((await other.list(namespaces.training('restart', 'builder_agent'))).items.length).toBe(2);
      expect((await other.list(namespaces.outcomes('restart', 'qa_agent'))).items.length).toBe(2);
      expect((await other.list(['skills', 'restart', 'builder_agent'], { limit: 100 })).items.length).toBeGreaterThanOrEqual(30);
    } finally {
      await other.close();
    }
    const second = JSON.parse((await child('read')).stdout) as { pid: number; outcomes: number; source: string; passed: boolean };
    expect(second.pid).not.toBe(first.pid);
    expect(second.outcomes).toBe(2);
    expect(second).toMatchObject({ source: 'strategy', passed: true });
  }, 120_000);

  it('5. cross-agent learning: code QA verified seeds the Builder’s evolution only with crossAgent', async () => {
    const { builder, qa, logger } = agents('s5');
    // Another team's function, verified by QA (100% pass): QA now holds working code for this family.
    const oddTotal = { kind: 'function' as const, entry: 'oddTotal', taskType: 'array_sum', problemId: 'oddTotal', code: 'function oddTotal(values) {\n  let sum = 0;\n  for (const v of values) {\n    if (v % 2 !== 0) sum += v;\n  }\n  return sum;\n}' };
    const report = await qa.runTestsWithLogging('Regression tests for oddTotal', qa.runTestSuite, {
      suite: qa.planSuite(oddTotal, [{ args: [[1, 2, 3]], expected: 4 }, { args: [[]], expected: 0 }]),
      target: oddTotal,
    });
    expect(report.status).toBe('passed');
    // The Builder has no skill for odd sums and gets it wrong.
    const wrong = await implementLogged(builder, sumOddsTask);
    expect(wrong.passed).toBe(false);
    await logger.flush();
    const problem = problemFor(sumOddsTask);
    const own = await darwin('s5', 'builder_agent', false).loadProductionTrajectories({ problem });
    expect(own.trajectories).toEqual([]);
    const seeds = await darwin('s5', 'builder_agent', true).loadProductionTrajectories({ problem });
    expect(seeds.trajectories.map((t) => t.agentName)).toEqual(['qa_agent']);
    const { result } = await evolveUntilSolved((seed) => darwin('s5', 'builder_agent', true, seed), problem);
    expect(result.best!.score).toBe(1);
    expect(result.production.map((t) => t.agentName)).toEqual(['qa_agent']);
    // The winner descends from QA's code: adapted to the Builder's entry, found in the first generation.
    expect(result.best!.generation).toBe(0);
    expect(result.best!.parentIds).toEqual([seeds.trajectories[0]!.trajectoryId]);
    expect(result.best!.code).toContain('function sumOdds(');
    // And the other way: QA's SE-Darwin sees the Builder's verified successes.
    await implementLogged(builder, sumEvensTask);
    await logger.flush();
    const forQa = await darwin('s5', 'qa_agent', true).loadProductionTrajectories({ limit: 10 });
    expect(new Set(forQa.trajectories.map((t) => t.agentName))).toEqual(new Set(['qa_agent', 'builder_agent']));
  }, 90_000);

  it('6. SE-Darwin loads production trajectories end to end, evolves, promotes, and the Builder changes', async () => {
    const { builder, logger } = agents('s6');
    expect((await implementLogged(builder, sumEvensTask)).passed).toBe(true);
    const before = await implementLogged(builder, sumOddsTask);
    expect(before.passed).toBe(false);
    expect(before.impl.source).toBe('skill');
    await logger.flush();
    const problem = problemFor(sumOddsTask);
    const seeds = await darwin('s6', 'builder_agent').loadProductionTrajectories({ problem });
    expect(seeds.trajectories.length).toBeGreaterThan(0);
    expect(seeds.trajectories[0]!.code).toContain('function sumEvens');
    const { darwin: d, result } = await evolveUntilSolved((seed) => darwin('s6', 'builder_agent', false, seed), problem);
    expect(result.production.length).toBeGreaterThan(0);
    expect(result.best!.score).toBe(1);
    const promotion = await d.promote(result.best!, { problem });
    expect(promotion.promoted).toBe(true);
    const after = await implementLogged(builder, sumOddsTask);
    expect(after.impl.source).toBe('strategy');
    expect(after.impl.sourceId).toBe(`${promotion.strategy!.strategyId}@${promotion.strategy!.version}`);
    expect(after.impl.code).not.toBe(before.impl.code);
    expect(after.passed).toBe(true);
    // The verified strategy code joined the skill library: a related new task gets it right the first time.
    const related = await implementLogged(builder, { ...sumOddsTask, entry: 'totalOfOdds', problemId: 'totalOfOdds', description: 'Sum of the odd numbers in a list of integers' });
    expect(related.impl).toMatchObject({ source: 'skill', sourceId: 'learned:sumOdds' });
    expect(related.passed).toBe(true);
    await logger.flush();
    const verifiedOdds = (await outcomesOf('s6', 'builder_agent')).filter((o) => o.context['problemId'] === 'sumOdds');
    expect(verifiedOdds.map((o) => o.verified).sort()).toEqual([false, true]);
  }, 90_000);

  it('7. Builder outcome logging: ("outcomes", t, builder_agent), training plan with task type code_generation, files > 0', async () => {
    const { builder, logger } = agents('s7');
    const backend = await builder.generateCodeWithLogging('Generate auth module with JWT', builder.generateBackend, {
      appName: 'MyApp',
      apiRoutes: ['login', 'register', 'users'],
      authRequired: true,
    });
    const report = await builder.verification(backend);
    expect(report).toMatchObject({ status: 'passed', kind: 'http' });
    expect(report!.total).toBeGreaterThan(20);
    await logger.flush();
    const [outcome] = await outcomesOf('s7', 'builder_agent');
    expect(outcome).toMatchObject({ taskType: 'code_generation', taskDescription: 'Generate auth module with JWT', success: true, verified: true });
    expect((outcome!.result as { fileCount: number }).fileCount).toBe(backend.files.length);
    expect(backend.files.length).toBeGreaterThan(0);
    const [example] = await trainingOf('s7', 'builder_agent');
    expect(example!.plan.taskType).toBe('code_generation');
    expect(example!.plan.toolsSequence).toContain('template:hono-backend');
  });

  it('8. QA test outcome logging: ("outcomes", t, qa_agent), execution path, test run id, total > 0', async () => {
    const { builder, qa, logger } = agents('s8');
    const backend = await builder.generateBackend({ appName: 'Auth', apiRoutes: ['login', 'register', 'notes'], authRequired: true });
    const report = await qa.runTestsWithLogging('Run integration tests for auth', qa.runTestSuite, { suite: qa.planSuite(backend), target: backend });
    await logger.flush();
    const [outcome] = await outcomesOf('s8', 'qa_agent');
    expect(outcome).toMatchObject({ agentName: 'qa_agent', taskType: 'test_execution', success: true, verified: true });
    expect(outcome!.executionPath.map((s) => s.name)).toEqual(['esbuild.bundle', 'node.start', 'http.requests', 'node.stop']);
    const result = outcome!.result as { testRunId: string; total: number; passed: number; coverage: { lines: { pct: number } } };
    expect(result.testRunId).toBe(report.testRunId);
    expect(result.total).toBe(report.total);
    expect(result.total).toBeGreaterThan(0);
    expect(result.coverage.lines.pct).toBeGreaterThan(80);
  });
});
