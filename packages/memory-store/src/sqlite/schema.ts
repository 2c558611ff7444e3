import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The libSQL table behind the store. `ns` holds the namespace encoded by `encodeNamespace` (segments joined and
 * terminated by U+001F), so a whole-segment prefix is a plain range condition. `seq` orders writes: every insert
 * or update takes the next value, so "newest" means "last written" without clock ties.
 */
export const memoryItems = sqliteTable(
  'memory_items',
  {
    id: integer('id').primaryKey(),
    ns: text('ns').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    searchText: text('search_text'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    expiresAt: integer('expires_at'),
    seq: integer('seq').notNull(),
  },
  (t) => [
    uniqueIndex('memory_items_ns_key').on(t.ns, t.key),
    index('memory_items_ns_seq').on(t.ns, t.seq),
    index('memory_items_seq').on(t.seq),
    index('memory_items_expires').on(t.expiresAt),
  ],
);
