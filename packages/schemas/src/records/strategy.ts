import { z } from 'zod';
import { ReasoningPattern, StrategyStatus } from '../enums.js';
import { Id, Name, SchemaVersionField, StringList, Timestamp, UnitInterval } from '../primitives.js';

/** The human-readable part of a promoted strategy. */
export const StrategyPlan = z.object({
  strategy: z.string().max(65_536),
  reasoningPattern: ReasoningPattern,
  keyInsights: StringList,
});
export type StrategyPlan = z.infer<typeof StrategyPlan>;

/**
 * A promoted, versioned solution that agents use on their next runs. History is append-only: promoting writes a new
 * version and retires the previous one; rollback re-activates an older one.
 */
export const Strategy = z.object({
  schemaVersion: SchemaVersionField,
  strategyId: Id,
  tenantId: Name,
  agentName: Name,
  taskType: Name,
  problemId: Id.optional(),
  version: z.number().int().positive(),
  code: z.string(),
  plan: StrategyPlan,
  score: UnitInterval,
  heldOutScore: UnitInterval.optional(),
  provenance: z.object({
    trajectoryIds: z.array(Id).max(1000),
    outcomeIds: z.array(Id).max(1000),
    runId: Id.optional(),
  }),
  status: StrategyStatus,
  createdAt: Timestamp,
});
export type Strategy = z.infer<typeof Strategy>;
