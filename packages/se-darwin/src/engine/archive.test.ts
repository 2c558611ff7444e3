import { describe, expect, it } from 'vitest';
import type { Trajectory } from '@genesis/schemas';
import { createRng } from '../rng.js';
import { Archive, compareTrajectories, failingTests } from './archive.js';

const t = (id: string, score: number, failing: number[] | undefined, code = 'x', generation = 0): Trajectory =>
  ({
    trajectoryId: id,
    score,
    code,
    generation,
    parentIds: [],
    testResults: { passed: 4 - (failing?.length ?? 0), failed: failing?.length ?? 0, total: 4, failures: [] },
    metadata: failing ? { source: 'evolution', failingTests: failing } : { source: 'production' },
  }) as unknown as Trajectory;

describe('Archive', () => {
  it('orders by score, then shorter code, generation and id', () => {
    const items = [t('b', 0.5, [0, 1]), t('a', 0.5, [0, 1]), t('c', 0.5, [0, 1], 'longer'), t('d', 1, []), t('e', 0.5, [0, 1], 'x', 3)];
    expect(items.sort(compareTrajectories).map((x) => x.trajectoryId)).toEqual(['d', 'a', 'b', 'e', 'c']);
  });

  it('derives failing tests when the engine did not record them', () => {
    expect(failingTests(t('p', 1, undefined))).toEqual([]);
    expect(failingTests(t('q', 0, undefined))).toEqual([0, 1, 2, 3]);
  });

  it('selects parents by DGM weight, prunes, finds complementary pairs and round-trips its state', () => {
    const archive = new Archive(3);
    archive.add(t('a', 0.5, [0, 1]));
    archive.add(t('b', 0.5, [2, 3]));
    archive.add(t('c', 0.25, [0, 1, 2]));
    archive.add({ ...t('d', 0.75, [3]), parentIds: ['a', 'a'] } as Trajectory);
    expect(archive.childCount('a')).toBe(2);
    expect(archive.prune()).toBe(1);
    expect(archive.prune()).toBe(0);
    expect(archive.get('c')).toBeUndefined();
    expect(archive.selectParent(createRng(1), (x) => x.score > 2)).toBeUndefined();
    const rng = createRng(3);
    const picks = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const p = archive.selectParent(rng)!.trajectoryId;
      picks.set(p, (picks.get(p) ?? 0) + 1);
    }
    // 'a' has two children, so it is drawn less often than 'b' despite the same score.
    expect(picks.get('b')!).toBeGreaterThan(picks.get('a')!);
    expect(archive.hasComplementaryPair(4)).toBe(true);
    const pair = archive.selectComplementaryPair(createRng(5), 4)!;
    expect(pair.map((x) => x.trajectoryId).sort()).toEqual(expect.arrayContaining([expect.any(String)]));
    const restored = Archive.fromState(archive.toState(), 3);
    expect(restored.sorted().map((x) => x.trajectoryId)).toEqual(archive.sorted().map((x) => x.trajectoryId));
    expect(restored.pruned).toBe(1);
    expect(restored.childCount('a')).toBe(2);
    const lone = new Archive(5);
    lone.add(t('z', 0.5, [0, 1]));
    expect(lone.hasComplementaryPair(4)).toBe(false);
    expect(lone.selectComplementaryPair(createRng(1), 4)).toBeUndefined();
  });
});
