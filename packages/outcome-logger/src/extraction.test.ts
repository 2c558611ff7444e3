import { parsePlan } from '@genesis/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noEvidence, outcome, step } from '../test/fixtures.js';
import { computeConfidence } from './confidence.js';
import { EvidenceWindow, EvidenceWindows, medianOf, toolSequence } from './evidence.js';
import { detectReasoningPattern } from './reasoning-pattern.js';
import { createRulesExtractor, planIdFor } from './rules-extractor.js';

describe('detectReasoningPattern', () => {
  it.each([
    [[], 'direct'],
    [[step('generate')], 'direct'],
    [[step('compile', 'tool', false, 'TS2304'), step('fix'), step('compile', 'tool')], 'trial_and_error'],
    [[step('draft'), step('review'), step('draft'), step('review')], 'iterative_refinement'],
    [[step('write tests'), step('implement'), step('refactor')], 'test_driven'],
    [[step('implement'), step('run_tests', 'tool'), step('fix bug')], 'test_driven'],
    [[step('plan routes'), step('write handlers'), step('write models')], 'decomposition'],
    [[step('fetch', 'tool'), step('transform', 'tool'), step('save')], 'tool_chain'],
    [[step('read spec'), step('write code'), step('run tests')], 'sequential'],
  ] as const)('%j → %s', (steps, expected) => {
    expect(detectReasoningPattern(steps)).toBe(expected);
  });
});

describe('computeConfidence', () => {
  it('follows the documented formula', () => {
    const o = outcome({ executionPath: [step('a'), step('b')], durationMs: 99 });
    const parts = computeConfidence(o, { ...noEvidence, medianDurationMs: 199, sameTaskDurationsMs: [1, 199, 300], sameToolSequenceCount: 3 });
    expect(parts.efficiency).toBe(1);
    expect(parts.speed).toBe(1);
    expect(parts.corroboration).toBe(0.75);
    expect(parts.quality).toBeCloseTo(0.3 + 0.3 + 0.4 * 0.75, 10);
    expect(parts.confidence).toBeCloseTo(0.5 + 0.5 * parts.quality, 4);
  });

  it('is never a constant: it moves with verification, efficiency, speed and corroboration', () => {
    const base = outcome({ executionPath: [step('a'), step('b')] });
    const c = (o = base, e = noEvidence): number => computeConfidence(o, e).confidence;
    const verified = c();
    const unverified = c(outcome({ ...base, verified: false }));
    const failed = c(outcome({ ...base, success: false, verified: false }));
    const retried = c(outcome({ ...base, executionPath: [step('a', 'step', false), step('a'), step('b')] }));
    const slow = c(outcome({ ...base, durationMs: 10_000 }), { ...noEvidence, medianDurationMs: 100, sameTaskDurationsMs: [100, 100, 100] });
    const corroborated = c(base, { ...noEvidence, sameToolSequenceCount: 5 });
    expect(verified).toBeGreaterThanOrEqual(0.5);
    expect(unverified).toBeLessThan(verified);
    expect(unverified).toBeGreaterThanOrEqual(0.2);
    expect(failed).toBeLessThanOrEqual(0.2);
    expect(retried).toBeLessThan(verified);
    expect(slow).toBeLessThan(verified);
    expect(corroborated).toBeGreaterThan(verified);
    expect(new Set([verified, unverified, failed, retried, slow, corroborated]).size).toBe(6);
  });
});

describe('evidence windows', () => {
  it('gives durations of earlier successes, their median and tool-sequence corroboration, bounded', () => {
    const w = new EvidenceWindow(3);
    const mk = (id: string, ms: number, tools: string[], success = true) =>
      outcome({ outcomeId: id, durationMs: ms, success, verified: false, executionPath: tools.map((t) => step(t, 'tool')) });
    w.add(mk('a', 10, ['x', 'y']));
    w.add(mk('b', 30, ['x', 'y']));
    w.add(mk('c', 20, ['z'], false));
    w.add(mk('a', 99, ['q'])); // same id: ignored
    const e = w.evidenceFor(mk('new', 5, ['x', 'x', 'y']));
    expect(e.sameTaskDurationsMs).toEqual([10, 30]);
    expect(e.sameToolSequenceCount).toBe(2); // x,x,y collapses to x,y
    expect(e.medianDurationMs).toBeUndefined(); // fewer than 3 successes
    w.add(mk('d', 40, ['x', 'y']));
    w.add(mk('e', 50, []));
    expect(w.size).toBe(3); // a, b evicted
    const e2 = w.evidenceFor(mk('new', 5, []));
    expect(e2.sameTaskDurationsMs).toEqual([40, 50]);
    w.prepend([mk('old1', 1, []), mk('old2', 2, [])]); // full: nothing older fits
    expect(w.size).toBe(3);
  });

  it('prepends earlier outcomes when warming and computes the median', () => {
    const w = new EvidenceWindow(10);
    w.add(outcome({ outcomeId: 'new', durationMs: 50 }));
    w.prepend([outcome({ outcomeId: 'o1', durationMs: 10 }), outcome({ outcomeId: 'o2', durationMs: 30 }), outcome({ outcomeId: 'new', durationMs: 50 })]);
    expect(w.size).toBe(3);
    const e = w.evidenceFor(outcome({ outcomeId: 'x', durationMs: 1 }));
    expect(e.medianDurationMs).toBe(30);
    expect(w.evidenceFor(outcome({ outcomeId: 'new' })).sameTaskDurationsMs).toEqual([10, 30]);
    w.add(outcome({ outcomeId: 'o4', durationMs: 70 }));
    expect(w.evidenceFor(outcome({ outcomeId: 'x' })).medianDurationMs).toBe(40);
    expect(w.evidenceFor(outcome({ outcomeId: 'new' })).medianDurationMs).toBe(30);
    expect(medianOf([3, 1, 2])).toBe(2);
  });

  it('keeps one window per (agent, taskType)', () => {
    const ws = new EvidenceWindows(5);
    expect(ws.get('a', 't')).toBe(ws.get('a', 't'));
    expect(ws.get('a', 't')).not.toBe(ws.get('a', 'u'));
  });

  it('toolSequence falls back to toolsUsed', () => {
    expect(toolSequence({ executionPath: [], toolsUsed: ['git'] })).toEqual(['git']);
  });
});

describe('rules@1 extractor', () => {
  const extractor = createRulesExtractor({ now: () => Date.parse('2026-11-26T05:00:00Z') });

  it('extracts a valid candidate plan with strategy, pattern, decisions, factors and evidence-based confidence', () => {
    const o = outcome({
      executionPath: [step('plan routes'), step('tsc', 'tool', false, 'TS2304: Cannot find name'), step('fix imports'), step('tsc', 'tool'), step('write files', 'tool')],
      toolsUsed: ['tsc', 'fs'],
      result: { code: 'export const a = 1;\nexport const b = 2;', files: 2 },
      durationMs: 80,
    });
    const plan = parsePlan(extractor.extract(o, { sameTaskDurationsMs: [100, 120, 90], medianDurationMs: 100, sameToolSequenceCount: 2, windowSize: 3 }));
    expect(plan.extractor).toBe('rules@1');
    expect(plan.status).toBe('candidate');
    expect(plan.planId).toBe(planIdFor('o-1', 'rules@1'));
    expect(plan.outcomeIds).toEqual(['o-1']);
    expect(plan.reasoningPattern).toBe('trial_and_error');
    expect(plan.toolsSequence).toEqual(['tsc', 'write files']);
    expect(plan.strategy).toContain('plan routes → [tsc] → fix imports → [tsc] → [write files]');
    expect(plan.strategy).toContain('returns code');
    expect(plan.keyDecisions).toEqual(expect.arrayContaining(['use tool tsc', 'retry tsc after it failed', 'return code, files']));
    expect(plan.successFactors).toEqual(expect.arrayContaining(['success verified independently of the agent', 'same tool sequence as 2 earlier successful runs', 'produced code (2 lines)']));
    expect(plan.successFactors.some((f) => f.includes('median 100 ms'))).toBe(true);
    expect(plan.failureFactors).toEqual(['step tsc failed: TS2304: Cannot find name'.replace('step tsc', 'tool tsc')]);
    expect(plan.confidence).toBe(computeConfidence(o, { sameTaskDurationsMs: [100, 120, 90], medianDurationMs: 100, sameToolSequenceCount: 2, windowSize: 3 }).confidence);
    expect(plan.createdAt).toBe('2026-11-26T05:00:00.000Z');
  });

  it('captures failure patterns from failed outcomes', () => {
    const o = outcome({
      success: false,
      verified: false,
      error: { type: 'AssertionError', message: 'expected 200, got 401' },
      executionPath: [step('start server'), step('POST /login', 'tool', false, 'status 401')],
      durationMs: 5_000,
    });
    const plan = parsePlan(extractor.extract(o, { sameTaskDurationsMs: [100, 100, 100], medianDurationMs: 100, sameToolSequenceCount: 0, windowSize: 3 }));
    expect(plan.failureFactors).toEqual([
      'AssertionError: expected 200, got 401',
      'tool POST /login failed: status 401',
      'slow: 5000 ms against a median of 100 ms',
    ]);
    expect(plan.successFactors).toEqual([]);
    expect(plan.confidence).toBeLessThanOrEqual(0.2);
  });

  it('describes unverified claims, silent failures, repeated steps and empty paths', () => {
    const unverified = extractor.extract(outcome({ verified: false, executionPath: [step('a'), step('a')] }), noEvidence);
    expect(unverified.failureFactors).toEqual(['success claimed by the agent but not verified', 'repeated steps (redundant work on the path)']);
    const silent = extractor.extract(outcome({ success: false, verified: false }), noEvidence);
    expect(silent.failureFactors).toEqual(['reported failure without an error or a failed step']);
    expect(silent.strategy).toContain('a single call with no recorded steps');
    expect(silent.reasoningPattern).toBe('direct');
  });

  it('summarises long paths and hashes over-long plan ids', () => {
    const steps = Array.from({ length: 60 }, (_, i) => step(`s${i}`));
    const plan = parsePlan(extractor.extract(outcome({ outcomeId: 'x'.repeat(256), executionPath: steps }), noEvidence));
    expect(plan.strategy).toContain('… 37 more');
    expect(plan.planId).toMatch(/^plan:[0-9a-f]{64}$/);
  });

  it('always returns a valid plan, whatever the outcome (property, fixed seed)', () => {
    const stepArb = fc.record({
      name: fc.string({ minLength: 1, maxLength: 512 }),
      kind: fc.constantFrom('step' as const, 'tool' as const),
      durationMs: fc.double({ min: 0, max: 1e9, noNaN: true }),
      ok: fc.boolean(),
      error: fc.option(fc.string({ maxLength: 8192 }), { nil: undefined }),
    });
    const outcomeArb = fc.record({
      outcomeId: fc.string({ minLength: 1, maxLength: 256 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
      taskType: fc.string({ minLength: 1, maxLength: 128 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
      executionPath: fc.array(stepArb, { maxLength: 60 }),
      toolsUsed: fc.array(fc.string({ maxLength: 4096 }), { maxLength: 20 }),
      result: fc.jsonValue(),
      success: fc.boolean(),
      durationMs: fc.double({ min: 0, max: 1e9, noNaN: true }),
      error: fc.option(fc.record({ type: fc.string({ minLength: 1, maxLength: 256 }), message: fc.string({ maxLength: 16_384 }) }), { nil: undefined }),
    });
    const evidenceArb = fc.record({
      sameTaskDurationsMs: fc.array(fc.nat(), { maxLength: 5 }),
      medianDurationMs: fc.option(fc.nat(), { nil: undefined }),
      sameToolSequenceCount: fc.nat(),
      windowSize: fc.nat(),
    });
    fc.assert(
      fc.property(outcomeArb, evidenceArb, (o, e) => {
        const plan = extractor.extract(outcome({ ...o, verified: o.success && o.executionPath.length % 2 === 0, result: o.result as never }), e);
        parsePlan(plan);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('takes a few microseconds per outcome', () => {
    const o = outcome({ executionPath: [step('a'), step('b', 'tool'), step('c')], result: { code: 'x' } });
    const t0 = performance.now();
    for (let i = 0; i < 2_000; i++) extractor.extract(o, noEvidence);
    expect((performance.now() - t0) / 2_000).toBeLessThan(200 / 1000 * 1000); // < 200 µs even on a loaded CI box
  });
});
