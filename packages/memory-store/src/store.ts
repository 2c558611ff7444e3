import type { JsonValue, Namespace } from '@genesis/schemas';
import type { Backend, StoredRow, WriteRow } from './backend.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { isZero, normalize } from './embedder.js';
import { MemoryStoreError, toStoreError } from './errors.js';
import { parseFilter } from './filter.js';
import { extractText, parsePath, serializeValue } from './json.js';
import { checkNamespace, decodeNamespace, encodeNamespace, namespaceEndsWith, prefixRange } from './namespace.js';
import type { Telemetry } from './telemetry.js';
import type {
  Embedder,
  Item,
  ListNamespacesOptions,
  ListOptions,
  ListPage,
  MemoryStore,
  PutManyItem,
  PutOptions,
  SearchItem,
  SearchOptions,
} from './types.js';

/** Settings the store applies on top of a backend. */
export interface StoreSettings {
  embedder: Embedder | null;
  maxValueBytes: number;
  /** Epoch milliseconds; injectable for TTL tests. */
  now: () => number;
}

const MAX_KEY_LENGTH = 1024;
const MAX_TTL_MS = 100 * 365 * 24 * 3600 * 1000;
const BAD_KEY = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const WORD = /[\p{L}\p{N}]+/gu;

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new MemoryStoreError('INVALID_KEY', `key must be a string of 1..${MAX_KEY_LENGTH} characters`);
  }
  if (BAD_KEY.test(key)) throw new MemoryStoreError('INVALID_KEY', 'key must not contain control characters or unpaired surrogates');
  return key;
}

function checkInt(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new MemoryStoreError('INVALID_OPTIONS', `${name} must be an integer in [${min}, ${max}]`);
  }
  return value;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function toItem<V extends JsonValue>(row: StoredRow): SearchItem<V> {
  const item: SearchItem<V> = {
    namespace: decodeNamespace(row.ns),
    key: row.key,
    value: row.value as V,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    expiresAt: row.expiresAt === null ? null : iso(row.expiresAt),
  };
  if (row.score !== undefined) item.score = row.score;
  return item;
}

/**
 * The MemoryStore over one backend: validates and serialises every input before touching the database (so bad
 * input never half-writes), embeds text for semantic search, and instruments each operation.
 */
export class Store implements MemoryStore {
  private closed = false;

  constructor(
    private readonly backend: Backend,
    private readonly telemetry: Telemetry,
    private readonly settings: StoreSettings,
  ) {}

  private open(): void {
    if (this.closed) throw new MemoryStoreError('CLOSED', 'the store is closed');
  }

  private prepare(namespace: unknown, key: unknown, value: unknown, options: PutOptions | undefined, now: number, where: string) {
    const ns = checkNamespace(namespace, `${where} namespace`);
    const k = checkKey(key);
    const json = serializeValue(value, this.settings.maxValueBytes);
    const opts = options ?? {};
    if (typeof opts !== 'object' || opts === null) throw new MemoryStoreError('INVALID_OPTIONS', `${where}: options must be an object`);
    let expiresAt: number | null = null;
    if (opts.ttlMs !== undefined) {
      if (typeof opts.ttlMs !== 'number' || !Number.isFinite(opts.ttlMs) || opts.ttlMs <= 0 || opts.ttlMs > MAX_TTL_MS) {
        throw new MemoryStoreError('INVALID_OPTIONS', `${where}: ttlMs must be a positive number of milliseconds`);
      }
      expiresAt = now + Math.ceil(opts.ttlMs);
    }
    if (opts.ifAbsent !== undefined && typeof opts.ifAbsent !== 'boolean') {
      throw new MemoryStoreError('INVALID_OPTIONS', `${where}: ifAbsent must be a boolean`);
    }
    let searchText: string | null = null;
    if (opts.index !== false) {
      if (opts.index !== undefined && !Array.isArray(opts.index)) {
        throw new MemoryStoreError('INVALID_OPTIONS', `${where}: index must be false or a list of dot paths`);
      }
      const paths = opts.index?.map((p) => parsePath(p, 'INVALID_OPTIONS', `${where} index`));
      searchText = extractText(value as JsonValue, paths);
    }
    const row: WriteRow = { ns: encodeNamespace(ns), key: k, value: json, searchText, embedding: null, expiresAt, ifAbsent: opts.ifAbsent === true };
    return { ns, row };
  }

  private async embed(rows: WriteRow[]): Promise<void> {
    const embedder = this.settings.embedder;
    if (!embedder) return;
    const targets = rows.filter((r) => r.searchText !== null);
    if (targets.length === 0) return;
    let vectors: Float32Array[];
    try {
      vectors = await embedder.embed(targets.map((r) => r.searchText!));
    } catch (error) {
      throw new MemoryStoreError('BACKEND', `the embedder failed: ${(error as Error)?.message}`, { cause: error });
    }
    if (!Array.isArray(vectors) || vectors.length !== targets.length) {
      throw new MemoryStoreError('BACKEND', `the embedder returned ${vectors?.length} vectors for ${targets.length} texts`);
    }
    targets.forEach((r, i) => {
      const v = vectors[i];
      if (!(v instanceof Float32Array) || v.length !== embedder.dimensions) {
        throw new MemoryStoreError('BACKEND', `the embedder returned a vector that is not a Float32Array(${embedder.dimensions})`);
      }
      const unit = normalize(new Float32Array(v)); // a copy we own (a plain memcpy, unlike Float32Array.from)
      r.embedding = isZero(unit) ? null : unit;
    });
  }

  async put<V extends JsonValue>(namespace: Namespace, key: string, value: V, options?: PutOptions): Promise<Item<V>> {
    return this.telemetry.run('put', {}, async () => {
      this.open();
      const now = this.settings.now();
      const { ns, row } = this.prepare(namespace, key, value, options, now, 'put');
      if (this.settings.embedder && row.searchText !== null) await this.embed([row]);
      const [createdAt] = await this.guard('put', () => this.backend.write([row], now));
      this.telemetry.itemsWritten(1);
      return {
        namespace: [...ns],
        key,
        value,
        createdAt: iso(createdAt!),
        updatedAt: iso(now),
        expiresAt: row.expiresAt === null ? null : iso(row.expiresAt),
      };
    });
  }

  async putMany(items: PutManyItem[]): Promise<void> {
    return this.telemetry.run(
      'put_many',
      { 'db.operation.batch.size': Array.isArray(items) ? items.length : 0 },
      async () => {
        this.open();
        if (!Array.isArray(items)) throw new MemoryStoreError('INVALID_OPTIONS', 'putMany takes an array of items');
        if (items.length === 0) return;
        const now = this.settings.now();
        // Validate everything first: one bad item rejects the whole batch before anything is written.
        const byKey = new Map<string, WriteRow>();
        items.forEach((item, i) => {
          if (typeof item !== 'object' || item === null) throw new MemoryStoreError('INVALID_OPTIONS', `putMany items[${i}] must be an object`);
          const { row } = this.prepare(item.namespace, item.key, item.value, item, now, `putMany items[${i}]`);
          const id = `${row.ns}\u0000${row.key}`;
          // The last write of a key wins, in order; a claim (ifAbsent) on the key by an earlier one still holds.
          if (byKey.get(id)?.ifAbsent) row.ifAbsent = true;
          byKey.delete(id);
          byKey.set(id, row);
        });
        const rows = [...byKey.values()];
        await this.embed(rows);
        await this.guard('putMany', () => this.backend.write(rows, now));
        this.telemetry.itemsWritten(rows.length);
      },
    );
  }

  async get<V extends JsonValue = JsonValue>(namespace: Namespace, key: string): Promise<Item<V> | null> {
    return this.telemetry.run('get', {}, async () => {
      this.open();
      const ns = checkNamespace(namespace, 'get namespace');
      checkKey(key);
      const row = await this.guard('get', () => this.backend.get(encodeNamespace(ns), key, this.settings.now()));
      return row ? toItem<V>(row) : null;
    });
  }

  async delete(namespace: Namespace, key: string): Promise<boolean> {
    return this.telemetry.run('delete', {}, async () => {
      this.open();
      const ns = checkNamespace(namespace, 'delete namespace');
      checkKey(key);
      return this.guard('delete', () => this.backend.delete(encodeNamespace(ns), key));
    });
  }

  async list<V extends JsonValue = JsonValue>(namespace: Namespace, options: ListOptions = {}): Promise<ListPage<V>> {
    return this.telemetry.run(
      'list',
      {},
      async () => {
        this.open();
        const ns = checkNamespace(namespace, 'list namespace');
        const order = options.order ?? 'newest';
        if (order !== 'newest' && order !== 'oldest') throw new MemoryStoreError('INVALID_OPTIONS', 'order must be "newest" or "oldest"');
        const limit = checkInt(options.limit, 'limit', 1, 1000, 10);
        const after = options.cursor === undefined ? null : decodeCursor(options.cursor, order).seq;
        const rows = await this.guard('list', () =>
          this.backend.list(encodeNamespace(ns), order, limit + 1, after, this.settings.now()),
        );
        const page: ListPage<V> = { items: rows.slice(0, limit).map((r) => toItem<V>(r)) };
        if (rows.length > limit) page.nextCursor = encodeCursor({ order, seq: rows[limit - 1]!.seq });
        return page;
      },
      (page) => ({ 'db.response.returned_rows': page.items.length }),
    );
  }

  async search<V extends JsonValue = JsonValue>(namespacePrefix: Namespace, options: SearchOptions = {}): Promise<SearchItem<V>[]> {
    return this.telemetry.run(
      'search',
      { 'genesis.memory_store.search.mode': options.query === undefined ? 'list' : options.mode ?? 'text' },
      async () => {
        this.open();
        const prefix = checkNamespace(namespacePrefix, 'search namespace prefix', true);
        const conditions = parseFilter(options.filter);
        const limit = checkInt(options.limit, 'limit', 1, 1000, 10);
        const offset = checkInt(options.offset, 'offset', 0, 100_000, 0);
        const mode = options.mode ?? 'text';
        if (mode !== 'text' && mode !== 'semantic') throw new MemoryStoreError('INVALID_OPTIONS', 'mode must be "text" or "semantic"');
        const query = { range: prefixRange(prefix), conditions, limit, offset, now: this.settings.now() };
        if (options.query !== undefined) {
          if (typeof options.query !== 'string' || options.query.length > 4096) {
            throw new MemoryStoreError('INVALID_OPTIONS', 'query must be a string of at most 4096 characters');
          }
          if (mode === 'text') {
            const words = [...new Set(options.query.toLowerCase().match(WORD) ?? [])].slice(0, 32);
            if (words.length === 0) return [];
            return (await this.guard('search', () => this.backend.search({ ...query, words }))).map((r) => toItem<V>(r));
          }
          const embedder = this.settings.embedder;
          if (!embedder) throw new MemoryStoreError('INVALID_OPTIONS', 'semantic search needs an embedder (openStore({ embedder }))');
          const row: WriteRow = { ns: '', key: '', value: '', searchText: options.query, embedding: null, expiresAt: null, ifAbsent: false };
          await this.embed([row]);
          if (!row.embedding) return [];
          const vector = row.embedding;
          return (await this.guard('search', () => this.backend.search({ ...query, vector }))).map((r) => toItem<V>(r));
        }
        return (await this.guard('search', () => this.backend.search(query))).map((r) => toItem<V>(r));
      },
      (items) => ({ 'db.response.returned_rows': items.length }),
    );
  }

  async listNamespaces(options: ListNamespacesOptions = {}): Promise<string[][]> {
    return this.telemetry.run('list_namespaces', {}, async () => {
      this.open();
      const prefix = options.prefix === undefined ? [] : checkNamespace(options.prefix, 'listNamespaces prefix', true);
      const suffix = options.suffix === undefined ? [] : checkNamespace(options.suffix, 'listNamespaces suffix', true);
      const maxDepth = checkInt(options.maxDepth, 'maxDepth', 1, 64, 64);
      const limit = checkInt(options.limit, 'limit', 1, 10_000, 100);
      const offset = checkInt(options.offset, 'offset', 0, 1_000_000, 0);
      const encoded = await this.guard('listNamespaces', () => this.backend.namespaces(prefixRange(prefix), this.settings.now()));
      const seen = new Set<string>();
      const out: string[][] = [];
      for (const e of encoded) {
        const ns = decodeNamespace(e);
        if (!namespaceEndsWith(ns, suffix)) continue;
        const truncated = ns.slice(0, maxDepth);
        const id = encodeNamespace(truncated);
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(truncated);
      }
      return out.slice(offset, offset + limit);
    });
  }

  async sweepExpired(): Promise<number> {
    return this.telemetry.run('sweep_expired', {}, async () => {
      this.open();
      const n = await this.guard('sweepExpired', () => this.backend.sweep(this.settings.now()));
      this.telemetry.itemsExpired(n);
      return n;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.backend.close();
  }

  private async guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toStoreError(error, operation);
    }
  }
}
