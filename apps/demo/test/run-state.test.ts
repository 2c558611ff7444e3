import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRunState, newRunState, saveRunState, stateNamespace, wipeTenant } from '../src/run-state.js';

let dir: string;
let store: MemoryStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genesis-demo-state-'));
  store = await openStore(`file:${join(dir, 's.db')}`);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('run state', () => {
  it('round-trips through a libSQL file and survives reopening', async () => {
    const state = newRunState({ tenantId: 'demo-small-s1', seed: 1, size: 'small', now: '2026-11-26T00:00:00.000Z' });
    state.before['a'] = { success: true, passed: 2, total: 2, source: 'skill', sourceId: 'skill:x', detail: '', durationMs: 3 };
    await saveRunState(store, state);
    await store.close();
    store = await openStore(`file:${join(dir, 's.db')}`);
    expect(await loadRunState(store, 'demo-small-s1')).toEqual(state);
    expect(await loadRunState(store, 'other')).toBeNull();
  });

  it('ignores an unreadable record', async () => {
    await store.put(stateNamespace('t'), 'state', { format: 99 });
    expect(await loadRunState(store, 't')).toBeNull();
  });

  it('wipes every namespace of one tenant and nothing of another', async () => {
    for (const tenant of ['demo-a', 'demo-b']) {
      await store.put(['outcomes', tenant, 'builder_agent'], 'o1', { x: 1 });
      await store.put(['evolution', tenant, 'builder_agent', 'learn-x'], 'run', { x: 1 });
      await store.put(['demo', tenant], 'state', { x: 1 });
    }
    for (let i = 0; i < 520; i++) await store.put(['training', 'demo-a', 'qa_agent'], `k${i}`, { i });
    expect(await wipeTenant(store, 'demo-a')).toBe(523);
    expect((await store.list(['training', 'demo-a', 'qa_agent'])).items).toHaveLength(0);
    expect((await store.list(['outcomes', 'demo-b', 'builder_agent'])).items).toHaveLength(1);
    expect(await store.get(['evolution', 'demo-b', 'builder_agent', 'learn-x'], 'run')).not.toBeNull();
  });
});
