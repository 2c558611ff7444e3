import type { JsonValue } from '@genesis/schemas';
import { sql, type SQL } from 'drizzle-orm';
import type { Condition } from '../filter.js';

/** `['plan','steps','0','name']` → `$."plan"."steps"[0]."name"`, bound as a parameter (never spliced). */
export function jsonPath(path: string[]): string {
  let out = '$';
  for (const seg of path) out += /^\d{1,9}$/.test(seg) ? `[${seg}]` : `."${seg}"`;
  return out;
}

function equals(p: string, v: JsonValue): SQL {
  if (v === null) return sql`json_type(i.value, ${p}) = 'null'`;
  if (typeof v === 'boolean') return sql`json_type(i.value, ${p}) = ${v ? 'true' : 'false'}`;
  if (typeof v === 'number') return sql`(json_type(i.value, ${p}) in ('integer', 'real') and json_extract(i.value, ${p}) = ${v})`;
  if (typeof v === 'string') return sql`(json_type(i.value, ${p}) = 'text' and json_extract(i.value, ${p}) = ${v})`;
  const type = Array.isArray(v) ? 'array' : 'object';
  return sql`(json_type(i.value, ${p}) = ${type} and json_extract(i.value, ${p}) = json(${JSON.stringify(v)}))`;
}

const COMPARE = { gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` } as const;

/**
 * One filter condition as SQLite SQL over `i.value`. Numbers only ever compare with numbers and strings with
 * strings (BINARY order); a missing field never matches `$eq`, `$in` or a range, and always matches `$ne` / `$nin`.
 */
export function compileCondition(c: Condition): SQL {
  const p = jsonPath(c.path);
  switch (c.op) {
    case 'eq':
      return sql`coalesce(${equals(p, c.value)}, 0)`;
    case 'ne':
      return sql`not coalesce(${equals(p, c.value)}, 0)`;
    case 'in':
    case 'nin': {
      const any = c.values.length === 0 ? sql`0` : sql.join(c.values.map((v) => sql`coalesce(${equals(p, v)}, 0)`), sql` or `);
      return c.op === 'in' ? sql`(${any})` : sql`not (${any})`;
    }
    case 'exists':
      return c.value ? sql`json_type(i.value, ${p}) is not null` : sql`json_type(i.value, ${p}) is null`;
    default: {
      const types = typeof c.value === 'number' ? sql`('integer', 'real')` : sql`('text')`;
      return sql`coalesce(json_type(i.value, ${p}) in ${types} and json_extract(i.value, ${p}) ${COMPARE[c.op]} ${c.value}, 0)`;
    }
  }
}
