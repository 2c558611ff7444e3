import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/cursor.js';
import { createHashingEmbedder, isZero } from '../src/embedder.js';
import { MemoryStoreError, toStoreError } from '../src/errors.js';
import { isBusyError } from '../src/sqlite/libsql-backend.js';
import { parsePgUrl } from '../src/pg/pg-backend.js';
import { openStore } from '../src/index.js';
import { openStoreInternal } from '../src/open-store.js';
import type { Embedder } from '../src/types.js';
import { backends, caught } from './helpers.js';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('createHashingEmbedder', () => {
  it('is deterministic, unit-length, and closer for related text', async () => {
    const e = createHashingEmbedder();
    expect(e.dimensions).toBe(256);
    const [a, a2, b, c, empty] = await e.embed(['Sort a list of numbers', 'Sort a list of numbers', 'sorting numbers', 'parse an XML file', '!!']);
    expect(Array.from(a!)).toEqual(Array.from(a2!));
    expect(cosine(a!, a!)).toBeCloseTo(1, 5);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!));
    expect(isZero(empty!)).toBe(true);
    expect((await createHashingEmbedder({ dimensions: 64 }).embed(['x']))[0]).toHaveLength(64);
  });

  it('gives exactly the vectors of its definition (hashing the feature strings), so stored vectors stay comparable', async () => {
    // The definition, written the slow and obvious way: vectors written by any version must match query vectors.
    const fnv1a = (text: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      return h >>> 0;
    };
    const reference = (text: string, dimensions: number) => {
      const v = new Float32Array(dimensions);
      const add = (feature: string, weight: number) => {
        const h = fnv1a(feature);
        v[h % dimensions]! += h & 0x80000000 ? -weight : weight;
      };
      for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
        add(`w:${word}`, 1);
        const padded = `^${word}$`;
        for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.5);
      }
      const sum = v.reduce((s, x) => s + x * x, 0);
      return sum > 0 ? v.map((x) => x * (1 / Math.sqrt(sum))) : v;
    };
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom(8, 64, 256, 1000), async (text, dimensions) => {
        const [got] = await createHashingEmbedder({ dimensions }).embed([text]);
        expect(Array.from(got!)).toEqual(Array.from(reference(text, dimensions)));
      }),
      { numRuns: 300 },
    );
    const [known] = await createHashingEmbedder().embed(['Ünïcode wörds, digits 42 and CamelCase']);
    expect(Array.from(known!)).toEqual(Array.from(reference('Ünïcode wörds, digits 42 and CamelCase', 256)));
  });

  it('rejects impossible dimensions', () => {
    for (const dimensions of [0, 7, 8193, 1.5]) expect(() => createHashingEmbedder({ dimensions })).toThrow(RangeError);
  });
});

describe('cursors and errors', () => {
  it('round-trips cursors and rejects junk', () => {
    expect(decodeCursor(encodeCursor({ order: 'oldest', seq: 42 }), 'oldest')).toEqual({ order: 'oldest', seq: 42 });
    expect(() => decodeCursor('x'.repeat(100), 'newest')).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('n:-1').toString('base64url'), 'newest')).toThrow(/cursor/);
  });

  it('recognises its errors across copies and wraps foreign ones as BACKEND', () => {
    const e = new MemoryStoreError('CLOSED', 'closed');
    expect(MemoryStoreError.isInstance(e)).toBe(true);
    expect(MemoryStoreError.isInstance({ name: 'MemoryStoreError', [Symbol.for('genesis.error')]: true })).toBe(true);
    expect(MemoryStoreError.isInstance(new Error('x'))).toBe(false);
    expect(MemoryStoreError.isInstance(null)).toBe(false);
    expect(toStoreError(e, 'op')).toBe(e);
    const wrapped = toStoreError('boom', 'get');
    expect(wrapped.code).toBe('BACKEND');
    expect(wrapped.cause).toBe('boom');
  });

  it('detects SQLITE_BUSY in every shape', () => {
    expect(isBusyError({ code: 'SQLITE_BUSY' })).toBe(true);
    expect(isBusyError({ rawCode: 5 })).toBe(true);
    expect(isBusyError(new Error('SQLITE_BUSY: database is locked'))).toBe(true);
    expect(isBusyError({ message: 'x', cause: { code: 'SQLITE_BUSY' } })).toBe(true);
    expect(isBusyError(new Error('no such table'))).toBe(false);
    expect(isBusyError('busy')).toBe(false);
  });

  it('parses PostgreSQL URLs and schema names', () => {
    expect(parsePgUrl('postgres://u@h:5432/db?schema=abc', undefined)).toEqual({ connectionString: 'postgres://u@h:5432/db', schema: 'abc' });
    expect(parsePgUrl('postgres://u@h/db', 'given').schema).toBe('given');
    expect(parsePgUrl('postgres://u@h/db', undefined).schema).toBe('public');
    expect(() => parsePgUrl('postgres://u@h/db', 'Bad-Name')).toThrow(/schema/);
    expect(() => parsePgUrl('postgres://[bad', undefined)).toThrow(/invalid PostgreSQL URL/);
  });
});

describe('openStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'genesis-ms-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to ./.genesis/genesis.db and accepts a URL string', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const store = await openStore();
      await store.put(['x'], 'k', 1);
      await store.close();
      expect(existsSync(join(dir, '.genesis', 'genesis.db'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
    const mem = await openStore(':memory:');
    expect(await mem.get(['x'], 'k')).toBeNull();
    await mem.close();
  });

  it('rejects unsupported URLs and options with typed errors', async () => {
    expect((await caught(() => openStore('mysql://x'))).code).toBe('INVALID_URL');
    expect((await caught(() => openStore({ url: 42 as never }))).code).toBe('INVALID_URL');
    expect((await caught(() => openStore({ url: 'file:x.db', timeoutMs: -1 }))).code).toBe('INVALID_OPTIONS');
    expect((await caught(() => openStore({ url: 'file:x.db', maxValueBytes: Number.NaN }))).code).toBe('INVALID_OPTIONS');
    expect((await caught(() => openStore(null as never))).code).toBe('INVALID_OPTIONS');
    expect((await caught(() => openStore({ url: 'file://remote.example/x.db' }))).code).toBe('INVALID_URL');
    expect((await caught(() => openStore({ url: 'postgres://postgres@127.0.0.1:1/test' }))).code).toBe('BACKEND');
  });

  it('honours maxValueBytes and synchronous=full', async () => {
    const store = await openStoreInternal({ url: `file:${join(dir, 'full.db')}`, maxValueBytes: 100, synchronous: 'full' });
    await store.put(['x'], 'small', 'y'.repeat(50));
    expect((await caught(() => store.put(['x'], 'big', 'y'.repeat(200)))).code).toBe('VALUE_TOO_LARGE');
    await store.close();
  });
});

describe.each(backends.map((make) => [make().name, make] as const))('embedders and lifecycle on %s', (name, make) => {
  const backend = make();
  afterAll(() => backend.cleanup());

  it('reports a failing or malformed embedder as BACKEND without writing', async () => {
    let mode: 'throw' | 'count' | 'shape' | 'ok' = 'ok';
    const inner = createHashingEmbedder({ dimensions: 32 });
    const embedder: Embedder = {
      dimensions: 32,
      embed: async (texts) => {
        if (mode === 'throw') throw new Error('model offline');
        if (mode === 'count') return [];
        if (mode === 'shape') return texts.map(() => new Float32Array(3));
        return inner.embed(texts);
      },
    };
    const store = await backend.open({ embedder });
    await store.put(['emb'], 'ok', { t: 'alpha beta' });
    for (const m of ['throw', 'count', 'shape'] as const) {
      mode = m;
      expect((await caught(() => store.put(['emb'], m, { t: 'gamma' }))).code).toBe('BACKEND');
      expect(await store.get(['emb'], m)).toBeNull();
    }
    mode = 'ok';
    expect((await store.search(['emb'], { query: 'alpha', mode: 'semantic' }))[0]?.key).toBe('ok');
    await store.close();
  });

  it('ranks by exact cosine similarity with a dense embedder (every component non-zero)', async () => {
    const dense: Embedder = {
      dimensions: 12,
      embed: async (texts) =>
        texts.map((t) => Float32Array.from({ length: 12 }, (_, d) => 1 + Math.sin((d + 1) * (t.length + t.charCodeAt(0))))),
    };
    const store = await backend.open({ embedder: dense });
    const texts = ['alpha', 'bravo charlie', 'delta echo foxtrot', 'golf'];
    await store.putMany(texts.map((t, i) => ({ namespace: ['dense'], key: `k${i}`, value: { t } })));
    const [q] = await dense.embed(['delta echo foxtrot']);
    const vectors = await dense.embed(texts);
    const unit = (v: Float32Array) => {
      const n = Math.hypot(...v);
      return Array.from(v, (x) => x / n);
    };
    const expected = vectors
      .map((v, i) => ({ key: `k${i}`, score: unit(v).reduce((s, x, d) => s + x * unit(q!)[d]!, 0) }))
      .sort((a, b) => b.score - a.score);
    const hits = await store.search(['dense'], { query: 'delta echo foxtrot', mode: 'semantic', limit: 4 });
    expect(hits.map((h) => h.key)).toEqual(expected.map((e) => e.key));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 4));
    await store.close();
  });

  it('without an embedder, semantic search is an INVALID_OPTIONS error and text search still works', async () => {
    const store = await backend.open({ embedder: null });
    await store.put(['plain'], 'k', { t: 'hello there' });
    expect((await caught(() => store.search(['plain'], { query: 'hello', mode: 'semantic' }))).code).toBe('INVALID_OPTIONS');
    expect((await store.search(['plain'], { query: 'hello' })).map((i) => i.key)).toEqual(['k']);
    await store.close();
  });

  it('refuses every call after close, and close is idempotent', async () => {
    const store = await backend.open();
    await store.close();
    await store.close();
    for (const call of [
      () => store.put(['a'], 'k', 1),
      () => store.putMany([{ namespace: ['a'], key: 'k', value: 1 }]),
      () => store.get(['a'], 'k'),
      () => store.delete(['a'], 'k'),
      () => store.list(['a']),
      () => store.search(['a']),
      () => store.listNamespaces(),
      () => store.sweepExpired(),
    ]) {
      expect((await caught(call)).code).toBe('CLOSED');
    }
  });

  if (name === 'libsql') {
    it('uses the DiskANN vector index when asked, falling back to the exact scan for narrow prefixes', async () => {
      const store = await backend.open({ vectorIndex: true, embedder: createHashingEmbedder({ dimensions: 16 }) });
      const words = ['apple', 'banana', 'cherry', 'grape', 'lemon', 'mango', 'peach', 'pear', 'plum', 'lime'];
      const items = [];
      for (let i = 0; i < 120; i++) items.push({ namespace: ['vec', i < 118 ? 'crowd' : 'rare'], key: `k${i}`, value: { t: `${words[i % 10]} ${words[(i * 3) % 10]} ${i}` } });
      await store.putMany(items);
      const wide = await store.search(['vec', 'crowd'], { query: 'apple banana', mode: 'semantic', limit: 5 });
      expect(wide).toHaveLength(5);
      const rare = await store.search(['vec', 'rare'], { query: 'apple banana', mode: 'semantic', limit: 5 });
      expect(rare.map((i) => i.key).sort()).toEqual(['k118', 'k119']);
      await store.close();
    }, 60_000);
  }
});
