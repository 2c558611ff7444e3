import { sql, type SQL } from 'drizzle-orm';

/** A namespace range: `[low, high)` in encoded form. */
export interface NamespaceRange {
  low: string;
  high: string;
}

/**
 * The first and last namespace stored in a range (two index seeks), as columns `lo` and `hi`: when they are equal,
 * the range holds a single namespace. The same SQL on libSQL and PostgreSQL; each backend's dialect binds it.
 */
export function rangeBoundsSql(range: NamespaceRange): SQL {
  return sql`select
      (select ns from memory_items where ns >= ${range.low} and ns < ${range.high} order by ns asc limit 1) as lo,
      (select ns from memory_items where ns >= ${range.low} and ns < ${range.high} order by ns desc limit 1) as hi`;
}

/**
 * Distinct namespaces with a live item, in byte order, as column `ns`. A loose index scan: hop from each namespace
 * to the next through the (ns, key) index, so the cost grows with the number of namespaces, not of items; then keep
 * those with a live item.
 */
export function liveNamespacesSql(range: NamespaceRange | null, now: number): SQL {
  const low = range ? sql`ns >= ${range.low}` : sql`1 = 1`;
  const high = range ? sql`and ns < ${range.high}` : sql``;
  return sql`with recursive n(ns) as (
        select (select min(ns) from memory_items where ${low} ${high})
        union all
        select (select min(ns) from memory_items where ns > n.ns ${high}) from n where n.ns is not null
      )
      select n.ns as ns from n where n.ns is not null and exists (
        select 1 from memory_items i where i.ns = n.ns and (i.expires_at is null or i.expires_at > ${now})
      ) order by n.ns`;
}
