// pnpm bench — BENCH_SIZE=smoke (default, < 60 s) | full (100,000 items).
// Every system runs the same operations on the same data, one after another, in this process.
import { createClient, type Client } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type MemoryStore } from '../src/index.js';

const FULL = process.env.BENCH_SIZE === 'full';
const PG_URL = process.env.GENESIS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = FULL
  ? { items: 100_000, puts: 1_000, batches: 20, gets: 3_000, lists: 100, searches: 30 }
  : { items: 2_000, puts: 150, batches: 6, gets: 600, lists: 300, searches: 15 };
const BATCH = 100;
const LOAD_CHUNK = 1_000;
const dir = mkdtempSync(join(tmpdir(), 'genesis-bench-'));
const run = `${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];

const WORDS = ['sort', 'parse', 'merge', 'search', 'cache', 'retry', 'stream', 'index', 'plan', 'test', 'deploy', 'fetch'];
type Value = { i: number; bucket: number; score: number; text: string };
const valueOf = (i: number): Value => ({
  i,
  bucket: i % 100,
  score: (i % 1000) / 1000,
  text: `task ${i}: ${WORDS[i % 12]} then ${WORDS[(i * 7) % 12]} the ${WORDS[(i * 5) % 12]} results`,
});
const FILTER = { bucket: 7, score: { $gte: 0.5 } };

/** What every system under test offers (undefined: not supported). */
interface System {
  name: string;
  note?: string;
  put(ns: string[], key: string, value: Value): Promise<unknown>;
  putBatch(ns: string[], items: { key: string; value: Value }[]): Promise<unknown>;
  get(ns: string[], key: string): Promise<unknown>;
  listNewest10(ns: string[]): Promise<unknown[]>;
  filtered?(ns: string[]): Promise<unknown[]>;
  /** Loads the listed namespace some faster way than putBatch (noted in the table). */
  bulkLoad?(ns: string[], items: { key: string; value: Value }[]): Promise<void>;
  /** Runs once after the bulk load (PostgreSQL: ANALYZE, which autovacuum would do within a minute anyway). */
  afterLoad?(): Promise<void>;
  close(): Promise<void>;
}

async function analyze(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const tables = await client.query<{ t: string }>('select tablename as t from pg_tables where schemaname = $1', [schema]);
    for (const { t } of tables.rows) await client.query(`analyze "${schema}"."${t}"`);
  } finally {
    await client.end();
  }
}

function genesis(name: string, store: MemoryStore, note?: string, index?: false): System {
  return {
    name,
    note,
    put: (ns, key, value) => store.put(ns, key, value, { index }),
    putBatch: (ns, items) => store.putMany(items.map(({ key, value }) => ({ namespace: ns, key, value, index }))),
    get: (ns, key) => store.get(ns, key),
    listNewest10: async (ns) => (await store.list(ns, { limit: 10 })).items,
    filtered: (ns) => store.search(ns, { filter: FILTER, limit: 10 }),
    close: () => store.close(),
  };
}

/** The ceiling: the same SQL this store runs, through @libsql/client directly, on a file with the same schema. */
async function rawLibsql(file: string): Promise<System> {
  await (await openStore({ url: `file:${file}`, embedder: null })).close(); // schema via the store's migrations
  const client: Client = createClient({ url: `file:${file}`, timeout: 5000, concurrency: 1 });
  await client.execute('PRAGMA synchronous = NORMAL');
  const enc = (ns: string[]) => ns.map((s) => `${s}\u001f`).join('');
  const upsert =
    'insert into memory_items (ns, key, value, search_text, created_at, updated_at, expires_at, seq) values (?, ?, ?, ?, ?, ?, ?, ' +
    '(select coalesce(max(seq), 0) + 1 from memory_items where ns = ?)) on conflict (ns, key) do update set value = excluded.value, ' +
    'search_text = excluded.search_text, updated_at = excluded.updated_at, expires_at = excluded.expires_at, seq = excluded.seq returning created_at';
  const cols = 'ns, key, value, created_at, updated_at, expires_at, seq';
  const stmt = (ns: string[], key: string, value: Value) => {
    const now = Date.now();
    return { sql: upsert, args: [enc(ns), key, JSON.stringify(value), null, now, now, null, enc(ns)] };
  };
  // putMany: the same multi-row statement the store uses, one per 500 rows.
  const multi = (n: number) =>
    'insert into memory_items (ns, key, value, search_text, created_at, updated_at, expires_at, seq) ' +
    'select x.column1, x.column2, x.column3, x.column4, x.column5, x.column5, x.column6, ' +
    '(select coalesce(max(seq), 0) from memory_items where ns = x.column1) + x.column7 from (values ' +
    Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ') +
    ') as x where true on conflict (ns, key) do update set value = excluded.value, search_text = excluded.search_text, ' +
    'updated_at = excluded.updated_at, expires_at = excluded.expires_at, seq = excluded.seq';
  const many = (ns: string[], items: { key: string; value: Value }[]) => {
    const now = Date.now();
    const e = enc(ns);
    const statements = [];
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      statements.push({ sql: multi(chunk.length), args: chunk.flatMap(({ key, value }, k) => [e, key, JSON.stringify(value), null, now, null, k + 1]) });
    }
    return statements;
  };
  const parse = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, value: JSON.parse(r.value as string) }));
  return {
    name: 'raw @libsql/client (same SQL)',
    note: 'the ceiling: identical statements and schema, no validation, no telemetry',
    put: (ns, key, value) => client.execute(stmt(ns, key, value)),
    putBatch: (ns, items) => client.batch(many(ns, items), 'write'),
    get: async (ns, key) => {
      const rs = await client.execute({ sql: 'select value, created_at, updated_at, expires_at from memory_items where ns = ? and key = ?', args: [enc(ns), key] });
      const r = rs.rows[0];
      return r && (r.expires_at === null || (r.expires_at as number) > Date.now()) ? { ...r, value: JSON.parse(r.value as string) } : undefined;
    },
    listNewest10: async (ns) =>
      parse((await client.execute({ sql: `select ${cols} from memory_items where ns = ? and (expires_at is null or expires_at > ?) order by seq desc limit 10`, args: [enc(ns), Date.now()] })).rows as never),
    filtered: async (ns) => {
      // The store's two statements: is there one namespace under the prefix? then walk its index.
      const e = enc(ns);
      const high = `${e.slice(0, -1)} `;
      const one = await client.execute({
        sql:
          'select (select ns from memory_items where ns >= ? and ns < ? order by ns asc limit 1) as lo, ' +
          '(select ns from memory_items where ns >= ? and ns < ? order by ns desc limit 1) as hi',
        args: [e, high, e, high],
      });
      const sole = one.rows[0]!.lo !== null && one.rows[0]!.lo === one.rows[0]!.hi;
      const filters =
        "coalesce((json_type(i.value, ?) in ('integer','real') and json_extract(i.value, ?) = ?), 0) " +
        "and coalesce(json_type(i.value, ?) in ('integer','real') and json_extract(i.value, ?) >= ?, 0)";
      const fargs = ['$."bucket"', '$."bucket"', 7, '$."score"', '$."score"', 0.5];
      const rs = sole
        ? await client.execute({
            sql: `select ${cols} from memory_items i where i.ns = ? and (expires_at is null or expires_at > ?) and ${filters} order by seq desc limit 10`,
            args: [e, Date.now(), ...fargs],
          })
        : await client.execute({
            sql: `select ${cols} from memory_items i where (expires_at is null or expires_at > ?) and ns >= ? and ns < ? and ${filters} order by updated_at desc, seq desc limit 10`,
            args: [Date.now(), e, high, ...fargs],
          });
      return parse(rs.rows as never);
    },
    close: async () => client.close(),
  };
}

async function mastra(file: string): Promise<System> {
  const { LibSQLStore } = await import('@mastra/libsql');
  const store = new LibSQLStore({ url: `file:${file}` });
  await store.init();
  const threads = new Set<string>();
  const thread = async (ns: string[]) => {
    const id = ns.join('/');
    if (threads.has(id)) return id;
    threads.add(id);
    await store.saveThread({ thread: { id, resourceId: 'bench', title: id, metadata: {}, createdAt: new Date(), updatedAt: new Date() } });
    return id;
  };
  let clock = Date.now();
  const message = (threadId: string, key: string, value: Value) => ({
    id: `${threadId}:${key}`,
    threadId,
    resourceId: 'bench',
    role: 'user' as const,
    type: 'v2',
    createdAt: new Date(clock++),
    content: { format: 2 as const, parts: [{ type: 'text' as const, text: value.text }], metadata: value },
  });
  return {
    name: 'Mastra LibSQLStore 0.16.4',
    note: 'messages of one thread: saveMessages / getMessagesById / getMessages({ last: 10 }); no JSON filter',
    put: async (ns, key, value) => store.saveMessages({ messages: [message(await thread(ns), key, value)], format: 'v2' }),
    putBatch: async (ns, items) => {
      const id = await thread(ns);
      return store.saveMessages({ messages: items.map(({ key, value }) => message(id, key, value)), format: 'v2' });
    },
    get: async (ns, key) => (await store.getMessagesById({ messageIds: [`${ns.join('/')}:${key}`], format: 'v2' }))[0],
    listNewest10: async (ns) => store.getMessages({ threadId: ns.join('/'), selectBy: { last: 10 }, format: 'v2' }),
    close: async () => {},
  };
}

async function langgraphMemory(): Promise<System> {
  const { InMemoryStore } = await import('@langchain/langgraph');
  const store = new InMemoryStore();
  return {
    name: 'LangGraph InMemoryStore 1.7.3',
    note: 'no persistence; search(ns, { limit: 10 }) stands in for "newest 10" (it has no order option)',
    put: (ns, key, value) => store.put(ns, key, value),
    putBatch: (ns, items) => store.batch(items.map(({ key, value }) => ({ namespace: ns, key, value }))),
    get: (ns, key) => store.get(ns, key),
    listNewest10: (ns) => store.search(ns, { limit: 10 }),
    filtered: (ns) => store.search(ns, { filter: FILTER, limit: 10 }),
    close: async () => {},
  };
}

async function langgraphPostgres(): Promise<System> {
  const { PostgresStore } = await import('@langchain/langgraph-checkpoint-postgres/store');
  const schema = `bench_lg_${run}`;
  schemas.push(schema);
  const store = PostgresStore.fromConnString(PG_URL, { schema });
  await store.setup();
  return {
    name: 'LangGraph PostgresStore 1.0.5',
    note: 'search(ns, { limit: 10 }) for "newest 10"; bulk-loaded with one INSERT … SELECT unnest() per 1,000 rows into its own table (its batch API manages ~200 items/s here)',
    bulkLoad: async (ns, items) => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(
          `insert into "${schema}".store (namespace_path, key, value) select $1, k, v from unnest($2::text[], $3::jsonb[]) as x(k, v)`,
          [ns.join(':'), items.map((i) => i.key), items.map((i) => JSON.stringify(i.value))],
        );
      } finally {
        await client.end();
      }
    },
    put: (ns, key, value) => store.put(ns, key, value),
    putBatch: (ns, items) => store.batch(items.map(({ key, value }) => ({ namespace: ns, key, value }))),
    get: (ns, key) => store.get(ns, key),
    listNewest10: (ns) => store.search(ns, { limit: 10 }),
    filtered: (ns) => store.search(ns, { filter: FILTER, limit: 10 }),
    afterLoad: () => analyze(schema),
    close: () => store.stop(),
  };
}

interface Result {
  name: string;
  note?: string;
  putP50: number;
  putP99: number;
  batchItemsPerSec: number;
  getP50: number;
  getP99: number;
  listP50: number;
  searchP50?: number;
  loadSec: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await op(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** A fixed pseudo-random sequence (LCG), the same for every system. */
function keys(n: number, max: number): number[] {
  let x = 12345;
  return Array.from({ length: n }, () => (x = (x * 1103515245 + 12345) % 2 ** 31) % max);
}

const ROUNDS = FULL ? 10 : 3;

/**
 * Loads every system, then measures each operation in interleaved rounds (system A, B, C, … then again), so
 * that load from other processes on a shared machine falls on every system alike rather than on whichever ran
 * during a noisy minute.
 */
async function measureAll(made: System[]): Promise<Result[]> {
  const big = ['bench', 'big'];
  const loadSec = new Map<System, number>();
  for (const sys of made) {
    const t0 = performance.now();
    for (let i = 0; i < N.items; i += LOAD_CHUNK) {
      const chunk = Array.from({ length: Math.min(LOAD_CHUNK, N.items - i) }, (_, j) => ({ key: `k${i + j}`, value: valueOf(i + j) }));
      await (sys.bulkLoad ?? sys.putBatch)(big, chunk);
    }
    loadSec.set(sys, (performance.now() - t0) / 1000);
    await sys.afterLoad?.();
  }
  const lat = new Map(made.map((sys) => [sys, { put: [] as number[], get: [] as number[], list: [] as number[], search: [] as number[], batchMs: 0 }]));
  const ks = keys(N.gets, N.items);
  for (let r = 0; r < ROUNDS; r++) {
    for (const sys of made) {
      const m = lat.get(sys)!;
      const per = (n: number) => Math.ceil(n / ROUNDS);
      m.put.push(...(await timed(per(N.puts), (i) => sys.put(['bench', 'single'], `p${r}-${i}`, valueOf(i)))));
      const tb = performance.now();
      for (let b = 0; b < per(N.batches); b++) {
        await sys.putBatch(['bench', 'batched'], Array.from({ length: BATCH }, (_, j) => ({ key: `b${r}-${b}-${j}`, value: valueOf(b * BATCH + j) })));
      }
      m.batchMs += performance.now() - tb;
      m.get.push(...(await timed(per(N.gets), async (i) => {
        const k = ks[(r * per(N.gets) + i) % ks.length];
        if (!(await sys.get(big, `k${k}`))) throw new Error(`${sys.name}: k${k} missing`);
      })));
      m.list.push(...(await timed(per(N.lists), async () => {
        if ((await sys.listNewest10(big)).length !== 10) throw new Error(`${sys.name}: list returned the wrong count`);
      })));
      const filtered = sys.filtered;
      if (filtered) {
        m.search.push(...(await timed(per(N.searches), async () => {
          if ((await filtered(big)).length !== 10) throw new Error(`${sys.name}: filtered search returned the wrong count`);
        })));
      }
    }
    process.stderr.write(`  round ${r + 1}/${ROUNDS}\n`);
  }
  const results: Result[] = [];
  for (const sys of made) {
    const m = lat.get(sys)!;
    await sys.close();
    results.push({
      name: sys.name,
      note: sys.note,
      putP50: pct(m.put, 50),
      putP99: pct(m.put, 99),
      batchItemsPerSec: (Math.ceil(N.batches / ROUNDS) * ROUNDS * BATCH) / (m.batchMs / 1000),
      getP50: pct(m.get, 50),
      getP99: pct(m.get, 99),
      listP50: pct(m.list, 50),
      searchP50: m.search.length ? pct(m.search, 50) : undefined,
      loadSec: loadSec.get(sys)!,
    });
  }
  return results;
}

const us = (ms: number) => (ms < 1 ? `${Math.round(ms * 1000)} µs` : `${ms.toFixed(2)} ms`);

async function main(): Promise<void> {
  const started = performance.now();
  const systems: [string, () => Promise<System>][] = [
    ['genesis-libsql', async () => genesis('@genesis/memory-store · libSQL file', await openStore(`file:${join(dir, 'genesis.db')}`), 'defaults: FTS5 + hashed embeddings on every put')],
    ['genesis-libsql-plain', async () => genesis('@genesis/memory-store · libSQL, index: false', await openStore({ url: `file:${join(dir, 'genesis-plain.db')}`, embedder: null }), 'nothing indexed for search, like the peers: the same SQL as the raw row', false)],
    ['raw', () => rawLibsql(join(dir, 'raw.db'))],
    ['genesis-pg', async () => {
      const schema = `bench_ms_${run}`;
      schemas.push(schema);
      const sys = genesis('@genesis/memory-store · PostgreSQL', await openStore({ url: PG_URL, schema }), 'defaults: tsvector + hashed embeddings');
      return { ...sys, afterLoad: () => analyze(schema) };
    }],
    ['genesis-pg-plain', async () => {
      const schema = `bench_ms_plain_${run}`;
      schemas.push(schema);
      const sys = genesis('@genesis/memory-store · PostgreSQL, index: false', await openStore({ url: PG_URL, schema, embedder: null }), 'nothing indexed for search, like the LangGraph row', false);
      return { ...sys, afterLoad: () => analyze(schema) };
    }],
    ['mastra', () => mastra(join(dir, 'mastra.db'))],
    ['langgraph-memory', langgraphMemory],
    ['langgraph-pg', langgraphPostgres],
  ];
  const only = process.env.BENCH_ONLY?.split(',');
  const made: System[] = [];
  for (const [id, make] of systems) {
    if (only && !only.includes(id)) continue;
    try {
      made.push(await make());
    } catch (error) {
      process.stderr.write(`  ${id} could not start: ${(error as Error).stack}\n`);
    }
  }
  const results = await measureAll(made);
  console.log(`\n@genesis/memory-store benchmark — BENCH_SIZE=${FULL ? 'full' : 'smoke'}: ${N.items.toLocaleString('en')} items in the listed/searched namespace; ` +
    `${N.puts} single puts, ${N.batches}×${BATCH} batched, ${N.gets} gets, ${N.lists} lists, ${N.searches} filtered searches`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| system | put p50 | put p99 | putMany (items/s) | get p50 | get p99 | list newest 10 p50 | filtered search p50 | bulk load (s) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${us(r.putP50)} | ${us(r.putP99)} | ${Math.round(r.batchItemsPerSec).toLocaleString('en')} | ${us(r.getP50)} | ${us(r.getP99)} | ${us(r.listP50)} | ${r.searchP50 === undefined ? 'n/a' : us(r.searchP50)} | ${r.loadSec.toFixed(1)} |`,
    );
  }
  console.log('');
  for (const r of results) if (r.note) console.log(`- ${r.name}: ${r.note}`);
  const by = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
  const ours = by('@genesis/memory-store · libSQL, index: false');
  const raw = by('raw');
  if (ours && raw) {
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    console.log(
      `\nvs the raw driver (same SQL, index: false): put ${ratio(ours.putP50, raw.putP50)}×, putMany ${ratio(raw.batchItemsPerSec, ours.batchItemsPerSec)}×, ` +
        `get ${ratio(ours.getP50, raw.getP50)}×, list ${ratio(ours.listP50, raw.listP50)}×, filtered search ${ratio(ours.searchP50!, raw.searchP50!)}× (target ≤ 1.5×)`,
    );
  }
  const lib = by('@genesis/memory-store · libSQL file');
  if (lib) console.log(`list newest 10 of ${N.items.toLocaleString('en')} on libSQL: ${us(lib.listP50)} p50 (target < 1 ms)`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length) {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`);
    await client.end();
  }
}
