import { createClient, type Client, type InArgs, type InStatement, type InValue, type ResultSet, type Row } from '@libsql/client';
import { and, asc, desc, eq, fillPlaceholders, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Backend, SearchQuery, StoredRow, WriteRow } from '../backend.js';
import { MemoryStoreError, toStoreError } from '../errors.js';
import { loadMigrations, MIGRATIONS_TABLE, pendingMigrations } from '../migrations.js';
import { WriteQueue } from '../write-queue.js';
import { compileCondition } from './filter-sql.js';
import { memoryItems as t } from './schema.js';
import { liveNamespacesSql, rangeBoundsSql } from '../shared-sql.js';

/** Options of the libSQL backend. */
export interface LibsqlBackendOptions {
  url: string;
  /** How long one statement waits for another process's write lock (SQLite busy timeout), ms. */
  timeoutMs: number;
  /** `normal` (default): WAL + synchronous=NORMAL, safe against process crashes; `full` also against power loss. */
  synchronous: 'normal' | 'full';
  /** Dimensions of the embedder, or null when semantic search is off. */
  dimensions: number | null;
  /** Build libSQL's DiskANN vector index (fast approximate top-k; each insert costs milliseconds). */
  vectorIndex: boolean;
  /** Called on every SQLITE_BUSY retry (for the metric). */
  onBusyRetry?: () => void;
  /** Apply migrations only up to this index (tests of upgrades). */
  migrateUpTo?: number;
}

interface Prepared {
  sql: string;
  params: unknown[];
}

const ph = (name: string) => sql.placeholder(name);
const prep = (q: { toSQL(): { sql: string; params: unknown[] } }): Prepared => q.toSQL();
const bind = (p: Prepared, values: Record<string, unknown>): InStatement => ({
  sql: p.sql,
  args: fillPlaceholders(p.params, values) as InArgs,
});

const BUSY_ATTEMPTS = 6;
/** Rows per statement in a batch (9 parameters each; SQLite allows 32,766). */
const CHUNK = 500;
/** Deletes an expired row under a key about to be claimed (an expired item counts as absent). */
const CLAIM_EXPIRED = 'delete from memory_items where ns = ? and key = ? and expires_at is not null and expires_at <= ?';
/** Inserts a claimed key; the unique index on (ns, key) refuses it when a live row exists. */
const CLAIM_INSERT =
  'insert into memory_items (ns, key, value, search_text, created_at, updated_at, expires_at, seq) ' +
  'values (?1, ?2, ?3, ?4, ?5, ?5, ?6, (select coalesce(max(seq), 0) + 1 from memory_items where ns = ?1))';

/** True for SQLITE_BUSY / SQLITE_LOCKED in any of the shapes @libsql/client reports it. */
export function isBusyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; rawCode?: unknown; message?: unknown; cause?: unknown };
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED' || e.rawCode === 5 || e.rawCode === 6) return true;
  if (typeof e.message === 'string' && /SQLITE_BUSY|database is locked/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isBusyError(e.cause);
}

function toRow(r: Row): StoredRow {
  const row: StoredRow = {
    ns: r.ns as string,
    key: r.key as string,
    value: JSON.parse(r.value as string),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    expiresAt: (r.expires_at as number | null) ?? null,
    seq: r.seq as number,
  };
  if (r.score !== undefined) row.score = r.score as number;
  return row;
}

const blob = (v: Float32Array): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** libSQL (embedded SQLite file or `:memory:`) through @libsql/client; queries built with drizzle-orm. */
export class LibsqlBackend implements Backend {
  readonly system = 'sqlite' as const;
  private readonly queue = new WriteQueue();
  private readonly dialect = new SQLiteSyncDialect();
  private readonly vectors: string | null;
  private readonly q: Record<'upsert' | 'get' | 'del' | 'newest' | 'newestAfter' | 'oldest' | 'oldestAfter' | 'sweep', Prepared>;
  private vectorUpsert = '';
  private readonly sqlCache = new Map<string, string>();

  private constructor(
    private readonly client: Client,
    private readonly options: LibsqlBackendOptions,
  ) {
    this.vectors = options.dimensions === null ? null : `memory_vectors_${options.dimensions}`;
    const db = drizzle(client);
    const live = or(isNull(t.expiresAt), gt(t.expiresAt, ph('now')));
    const columns = {
      ns: t.ns,
      key: t.key,
      value: t.value,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      expiresAt: t.expiresAt,
      seq: t.seq,
    };
    const listing = (order: 'newest' | 'oldest', after: boolean) =>
      prep(
        db
          .select(columns)
          .from(t)
          .where(
            and(
              eq(t.ns, ph('ns')),
              live,
              after ? (order === 'newest' ? lt(t.seq, ph('after')) : gt(t.seq, ph('after'))) : undefined,
            ),
          )
          .orderBy(order === 'newest' ? desc(t.seq) : asc(t.seq))
          .limit(ph('limit')),
      );
    this.q = {
      upsert: prep(
        db
          .insert(t)
          .values({
            ns: ph('ns'),
            key: ph('key'),
            value: ph('value'),
            searchText: ph('text'),
            createdAt: ph('now'),
            updatedAt: ph('now'),
            expiresAt: ph('exp'),
            seq: sql`(select coalesce(max(${t.seq}), 0) + 1 from ${t} where ${t.ns} = ${ph('ns')})`,
          })
          .onConflictDoUpdate({
            target: [t.ns, t.key],
            set: {
              value: sql`excluded.value`,
              searchText: sql`excluded.search_text`,
              updatedAt: sql`excluded.updated_at`,
              expiresAt: sql`excluded.expires_at`,
              seq: sql`excluded.seq`,
            },
          })
          .returning({ createdAt: t.createdAt }),
      ),
      // Expiry is checked in JS: the simplest statement is the cheapest to compile, and get() compiles per call.
      get: prep(
        db
          .select({ value: t.value, createdAt: t.createdAt, updatedAt: t.updatedAt, expiresAt: t.expiresAt })
          .from(t)
          .where(and(eq(t.ns, ph('ns')), eq(t.key, ph('key')))),
      ),
      del: prep(db.delete(t).where(and(eq(t.ns, ph('ns')), eq(t.key, ph('key'))))),
      newest: listing('newest', false),
      newestAfter: listing('newest', true),
      oldest: listing('oldest', false),
      oldestAfter: listing('oldest', true),
      sweep: prep(db.delete(t).where(and(sql`${t.expiresAt} is not null`, sql`${t.expiresAt} <= ${ph('now')}`))),
    };
    if (this.vectors) {
      this.vectorUpsert =
        `insert into ${this.vectors} (item_id, embedding) select id, ? from memory_items where ns = ? and key = ? ` +
        'on conflict (item_id) do update set embedding = excluded.embedding';
    }
  }

  /** Opens the database, switches it to WAL, applies pending migrations and prepares the vector table. */
  static async open(options: LibsqlBackendOptions): Promise<LibsqlBackend> {
    let client: Client;
    try {
      // One connection: per-connection PRAGMAs then hold for every statement, and nothing else in this process
      // can contend for the write lock with our own transactions.
      client = createClient({ url: options.url, timeout: options.timeoutMs, concurrency: 1 });
    } catch (error) {
      throw new MemoryStoreError('INVALID_URL', `cannot open ${options.url}: ${(error as Error).message}`, { cause: error });
    }
    const backend = new LibsqlBackend(client, options);
    try {
      await backend.retrying(async () => {
        if (!options.url.includes(':memory:')) await client.execute('PRAGMA journal_mode = WAL');
      });
      await backend.configure();
      await backend.retrying(() => backend.migrate());
      if (backend.vectors) await backend.retrying(() => backend.createVectorTable());
    } catch (error) {
      client.close();
      throw toStoreError(error, 'open');
    }
    return backend;
  }

  private async configure(): Promise<void> {
    await this.client.execute(`PRAGMA synchronous = ${this.options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  }

  /**
   * Applies pending migrations optimistically, without an interactive transaction: read what is applied, then
   * apply the rest (and record them) in one write batch, which runs start to finish inside one synchronous driver
   * call. So the write lock is never held across an await — another store opening the same file in this process
   * is never left busy-waiting on a transaction that cannot progress — and if another opener got there first, the
   * batch fails and rolls back whole, and the next look finds everything applied.
   */
  private async migrate(): Promise<void> {
    const all = loadMigrations('sqlite');
    const applied = async () => {
      await this.client.execute(
        `create table if not exists ${MIGRATIONS_TABLE} (idx integer primary key, tag text not null, applied_at integer not null)`,
      );
      return (await this.client.execute(`select idx from ${MIGRATIONS_TABLE}`)).rows.map((r) => Number(r.idx));
    };
    let pending = pendingMigrations(all, await applied(), this.options.migrateUpTo);
    while (pending.length > 0) {
      const statements: InStatement[] = pending.flatMap((m) => [
        ...m.statements,
        { sql: `insert into ${MIGRATIONS_TABLE} (idx, tag, applied_at) values (?, ?, ?)`, args: [m.idx, m.tag, Date.now()] },
      ]);
      try {
        await this.client.batch(statements, 'write');
        return;
      } catch (error) {
        if (isBusyError(error)) throw error;
        const again = pendingMigrations(all, await applied(), this.options.migrateUpTo);
        if (again.length >= pending.length) throw error;
        pending = again;
      }
    }
  }

  private async createVectorTable(): Promise<void> {
    const v = this.vectors!;
    const statements = [
      `create table if not exists ${v} (item_id integer primary key, embedding F32_BLOB(${this.options.dimensions}) not null)`,
      // The vector follows its item: rewritten items drop the old one (the put re-inserts it), deleted items too.
      `create trigger if not exists ${v}_au after update of search_text on memory_items begin delete from ${v} where item_id = old.id; end`,
      `create trigger if not exists ${v}_ad after delete on memory_items begin delete from ${v} where item_id = old.id; end`,
    ];
    if (this.options.vectorIndex) {
      statements.push(`create index if not exists ${v}_idx on ${v} (libsql_vector_idx(embedding, 'metric=cosine'))`);
    }
    await this.client.batch(statements, 'write');
  }

  /**
   * Runs `fn`, and on SQLITE_BUSY reopens the connection (one left broken by SQLITE_BUSY can keep failing until
   * then) and tries again with backoff. Each attempt already waited `timeoutMs` inside SQLite.
   */
  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (!isBusyError(error)) throw error;
        if (attempt >= BUSY_ATTEMPTS) {
          throw new MemoryStoreError('BUSY', `the database stayed locked by another writer through ${attempt} attempts`, { cause: error });
        }
        this.options.onBusyRetry?.();
        await new Promise((r) => setTimeout(r, Math.min(25 * 2 ** attempt, 500) * (0.5 + Math.random())));
        await this.client.reconnect();
        await this.configure();
      }
    }
  }

  private write_(statements: InStatement[]): Promise<unknown> {
    return this.queue.run(() =>
      this.retrying<unknown>(() =>
        statements.length === 1 ? this.client.execute(statements[0]!) : this.client.batch(statements, 'write'),
      ),
    );
  }

  async write(rows: WriteRow[], now: number): Promise<number[]> {
    if (rows.some((r) => r.ifAbsent)) {
      // Claims first, as plain inserts that the unique index refuses when a live row has the key (an expired one is
      // deleted just before); then the other rows. One transaction: a refused claim writes nothing at all.
      const statements: InStatement[] = [];
      for (const r of rows.filter((x) => x.ifAbsent)) {
        statements.push({ sql: CLAIM_EXPIRED, args: [r.ns, r.key, now] });
        statements.push({ sql: CLAIM_INSERT, args: [r.ns, r.key, r.value, r.searchText, now, r.expiresAt] });
        if (r.embedding && this.vectors) statements.push({ sql: this.vectorUpsert, args: [blob(r.embedding), r.ns, r.key] });
      }
      statements.push(...this.batchStatements(rows.filter((x) => !x.ifAbsent), now));
      await this.write_(statements);
      return rows.map(() => now);
    }
    if (rows.length === 1) {
      const r = rows[0]!;
      const statements: InStatement[] = [
        bind(this.q.upsert, { ns: r.ns, key: r.key, value: r.value, text: r.searchText, now, exp: r.expiresAt }),
      ];
      if (r.embedding && this.vectors) statements.push({ sql: this.vectorUpsert, args: [blob(r.embedding), r.ns, r.key] });
      const result = await this.write_(statements);
      const first = (Array.isArray(result) ? result[0] : result) as ResultSet;
      return [first.rows[0]!.created_at as number];
    }
    await this.write_(this.batchStatements(rows, now));
    return rows.map(() => now);
  }

  /** A batch: multi-row statements, so each chunk is compiled once rather than once per row. */
  private batchStatements(rows: WriteRow[], now: number): InStatement[] {
    const statements: InStatement[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const args: InValue[] = [];
      chunk.forEach((r, k) => args.push(r.ns, r.key, r.value, r.searchText, now, r.expiresAt, k + 1));
      statements.push({ sql: this.multiUpsert(chunk.length), args });
      const withVectors = this.vectors ? chunk.filter((r) => r.embedding) : [];
      if (withVectors.length > 0) {
        const vargs: InValue[] = [];
        for (const r of withVectors) vargs.push(r.ns, r.key, blob(r.embedding!));
        statements.push({ sql: this.multiVectorUpsert(withVectors.length), args: vargs });
      }
    }
    return statements;
  }

  private multiUpsert(rows: number): string {
    const key = `u${rows}`;
    let text = this.sqlCache.get(key);
    if (text) return text;
    // The namespace's next seq: read before any row of the statement is inserted, offset by the row's position, so
    // rows keep their order. One correlated subquery for the whole statement keeps it cheap to compile.
    text =
      'insert into memory_items (ns, key, value, search_text, created_at, updated_at, expires_at, seq) ' +
      'select x.column1, x.column2, x.column3, x.column4, x.column5, x.column5, x.column6, ' +
      '(select coalesce(max(seq), 0) from memory_items where ns = x.column1) + x.column7 from (values ' +
      Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ') +
      ') as x where true on conflict (ns, key) do update set value = excluded.value, search_text = excluded.search_text, ' +
      'updated_at = excluded.updated_at, expires_at = excluded.expires_at, seq = excluded.seq';
    if (rows === CHUNK || this.sqlCache.size < 64) this.sqlCache.set(key, text);
    return text;
  }

  private multiVectorUpsert(rows: number): string {
    const key = `v${rows}`;
    let text = this.sqlCache.get(key);
    if (text) return text;
    text =
      `insert into ${this.vectors} (item_id, embedding) select m.id, x.column3 from (values ` +
      Array.from({ length: rows }, () => '(?, ?, ?)').join(', ') +
      ') as x join memory_items m on m.ns = x.column1 and m.key = x.column2 ' +
      'where true on conflict (item_id) do update set embedding = excluded.embedding';
    if (rows === CHUNK || this.sqlCache.size < 64) this.sqlCache.set(key, text);
    return text;
  }

  async get(ns: string, key: string, now: number): Promise<StoredRow | null> {
    const rs = await this.retrying(() => this.client.execute({ sql: this.q.get.sql, args: [ns, key] }));
    const r = rs.rows[0];
    if (!r) return null;
    const expiresAt = (r.expires_at as number | null) ?? null;
    if (expiresAt !== null && expiresAt <= now) return null;
    return {
      ns,
      key,
      value: JSON.parse(r.value as string),
      createdAt: r.created_at as number,
      updatedAt: r.updated_at as number,
      expiresAt,
      seq: 0,
    };
  }

  async delete(ns: string, key: string): Promise<boolean> {
    const rs = (await this.write_([bind(this.q.del, { ns, key })])) as { rowsAffected: number };
    return rs.rowsAffected > 0;
  }

  async list(ns: string, order: 'newest' | 'oldest', limit: number, afterSeq: number | null, now: number): Promise<StoredRow[]> {
    const p =
      order === 'newest'
        ? afterSeq === null ? this.q.newest : this.q.newestAfter
        : afterSeq === null ? this.q.oldest : this.q.oldestAfter;
    const rs = await this.retrying(() => this.client.execute(bind(p, { ns, now, limit, after: afterSeq })));
    return rs.rows.map(toRow);
  }

  private where(q: SearchQuery): SQL {
    const parts: SQL[] = [sql`(i.expires_at is null or i.expires_at > ${q.now})`];
    if (q.range) parts.push(sql`i.ns >= ${q.range.low} and i.ns < ${q.range.high}`);
    for (const c of q.conditions) parts.push(compileCondition(c));
    return sql.join(parts, sql` and `);
  }

  private async all(query: SQL): Promise<StoredRow[]> {
    const { sql: text, params } = this.dialect.sqlToQuery(query);
    const rs = await this.retrying(() => this.client.execute({ sql: text, args: params as InArgs }));
    return rs.rows.map(toRow);
  }

  async search(q: SearchQuery): Promise<StoredRow[]> {
    const cols = sql.raw('i.ns, i.key, i.value, i.created_at, i.updated_at, i.expires_at, i.seq');
    const page = sql`limit ${q.limit} offset ${q.offset}`;
    if (q.words) {
      const match = q.words.map((w) => `"${w}"`).join(' OR ');
      return this.all(sql`select ${cols}, -bm25(memory_items_fts) as score
        from memory_items_fts join memory_items i on i.id = memory_items_fts.rowid
        where memory_items_fts match ${match} and ${this.where(q)}
        order by score desc, i.updated_at desc, i.seq desc ${page}`);
    }
    if (q.vector) {
      if (!this.vectors) return [];
      const v = sql.raw(this.vectors);
      const vec = blob(q.vector);
      if (this.options.vectorIndex) {
        const wanted = q.offset + q.limit;
        const k = Math.max(100, wanted * 10);
        const rows = await this.all(sql`select ${cols}, 1 - vector_distance_cos(v.embedding, ${vec}) as score
          from vector_top_k(${`${this.vectors}_idx`}, ${vec}, ${k}) as top
          join ${v} v on v.rowid = top.id join memory_items i on i.id = v.item_id
          where ${this.where(q)} order by score desc, i.updated_at desc, i.seq desc ${page}`);
        if (rows.length === q.limit) return rows;
        const total = await this.retrying(() => this.client.execute(`select count(*) as n from ${this.vectors}`));
        if (Number(total.rows[0]!.n) <= k) return rows;
        // The approximate top-k held too few matches of this prefix and filter: fall back to the exact scan.
      }
      return this.all(sql`select ${cols}, 1 - vector_distance_cos(v.embedding, ${vec}) as score
        from memory_items i join ${v} v on v.item_id = i.id
        where ${this.where(q)} order by score desc, i.updated_at desc, i.seq desc ${page}`);
    }
    const only = q.range ? await this.soleNamespace(q.range) : null;
    if (only !== null) {
      // One namespace under the prefix: walk its (ns, seq) index newest first and stop at the page, instead of
      // filtering and sorting every row.
      return this.all(sql`select ${cols} from memory_items i where i.ns = ${only} and ${this.where({ ...q, range: null })}
        order by i.seq desc ${page}`);
    }
    return this.all(sql`select ${cols} from memory_items i where ${this.where(q)} order by i.updated_at desc, i.seq desc ${page}`);
  }

  /** The only namespace stored under a prefix range, or null when there are none or several (two index seeks). */
  private async soleNamespace(range: { low: string; high: string }): Promise<string | null> {
    const { sql: text, params } = this.dialect.sqlToQuery(rangeBoundsSql(range));
    const rs = await this.retrying(() => this.client.execute({ sql: text, args: params as InArgs }));
    const row = rs.rows[0]!;
    return row.lo !== null && row.lo === row.hi ? (row.lo as string) : null;
  }

  async namespaces(range: { low: string; high: string } | null, now: number): Promise<string[]> {
    const { sql: text, params } = this.dialect.sqlToQuery(liveNamespacesSql(range, now));
    const rs = await this.retrying(() => this.client.execute({ sql: text, args: params as InArgs }));
    return rs.rows.map((r) => r.ns as string);
  }

  async sweep(now: number): Promise<number> {
    const rs = (await this.write_([bind(this.q.sweep, { now })])) as { rowsAffected: number };
    return rs.rowsAffected;
  }

  async close(): Promise<void> {
    await this.queue.drain();
    this.client.close();
  }
}
