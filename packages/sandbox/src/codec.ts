/**
 * The wire format for values crossing the sandbox boundary, in both directions: JSON text of
 * `{ "v": <JSON clone>, "s": [[path, tag, extra?], ...] }`. `v` is plain JSON; `s` lists the values JSON cannot carry
 * and where they go: `u` undefined, `nan`, `inf`, `-inf`, `-0`, `n` BigInt (decimal in `extra`). Everything else follows
 * JSON rules with three deliberate additions: typed arrays become arrays of numbers, a Set becomes an array of its
 * values, a Map an array of `[key, value]` pairs. Functions and symbols become `undefined`; cycles are an error.
 * Results and expectations are encoded `canonical`: a Set's values and a Map's entries are put in the order of their
 * own wire text, so two equal sets (or maps) built in a different order encode alike and compare equal. Arguments keep
 * insertion order, which a candidate may depend on.
 *
 * The same rules are implemented inside the isolate (see host/bootstrap.ts); this file is the trusted side.
 */

/** Tags of values JSON cannot carry. */
export type SpecialTag = 'u' | 'nan' | 'inf' | '-inf' | '-0' | 'n';
type PathKey = string | number;
type Special = [PathKey[], SpecialTag] | [PathKey[], 'n', string];

/** Raised when a value cannot be encoded or a wire string is malformed. */
export class CodecError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'CodecError';
  }
}

const MAX_DEPTH = 1000;

function pathText(path: PathKey[]): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
}

function defineValue(target: object, key: PathKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** How {@link encodeValue} orders Sets and Maps. */
export interface EncodeOptions {
  /** Sets and Maps in the order of each value's (entry's) wire text instead of insertion order. */
  canonical?: boolean;
}

/** Encodes a value to the wire format. Throws {@link CodecError} on cycles or excessive depth. */
export function encodeValue(value: unknown, options: EncodeOptions = {}): string {
  return encodeWithin(value, options.canonical === true, new Set<object>());
}

/** `values` ordered by their canonical wire text (`ancestors`: the objects around them, to catch cycles). */
function canonicalOrder(values: unknown[], ancestors: Set<object>): unknown[] {
  const keyed = values.map((v) => ({ v, text: encodeWithin(v, true, ancestors) }));
  keyed.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return keyed.map((k) => k.v);
}

/** A number JSON carries as it is: not NaN, not ±Infinity, not -0. */
function plainNumber(x: number): boolean {
  return x === x && x !== Infinity && x !== -Infinity && (x !== 0 || 1 / x > 0);
}

function encodeWithin(value: unknown, canonical: boolean, seen: Set<object>): string {
  const specials: Special[] = [];
  // The current path, one stack for the whole walk: copied only when a special value is recorded or an error named.
  const path: PathKey[] = [];
  const mark = (tag: SpecialTag, extra?: string): null => {
    specials.push(extra === undefined ? [path.slice(), tag] : [path.slice(), 'n', extra]);
    return null;
  };
  // As JSON.stringify: a toJSON method is applied once to the value at a position, not again to what it returned.
  const walk = (v: unknown, converted: boolean): unknown => {
    switch (typeof v) {
      case 'undefined':
      case 'function':
      case 'symbol':
        return mark('u');
      case 'number':
        if (plainNumber(v)) return v;
        return mark(Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : '-0');
      case 'bigint':
        return mark('n', v.toString());
      case 'string':
      case 'boolean':
        return v;
      default:
        break;
    }
    if (v === null) return null;
    let obj = v as object;
    const toJSON = converted ? undefined : (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const key = path.length === 0 ? '' : String(path[path.length - 1]);
      return walk(toJSON.call(obj, key), true);
    }
    if (path.length > MAX_DEPTH) throw new CodecError('value is nested too deeply', pathText(path));
    if (seen.has(obj)) throw new CodecError('value contains a cycle', pathText(path));
    seen.add(obj);
    let out: unknown;
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) obj = Array.from(obj as unknown as ArrayLike<unknown>);
    else if (obj instanceof Set || obj instanceof Map) obj = canonical ? canonicalOrder([...obj], seen) : [...obj];
    if (Array.isArray(obj)) {
      const arr = obj as unknown[];
      const clone: unknown[] = new Array(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const x = arr[i];
        // Plain strings, booleans and ordinary numbers (most test data) are copied without a call.
        if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && plainNumber(x))) {
          clone[i] = x;
          continue;
        }
        path.push(i);
        clone[i] = walk(x, false);
        path.pop();
      }
      out = clone;
    } else {
      // Without a prototype, `clone[key] = …` is a plain own property for every key, "__proto__" included.
      const clone = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        path.push(key);
        clone[key] = walk((obj as Record<string, unknown>)[key], false);
        path.pop();
      }
      out = clone;
    }
    seen.delete(v as object);
    return out;
  };
  const clone = walk(value, false);
  return JSON.stringify(specials.length === 0 ? { v: clone } : { v: clone, s: specials });
}

function specialValue(tag: unknown, extra: unknown, where: string): unknown {
  switch (tag) {
    case 'u':
      return undefined;
    case 'nan':
      return Number.NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case '-0':
      return -0;
    case 'n':
      if (typeof extra === 'string' && /^-?\d+$/.test(extra)) return BigInt(extra);
      throw new CodecError('malformed BigInt', where);
    default:
      throw new CodecError(`unknown tag ${JSON.stringify(tag)}`, where);
  }
}

/**
 * Decodes the wire format into fresh plain objects and arrays. Never walks into prototypes: every path step must be an
 * own property, so a hostile wire string cannot reach `Object.prototype`. Throws {@link CodecError} when malformed.
 */
export function decodeValue(wire: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(wire);
  } catch (cause) {
    throw new CodecError(`malformed wire value: ${(cause as Error).message}`, '');
  }
  if (typeof parsed !== 'object' || parsed === null || !Object.hasOwn(parsed, 'v')) {
    throw new CodecError('malformed wire value: no "v"', '');
  }
  const envelope = parsed as { v: unknown; s?: unknown };
  let root = envelope.v;
  const specials = Object.hasOwn(envelope, 's') ? envelope.s : [];
  if (!Array.isArray(specials)) throw new CodecError('malformed wire value: "s" is not an array', '');
  for (const entry of specials) {
    if (!Array.isArray(entry) || !Array.isArray(entry[0])) throw new CodecError('malformed special entry', '');
    const path = entry[0] as unknown[];
    const where = pathText(path.filter((k): k is PathKey => typeof k === 'string' || typeof k === 'number'));
    const value = specialValue(entry[1], entry[2], where);
    if (path.length === 0) {
      root = value;
      continue;
    }
    let target: unknown = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      if (typeof target !== 'object' || target === null || (typeof key !== 'string' && typeof key !== 'number')) {
        throw new CodecError('special path does not exist', where);
      }
      if (!Object.hasOwn(target, key)) throw new CodecError('special path does not exist', where);
      target = (target as Record<PathKey, unknown>)[key];
    }
    const last = path[path.length - 1];
    if (typeof target !== 'object' || target === null || (typeof last !== 'string' && typeof last !== 'number')) {
      throw new CodecError('special path does not exist', where);
    }
    if (Array.isArray(target)) {
      if (typeof last !== 'number' || !Number.isInteger(last) || last < 0 || last >= target.length) {
        throw new CodecError('special path does not exist', where);
      }
    }
    defineValue(target, last, value);
  }
  return root;
}
