import type { LanguageModel } from 'ai';
import type { MemoryStore } from '@genesis/memory-store';
import { recordStep, recordTool, type OutcomeLogger } from '@genesis/outcome-logger';
import type { Sandbox } from '@genesis/sandbox';
import type { JsonValue, Strategy } from '@genesis/schemas';
import { getActiveStrategy } from '@genesis/se-darwin';
import { generateBackendFiles } from './backend/generate-backend.js';
import { AgentError, check } from './errors.js';
import { generateFrontendFiles } from './frontend/generate-frontend.js';
import { implementWithModel } from './model.js';
import type { QAAgent } from './qa-agent.js';
import type { TestRunReport } from './qa/report.js';
import { createRuntime, type AgentRuntime } from './runtime.js';
import { adaptCode, declaredParams } from './skills/adapt.js';
import { defaultSkills, type Skill } from './skills/default-skills.js';
import { SkillLibrary, tokens, type SkillMatch } from './skills/skill-library.js';
import { TASK_TYPES } from './task-types.js';
import { createTelemetry, type AgentTelemetry, type TelemetryOptions } from './telemetry.js';
import type {
  BackendSpec,
  FrontendSpec,
  FunctionImplementation,
  FunctionTask,
  GeneratedBackend,
  GeneratedFrontend,
} from './types.js';

/** Options of {@link BuilderAgent}. */
export interface BuilderAgentOptions extends TelemetryOptions {
  tenantId: string;
  /** Name outcomes, skills and strategies are kept under. Default `builder_agent`. */
  agentName?: string;
  /** Default: the embedded libSQL store (`file:./.genesis/genesis.db`), opened on first use. */
  store?: MemoryStore;
  /** Default: an OutcomeLogger on the store, with automatic plan extraction. */
  logger?: OutcomeLogger;
  storeUrl?: string;
  /**
   * QA agent whose verdict marks logged outcomes `verified` (generateCodeWithLogging). Without one, outcomes are
   * logged unverified — and so never become training examples.
   */
  qa?: QAAgent;
  /** When given, candidate skills are tried on the task's `examples` and the first that passes them is used. */
  sandbox?: Sandbox;
  /** Fallback for function tasks no strategy or skill covers (any AI SDK language model). */
  model?: LanguageModel;
  /** The shipped skill library, written to the store on first use. Default {@link defaultSkills}. */
  skills?: readonly Skill[];
  /** Skills scoring below this similarity are not used (default 0.2). */
  minSkillScore?: number;
  /**
   * Add code that QA verified and that did not come from the library (a learned strategy or a model) to the skill
   * library, so related tasks find it too (default true).
   */
  learnSkills?: boolean;
}

/** Options of {@link BuilderAgent.implement}. */
export interface ImplementOptions {
  signal?: AbortSignal;
}

function validateTask(task: FunctionTask): void {
  check(typeof task === 'object' && task !== null, 'task', 'must be an object');
  check(typeof task.taskType === 'string' && task.taskType.length > 0, 'task.taskType', 'must be a non-empty string');
  check(typeof task.description === 'string' && task.description.length > 0, 'task.description', 'must be a non-empty string');
  check(typeof task.entry === 'string' && /^[A-Za-z_$][\w$]*$/.test(task.entry), 'task.entry', 'must be a JavaScript identifier');
  check(task.signature === undefined || typeof task.signature === 'string', 'task.signature', 'must be a string');
  check(task.examples === undefined || Array.isArray(task.examples), 'task.examples', 'must be an array of { args, expected }');
  check(task.tests === undefined || Array.isArray(task.tests), 'task.tests', 'must be an array of { args, expected }');
}

function isFunctionTask(value: unknown): value is FunctionTask {
  return typeof value === 'object' && value !== null && typeof (value as FunctionTask).entry === 'string' && typeof (value as FunctionTask).taskType === 'string';
}

/**
 * The Builder agent. It generates runnable Hono backends (with JWT auth through jose when asked) and frontends, and
 * implements function-level tasks from, in order: the active Strategy SE-Darwin promoted for the task, the closest
 * skill of its library (retrieved through the store's search and adapted to the task), or a model. Every step and
 * tool call is recorded for the outcome logger; `generateCodeWithLogging` logs the run, verified by QA.
 *
 * @example
 * const qa = new QAAgent({ tenantId: 'acme', store });
 * const builder = new BuilderAgent({ tenantId: 'acme', store, qa });
 * const impl = await builder.generateCodeWithLogging('Sum of the odd numbers', builder.implement, {
 *   taskType: 'array_sum', entry: 'sumOdds', description: 'Sum of the odd numbers in an array', tests,
 * });
 * const verdict = await builder.verification(impl); // QA's report: verdict.passed === verdict.total?
 */
export class BuilderAgent {
  readonly tenantId: string;
  readonly agentName: string;
  private readonly options: BuilderAgentOptions;
  private runtime: Promise<AgentRuntime> | undefined;
  private library: SkillLibrary | undefined;
  private readonly verifications = new WeakMap<object, Promise<TestRunReport | undefined>>();
  private closed = false;
  private readonly telemetry: AgentTelemetry;

  constructor(options: BuilderAgentOptions) {
    check(typeof options === 'object' && options !== null, 'BuilderAgent options', 'must be an object');
    check(typeof options.tenantId === 'string' && options.tenantId.length > 0, 'tenantId', 'must be a non-empty string');
    this.options = options;
    this.tenantId = options.tenantId;
    this.agentName = options.agentName ?? 'builder_agent';
    this.telemetry = createTelemetry(options);
    // Methods are handed to generateCodeWithLogging as values; keep `this`.
    this.generateBackend = this.generateBackend.bind(this);
    this.generateFrontend = this.generateFrontend.bind(this);
    this.implement = this.implement.bind(this);
  }

  /** The store and logger (the embedded default store is opened on first use when none was given). */
  ready(): Promise<AgentRuntime> {
    if (this.closed) return Promise.reject(new AgentError('CLOSED', 'BuilderAgent is closed'));
    this.runtime ??= createRuntime(this.options);
    return this.runtime;
  }

  /** The skill library in the store (seeded with the shipped skills on first use). */
  async skills(): Promise<SkillLibrary> {
    const { store } = await this.ready();
    this.library ??= new SkillLibrary({ store, tenantId: this.tenantId, agentName: this.agentName, skills: this.options.skills ?? defaultSkills });
    return this.library;
  }

  /**
   * Generates a runnable Hono backend: package.json, tsconfig.json, README.md, src/app.ts (exported `app`),
   * src/server.ts, src/validation.ts, src/auth.ts (JWT via jose) when `authRequired` or a login route is asked for,
   * and one CRUD router per resource with in-memory data and input validation.
   */
  async generateBackend(spec: BackendSpec): Promise<GeneratedBackend> {
    const backend = recordStep('generate_backend', () => recordTool('template:hono-backend', () => generateBackendFiles(spec)));
    this.telemetry.recordGeneration('backend');
    return backend;
  }

  /** Generates a runnable frontend: HTML pages with navigation, a stylesheet and a browser script, served by Hono. */
  async generateFrontend(spec: FrontendSpec): Promise<GeneratedFrontend> {
    const frontend = recordStep('generate_frontend', () => recordTool('template:hono-pages', () => generateFrontendFiles(spec)));
    this.telemetry.recordGeneration('frontend');
    return frontend;
  }

  /**
   * Implements a function task: the active learned Strategy for (taskType, problemId) if SE-Darwin promoted one; else
   * the closest skill of the library, adapted (renamed to `entry`, parameters renamed to the signature's); else the
   * model, if configured. Throws `NO_SOLUTION` when none applies. Retrieval by similarity means a related but
   * different skill can be chosen (sum of evens for sum of odds): QA catches that and SE-Darwin learns the fix.
   */
  async implement(task: FunctionTask, options: ImplementOptions = {}): Promise<FunctionImplementation> {
    const impl = await this.resolveImplementation(task, options);
    this.telemetry.recordImplementation(impl.source, impl.taskType);
    return impl;
  }

  private async resolveImplementation(task: FunctionTask, options: ImplementOptions): Promise<FunctionImplementation> {
    validateTask(task);
    const { store } = await this.ready();
    const problemId = task.problemId ?? task.entry;
    const base = { kind: 'function' as const, taskType: task.taskType, problemId, entry: task.entry, language: 'js' as const };

    const strategy = await recordStep('lookup_strategy', () =>
      getActiveStrategy({ store, tenantId: this.tenantId, agentName: this.agentName, taskType: task.taskType, problemId }),
    );
    if (strategy && strategy.code.trim().length > 0) return this.fromStrategy(strategy, task, base);

    const matches = await recordTool('skill_search', async () => (await this.skills()).find(task, 5));
    const usable = matches.filter((m) => m.score >= (this.options.minSkillScore ?? 0.2));
    if (usable.length > 0) {
      const chosen = await recordStep('choose_skill', () => this.chooseSkill(usable, task, options.signal));
      const adapted = recordStep('adapt_skill', () => adaptCode(chosen.match.skill.code, task));
      return {
        ...base,
        code: adapted.code,
        source: 'skill',
        sourceId: chosen.match.skill.skillId,
        rationale: `closest skill ${chosen.match.skill.name} (similarity ${chosen.match.score.toFixed(2)}${chosen.why})${
          adapted.renamed.length ? `, adapted: ${adapted.renamed.join(', ')}` : ''
        }`,
      };
    }

    if (this.options.model) {
      const model = this.options.model;
      const { code, modelId } = await recordTool('model.generateText', () => implementWithModel(model, task, options.signal));
      return { ...base, code, source: 'model', sourceId: modelId, rationale: `no strategy or skill matched; written by ${modelId}` };
    }
    throw new AgentError(
      'NO_SOLUTION',
      `No learned strategy, no skill with similarity ≥ ${this.options.minSkillScore ?? 0.2} and no model for task ${task.entry} (${task.taskType})`,
    );
  }

  /**
   * The seed's API: runs `generator(...args)` under the outcome logger, recording its steps and tools. When the
   * Builder has a QA agent, QA's tests decide `verified`: a generated backend or frontend is started and tested over
   * HTTP; a function implementation is tested in the sandbox against the task's `tests`. The task type is the
   * task's own for function tasks, else `code_generation`. Returns exactly what the generator returned.
   */
  async generateCodeWithLogging<A extends unknown[], R>(
    taskDescription: string,
    generator: (...args: A) => Promise<R>,
    ...args: A
  ): Promise<R> {
    check(typeof taskDescription === 'string' && taskDescription.length > 0, 'taskDescription', 'must be a non-empty string');
    check(typeof generator === 'function', 'generator', 'must be a function');
    const { logger } = await this.ready();
    const task = isFunctionTask(args[0]) ? args[0] : undefined;
    const taskType = task?.taskType ?? TASK_TYPES.codeGeneration;
    const qa = this.options.qa;
    const wrapped = logger.wrap({ agentName: this.agentName, taskType }, generator, {
      describe: () => taskDescription,
      context: () => contextOf(args[0]),
      result: (r) => resultToJson(r),
      ...(qa
        ? {
            verify: async (r: Awaited<R>) => {
              const report = await this.verificationFor(r, task, qa);
              return report !== undefined && report.status === 'passed' && report.total > 0;
            },
          }
        : {}),
    });
    const result = await wrapped(...args);
    if (qa && typeof result === 'object' && result !== null) void this.verificationFor(result as Awaited<R>, task, qa);
    return result;
  }

  /**
   * QA's report for a result returned by generateCodeWithLogging (the same run that decided `verified`), or
   * undefined when there is no QA agent or nothing QA can test (a function task without tests).
   */
  verification(result: object): Promise<TestRunReport | undefined> {
    return this.verifications.get(result) ?? Promise.resolve(undefined);
  }

  /** Closes what the Builder opened itself (logger and store); a given store, logger, QA or sandbox stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.runtime) await (await this.runtime).close();
  }

  private verificationFor(result: unknown, task: FunctionTask | undefined, qa: QAAgent): Promise<TestRunReport | undefined> {
    if (typeof result !== 'object' || result === null) return Promise.resolve(undefined);
    const cached = this.verifications.get(result);
    if (cached) return cached;
    const r = result as GeneratedBackend | GeneratedFrontend | FunctionImplementation;
    let run: Promise<TestRunReport | undefined>;
    if (r.kind === 'backend' || r.kind === 'frontend') {
      run = qa.runTestsWithLogging(`QA for ${r.appName}`, qa.runTestSuite, { suite: qa.planSuite(r), target: r });
    } else if (r.kind === 'function' && task?.tests && task.tests.length > 0) {
      run = qa.runTestsWithLogging(`QA for ${task.entry}: ${task.description}`, qa.runTestSuite, {
        suite: qa.planSuite(r, task.tests),
        target: r,
      });
    } else {
      run = Promise.resolve(undefined);
    }
    if (r.kind === 'function' && task && r.source !== 'skill' && this.options.learnSkills !== false) {
      run = run.then(async (report) => {
        if (report?.status === 'passed') await this.learnSkill(r, task).catch(() => undefined);
        return report;
      });
    }
    this.verifications.set(result, run);
    return run;
  }

  /** Stores verified code as a learned skill (keyed by problem, so a better version replaces an older one). */
  private async learnSkill(impl: FunctionImplementation, task: FunctionTask): Promise<void> {
    const library = await this.skills();
    await library.add({
      skillId: `learned:${impl.problemId}`,
      name: impl.entry,
      description: task.description,
      category: 'learned',
      tags: [impl.taskType, ...tokens(task.description)].slice(0, 16),
      params: declaredParams(impl.code, impl.entry),
      code: impl.code,
      examples: (task.tests ?? []).slice(0, 5),
    });
  }

  private fromStrategy(
    strategy: Strategy,
    task: FunctionTask,
    base: Pick<FunctionImplementation, 'kind' | 'taskType' | 'problemId' | 'entry' | 'language'>,
  ): FunctionImplementation {
    const adapted = recordStep('apply_strategy', () => adaptCode(strategy.code, task));
    return {
      ...base,
      code: adapted.code,
      source: 'strategy',
      sourceId: `${strategy.strategyId}@${strategy.version}`,
      rationale: `learned strategy v${strategy.version} (score ${strategy.score.toFixed(2)}${
        strategy.heldOutScore !== undefined ? `, held-out ${strategy.heldOutScore.toFixed(2)}` : ''
      }): ${strategy.plan.strategy.slice(0, 200)}`,
    };
  }

  /** With a sandbox and examples, the first candidate that passes the examples; else the best-ranked one. */
  private async chooseSkill(matches: SkillMatch[], task: FunctionTask, signal?: AbortSignal): Promise<{ match: SkillMatch; why: string }> {
    const sandbox = this.options.sandbox;
    const examples = task.examples ?? [];
    if (!sandbox || examples.length === 0) return { match: matches[0]!, why: '' };
    for (const match of matches) {
      const { code } = adaptCode(match.skill.code, task);
      const run = await recordTool('sandbox.runTests', () =>
        sandbox.runTests({ code, entry: task.entry, tests: examples, timeoutMs: 1000, ...(signal ? { signal } : {}) }),
      );
      if (run.status === 'ok' && run.passed === run.total) return { match, why: `, passes the ${run.total} examples` };
    }
    return { match: matches[0]!, why: ', no candidate passed the examples' };
  }
}

function contextOf(arg: unknown): Record<string, JsonValue> {
  if (isFunctionTask(arg)) {
    return { problemId: arg.problemId ?? arg.entry, entry: arg.entry, ...(arg.signature ? { signature: arg.signature } : {}) };
  }
  if (typeof arg === 'object' && arg !== null && typeof (arg as { appName?: unknown }).appName === 'string') {
    const spec = arg as Partial<BackendSpec & FrontendSpec>;
    return {
      appName: spec.appName!,
      ...(Array.isArray(spec.apiRoutes) ? { apiRoutes: spec.apiRoutes.map((r) => (typeof r === 'string' ? r : r.path)) } : {}),
      ...(Array.isArray(spec.pages) ? { pages: spec.pages.map((p) => (typeof p === 'string' ? p : p.path)) } : {}),
      ...(spec.authRequired !== undefined ? { authRequired: spec.authRequired } : {}),
    };
  }
  return {};
}

/** What a Builder outcome stores as its result: the code for functions, a file summary for apps. */
export function resultToJson(result: unknown): JsonValue {
  if (typeof result !== 'object' || result === null) return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as JsonValue);
  const r = result as Partial<GeneratedBackend | GeneratedFrontend | FunctionImplementation>;
  if (r.kind === 'function') {
    const f = r as FunctionImplementation;
    return { kind: 'function', code: f.code, entry: f.entry, language: f.language, source: f.source, sourceId: f.sourceId, problemId: f.problemId, taskType: f.taskType, rationale: f.rationale };
  }
  if (r.kind === 'backend' || r.kind === 'frontend') {
    const app = r as GeneratedBackend | GeneratedFrontend;
    return {
      kind: app.kind,
      appName: app.appName,
      entry: app.entry,
      fileCount: app.files.length,
      files: app.files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) })),
      ...(app.kind === 'backend'
        ? { routes: app.spec.resources.map((res) => res.path), authRequired: app.spec.authRequired, authRoutes: app.spec.authRoutes }
        : { pages: app.spec.pages.map((p) => p.path) }),
    };
  }
  return JSON.parse(JSON.stringify(result)) as JsonValue;
}
