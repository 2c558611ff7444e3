import type { JsonValue } from '@genesis/schemas';

const MAX_DEPTH = 64;

/**
 * Converts anything a function may return into a JSON value, the way `JSON.stringify` would and more leniently:
 * `undefined` becomes null (and is omitted inside objects), non-finite numbers null, bigint a decimal string, Date an
 * ISO string, Error `{ name, message, code? }`, Map an object, Set an array, objects with `toJSON()` whatever it
 * returns; cycles become `"[Circular]"`, nesting deeper than 64 levels `"[MaxDepth]"`, an object that throws when
 * read (a Proxy trap, a revoked Proxy) `"[Unserializable]"`. Strings are never truncated.
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
  } catch {
    // A Proxy trap, a revoked Proxy or a patched iterator that throws: the value cannot be read, the outcome is kept.
    return '[Unserializable]';
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

// U+0000 and unpaired surrogates cannot be stored faithfully by SQLite FTS or PostgreSQL text.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;

/** `text` with U+0000 and unpaired surrogates replaced by U+FFFD (the same string when it has none). */
export function storableText(text: string): string {
  // A plain character class first: cheap, and false only when there is nothing to fix.
  if (!MAYBE_UNSTORABLE.test(text) || !UNSTORABLE.test(text)) return text;
  return text.replace(UNSTORABLE_ALL, '\ufffd');
}

/**
 * A JSON value whose strings and keys are all storable (see storableText), without the `undefined` a JavaScript
 * object can carry (dropped from objects and made `null` in arrays, as JSON.stringify does; a store refuses them);
 * unchanged parts keep their identity.
 */
export function storableJson<T extends JsonValue>(value: T): T {
  return storable(value, 0) as T;
}

function storable(value: JsonValue, depth: number): JsonValue {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object' || depth > 256) return value;
  if (Array.isArray(value)) {
    let copy: JsonValue[] | undefined;
    value.forEach((v, i) => {
      const r = v === undefined ? null : storable(v, depth + 1);
      if (r !== v) (copy ??= value.slice())[i] = r;
    });
    return copy ?? value;
  }
  let copy: Record<string, JsonValue> | undefined;
  for (const key of Object.keys(value)) {
    const v = value[key] as JsonValue;
    if (v === undefined) {
      copy ??= { ...value };
      delete copy[key];
      continue;
    }
    const k = storableText(key);
    const r = storable(v, depth + 1);
    if (r !== v || k !== key) {
      copy ??= { ...value };
      if (k !== key) delete copy[key];
      copy[k] = r;
    }
  }
  return copy ?? value;
}
