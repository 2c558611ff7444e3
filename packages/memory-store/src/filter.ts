import type { JsonValue } from '@genesis/schemas';
import { MemoryStoreError } from './errors.js';
import { parsePath, serializeValue } from './json.js';
import type { Filter } from './types.js';

/** One validated condition, compiled to SQL by each backend with the path and operands bound as parameters. */
export type Condition =
  | { op: 'eq' | 'ne'; path: string[]; value: JsonValue }
  | { op: 'in' | 'nin'; path: string[]; values: JsonValue[] }
  | { op: 'gt' | 'gte' | 'lt' | 'lte'; path: string[]; value: number | string }
  | { op: 'exists'; path: string[]; value: boolean };

const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists']);
const MAX_CONDITIONS = 32;
const MAX_IN = 1000;

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.some((k) => k.startsWith('$'));
}

function jsonOperand(v: unknown, where: string): JsonValue {
  try {
    serializeValue(v, 64 * 1024);
  } catch (error) {
    throw new MemoryStoreError('INVALID_FILTER', `${where}: operand is not JSON (${(error as Error).message})`, { cause: error });
  }
  return v as JsonValue;
}

/**
 * Validates a filter and turns it into conditions. Unknown operators, malformed paths, non-JSON operands,
 * range operands that are neither finite numbers nor strings, and `$in` / `$nin` without an array all throw
 * `INVALID_FILTER`, naming the path and operator.
 */
export function parseFilter(filter: Filter | undefined): Condition[] {
  if (filter === undefined) return [];
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new MemoryStoreError('INVALID_FILTER', 'filter must be an object keyed by dot path');
  }
  const out: Condition[] = [];
  for (const rawPath of Object.keys(filter)) {
    const path = parsePath(rawPath, 'INVALID_FILTER', `filter["${rawPath}"]`);
    const spec = filter[rawPath];
    if (!isOperatorObject(spec)) {
      out.push({ op: 'eq', path, value: jsonOperand(spec, `filter["${rawPath}"]`) });
      continue;
    }
    for (const op of Object.keys(spec)) {
      const where = `filter["${rawPath}"].${op}`;
      if (!OPERATORS.has(op)) throw new MemoryStoreError('INVALID_FILTER', `${where}: unknown operator`);
      const operand = spec[op];
      switch (op) {
        case '$eq':
        case '$ne':
          out.push({ op: op === '$eq' ? 'eq' : 'ne', path, value: jsonOperand(operand, where) });
          break;
        case '$in':
        case '$nin':
          if (!Array.isArray(operand) || operand.length > MAX_IN) {
            throw new MemoryStoreError('INVALID_FILTER', `${where}: operand must be an array of at most ${MAX_IN} values`);
          }
          out.push({ op: op === '$in' ? 'in' : 'nin', path, values: operand.map((v) => jsonOperand(v, where)) });
          break;
        case '$exists':
          if (typeof operand !== 'boolean') throw new MemoryStoreError('INVALID_FILTER', `${where}: operand must be a boolean`);
          out.push({ op: 'exists', path, value: operand });
          break;
        default: {
          const ok = (typeof operand === 'number' && Number.isFinite(operand)) || typeof operand === 'string';
          if (!ok) throw new MemoryStoreError('INVALID_FILTER', `${where}: operand must be a finite number or a string`);
          if (typeof operand === 'string' && /\u0000/.test(operand)) {
            throw new MemoryStoreError('INVALID_FILTER', `${where}: operand contains U+0000`);
          }
          out.push({ op: op.slice(1) as 'gt' | 'gte' | 'lt' | 'lte', path, value: operand as number | string });
        }
      }
    }
  }
  if (out.length > MAX_CONDITIONS) throw new MemoryStoreError('INVALID_FILTER', `filter has more than ${MAX_CONDITIONS} conditions`);
  return out;
}
