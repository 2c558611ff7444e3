import type { JsonValue } from '@genesis/schemas';

const MAX_DEPTH = 64;

/**
 * Converts anything a function may return into a JSON value, the way `JSON.stringify` would and more leniently:
 * `undefined` becomes null (and is omitted inside objects), non-finite numbers null, bigint a decimal string, Date an
 * ISO string, Error `{ name, message, code? }`, Map an object, Set an array, objects with `toJSON()` whatever it
 * returns; cycles become `"[Circular]"`, nesting deeper than 64 levels `"[MaxDepth]"`. Strings are never truncated.
 */
export function toJsonValue(value: unknown): JsonValue {
  return convert(value, 0, []);
}

function convert(value: unknown, depth: number, stack: object[]): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
    default:
      break;
  }
  if (value === null) return null;
  const obj = value as object;
  if (depth >= MAX_DEPTH) return '[MaxDepth]';
  if (stack.includes(obj)) return '[Circular]';
  stack.push(obj);
  try {
    return convertObject(obj, depth, stack);
  } finally {
    stack.pop();
  }
}

function convertObject(obj: object, depth: number, stack: object[]): JsonValue {
  if (Array.isArray(obj)) return obj.map((v) => convert(v, depth + 1, stack));
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (obj instanceof Error) {
    const out: Record<string, JsonValue> = { name: obj.name, message: obj.message };
    const code = (obj as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    return out;
  }
  if (obj instanceof Map) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of obj) setKey(out, String(k), convert(v, depth + 1, stack));
    return out;
  }
  if (obj instanceof Set) return [...obj].map((v) => convert(v, depth + 1, stack));
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    return Array.from(obj as unknown as ArrayLike<number | bigint>, (n) =>
      typeof n === 'bigint' ? n.toString() : n,
    );
  }
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let replaced: unknown;
    try {
      replaced = toJSON.call(obj);
    } catch {
      return '[Unserializable]';
    }
    return replaced === obj ? '[Circular]' : convert(replaced, depth + 1, stack);
  }
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(obj)) {
    let v: unknown;
    try {
      v = (obj as Record<string, unknown>)[key];
    } catch {
      continue; // a throwing getter is skipped, like a function
    }
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    setKey(out, key, convert(v, depth + 1, stack));
  }
  return out;
}

function setKey(out: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (key === '__proto__') return; // never a prototype write
  out[key] = value;
}
