import { describe, expect, it } from 'vitest';
import { createSandbox } from '@genesis/sandbox';
import { createSandboxEvaluator } from './evaluator.js';

describe('createSandboxEvaluator', () => {
  it('runs candidates in a shared sandbox with the given limits and comparison, and leaves it open', async () => {
    const sandbox = createSandbox({ poolSize: 1 });
    const evaluator = createSandboxEvaluator({ sandbox, timeoutMs: 300, memoryMb: 32, compare: { floatTolerance: 1e-6 } });
    const close = await evaluator.evaluate({
      code: 'function third(x) { return x / 3; }',
      language: 'js',
      entry: 'third',
      tests: [{ args: [1], expected: 0.3333333 }],
    });
    expect(close).toMatchObject({ status: 'ok', passed: 1 });
    const slow = await evaluator.evaluate({ code: 'function third() { for (;;) {} }', language: 'js', entry: 'third', tests: [{ args: [], expected: 1 }] });
    expect(slow.status).toBe('timeout');
    const ts = await evaluator.evaluate({
      code: 'function third(x: number): number { return x / 3; }',
      language: 'ts',
      entry: 'third',
      tests: [{ args: [3], expected: 1 }],
    });
    expect(ts.passed).toBe(1);
    await evaluator.close!();
    // Not owned: still usable.
    expect((await sandbox.runTests({ code: 'function f() { return 1; }', entry: 'f', tests: [{ args: [], expected: 1 }] })).passed).toBe(1);
    await sandbox.close();
    const aborted = new AbortController();
    aborted.abort();
    const own = createSandboxEvaluator({ poolSize: 1 });
    await expect(
      own.evaluate({ code: 'function f() { return 1; }', language: 'js', entry: 'f', tests: [{ args: [], expected: 1 }], signal: aborted.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    await own.close!();
    await own.close!();
  });
});
