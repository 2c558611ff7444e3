import { SCHEMA_VERSION, type EvolutionRun, type Trajectory } from '@genesis/schemas';
import type { ResolvedConfig } from '../config.js';
import type { Archive } from './archive.js';
import type { Checkpoint } from './checkpoint.js';
import type { EvolutionResult, TrajectorySummary } from './types.js';

/** A trajectory as events report it (no code). */
export function summary(t: Trajectory): TrajectorySummary {
  return {
    trajectoryId: t.trajectoryId,
    operator: t.operator,
    parentIds: t.parentIds,
    score: t.score,
    status: t.status,
    generation: t.generation,
  };
}

/** The `EvolutionRun` summary stored beside the checkpoint. */
export function runRecord(
  cp: Checkpoint,
  archive: Archive,
  who: { tenantId: string; agentName: string; config: ResolvedConfig },
): EvolutionRun {
  const best = archive.best();
  const record: EvolutionRun = {
    schemaVersion: SCHEMA_VERSION,
    runId: cp.runId,
    tenantId: who.tenantId,
    agentName: who.agentName,
    problemId: cp.problemId,
    seed: cp.seed,
    status: cp.status,
    generation: cp.generation,
    evaluations: cp.used.evaluations,
    bestScore: best?.score ?? 0,
    perOperator: cp.perOperator,
    durationMs: cp.used.timeMs,
    costUsd: cp.used.costUsd,
    config: JSON.parse(JSON.stringify(who.config)) as EvolutionRun['config'],
    startedAt: cp.startedAt,
  };
  if (best) record.bestTrajectoryId = best.trajectoryId;
  if (cp.stoppedBecause) record.stoppedBecause = cp.stoppedBecause;
  if (cp.finishedAt) record.finishedAt = cp.finishedAt;
  return record;
}

/** What `evolve` returns, from the run's state. */
export function evolutionResult(cp: Checkpoint, archive: Archive, resumed: boolean): EvolutionResult {
  const sorted = archive.sorted();
  const scores = sorted.map((t) => t.score);
  return {
    runId: cp.runId,
    best: sorted[0] ?? null,
    iterations: cp.generation,
    evaluations: cp.used.evaluations,
    perOperator: cp.perOperator,
    pool: {
      size: sorted.length,
      evaluated: cp.used.evaluations,
      duplicatesRejected: cp.counters.duplicatesRejected,
      malformed: cp.counters.malformed,
      pruned: archive.pruned,
      production: cp.production.length,
      bestScore: scores[0] ?? 0,
      worstScore: scores[scores.length - 1] ?? 0,
      meanScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0,
    },
    stoppedBecause: cp.stoppedBecause ?? 'aborted',
    insights: cp.insightsRun,
    archive: sorted,
    production: cp.production,
    durationMs: cp.used.timeMs,
    costUsd: cp.used.costUsd,
    resumed,
  };
}
