import { describe, expect, it } from 'vitest';
import { parseTrajectory } from '@genesis/schemas';
import { createTrajectoryFromProductionPlan, productionTrajectoryId } from '../src/production/from-plan.js';
import { makeExample } from './helpers.js';

const CODE = 'function sumEvens(xs) { return xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0); }';

describe('createTrajectoryFromProductionPlan (seed scenarios A)', () => {
  it('1. from a successful plan: fields mapped, production metadata', () => {
    const ex = makeExample({ code: CODE, confidence: 0.83, durationMs: 1234 });
    const t = createTrajectoryFromProductionPlan(ex.plan, ex.outcome);
    expect(parseTrajectory(t)).toEqual(t);
    expect(t).toMatchObject({
      operator: 'production',
      code: CODE,
      strategy: ex.plan.strategy,
      reasoningPattern: 'sequential',
      toolsUsed: ['write_code'],
      status: 'success',
      score: 1,
      executionTimeMs: 1234,
      failureReasons: [],
      agentName: 'builder',
      problemDiagnosis: ex.outcome.taskDescription,
    });
    expect(t.metadata).toMatchObject({
      source: 'production',
      outcomeId: ex.outcome.outcomeId,
      planId: ex.plan.planId,
      confidence: 0.83,
    });
    expect(t.keyInsights).toEqual(['use reduce', 'tests passed']);
  });

  it('2. from a failed plan: failure reasons filled, score 0', () => {
    const ex = makeExample({ code: CODE, success: false });
    const t = createTrajectoryFromProductionPlan(ex.plan, ex.outcome);
    expect(t.score).toBe(0);
    expect(t.status).toBe('failure');
    expect(t.failureReasons).toEqual([
      'summed odd numbers',
      'AssertionError: expected 6, got 9',
      'step write_code failed: tests failed',
    ]);
    expect(t.testResults).toMatchObject({ passed: 0, failed: 1, total: 1 });
  });

  it('3. code taken from a dict result with a code key', () => {
    const ex = makeExample({ result: { code: CODE, files: 1 } });
    expect(createTrajectoryFromProductionPlan(ex.plan, ex.outcome).code).toBe(CODE);
  });

  it('4. no code from a string result (empty, not an error)', () => {
    const ex = makeExample({ result: 'generated 3 files' });
    expect(createTrajectoryFromProductionPlan(ex.plan, ex.outcome).code).toBe('');
    const ex2 = makeExample({ result: { code: 42 } });
    expect(createTrajectoryFromProductionPlan(ex2.plan, ex2.outcome).code).toBe('');
  });

  it('5. validation results present: test results, duration, steps', () => {
    const ex = makeExample({ code: CODE, durationMs: 40 });
    const t = createTrajectoryFromProductionPlan(ex.plan, ex.outcome);
    expect(t.testResults).toEqual({ passed: 1, failed: 0, total: 1, failures: [] });
    expect(t.metrics).toMatchObject({ success: 1, verified: 1, executionTimeMs: 40, stepsCompleted: 2, stepsTotal: 2 });
  });

  it('uses reported test counts as the real score (QA-like results)', () => {
    const ex = makeExample({ result: { passed: 152, total: 156, testRunId: 'r1' }, success: false });
    const t = createTrajectoryFromProductionPlan(ex.plan, ex.outcome);
    expect(t.score).toBeCloseTo(152 / 156);
    expect(t.status).toBe('partial_success');
    expect(t.testResults).toMatchObject({ passed: 152, failed: 4, total: 156 });
    const nested = makeExample({ result: { tests: { passed: 3, total: 3 } } });
    expect(createTrajectoryFromProductionPlan(nested.plan, nested.outcome).score).toBe(1);
  });

  it('defect: execution time was always 0 — it is the run duration, else the steps, else the timestamps', () => {
    const ex = makeExample({ durationMs: 0 });
    expect(createTrajectoryFromProductionPlan(ex.plan, ex.outcome).executionTimeMs).toBe(25);
    const noSteps = makeExample({ durationMs: 0 });
    noSteps.outcome.executionPath = [];
    noSteps.outcome.startedAt = '2026-11-01T00:00:00.000Z';
    noSteps.outcome.finishedAt = '2026-11-01T00:00:00.300Z';
    expect(createTrajectoryFromProductionPlan(noSteps.plan, noSteps.outcome).executionTimeMs).toBe(300);
  });

  it('defect: confidence was a constant — it is the plan’s own', () => {
    const values = [0.31, 0.62, 0.95].map((confidence) => {
      const ex = makeExample({ confidence });
      return createTrajectoryFromProductionPlan(ex.plan, ex.outcome).metadata.confidence;
    });
    expect(values).toEqual([0.31, 0.62, 0.95]);
  });

  it('ids are stable per (plan, outcome), bounded in length, and options apply', () => {
    const ex = makeExample({ problemId: 'p-7' });
    const a = createTrajectoryFromProductionPlan(ex.plan, ex.outcome);
    const b = createTrajectoryFromProductionPlan(ex.plan, ex.outcome, { runId: 'r', exampleKey: 'k' });
    expect(a.trajectoryId).toBe(b.trajectoryId);
    expect(a.problemId).toBe('p-7');
    expect(b.runId).toBe('r');
    expect(b.metadata.exampleKey).toBe('k');
    const long = makeExample({ id: 'x'.repeat(200) });
    expect(productionTrajectoryId(long.plan, long.outcome)).toMatch(/^prod-[0-9a-f]{64}$/);
    const cost = makeExample();
    cost.outcome.context = { costUsd: 0.25 };
    expect(createTrajectoryFromProductionPlan(cost.plan, cost.outcome).costUsd).toBe(0.25);
  });
});
