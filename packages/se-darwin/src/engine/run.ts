import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  namespaces,
  segmentProblem,
  type JsonValue,
  type Operator,
  type OperatorStats,
  type StopReason,
  type Trajectory,
} from '@genesis/schemas';
import type { MemoryStore } from '@genesis/memory-store';
import type { Span } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config.js';
import { SEDarwinError } from '../errors.js';
import type { EvaluationResult, Evaluator } from '../evaluator.js';
import { creditInsights, emptyInsights, mergeInsights } from '../insights.js';
import type { Candidate, Insights, OperatorContext, Operators, Problem } from '../operators/types.js';
import { createRng, type Rng } from '../rng.js';
import type { Telemetry } from '../telemetry.js';
import { Archive } from './archive.js';
import { problemHash, type Checkpoint } from './checkpoint.js';
import { evaluatedTrajectory } from './evaluated.js';
import { RunPersistence } from './persistence.js';
import { proposeCandidates, stringList, type Planned } from './propose.js';
import { evolutionResult, runRecord, summary } from './report.js';
import type { EvolutionEvent, EvolutionResult, EvolveOptions } from './types.js';

export { MAX_CODE_LENGTH } from './propose.js';

/** What a run needs from its SEDarwin. */
export interface RunDeps {
  tenantId: string;
  agentName: string;
  store: MemoryStore | undefined;
  operators: Operators;
  evaluator: Evaluator;
  config: ResolvedConfig;
  clock: () => number;
  telemetry: Telemetry;
  loadSeeds: (problem: Problem) => Promise<Trajectory[]>;
  loadInsights: () => Promise<Insights>;
  saveInsights: (delta: Insights, runId: string) => Promise<void>;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error as { code?: unknown } | null)?.code === 'ABORTED';
}

function newRunId(): string {
  return `run-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}

/** One call of `evolve`: loads or creates the run's checkpoint and runs generations until a stop condition. */
export class EvolutionRunner {
  private readonly runId: string;
  private readonly persistence: RunPersistence | undefined;
  private readonly problem: Problem;
  /** The problem as operators see it: held-out tests removed. */
  private readonly visibleProblem: Problem;
  private cp!: Checkpoint;
  private archive!: Archive;
  private seen!: Set<string>;
  private resumed = false;
  private resumingGeneration = false;
  private segmentStart = 0;
  private timeBase = 0;
  private span: Span | undefined;

  constructor(
    private readonly deps: RunDeps,
    problem: Problem,
    private readonly options: EvolveOptions,
  ) {
    this.problem = problem;
    const { heldOutTests: _hidden, ...visible } = problem;
    this.visibleProblem = visible;
    this.runId = options.runId ?? newRunId();
    const bad = segmentProblem(this.runId);
    if (bad || this.runId.startsWith('_'))
      throw new SEDarwinError('INVALID_INPUT', `runId ${bad ?? 'must not start with "_"'}`, { path: 'runId' });
    this.persistence = deps.store
      ? new RunPersistence(deps.store, namespaces.evolution(deps.tenantId, deps.agentName, this.runId), this.runId)
      : undefined;
  }

  run(): Promise<EvolutionResult> {
    return this.deps.telemetry.tracer.startActiveSpan(
      'se_darwin.evolve_solution',
      {
        attributes: {
          'gen_ai.agent.name': this.deps.agentName,
          'se_darwin.run_id': this.runId,
          'se_darwin.problem_id': this.problem.problemId,
          'se_darwin.task_type': this.problem.taskType,
          'se_darwin.seed': this.deps.config.seed,
        },
      },
      async (span) => {
        this.span = span;
        try {
          const result = await this.execute();
          span.setAttributes({
            'se_darwin.continuous_improvement_cycles': result.production.length > 0 ? result.iterations : 0,
            'se_darwin.production_seeds': result.production.length,
            'se_darwin.iterations': result.iterations,
            'se_darwin.evaluations': result.evaluations,
            'se_darwin.best_score': result.best?.score ?? 0,
            'se_darwin.stopped_because': result.stoppedBecause,
            'se_darwin.resumed': result.resumed,
          });
          return result;
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: 2 /* SpanStatusCode.ERROR */, message: (error as Error).message });
          span.setAttribute('error.type', (error as { code?: string }).code ?? (error as Error).name ?? 'Error');
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  private emit(event: EvolutionEvent): void {
    this.options.onEvent?.(event);
  }

  private async execute(): Promise<EvolutionResult> {
    const { config } = this.deps;
    const stored = this.options.resume ? await this.persistence?.readCheckpoint() : undefined;
    if (stored) {
      if (stored.format !== 1 || stored.problemHash !== problemHash(this.problem) || stored.seed !== config.seed) {
        throw new SEDarwinError(
          'CHECKPOINT_MISMATCH',
          `run ${this.runId} was checkpointed for a different problem or seed; start a new run instead`,
          { path: 'runId' },
        );
      }
      this.cp = await this.persistence!.hydrate(stored);
      this.resumed = true;
    }
    if (this.cp?.status === 'completed') {
      this.restoreState();
      return evolutionResult(this.cp, this.archive, this.resumed);
    }
    if (!this.cp) await this.start();
    else {
      this.cp.status = 'running';
      this.resumingGeneration = true;
    }
    this.restoreState();
    this.segmentStart = performance.now();
    this.timeBase = this.cp.used.timeMs;
    this.emit({
      type: 'run_started',
      runId: this.runId,
      problemId: this.problem.problemId,
      seed: config.seed,
      resumed: this.resumed,
      generation: this.cp.generation,
      productionSeeds: this.cp.production.length,
    });
    let stop = this.stopReason();
    while (!stop) {
      const aborted = await this.generation();
      stop = aborted ? 'aborted' : this.stopReason();
    }
    this.cp.stoppedBecause = stop;
    this.cp.status = stop === 'aborted' ? 'aborted' : 'completed';
    this.cp.used.timeMs = this.usedTime();
    this.cp.finishedAt = new Date(this.deps.clock()).toISOString();
    // Insights are added to the agent's once, when the run completes (an aborted run may still resume).
    if (this.cp.status === 'completed') await this.deps.saveInsights(this.cp.insightsRun, this.runId);
    await this.saveCheckpoint();
    const result = evolutionResult(this.cp, this.archive, this.resumed);
    this.emit({
      type: 'done',
      runId: this.runId,
      stoppedBecause: stop,
      bestScore: result.best?.score ?? 0,
      iterations: result.iterations,
      evaluations: result.evaluations,
      durationMs: result.durationMs,
    });
    return result;
  }

  private async start(): Promise<void> {
    const { config } = this.deps;
    const production =
      config.productionLimit > 0 && this.deps.store ? await this.deps.loadSeeds(this.visibleProblem) : [];
    const insightsBase = await this.deps.loadInsights();
    this.cp = {
      format: 1,
      runId: this.runId,
      problemId: this.problem.problemId,
      problemHash: problemHash(this.problem),
      seed: config.seed,
      status: 'running',
      generation: 0,
      rng: createRng(config.seed).state(),
      archive: { trajectories: [], children: {}, pruned: 0 },
      seen: [],
      production,
      insightsBase,
      insightsRun: emptyInsights(),
      used: { evaluations: 0, costUsd: 0, timeMs: 0 },
      perOperator: {},
      counters: { duplicatesRejected: 0, malformed: 0 },
      bestScore: 0,
      lastImprovement: 0,
      startedAt: new Date(this.deps.clock()).toISOString(),
    };
    this.restoreState();
    await this.saveCheckpoint();
  }

  private restoreState(): void {
    this.archive = Archive.fromState(this.cp.archive, this.deps.config.archiveLimit);
    this.seen = new Set(this.cp.seen);
  }

  private usedTime(): number {
    return this.timeBase + (performance.now() - this.segmentStart);
  }

  private stopReason(): StopReason | undefined {
    const { config } = this.deps;
    const { cp } = this;
    if (this.options.signal?.aborted) return 'aborted';
    if (this.archive.size > 0 && cp.bestScore >= config.successThreshold) return 'success_threshold';
    if (cp.generation >= config.maxIterations) return 'max_iterations';
    if (config.budget.evaluations !== undefined && cp.used.evaluations >= config.budget.evaluations)
      return 'budget_evaluations';
    if (config.budget.costUsd !== undefined && cp.used.costUsd >= config.budget.costUsd) return 'budget_cost';
    // Checked between generations: generation 0 always runs, however small the budget (a pause of the process before
    // the first generation must not end a run that has done nothing).
    if (config.budget.timeMs !== undefined && cp.generation > 0 && this.usedTime() >= config.budget.timeMs) return 'budget_time';
    if (cp.generation > 0 && cp.generation - 1 - cp.lastImprovement >= config.plateauGenerations) return 'plateau';
    return undefined;
  }

  private insights(): Insights {
    return mergeInsights(this.cp.insightsBase, this.cp.insightsRun);
  }

  private context(rng: Rng, count: number): OperatorContext {
    const ctx: OperatorContext = {
      problem: this.visibleProblem,
      rng,
      pool: this.archive.sorted(),
      production: this.cp.production.filter((t) => t.code.length > 0 && t.score > 0),
      insights: this.insights(),
      count,
      generation: this.cp.generation,
    };
    if (this.options.signal) ctx.signal = this.options.signal;
    return ctx;
  }

  /** Calls one operator method; its failures (a model error, a bug) cost that call's candidates, not the run. */
  private async call(operator: Operator, fn: () => Promise<Candidate[]>): Promise<Candidate[]> {
    this.deps.telemetry.operatorsApplied.add(1, { operator });
    try {
      const out = await fn();
      return Array.isArray(out) ? out : [];
    } catch (error) {
      if (isAbort(error, this.options.signal)) throw error;
      this.span?.addEvent('se_darwin.operator_failed', {
        operator,
        'error.type': (error as Error)?.name ?? 'Error',
        message: String((error as Error)?.message ?? error).slice(0, 512),
      });
      return [];
    }
  }

  private propose(rng: Rng): ReturnType<typeof proposeCandidates> {
    return proposeCandidates(
      {
        generation: this.cp.generation,
        operators: this.deps.operators,
        trajectoriesPerIteration: this.deps.config.trajectoriesPerIteration,
        anchorGenerations: this.deps.config.anchorGenerations,
        problem: this.visibleProblem,
        archive: this.archive,
        seen: this.seen,
        production: this.cp.production.filter((t) => t.code.length > 0 && t.score > 0),
        insights: this.insights(),
        counters: this.cp.counters,
        stats: (operator) => this.opStats(operator),
        call: (operator, fn) => this.call(operator, fn),
        context: (r, count) => this.context(r, count),
      },
      rng,
    );
  }

  private opStats(operator: Operator): OperatorStats {
    return (this.cp.perOperator[operator] ??= { generated: 0, evaluated: 0, improved: 0, bestScore: 0 });
  }

  /** Runs one generation. Returns true if the run was aborted during it (the generation then does not count). */
  private async generation(): Promise<boolean> {
    const tracer = this.deps.telemetry.tracer;
    const gen = this.cp.generation;
    return tracer.startActiveSpan('se_darwin.generation', { attributes: { 'se_darwin.generation': gen } }, async (span) => {
      try {
        return await this.generationInner(gen, span);
      } finally {
        span.end();
      }
    });
  }

  private async generationInner(gen: number, span: Span): Promise<boolean> {
    const { config, evaluator, telemetry } = this.deps;
    const persistence = this.persistence;
    const signal = this.options.signal;
    const started = performance.now();
    // Restarting from the checkpointed stream state: a resumed generation proposes exactly the same candidates.
    const rng = createRng(this.cp.rng);
    const countersBefore = { ...this.cp.counters };
    const statsBefore = JSON.stringify(this.cp.perOperator);
    let planned: Planned[];
    let counts: Partial<Record<Operator, number>>;
    try {
      ({ planned, counts } = await this.propose(rng));
    } catch (error) {
      if (isAbort(error, signal)) {
        this.cp.counters = countersBefore;
        this.cp.perOperator = JSON.parse(statsBefore) as Checkpoint['perOperator'];
        return true;
      }
      throw error;
    }
    const operatorMs = performance.now() - started;
    this.emit({ type: 'generation_started', runId: this.runId, generation: gen, planned: counts });
    if (config.budget.evaluations !== undefined) {
      planned = planned.slice(0, Math.max(0, config.budget.evaluations - this.cp.used.evaluations));
    }
    const ids = planned.map((_, i) => `${this.runId}-g${gen}-${i}`);
    const results: (Trajectory | undefined)[] = new Array(planned.length);
    const reused: boolean[] = new Array(planned.length).fill(false);
    let next = 0;
    let failure: unknown;
    let evaluatedCount = this.cp.used.evaluations;
    // Each result is written as soon as it exists (so a killed run re-executes only what was in flight), without
    // holding the worker: the write overlaps the next evaluation, and the generation waits for all before committing.
    const writes: Promise<void>[] = [];
    const announce = (i: number, t: Trajectory): void => {
      results[i] = t;
      evaluatedCount++;
      this.emit({
        type: 'candidate_evaluated',
        runId: this.runId,
        generation: gen,
        trajectory: summary(t),
        reused: reused[i]!,
        evaluations: evaluatedCount,
      });
    };
    // The generation's final result rides in the checkpoint's transaction instead of a write of its own.
    const deferred: { i: number; t: Trajectory }[] = [];
    let running = 0;
    const evalStart = performance.now();
    const worker = async (): Promise<void> => {
      while (next < planned.length && failure === undefined && !signal?.aborted) {
        const i = next++;
        running++;
        const p = planned[i]!;
        const id = ids[i]!;
        try {
          const stored = this.resumingGeneration ? await persistence?.storedTrajectory(id, p.hash) : undefined;
          if (stored) {
            reused[i] = true;
            announce(i, stored);
            running--;
            continue;
          }
          const result = await evaluator.evaluate({
            code: p.candidate.code,
            language: this.problem.language ?? 'js',
            entry: this.problem.entry,
            tests: this.problem.tests,
            ...(signal ? { signal } : {}),
          });
          if (signal?.aborted) {
            // A result that arrived after the stop may be an artefact of it (an evaluator cut short, a process
            // interrupted) rather than the candidate's: it is not kept, and the resumed run executes it again.
            running--;
            break;
          }
          const t = this.toTrajectory(p, id, gen, result);
          telemetry.executionDuration.record(result.durationMs / 1000, { operator: p.operator, status: result.status });
          running--;
          if (!persistence) {
            announce(i, t);
            continue;
          }
          if (running === 0 && next >= planned.length) {
            results[i] = t;
            deferred.push({ i, t });
            continue;
          }
          writes.push(
            persistence.writeTrajectories([t]).then(
              () => announce(i, t),
              (error: unknown) => {
                failure ??= error;
              },
            ),
          );
        } catch (error) {
          running--;
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(config.concurrency, Math.max(1, planned.length)) }, worker));
    const evaluationMs = performance.now() - evalStart;
    await Promise.all(writes);
    if (SEDarwinError.isInstance(failure)) throw failure;
    if (failure !== undefined || signal?.aborted) await persistence?.writeTrajectories(deferred.map((d) => d.t));
    if (failure !== undefined || signal?.aborted) {
      // The generation is abandoned; evaluated candidates are in the store and are reused when the run resumes.
      this.cp.counters = countersBefore;
      this.cp.perOperator = JSON.parse(statsBefore) as Checkpoint['perOperator'];
      if (failure === undefined || isAbort(failure, signal)) return true;
      throw new SEDarwinError('EVALUATION_FAILED', `evaluating a candidate failed: ${(failure as Error)?.message}`, {
        cause: failure,
      });
    }
    this.resumingGeneration = false;
    this.commitGeneration(gen, planned, results, rng);
    await this.saveCheckpoint(deferred.map((d) => d.t));
    for (const { i, t } of deferred) announce(i, t);
    const durationMs = performance.now() - started;
    span.setAttributes({
      'se_darwin.evaluated': planned.length,
      'se_darwin.best_score': this.cp.bestScore,
    });
    this.emit({
      type: 'generation_finished',
      runId: this.runId,
      generation: gen,
      bestScore: this.cp.bestScore,
      evaluated: planned.length,
      duplicatesRejected: this.cp.counters.duplicatesRejected - countersBefore.duplicatesRejected,
      durationMs,
      operatorMs,
      evaluationMs,
      engineMs: Math.max(0, durationMs - operatorMs - evaluationMs),
    });
    return false;
  }

  private lineage(
    parentIds: string[],
    seedIds: string[],
  ): { seeds: string[]; outcomes: string[]; examples: { agentName: string; key: string }[] } {
    const seeds = new Set(seedIds);
    for (const id of parentIds) {
      const parent = this.archive.get(id);
      for (const s of stringList(parent?.metadata.lineageSeedIds, 1000)) seeds.add(s);
    }
    const outcomes = new Set<string>();
    const examples = new Map<string, { agentName: string; key: string }>();
    for (const s of seeds) {
      const seed = this.cp.production.find((t) => t.trajectoryId === s);
      if (seed?.metadata.outcomeId) outcomes.add(seed.metadata.outcomeId);
      const agentName = seed?.metadata.agentName;
      const exampleKey = seed?.metadata.exampleKey;
      if (typeof agentName === 'string' && typeof exampleKey === 'string') {
        examples.set(`${agentName}\u0000${exampleKey}`, { agentName, key: exampleKey });
      }
    }
    return {
      seeds: [...seeds].sort(),
      outcomes: [...outcomes].sort(),
      examples: [...examples.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v),
    };
  }


  private toTrajectory(p: Planned, id: string, gen: number, result: EvaluationResult): Trajectory {
    const t = evaluatedTrajectory({
      trajectoryId: id,
      runId: this.runId,
      problemId: this.problem.problemId,
      generation: gen,
      agentName: this.deps.agentName,
      candidate: { ...p.candidate, parentIds: p.parentIds, seedIds: p.seedIds, operator: p.operator },
      result,
      tests: this.problem.tests,
      operatorsName: this.deps.operators.name,
      createdAt: new Date(this.deps.clock()).toISOString(),
    });
    const lineage = this.lineage(p.parentIds, p.seedIds);
    if (lineage.seeds.length > 0) {
      t.metadata.lineageSeedIds = lineage.seeds;
      t.metadata.lineageOutcomeIds = lineage.outcomes;
      // Where the seeds' training records are, so promotion can validate their plans without a search.
      if (lineage.examples.length > 0) t.metadata.lineageExamples = lineage.examples;
    }
    return t;
  }

  /** Adds a finished generation to the archive in proposal order, whatever order evaluations completed in. */
  private commitGeneration(
    gen: number,
    planned: Planned[],
    results: (Trajectory | undefined)[],
    rng: Rng,
  ): void {
    const before = new Map<string, number>();
    for (const t of this.archive.sorted()) before.set(t.trajectoryId, t.score);
    const runInsights = this.cp.insightsRun;
    planned.forEach((p, i) => {
      const t = results[i]!;
      this.seen.add(p.hash);
      this.cp.used.evaluations++;
      this.cp.used.costUsd += t.costUsd;
      const parentScores = p.parentIds.map((id) => before.get(id)).filter((s): s is number => s !== undefined);
      const reference = parentScores.length > 0 ? Math.max(...parentScores) : 0;
      const improved = t.score > reference;
      creditInsights(runInsights, {
        operator: p.operator,
        edits: stringList(p.candidate.edits, 100),
        seeds: p.seedIds,
        improved,
      });
      const stats = this.opStats(p.operator);
      stats.evaluated++;
      if (improved) stats.improved++;
      stats.bestScore = Math.max(stats.bestScore, t.score);
      this.deps.telemetry.trajectoriesGenerated.add(1, { operator: p.operator });
      const previous = this.cp.bestScore;
      this.archive.add(t);
      if (t.score > previous || (this.archive.size === 1 && t.score >= previous)) {
        this.cp.bestScore = t.score;
        if (t.score > previous) this.cp.lastImprovement = gen;
        this.emit({ type: 'new_best', runId: this.runId, generation: gen, trajectory: summary(t), previousScore: previous });
      }
    });
    this.archive.prune();
    this.cp.generation = gen + 1;
    this.cp.rng = rng.state();
    this.cp.archive = this.archive.toState();
    this.cp.seen = [...this.seen];
    this.cp.used.timeMs = this.usedTime();
  }

  private async saveCheckpoint(trajectories: Trajectory[] = []): Promise<void> {
    if (!this.persistence) return;
    const run = runRecord(this.cp, this.archive, this.deps) as unknown as JsonValue;
    await this.persistence.writeCheckpoint(this.cp, run, trajectories);
  }
}
