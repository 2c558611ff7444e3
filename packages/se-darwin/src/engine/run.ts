import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  SCHEMA_VERSION,
  namespaces,
  safeParseRecord,
  segmentProblem,
  Trajectory as TrajectorySchema,
  type EvolutionRun,
  type JsonValue,
  type Namespace,
  type Operator,
  type OperatorStats,
  type StopReason,
  type Trajectory,
} from '@genesis/schemas';
import type { MemoryStore } from '@genesis/memory-store';
import type { Span } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config.js';
import { SEDarwinError } from '../errors.js';
import type { Evaluator } from '../evaluator.js';
import { creditInsights, emptyInsights, mergeInsights } from '../insights.js';
import { codeHash } from '../normalize.js';
import type { Candidate, Insights, OperatorContext, Operators, Problem } from '../operators/types.js';
import { createRng, type Rng } from '../rng.js';
import type { Telemetry } from '../telemetry.js';
import { allocateSlots, EVOLVING_OPERATORS, type EvolvingOperator } from './allocate.js';
import { Archive } from './archive.js';
import {
  CHECKPOINT_KEY,
  PRODUCTION_KEY,
  problemHash,
  RUN_KEY,
  trajectoryKey,
  type Checkpoint,
  type StoredCheckpoint,
} from './checkpoint.js';
import { evaluatedTrajectory } from './evaluated.js';
import type { EvolutionEvent, EvolutionResult, EvolveOptions, TrajectorySummary } from './types.js';

/** Largest candidate accepted for evaluation (1 MiB of source). */
export const MAX_CODE_LENGTH = 1 << 20;

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
  saveInsights: (delta: Insights) => Promise<void>;
}

interface Planned {
  candidate: Candidate;
  operator: Operator;
  parentIds: string[];
  seedIds: string[];
  hash: string;
}

function summary(t: Trajectory): TrajectorySummary {
  return {
    trajectoryId: t.trajectoryId,
    operator: t.operator,
    parentIds: t.parentIds,
    score: t.score,
    status: t.status,
    generation: t.generation,
  };
}

function stringList(value: unknown, max: number): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256).slice(0, max);
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error as { code?: unknown } | null)?.code === 'ABORTED';
}

/** 96 bits of the normalised-code hash: enough to make a false duplicate practically impossible, and compact. */
function shortHash(code: string): string {
  return codeHash(code).slice(0, 24);
}

function newRunId(): string {
  return `run-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}

/** One call of `evolve`: loads or creates the run's checkpoint and runs generations until a stop condition. */
export class EvolutionRunner {
  private readonly runId: string;
  private readonly ns: Namespace | undefined;
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
  private productionWritten = false;

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
    this.ns = deps.store ? namespaces.evolution(deps.tenantId, deps.agentName, this.runId) : undefined;
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
    const { config, store } = this.deps;
    if (this.options.resume && store && this.ns) {
      const item = await store.get(this.ns, CHECKPOINT_KEY);
      if (item) {
        const stored = item.value as unknown as StoredCheckpoint;
        if (stored.format !== 1 || stored.problemHash !== problemHash(this.problem) || stored.seed !== config.seed) {
          throw new SEDarwinError(
            'CHECKPOINT_MISMATCH',
            `run ${this.runId} was checkpointed for a different problem or seed; start a new run instead`,
            { path: 'runId' },
          );
        }
        this.cp = await this.hydrate(stored);
        this.resumed = true;
      }
    }
    if (this.cp?.status === 'completed') {
      this.restoreState();
      return this.result();
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
    if (this.cp.status === 'completed') await this.deps.saveInsights(this.cp.insightsRun);
    await this.saveCheckpoint();
    const result = this.result();
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
    if (config.budget.timeMs !== undefined && this.usedTime() >= config.budget.timeMs) return 'budget_time';
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

  private async propose(rng: Rng): Promise<{ planned: Planned[]; counts: Partial<Record<Operator, number>> }> {
    const { operators, config } = this.deps;
    const planned: Planned[] = [];
    const generationHashes = new Set<string>();
    const counts: Partial<Record<Operator, number>> = {};
    const accept = (c: Candidate, operator: Operator, parents: string[], seeds: string[] = []): boolean => {
      const stats = this.opStats(operator);
      stats.generated++;
      if (typeof c !== 'object' || c === null || typeof c.code !== 'string' || c.code.trim().length === 0 || c.code.length > MAX_CODE_LENGTH) {
        this.cp.counters.malformed++;
        return false;
      }
      const hash = shortHash(c.code);
      if (this.seen.has(hash) || generationHashes.has(hash)) {
        this.cp.counters.duplicatesRejected++;
        return false;
      }
      generationHashes.add(hash);
      const parentIds = stringList(c.parentIds, 64);
      const seedIds = [...new Set([...seeds, ...stringList(c.seedIds, 64)])];
      planned.push({
        candidate: { ...c, strategy: typeof c.strategy === 'string' ? c.strategy : '' },
        operator,
        parentIds: parentIds.length > 0 ? parentIds : parents,
        seedIds,
        hash,
      });
      counts[operator] = (counts[operator] ?? 0) + 1;
      return true;
    };
    const tpi = config.trajectoriesPerIteration;
    if (this.cp.generation === 0) {
      for (const seed of this.context(rng, 1).production) {
        const cands = await this.call('production', () => operators.adaptSeed(seed, this.context(rng, 1)));
        if (cands.length === 0 && new RegExp(`(^|[^\\w$])${this.problem.entry.replace(/\$/g, '\\$')}($|[^\\w$])`).test(seed.code)) {
          cands.push({ code: seed.code, operator: 'production', parentIds: [seed.trajectoryId], strategy: seed.strategy });
        }
        for (const c of cands.slice(0, 2)) accept(c, 'production', [seed.trajectoryId], [seed.trajectoryId]);
      }
      await this.baseline(rng, Math.max(1, tpi - planned.length), accept);
      return { planned, counts };
    }
    const total = this.problem.tests.length;
    const applicable = new Set<EvolvingOperator>();
    if (this.archive.sorted().some((t) => t.score < 1)) applicable.add('revision');
    if (this.archive.hasComplementaryPair(total)) applicable.add('recombination');
    if (this.archive.best()) applicable.add('refinement');
    const slots = allocateSlots(tpi, applicable, this.insights());
    for (const op of EVOLVING_OPERATORS) {
      const wanted = slots[op] ?? 0;
      let need = wanted;
      for (let attempt = 0; need > 0 && attempt < wanted + 2; attempt++) {
        let cands: Candidate[] = [];
        let parents: string[] = [];
        if (op === 'revision') {
          const parent = this.archive.selectParent(rng, (t) => t.score < 1);
          if (!parent) break;
          parents = [parent.trajectoryId];
          cands = await this.call(op, () => operators.revise(parent, this.context(rng, need)));
        } else if (op === 'recombination') {
          const pair = this.archive.selectComplementaryPair(rng, total);
          if (!pair) break;
          parents = [pair[0].trajectoryId, pair[1].trajectoryId];
          cands = await this.call(op, () => operators.recombine(pair[0], pair[1], this.context(rng, need)));
        } else {
          const best = this.archive.best()!;
          parents = [best.trajectoryId];
          cands = await this.call(op, () => operators.refine(best, this.context(rng, need)));
        }
        for (const c of cands) {
          if (need === 0) break;
          if (accept(c, op, parents)) need--;
        }
      }
    }
    // Nothing new from the evolving operators (all duplicates, or nothing applicable): fresh baselines.
    if (planned.length === 0) await this.baseline(rng, tpi, accept);
    return { planned, counts };
  }

  private async baseline(
    rng: Rng,
    count: number,
    accept: (c: Candidate, operator: Operator, parents: string[]) => boolean,
  ): Promise<void> {
    const cands = await this.call('baseline', () => this.deps.operators.baseline(this.context(rng, count)));
    let taken = 0;
    for (const c of cands) {
      if (taken >= count) break;
      if (accept(c, 'baseline', [])) taken++;
    }
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
    const { config, evaluator, store, telemetry } = this.deps;
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
          const stored =
            this.resumingGeneration && store && this.ns ? await this.storedTrajectory(id, p.hash) : undefined;
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
          const t = this.toTrajectory(p, id, gen, result);
          telemetry.executionDuration.record(result.durationMs / 1000, { operator: p.operator, status: result.status });
          running--;
          if (!store || !this.ns) {
            announce(i, t);
            continue;
          }
          if (running === 0 && next >= planned.length) {
            results[i] = t;
            deferred.push({ i, t });
            continue;
          }
          writes.push(
            store.put(this.ns, trajectoryKey(id), t as unknown as JsonValue, { index: false }).then(
              () => announce(i, t),
              (error: unknown) => {
                failure ??= new SEDarwinError('STORE_FAILED', `writing trajectory ${id} failed`, { cause: error });
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
    if ((failure !== undefined || signal?.aborted) && deferred.length > 0 && store && this.ns) {
      const ns = this.ns;
      await store.putMany(
        deferred.map(({ t }) => ({ namespace: ns, key: trajectoryKey(t.trajectoryId), value: t as unknown as JsonValue, index: false as const })),
      );
    }
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

  private async storedTrajectory(id: string, hash: string): Promise<Trajectory | undefined> {
    const item = await this.deps.store!.get(this.ns!, trajectoryKey(id));
    if (!item) return undefined;
    const parsed = safeParseRecord(TrajectorySchema, 'Trajectory', item.value);
    if (!parsed.ok || shortHash(parsed.value.code) !== hash) return undefined;
    return parsed.value;
  }

  private lineage(parentIds: string[], seedIds: string[]): { seeds: string[]; outcomes: string[] } {
    const seeds = new Set(seedIds);
    for (const id of parentIds) {
      const parent = this.archive.get(id);
      for (const s of stringList(parent?.metadata.lineageSeedIds, 1000)) seeds.add(s);
    }
    const outcomes = new Set<string>();
    for (const s of seeds) {
      const seed = this.cp.production.find((t) => t.trajectoryId === s);
      if (seed?.metadata.outcomeId) outcomes.add(seed.metadata.outcomeId);
    }
    return { seeds: [...seeds].sort(), outcomes: [...outcomes].sort() };
  }

  private toTrajectory(p: Planned, id: string, gen: number, result: Parameters<typeof evaluatedTrajectory>[0]['result']): Trajectory {
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

  private runRecord(): EvolutionRun {
    const best = this.archive.best();
    const record: EvolutionRun = {
      schemaVersion: SCHEMA_VERSION,
      runId: this.runId,
      tenantId: this.deps.tenantId,
      agentName: this.deps.agentName,
      problemId: this.problem.problemId,
      seed: this.deps.config.seed,
      status: this.cp.status,
      generation: this.cp.generation,
      evaluations: this.cp.used.evaluations,
      bestScore: best?.score ?? 0,
      perOperator: this.cp.perOperator,
      durationMs: this.cp.used.timeMs,
      costUsd: this.cp.used.costUsd,
      config: JSON.parse(JSON.stringify(this.deps.config)) as EvolutionRun['config'],
      startedAt: this.cp.startedAt,
    };
    if (best) record.bestTrajectoryId = best.trajectoryId;
    if (this.cp.stoppedBecause) record.stoppedBecause = this.cp.stoppedBecause;
    if (this.cp.finishedAt) record.finishedAt = this.cp.finishedAt;
    return record;
  }

  /** Rebuilds the in-memory checkpoint from its stored form (archive and seeds are separate records). */
  private async hydrate(stored: StoredCheckpoint): Promise<Checkpoint> {
    const store = this.deps.store!;
    const ns = this.ns!;
    const read = async (id: string): Promise<Trajectory> => {
      const item = await store.get(ns, trajectoryKey(id));
      const parsed = item ? safeParseRecord(TrajectorySchema, 'Trajectory', item.value) : undefined;
      if (!parsed?.ok) {
        throw new SEDarwinError('CHECKPOINT_MISMATCH', `run ${this.runId}: archived trajectory ${id} is missing or invalid`, {
          path: 'runId',
        });
      }
      return parsed.value;
    };
    const trajectories = await Promise.all(stored.archive.ids.map(read));
    const productionItem = await store.get(ns, PRODUCTION_KEY);
    const production = ((productionItem?.value as { trajectories?: Trajectory[] } | null)?.trajectories ?? []).filter((t) =>
      stored.productionIds.includes(t.trajectoryId),
    );
    this.productionWritten = true;
    const { archive, productionIds: _ids, ...rest } = stored;
    return { ...rest, archive: { trajectories, children: archive.children, pruned: archive.pruned }, production };
  }

  private async saveCheckpoint(trajectories: Trajectory[] = []): Promise<void> {
    const { store } = this.deps;
    if (!store || !this.ns) return;
    const run = this.runRecord() as unknown as JsonValue;
    const { archive, production, ...rest } = this.cp;
    const stored: StoredCheckpoint = {
      ...rest,
      archive: { ids: archive.trajectories.map((t) => t.trajectoryId), children: archive.children, pruned: archive.pruned },
      productionIds: production.map((t) => t.trajectoryId),
    };
    const items: Parameters<MemoryStore['putMany']>[0] = [
      { namespace: this.ns, key: CHECKPOINT_KEY, value: stored as unknown as JsonValue, index: false },
      { namespace: this.ns, key: RUN_KEY, value: run, index: false },
    ];
    for (const t of trajectories) {
      items.push({ namespace: this.ns, key: trajectoryKey(t.trajectoryId), value: t as unknown as JsonValue, index: false });
    }
    if (!this.productionWritten) {
      items.push({ namespace: this.ns, key: PRODUCTION_KEY, value: { trajectories: production } as unknown as JsonValue, index: false });
    }
    try {
      await store.putMany(items);
      this.productionWritten = true;
    } catch (error) {
      throw new SEDarwinError('STORE_FAILED', `writing the checkpoint of run ${this.runId} failed`, { cause: error });
    }
  }

  private result(): EvolutionResult {
    const sorted = this.archive.sorted();
    const scores = sorted.map((t) => t.score);
    return {
      runId: this.runId,
      best: sorted[0] ?? null,
      iterations: this.cp.generation,
      evaluations: this.cp.used.evaluations,
      perOperator: this.cp.perOperator,
      pool: {
        size: sorted.length,
        evaluated: this.cp.used.evaluations,
        duplicatesRejected: this.cp.counters.duplicatesRejected,
        malformed: this.cp.counters.malformed,
        pruned: this.archive.pruned,
        production: this.cp.production.length,
        bestScore: scores[0] ?? 0,
        worstScore: scores[scores.length - 1] ?? 0,
        meanScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0,
      },
      stoppedBecause: this.cp.stoppedBecause ?? 'aborted',
      insights: this.cp.insightsRun,
      archive: sorted,
      production: this.cp.production,
      durationMs: this.cp.used.timeMs,
      costUsd: this.cp.used.costUsd,
      resumed: this.resumed,
    };
  }
}

