export type {
  CaseResult,
  Compare,
  Language,
  RunResult,
  RunStatus,
  RunTestsOptions,
  Sandbox,
  SandboxOptions,
  SandboxPool,
  SandboxStats,
  TestCase,
} from './types.js';
export { SandboxError, type SandboxErrorCode } from './errors.js';
export { createSandbox, runTests } from './sandbox.js';
export { valuesEqual } from './equal.js';
