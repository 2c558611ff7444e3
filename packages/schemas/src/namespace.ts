import { SchemaError } from './errors.js';

/** A namespace: an ordered list of segments, e.g. `['outcomes', 'acme', 'builder']`. */
export type Namespace = readonly string[];

/** Bounds every namespace obeys. */
export const NAMESPACE_LIMITS = { maxDepth: 8, maxSegmentLength: 128 } as const;

// C0 and C1 control characters, DEL, path separators, and lone surrogates (which no database stores faithfully).
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f/\\]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Returns why `segment` is not a valid namespace segment, or undefined if it is. */
export function segmentProblem(segment: unknown): string | undefined {
  if (typeof segment !== 'string') return 'must be a string';
  if (segment.length === 0) return 'must not be empty';
  if (segment.length > NAMESPACE_LIMITS.maxSegmentLength)
    return `must be at most ${NAMESPACE_LIMITS.maxSegmentLength} characters`;
  if (segment.trim() !== segment) return 'must not start or end with whitespace';
  if (FORBIDDEN.test(segment)) return 'must not contain control characters, "/" or "\\"';
  return undefined;
}

/**
 * Checks a namespace and returns it as a frozen copy. Throws `SchemaError` (`INVALID_NAMESPACE`) naming the bad
 * segment otherwise.
 *
 * @example
 * validateNamespace(['outcomes', 'acme', 'builder']) // ok
 * validateNamespace(['outcomes', '', 'builder'])     // throws: namespace[1] must not be empty
 */
export function validateNamespace(namespace: unknown, options: { allowEmpty?: boolean } = {}): Namespace {
  const fail = (path: (string | number)[], message: string): never => {
    throw new SchemaError({
      code: 'INVALID_NAMESPACE',
      record: 'Namespace',
      issues: [{ path, message }],
      message: `Invalid namespace${path.length ? `[${path.join('.')}]` : ''}: ${message}`,
    });
  };
  if (!Array.isArray(namespace)) return fail([], 'must be an array of strings');
  if (namespace.length === 0 && !options.allowEmpty) fail([], 'must have at least one segment');
  if (namespace.length > NAMESPACE_LIMITS.maxDepth)
    fail([], `must have at most ${NAMESPACE_LIMITS.maxDepth} segments`);
  namespace.forEach((segment, i) => {
    const problem = segmentProblem(segment);
    if (problem) fail([i], problem);
  });
  return Object.freeze([...(namespace as string[])]);
}

/** True if `namespace` is valid (see {@link validateNamespace}). */
export function isValidNamespace(namespace: unknown): namespace is Namespace {
  if (!Array.isArray(namespace) || namespace.length === 0) return false;
  if (namespace.length > NAMESPACE_LIMITS.maxDepth) return false;
  return namespace.every((s) => segmentProblem(s) === undefined);
}

/** True if `prefix` matches the first segments of `namespace` exactly, segment by segment (never by substring). */
export function namespaceStartsWith(namespace: Namespace, prefix: Namespace): boolean {
  if (prefix.length > namespace.length) return false;
  return prefix.every((segment, i) => namespace[i] === segment);
}

/**
 * Builders for the namespaces Genesis Darwin writes. Every segment is validated.
 *
 * @example
 * namespaces.outcomes('acme', 'builder') // ['outcomes', 'acme', 'builder']
 */
export const namespaces = {
  /** Every logged ProductionOutcome of one agent. */
  outcomes: (tenantId: string, agentName: string): Namespace =>
    validateNamespace(['outcomes', tenantId, agentName]),
  /** Training examples (verified outcome + extracted plan) of one agent. */
  training: (tenantId: string, agentName: string): Namespace =>
    validateNamespace(['training', tenantId, agentName]),
  /** Promoted, versioned strategies of one agent. */
  strategies: (tenantId: string, agentName: string): Namespace =>
    validateNamespace(['strategies', tenantId, agentName]),
  /** The archive and checkpoints of one evolution run. */
  evolution: (tenantId: string, agentName: string, runId: string): Namespace =>
    validateNamespace(['evolution', tenantId, agentName, runId]),
} as const;
