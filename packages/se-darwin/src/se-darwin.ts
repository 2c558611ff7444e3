import { createHash } from 'node:crypto';
import {
  namespaces,
  ReasoningPattern,
  safeParseRecord,
  SCHEMA_VERSION,
  segmentProblem,
  TrainingExample,
  type JsonValue,
  type Strategy,
  type Trajectory,
} from '@genesis/schemas';
import type { Item, MemoryStore } from '@genesis/memory-store';
import { resolveOptions, validateProblem, type ResolvedConfig, type SEDarwinOptions } from './config.js';
import { SEDarwinError } from './errors.js';
import { createSandboxEvaluator, type Evaluator } from './evaluator.js';
import { INSIGHTS_KEY, INSIGHTS_RUN_PREFIX, INSIGHTS_RUN_SEGMENT } from './engine/checkpoint.js';
import { EvolutionRunner } from './engine/run.js';
import type { EvolutionResult, EvolveOptions } from './engine/types.js';
import { emptyInsights, insightsToJson, mergeInsights, parseInsights } from './insights.js';
import type { Insights, Operators, Problem } from './operators/types.js';
import { loadProduction, type LoadProductionOptions } from './production/load.js';
import { appendStrategy, getActiveStrategy, rollbackStrategy } from './promotion/strategies.js';
import { createTelemetry, type Telemetry } from './telemetry.js';

/** What `promote` decided, with the held-out evidence. */
export interface PromotionResult {
  promoted: boolean;
  /** The new active version, when promoted. */
  strategy?: Strategy;
  reason: string;
  /** Fraction of the held-out tests the trajectory's code passed (executed now). */
  heldOutScore: number;
  /** The same for the strategy that was active, when there was one. */
  activeHeldOutScore?: number;
}

/**
 * The SE-Darwin evolution engine for one agent of one tenant.
 *
 * @example
 * const darwin = new SEDarwin({ agentName: 'builder', tenantId: 'acme', store, operators,
 *   config: { maxIterations: 8, trajectoriesPerIteration: 6, successThreshold: 1, productionLimit: 10,
 *             seed: 7, concurrency: 2, budget: { evaluations: 200 } } });
 * const result = await darwin.evolve(problem, { onEvent: (e) => console.log(e.type) });
 * if (result.best) await darwin.promote(result.best, { problem });
 * await darwin.close();
 */
export class SEDarwin {
  readonly agentName: string;
  readonly tenantId: string;
  readonly config: ResolvedConfig;
  private readonly store: MemoryStore | undefined;
  private readonly operators: Operators;
  private readonly evaluator: Evaluator;
  private readonly ownsEvaluator: boolean;
  private readonly clock: () => number;
  private telemetryReady: Promise<Telemetry> | undefined;
  /** Without a store, insights live here for the instance's lifetime. */
  private memoryInsights: Insights = emptyInsights();
  private strategyLock: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly activeRuns = new Set<string>();

  constructor(options: SEDarwinOptions) {
    this.config = resolveOptions(options);
    this.agentName = options.agentName;
    this.tenantId = options.tenantId;
    this.store = options.store;
    this.operators = options.operators;
    this.ownsEvaluator = options.evaluator === undefined;
    this.evaluator = options.evaluator ?? createSandboxEvaluator();
    this.clock = options.clock ?? Date.now;
  }

  private telemetry(): Promise<Telemetry> {
    this.telemetryReady ??= createTelemetry();
    return this.telemetryReady;
  }

  private assertOpen(): void {
    if (this.closed) throw new SEDarwinError('CLOSED', 'this SEDarwin instance is closed');
  }

  /**
   * Production trajectories from the agent's training records: newest first (most relevant first when `problem` is
   * given), deduplicated by normalised code, validated or verified plans only, malformed records skipped and counted.
   * Without a store: none, and no error. Records `se_darwin.production_trajectories_loaded` and
   * `se_darwin.production_trajectory_quality`.
   */
  async loadProductionTrajectories(
    options: LoadProductionOptions = {},
  ): Promise<{ trajectories: Trajectory[]; skipped: number }> {
    this.assertOpen();
    if (!this.store) return { trajectories: [], skipped: 0 };
    const { trajectories, skipped } = await loadProduction(
      { store: this.store, tenantId: this.tenantId, agentName: this.agentName, crossAgent: this.config.crossAgent },
      options,
    );
    const attributes = { agent: this.agentName };
    const telemetry = await this.telemetry();
    telemetry.productionLoaded.add(trajectories.length, attributes);
    if (trajectories.length > 0) {
      const confidences = trajectories.map((t) => t.metadata.confidence ?? 0);
      telemetry.productionQuality.record(confidences.reduce((a, b) => a + b, 0) / confidences.length, attributes);
    }
    return { trajectories, skipped };
  }

  private insightsNamespace() {
    return namespaces.evolution(this.tenantId, this.agentName, INSIGHTS_RUN_SEGMENT);
  }

  /**
   * What this agent's earlier runs learned (operators, edits and seeds that led to improvements): the sum of every
   * completed run's own record (`run:<runId>`), plus the single aggregate record older versions kept (`insights`).
   */
  async loadInsights(): Promise<Insights> {
    if (!this.store) return mergeInsights(this.memoryInsights, emptyInsights());
    let total = emptyInsights();
    let cursor: string | undefined;
    do {
      const page = await this.store.list(this.insightsNamespace(), { order: 'oldest', limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const item of page.items) {
        if (item.key === INSIGHTS_KEY || item.key.startsWith(INSIGHTS_RUN_PREFIX)) total = mergeInsights(total, parseInsights(item.value));
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return total;
  }

  /**
   * Adds a completed run's insights to the agent's: one record per run, keyed by its id. Nothing is read back and
   * merged, so runs completing at the same moment in different processes cannot overwrite each other, and writing
   * the same run again (a run that completed, crashed before its checkpoint, and was resumed) changes nothing.
   */
  private async saveInsights(delta: Insights, runId: string): Promise<void> {
    if (!this.store) {
      this.memoryInsights = mergeInsights(this.memoryInsights, delta);
      return;
    }
    await this.store.put(this.insightsNamespace(), `${INSIGHTS_RUN_PREFIX}${runId}`, insightsToJson(delta), { index: false });
  }

  /**
   * Evolves a solution: production seeds (once), baselines, then revision, recombination and refinement, every
   * candidate executed against `problem.tests`; checkpointed every generation. Stops on the success threshold, a
   * plateau, the iteration limit, a budget, or the signal (`stoppedBecause: 'aborted'`; resume with the same runId).
   */
  async evolve(problem: Problem, options: EvolveOptions = {}): Promise<EvolutionResult> {
    this.assertOpen();
    validateProblem(problem);
    const runner = new EvolutionRunner(
      {
        tenantId: this.tenantId,
        agentName: this.agentName,
        store: this.store,
        operators: this.operators,
        evaluator: this.evaluator,
        config: this.config,
        clock: this.clock,
        telemetry: await this.telemetry(),
        loadSeeds: async (p) =>
          (await this.loadProductionTrajectories({ limit: this.config.productionLimit, problem: p })).trajectories,
        loadInsights: () => this.loadInsights(),
        saveInsights: (delta, runId) => this.saveInsights(delta, runId),
      },
      problem,
      options,
    );
    // Two calls continuing one run at once would both write its checkpoint.
    if (options.runId !== undefined) {
      if (this.activeRuns.has(options.runId)) {
        throw new SEDarwinError('INVALID_INPUT', `run ${options.runId} is already being evolved by this instance`, {
          path: 'runId',
        });
      }
      this.activeRuns.add(options.runId);
    }
    try {
      return await runner.run();
    } finally {
      if (options.runId !== undefined) this.activeRuns.delete(options.runId);
    }
  }

  private async heldOutScore(code: string, problem: Problem): Promise<number> {
    const tests = problem.heldOutTests ?? [];
    const result = await this.evaluator.evaluate({
      code,
      language: problem.language ?? 'js',
      entry: problem.entry,
      tests,
    });
    return result.total > 0 ? result.passed / result.total : 0;
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.strategyLock.then(fn, fn);
    this.strategyLock = next.catch(() => undefined);
    return next;
  }

  /**
   * Promotes a trajectory to a new active Strategy version in `("strategies", tenantId, agentName)` only if its code,
   * executed on `problem.heldOutTests`, beats the active strategy's code executed on the same tests (or, with none
   * active, reaches `config.minHeldOutScore`). The plans that seeded it are marked `validated`.
   */
  async promote(trajectory: Trajectory, options: { problem: Problem }): Promise<PromotionResult> {
    this.assertOpen();
    const problem = validateProblem(options.problem);
    const store = this.store;
    if (!store) throw new SEDarwinError('NO_STORE', 'promote() needs a store to write strategies to', { path: 'store' });
    if (!problem.heldOutTests || problem.heldOutTests.length === 0) {
      return { promoted: false, reason: 'the problem has no held-out tests to gate promotion on', heldOutScore: 0 };
    }
    if (typeof trajectory?.code !== 'string' || trajectory.code.trim() === '') {
      return { promoted: false, reason: 'the trajectory has no code', heldOutScore: 0 };
    }
    return this.serialize(async () => {
      const heldOutScore = await this.heldOutScore(trajectory.code, problem);
      // The gate compares against the version active now; another process may promote in between. The write happens
      // only while that version is still active, else the gate runs again against the new one.
      for (let attempt = 1; ; attempt++) {
        const result = await this.promoteOnce(trajectory, problem, store, heldOutScore);
        if (result !== null) return result;
        if (attempt >= 8) {
          return { promoted: false, reason: 'other promotions of this problem kept superseding this one', heldOutScore };
        }
      }
    });
  }

  /** One pass of the gate and the write; null when the active version changed between the two. */
  private async promoteOnce(trajectory: Trajectory, problem: Problem, store: MemoryStore, heldOutScore: number): Promise<PromotionResult | null> {
    const scope = { taskType: problem.taskType, problemId: problem.problemId };
    const lookup = { store, tenantId: this.tenantId, agentName: this.agentName };
    const active = await getActiveStrategy({ ...lookup, ...scope });
    let activeHeldOutScore: number | undefined;
    if (active && active.problemId === problem.problemId) {
      activeHeldOutScore = await this.heldOutScore(active.code, problem);
      if (!(heldOutScore > activeHeldOutScore)) {
        return {
          promoted: false,
          reason: `held-out score ${heldOutScore.toFixed(3)} does not beat the active version ${active.version} (${activeHeldOutScore.toFixed(3)})`,
          heldOutScore,
          activeHeldOutScore,
        };
      }
    } else if (heldOutScore < this.config.minHeldOutScore) {
      return {
        promoted: false,
        reason: `held-out score ${heldOutScore.toFixed(3)} is below the minimum ${this.config.minHeldOutScore}`,
        heldOutScore,
      };
    }
    const now = new Date(this.clock()).toISOString();
    const pattern = ReasoningPattern.safeParse(trajectory.reasoningPattern);
    const outcomeIds = new Set<string>();
    if (trajectory.metadata.outcomeId) outcomeIds.add(trajectory.metadata.outcomeId);
    const lineageOutcomes = trajectory.metadata.lineageOutcomeIds;
    if (Array.isArray(lineageOutcomes)) for (const o of lineageOutcomes) if (typeof o === 'string') outcomeIds.add(o);
    const scopeHash = createHash('sha256').update(`${problem.taskType}\u0000${problem.problemId}`).digest('hex').slice(0, 12);
    const strategy = await appendStrategy(
      lookup,
      (version) => ({
        schemaVersion: SCHEMA_VERSION,
        strategyId: `strategy-${scopeHash}-v${version}`,
        tenantId: this.tenantId,
        agentName: this.agentName,
        taskType: problem.taskType,
        problemId: problem.problemId,
        version,
        code: trajectory.code,
        plan: {
          strategy: trajectory.strategy,
          reasoningPattern: pattern.success ? pattern.data : 'unknown',
          keyInsights: trajectory.keyInsights,
        },
        score: trajectory.score,
        heldOutScore,
        provenance: {
          trajectoryIds: [trajectory.trajectoryId, ...trajectory.parentIds].slice(0, 1000),
          outcomeIds: [...outcomeIds].slice(0, 1000),
          runId: trajectory.runId,
        },
        status: 'active',
        createdAt: now,
      }),
      scope,
      now,
      active && active.problemId === problem.problemId ? active.version : null,
    );
    if (strategy === null) return null;
    await this.validatePlans(trajectory);
    const result: PromotionResult = {
      promoted: true,
      strategy,
      reason: active
        ? `held-out score ${heldOutScore.toFixed(3)} beats the active version ${active.version}`
        : `first strategy for this problem (held-out score ${heldOutScore.toFixed(3)})`,
      heldOutScore,
    };
    if (activeHeldOutScore !== undefined) result.activeHeldOutScore = activeHeldOutScore;
    return result;
  }

  /** Marks the training plans behind a promoted trajectory's production seeds as `validated`. */
  private async validatePlans(trajectory: Trajectory): Promise<void> {
    const store = this.store!;
    const outcomes = new Set<string>();
    const lineage = trajectory.metadata.lineageOutcomeIds;
    if (Array.isArray(lineage)) for (const o of lineage) if (typeof o === 'string') outcomes.add(o);
    if (outcomes.size === 0) return;
    // Direct reads where the engine recorded where the seeds' records are; a search otherwise.
    const refs = Array.isArray(trajectory.metadata.lineageExamples) ? trajectory.metadata.lineageExamples : [];
    const items: Item[] = [];
    for (const ref of refs) {
      const { agentName, key } = (ref ?? {}) as { agentName?: unknown; key?: unknown };
      if (typeof agentName !== 'string' || typeof key !== 'string' || segmentProblem(agentName)) continue;
      const item = await store.get(namespaces.training(this.tenantId, agentName), key);
      if (item) items.push(item);
    }
    if (items.length === 0) {
      items.push(
        ...(await store.search(['training', this.tenantId], {
          filter: { 'outcome.outcomeId': { $in: [...outcomes] } },
          limit: 100,
        })),
      );
    }
    for (const item of items) {
      const parsed = safeParseRecord(TrainingExample, 'TrainingExample', item.value);
      if (!parsed.ok || parsed.value.plan.status !== 'candidate') continue;
      if (!outcomes.has(parsed.value.outcome.outcomeId)) continue;
      const value = { ...parsed.value, plan: { ...parsed.value.plan, status: 'validated' as const } };
      await store.put(item.namespace, item.key, value as unknown as JsonValue, {
        index: ['taskType', 'outcome.taskDescription', 'plan.strategy'],
      });
    }
  }


  /** Re-activates the version that was active before the current one; null when there is none. */
  async rollback(options: { taskType: string; problemId?: string }): Promise<Strategy | null> {
    this.assertOpen();
    const store = this.store;
    if (!store) throw new SEDarwinError('NO_STORE', 'rollback() needs a store', { path: 'store' });
    return this.serialize(() =>
      rollbackStrategy(
        { store, tenantId: this.tenantId, agentName: this.agentName },
        options.problemId === undefined ? { taskType: options.taskType } : options,
        new Date(this.clock()).toISOString(),
      ),
    );
  }

  /** Closes the evaluator it created (a given evaluator and the store stay open: they belong to the caller). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsEvaluator) await this.evaluator.close?.();
  }
}
