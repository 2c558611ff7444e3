import type { Operator, OperatorStats, StopReason, Trajectory } from '@genesis/schemas';
import type { Insights } from '../operators/types.js';

/** Counters describing a run's pool of candidates. */
export interface PoolStats {
  /** Trajectories in the archive now (after pruning). */
  size: number;
  /** Candidates executed in this run. */
  evaluated: number;
  /** Candidates rejected before evaluation because their normalised code had been seen in this run. */
  duplicatesRejected: number;
  /** Candidates rejected before evaluation because they were malformed (no code, oversized). */
  malformed: number;
  /** Trajectories dropped from the archive by pruning (still in the store). */
  pruned: number;
  /** Production trajectories that seeded the run. */
  production: number;
  bestScore: number;
  worstScore: number;
  meanScore: number;
}

/** What `evolve` returns. */
export interface EvolutionResult {
  runId: string;
  /** The best trajectory (highest score; ties: shorter code, earlier generation, id); null if nothing was evaluated. */
  best: Trajectory | null;
  /** Generations completed (generation 0 included). */
  iterations: number;
  /** Candidates executed. */
  evaluations: number;
  perOperator: Partial<Record<Operator, OperatorStats>>;
  pool: PoolStats;
  stoppedBecause: StopReason;
  /** What this run learned (its own credit only; the agent's stored insights add it to earlier runs'). */
  insights: Insights;
  /** The archive, best first. */
  archive: Trajectory[];
  /** The production trajectories that seeded the run, with their production scores untouched. */
  production: Trajectory[];
  /** Wall-clock time of the run (across resumes). */
  durationMs: number;
  costUsd: number;
  /** True when this call continued a checkpointed run. */
  resumed: boolean;
}

/** A trajectory as reported in events (no code, to keep progress displays cheap). */
export interface TrajectorySummary {
  trajectoryId: string;
  operator: Operator;
  parentIds: string[];
  score: number;
  status: Trajectory['status'];
  generation: number;
}

/** Progress of a run, for displays. Events are emitted synchronously from the engine. */
export type EvolutionEvent =
  | {
      type: 'run_started';
      runId: string;
      problemId: string;
      seed: number;
      resumed: boolean;
      generation: number;
      productionSeeds: number;
    }
  | { type: 'generation_started'; runId: string; generation: number; planned: Partial<Record<Operator, number>> }
  | {
      type: 'candidate_evaluated';
      runId: string;
      generation: number;
      trajectory: TrajectorySummary;
      /** True when the result came from the store (a resumed generation), not a new execution. */
      reused: boolean;
      evaluations: number;
    }
  | { type: 'new_best'; runId: string; generation: number; trajectory: TrajectorySummary; previousScore: number }
  | {
      type: 'generation_finished';
      runId: string;
      generation: number;
      bestScore: number;
      evaluated: number;
      duplicatesRejected: number;
      /** Wall time of the generation. */
      durationMs: number;
      /** Time spent in operators proposing candidates. */
      operatorMs: number;
      /** Time spent executing candidates. */
      evaluationMs: number;
      /** The engine's own time: selection, deduplication, bookkeeping, checkpoint. */
      engineMs: number;
    }
  | {
      type: 'done';
      runId: string;
      stoppedBecause: StopReason;
      bestScore: number;
      iterations: number;
      evaluations: number;
      durationMs: number;
    };

/** Options of `evolve`. */
export interface EvolveOptions {
  signal?: AbortSignal;
  onEvent?: (event: EvolutionEvent) => void;
  /** Id of the run (default: a fresh one). Give the same id with `resume` to continue a checkpointed run. */
  runId?: string;
  /** Continue the checkpointed run `runId` if there is one (a finished run returns its stored result). */
  resume?: boolean;
}
