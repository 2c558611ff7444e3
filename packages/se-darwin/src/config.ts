import { segmentProblem } from '@genesis/schemas';
import type { MemoryStore } from '@genesis/memory-store';
import { SEDarwinError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import type { Operators, Problem } from './operators/types.js';

/** Tests per candidate the sandbox accepts (`@genesis/sandbox` refuses more). */
const MAX_TESTS = 100_000;

/** Limits a run may not exceed; the run stops (with `budget_*`) when one is reached. */
export interface EvolutionBudget {
  /** Candidate executions. */
  evaluations?: number;
  /** Wall-clock time of the run (summed across resumes), checked between generations; generation 0 always runs. */
  timeMs?: number;
  /** Money spent by operators (LLM calls). */
  costUsd?: number;
}

/** How a run evolves. */
export interface EvolutionConfig {
  /** Generations per run, generation 0 (seeds and baselines) included. */
  maxIterations: number;
  /** Candidates proposed per generation. */
  trajectoriesPerIteration: number;
  /** Stop as soon as the best score reaches this (0..1). */
  successThreshold: number;
  /** Production trajectories seeding a run (loaded once per run). */
  productionLimit: number;
  /** Seed from every agent of the tenant, not only this one. */
  crossAgent?: boolean;
  /** Seed of the run's random stream: the same seed, inputs and operators give the same run. */
  seed: number;
  /** Candidates executed at once. */
  concurrency: number;
  budget: EvolutionBudget;
  /** Stop when the best score has not improved for this many generations (default 4). */
  plateauGenerations?: number;
  /** Trajectories kept in the archive (default 64); pruned ones stay in the store with their lineage. */
  archiveLimit?: number;
  /**
   * How long the starting program (the best failing program of generation 0: starter code or an adapted production
   * seed) keeps a revision slot of its own: until it has this many generations' worth of children
   * (`trajectoriesPerIteration` each). Default 4; 0 turns the anchor off.
   */
  anchorGenerations?: number;
  /** Minimum held-out score for a first promotion, when no strategy is active yet (default `successThreshold`). */
  minHeldOutScore?: number;
}

/** Options of {@link SEDarwin}. */
export interface SEDarwinOptions {
  agentName: string;
  tenantId: string;
  /** Where production records are read and the archive, checkpoints, insights and strategies are written. Optional. */
  store?: MemoryStore;
  operators: Operators;
  /** Default: {@link createSandboxEvaluator}. */
  evaluator?: Evaluator;
  config: EvolutionConfig;
  /** Milliseconds since the epoch; injected for tests. Default `Date.now`. */
  clock?: () => number;
}

/** The config with every default filled in. */
export type ResolvedConfig = Required<Omit<EvolutionConfig, 'budget'>> & { budget: EvolutionBudget };

function fail(path: string, message: string): never {
  throw new SEDarwinError('INVALID_CONFIG', `${path} ${message}`, { path });
}

function positiveInt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(path, 'must be a positive integer');
  return value as number;
}

function nonNegativeInt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(path, 'must be a non-negative integer');
  return value as number;
}

function nonNegative(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(path, 'must be a non-negative number');
  return value as number;
}

function unit(value: unknown, path: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) fail(path, 'must be a number in [0, 1]');
  return value as number;
}

/** Validates options and fills defaults; throws `SEDarwinError` (`INVALID_CONFIG`) naming the bad field. */
export function resolveOptions(options: SEDarwinOptions): ResolvedConfig {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  for (const key of ['tenantId', 'agentName'] as const) {
    const problem = segmentProblem(options[key]);
    if (problem) fail(key, problem);
  }
  const ops = options.operators as Partial<Operators> | undefined;
  if (typeof ops !== 'object' || ops === null) {
    fail('operators', 'is required: createDeterministicOperators() (no model needed) or createLlmOperators({ model })');
  }
  for (const m of ['baseline', 'adaptSeed', 'revise', 'recombine', 'refine'] as const) {
    if (typeof ops?.[m] !== 'function') fail(`operators.${m}`, 'must be a function');
  }
  if (options.evaluator !== undefined && typeof options.evaluator.evaluate !== 'function')
    fail('evaluator.evaluate', 'must be a function');
  const c = options.config;
  if (typeof c !== 'object' || c === null) fail('config', 'must be an object');
  if (typeof c.seed !== 'number' || !Number.isInteger(c.seed)) fail('config.seed', 'must be an integer');
  const productionLimit = c.productionLimit;
  if (typeof productionLimit !== 'number' || !Number.isInteger(productionLimit) || productionLimit < 0)
    fail('config.productionLimit', 'must be a non-negative integer');
  const budget = c.budget ?? {};
  if (typeof budget !== 'object') fail('config.budget', 'must be an object');
  const resolvedBudget: EvolutionBudget = {};
  const evaluations = nonNegative(budget.evaluations, 'config.budget.evaluations');
  const timeMs = nonNegative(budget.timeMs, 'config.budget.timeMs');
  const costUsd = nonNegative(budget.costUsd, 'config.budget.costUsd');
  if (evaluations !== undefined) resolvedBudget.evaluations = evaluations;
  if (timeMs !== undefined) resolvedBudget.timeMs = timeMs;
  if (costUsd !== undefined) resolvedBudget.costUsd = costUsd;
  const successThreshold = unit(c.successThreshold, 'config.successThreshold');
  return {
    maxIterations: positiveInt(c.maxIterations, 'config.maxIterations'),
    trajectoriesPerIteration: positiveInt(c.trajectoriesPerIteration, 'config.trajectoriesPerIteration'),
    successThreshold,
    productionLimit,
    crossAgent: c.crossAgent ?? false,
    seed: c.seed,
    concurrency: positiveInt(c.concurrency, 'config.concurrency'),
    budget: resolvedBudget,
    plateauGenerations: c.plateauGenerations === undefined ? 4 : positiveInt(c.plateauGenerations, 'config.plateauGenerations'),
    archiveLimit: c.archiveLimit === undefined ? 64 : positiveInt(c.archiveLimit, 'config.archiveLimit'),
    anchorGenerations: c.anchorGenerations === undefined ? 4 : nonNegativeInt(c.anchorGenerations, 'config.anchorGenerations'),
    minHeldOutScore: c.minHeldOutScore === undefined ? successThreshold : unit(c.minHeldOutScore, 'config.minHeldOutScore'),
  };
}

/** The path (`[1].a`) of the first place a value refers back to one of its ancestors, or undefined. */
function cyclePath(value: unknown, ancestors: object[] = [], path = ''): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.includes(value)) return path;
  ancestors.push(value);
  const entries: [string, unknown][] =
    value instanceof Map ? [...value.entries()].map(([k, v], i) => [`[${i}]`, [k, v]])
    : value instanceof Set ? [...value].map((v, i) => [`[${i}]`, v])
    : Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v])
    : Object.keys(value).map((k) => [`.${k}`, (value as Record<string, unknown>)[k]]);
  for (const [step, child] of entries) {
    const found = cyclePath(child, ancestors, path + step);
    if (found !== undefined) return found;
  }
  ancestors.pop();
  return undefined;
}

function failProblem(path: string, message: string): never {
  throw new SEDarwinError('INVALID_PROBLEM', `${path} ${message}`, { path });
}

/** Validates a problem; throws `SEDarwinError` (`INVALID_PROBLEM`) naming the bad field. */
export function validateProblem(problem: Problem): Problem {
  if (typeof problem !== 'object' || problem === null) failProblem('problem', 'must be an object');
  const idProblem = segmentProblem(problem.problemId);
  if (idProblem) failProblem('problem.problemId', idProblem);
  const typeProblem = segmentProblem(problem.taskType);
  if (typeProblem) failProblem('problem.taskType', typeProblem);
  if (typeof problem.description !== 'string') failProblem('problem.description', 'must be a string');
  if (typeof problem.entry !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(problem.entry))
    failProblem('problem.entry', 'must be a JavaScript identifier');
  if (problem.language !== undefined && problem.language !== 'js' && problem.language !== 'ts')
    failProblem('problem.language', "must be 'js' or 'ts'");
  const checkTests = (tests: unknown, path: string, required: boolean): void => {
    if (tests === undefined && !required) return;
    if (!Array.isArray(tests) || (required && tests.length === 0)) failProblem(path, 'must be a non-empty array');
    // The sandbox runs at most this many tests per candidate; refusing here beats failing the run's first evaluation.
    if ((tests as unknown[]).length > MAX_TESTS) failProblem(path, `must have at most ${MAX_TESTS} tests`);
    (tests as unknown[]).forEach((t, i) => {
      if (typeof t !== 'object' || t === null || !Array.isArray((t as { args?: unknown }).args))
        failProblem(`${path}[${i}].args`, 'must be an array');
      if (!('expected' in (t as object))) failProblem(`${path}[${i}].expected`, 'is missing');
      for (const where of ['args', 'expected'] as const) {
        const cycle = cyclePath((t as Record<string, unknown>)[where]);
        if (cycle !== undefined) failProblem(`${path}[${i}].${where}${cycle}`, 'refers back to itself (a cycle): test values must be data');
      }
    });
  };
  checkTests(problem.tests, 'problem.tests', true);
  checkTests(problem.heldOutTests, 'problem.heldOutTests', false);
  return problem;
}
