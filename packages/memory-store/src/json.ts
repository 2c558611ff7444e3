import type { JsonValue } from '@genesis/schemas';
import { MemoryStoreError } from './errors.js';

// NUL and unpaired surrogates are valid in a JS string but not storable in PostgreSQL's jsonb (nor faithfully
// everywhere else), so both backends refuse them the same way.
const UNSTORABLE = /[\u0000\ud800-\udfff]/;
const LONE_SURROGATE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function badString(s: string): boolean {
  return UNSTORABLE.test(s) && LONE_SURROGATE.test(s);
}

function describePath(path: (string | number)[]): string {
  const step = (p: string | number) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`);
  // A path hundreds of levels deep is shortened in the middle.
  if (path.length > 24) return `value${path.slice(0, 12).map(step).join('')}…(${path.length - 18} more)…${path.slice(-6).map(step).join('')}`;
  return `value${path.map(step).join('')}`;
}

/** Thrown inside the fast check; the slow walk then finds the path and the reason. */
const INVALID = Symbol('invalid');

/**
 * Levels of objects and arrays a value may nest, the root included: SQLite's JSON functions refuse deeper text
 * ("malformed JSON"), so one such item would break every filtered search of its namespace. Both backends refuse it.
 */
export const MAX_VALUE_DEPTH = 1000;

/** The fast check: no allocation per node. Throws INVALID at the first non-JSON node. */
function check(v: unknown, ancestors: object[]): void {
  switch (typeof v) {
    case 'string':
      if (badString(v)) throw INVALID;
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(v)) throw INVALID;
      return;
    case 'object': {
      if (v === null) return;
      if (ancestors.length >= MAX_VALUE_DEPTH || ancestors.includes(v)) throw INVALID;
      ancestors.push(v);
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) check(v[i], ancestors);
      } else {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) throw INVALID;
        for (const k in v) {
          if (!Object.hasOwn(v, k)) continue;
          if (badString(k)) throw INVALID;
          check((v as Record<string, unknown>)[k], ancestors);
        }
      }
      ancestors.pop();
      return;
    }
    default:
      throw INVALID;
  }
}

/** The slow walk, run only once the fast check failed: names the offending path. */
function explain(value: unknown): never {
  const ancestors: object[] = [];
  const fail = (path: (string | number)[], why: string): never => {
    throw new MemoryStoreError('INVALID_VALUE', `Invalid ${describePath(path)}: ${why}`);
  };
  const walk = (v: unknown, path: (string | number)[]): void => {
    switch (typeof v) {
      case 'string':
        if (badString(v)) fail(path, 'contains U+0000 or an unpaired surrogate');
        return;
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(v)) fail(path, `${v} is not a JSON number`);
        return;
      case 'object': {
        if (v === null) return;
        if (ancestors.includes(v)) fail(path, 'is a circular reference');
        if (ancestors.length >= MAX_VALUE_DEPTH) fail(path, `nests more than ${MAX_VALUE_DEPTH} levels of objects and arrays`);
        ancestors.push(v);
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) walk(v[i], [...path, i]);
        } else {
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) fail(path, `${proto?.constructor?.name ?? 'object'} is not a plain object`);
          for (const k of Object.keys(v)) {
            if (badString(k)) fail(path, 'has a key with U+0000 or an unpaired surrogate');
            walk((v as Record<string, unknown>)[k], [...path, k]);
          }
        }
        ancestors.pop();
        return;
      }
      default:
        fail(path, `${typeof v === 'bigint' ? 'a BigInt' : typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`} is not JSON`);
    }
  };
  walk(value, []);
  /* c8 ignore next */
  throw new MemoryStoreError('INVALID_VALUE', 'value is not JSON');
}

/**
 * Checks that `value` is plain JSON (null, booleans, finite numbers, strings, arrays, plain objects; no
 * functions, BigInt, symbols, undefined, NaN/Infinity, class instances or cycles) and serialises it. Throws
 * `INVALID_VALUE` naming the offending path, or `VALUE_TOO_LARGE` past `maxBytes` of UTF-8.
 */
export function serializeValue(value: unknown, maxBytes: number): string {
  try {
    check(value, []);
  } catch (error) {
    if (error === INVALID) explain(value);
    throw new MemoryStoreError('INVALID_VALUE', `value cannot be checked: ${(error as Error)?.message}`, { cause: error });
  }
  const json = JSON.stringify(value);
  // Byte length is at least the string length; only count exactly when it could matter.
  if (json.length * 3 > maxBytes && Buffer.byteLength(json, 'utf8') > maxBytes) {
    throw new MemoryStoreError(
      'VALUE_TOO_LARGE',
      `value is ${Buffer.byteLength(json, 'utf8')} bytes serialised; the limit is ${maxBytes}`,
    );
  }
  return json;
}

const PATH_SEGMENT = /^[^\u0000-\u001f\u007f."\\[\]*]+$/;

/**
 * Parses a dot path (`plan.confidence`, `steps.0.name`) into segments. Segments are 1..128 characters with no
 * control characters, dots, quotes, backslashes, brackets or `*`; at most 16 of them. Throws `code` otherwise.
 */
export function parsePath(path: string, code: 'INVALID_FILTER' | 'INVALID_OPTIONS', where: string): string[] {
  if (typeof path !== 'string' || path.length === 0) throw new MemoryStoreError(code, `${where}: a path must be a non-empty string`);
  const segments = path.split('.');
  if (segments.length > 16) throw new MemoryStoreError(code, `${where}: path "${path}" has more than 16 segments`);
  for (const s of segments) {
    if (s.length === 0 || s.length > 128 || !PATH_SEGMENT.test(s)) {
      throw new MemoryStoreError(
        code,
        `${where}: path "${path}" has an invalid segment (1..128 characters; no control characters, . " \\ [ ] *)`,
      );
    }
  }
  return segments;
}

function collectStrings(v: JsonValue | undefined, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, out);
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) collectStrings(v[k], out);
}

function at(value: JsonValue, path: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(seg)] : Object.hasOwn(cur, seg) ? cur[seg] : undefined;
  }
  return cur;
}

/** The text to index for search: every string in the value, or the strings under the given paths. */
export function extractText(value: JsonValue, paths: string[][] | undefined): string | null {
  const out: string[] = [];
  if (paths === undefined) collectStrings(value, out);
  else for (const p of paths) collectStrings(at(value, p), out);
  const text = out.join('\n');
  return text.length > 0 ? text : null;
}
