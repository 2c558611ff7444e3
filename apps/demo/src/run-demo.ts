import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderAgent, QAAgent } from '@genesis/agents';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { OutcomeLogger } from '@genesis/outcome-logger';
import { createSandbox, type Sandbox } from '@genesis/sandbox';
import {
  SEDarwin,
  createDeterministicOperators,
  createLlmOperators,
  getActiveStrategy,
  createSandboxEvaluator,
  type EvolutionResult,
  type Operators,
  type Problem,
} from '@genesis/se-darwin';
import { DEFAULT_DB, DEFAULT_OUT, DEFAULT_SEED } from './args.js';
import { runTask } from './agents-phase.js';
import { DemoError } from './errors.js';
import { countRecords, seedCredits, winnerOf } from './records.js';
import { rate, redactUrl, renderMarkdown, type DemoReport, type OperatorRow, type TaskRow } from './report.js';
import { loadRunState, newRunState, saveRunState, wipeTenant, type RunState, type TaskRun } from './run-state.js';
import { PHASE_TITLES, type DemoEvent, type DemoOptions, type FunctionTaskDef, type Phase, type TaskDef } from './types.js';
import { buildWorkload } from './workload.js';

/** The agent SE-Darwin learns for: the Builder (its strategies are what the Builder reads). */
export const BUILDER = 'builder_agent';
/** The QA agent's name (its outcomes are logged under it). */
export const QA = 'qa_agent';

/** How hard SE-Darwin works per failed task, by size. */
export const EVOLUTION = {
  small: { maxIterations: 30, trajectoriesPerIteration: 6, evaluations: 100, plateauGenerations: 12 },
  default: { maxIterations: 24, trajectoriesPerIteration: 8, evaluations: 120, plateauGenerations: 8 },
} as const;

/** The tenant a demo run writes under: one per seed and size, so runs never mix. */
export function demoTenant(size: string, seed: number): string {
  return `demo-${size}-s${seed}`;
}

/** The evolution run id of a task (stable, so a stopped run resumes the same evolution). */
export function learningRunId(taskId: string): string {
  return `learn-${taskId}`;
}

/** The SE-Darwin problem for a function task. */
export function toProblem(task: FunctionTaskDef, starterCode?: string): Problem {
  return {
    problemId: task.taskId,
    taskType: task.taskType,
    description: task.description,
    entry: task.entry,
    signature: task.signature,
    ...(starterCode ? { starterCode } : {}),
    tests: task.tests,
    heldOutTests: task.heldOutTests,
  };
}

interface Context {
  options: Required<Pick<DemoOptions, 'size' | 'seed' | 'concurrency'>> & DemoOptions;
  store: MemoryStore;
  sandbox: Sandbox;
  logger: OutcomeLogger;
  builder: BuilderAgent;
  qa: QAAgent;
  darwin: SEDarwin;
  operatorsName: string;
  state: RunState;
  workload: TaskDef[];
  /** Prefix and counter of the outcome ids the logger hands out (see runDemo). */
  ids: { prefix: string; seq: number };
  emit: (event: DemoEvent) => void;
  signal: AbortSignal | undefined;
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DemoError('ABORTED', 'the demo was stopped; run it again to resume');
}

async function timed(ctx: Context, phase: Phase, fn: () => Promise<string>): Promise<void> {
  const { state } = ctx;
  const resumed = state.windows[phase] !== undefined;
  state.phase = phase;
  state.windows[phase] ??= { startedAt: new Date().toISOString(), finishedAt: null };
  await saveRunState(ctx.store, state);
  const total = phase === 'learning' || phase === 'promotion' ? learnable(ctx).length : ctx.workload.length;
  ctx.emit({ type: 'phase_started', phase, title: PHASE_TITLES[phase], total, resumed });
  const t0 = performance.now();
  const addTime = () => (state.phaseMs[phase] = (state.phaseMs[phase] ?? 0) + (performance.now() - t0));
  let summary: string;
  try {
    summary = await fn();
  } catch (error) {
    addTime();
    await saveRunState(ctx.store, state).catch(() => undefined);
    throw error;
  }
  addTime();
  state.windows[phase]!.finishedAt = new Date().toISOString();
  await saveRunState(ctx.store, state);
  ctx.emit({ type: 'phase_finished', phase, title: PHASE_TITLES[phase], summary, durationMs: state.phaseMs[phase] ?? 0 });
}

/** Function tasks that failed in the first production run: what SE-Darwin works on. */
function learnable(ctx: Context): FunctionTaskDef[] {
  return ctx.workload.filter((t): t is FunctionTaskDef => t.kind === 'function' && ctx.state.before[t.taskId]?.success === false);
}

async function production(ctx: Context, phase: 'production-before' | 'production-after'): Promise<void> {
  const runs = phase === 'production-before' ? ctx.state.before : ctx.state.after;
  await timed(ctx, phase, async () => {
    let index = 0;
    for (const task of ctx.workload) {
      index++;
      if (runs[task.taskId]) continue;
      checkAborted(ctx.signal);
      ctx.ids.prefix = `${ctx.state.tenantId}.${phase === 'production-before' ? 'p1' : 'p2'}.${task.taskId}`;
      ctx.ids.seq = 0;
      const run = await runTask(ctx.builder, task, ctx.signal);
      checkAborted(ctx.signal);
      // The task's outcomes (and plans) are in the store before the state says it is done: a run killed at any
      // point resumes with the same records an uninterrupted one has.
      await ctx.logger.flush();
      runs[task.taskId] = run;
      await saveRunState(ctx.store, ctx.state);
      const earlier = phase === 'production-after' ? ctx.state.before[task.taskId] : undefined;
      ctx.emit({
        type: 'task_done',
        phase,
        phaseTitle: PHASE_TITLES[phase],
        taskId: task.taskId,
        index,
        total: ctx.workload.length,
        success: run.success,
        notable: !run.success || (earlier !== undefined && earlier.success !== run.success) || run.source === 'strategy',
        detail: `${run.passed}/${run.total} passed, ${run.source}${run.sourceId ? ` ${run.sourceId}` : ''}${run.success ? '' : ` — ${run.detail}`}`,
      });
    }
    // Outcomes, plans and training examples are in the store before anything reads them.
    await ctx.logger.flush();
    const ok = Object.values(runs).filter((r) => r.success).length;
    return `${ok}/${ctx.workload.length} tasks passed QA`;
  });
}

/**
 * Evolves a task, or continues its checkpointed run. With `progress`, the run's events go to the display; without,
 * the call only reads a finished run's stored result back (promotion and the report do that).
 */
async function evolveTask(ctx: Context, task: FunctionTaskDef, progress?: { index: number; total: number }): Promise<EvolutionResult> {
  return ctx.darwin.evolve(toProblem(task, ctx.state.before[task.taskId]?.code), {
    runId: learningRunId(task.taskId),
    resume: true,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(progress ? { onEvent: (event) => ctx.emit({ type: 'evolution', taskId: task.taskId, ...progress, event }) } : {}),
  });
}

async function learning(ctx: Context): Promise<void> {
  await timed(ctx, 'learning', async () => {
    const tasks = learnable(ctx);
    let index = 0;
    for (const task of tasks) {
      index++;
      if (ctx.state.learning[task.taskId]) continue;
      checkAborted(ctx.signal);
      const result = await evolveTask(ctx, task, { index, total: tasks.length });
      if (result.stoppedBecause === 'aborted') checkAborted(ctx.signal);
      ctx.state.learning[task.taskId] = {
        runId: result.runId,
        bestScore: result.best?.score ?? 0,
        evaluations: result.evaluations,
        stoppedBecause: result.stoppedBecause,
      };
      await saveRunState(ctx.store, ctx.state);
    }
    const solved = Object.values(ctx.state.learning).filter((l) => l.bestScore >= 1).length;
    const evaluations = Object.values(ctx.state.learning).reduce((a, l) => a + l.evaluations, 0);
    return `${solved}/${tasks.length} failed tasks solved, ${evaluations} evaluations`;
  });
}

async function promotion(ctx: Context): Promise<void> {
  await timed(ctx, 'promotion', async () => {
    const tasks = learnable(ctx);
    let index = 0;
    for (const task of tasks) {
      index++;
      if (ctx.state.promotion[task.taskId]) continue;
      checkAborted(ctx.signal);
      // A finished run returns its stored result: this reads the winner back, it does not evolve again.
      const result = await evolveTask(ctx, task);
      const best = result.best;
      const problem = toProblem(task);
      let decision;
      if (!best) decision = { promoted: false, reason: 'nothing was evaluated', heldOutScore: 0 };
      else {
        const already = await activeFromRun(ctx, task, result.runId);
        decision = already ?? (await ctx.darwin.promote(best, { problem }));
      }
      ctx.state.promotion[task.taskId] = {
        promoted: decision.promoted,
        reason: decision.reason,
        heldOutScore: decision.heldOutScore,
        strategyId: decision.strategy?.strategyId ?? null,
        version: decision.strategy?.version ?? null,
        trajectoryId: best?.trajectoryId ?? null,
      };
      await saveRunState(ctx.store, ctx.state);
      ctx.emit({
        type: 'task_done',
        phase: 'promotion',
        phaseTitle: PHASE_TITLES.promotion,
        taskId: task.taskId,
        index,
        total: tasks.length,
        success: decision.promoted,
        notable: true,
        detail: decision.promoted
          ? `promoted v${decision.strategy?.version} (held-out ${decision.heldOutScore.toFixed(2)})`
          : `rejected: ${decision.reason}`,
      });
    }
    const promoted = Object.values(ctx.state.promotion).filter((p) => p.promoted).length;
    return `${promoted}/${tasks.length} promoted through the held-out gate`;
  });
}

/** After a stop between promote() and saving the state: the strategy this run already promoted, if any. */
async function activeFromRun(ctx: Context, task: FunctionTaskDef, runId: string) {
  const active = await getActiveStrategy({
    store: ctx.store,
    tenantId: ctx.state.tenantId,
    agentName: BUILDER,
    taskType: task.taskType,
    problemId: task.taskId,
  });
  if (!active || active.problemId !== task.taskId || active.provenance.runId !== runId) return null;
  return {
    promoted: true,
    strategy: active,
    reason: 'promoted before the demo was stopped',
    heldOutScore: active.heldOutScore ?? 0,
  };
}

function row(run: TaskRun | undefined): TaskRow['before'] {
  return {
    success: run?.success ?? false,
    passed: run?.passed ?? 0,
    total: run?.total ?? 0,
    source: run?.source ?? 'none',
    sourceId: run?.sourceId ?? '',
    durationMs: Math.round(run?.durationMs ?? 0),
  };
}

async function buildReport(ctx: Context): Promise<DemoReport> {
  const { state, workload } = ctx;
  const perOperator: Record<string, OperatorRow> = {};
  const stoppedBecause: Record<string, number> = {};
  const tasks: TaskRow[] = [];
  const seeds: DemoReport['seeds'] = [];
  let evaluations = 0;
  let iterations = 0;
  const learnTasks = learnable(ctx);
  for (const task of workload) {
    const before = row(state.before[task.taskId]);
    const after = row(state.after[task.taskId]);
    let learningRow: TaskRow['learning'] = null;
    if (task.kind === 'function' && state.learning[task.taskId]) {
      const result = await evolveTask(ctx, task);
      evaluations += result.evaluations;
      iterations += result.iterations;
      stoppedBecause[result.stoppedBecause] = (stoppedBecause[result.stoppedBecause] ?? 0) + 1;
      for (const [op, s] of Object.entries(result.perOperator)) {
        const o = (perOperator[op] ??= { generated: 0, evaluated: 0, improved: 0, bestScore: 0, wins: 0 });
        o.generated += s.generated;
        o.evaluated += s.evaluated;
        o.improved += s.improved;
        o.bestScore = Math.max(o.bestScore, s.bestScore);
      }
      const winner = winnerOf(result);
      if (winner) perOperator[winner.operator]!.wins++;
      learningRow = {
        runId: result.runId,
        bestScore: result.best?.score ?? 0,
        evaluations: result.evaluations,
        iterations: result.iterations,
        stoppedBecause: result.stoppedBecause,
        productionSeeds: result.production.length,
        durationMs: Math.round(result.durationMs),
        winner: winner ? { trajectoryId: winner.trajectoryId, operator: winner.operator, generation: winner.generation } : null,
      };
      if (winner) seeds.push(...(await seedCredits(ctx.store, state.tenantId, task.taskId, winner, result)));
    }
    const p = state.promotion[task.taskId];
    tasks.push({
      taskId: task.taskId,
      kind: task.kind,
      taskType: task.taskType,
      before,
      learning: learningRow,
      promotion: p
        ? { promoted: p.promoted, heldOutScore: p.heldOutScore, version: p.version, strategyId: p.strategyId, reason: p.reason }
        : null,
      after,
      change: before.success ? (after.success ? 'kept' : 'regressed') : after.success ? 'fixed' : 'still failing',
    });
  }
  const records = await countRecords(ctx.store, state.tenantId, [BUILDER, QA]);
  const promoted = Object.values(state.promotion).filter((p) => p.promoted).length;
  const phasesMs = Object.fromEntries(Object.entries(state.phaseMs).map(([k, v]) => [k, Math.round(v)]));
  return {
    format: 1,
    tenantId: state.tenantId,
    seed: state.seed,
    size: state.size,
    store: redactUrl(ctx.options.db ?? DEFAULT_DB),
    operators: ctx.operatorsName,
    telemetry: ctx.options.telemetry ?? 'none',
    sessions: state.sessions,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt ?? new Date().toISOString(),
    workload: {
      total: workload.length,
      function: workload.filter((t) => t.kind === 'function').length,
      backend: workload.filter((t) => t.kind === 'backend').length,
    },
    successRate: {
      before: rate(tasks.filter((t) => t.before.success).length, tasks.length),
      after: rate(tasks.filter((t) => t.after.success).length, tasks.length),
    },
    tasks,
    learning: {
      evolved: learnTasks.length,
      solved: tasks.filter((t) => (t.learning?.bestScore ?? 0) >= 1).length,
      evaluations,
      iterations,
      perOperator,
      stoppedBecause,
    },
    promotion: { attempted: Object.keys(state.promotion).length, promoted, rejected: Object.keys(state.promotion).length - promoted },
    seeds,
    records,
    timings: { phasesMs, totalMs: Math.round(Object.values(state.phaseMs).reduce((a, b) => a + b, 0)) },
  };
}

/** Writes report.json and report.md into `out`; returns their paths. */
export async function writeReport(report: DemoReport, out: string): Promise<{ json: string; markdown: string }> {
  await mkdir(out, { recursive: true });
  const json = join(out, 'report.json');
  const markdown = join(out, 'report.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, renderMarkdown(report));
  return { json, markdown };
}

function createOperators(options: DemoOptions): { operators: Operators; name: string } {
  if (options.operators) return { operators: options.operators, name: options.operators.name };
  if (options.model) {
    const model = options.model;
    const id = typeof model === 'string' ? model : model.modelId;
    return { operators: createLlmOperators({ model }), name: `llm:${id}` };
  }
  const operators = createDeterministicOperators();
  return { operators, name: operators.name };
}

/**
 * Runs the whole continuous-improvement loop and returns its report: production (Builder + QA on the workload,
 * outcomes logged, plans extracted), learning (SE-Darwin on every failed function task, seeded from production),
 * promotion (held-out gate), production again, and the report (also written to `out` as JSON and Markdown).
 *
 * Progress is kept in the store: after a stop (the signal, Ctrl-C, a crash) the same call resumes where it was.
 * A finished run with the same seed and size is started over (its records are replaced), as is any run with `fresh`.
 *
 * @example
 * const report = await runDemo({ size: 'small', db: 'file:/tmp/demo.db', seed: 7, out: false });
 * console.log(report.successRate.before.rate, '→', report.successRate.after.rate);
 */
export async function runDemo(input: DemoOptions = {}): Promise<DemoReport> {
  const options = { ...input, size: input.size ?? 'default', seed: input.seed ?? DEFAULT_SEED, concurrency: input.concurrency ?? 2 };
  const emit = (event: DemoEvent) => options.onEvent?.(event);
  const signal = options.signal;
  checkAborted(signal);
  const tenantId = demoTenant(options.size, options.seed);
  let store: MemoryStore;
  try {
    store = await openStore(options.db ?? DEFAULT_DB);
  } catch (error) {
    throw new DemoError('STORE_FAILED', `cannot open the store ${redactUrl(options.db ?? DEFAULT_DB)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const closers: (() => Promise<unknown>)[] = [() => store.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    closers.length = 0;
  };
  try {
    let state = await loadRunState(store, tenantId);
    if (state && (options.fresh || state.phase === 'done')) {
      const why = options.fresh ? '--fresh' : 'the previous run with this seed and size finished';
      const deleted = await wipeTenant(store, tenantId);
      emit({ type: 'info', message: `Starting over (${why}): ${deleted} records of tenant ${tenantId} removed.` });
      state = null;
    } else if (state) {
      state.sessions++;
      emit({ type: 'info', message: `Resuming the unfinished run of tenant ${tenantId} at ${state.phase} (session ${state.sessions}).` });
    } else {
      // Records without a state (a run stopped before its first save) are leftovers: start clean.
      await wipeTenant(store, tenantId);
    }
    state ??= newRunState({ tenantId, seed: options.seed, size: options.size, now: new Date().toISOString() });
    await saveRunState(store, state);

    const sandbox = createSandbox({ poolSize: options.concurrency });
    closers.push(() => sandbox.close());
    // Outcome ids name the run, the phase, the task and the outcome's rank within the task: tasks run one at a time
    // and are flushed before the next starts, so a task redone after a crash rewrites its own records (writes are
    // idempotent) and a resumed run ends with exactly the records and ids of an uninterrupted one.
    const ids = { prefix: `${tenantId}.setup`, seq: 0 };
    const logger = new OutcomeLogger({
      store,
      tenantId,
      autoExtract: true,
      // The CLI handles Ctrl-C itself (abort, flush, close).
      handleSignals: false,
      newId: () => `${ids.prefix}.${++ids.seq}`,
      seed: options.seed,
    });
    closers.push(() => logger.close());
    const qa = new QAAgent({ tenantId, store, logger, sandbox, agentName: QA });
    closers.push(() => qa.close());
    const builder = new BuilderAgent({
      tenantId,
      store,
      logger,
      qa,
      sandbox,
      agentName: BUILDER,
      ...(options.model ? { model: options.model } : {}),
    });
    closers.push(() => builder.close());
    const { operators, name: operatorsName } = createOperators(options);
    const sizeConfig = EVOLUTION[options.size];
    const darwin = new SEDarwin({
      agentName: BUILDER,
      tenantId,
      store,
      operators,
      evaluator: createSandboxEvaluator({ sandbox, timeoutMs: 1000 }),
      config: {
        maxIterations: sizeConfig.maxIterations,
        trajectoriesPerIteration: sizeConfig.trajectoriesPerIteration,
        successThreshold: 1,
        productionLimit: 6,
        crossAgent: false,
        seed: options.seed,
        concurrency: options.concurrency,
        budget: { evaluations: sizeConfig.evaluations },
        plateauGenerations: sizeConfig.plateauGenerations,
        minHeldOutScore: 1,
      },
    });
    closers.push(() => darwin.close());
    const ctx: Context = {
      options,
      store,
      sandbox,
      logger,
      builder,
      qa,
      darwin,
      operatorsName,
      state,
      workload: buildWorkload(options.size),
      ids,
      emit,
      signal,
    };

    const order: Phase[] = ['production-before', 'learning', 'promotion', 'production-after'];
    const start = state.phase === 'done' ? order.length : order.indexOf(state.phase);
    for (const phase of order.slice(start)) {
      if (phase === 'production-before' || phase === 'production-after') await production(ctx, phase);
      else if (phase === 'learning') await learning(ctx);
      else await promotion(ctx);
    }
    state.phase = 'done';
    state.finishedAt = new Date().toISOString();
    await saveRunState(store, state);
    const report = await buildReport(ctx);
    if (options.out !== false) await writeReport(report, options.out ?? DEFAULT_OUT);
    return report;
  } catch (error) {
    if (signal?.aborted && !DemoError.isInstance(error)) {
      throw new DemoError('ABORTED', 'the demo was stopped; run it again to resume', { cause: error });
    }
    throw error;
  } finally {
    await closeAll();
  }
}
