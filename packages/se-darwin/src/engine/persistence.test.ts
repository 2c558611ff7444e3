import { describe, expect, it } from 'vitest';
import { openStore } from '@genesis/memory-store';
import type { Trajectory } from '@genesis/schemas';
import { RunPersistence } from './persistence.js';
import { shortHash } from './propose.js';

const traj = (id: string, code: string): Trajectory =>
  ({
    schemaVersion: 1,
    trajectoryId: id,
    runId: 'r',
    problemId: 'p',
    generation: 0,
    agentName: 'a',
    parentIds: [],
    operator: 'baseline',
    code,
    strategy: '',
    problemDiagnosis: '',
    reasoningPattern: 'unknown',
    keyInsights: [],
    failureReasons: [],
    toolsUsed: [],
    status: 'failure',
    score: 0,
    metrics: {},
    executionTimeMs: 1,
    costUsd: 0,
    metadata: { source: 'evolution' },
    createdAt: '2026-11-26T00:00:00.000Z',
  }) as Trajectory;

describe('RunPersistence', () => {
  it('stores trajectories, finds them only for the same code, and reports store failures as STORE_FAILED', async () => {
    const store = await openStore(':memory:');
    const p = new RunPersistence(store, ['evolution', 't', 'a', 'r'], 'r');
    await p.writeTrajectories([]);
    await p.writeTrajectories([traj('x', 'function f() { return 1; }'), traj('y', 'function f() { return 2; }')]);
    expect((await p.storedTrajectory('x', shortHash('function f(){return 1}')))?.trajectoryId).toBe('x');
    expect(await p.storedTrajectory('x', shortHash('function f() { return 3; }'))).toBeUndefined();
    expect(await p.storedTrajectory('missing', 'h')).toBeUndefined();
    await store.put(['evolution', 't', 'a', 'r'], 'trajectory:bad', { not: 'a trajectory' });
    expect(await p.storedTrajectory('bad', 'h')).toBeUndefined();
    expect(await p.readCheckpoint()).toBeUndefined();
    await store.close();
    await expect(p.writeTrajectories([traj('z', 'x')])).rejects.toMatchObject({ code: 'STORE_FAILED' });
    await expect(
      p.writeCheckpoint(
        { archive: { trajectories: [], children: {}, pruned: 0 }, production: [] } as never,
        {},
      ),
    ).rejects.toMatchObject({ code: 'STORE_FAILED' });
  });
});
