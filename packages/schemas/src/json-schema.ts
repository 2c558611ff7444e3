import { z } from 'zod';
import { ExecutionStep } from './records/execution-step.js';
import { EvolutionRun } from './records/evolution-run.js';
import { ExtractedPlan } from './records/extracted-plan.js';
import { ProductionOutcome } from './records/production-outcome.js';
import { Strategy } from './records/strategy.js';
import { TrainingExample } from './records/training-example.js';
import { Trajectory } from './records/trajectory.js';

/** Every record schema, by the name its JSON Schema file carries. */
export const recordSchemas = {
  ExecutionStep,
  ProductionOutcome,
  ExtractedPlan,
  TrainingExample,
  Trajectory,
  Strategy,
  EvolutionRun,
} as const;

/** Name of a record kind. */
export type RecordName = keyof typeof recordSchemas;

/**
 * The JSON Schema (draft 2020-12) of one record kind, as shipped in `json-schema/<Name>.schema.json` for services
 * outside TypeScript. Cross-field rules (e.g. passed + failed = total) are enforced only by the zod schemas.
 */
export function toJsonSchema(name: RecordName): Record<string, unknown> {
  const schema = z.toJSONSchema(recordSchemas[name], { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    $id: `https://genesis-darwin.dev/schemas/${name}.schema.json`,
    title: name,
  };
}
