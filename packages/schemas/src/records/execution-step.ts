import { z } from 'zod';
import { StepKind } from '../enums.js';
import { DurationMs } from '../primitives.js';

/** One step of an agent's execution path: its own work (`step`) or a tool call (`tool`). */
export const ExecutionStep = z.object({
  name: z.string().min(1).max(512),
  kind: StepKind,
  durationMs: DurationMs,
  ok: z.boolean(),
  error: z.string().max(8192).optional(),
});
export type ExecutionStep = z.infer<typeof ExecutionStep>;
