import { z } from 'zod';
import { Operator, TrajectoryStatus } from '../enums.js';
import { DurationMs, Id, Name, SchemaVersionField, StringList, Timestamp, UnitInterval } from '../primitives.js';

/** One failing test of a candidate: which, what was expected, what came back or was thrown. */
export const TestFailure = z.object({
  name: z.string().max(512),
  message: z.string().max(16_384),
  expected: z.json().optional(),
  actual: z.json().optional(),
});
export type TestFailure = z.infer<typeof TestFailure>;

/** Results of executing a candidate against its tests. */
export const TestResults = z
  .object({
    passed: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    failures: z.array(TestFailure).max(10_000),
  })
  .refine((r) => r.passed + r.failed === r.total, { message: 'passed + failed must equal total', path: ['total'] });
export type TestResults = z.infer<typeof TestResults>;

/** Where a trajectory came from, and the production evidence behind it. */
export const TrajectoryMetadata = z
  .object({
    source: z.enum(['production', 'evolution']),
    outcomeId: Id.optional(),
    planId: Id.optional(),
    confidence: UnitInterval.optional(),
  })
  .catchall(z.json());
export type TrajectoryMetadata = z.infer<typeof TrajectoryMetadata>;

/**
 * One candidate solution in an evolution run. `code` is stored whole; `score` is the fraction of tests passed
 * when the code was executed.
 */
export const Trajectory = z.object({
  schemaVersion: SchemaVersionField,
  trajectoryId: Id,
  runId: Id,
  problemId: Id,
  generation: z.number().int().nonnegative(),
  agentName: Name,
  parentIds: z.array(Id).max(64),
  operator: Operator,
  code: z.string(),
  strategy: z.string().max(65_536),
  problemDiagnosis: z.string().max(65_536),
  reasoningPattern: z.string().max(256),
  keyInsights: StringList,
  failureReasons: StringList,
  toolsUsed: StringList,
  status: TrajectoryStatus,
  score: UnitInterval,
  testResults: TestResults.optional(),
  metrics: z.record(z.string(), z.number()),
  executionTimeMs: DurationMs,
  costUsd: z.number().finite().nonnegative(),
  metadata: TrajectoryMetadata,
  createdAt: Timestamp,
});
export type Trajectory = z.infer<typeof Trajectory>;

