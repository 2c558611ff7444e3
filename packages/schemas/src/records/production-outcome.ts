import { z } from 'zod';
import { DurationMs, Id, JsonObject, JsonValue, Name, SchemaVersionField, StringList, Timestamp } from '../primitives.js';
import { ExecutionStep } from './execution-step.js';

/** An error an agent run ended with: its type (class name or code) and message. */
export const OutcomeError = z.object({
  type: z.string().min(1).max(256),
  message: z.string().max(16_384),
});
export type OutcomeError = z.infer<typeof OutcomeError>;

/**
 * One agent run in production. `success` is what the run reported; `verified` says that success was checked by
 * something other than the agent's own claim (for example QA's tests passing).
 */
export const ProductionOutcome = z
  .object({
    schemaVersion: SchemaVersionField,
    outcomeId: Id,
    tenantId: Name,
    agentName: Name,
    taskType: Name,
    taskDescription: z.string().max(65_536),
    executionPath: z.array(ExecutionStep).max(10_000),
    toolsUsed: StringList,
    result: JsonValue,
    success: z.boolean(),
    verified: z.boolean(),
    error: OutcomeError.optional(),
    durationMs: DurationMs,
    startedAt: Timestamp,
    finishedAt: Timestamp,
    traceId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
    spanId: z.string().regex(/^[0-9a-f]{16}$/).optional(),
    context: JsonObject,
  })
  .refine((o) => !(o.verified && !o.success), {
    message: 'a failed outcome cannot be verified as a success',
    path: ['verified'],
  })
  .refine((o) => Date.parse(o.finishedAt) >= Date.parse(o.startedAt), {
    message: 'finishedAt is before startedAt',
    path: ['finishedAt'],
  });
export type ProductionOutcome = z.infer<typeof ProductionOutcome>;
