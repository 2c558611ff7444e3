/**
 * Task types the agents log outcomes under. Function tasks carry their own task type (e.g. `array_sum`); these are
 * the ones the agents use for everything else.
 */
export const TASK_TYPES = {
  /** generateCodeWithLogging with any generator (the seed's name). */
  codeGeneration: 'code_generation',
  /** A generated backend. */
  backendGeneration: 'backend_generation',
  /** A generated frontend. */
  frontendGeneration: 'frontend_generation',
  /** A QA run whose target names no task type. */
  testExecution: 'test_execution',
} as const;

/** One of {@link TASK_TYPES}. */
export type AgentTaskType = (typeof TASK_TYPES)[keyof typeof TASK_TYPES];
