import type { JsonValue, Operator, Trajectory } from '@genesis/schemas';
import type { TestCase } from '@genesis/sandbox';
import type { Rng } from '../rng.js';

/**
 * A problem to evolve a solution for: a function `entry` that must pass `tests`. `heldOutTests` are never shown to
 * operators; they gate promotion and measure overfitting.
 */
export interface Problem {
  problemId: string;
  taskType: string;
  description: string;
  entry: string;
  /** e.g. `(xs: number[]) => number`; helps operators adapt production code to a new entry. */
  signature?: string;
  starterCode?: string;
  language?: 'js' | 'ts';
  tests: TestCase[];
  heldOutTests?: TestCase[];
}

/** What an operator proposes. The engine deduplicates, evaluates it in the sandbox and turns it into a Trajectory. */
export interface Candidate {
  code: string;
  operator: Operator;
  parentIds: string[];
  strategy: string;
  problemDiagnosis?: string;
  reasoningPattern?: string;
  keyInsights?: string[];
  /**
   * Names of the edits that made this candidate (e.g. `binary-operator`, `off-by-one`, `transplant:production`).
   * The engine credits each with attempts and improvements in the pool's insights.
   */
  edits?: string[];
  /** Production trajectories this candidate drew from (for seed credit in insights and the demo report). */
  seedIds?: string[];
  /** Money spent producing it (LLM operators). */
  costUsd?: number;
  metadata?: Record<string, JsonValue>;
}

/** How often something was tried and how often it produced a child better than its parents. */
export interface InsightStats {
  attempts: number;
  improvements: number;
}

/**
 * Real data about what worked, kept per agent and reused on the next run: by operator, by edit kind, and by
 * production seed (keyed by the seed's trajectoryId).
 */
export interface Insights {
  operators: Record<string, InsightStats>;
  edits: Record<string, InsightStats>;
  seeds: Record<string, InsightStats>;
}

/** What an operator may read while proposing candidates. */
export interface OperatorContext {
  problem: Problem;
  /** Seeded; operators draw all randomness from it. */
  rng: Rng;
  /** The current archive, best first. */
  pool: readonly Trajectory[];
  /** Successful production trajectories relevant to this problem (transplant material). */
  production: readonly Trajectory[];
  insights: Insights;
  /** How many candidates the engine would like (a hint, not a limit). */
  count: number;
  generation: number;
  signal?: AbortSignal;
}

/**
 * The three SE-Agent operators, plus optional baseline and production-seed adaptation. Implementations: the
 * deterministic program-edit operators (no model needed) and the LLM operators (any AI SDK model).
 */
export interface Operators {
  /** Short identifier recorded on trajectories, e.g. `deterministic@1` or `llm:gpt-4o-mini`. */
  readonly name: string;
  /** Initial candidates from the problem alone (starter code, description). */
  baseline(ctx: OperatorContext): Promise<Candidate[]>;
  /** Production code adapted to this problem (entry name, parameters). */
  adaptSeed(seed: Trajectory, ctx: OperatorContext): Promise<Candidate[]>;
  /** Revision: a new attempt from a failed trajectory, aimed at its failing tests. */
  revise(failed: Trajectory, ctx: OperatorContext): Promise<Candidate[]>;
  /** Recombination: combine the strengths of two parents that pass different tests. */
  recombine(a: Trajectory, b: Trajectory, ctx: OperatorContext): Promise<Candidate[]>;
  /** Refinement: remove redundancy and simplify the best, keeping every passing test passing. */
  refine(best: Trajectory, ctx: OperatorContext): Promise<Candidate[]>;
}
