import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStoreInternal, type InternalOpenOptions } from '../src/open-store.js';
import type { MemoryStore } from '../src/types.js';

export const PG_URL = process.env.GENESIS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A backend under test: opens fresh, isolated stores and removes what it created. */
export interface TestBackend {
  name: 'libsql' | 'postgres';
  open(options?: Omit<InternalOpenOptions, 'url'>): Promise<MemoryStore>;
  cleanup(): Promise<void>;
}

let counter = 0;
const unique = (): string => `${process.pid}_${Date.now().toString(36)}_${counter++}`;

/** Each open() is a new libSQL file in a temporary folder. */
export function libsqlBackend(): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), 'genesis-ms-'));
  return {
    name: 'libsql',
    open: (options = {}) => openStoreInternal({ ...options, url: `file:${join(dir, `${unique()}.db`)}` }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Each open() is a new PostgreSQL schema (so parallel runs never collide); cleanup drops them all. */
export function postgresBackend(): TestBackend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    open: (options = {}) => {
      const schema = `ms_test_${unique()}`;
      schemas.push(schema);
      return openStoreInternal({ ...options, url: PG_URL, schema });
    },
    cleanup: async () => dropSchemas(schemas),
  };
}

export async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`);
  } finally {
    await client.end();
  }
}

export const backends = [libsqlBackend, postgresBackend];

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await fn();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the call to throw');
}
