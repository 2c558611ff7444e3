import { createClient } from '@libsql/client';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../src/embedder.js';
import { encodeNamespace } from '../src/namespace.js';
import { loadMigrations, pendingMigrations } from '../src/migrations.js';
import { openStoreInternal } from '../src/open-store.js';
import { caught, dropSchemas, PG_URL } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'genesis-ms-mig-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas(schemas);
});

const ns = encodeNamespace(['training', 'acme', 'builder']);

describe('migrations', () => {
  it('ship as drizzle-kit output: a journal per dialect and one SQL file per entry, including a column rename', () => {
    for (const dialect of ['sqlite', 'pg'] as const) {
      const migrations = loadMigrations(dialect);
      expect(migrations.map((m) => m.idx)).toEqual(migrations.map((_, i) => i));
      expect(migrations.every((m) => m.statements.length > 0)).toBe(true);
      const rename = migrations.find((m) => m.tag.includes('rename'));
      expect(rename?.statements[0]).toMatch(/RENAME COLUMN "expires" TO "expires_at"/);
      const snapshot = JSON.parse(readFileSync(new URL(`../drizzle/${dialect}/meta/_journal.json`, import.meta.url), 'utf8'));
      expect(snapshot.entries).toHaveLength(migrations.length);
    }
  });

  it('refuses a database written by a newer version, and applies only what is pending', () => {
    const all = loadMigrations('sqlite');
    expect(pendingMigrations(all, [0], undefined).map((m) => m.idx)).toEqual(all.slice(1).map((m) => m.idx));
    expect(pendingMigrations(all, [], 0).map((m) => m.idx)).toEqual([0]);
    expect(() => pendingMigrations(all, [0, 1, 2, 99])).toThrow(/newer version/);
  });

  it('opens a libSQL database created by the first migration set with its data intact', async () => {
    const file = join(dir, 'old.db');
    const url = `file:${file}`;
    // The database as version 0 left it: the column was still called "expires", and there was no FTS index.
    await (await openStoreInternal({ url, migrateUpTo: 0, embedder: null })).close();
    const old = createClient({ url });
    const now = Date.now();
    await old.execute({
      sql: 'insert into memory_items (ns, key, value, search_text, created_at, updated_at, expires, seq) values (?, ?, ?, ?, ?, ?, ?, ?)',
      args: [ns, 'p1', JSON.stringify({ strategy: 'divide and conquer', confidence: 0.8 }), 'divide and conquer', now - 10, now - 10, null, 1],
    });
    await old.execute({
      sql: 'insert into memory_items (ns, key, value, search_text, created_at, updated_at, expires, seq) values (?, ?, ?, ?, ?, ?, ?, ?)',
      args: [ns, 'p2', JSON.stringify({ strategy: 'greedy', confidence: 0.3 }), 'greedy', now - 5, now - 5, now + 3_600_000, 2],
    });
    await old.execute({
      sql: 'insert into memory_items (ns, key, value, search_text, created_at, updated_at, expires, seq) values (?, ?, ?, ?, ?, ?, ?, ?)',
      args: [ns, 'gone', JSON.stringify({ strategy: 'expired' }), 'expired', now - 5, now - 5, now - 1, 3],
    });
    const columns = (await old.execute('pragma table_info(memory_items)')).rows.map((r) => r.name);
    expect(columns).toContain('expires');
    old.close();

    const store = await openStoreInternal({ url });
    const page = await store.list(['training', 'acme', 'builder']);
    expect(page.items.map((i) => i.key)).toEqual(['p2', 'p1']);
    expect((await store.get(['training', 'acme', 'builder'], 'p2'))?.expiresAt).toBe(new Date(now + 3_600_000).toISOString());
    expect(await store.get(['training', 'acme', 'builder'], 'gone')).toBeNull();
    expect((await store.search(['training'], { filter: { confidence: { $gt: 0.5 } } })).map((i) => i.key)).toEqual(['p1']);
    expect((await store.search(['training'], { query: 'conquer' })).map((i) => i.key)).toEqual(['p1']);
    await store.put(['training', 'acme', 'builder'], 'p1', { strategy: 'divide, then conquer' });
    expect((await store.search(['training'], { query: 'then' })).map((i) => i.key)).toEqual(['p1']);
    await store.put(['training', 'acme', 'builder'], 'p3', { strategy: 'dynamic programming' });
    expect((await store.search(['training'], { query: 'dynamic programming' })).map((i) => i.key)).toEqual(['p3']);
    expect(await store.sweepExpired()).toBe(1);
    await store.close();

    const check = createClient({ url });
    const after = (await check.execute('pragma table_info(memory_items)')).rows.map((r) => r.name);
    expect(after).toContain('expires_at');
    expect(after).not.toContain('expires');
    expect((await check.execute('select idx from memory_store_migrations order by idx')).rows.map((r) => Number(r.idx))).toEqual(
      loadMigrations('sqlite').map((m) => m.idx),
    );
    expect((await check.execute('pragma integrity_check')).rows[0]?.integrity_check).toBe('ok');
    check.close();
  });

  it('opens a PostgreSQL schema created by the first migration set with its data intact', async () => {
    const schema = `ms_mig_${process.pid}_${Date.now().toString(36)}`;
    schemas.push(schema);
    await (await openStoreInternal({ url: PG_URL, schema, migrateUpTo: 0, embedder: null })).close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const now = Date.now();
    // Version 0 kept embeddings inline in memory_items; a later migration moves them to memory_vectors.
    const [e1, e2] = await createHashingEmbedder().embed(['divide and conquer', 'greedy']);
    await client.query(
      `insert into "${schema}".memory_items (ns, key, value, search_text, embedding, created_at, updated_at, expires) values ($1, 'p1', $2, 'divide and conquer', $6, $3, $3, null), ($1, 'p2', $4, 'greedy', $7, $3, $3, $5)`,
      [ns, JSON.stringify({ strategy: 'divide and conquer', confidence: 0.8 }), now, JSON.stringify({ strategy: 'greedy', confidence: 0.3 }), now + 60_000, Array.from(e1!), Array.from(e2!)],
    );
    const store = await openStoreInternal({ url: `${PG_URL}?schema=${schema}` });
    expect((await store.list(['training', 'acme', 'builder'], { order: 'oldest' })).items.map((i) => i.key)).toEqual(['p1', 'p2']);
    expect((await store.get(['training', 'acme', 'builder'], 'p2'))?.expiresAt).toBe(new Date(now + 60_000).toISOString());
    expect((await store.search(['training'], { query: 'conquer' })).map((i) => i.key)).toEqual(['p1']);
    const semantic = await store.search(['training'], { query: 'greedy', mode: 'semantic' });
    expect(semantic.map((i) => i.key)).toEqual(['p2', 'p1']);
    expect(semantic[0]!.score).toBeCloseTo(1, 5);
    await store.close();
    const cols = await client.query(`select column_name from information_schema.columns where table_schema = $1 and table_name = 'memory_items'`, [schema]);
    expect(cols.rows.map((r) => r.column_name)).toContain('expires_at');
    await client.query(`insert into "${schema}".memory_store_migrations values (99, 'future', 0)`);
    await client.end();
    expect((await caught(() => openStoreInternal({ url: PG_URL, schema }))).code).toBe('MIGRATION');
  });

  it('lets several stores in one process open one new file at once, promptly', async () => {
    const url = `file:${join(dir, 'together.db')}`;
    const started = Date.now();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openStoreInternal({ url })));
    // An interactive migration transaction would leave the others busy-waiting on the event loop for timeoutMs.
    expect(Date.now() - started).toBeLessThan(3000);
    await Promise.all(stores.map((s, i) => s.put(['together'], `k${i}`, { i })));
    expect((await stores[0]!.list(['together'])).items).toHaveLength(4);
    for (const s of stores) await s.close();
    const check = createClient({ url });
    expect((await check.execute('select count(*) as n from memory_store_migrations')).rows[0]?.n).toBe(loadMigrations('sqlite').length);
    check.close();
  });

  it('creates the default folder for a file URL', async () => {
    const nested = join(dir, 'a', 'b', 'store.db');
    const store = await openStoreInternal({ url: `file:${nested}` });
    await store.close();
    expect(existsSync(nested)).toBe(true);
  });
});
