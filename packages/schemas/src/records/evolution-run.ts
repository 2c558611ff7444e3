import { z } from 'zod';
import { EvolutionRunStatus, Operator, StopReason } from '../enums.js';
import { DurationMs, Id, JsonObject, Name, SchemaVersionField, Timestamp, UnitInterval } from '../primitives.js';

/** What one operator did during a run. */
export const OperatorStats = z.object({
  generated: z.number().int().nonnegative(),
  evaluated: z.number().int().nonnegative(),
  improved: z.number().int().nonnegative(),
  bestScore: UnitInterval,
});
export type OperatorStats = z.infer<typeof OperatorStats>;

/** Summary of one evolution run: its progress while running, its result once done. */
export const EvolutionRun = z.object({
  schemaVersion: SchemaVersionField,
  runId: Id,
  tenantId: Name,
  agentName: Name,
  problemId: Id,
  seed: z.number().int(),
  status: EvolutionRunStatus,
  generation: z.number().int().nonnegative(),
  evaluations: z.number().int().nonnegative(),
  bestTrajectoryId: Id.optional(),
  bestScore: UnitInterval,
  stoppedBecause: StopReason.optional(),
  perOperator: z.partialRecord(Operator, OperatorStats),
  durationMs: DurationMs,
  costUsd: z.number().finite().nonnegative(),
  config: JsonObject,
  startedAt: Timestamp,
  finishedAt: Timestamp.optional(),
});
export type EvolutionRun = z.infer<typeof EvolutionRun>;
