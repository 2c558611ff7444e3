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
    // Lets equality filters on object paths run as `value @> {...}` through this index.
    index('memory_items_value').using('gin', sql`${t.value} jsonb_path_ops`),
  ],
);

/**
 * Embeddings, kept out of memory_items so that its rows stay narrow for scans. `real[]` of any length: there is
 * no pgvector here, so similarity is computed in SQL (see the README for the cost).
 */
export const memoryVectors = pgTable('memory_vectors', {
  itemId: bigint('item_id', { mode: 'number' })
    .primaryKey()
    .references(() => memoryItems.id, { onDelete: 'cascade' }),
  embedding: real('embedding').array(),
});
