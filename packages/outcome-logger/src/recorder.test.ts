import { describe, expect, it } from 'vitest';
import { newRecording, recordStep, recordTool, runRecording } from './recorder.js';

describe('recordStep / recordTool', () => {
  it('is a pure passthrough outside a recording', async () => {
    expect(recordStep('x', () => 42)).toBe(42);
    const p = Promise.resolve(1);
    expect(recordTool('t', () => p)).toBe(p);
    expect(() => recordStep('x', () => { throw new Error('boom'); })).toThrow('boom');
  });

  it('records sync and async steps in start order, with duration, errors and tools, through nested helpers', async () => {
    const rec = newRecording(100);
    const helper = async (): Promise<number> => recordTool('db.query', async () => {
      await new Promise((r) => setTimeout(r, 15));
      return 7;
    });
    const result = await runRecording(rec, async () => {
      const a = recordStep('parse', () => 1);
      const b = await recordStep('fetch', helper);
      try {
        await recordStep('validate', async () => { throw new TypeError('bad input'); });
      } catch {
        /* the agent recovers */
      }
      try {
        recordTool('lint', () => { throw 'plain string'; });
      } catch {
        /* ignored */
      }
      return a + b;
    });
    expect(result).toBe(8);
    expect(rec.steps.map((s) => [s.name, s.kind, s.ok])).toEqual([
      ['parse', 'step', true],
      ['fetch', 'step', true],
      ['db.query', 'tool', true],
      ['validate', 'step', false],
      ['lint', 'tool', false],
    ]);
    expect(rec.steps[2]!.durationMs).toBeGreaterThanOrEqual(10);
    expect(rec.steps[1]!.durationMs).toBeGreaterThanOrEqual(rec.steps[2]!.durationMs);
    expect(rec.steps[3]!.error).toBe('TypeError: bad input');
    expect(rec.steps[4]!.error).toBe('plain string');
  });

  it('returns the very same promise it was given', async () => {
    const rec = newRecording(10);
    const p = Promise.resolve('v');
    const got = runRecording(rec, () => recordStep('s', () => p));
    expect(got).toBe(p);
    await got;
  });

  it('keeps separate recordings for concurrent runs', async () => {
    const r1 = newRecording(10);
    const r2 = newRecording(10);
    const work = async (n: string): Promise<void> => {
      await recordStep(`${n}-1`, () => new Promise((r) => setTimeout(r, 5)));
      recordStep(`${n}-2`, () => null);
    };
    await Promise.all([runRecording(r1, () => work('a')), runRecording(r2, () => work('b'))]);
    expect(r1.steps.map((s) => s.name)).toEqual(['a-1', 'a-2']);
    expect(r2.steps.map((s) => s.name)).toEqual(['b-1', 'b-2']);
  });

  it('caps the path at maxSteps and counts the rest; ignores steps after the recording closed', () => {
    const rec = newRecording(2);
    runRecording(rec, () => {
      for (let i = 0; i < 5; i++) recordStep(`s${i}`, () => i);
    });
    expect(rec.steps).toHaveLength(2);
    expect(rec.droppedSteps).toBe(3);
    rec.closed = true;
    runRecording(rec, () => recordStep('late', () => 0));
    expect(rec.steps).toHaveLength(2);
    expect(rec.droppedSteps).toBe(3);
  });

  it('names empty steps by their kind and truncates long names', () => {
    const rec = newRecording(10);
    runRecording(rec, () => {
      recordTool('', () => 0);
      recordStep('n'.repeat(1000), () => 0);
    });
    expect(rec.steps[0]!.name).toBe('tool');
    expect(rec.steps[1]!.name).toHaveLength(512);
  });
});
