import type { JsonValue } from '@genesis/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStoreError } from '../src/errors.js';
import type { MemoryStore } from '../src/types.js';
import { backends, caught, type TestBackend } from './helpers.js';

describe.each(backends.map((make) => [make().name, make] as const))('MemoryStore on %s', (_name, make) => {
  let backend: TestBackend;
  let store: MemoryStore;
  let clock = Date.parse('2026-11-26T00:00:00.000Z');
  beforeAll(async () => {
    backend = make();
    store = await backend.open({ now: () => clock });
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  describe('put / get / delete', () => {
    it('round-trips a JSON value with its namespace, key and timestamps', async () => {
      const value = { a: 1, b: [true, null, 'x'], c: { d: -2.5, e: 'ü 🚀' } };
      const put = await store.put(['kv', 't1'], 'k1', value);
      expect(put).toEqual({
        namespace: ['kv', 't1'],
        key: 'k1',
        value,
        createdAt: '2026-11-26T00:00:00.000Z',
        updatedAt: '2026-11-26T00:00:00.000Z',
        expiresAt: null,
      });
      expect(await store.get(['kv', 't1'], 'k1')).toEqual(put);
      expect(await store.get(['kv', 't1'], 'missing')).toBeNull();
      expect(await store.get(['kv'], 'k1')).toBeNull();
    });

    it('keeps createdAt and moves updatedAt on overwrite', async () => {
      clock += 1000;
      await store.put(['kv', 't1'], 'k1', 'second');
      const item = await store.get(['kv', 't1'], 'k1');
      expect(item?.value).toBe('second');
      expect(item?.createdAt).toBe('2026-11-26T00:00:00.000Z');
      expect(item?.updatedAt).toBe('2026-11-26T00:00:01.000Z');
    });

    it('stores scalars and deletes', async () => {
      for (const [key, value] of [['n', 42], ['s', 'str'], ['t', true], ['z', null], ['arr', [1, [2]]]] as [string, JsonValue][]) {
        await store.put(['kv', 'scalars'], key, value);
        expect((await store.get(['kv', 'scalars'], key))?.value).toEqual(value);
      }
      expect(await store.delete(['kv', 'scalars'], 'n')).toBe(true);
      expect(await store.delete(['kv', 'scalars'], 'n')).toBe(false);
      expect(await store.get(['kv', 'scalars'], 'n')).toBeNull();
    });

    it('putMany writes every item, the last write of a repeated key winning', async () => {
      await store.putMany([
        { namespace: ['many'], key: 'a', value: 1 },
        { namespace: ['many'], key: 'b', value: 2 },
        { namespace: ['many'], key: 'a', value: 3 },
      ]);
      expect((await store.get(['many'], 'a'))?.value).toBe(3);
      expect((await store.get(['many'], 'b'))?.value).toBe(2);
      await store.putMany([]);
      const big = Array.from({ length: 1500 }, (_, i) => ({ namespace: ['many', 'big'], key: `k${i}`, value: { i } }));
      await store.putMany(big);
      expect((await store.list(['many', 'big'], { limit: 1 })).items[0]?.key).toBe('k1499');
      // Batch order is list order, across statement chunks and with namespaces interleaved in one batch.
      const oldest = await store.list(['many', 'big'], { order: 'oldest', limit: 1000 });
      const rest = await store.list(['many', 'big'], { order: 'oldest', limit: 1000, cursor: oldest.nextCursor! });
      expect([...oldest.items, ...rest.items].map((i) => i.key)).toEqual(big.map((i) => i.key));
      await store.putMany(Array.from({ length: 1200 }, (_, i) => ({ namespace: ['many', i % 2 ? 'odd' : 'even'], key: `k${i}`, value: i })));
      await store.put(['many', 'odd'], 'k1', 'rewritten');
      const odd = (await store.list(['many', 'odd'], { limit: 1000 })).items.map((i) => i.key);
      expect(odd.slice(0, 3)).toEqual(['k1', 'k1199', 'k1197']);
      expect(odd).toHaveLength(600);
      const even = (await store.list(['many', 'even'], { order: 'oldest', limit: 1000 })).items.map((i) => i.value);
      expect(even).toEqual(Array.from({ length: 600 }, (_, i) => 2 * i));
    });
  });

  describe('list', () => {
    const ns = ['list', 'acme'];
    beforeAll(async () => {
      for (let i = 0; i < 25; i++) await store.put(ns, `k${String(i).padStart(2, '0')}`, { i });
      await store.put(ns, 'k03', { i: 3, rewritten: true }); // a rewrite makes it the newest
    });

    it('returns newest first by last write, with cursors covering every item exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(ns, { limit: 7, cursor });
        seen.push(...page.items.map((i) => i.key));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
      expect(seen[0]).toBe('k03');
      expect(seen[1]).toBe('k24');
      expect(seen.at(-1)).toBe('k00');
    });

    it('returns oldest first on request', async () => {
      const page = await store.list(ns, { order: 'oldest', limit: 3 });
      expect(page.items.map((i) => i.key)).toEqual(['k00', 'k01', 'k02']);
      const next = await store.list(ns, { order: 'oldest', limit: 3, cursor: page.nextCursor });
      expect(next.items.map((i) => i.key)).toEqual(['k04', 'k05', 'k06']);
    });

    it('orders a batch after earlier single writes, in batch order', async () => {
      await store.put(['list', 'mixed'], 'single', 1);
      await store.putMany([
        { namespace: ['list', 'mixed'], key: 'first', value: 2 },
        { namespace: ['list', 'other'], key: 'elsewhere', value: 3 },
        { namespace: ['list', 'mixed'], key: 'second', value: 4 },
      ]);
      await store.put(['list', 'mixed'], 'last', 5);
      expect((await store.list(['list', 'mixed'])).items.map((i) => i.key)).toEqual(['last', 'second', 'first', 'single']);
    });

    it('has no cursor on the last page and lists only the exact namespace', async () => {
      const page = await store.list(ns, { limit: 100 });
      expect(page.items).toHaveLength(25);
      expect(page.nextCursor).toBeUndefined();
      expect((await store.list(['list'])).items).toEqual([]);
    });

    it('rejects foreign or tampered cursors and bad options', async () => {
      const page = await store.list(ns, { limit: 2 });
      expect((await caught(() => store.list(ns, { order: 'oldest', cursor: page.nextCursor }))).code).toBe('INVALID_CURSOR');
      expect((await caught(() => store.list(ns, { cursor: 'not-a-cursor' }))).code).toBe('INVALID_CURSOR');
      expect((await caught(() => store.list(ns, { limit: 0 }))).code).toBe('INVALID_OPTIONS');
      expect((await caught(() => store.list(ns, { order: 'random' as 'newest' }))).code).toBe('INVALID_OPTIONS');
    });
  });

  describe('namespaces: whole-segment prefixes, tricky names, isolation', () => {
    const tenants = ['acme', 'acme-corp', 'acmeX', 'ACME', 'Acme', 'a_b', 'aXb', 'a%b', 'a%', 'acm', 'acme corp', "o'brien", '"q"', 'ü'];
    beforeAll(async () => {
      for (const tenant of tenants) {
        await store.put(['t', tenant], 'secret', { tenant });
        await store.put(['t', tenant, 'builder'], 'secret', { tenant });
      }
    });

    it.each(tenants)('tenant %j sees only its own items', async (tenant) => {
      const found = await store.search(['t', tenant], { limit: 100 });
      expect(found.length).toBe(2);
      expect(found.every((i) => (i.value as { tenant: string }).tenant === tenant)).toBe(true);
      const text = await store.search(['t', tenant], { query: 'secret builder', limit: 100 });
      expect(text.every((i) => i.namespace[1] === tenant)).toBe(true);
      const sem = await store.search(['t', tenant], { query: tenant, mode: 'semantic', limit: 100 });
      expect(sem.every((i) => i.namespace[1] === tenant)).toBe(true);
      expect((await store.listNamespaces({ prefix: ['t', tenant] })).every((n) => n[1] === tenant)).toBe(true);
    });

    it('lists namespaces with prefix, suffix, maxDepth, limit and offset', async () => {
      const all = await store.listNamespaces({ prefix: ['t'], limit: 1000 });
      expect(all).toHaveLength(tenants.length * 2);
      expect(await store.listNamespaces({ prefix: ['t', 'a_b'] })).toEqual([['t', 'a_b'], ['t', 'a_b', 'builder']]);
      const builders = await store.listNamespaces({ prefix: ['t'], suffix: ['builder'], limit: 1000 });
      expect(builders).toHaveLength(tenants.length);
      expect(builders.every((n) => n.length === 3 && n[2] === 'builder')).toBe(true);
      const depth1 = await store.listNamespaces({ maxDepth: 1, limit: 1000 });
      expect(depth1).toContainEqual(['t']);
      expect(new Set(depth1.map((n) => n.join('/'))).size).toBe(depth1.length);
      const page1 = await store.listNamespaces({ prefix: ['t'], limit: 3 });
      const page2 = await store.listNamespaces({ prefix: ['t'], limit: 3, offset: 3 });
      expect(page1).toEqual(all.slice(0, 3));
      expect(page2).toEqual(all.slice(3, 6));
    });

    it('searches every namespace under the empty prefix', async () => {
      const everything = await store.search([], { limit: 1000 });
      expect(everything.length).toBeGreaterThanOrEqual(tenants.length * 2);
    });
  });

  describe('filters', () => {
    const ns = ['filters'];
    beforeAll(async () => {
      await store.putMany([
        { namespace: ns, key: 'a', value: { n: 2, s: 'apple', b: true, nested: { x: 1 }, tags: ['x'], nul: null } },
        { namespace: ns, key: 'b', value: { n: 10, s: 'banana', b: false, nested: { x: 2 } } },
        { namespace: ns, key: 'c', value: { n: 9.5, s: 'Cherry', nested: { x: 3 }, list: [{ v: 7 }] } },
        { namespace: ns, key: 'd', value: { n: '10', s: 'date' } },
        { namespace: ns, key: 'e', value: 'not an object' },
      ]);
    });
    const keys = async (filter: Record<string, unknown>) =>
      (await store.search(ns, { filter: filter as never, limit: 100 })).map((i) => i.key).sort();

    it('compares numbers as numbers, never as text', async () => {
      expect(await keys({ n: { $gt: 9 } })).toEqual(['b', 'c']);
      expect(await keys({ n: { $gte: 10 } })).toEqual(['b']);
      expect(await keys({ n: { $lt: 9.5 } })).toEqual(['a']);
      expect(await keys({ n: { $lte: 9.5 } })).toEqual(['a', 'c']);
      expect(await keys({ n: 10 })).toEqual(['b']);
      expect(await keys({ n: '10' })).toEqual(['d']);
      expect(await keys({ n: { $gt: 2, $lt: 10 } })).toEqual(['c']);
    });

    it('compares strings byte-wise', async () => {
      expect(await keys({ s: { $gte: 'banana' } })).toEqual(['b', 'd']);
      expect(await keys({ s: { $lt: 'a' } })).toEqual(['c']);
    });

    it('supports $eq, $ne, $in, $nin and $exists, including nested paths, booleans, null and objects', async () => {
      expect(await keys({ b: true })).toEqual(['a']);
      expect(await keys({ b: { $eq: false } })).toEqual(['b']);
      expect(await keys({ b: { $ne: true } })).toEqual(['b', 'c', 'd', 'e']);
      expect(await keys({ 'nested.x': { $in: [1, 3] } })).toEqual(['a', 'c']);
      expect(await keys({ 'nested.x': { $nin: [1, 3] } })).toEqual(['b', 'd', 'e']);
      expect(await keys({ s: { $in: [] } })).toEqual([]);
      expect(await keys({ s: { $nin: [] } })).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await keys({ b: { $exists: true } })).toEqual(['a', 'b']);
      expect(await keys({ b: { $exists: false } })).toEqual(['c', 'd', 'e']);
      expect(await keys({ nul: null })).toEqual(['a']);
      expect(await keys({ nested: { x: 2 } })).toEqual(['b']);
      expect(await keys({ tags: ['x'] })).toEqual(['a']);
      expect(await keys({ 'list.0.v': 7 })).toEqual(['c']);
      expect(await keys({ 'nested.x': { $gte: 2 }, s: { $ne: 'banana' } })).toEqual(['c']);
    });

    it('treats hostile paths and operands as data, never as SQL', async () => {
      expect(await keys({ "s') or 1=1 --": 'x' })).toEqual([]);
      expect(await keys({ s: "apple' or '1'='1" })).toEqual([]);
      expect(await keys({ 'n; drop table memory_items': { $exists: true } })).toEqual([]);
      expect((await store.search(ns, { limit: 100 })).length).toBe(5);
    });

    it('rejects malformed filters with INVALID_FILTER', async () => {
      for (const filter of [
        { n: { $regex: 'x' } },
        { n: { $gt: true } },
        { n: { $gt: Number.NaN } },
        { n: { $in: 'x' } },
        { n: { $exists: 1 } },
        { '': 1 },
        { 'a..b': 1 },
        { 'a"b': 1 },
        { 'a[0]': 1 },
        { n: () => 1 },
        { n: { $eq: 1n } },
        [],
      ]) {
        const error = await caught(() => store.search(ns, { filter: filter as never }));
        expect(error.code, JSON.stringify(String(Object.keys(filter)))).toBe('INVALID_FILTER');
      }
    });
  });

  describe('text and semantic search', () => {
    const ns = ['search', 'acme'];
    beforeAll(async () => {
      await store.putMany([
        { namespace: ns, key: 'sort', value: { task: 'Sort a list of integers in ascending order', kind: 'algo' } },
        { namespace: ns, key: 'parse', value: { task: 'Parse JSON documents from a stream', kind: 'io' } },
        { namespace: ns, key: 'sorting-strings', value: { task: 'Sorting strings alphabetically', kind: 'algo' } },
        { namespace: ns, key: 'secret', value: { task: 'sort numbers', note: 'hidden' }, index: false },
        { namespace: ns, key: 'paths', value: { title: 'weather report', body: 'sort by date' }, index: ['title'] },
        { namespace: ['search', 'other'], key: 'sort', value: { task: 'sort a list' } },
      ]);
    });

    it('ranks full-text matches (stemmed) within the prefix only', async () => {
      const hits = await store.search(ns, { query: 'sorting integers' });
      expect(hits[0]?.key).toBe('sort');
      expect(hits.map((h) => h.key)).toContain('sorting-strings');
      expect(hits.every((h) => h.namespace[1] === 'acme')).toBe(true);
      expect(hits.every((h) => typeof h.score === 'number')).toBe(true);
      expect(hits.map((h) => h.key)).not.toContain('secret');
      expect(hits.map((h) => h.key)).not.toContain('paths');
      expect((await store.search(ns, { query: 'weather' })).map((h) => h.key)).toEqual(['paths']);
    });

    it('combines text search with filters, limit and offset', async () => {
      expect((await store.search(ns, { query: 'sort', filter: { kind: 'io' } })).map((h) => h.key)).toEqual([]);
      const all = await store.search(ns, { query: 'sort sorting parse' });
      const second = await store.search(ns, { query: 'sort sorting parse', limit: 1, offset: 1 });
      expect(second).toEqual([all[1]]);
    });

    it('an item rewritten without an index leaves both indexes (single put and batch)', async () => {
      const own = ['search', 'rewrites'];
      await store.putMany([
        { namespace: own, key: 'a', value: { task: 'compress images losslessly' } },
        { namespace: own, key: 'b', value: { task: 'compress audio losslessly' } },
      ]);
      const found = async (mode: 'text' | 'semantic') =>
        (await store.search(own, { query: 'compress losslessly', mode, limit: 10 })).map((h) => h.key).sort();
      expect(await found('text')).toEqual(['a', 'b']);
      expect(await found('semantic')).toEqual(['a', 'b']);
      await store.put(own, 'a', { task: 'compress images losslessly' }, { index: false });
      await store.putMany([{ namespace: own, key: 'b', value: { task: 'compress audio losslessly' }, index: false }]);
      expect(await found('text')).toEqual([]);
      expect(await found('semantic')).toEqual([]);
      // Indexed again, found again.
      await store.putMany([{ namespace: own, key: 'b', value: { task: 'compress audio losslessly' } }]);
      expect(await found('semantic')).toEqual(['b']);
    });

    it('ignores query syntax and punctuation', async () => {
      expect(await store.search(ns, { query: '"*( OR NEAR' })).toEqual([]);
      expect(await store.search(ns, { query: '!!!' })).toEqual([]);
      expect((await store.search(ns, { query: 'parse AND "json"' }))[0]?.key).toBe('parse');
    });

    it('ranks by embedding similarity in semantic mode', async () => {
      const hits = await store.search(ns, { query: 'sort integers ascending', mode: 'semantic', limit: 10 });
      expect(hits[0]?.key).toBe('sort');
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score!).toBeGreaterThanOrEqual(hits[i]!.score!);
      expect(hits.map((h) => h.key)).not.toContain('secret');
      const filtered = await store.search(ns, { query: 'sort', mode: 'semantic', filter: { kind: 'io' } });
      expect(filtered.map((h) => h.key)).toEqual(['parse']);
      expect(await store.search(ns, { query: '...', mode: 'semantic' })).toEqual([]);
    });

    it('re-indexes on overwrite and forgets deleted items', async () => {
      await store.put(ns, 'parse', { task: 'Compress images losslessly', kind: 'io' });
      expect((await store.search(ns, { query: 'json' })).map((h) => h.key)).not.toContain('parse');
      expect((await store.search(ns, { query: 'compress' })).map((h) => h.key)).toEqual(['parse']);
      await store.delete(ns, 'parse');
      expect(await store.search(ns, { query: 'compress' })).toEqual([]);
      expect((await store.search(ns, { query: 'compress images', mode: 'semantic' })).map((h) => h.key)).not.toContain('parse');
    });

    it('rejects bad search options', async () => {
      expect((await caught(() => store.search(ns, { limit: 5000 }))).code).toBe('INVALID_OPTIONS');
      expect((await caught(() => store.search(ns, { offset: -1 }))).code).toBe('INVALID_OPTIONS');
      expect((await caught(() => store.search(ns, { query: 'x', mode: 'fuzzy' as 'text' }))).code).toBe('INVALID_OPTIONS');
      expect((await caught(() => store.search(ns, { query: 'x'.repeat(5000) }))).code).toBe('INVALID_OPTIONS');
      expect((await caught(() => store.put(ns, 'k', 1, { index: ['a..b'] }))).code).toBe('INVALID_OPTIONS');
      expect((await caught(() => store.put(ns, 'k', 1, { index: 'a' as never }))).code).toBe('INVALID_OPTIONS');
    });
  });

  describe('ifAbsent (create only)', () => {
    it('writes a new key, refuses a live one with CONFLICT and changes nothing, and treats an expired one as absent', async () => {
      const ns = ['claims', 't1'];
      const first = await store.put(ns, 'v1', { plan: 'first words' }, { ifAbsent: true });
      expect(first.value).toEqual({ plan: 'first words' });
      const refused = await caught(() => store.put(ns, 'v1', { plan: 'second words' }, { ifAbsent: true }));
      expect(refused.code).toBe('CONFLICT');
      expect((await store.get(ns, 'v1'))?.value).toEqual({ plan: 'first words' });
      expect((await store.search(ns, { query: 'second' })).length).toBe(0);
      // A batch with one refused claim writes nothing, not even its other items.
      const batch = await caught(() =>
        store.putMany([
          { namespace: ns, key: 'other', value: 1 },
          { namespace: ns, key: 'v1', value: 'overwrite?', ifAbsent: true },
          { namespace: ns, key: 'v2', value: 2, ifAbsent: true },
        ]),
      );
      expect(batch.code).toBe('CONFLICT');
      expect(await store.get(ns, 'other')).toBeNull();
      expect(await store.get(ns, 'v2')).toBeNull();
      expect((await store.get(ns, 'v1'))?.value).toEqual({ plan: 'first words' });
      // An accepted batch mixes claims and plain writes; a later plain write of a claimed key still overwrites.
      await store.putMany([
        { namespace: ns, key: 'v2', value: { plan: 'two' }, ifAbsent: true },
        { namespace: ns, key: 'other', value: 1 },
      ]);
      expect((await store.list(ns, { order: 'oldest' })).items.map((i) => i.key)).toEqual(['v1', 'v2', 'other']);
      expect((await store.search(ns, { query: 'two', mode: 'semantic' }))[0]?.key).toBe('v2');
      await store.put(ns, 'v2', 'plain overwrite');
      expect((await store.get(ns, 'v2'))?.value).toBe('plain overwrite');
      // Expired: absent.
      await store.put(ns, 'lease', 'old holder', { ttlMs: 100 });
      expect((await caught(() => store.put(ns, 'lease', 'new holder', { ifAbsent: true }))).code).toBe('CONFLICT');
      clock += 1000;
      await store.put(ns, 'lease', 'new holder', { ifAbsent: true });
      expect((await store.get(ns, 'lease'))?.value).toBe('new holder');
      // Within one batch, a claim on a key still holds when a later item rewrites it.
      expect(
        (await caught(() => store.putMany([{ namespace: ns, key: 'v1', value: 'a', ifAbsent: true }, { namespace: ns, key: 'v1', value: 'b' }]))).code,
      ).toBe('CONFLICT');
      expect((await caught(() => store.put(ns, 'x', 1, { ifAbsent: 'yes' as unknown as boolean }))).code).toBe('INVALID_OPTIONS');
    });

    it('of many concurrent claims of one key, exactly one succeeds', async () => {
      const ns = ['claims', 'race'];
      for (let round = 0; round < 5; round++) {
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, w) => store.putMany([{ namespace: ns, key: `k${round}`, value: { w }, ifAbsent: true }, { namespace: ns, key: `log${round}-${w}`, value: w }])),
        );
        const won = results.flatMap((r, w) => (r.status === 'fulfilled' ? [w] : []));
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect((r.reason as MemoryStoreError).code).toBe('CONFLICT');
        expect((await store.get(ns, `k${round}`))?.value).toEqual({ w: won[0] });
        expect((await store.search(ns, { filter: {}, limit: 1000 })).filter((i) => i.key.startsWith(`log${round}-`)).map((i) => i.key)).toEqual([`log${round}-${won[0]}`]);
      }
    });
  });

  describe('TTL', () => {
    it('hides expired items from every read and sweeps them', async () => {
      const ns = ['ttl'];
      const put = await store.put(ns, 'short', { v: 'ephemeral words' }, { ttlMs: 500 });
      expect(put.expiresAt).toBe(new Date(clock + 500).toISOString());
      await store.put(ns, 'long', { v: 'ephemeral words' }, { ttlMs: 60_000 });
      await store.put(ns, 'forever', { v: 'ephemeral words' });
      expect((await store.list(ns)).items).toHaveLength(3);
      clock += 1000;
      expect(await store.get(ns, 'short')).toBeNull();
      expect((await store.list(ns)).items.map((i) => i.key).sort()).toEqual(['forever', 'long']);
      expect((await store.search(ns, { query: 'ephemeral' })).map((i) => i.key).sort()).toEqual(['forever', 'long']);
      expect((await store.search(ns, { query: 'ephemeral', mode: 'semantic' })).length).toBe(2);
      const swept = await store.sweepExpired();
      expect(swept).toBeGreaterThanOrEqual(1);
      expect(await store.sweepExpired()).toBe(0);
      clock += 60_000;
      expect(await store.get(ns, 'long')).toBeNull();
      expect(await store.listNamespaces({ prefix: ['ttl'] })).toEqual([['ttl']]);
      await store.put(ns, 'long', 'again');
      expect((await store.get(ns, 'long'))?.expiresAt).toBeNull();
    });

    it('rejects invalid TTLs', async () => {
      for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '10' as unknown as number]) {
        expect((await caught(() => store.put(['ttl'], 'bad', 1, { ttlMs }))).code).toBe('INVALID_OPTIONS');
      }
    });
  });

  describe('bad input leaves the store unchanged', () => {
    const ns = ['bad'];
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const cases: [string, () => Promise<unknown>, string][] = [
      ['empty namespace', () => store.put([], 'k', 1), 'INVALID_NAMESPACE'],
      ['empty segment', () => store.put(['bad', ''], 'k', 1), 'INVALID_NAMESPACE'],
      ['separator in segment', () => store.put(['bad\u001fx'], 'k', 1), 'INVALID_NAMESPACE'],
      ['slash in segment', () => store.put(['a/b'], 'k', 1), 'INVALID_NAMESPACE'],
      ['not an array', () => store.put('bad' as never, 'k', 1), 'INVALID_NAMESPACE'],
      ['too deep', () => store.put(Array.from({ length: 9 }, () => 'x'), 'k', 1), 'INVALID_NAMESPACE'],
      ['empty key', () => store.put(ns, '', 1), 'INVALID_KEY'],
      ['control key', () => store.put(ns, 'a\nb', 1), 'INVALID_KEY'],
      ['number key', () => store.put(ns, 1 as never, 1), 'INVALID_KEY'],
      ['function', () => store.put(ns, 'k', (() => 1) as never), 'INVALID_VALUE'],
      ['nested function', () => store.put(ns, 'k', { a: [() => 1] } as never), 'INVALID_VALUE'],
      ['BigInt', () => store.put(ns, 'k', { n: 1n } as never), 'INVALID_VALUE'],
      ['symbol', () => store.put(ns, 'k', { s: Symbol('x') } as never), 'INVALID_VALUE'],
      ['undefined', () => store.put(ns, 'k', { u: undefined } as never), 'INVALID_VALUE'],
      ['NaN', () => store.put(ns, 'k', Number.NaN), 'INVALID_VALUE'],
      ['Infinity', () => store.put(ns, 'k', [Number.POSITIVE_INFINITY]), 'INVALID_VALUE'],
      ['cycle', () => store.put(ns, 'k', cyclic as never), 'INVALID_VALUE'],
      ['nested past 1,000 levels', () => store.put(ns, 'k', { a: JSON.parse('['.repeat(1000) + ']'.repeat(1000)) }), 'INVALID_VALUE'],
      ['Date', () => store.put(ns, 'k', new Date() as never), 'INVALID_VALUE'],
      ['Map', () => store.put(ns, 'k', new Map() as never), 'INVALID_VALUE'],
      ['NUL in string', () => store.put(ns, 'k', 'a\u0000b'), 'INVALID_VALUE'],
      ['lone surrogate', () => store.put(ns, 'k', { ['\ud800']: 1 }), 'INVALID_VALUE'],
      ['oversized', () => store.put(ns, 'k', 'x'.repeat(1024 * 1024 + 1)), 'VALUE_TOO_LARGE'],
      ['oversized multibyte', () => store.put(ns, 'k', 'é'.repeat(600 * 1024)), 'VALUE_TOO_LARGE'],
      [
        'one bad item in a batch',
        () => store.putMany([{ namespace: ns, key: 'ok', value: 1 }, { namespace: ns, key: 'k', value: { f: () => 1 } as never }]),
        'INVALID_VALUE',
      ],
      ['batch with a bad namespace', () => store.putMany([{ namespace: ns, key: 'ok', value: 1 }, { namespace: ['x', ''], key: 'k', value: 1 }]), 'INVALID_NAMESPACE'],
      ['batch that is not an array', () => store.putMany({} as never), 'INVALID_OPTIONS'],
      ['batch item that is not an object', () => store.putMany([null as never]), 'INVALID_OPTIONS'],
      ['get with bad namespace', () => store.get(['a', ''], 'k'), 'INVALID_NAMESPACE'],
      ['delete with bad key', () => store.delete(ns, ''), 'INVALID_KEY'],
      ['search with bad prefix', () => store.search(['a', '\u0000']), 'INVALID_NAMESPACE'],
      ['listNamespaces with bad suffix', () => store.listNamespaces({ suffix: [''] }), 'INVALID_NAMESPACE'],
      ['listNamespaces with bad depth', () => store.listNamespaces({ maxDepth: 0 }), 'INVALID_OPTIONS'],
    ];

    it.each(cases)('%s → %s', async (_label, call, code) => {
      const before = await store.search([], { limit: 1000 });
      const error = await caught(call);
      expect(MemoryStoreError.isInstance(error)).toBe(true);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(10);
      expect(await store.search([], { limit: 1000 })).toEqual(before);
    });

    it('takes 1,000 levels of nesting, which filtered search still reads; says where a deeper value goes too deep', async () => {
      const deepNs = ['deep-values'];
      await store.put(deepNs, 'plain', { a: 1 });
      await store.put(deepNs, 'deep', { a: 2, n: JSON.parse('['.repeat(999) + ']'.repeat(999)) });
      // One item SQLite's JSON functions could not read would make every filtered search of the namespace fail.
      expect((await store.search(deepNs, { filter: { a: 1 } })).map((i) => i.key)).toEqual(['plain']);
      const error = await caught(() => store.put(deepNs, 'deeper', { n: JSON.parse('['.repeat(1000) + ']'.repeat(1000)) }));
      expect(error.message).toMatch(/^Invalid value\.n\[0\]\[0\].*…\(982 more\)….*: nests more than 1000 levels of objects and arrays$/);
      expect(error.message.length).toBeLessThan(200);
    });

    it('names the failing path and keeps the schema error as the cause', async () => {
      const e1 = (await caught(() => store.put(ns, 'k', { a: [1, { b: 1n }] } as never))) as MemoryStoreError;
      expect(e1.message).toContain('value.a[1].b');
      const e2 = (await caught(() => store.put(['ok', ''], 'k', 1))) as MemoryStoreError;
      expect(e2.message).toContain('namespace[1]');
      expect((e2.cause as { name?: string }).name).toBe('SchemaError');
    });
  });
});
