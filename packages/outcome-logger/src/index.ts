export { OutcomeLogger } from './outcome-logger.js';
export { recordStep, recordTool } from './recorder.js';
export { OutcomeLoggerError, type OutcomeLoggerErrorCode, type OutcomeLoggerIssue } from './errors.js';
export {
  createRedactor,
  defaultRedactor,
  defaultRedactionRules,
  isSensitiveKey,
  type Redactor,
  type RedactorOptions,
  type RedactionRule,
} from './redact.js';
export { createRulesExtractor, planIdFor, type RulesExtractor, type RulesExtractorOptions } from './rules-extractor.js';
export { createLlmExtractor, LlmPlanFields, type LlmExtractorOptions } from './llm-extractor.js';
export { computeConfidence, type ConfidenceParts } from './confidence.js';
export { detectReasoningPattern } from './reasoning-pattern.js';
export { toolSequence } from './evidence.js';
export { toJsonValue } from './to-json.js';
export { METRIC_NAMES } from './telemetry.js';
export { OUTCOME_INDEX, TRAINING_INDEX } from './writer.js';
export type {
  OutcomeInput,
  ExecutionStepInput,
  OutcomeLoggerOptions,
  OutcomeLoggerStats,
  BufferOptions,
  RetryOptions,
  SearchIndexOptions,
  FullBufferPolicy,
  WrapOptions,
  WrapMeta,
  PlanExtractor,
  ExtractionEvidence,
} from './types.js';
