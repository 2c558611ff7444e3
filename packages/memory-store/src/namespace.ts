import { namespaceStartsWith, SchemaError, validateNamespace, type Namespace } from '@genesis/schemas';
import { MemoryStoreError } from './errors.js';

/**
 * Separator and terminator of encoded namespaces. Validation forbids control characters in segments, so it can
 * never occur inside one: `['t','acme']` encodes to `t\u001facme\u001f`, and "starts with that string" is
 * exactly "has the segments t, acme first".
 */
const SEP = '\u001f';
/** The character after SEP: every encoding that starts with P sorts in [P, P[:-1] + NEXT). */
const NEXT = '\u0020';

/** Validates a namespace, turning the schema package's error into a MemoryStoreError with it as the cause. */
export function checkNamespace(namespace: unknown, what = 'namespace', allowEmpty = false): Namespace {
  try {
    return validateNamespace(namespace, { allowEmpty });
  } catch (error) {
    if (SchemaError.isInstance(error)) {
      throw new MemoryStoreError('INVALID_NAMESPACE', `Invalid ${what}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** `['a','b']` → `a\u001fb\u001f`. */
export function encodeNamespace(namespace: Namespace): string {
  let out = '';
  for (const segment of namespace) out += segment + SEP;
  return out;
}

/** Inverse of encodeNamespace. */
export function decodeNamespace(encoded: string): string[] {
  const parts = encoded.split(SEP);
  parts.pop();
  return parts;
}

/**
 * The half-open range [low, high) of encoded namespaces that start with `prefix` segment by segment, for a
 * plain `ns >= low AND ns < high` condition (byte order: BINARY in SQLite, COLLATE "C" in PostgreSQL). No LIKE,
 * so `_` and `%` in names match only themselves. Null for the empty prefix (everything).
 */
export function prefixRange(prefix: Namespace): { low: string; high: string } | null {
  if (prefix.length === 0) return null;
  const low = encodeNamespace(prefix);
  return { low, high: low.slice(0, -1) + NEXT };
}

/** True if `namespace` ends with `suffix`, segment by segment. */
export function namespaceEndsWith(namespace: readonly string[], suffix: Namespace): boolean {
  if (suffix.length > namespace.length) return false;
  const offset = namespace.length - suffix.length;
  return suffix.every((segment, i) => namespace[offset + i] === segment);
}

export { namespaceStartsWith };
