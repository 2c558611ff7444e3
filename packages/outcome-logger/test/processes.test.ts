import { namespaces, parseOutcome, parseTrainingExample } from '@genesis/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeLogger } from '../src/index.js';
import { runChild } from './support/child.js';
import { all, tempStore, useStore, type TempStore } from './support/store.js';

let ts: TempStore;
beforeAll(async () => {
  ts = await tempStore();
  useStore(ts.store);
});
afterAll(async () => {
  await ts.cleanup();
});

describe('across processes, on a real libSQL file', () => {
  it('persists across a restart: a new process reads the outcomes and builds on their evidence', async () => {
    const first = await runChild(['write', ts.url, '3']);
    expect(first.code, first.stderr).toBe(0);
    const second = await runChild(['write', ts.url, '1']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.lines[0]!.pid).not.toBe(first.lines[0]!.pid);

    // this (third) process reads what both wrote
    const store = await ts.reopen();
    const outcomes = (await all(namespaces.outcomes('restart', 'builder_agent'), store)).map((i) => parseOutcome(i.value));
    const examples = (await all(namespaces.training('restart', 'builder_agent'), store)).map((i) => parseTrainingExample(i.value));
    expect(outcomes).toHaveLength(4);
    expect(examples).toHaveLength(4);
    for (const o of outcomes) {
      expect(o).toMatchObject({ taskType: 'code_generation', success: true, verified: true, toolsUsed: ['fs.write', 'tsc'] });
      expect((o.result as { fileCount: number }).fileCount).toBeGreaterThan(0);
    }
    // the second process warmed its evidence window from the store: its plan is corroborated by the first three
    const last = examples.sort((a, b) => a.outcome.finishedAt.localeCompare(b.outcome.finishedAt)).at(-1)!;
    expect(last.plan.successFactors).toContain('same tool sequence as 3 earlier successful runs');
    expect(last.plan.confidence).toBeGreaterThan(examples[0]!.plan.confidence);
  }, 60_000);

  it('a crash (SIGKILL) mid-batch loses only unacknowledged outcomes, and never half a pair', async () => {
    const run = await runChild(['crash', ts.url], (line, child) => {
      if (line.writing) child.kill('SIGKILL');
    });
    expect(run.signal).toBe('SIGKILL');
    const acked = run.lines.find((l) => l.acked)!.acked as string[];
    const pending = run.lines.find((l) => l.pending)!.pending as string[];
    expect(run.lines.some((l) => l.writing)).toBe(true); // it died while a batch was being written
    expect(run.lines.some((l) => l.unexpected)).toBe(false);

    const store = await ts.reopen();
    const outcomeIds = new Set((await all(namespaces.outcomes('crash', 'builder'), store)).map((i) => i.key));
    const exampleIds = new Set((await all(namespaces.training('crash', 'builder'), store)).map((i) => i.key));
    // every acknowledged outcome survived, with its training example
    for (const id of acked) {
      expect(outcomeIds.has(id)).toBe(true);
      expect(exampleIds.has(id)).toBe(true);
    }
    // the batch in flight is all or nothing, and outcome and example were never split
    const survivors = pending.filter((id) => outcomeIds.has(id));
    expect([0, pending.length]).toContain(survivors.length);
    for (const id of pending) expect(exampleIds.has(id)).toBe(outcomeIds.has(id));
    expect(outcomeIds.size).toBe(acked.length + survivors.length);
  }, 60_000);

  it('SIGTERM: buffered outcomes are flushed, then the process ends by the signal as it would have', async () => {
    const run = await runChild(['signal', ts.url, 'true'], (line, child) => {
      if (line.ready) child.kill('SIGTERM');
    });
    expect(run.lines[0]).toMatchObject({ ready: true, depth: 20 });
    expect(run.signal).toBe('SIGTERM');
    const store = await ts.reopen();
    expect(await all(namespaces.outcomes('signal-true', 'qa_agent'), store)).toHaveLength(20);
  }, 60_000);

  it('signal handling is opt-out: with handleSignals false the process dies at once and buffered outcomes are lost', async () => {
    const run = await runChild(['signal', ts.url, 'false'], (line, child) => {
      if (line.ready) child.kill('SIGINT');
    });
    expect(run.signal).toBe('SIGINT');
    const store = await ts.reopen();
    expect(await all(namespaces.outcomes('signal-false', 'qa_agent'), store)).toHaveLength(0);
  }, 60_000);

  it('a script that just ends still writes what it logged (flush on beforeExit)', async () => {
    const run = await runChild(['exit', ts.url]);
    expect(run.code, run.stderr).toBe(0);
    const store = await ts.reopen();
    expect(await all(namespaces.outcomes('before-exit', 'qa_agent'), store)).toHaveLength(10);
  }, 60_000);

  it('a script that ends while the store is down still exits, after the close timeout', async () => {
    const started = Date.now();
    const run = await runChild(['exit-down', ts.url]);
    expect(run.code, run.stderr).toBe(0);
    const logged = run.lines.find((l) => l.logged)!;
    expect(Date.now() - (logged.at as number)).toBeLessThan(20_000);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});

describe('in this process', () => {
  it('a SIGINT with other listeners flushes but leaves the decision to them', async () => {
    const logger = new OutcomeLogger({ store: ts.store, tenantId: 'sigint-here', buffer: { flushIntervalMs: 600_000 } });
    let theirs = 0;
    const listener = () => {
      theirs++;
    };
    process.on('SIGINT', listener);
    try {
      logger.logOutcome({ agentName: 'a', taskType: 't', success: true });
      process.emit('SIGINT', 'SIGINT');
      await new Promise((r) => setTimeout(r, 200));
      expect(theirs).toBe(1);
      expect(await all(namespaces.outcomes('sigint-here', 'a'))).toHaveLength(1);
    } finally {
      process.off('SIGINT', listener);
      await logger.close();
    }
  });
});
