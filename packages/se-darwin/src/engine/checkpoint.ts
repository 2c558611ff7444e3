import { createHash } from 'node:crypto';
import type { Operator, OperatorStats, StopReason, Trajectory } from '@genesis/schemas';
import type { Insights, Problem } from '../operators/types.js';
import type { ArchiveState } from './archive.js';

/** Store keys inside `['evolution', tenantId, agentName, runId]`. */
export const CHECKPOINT_KEY = 'checkpoint';
export const RUN_KEY = 'run';
/** The production trajectories that seeded the run, written once when it starts. */
export const PRODUCTION_KEY = 'production';
export const trajectoryKey = (id: string): string => `trajectory:${id}`;

/** The agent's insights live in `['evolution', tenantId, agentName, '_insights']` under this key. */
export const INSIGHTS_RUN_SEGMENT = '_insights';
/** The aggregate insights record of versions before per-run records (still read, never written). */
export const INSIGHTS_KEY = 'insights';
/** Key prefix of one completed run's insights in the agent's insights namespace. */
export const INSIGHTS_RUN_PREFIX = 'run:';

/**
 * Everything needed to continue a run exactly where its last finished generation left it. Written after every
 * generation (and once before generation 0).
 */
export interface Checkpoint {
  format: 1;
  runId: string;
  problemId: string;
  /** sha-256 of the problem's visible tests and entry: resuming with a different problem is refused. */
  problemHash: string;
  seed: number;
  status: 'running' | 'completed' | 'aborted';
  /** The next generation to run (= generations completed). */
  generation: number;
  /** Random stream state at the start of `generation`. */
  rng: number[];
  archive: ArchiveState;
  /** Normalised-code hashes of every candidate evaluated in the run. */
  seen: string[];
  production: Trajectory[];
  /** The agent's insights when the run started, and what the run has added since. */
  insightsBase: Insights;
  insightsRun: Insights;
  used: { evaluations: number; costUsd: number; timeMs: number };
  perOperator: Partial<Record<Operator, OperatorStats>>;
  counters: { duplicatesRejected: number; malformed: number };
  bestScore: number;
  lastImprovement: number;
  stoppedBecause?: StopReason;
  startedAt: string;
  finishedAt?: string;
}

/**
 * The checkpoint as stored: the archive by trajectory id (each trajectory is its own record, written once when it
 * was evaluated) and the production seeds by id (written once), so a checkpoint stays small whatever the code sizes.
 */
export type StoredCheckpoint = Omit<Checkpoint, 'archive' | 'production'> & {
  archive: { ids: string[]; children: Record<string, number>; pruned: number };
  productionIds: string[];
};

/** Fingerprint of what a run is solving. */
/** Test values JSON cannot write, written distinctly (a BigInt, `undefined`, NaN, ±Infinity, -0, Map, Set). */
function hashable(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value === undefined) return { $undefined: true };
  if (Object.is(value, -0)) return { $number: '-0' };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (value instanceof Map) return { $map: [...value.entries()] };
  if (value instanceof Set) return { $set: [...value] };
  return value;
}

export function problemHash(problem: Problem): string {
  return createHash('sha256')
    .update(JSON.stringify([problem.problemId, problem.entry, problem.language ?? 'js', problem.tests], hashable))
    .digest('hex');
}
