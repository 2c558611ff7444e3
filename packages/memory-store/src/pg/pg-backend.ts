import { and, asc, desc, eq, fillPlaceholders, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Backend, SearchQuery, StoredRow, WriteRow } from '../backend.js';
import { MemoryStoreError, toStoreError } from '../errors.js';
import { loadMigrations, MIGRATIONS_TABLE, pendingMigrations } from '../migrations.js';
import { compileCondition } from './filter-sql.js';
import { memoryItems as t } from './schema.js';
import { liveNamespacesSql, rangeBoundsSql } from '../shared-sql.js';

/** Options of the PostgreSQL backend. */
export interface PgBackendOptions {
  url: string;
  schema: string | undefined;
  timeoutMs: number;
  poolSize: number;
  dimensions: number | null;
  migrateUpTo?: number;
}

interface Prepared {
  name: string;
  text: string;
  params: unknown[];
}

const ph = (name: string) => sql.placeholder(name);
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const COLUMNS = 'i.ns, i.key, i.value, i.created_at, i.updated_at, i.expires_at, i.seq';
/** Rows per INSERT statement in a batch (6 parameters each, well under PostgreSQL's 65,535). */
const CHUNK = 1000;
/** Deletes an expired row under a key about to be claimed (an expired item counts as absent). */
const CLAIM_EXPIRED = 'delete from memory_items where ns = $1 and key = $2 and expires_at is not null and expires_at <= $3';
/** Inserts a claimed key; the unique index memory_items_ns_key refuses it when a live row exists. */
const CLAIM_INSERT =
  'insert into memory_items (ns, key, value, search_text, created_at, updated_at, expires_at) values ($1, $2, $3::jsonb, $4, $5, $5, $6)';

function toRow(r: Record<string, unknown>): StoredRow {
  const row: StoredRow = {
    ns: r.ns as string,
    key: r.key as string,
    value: r.value as StoredRow['value'],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    seq: Number(r.seq),
  };
  if (r.score !== undefined && r.score !== null) row.score = Number(r.score);
  return row;
}

/** Splits `postgres://…?schema=x` into the connection URL and the schema. */
export function parsePgUrl(url: string, schema: string | undefined): { connectionString: string; schema: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new MemoryStoreError('INVALID_URL', `invalid PostgreSQL URL: ${(error as Error).message}`, { cause: error });
  }
  const fromUrl = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const name = schema ?? fromUrl ?? 'public';
  if (!SCHEMA_NAME.test(name)) {
    throw new MemoryStoreError('INVALID_OPTIONS', `schema "${name}" must match ${SCHEMA_NAME} (lower-case letters, digits, _)`);
  }
  return { connectionString: parsed.toString(), schema: name };
}

/**
 * PostgreSQL through node-postgres; queries built with drizzle-orm and run as named prepared statements.
 * Embeddings are `real[]` and similarity is computed in SQL (no pgvector): exact, linear in the rows under the
 * searched prefix.
 */
export class PgBackend implements Backend {
  readonly system = 'postgresql' as const;
  private readonly dialect = new PgDialect();
  private readonly q: Record<'get' | 'del' | 'newest' | 'newestAfter' | 'oldest' | 'oldestAfter' | 'sweep', Prepared>;
  /** Statement texts by kind and row count (`u`psert, `v`ector upsert, vector `d`elete). */
  private readonly statements = new Map<string, string>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PgBackendOptions,
  ) {
    const db = drizzle({ client: pool });
    const live = or(isNull(t.expiresAt), gt(t.expiresAt, ph('now')));
    const columns = { ns: t.ns, key: t.key, value: t.value, createdAt: t.createdAt, updatedAt: t.updatedAt, expiresAt: t.expiresAt, seq: t.seq };
    const named = (name: string, q: { toSQL(): { sql: string; params: unknown[] } }): Prepared => {
      const { sql: text, params } = q.toSQL();
      return { name: `genesis_ms_${name}`, text, params };
    };
    const listing = (order: 'newest' | 'oldest', after: boolean) =>
      named(
        `${order}${after ? '_after' : ''}`,
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
      get: named('get', db.select(columns).from(t).where(and(eq(t.ns, ph('ns')), eq(t.key, ph('key')), live))),
      del: named('delete', db.delete(t).where(and(eq(t.ns, ph('ns')), eq(t.key, ph('key'))))),
      newest: listing('newest', false),
      newestAfter: listing('newest', true),
      oldest: listing('oldest', false),
      oldestAfter: listing('oldest', true),
      sweep: named('sweep', db.delete(t).where(and(sql`${t.expiresAt} is not null`, sql`${t.expiresAt} <= ${ph('now')}`))),
    };
  }

  static async open(options: PgBackendOptions): Promise<PgBackend> {
    const { connectionString, schema } = parsePgUrl(options.url, options.schema);
    const pool = new pg.Pool({
      connectionString,
      max: options.poolSize,
      options: `-c search_path=${schema} -c statement_timeout=${Math.ceil(options.timeoutMs)}`,
    });
    // An idle client's network error must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const backend = new PgBackend(pool, options);
    try {
      await backend.migrate(schema);
    } catch (error) {
      await pool.end();
      throw toStoreError(error, 'open');
    }
    return backend;
  }

  private async migrate(schema: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      // Serialise concurrent openers of the same schema (several services starting at once).
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [`genesis.memory_store.${schema}`]);
      await client.query(`create schema if not exists "${schema}"`);
      await client.query(
        `create table if not exists ${MIGRATIONS_TABLE} (idx integer primary key, tag text not null, applied_at bigint not null)`,
      );
      const applied = (await client.query<{ idx: number }>(`select idx from ${MIGRATIONS_TABLE}`)).rows.map((r) => r.idx);
      for (const m of pendingMigrations(loadMigrations('pg'), applied, this.options.migrateUpTo)) {
        for (const statement of m.statements) await client.query(statement);
        await client.query(`insert into ${MIGRATIONS_TABLE} (idx, tag, applied_at) values ($1, $2, $3)`, [m.idx, m.tag, Date.now()]);
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private async run(p: Prepared, values: Record<string, unknown>): Promise<pg.QueryResult> {
    return this.pool.query({ name: p.name, text: p.text, values: fillPlaceholders(p.params, values) });
  }

  /** A statement text for `rows` rows, built once for the sizes that recur (one row, a full chunk). */
  private statement(kind: string, rows: number, build: () => string): string {
    const key = `${kind}${rows}`;
    let text = this.statements.get(key);
    if (text === undefined) {
      text = build();
      if (rows === 1 || rows === CHUNK) this.statements.set(key, text);
    }
    return text;
  }

  /** `rows` value tuples of `width` parameters each, numbered from $1; `cast` per column where one is needed. */
  private static tuples(rows: number, width: number, cast: (column: number) => string = () => ''): string {
    const out: string[] = [];
    for (let r = 0; r < rows; r++) {
      out.push(`(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}${cast(c)}`).join(', ')})`);
    }
    return out.join(', ');
  }

  private upsertSql(rows: number): string {
    // created_at and updated_at share the parameter `now` (the 5th of each row).
    return this.statement('u', rows, () => {
      const values: string[] = [];
      for (let r = 0; r < rows; r++) {
        const b = r * 6;
        values.push(`($${b + 1}, $${b + 2}, $${b + 3}::jsonb, $${b + 4}, $${b + 5}, $${b + 5}, $${b + 6})`);
      }
      return (
        'insert into memory_items as i (ns, key, value, search_text, created_at, updated_at, expires_at) values ' +
        values.join(', ') +
        ' on conflict (ns, key) do update set value = excluded.value, search_text = excluded.search_text, ' +
        "updated_at = excluded.updated_at, expires_at = excluded.expires_at, seq = nextval('memory_items_seq_seq')"
      );
    });
  }

  private vectorSql(rows: number): string {
    return this.statement(
      'v',
      rows,
      () =>
        `insert into memory_vectors (item_id, embedding) select m.id, x.embedding from (values ${PgBackend.tuples(rows, 3, (c) => (c === 2 ? '::real[]' : ''))}) ` +
        'as x(ns, key, embedding) join memory_items m on m.ns = x.ns and m.key = x.key ' +
        'on conflict (item_id) do update set embedding = excluded.embedding',
    );
  }

  private unvectorSql(rows: number): string {
    return this.statement(
      'd',
      rows,
      () =>
        `delete from memory_vectors v using memory_items m, (values ${PgBackend.tuples(rows, 2)}) as x(ns, key) ` +
        'where m.ns = x.ns and m.key = x.key and v.item_id = m.id',
    );
  }

  async write(rows: WriteRow[], now: number): Promise<number[]> {
    if (rows.length === 1 && !rows[0]!.ifAbsent) {
      // One statement, so one round trip and atomic: the item, then its embedding (or none) in memory_vectors.
      const r = rows[0]!;
      if (r.embedding === null) {
        // Nothing to embed: the item, and any vector a previous version of it had is dropped (usually none, a
        // primary-key probe that writes nothing).
        const rs = await this.pool.query({
          name: 'genesis_ms_put_plain',
          text:
            `with item as (${this.upsertSql(1)} returning i.id, i.created_at), ` +
            'gone as (delete from memory_vectors v using item where v.item_id = item.id) select created_at from item',
          values: [r.ns, r.key, r.value, r.searchText, now, r.expiresAt],
        });
        return [Number(rs.rows[0].created_at)];
      }
      const rs = await this.pool.query({
        name: 'genesis_ms_put',
        text:
          `with item as (${this.upsertSql(1)} returning i.id, i.created_at) ` +
          'insert into memory_vectors (item_id, embedding) select id, $7::real[] from item ' +
          'on conflict (item_id) do update set embedding = excluded.embedding returning (select created_at from item)',
        values: [r.ns, r.key, r.value, r.searchText, now, r.expiresAt, Array.from(r.embedding)],
      });
      return [Number(rs.rows[0].created_at)];
    }
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      // Claims first, as plain inserts that the unique index refuses when a live row has the key (an expired one is
      // deleted just before); a concurrent claim of the same key waits for this transaction and then fails.
      const claims = rows.filter((r) => r.ifAbsent);
      for (const r of claims) {
        await client.query({ name: 'genesis_ms_claim_expired', text: CLAIM_EXPIRED, values: [r.ns, r.key, now] });
        await client.query({ name: 'genesis_ms_claim', text: CLAIM_INSERT, values: [r.ns, r.key, r.value, r.searchText, now, r.expiresAt] });
        if (r.embedding) await client.query(this.vectorSql(1), [r.ns, r.key, Array.from(r.embedding)]);
      }
      const upserts = claims.length === 0 ? rows : rows.filter((r) => !r.ifAbsent);
      for (let i = 0; i < upserts.length; i += CHUNK) {
        const chunk = upserts.slice(i, i + CHUNK);
        const args: unknown[] = [];
        const vargs: unknown[] = [];
        const plain: unknown[] = [];
        for (const r of chunk) {
          args.push(r.ns, r.key, r.value, r.searchText, now, r.expiresAt);
          if (r.embedding) vargs.push(r.ns, r.key, Array.from(r.embedding));
          else plain.push(r.ns, r.key);
        }
        await client.query(this.upsertSql(chunk.length), args);
        if (vargs.length > 0) await client.query(this.vectorSql(vargs.length / 3), vargs);
        // Items written without an embedding lose any vector an earlier version of them had.
        if (plain.length > 0) await client.query(this.unvectorSql(plain.length / 2), plain);
      }
      await client.query('commit');
      return rows.map(() => now);
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async get(ns: string, key: string, now: number): Promise<StoredRow | null> {
    const rs = await this.run(this.q.get, { ns, key, now });
    return rs.rows[0] ? toRow(rs.rows[0]) : null;
  }

  async delete(ns: string, key: string): Promise<boolean> {
    return ((await this.run(this.q.del, { ns, key })).rowCount ?? 0) > 0;
  }

  async list(ns: string, order: 'newest' | 'oldest', limit: number, afterSeq: number | null, now: number): Promise<StoredRow[]> {
    const p =
      order === 'newest'
        ? afterSeq === null ? this.q.newest : this.q.newestAfter
        : afterSeq === null ? this.q.oldest : this.q.oldestAfter;
    return (await this.run(p, { ns, now, limit, after: afterSeq })).rows.map(toRow);
  }

  private where(q: SearchQuery): SQL {
    const parts: SQL[] = [sql`(i.expires_at is null or i.expires_at > ${q.now})`];
    if (q.range) parts.push(sql`i.ns >= ${q.range.low} and i.ns < ${q.range.high}`);
    for (const c of q.conditions) parts.push(compileCondition(c));
    return sql.join(parts, sql` and `);
  }

  private async all(query: SQL): Promise<StoredRow[]> {
    const { sql: text, params } = this.dialect.sqlToQuery(query);
    return (await this.pool.query(text, params)).rows.map(toRow);
  }

  async search(q: SearchQuery): Promise<StoredRow[]> {
    const cols = sql.raw(COLUMNS);
    const page = sql`limit ${q.limit} offset ${q.offset}`;
    if (q.words) {
      // websearch syntax: "a or b" is a disjunction and never a syntax error; words are letters and digits only.
      const text = q.words.filter((w) => w !== 'or').join(' or ');
      return this.all(sql`select ${cols}, ts_rank(i.search_vector, query) as score
        from memory_items i, websearch_to_tsquery('english', ${text}) query
        where i.search_vector @@ query and ${this.where(q)}
        order by score desc, i.updated_at desc, i.seq desc ${page}`);
    }
    if (q.vector) {
      // No pgvector here: the dot product of unit vectors (= cosine similarity) as one arithmetic expression over
      // the query's non-zero components, `v.embedding[d] * w + …`. Exact (zero components add nothing), and
      // array subscripts cost far less per row than unnest() (measured ≈ 13× faster for the hashing embedder).
      const terms: SQL[] = [];
      q.vector.forEach((w, d) => {
        if (w !== 0) terms.push(sql`v.embedding[${sql.raw(String(d + 1))}] * ${w}::real`);
      });
      return this.all(sql`select ${cols}, (${sql.join(terms, sql` + `)}) as score
        from memory_items i join memory_vectors v on v.item_id = i.id
        where v.embedding is not null and cardinality(v.embedding) = ${q.vector.length} and ${this.where(q)}
        order by score desc, i.updated_at desc, i.seq desc ${page}`);
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
    const row = (await this.pool.query<{ lo: string | null; hi: string | null }>(text, params)).rows[0]!;
    return row.lo !== null && row.lo === row.hi ? row.lo : null;
  }

  async namespaces(range: { low: string; high: string } | null, now: number): Promise<string[]> {
    const { sql: text, params } = this.dialect.sqlToQuery(liveNamespacesSql(range, now));
    return (await this.pool.query<{ ns: string }>(text, params)).rows.map((r) => r.ns);
  }

  async sweep(now: number): Promise<number> {
    return (await this.run(this.q.sweep, { now })).rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
