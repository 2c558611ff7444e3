export { createRng, type Rng } from './rng.js';
export type {
  Problem,
  Candidate,
  InsightStats,
  Insights,
  OperatorContext,
  Operators,
} from './operators/types.js';
export { SEDarwinError, type SEDarwinErrorCode } from './errors.js';
export type { EvolutionBudget, EvolutionConfig, SEDarwinOptions } from './config.js';
export { SEDarwin, type PromotionResult } from './se-darwin.js';
export type {
  EvolutionEvent,
  EvolutionResult,
  EvolveOptions,
  PoolStats,
  TrajectorySummary,
} from './engine/types.js';
export {
  createSandboxEvaluator,
  type Evaluator,
  type EvaluationInput,
  type EvaluationResult,
  type SandboxEvaluatorOptions,
} from './evaluator.js';
export {
  createTrajectoryFromProductionPlan,
  codeFromResult,
  productionTrajectoryId,
  type FromPlanOptions,
} from './production/from-plan.js';
export type { LoadProductionOptions, LoadProductionResult } from './production/load.js';
export {
  getActiveStrategy,
  listStrategyHistory,
  type StrategyLookup,
  type StrategyScope,
} from './promotion/strategies.js';
export { createLlmOperators, type LlmOperatorsOptions, type ModelPricing } from './operators/llm/llm-operators.js';
export { parseModelReply, type ParsedReply } from './operators/llm/parse.js';
export { emptyInsights, mergeInsights, improvementRate } from './insights.js';
export { normalizeCode, codeHash } from './normalize.js';
export { compareTrajectories, failingTests } from './engine/archive.js';
export type { Checkpoint } from './engine/checkpoint.js';
export { createDeterministicOperators, type DeterministicOperatorsOptions, type EditKind } from './operators/deterministic/index.js';
