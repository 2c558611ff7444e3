import type { z } from 'zod';
import { SchemaError, type SchemaIssue } from './errors.js';
import { SCHEMA_VERSION } from './version.js';
import { EvolutionRun } from './records/evolution-run.js';
import { ExecutionStep } from './records/execution-step.js';
import { ExtractedPlan } from './records/extracted-plan.js';
import { ProductionOutcome } from './records/production-outcome.js';
import { Strategy } from './records/strategy.js';
import { TrainingExample } from './records/training-example.js';
import { Trajectory } from './records/trajectory.js';

/** The outcome of a non-throwing parse. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: SchemaError };

function toIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
}

function checkVersion(record: string, input: unknown): SchemaError | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const version = (input as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    return new SchemaError({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      record,
      issues: [{ path: ['schemaVersion'], message: `version ${version} is newer than ${SCHEMA_VERSION}` }],
    });
  }
  return undefined;
}

/** Parses `input` against `schema`, returning a typed error instead of throwing. The input is never modified. */
export function safeParseRecord<S extends z.ZodType>(
  schema: S,
  record: string,
  input: unknown,
): ParseResult<z.infer<S>> {
  const versionError = checkVersion(record, input);
  if (versionError) return { ok: false, error: versionError };
  let result: ReturnType<S['safeParse']>;
  try {
    result = schema.safeParse(input) as ReturnType<S['safeParse']>;
  } catch (error) {
    // zod validates JSON values recursively: nesting thousands of levels deep overflows the stack. A typed error, as
    // for any other bad input, instead of a RangeError escaping a function that promises not to throw.
    if (!(error instanceof RangeError)) throw error;
    return {
      ok: false,
      error: new SchemaError({ code: 'INVALID_RECORD', record, issues: [{ path: [], message: 'nested too deeply to validate' }], cause: error }),
    };
  }
  if (result.success) return { ok: true, value: result.data as z.infer<S> };
  return {
    ok: false,
    error: new SchemaError({ code: 'INVALID_RECORD', record, issues: toIssues(result.error), cause: result.error }),
  };
}

/** Parses `input` against `schema`; throws `SchemaError` (never a ZodError) on bad input. */
export function parseRecord<S extends z.ZodType>(schema: S, record: string, input: unknown): z.infer<S> {
  const result = safeParseRecord(schema, record, input);
  if (!result.ok) throw result.error;
  return result.value;
}

/** Parses a canonical ExecutionStep. */
export const parseExecutionStep = (input: unknown): ExecutionStep => parseRecord(ExecutionStep, 'ExecutionStep', input);
/** Parses a canonical ProductionOutcome; throws SchemaError. For legacy snake_case records use `upcastOutcome`. */
export const parseOutcome = (input: unknown): ProductionOutcome =>
  parseRecord(ProductionOutcome, 'ProductionOutcome', input);
/** Parses a canonical ExtractedPlan; throws SchemaError. */
export const parsePlan = (input: unknown): ExtractedPlan => parseRecord(ExtractedPlan, 'ExtractedPlan', input);
/** Parses a canonical TrainingExample; throws SchemaError. */
export const parseTrainingExample = (input: unknown): TrainingExample =>
  parseRecord(TrainingExample, 'TrainingExample', input);
/** Parses a canonical Trajectory; throws SchemaError. */
export const parseTrajectory = (input: unknown): Trajectory => parseRecord(Trajectory, 'Trajectory', input);
/** Parses a canonical Strategy; throws SchemaError. */
export const parseStrategy = (input: unknown): Strategy => parseRecord(Strategy, 'Strategy', input);
/** Parses a canonical EvolutionRun; throws SchemaError. */
export const parseEvolutionRun = (input: unknown): EvolutionRun => parseRecord(EvolutionRun, 'EvolutionRun', input);
