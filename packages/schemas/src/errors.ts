const MARKER = Symbol.for('genesis.error');

/** What went wrong, as a string you can switch on. */
export type SchemaErrorCode =
  | 'INVALID_RECORD'
  | 'INVALID_NAMESPACE'
  | 'UNSUPPORTED_SCHEMA_VERSION'
  | 'INVALID_LEGACY_RECORD';

/** One problem found in the input, with the path to the offending field (`['executionPath', 2, 'durationMs']`). */
export interface SchemaIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The one error `@genesis/schemas` throws. Never a bare ZodError: `issues` lists every problem with its path,
 * and `message` names the record and the first failing path.
 *
 * @example
 * try { parseOutcome(input) } catch (e) {
 *   if (SchemaError.isInstance(e) && e.code === 'INVALID_RECORD') console.error(e.issues)
 * }
 */
export class SchemaError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'SchemaError';
  readonly code: SchemaErrorCode;
  /** The record kind being parsed, e.g. `ProductionOutcome`. */
  readonly record: string;
  readonly issues: SchemaIssue[];

  constructor(options: {
    code: SchemaErrorCode;
    record: string;
    issues: SchemaIssue[];
    message?: string;
    cause?: unknown;
  }) {
    const first = options.issues[0];
    const where = first ? ` at ${formatPath(first.path)}: ${first.message}` : '';
    super(options.message ?? `Invalid ${options.record}${where}`, { cause: options.cause });
    this.code = options.code;
    this.record = options.record;
    this.issues = options.issues;
  }

  /** True for a SchemaError from any copy of this package (works across duplicated installs). */
  static isInstance(error: unknown): error is SchemaError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true &&
      (error as { name?: unknown }).name === 'SchemaError'
    );
  }
}

/** `['a', 0, 'b']` → `a[0].b`; the empty path is `(root)`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}
