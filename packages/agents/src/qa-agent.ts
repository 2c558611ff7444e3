import { randomBytes, randomUUID } from 'node:crypto';
import { createSandbox, type Sandbox, type TestCase } from '@genesis/sandbox';
import type { JsonValue } from '@genesis/schemas';
import { recordStep, recordTool, type OutcomeLogger } from '@genesis/outcome-logger';
import type { MemoryStore } from '@genesis/memory-store';
import { AgentError, check } from './errors.js';
import { createRuntime, type AgentRuntime } from './runtime.js';
import { startBackend, removeBundle } from './qa/backend-process.js';
import { bundleGenerated } from './qa/bundle.js';
import { readFailurePatterns, type FailurePattern } from './qa/failure-patterns.js';
import { runFunctionSuite, type FunctionSuite, type FunctionTarget } from './qa/function-suite.js';
import { runHttpCases, type CaseOutcome } from './qa/http-runner.js';
import { planBackendSuite, planFrontendSuite, type HttpSuite } from './qa/plan-suites.js';
import { buildReport, reportToJson, type TestRunReport } from './qa/report.js';
import { TASK_TYPES } from './task-types.js';
import { annotateQaSpan, createTelemetry, type AgentTelemetry, type TelemetryOptions } from './telemetry.js';
import type { GeneratedBackend, GeneratedFile, GeneratedFrontend } from './types.js';

/** A suite QA can run: HTTP cases against a started app, or function tests in the sandbox. */
export type TestSuite = HttpSuite | FunctionSuite;

/** Generated project files to start and test over HTTP (GeneratedBackend and GeneratedFrontend fit). */
export interface AppTarget {
  kind: 'backend' | 'frontend';
  files: GeneratedFile[];
  /** File that starts the server and prints `listening on http://…` (default `src/server.ts`). */
  entry?: string;
  appName?: string;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
}

/** A server that is already running. */
export interface UrlTarget {
  kind: 'url';
  baseUrl: string;
}

/** What a suite runs against. */
export type TestTarget = AppTarget | UrlTarget | FunctionTarget;

/** Input of {@link QAAgent.runTestSuite}. */
export interface RunTestSuiteInput {
  suite: TestSuite;
  target: TestTarget;
  signal?: AbortSignal;
}

/** Options of {@link QAAgent}. */
export interface QAAgentOptions extends TelemetryOptions {
  tenantId: string;
  /** Name outcomes are logged under. Default `qa_agent`. */
  agentName?: string;
  store?: MemoryStore;
  logger?: OutcomeLogger;
  storeUrl?: string;
  /** Sandbox for function suites. Default: one created on first use (1 host) and closed by close(). */
  sandbox?: Sandbox;
  /** Measure V8 coverage of started apps (default true). */
  coverage?: boolean;
  /** Per-request timeout for HTTP cases, default 5000 ms. */
  requestTimeoutMs?: number;
}

/**
 * The QA agent: runs real test suites and reports real numbers. Backends and frontends are compiled, started in their
 * own Node process on 127.0.0.1 (random port) and exercised with HTTP requests, auth cases included; function tasks
 * run in the sandbox. Success is 100% pass.
 *
 * @example
 * const qa = new QAAgent({ tenantId: 'acme', store });
 * const backend = await builder.generateBackend({ appName: 'Shop', apiRoutes: ['products'], authRequired: true });
 * const report = await qa.runTestSuite({ suite: qa.planSuite(backend), target: backend });
 * report.passed === report.total; report.coverage?.lines.pct;
 */
export class QAAgent {
  readonly tenantId: string;
  readonly agentName: string;
  private readonly options: QAAgentOptions;
  private runtime: Promise<AgentRuntime> | undefined;
  private sandbox: Sandbox | undefined;
  private readonly ownsSandbox: boolean;
  private closed = false;
  private readonly telemetry: AgentTelemetry;
  /** Aborted by close(): stops in-flight runs (their servers are stopped, their sandbox runs killed). */
  private readonly lifetime = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: QAAgentOptions) {
    check(typeof options === 'object' && options !== null, 'QAAgent options', 'must be an object');
    check(typeof options.tenantId === 'string' && options.tenantId.length > 0, 'tenantId', 'must be a non-empty string');
    this.options = options;
    this.tenantId = options.tenantId;
    this.agentName = options.agentName ?? 'qa_agent';
    this.sandbox = options.sandbox;
    this.ownsSandbox = options.sandbox === undefined;
    this.telemetry = createTelemetry(options);
    // Handed to runTestsWithLogging as a value (the seed's API): keep `this`.
    this.runTestSuite = this.runTestSuite.bind(this);
  }

  /** The store and logger (opened on first use when not given). */
  ready(): Promise<AgentRuntime> {
    if (this.closed) return Promise.reject(new AgentError('CLOSED', 'QAAgent is closed'));
    this.runtime ??= createRuntime(this.options);
    return this.runtime;
  }

  /** The suite QA would run for a generated app, or for a function with its tests. */
  planSuite(target: GeneratedBackend | GeneratedFrontend): HttpSuite;
  planSuite(target: FunctionTarget, tests: TestCase[]): FunctionSuite;
  planSuite(target: GeneratedBackend | GeneratedFrontend | FunctionTarget, tests?: TestCase[]): TestSuite {
    if (target.kind === 'backend') return planBackendSuite(target.spec);
    if (target.kind === 'frontend') return planFrontendSuite(target.spec);
    check(Array.isArray(tests), 'tests', 'a function target needs its tests');
    return { kind: 'function', name: `${target.entry} tests`, tests };
  }

  /**
   * Runs `suite` against `target` and reports counts, failures with messages, duration, a test run id and, for
   * started apps, V8 coverage of the generated code. Steps (bundle, start, requests, stop) are recorded for the
   * outcome logger. A target that cannot start yields status `error` with every case failed, never a throw.
   */
  async runTestSuite(input: RunTestSuiteInput): Promise<TestRunReport> {
    if (this.closed) throw new AgentError('CLOSED', 'QAAgent is closed');
    check(typeof input === 'object' && input !== null, 'runTestSuite input', 'must be { suite, target }');
    const signal = input.signal ? AbortSignal.any([input.signal, this.lifetime.signal]) : this.lifetime.signal;
    const run = this.telemetry.toolSpan('run_test_suite', async (span) => {
      const report = await this.execute({ ...input, signal });
      annotateQaSpan(span, report);
      this.telemetry.recordQaRun(report);
      return report;
    });
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  private async execute(input: RunTestSuiteInput): Promise<TestRunReport> {
    const { suite, target } = input;
    check(typeof suite === 'object' && suite !== null && (suite.kind === 'http' || suite.kind === 'function'), 'suite.kind', "must be 'http' or 'function'");
    check(typeof target === 'object' && target !== null, 'target', 'must be an object');
    const started = performance.now();
    const base = {
      testRunId: `run-${randomUUID()}`,
      suite: suite.name,
      kind: suite.kind,
      startedAt: new Date().toISOString(),
      target: describeTarget(target),
    };
    if (suite.kind === 'function') {
      check(target.kind === 'function', 'target.kind', "a function suite needs a target of kind 'function'");
      check(suite.tests.length > 0, 'suite.tests', 'must not be empty');
      const sandbox = this.getSandbox();
      const run = await recordTool('sandbox.runTests', () => runFunctionSuite(sandbox, suite, target, input.signal));
      return buildReport({
        ...base,
        cases: run.cases,
        durationMs: performance.now() - started,
        code: target.code,
        coverageNote: 'not measured: functions run inside an isolated-vm isolate, outside the V8 inspector',
        ...(run.status !== 'ok' ? { error: `${run.status}: ${run.error ?? ''}`.trim() } : {}),
        logs: run.logs.slice(0, 200),
      });
    }
    check(target.kind !== 'function', 'target.kind', 'an http suite needs an app or url target');
    check(suite.cases.length > 0, 'suite.cases', 'must not be empty');
    const tokens = suite.tokens ? { ...suite.tokens, secret: suite.tokens.secret ?? randomBytes(32).toString('hex') } : undefined;
    if (target.kind === 'url') {
      const cases = await recordStep('http.requests', () =>
        runHttpCases({ baseUrl: target.baseUrl.replace(/\/$/, ''), cases: suite.cases, ...this.httpOptions(tokens, input.signal) }),
      );
      return buildReport({ ...base, cases, durationMs: performance.now() - started, coverageNote: 'not measured: the server runs outside QA', logs: [] });
    }
    let bundle;
    try {
      bundle = await recordTool('esbuild.bundle', () => bundleGenerated(target.files, target.entry ?? 'src/server.ts'));
    } catch (error) {
      return this.errored(base, suite, started, error);
    }
    try {
      let running;
      try {
        running = await recordTool('node.start', () =>
          startBackend({
            bundle,
            env: { ...target.env, ...(tokens ? { JWT_SECRET: tokens.secret } : {}) },
            coverage: this.options.coverage !== false,
            ...(input.signal ? { signal: input.signal } : {}),
          }),
        );
      } catch (error) {
        return this.errored(base, suite, started, error);
      }
      let cases: CaseOutcome[];
      let stopped: Awaited<ReturnType<typeof running.stop>>;
      try {
        cases = await recordStep('http.requests', () =>
          runHttpCases({ baseUrl: running.baseUrl, cases: suite.cases, ...this.httpOptions(tokens, input.signal) }),
        );
      } finally {
        stopped = await recordStep('node.stop', () => running.stop());
      }
      return buildReport({
        ...base,
        cases,
        durationMs: performance.now() - started,
        ...(stopped.coverage ? { coverage: stopped.coverage } : {}),
        ...(stopped.coverageError ? { coverageNote: stopped.coverageError } : {}),
        ...(this.options.coverage === false ? { coverageNote: 'disabled' } : {}),
        logs: running.logs.slice(0, 200),
      });
    } finally {
      await removeBundle(bundle);
    }
  }

  /**
   * The seed's API: runs `runner(...args)` (typically `qa.runTestSuite`) under the outcome logger. The outcome is a
   * success only at 100% pass, and then verified (QA's counts come from executing the tests). Failures are logged with
   * the failing tests, so failure patterns stay queryable. The task type is the target's when it has one (a function
   * task), else `test_execution`.
   */
  async runTestsWithLogging<A extends unknown[], R extends TestRunReport>(
    taskDescription: string,
    runner: (...args: A) => Promise<R>,
    ...args: A
  ): Promise<R> {
    check(typeof taskDescription === 'string', 'taskDescription', 'must be a string');
    check(typeof runner === 'function', 'runner', 'must be a function');
    const { logger } = await this.ready();
    const first = args[0] as Partial<RunTestSuiteInput> | undefined;
    const target = first?.target as Partial<FunctionTarget> | undefined;
    const taskType = typeof target?.taskType === 'string' ? target.taskType : TASK_TYPES.testExecution;
    const passedAll = (r: R) => r.total > 0 && r.failed === 0 && r.status === 'passed';
    const wrapped = logger.wrap({ agentName: this.agentName, taskType }, runner, {
      describe: () => taskDescription,
      success: passedAll,
      verify: (r) => passedAll(r) && r.cases.every((c) => c.ok) && r.passed === r.total,
      result: (r) => reportToJson(r),
      context: () => {
        const ctx: Record<string, JsonValue> = { suite: typeof first?.suite?.name === 'string' ? first.suite.name : 'unknown' };
        if (target?.problemId) ctx['problemId'] = target.problemId;
        if (target?.entry) ctx['entry'] = target.entry;
        if (target?.kind) ctx['targetKind'] = target.kind;
        return ctx;
      },
    });
    return wrapped(...args);
  }

  /**
   * What QA learned from its failed runs: per problem (or suite), the tests that failed, how often, and the newest
   * message. Read from its outcomes in the store.
   */
  async failurePatterns(options: { taskType?: string; limit?: number } = {}): Promise<FailurePattern[]> {
    const { store } = await this.ready();
    return readFailurePatterns({ store, tenantId: this.tenantId, agentName: this.agentName, ...options });
  }

  /** Closes what QA opened itself: its sandbox, logger and store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    await Promise.allSettled([...this.inFlight]);
    if (this.ownsSandbox && this.sandbox) await this.sandbox.close();
    if (this.runtime) await (await this.runtime).close();
  }

  private getSandbox(): Sandbox {
    this.sandbox ??= createSandbox({ poolSize: 1 });
    return this.sandbox;
  }

  private httpOptions(tokens: { issuer: string; audience: string; secret: string } | undefined, signal?: AbortSignal) {
    return {
      ...(tokens ? { tokens } : {}),
      ...(this.options.requestTimeoutMs ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
      ...(signal ? { signal } : {}),
    };
  }

  private errored(
    base: Pick<TestRunReport, 'testRunId' | 'suite' | 'kind' | 'startedAt' | 'target'>,
    suite: HttpSuite,
    started: number,
    error: unknown,
  ): TestRunReport {
    const message = (error as Error).message ?? String(error);
    return buildReport({
      ...base,
      cases: suite.cases.map((c) => ({ name: c.name, ok: false, durationMs: 0, message: `not run: ${message.split('\n')[0]}` })),
      durationMs: performance.now() - started,
      error: message,
      errored: true,
      logs: message.split('\n').slice(1, 40),
    });
  }
}

function describeTarget(target: TestTarget): TestRunReport['target'] {
  if (target.kind === 'function') {
    return {
      kind: 'function',
      entry: target.entry,
      ...(target.problemId ? { problemId: target.problemId } : {}),
      ...(target.taskType ? { taskType: target.taskType } : {}),
    };
  }
  if (target.kind === 'url') return { kind: 'url' };
  return { kind: target.kind, entry: target.entry ?? 'src/server.ts', ...(target.appName ? { appName: target.appName } : {}) };
}
