import { sql } from 'drizzle-orm';
import { bigint, bigserial, customType, index, jsonb, pgTable, real, text, uniqueIndex } from 'drizzle-orm/pg-core';

/** Text compared byte by byte (`COLLATE "C"`), so namespace ranges and case never depend on the server's locale. */
const binaryText = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The PostgreSQL table behind the store (see the libSQL schema for the column meanings). */
export const memoryItems = pgTable(
  'memory_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ns: binaryText('ns').notNull(),
    key: binaryText('key').notNull(),
    value: jsonb('value').notNull(),
    searchText: text('search_text'),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('english', coalesce("search_text", ''))`,
    ),
    embedding: real('embedding').array(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    /** Every write takes the next value of this column's sequence (`memory_items_seq_seq`). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('memory_items_ns_key').on(t.ns, t.key),
    index('memory_items_ns_seq').on(t.ns, t.seq),
    index('memory_items_expires').on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
    index('memory_items_search').using('gin', t.searchVector),
  ],
);
