import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../src/progress.js';
import type { DemoEvent } from '../src/types.js';

const events: DemoEvent[] = [
  { type: 'info', message: 'hello' },
  { type: 'phase_started', phase: 'production-before', title: 'Phase 1', total: 2, resumed: false },
  { type: 'task_done', phase: 'production-before', phaseTitle: 'Phase 1', taskId: 'a', index: 1, total: 2, success: true, notable: false, detail: 'ok' },
  { type: 'task_done', phase: 'production-before', phaseTitle: 'Phase 1', taskId: 'b', index: 2, total: 2, success: false, notable: true, detail: 'bad' },
  { type: 'phase_finished', phase: 'production-before', title: 'Phase 1', summary: '1/2', durationMs: 1500 },
  { type: 'phase_started', phase: 'learning', title: 'Phase 2', total: 1, resumed: true },
  { type: 'evolution', taskId: 'b', index: 1, total: 1, event: { type: 'run_started', runId: 'r', problemId: 'b', seed: 1, resumed: true, generation: 2, productionSeeds: 3 } },
  { type: 'evolution', taskId: 'b', index: 1, total: 1, event: { type: 'generation_started', runId: 'r', generation: 2, planned: {} } },
  { type: 'evolution', taskId: 'b', index: 1, total: 1, event: { type: 'candidate_evaluated', runId: 'r', generation: 2, reused: false, evaluations: 5, trajectory: { trajectoryId: 't', operator: 'revision', parentIds: [], score: 0.5, status: 'partial_success', generation: 2 } } },
  { type: 'evolution', taskId: 'b', index: 1, total: 1, event: { type: 'new_best', runId: 'r', generation: 2, previousScore: 0.5, trajectory: { trajectoryId: 't', operator: 'revision', parentIds: [], score: 1, status: 'success', generation: 2 } } },
  { type: 'evolution', taskId: 'b', index: 1, total: 1, event: { type: 'done', runId: 'r', stoppedBecause: 'success_threshold', bestScore: 1, iterations: 3, evaluations: 6, durationMs: 10 } },
];

describe('ProgressReporter', () => {
  it('prints one plain line per notable event when not on a terminal', () => {
    let text = '';
    const p = new ProgressReporter({ write: (t) => (text += t), tty: false });
    for (const e of events) p.handle(e);
    p.clear();
    expect(text).not.toContain('\r');
    expect(text.split('\n')).toEqual([
      'hello',
      '▶ Phase 1',
      '  ✓ [1/2] a — ok',
      '  ✗ [2/2] b — bad',
      '✔ Phase 1 — 1/2 (1.5s)',
      '▶ Phase 2 (resumed)',
      '    ↑ b: gen 2 revision → 1.00 (was 0.50)',
      '  ✓ [1/1] b — best 1.00 after 6 evaluations, 3 generations (success_threshold)',
      '',
    ]);
  });

  it('keeps a rewritten status line on a terminal, and only failures as permanent lines', () => {
    let text = '';
    const p = new ProgressReporter({ write: (t) => (text += t), tty: true, columns: 50 });
    for (const e of events) p.handle(e);
    p.clear();
    expect(text).toContain('\r\x1b[2K');
    expect(text).toContain('  ✗ [2/2] b — bad\n');
    expect(text).not.toContain('  ✓ [1/2] a — ok\n');
    expect(text).toMatch(/learning 1\/1 b: gen 2, 5 evaluations/);
    // Long status lines are cut to the terminal width.
    for (const line of text.split(/\r\x1b\[2K/)) if (!line.includes('\n')) expect(line.length).toBeLessThanOrEqual(49);
  });
});
