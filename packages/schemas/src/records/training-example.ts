import { z } from 'zod';
import { Id, Name, SchemaVersionField, Timestamp } from '../primitives.js';
import { ExtractedPlan } from './extracted-plan.js';
import { ProductionOutcome } from './production-outcome.js';

/** A verified success paired with the plan extracted from it: what SE-Darwin learns from. */
export const TrainingExample = z
  .object({
    schemaVersion: SchemaVersionField,
    exampleId: Id,
    tenantId: Name,
    agentName: Name,
    taskType: Name,
    outcome: ProductionOutcome,
    plan: ExtractedPlan,
    createdAt: Timestamp,
  })
  .refine((t) => t.plan.outcomeIds.includes(t.outcome.outcomeId), {
    message: "the plan does not cite the example's outcome",
    path: ['plan', 'outcomeIds'],
  })
  .refine((t) => t.outcome.tenantId === t.tenantId && t.plan.tenantId === t.tenantId, {
    message: 'outcome, plan and example belong to different tenants',
    path: ['tenantId'],
  });
export type TrainingExample = z.infer<typeof TrainingExample>;
