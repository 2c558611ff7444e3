import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { rate, redactUrl, renderMarkdown, renderText, type DemoReport } from '../src/report.js';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t), isTTY: false }, stderr: { write: (t: string) => err.push(t) }, env } };
}

describe('main', () => {
  it('prints help and version, exit 0', async () => {
    const h = io();
    expect(await main(['--help'], h.io)).toBe(0);
    expect(h.out.join('')).toContain('Usage');
    const v = io();
    expect(await main(['--version'], v.io)).toBe(0);
    expect(v.out.join('')).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('exits 2 on a bad flag or a half-configured model, naming what is wrong', async () => {
    const a = io();
    expect(await main(['--size', 'big'], a.io)).toBe(2);
    expect(a.err.join('')).toContain('--size');
    const b = io({ GENESIS_LLM_MODEL: 'm' });
    expect(await main(['--size', 'small', '--db', ':memory:'], b.io)).toBe(2);
    expect(b.err.join('')).toContain('GENESIS_LLM_BASE_URL');
  });

  it('exits 1 with the cause when the store cannot be opened', async () => {
    const c = io();
    expect(await main(['--size', 'small', '--db', 'postgres://nobody@127.0.0.1:1/none', '--progress', 'plain'], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/cannot open the store postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
  });

  it('exits 130 when stopped before it starts', async () => {
    const d = io();
    const controller = new AbortController();
    controller.abort();
    expect(await main(['--size', 'small', '--db', ':memory:', '--progress', 'plain'], d.io, controller.signal)).toBe(130);
    expect(d.err.join('')).toContain('run the same command again to resume');
  });
});

describe('report helpers', () => {
  it('rounds rates and redacts passwords', () => {
    expect(rate(2, 3)).toEqual({ succeeded: 2, total: 3, rate: 0.6667 });
    expect(rate(0, 0).rate).toBe(0);
    expect(redactUrl('postgres://user:s3cret@db:5432/x')).toBe('postgres://user:***@db:5432/x');
    expect(redactUrl('file:/tmp/a.db')).toBe('file:/tmp/a.db');
  });

  it('renders a report without wins or learning', () => {
    const report: DemoReport = {
      format: 1, tenantId: 't', seed: 1, size: 'small', store: ':memory:', operators: 'deterministic@1', telemetry: 'none', sessions: 2,
      startedAt: '2026-11-26T00:00:00.000Z', finishedAt: '2026-11-26T00:00:01.000Z', workload: { total: 1, function: 0, backend: 1 },
      successRate: { before: rate(1, 1), after: rate(1, 1) },
      tasks: [{ taskId: 'b', kind: 'backend', taskType: 'backend-api', before: { success: true, passed: 3, total: 3, source: 'generator', sourceId: 'x', durationMs: 1 }, learning: null, promotion: null, after: { success: true, passed: 3, total: 3, source: 'generator', sourceId: 'x', durationMs: 1 }, change: 'kept' }],
      learning: { evolved: 0, solved: 0, evaluations: 0, iterations: 0, perOperator: {}, stoppedBecause: {} },
      promotion: { attempted: 0, promoted: 0, rejected: 0 }, seeds: [],
      records: { outcomes: { builder_agent: 1 }, verifiedOutcomes: {}, trainingExamples: 0, strategies: 0, evolutionRuns: 0 },
      timings: { phasesMs: { 'production-before': 1000 }, totalMs: 1000 },
    };
    const text = renderText(report);
    expect(text).toContain('100.0% (1/1)  →  100.0% (1/1)');
    expect(text).toContain('over 2 sessions');
    const md = renderMarkdown(report);
    expect(md).toContain('None: no win descends from a production trajectory.');
    expect(md).toContain('| b | backend | ✓ 3/3 generator | — | — | ✓ 3/3 generator | kept |');
    expect(md).toContain('outcomes of `builder_agent`: 1 (0 verified)');
  });
});
