export { SCHEMA_VERSION } from './version.js';
export { SchemaError, formatPath, type SchemaErrorCode, type SchemaIssue } from './errors.js';
export {
  TrajectoryStatus,
  Operator,
  ReasoningPattern,
  PlanStatus,
  StrategyStatus,
  StepKind,
  StopReason,
  EvolutionRunStatus,
} from './enums.js';
export { JsonValue, JsonObject, Id, Name, Timestamp, DurationMs, UnitInterval } from './primitives.js';
export { ExecutionStep } from './records/execution-step.js';
export { ProductionOutcome, OutcomeError } from './records/production-outcome.js';
export { ExtractedPlan, ExtractorId } from './records/extracted-plan.js';
export { TrainingExample } from './records/training-example.js';
export { Trajectory, TestResults, TestFailure, TrajectoryMetadata } from './records/trajectory.js';
export { Strategy, StrategyPlan } from './records/strategy.js';
export { EvolutionRun, OperatorStats } from './records/evolution-run.js';
export {
  parseRecord,
  safeParseRecord,
  parseExecutionStep,
  parseOutcome,
  parsePlan,
  parseTrainingExample,
  parseTrajectory,
  parseStrategy,
  parseEvolutionRun,
  type ParseResult,
} from './parse.js';
export {
  type Namespace,
  NAMESPACE_LIMITS,
  validateNamespace,
  isValidNamespace,
  namespaceStartsWith,
  segmentProblem,
  namespaces,
} from './namespace.js';
export { upcastOutcome, upcastPlan, upcastTrajectory, type UpcastOptions } from './legacy.js';
export { recordSchemas, toJsonSchema, type RecordName } from './json-schema.js';
