import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, parseOutcome, upcastOutcome, upcastPlan, upcastTrajectory } from '../src/index.js';
import { outcome, plan, schemaError, trajectory } from './fixtures.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./legacy/${name}.json`, import.meta.url), 'utf8'));

describe('upcasting the original Python records', () => {
  it('logger variant outcome (duration_ms, business_id, list-of-strings path)', () => {
    expect(upcastOutcome(fixture('logger-outcome'))).toEqual({
      schemaVersion: SCHEMA_VERSION,
      outcomeId: '4f1c2a9e-0b7d-4c1e-9a55-2f7e8d0c1b3a',
      tenantId: 'acme',
      agentName: 'builder_agent',
      taskType: 'code_generation',
      taskDescription: 'Generate auth module with JWT',
      executionPath: [
        { name: 'analyze_requirements', kind: 'step', durationMs: 0, ok: true },
        { name: 'generate_backend', kind: 'tool', durationMs: 0, ok: true },
        { name: 'write_files', kind: 'step', durationMs: 0, ok: true },
      ],
      toolsUsed: ['generate_backend'],
      result: { files: ['auth.ts', 'routes.ts'], code: 'export function login() { return true; }' },
      success: true,
      verified: false,
      durationMs: 1532.5,
      startedAt: '2025-10-24T22:05:25.345Z',
      finishedAt: '2025-10-24T22:05:26.878Z',
      context: { app_name: 'MyApp', auth_required: true },
    });
  });

  it('darwin variant outcome (task_id, execution_time in seconds, epoch timestamp, error string)', () => {
    expect(upcastOutcome(fixture('darwin-outcome'), { tenantId: 'acme' })).toEqual({
      schemaVersion: SCHEMA_VERSION,
      outcomeId: 'qa-run-17',
      tenantId: 'acme',
      agentName: 'qa_agent',
      taskType: 'test_execution',
      taskDescription: 'Run integration tests for auth',
      executionPath: [
        { name: 'start_backend', kind: 'step', durationMs: 250, ok: true },
        { name: 'run_suite', kind: 'tool', durationMs: 1500, ok: false, error: '2 assertions failed' },
      ],
      toolsUsed: ['run_suite'],
      result: '4 of 6 tests passed',
      success: false,
      verified: false,
      error: { type: 'Error', message: 'AssertionError: expected 200, got 401' },
      durationMs: 1750,
      startedAt: '2025-10-24T22:05:24.750Z',
      finishedAt: '2025-10-24T22:05:26.500Z',
      context: { environment: 'staging' },
    });
  });

  it('logger variant plan (strategy, tools_sequence)', () => {
    expect(upcastPlan(fixture('logger-plan'))).toEqual({
      schemaVersion: SCHEMA_VERSION,
      planId: 'plan-7',
      outcomeIds: ['4f1c2a9e-0b7d-4c1e-9a55-2f7e8d0c1b3a'],
      tenantId: 'acme',
      agentName: 'builder_agent',
      taskType: 'code_generation',
      strategy: 'analyze_requirements -> generate_backend -> write_files',
      reasoningPattern: 'sequential',
      toolsSequence: ['generate_backend'],
      keyDecisions: ['use JWT'],
      successFactors: ['all steps succeeded'],
      failureFactors: [],
      confidence: 0.8,
      extractor: 'rules@0',
      status: 'candidate',
      createdAt: '2025-10-24T22:05:27.000Z',
    });
  });

  it('darwin variant plan (strategy_description, tools_required, percent confidence, no plan id)', () => {
    const upcast = upcastPlan(fixture('darwin-plan'), { tenantId: 'acme' });
    expect(upcast).toEqual({
      schemaVersion: SCHEMA_VERSION,
      planId: upcast.planId,
      outcomeIds: ['qa-run-17'],
      tenantId: 'acme',
      agentName: 'qa_agent',
      taskType: 'test_execution',
      strategy: 'start the backend, then run the suite',
      reasoningPattern: 'trial_and_error',
      toolsSequence: ['run_suite'],
      keyDecisions: ['start_backend', 'run_suite'],
      successFactors: [],
      failureFactors: ['auth header missing'],
      confidence: 0.8,
      extractor: 'rules@0',
      status: 'candidate',
      createdAt: '2025-10-24T20:06:00.000Z',
    });
    // A record without an id gets a stable one derived from its content.
    expect(upcast.planId).toMatch(/^legacy-plan-[0-9a-f]{16}$/);
    expect(upcastPlan(fixture('darwin-plan'), { tenantId: 'acme' }).planId).toBe(upcast.planId);
  });

  it('trajectory with _metadata, code_changes, success_score and seconds', () => {
    expect(upcastTrajectory(fixture('trajectory'), { runId: 'run-legacy', problemId: 'sum-odds' })).toEqual({
      schemaVersion: SCHEMA_VERSION,
      trajectoryId: 'gen2_revision_ab12',
      runId: 'run-legacy',
      problemId: 'sum-odds',
      generation: 2,
      agentName: 'builder_agent',
      parentIds: ['gen1_baseline_0'],
      operator: 'revision',
      code: 'def sum_odds(xs):\n    return sum(x for x in xs if x % 2)\n',
      strategy: 'flip the parity check',
      problemDiagnosis: 'baseline summed evens',
      reasoningPattern: 'iterative_refinement',
      keyInsights: ['parity'],
      failureReasons: [],
      toolsUsed: [],
      status: 'success',
      score: 0.9,
      testResults: { passed: 9, failed: 1, total: 10, failures: [] },
      metrics: {},
      executionTimeMs: 42,
      costUsd: 0.0012,
      metadata: {
        source: 'production',
        outcomeId: '4f1c2a9e-0b7d-4c1e-9a55-2f7e8d0c1b3a',
        planId: 'plan-7',
        confidence: 0.8,
        production_score: 1,
      },
      createdAt: '2025-10-24T22:07:00.000Z',
    });
  });

  it('canonical records pass through unchanged', () => {
    expect(upcastOutcome(outcome())).toEqual(outcome());
    expect(upcastPlan(plan())).toEqual(plan());
    expect(upcastTrajectory(trajectory())).toEqual(trajectory());
  });

  it('rejects what cannot be upcast with INVALID_LEGACY_RECORD, naming the field', () => {
    const noTenant = { ...fixture('darwin-outcome') };
    expect(schemaError(() => upcastOutcome(noTenant)).issues[0]?.path).toEqual(['business_id']);
    expect(schemaError(() => upcastOutcome('text')).code).toBe('INVALID_LEGACY_RECORD');
    expect(schemaError(() => upcastPlan({ business_id: 'a', agent_name: 'b' })).issues[0]?.path).toEqual(['outcome_id']);
    expect(schemaError(() => upcastTrajectory({ operator_applied: 'teleport' })).issues[0]?.path).toEqual([
      'operator_applied',
    ]);
    expect(schemaError(() => upcastTrajectory([])).code).toBe('INVALID_LEGACY_RECORD');
    expect(schemaError(() => upcastPlan(7)).code).toBe('INVALID_LEGACY_RECORD');
  });

  it('a legacy record that maps to an invalid canonical one fails as INVALID_RECORD, never partially', () => {
    const bad = { ...fixture('logger-outcome'), agent_name: undefined };
    const error = schemaError(() => upcastOutcome(bad));
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.issues[0]?.path).toEqual(['agentName']);
  });

  it('unknown legacy reasoning patterns and statuses degrade to unknown / pending', () => {
    const p = upcastPlan({ ...fixture('logger-plan'), reasoning_pattern: 'vibes', confidence: 'high' });
    expect(p.reasoningPattern).toBe('unknown');
    expect(p.confidence).toBe(0);
    const t = upcastTrajectory({ ...fixture('trajectory'), status: 'weird', operator_applied: 'crossover' });
    expect(t.status).toBe('pending');
    expect(t.operator).toBe('recombination');
  });

  it('keys named __proto__ are dropped from JSON payloads, other keys are kept', () => {
    const wire = JSON.parse('{"a":{"__proto__":{"polluted":1},"constructor":2}}');
    const parsed = parseOutcome(outcome({ context: wire }));
    expect(parsed.context).toEqual({ a: { constructor: 2 } });
    expect(Object.getPrototypeOf(parsed.context.a)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
