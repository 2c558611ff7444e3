export { BuilderAgent, resultToJson, type BuilderAgentOptions, type ImplementOptions } from './builder-agent.js';
export {
  QAAgent,
  type QAAgentOptions,
  type RunTestSuiteInput,
  type TestSuite,
  type TestTarget,
  type AppTarget,
  type UrlTarget,
} from './qa-agent.js';
export { AgentError, type AgentErrorCode } from './errors.js';
export { TASK_TYPES, type AgentTaskType } from './task-types.js';
export { defaultSkills, type Skill } from './skills/default-skills.js';
export { SkillLibrary, tokens, type StoredSkill, type SkillMatch, type SkillQuery } from './skills/skill-library.js';
export { adaptCode, signatureParams, declaredFunctionName } from './skills/adapt.js';
export { generateBackendFiles, GENERATED_DEPENDENCIES } from './backend/generate-backend.js';
export { normalizeBackendSpec, toPackageName } from './backend/spec.js';
export { generateFrontendFiles, normalizeFrontendSpec } from './frontend/generate-frontend.js';
export { planBackendSuite, planFrontendSuite, type HttpSuite } from './qa/plan-suites.js';
export type { FunctionSuite, FunctionTarget } from './qa/function-suite.js';
export type { HttpTestCase, HttpRequestSpec, HttpExpectation, TokenKind, TokenSettings } from './qa/http-types.js';
export { runHttpCases, mintToken, subsetMismatch, type CaseOutcome } from './qa/http-runner.js';
export { coverageFromV8, type CoverageReport, type CoverageCount, type FileCoverage } from './qa/coverage.js';
export { reportToJson, type TestRunReport, type TestFailureReport } from './qa/report.js';
export { extractCode, checkGeneratedCode, implementPrompt } from './model.js';
export { createRuntime, type AgentRuntime, type AgentRuntimeOptions } from './runtime.js';
export type {
  ApiRoute,
  BackendSpec,
  FieldInput,
  FieldType,
  FrontendSpec,
  FunctionImplementation,
  FunctionTask,
  GeneratedBackend,
  GeneratedFile,
  GeneratedFrontend,
  ImplementationSource,
  NormalizedBackendSpec,
  NormalizedFrontendSpec,
  PageSpec,
  ResourceSpec,
} from './types.js';
export { readFailurePatterns, type FailurePattern, type FailingTest } from './qa/failure-patterns.js';
export { bundleGenerated, type Bundle } from './qa/bundle.js';
export { startBackend, removeBundle, type RunningBackend, type StartBackendOptions } from './qa/backend-process.js';
export { problemFromTask } from './problem.js';
export { AGENT_METRICS, type TelemetryOptions } from './telemetry.js';
