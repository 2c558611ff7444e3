import { z } from 'zod';
import { PlanStatus, ReasoningPattern } from '../enums.js';
import { Id, Name, SchemaVersionField, StringList, Timestamp, UnitInterval } from '../primitives.js';

/** Who extracted a plan: a versioned rule set (`rules@1`) or a model (`llm:<model id>`). */
export const ExtractorId = z.string().regex(/^(rules@\d+|llm:\S.{0,200})$/, 'must be rules@<n> or llm:<model>');

/**
 * What was learned from one or more outcomes. `confidence` is computed from evidence by the extractor, never a
 * constant. New plans start as `candidate` (quarantined) until validated.
 */
export const ExtractedPlan = z.object({
  schemaVersion: SchemaVersionField,
  planId: Id,
  outcomeIds: z.array(Id).min(1).max(1000),
  tenantId: Name,
  agentName: Name,
  taskType: Name,
  strategy: z.string().max(16_384),
  reasoningPattern: ReasoningPattern,
  toolsSequence: StringList,
  keyDecisions: StringList,
  successFactors: StringList,
  failureFactors: StringList,
  confidence: UnitInterval,
  extractor: ExtractorId,
  status: PlanStatus,
  createdAt: Timestamp,
});
export type ExtractedPlan = z.infer<typeof ExtractedPlan>;
