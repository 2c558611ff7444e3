import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The libSQL table behind the store. `ns` holds the namespace encoded by `encodeNamespace` (segments joined and
 * terminated by U+001F), so a whole-segment prefix is a plain range condition. `seq` orders writes within a
 * namespace: every insert or update takes the namespace's next value (found through the (ns, seq) index), so
 * "newest" means "last written" without clock ties.
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
    // Only items with a TTL need finding by expiry: most items cost no entry here.
    index('memory_items_expires').on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
  ],
);
