import { z } from 'zod';

/** Lifecycle of a trajectory inside an evolution run. */
export const TrajectoryStatus = z.enum(['pending', 'running', 'success', 'partial_success', 'failure', 'invalid']);
export type TrajectoryStatus = z.infer<typeof TrajectoryStatus>;

/** Where a trajectory came from: production seeding, a baseline, or one of the three SE-Agent operators. */
export const Operator = z.enum(['production', 'baseline', 'revision', 'recombination', 'refinement']);
export type Operator = z.infer<typeof Operator>;

/** How an agent reached its result, as read from its execution path. */
export const ReasoningPattern = z.enum([
  'direct',
  'sequential',
  'tool_chain',
  'iterative_refinement',
  'trial_and_error',
  'test_driven',
  'decomposition',
  'unknown',
]);
export type ReasoningPattern = z.infer<typeof ReasoningPattern>;

/** Plans are quarantined as `candidate` until something (a promotion, a review) validates or rejects them. */
export const PlanStatus = z.enum(['candidate', 'validated', 'rejected']);
export type PlanStatus = z.infer<typeof PlanStatus>;

/** A promoted strategy is `active` until a newer version or a rollback retires it. */
export const StrategyStatus = z.enum(['active', 'retired']);
export type StrategyStatus = z.infer<typeof StrategyStatus>;

/** Whether a step was the agent's own work or a call to a tool. */
export const StepKind = z.enum(['step', 'tool']);
export type StepKind = z.infer<typeof StepKind>;

/** Why an evolution run ended. */
export const StopReason = z.enum([
  'success_threshold',
  'plateau',
  'max_iterations',
  'budget_evaluations',
  'budget_time',
  'budget_cost',
  'aborted',
]);
export type StopReason = z.infer<typeof StopReason>;

/** State of an evolution run. */
export const EvolutionRunStatus = z.enum(['running', 'completed', 'aborted', 'failed']);
export type EvolutionRunStatus = z.infer<typeof EvolutionRunStatus>;
