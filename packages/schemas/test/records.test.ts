import { describe, expect, it } from 'vitest';
import {
  SchemaError,
  formatPath,
  parseEvolutionRun,
  parseExecutionStep,
  parseOutcome,
  parsePlan,
  parseRecord,
  parseStrategy,
  parseTrainingExample,
  parseTrajectory,
  safeParseRecord,
  ProductionOutcome,
} from '../src/index.js';
import { evolutionRun, outcome, plan, schemaError, strategy, trainingExample, trajectory } from './fixtures.js';

const cases = [
  ['ProductionOutcome', parseOutcome, outcome],
  ['ExtractedPlan', parsePlan, plan],
  ['TrainingExample', parseTrainingExample, trainingExample],
  ['Trajectory', parseTrajectory, trajectory],
  ['Strategy', parseStrategy, strategy],
  ['EvolutionRun', parseEvolutionRun, evolutionRun],
] as const;

describe.each(cases)('%s', (name, parse, make) => {
  it('accepts a canonical record and returns an equal copy', () => {
    const input = make();
    const parsed = parse(input);
    expect(parsed).toEqual(input);
    expect(parsed).not.toBe(input);
  });

  it('rejects a missing field with a typed error naming its path', () => {
    const input: Record<string, unknown> = { ...make() };
    delete input.tenantId;
    delete input.runId;
    delete input.problemId;
    const error = schemaError(() => parse(input));
    expect(SchemaError.isInstance(error)).toBe(true);
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.record).toBe(name);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.message).toMatch(new RegExp(`^Invalid ${name} at `));
  });

  it('rejects a newer schemaVersion as unsupported', () => {
    const error = schemaError(() => parse({ ...make(), schemaVersion: 2 }));
    expect(error.code).toBe('UNSUPPORTED_SCHEMA_VERSION');
    expect(error.issues[0]?.path).toEqual(['schemaVersion']);
  });

  it('strips unknown fields instead of passing them through', () => {
    const parsed = parse({ ...make(), extra: 'x' }) as Record<string, unknown>;
    expect(parsed.extra).toBeUndefined();
  });
});

describe('cross-field rules', () => {
  it('a failed outcome cannot be verified', () => {
    const error = schemaError(() => parseOutcome(outcome({ success: false, verified: true })));
    expect(error.issues[0]?.path).toEqual(['verified']);
  });

  it('finishedAt may not precede startedAt', () => {
    const error = schemaError(() =>
      parseOutcome(outcome({ startedAt: '2026-11-26T03:00:01.000Z', finishedAt: '2026-11-26T03:00:00.000Z' })),
    );
    expect(error.issues[0]?.path).toEqual(['finishedAt']);
  });

  it('test results must add up', () => {
    const error = schemaError(() =>
      parseTrajectory(trajectory({ testResults: { passed: 3, failed: 1, total: 5, failures: [] } })),
    );
    expect(error.issues[0]?.path).toEqual(['testResults', 'total']);
  });

  it("a training example's plan must cite its outcome, in the same tenant", () => {
    expect(schemaError(() => parseTrainingExample(trainingExample({ plan: plan({ outcomeIds: ['other'] }) }))).issues[0]?.path).toEqual([
      'plan',
      'outcomeIds',
    ]);
    expect(
      schemaError(() => parseTrainingExample(trainingExample({ outcome: outcome({ tenantId: 'globex' }) }))).issues[0]?.path,
    ).toEqual(['tenantId']);
  });

  it('scores and confidences stay within [0, 1]', () => {
    expect(schemaError(() => parsePlan(plan({ confidence: 1.2 }))).issues[0]?.path).toEqual(['confidence']);
    expect(schemaError(() => parseTrajectory(trajectory({ score: -0.1 }))).issues[0]?.path).toEqual(['score']);
  });

  it('the extractor is rules@<n> or llm:<model>', () => {
    expect(parsePlan(plan({ extractor: 'llm:gpt-4o-mini' })).extractor).toBe('llm:gpt-4o-mini');
    expect(schemaError(() => parsePlan(plan({ extractor: 'magic' }))).issues[0]?.path).toEqual(['extractor']);
  });

  it('reports nested paths', () => {
    const bad = outcome();
    (bad.executionPath[1] as { durationMs: number }).durationMs = -1;
    const error = schemaError(() => parseOutcome(bad));
    expect(error.issues[0]?.path).toEqual(['executionPath', 1, 'durationMs']);
    expect(error.message).toContain('executionPath[1].durationMs');
  });

  it('keeps trajectory code whole, however long', () => {
    const code = `// ${'x'.repeat(200_000)}\nfunction f() { return 1; }`;
    expect(parseTrajectory(trajectory({ code })).code).toBe(code);
  });

  it('trajectory metadata carries production provenance and extra JSON', () => {
    const t = parseTrajectory(
      trajectory({ metadata: { source: 'production', outcomeId: 'o', planId: 'p', confidence: 0.5, note: [1] } }),
    );
    expect(t.metadata).toEqual({ source: 'production', outcomeId: 'o', planId: 'p', confidence: 0.5, note: [1] });
  });
});

describe('helpers', () => {
  it('safeParseRecord returns a result instead of throwing', () => {
    const ok = safeParseRecord(ProductionOutcome, 'ProductionOutcome', outcome());
    expect(ok.ok).toBe(true);
    const bad = safeParseRecord(ProductionOutcome, 'ProductionOutcome', 'nope');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues[0]?.path).toEqual([]);
    // JSON nested far deeper than zod's recursion can go: a typed error, not a RangeError.
    const deep = safeParseRecord(ProductionOutcome, 'ProductionOutcome', outcome({ result: JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) }));
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect([deep.error.code, deep.error.issues[0]?.message]).toEqual(['INVALID_RECORD', 'nested too deeply to validate']);
    expect(() => parseOutcome(outcome({ result: JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)) }))).toThrow(/nested too deeply/);
  });

  it('parseRecord and parseExecutionStep', () => {
    expect(parseExecutionStep({ name: 'x', kind: 'tool', durationMs: 0, ok: false, error: 'boom' }).error).toBe('boom');
    expect(() => parseRecord(ProductionOutcome, 'ProductionOutcome', null)).toThrow(/Invalid ProductionOutcome at \(root\)/);
  });

  it('formatPath renders paths readably', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['a', 0, 'b'])).toBe('a[0].b');
  });

  it('isInstance rejects look-alikes and plain errors', () => {
    expect(SchemaError.isInstance(new Error('x'))).toBe(false);
    expect(SchemaError.isInstance({ name: 'SchemaError' })).toBe(false);
    expect(SchemaError.isInstance(null)).toBe(false);
  });
});
