import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Backend } from './backend.js';
import { createHashingEmbedder } from './embedder.js';
import { MemoryStoreError } from './errors.js';
import { LibsqlBackend } from './sqlite/libsql-backend.js';
import { Store } from './store.js';
import { loadOtelApi, Telemetry, type TelemetryOptions } from './telemetry.js';
import type { Embedder, MemoryStore } from './types.js';

/** Where the store lives when no URL is given. */
export const DEFAULT_URL = 'file:./.genesis/genesis.db';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /**
   * `file:<path>` (libSQL file; the folder is created), `:memory:` (libSQL in memory, for tests), or
   * `postgres://…` / `postgresql://…` (PostgreSQL; `?schema=name` keeps the tables in that schema).
   * Default `file:./.genesis/genesis.db`.
   */
  url?: string;
  /** Embedder for semantic search. Default: {@link createHashingEmbedder} (256 dimensions). `null` turns it off. */
  embedder?: Embedder | null;
  /** How long a statement waits for a lock (libSQL busy timeout; PostgreSQL statement timeout), ms. Default 5000. */
  timeoutMs?: number;
  /** Largest accepted value, in bytes of serialised UTF-8 JSON. Default 1 MiB. */
  maxValueBytes?: number;
  /** PostgreSQL schema for the tables (created if missing). Default: from `?schema=` in the URL, else `public`. */
  schema?: string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /**
   * libSQL durability: `normal` (default; WAL + synchronous=NORMAL: a committed write survives a process crash,
   * the last commits may be lost on power loss) or `full` (fsync on every commit; survives power loss; slower).
   */
  synchronous?: 'normal' | 'full';
  /** libSQL: build the DiskANN vector index (approximate top-k for large stores; each insert costs milliseconds). */
  vectorIndex?: boolean;
  /** Spans and metrics. Default: the global OpenTelemetry providers, if `@opentelemetry/api` is installed. */
  telemetry?: TelemetryOptions;
  /** Clock in epoch milliseconds (TTL tests). Default `Date.now`. */
  now?: () => number;
}

/** @internal Test hook: stop migrations at this index to build an older database. */
export interface InternalOpenOptions extends OpenStoreOptions {
  migrateUpTo?: number;
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new MemoryStoreError('INVALID_OPTIONS', `${name} must be a positive number`);
  }
  return value;
}

/**
 * Opens a store, creating the database and applying pending migrations (forward-only, safe to run from several
 * processes at once).
 *
 * @example
 * const store = await openStore()                                   // ./.genesis/genesis.db
 * const test = await openStore(':memory:')
 * const shared = await openStore('postgres://app@db.internal:5432/genesis')
 * await store.put(['outcomes', 'acme', 'builder'], 'o-1', { success: true })
 */
export async function openStore(options: string | OpenStoreOptions = {}): Promise<MemoryStore> {
  return openStoreInternal(typeof options === 'string' ? { url: options } : options);
}

/** @internal */
export async function openStoreInternal(options: InternalOpenOptions): Promise<MemoryStore> {
  if (typeof options !== 'object' || options === null) throw new MemoryStoreError('INVALID_OPTIONS', 'options must be an object or a URL');
  const url = options.url ?? DEFAULT_URL;
  if (typeof url !== 'string') throw new MemoryStoreError('INVALID_URL', 'url must be a string');
  const timeoutMs = positive(options.timeoutMs, 'timeoutMs', 5000);
  const maxValueBytes = positive(options.maxValueBytes, 'maxValueBytes', 1024 * 1024);
  const embedder = options.embedder === undefined ? createHashingEmbedder() : options.embedder;
  const api = options.telemetry?.enabled === false ? null : await loadOtelApi();
  let backend: Backend;
  let telemetry: Telemetry;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    telemetry = new Telemetry(api, 'postgresql', options.telemetry);
    const { PgBackend } = await import('./pg/pg-backend.js');
    backend = await PgBackend.open({
      url,
      schema: options.schema,
      timeoutMs,
      poolSize: options.poolSize ?? 10,
      dimensions: embedder?.dimensions ?? null,
      migrateUpTo: options.migrateUpTo,
    });
  } else if (url === ':memory:' || url.startsWith('file:')) {
    telemetry = new Telemetry(api, 'sqlite', options.telemetry);
    if (url.startsWith('file:') && !url.includes(':memory:')) {
      const path = url.slice('file:'.length).replace(/^\/\/(localhost)?(?=\/)/, '').split('?')[0]!;
      mkdirSync(dirname(resolve(decodeURIComponent(path))), { recursive: true });
    }
    backend = await LibsqlBackend.open({
      url,
      timeoutMs,
      synchronous: options.synchronous ?? 'normal',
      dimensions: embedder?.dimensions ?? null,
      vectorIndex: options.vectorIndex ?? false,
      onBusyRetry: () => telemetry.busyRetry(),
      migrateUpTo: options.migrateUpTo,
    });
  } else {
    throw new MemoryStoreError('INVALID_URL', `unsupported store URL "${url}": use file:, :memory: or postgres://`);
  }
  return new Store(backend, telemetry, { embedder, maxValueBytes, now: options.now ?? Date.now });
}
