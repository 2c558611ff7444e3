import { sql, type SQL } from 'drizzle-orm';
import type { Condition } from '../filter.js';

const COMPARE = { gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` } as const;

/**
 * One filter condition as PostgreSQL SQL over `i.value` (jsonb), path bound as a `text[]` parameter. jsonb
 * equality is type-aware (1 = 1.0, "1" ≠ 1); strings order byte-wise (COLLATE "C") as on libSQL.
 */
export function compileCondition(c: Condition): SQL {
  const at = sql`(i.value #> ${sql.param(c.path)}::text[])`;
  switch (c.op) {
    case 'eq': {
      const exact = sql`coalesce(${at} = ${JSON.stringify(c.value)}::jsonb, false)`;
      // A scalar at an object path is also a containment test, which the GIN index on value can answer; the exact
      // test still decides. (Array paths and object operands are left to the exact test alone.)
      const scalar = c.value === null || typeof c.value !== 'object';
      if (!scalar || c.path.some((s) => /^\d+$/.test(s))) return exact;
      const shape = c.path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), c.value);
      return sql`(i.value @> ${JSON.stringify(shape)}::jsonb and ${exact})`;
    }
    case 'ne':
      return sql`not coalesce(${at} = ${JSON.stringify(c.value)}::jsonb, false)`;
    case 'in':
    case 'nin': {
      const any = sql`coalesce(${at} = any(${sql.param(c.values.map((v) => JSON.stringify(v)))}::jsonb[]), false)`;
      return c.op === 'in' ? any : sql`not ${any}`;
    }
    case 'exists':
      return c.value ? sql`${at} is not null` : sql`${at} is null`;
    default:
      if (typeof c.value === 'number') {
        return sql`coalesce(jsonb_typeof(${at}) = 'number' and ${at} ${COMPARE[c.op]} ${JSON.stringify(c.value)}::jsonb, false)`;
      }
      return sql`coalesce(jsonb_typeof(${at}) = 'string' and (i.value #>> ${sql.param(c.path)}::text[]) collate "C" ${COMPARE[c.op]} ${c.value}::text collate "C", false)`;
  }
}
