const MARKER = Symbol.for('genesis.error');

/** What went wrong, as a string you can switch on. */
export type MemoryStoreErrorCode =
  | 'INVALID_NAMESPACE'
  | 'INVALID_KEY'
  | 'INVALID_VALUE'
  | 'VALUE_TOO_LARGE'
  | 'INVALID_FILTER'
  | 'INVALID_OPTIONS'
  | 'INVALID_CURSOR'
  | 'INVALID_URL'
  | 'MIGRATION'
  | 'BUSY'
  | 'CONFLICT'
  | 'CLOSED'
  | 'BACKEND';

/**
 * The one error `@genesis/memory-store` throws. Bad input is reported before anything is written, so a rejected
 * call leaves the store unchanged; `cause` carries the underlying driver or schema error where there is one.
 *
 * @example
 * try { await store.put(['t', ''], 'k', 1) } catch (e) {
 *   if (MemoryStoreError.isInstance(e) && e.code === 'INVALID_NAMESPACE') console.error(e.message)
 * }
 */
export class MemoryStoreError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'MemoryStoreError';
  readonly code: MemoryStoreErrorCode;

  constructor(code: MemoryStoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** True for a MemoryStoreError from any copy of this package (works across duplicated installs). */
  static isInstance(error: unknown): error is MemoryStoreError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true &&
      (error as { name?: unknown }).name === 'MemoryStoreError'
    );
  }
}

/** Wraps anything a driver threw as a `BACKEND` error, keeping MemoryStoreErrors as they are. */
/**
 * True when `error` is the database refusing a second live item under one (namespace, key): the unique index
 * `memory_items_ns_key` (SQLite's message names its columns; PostgreSQL reports SQLSTATE 23505 and the index).
 */
export function isKeyConflict(error: unknown): boolean {
  for (let e = error as { message?: unknown; code?: unknown; constraint?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === '23505' && (e.constraint === undefined || e.constraint === 'memory_items_ns_key')) return true;
    if (typeof e.message === 'string' && /UNIQUE constraint failed: memory_items\.ns, memory_items\.key/.test(e.message)) return true;
  }
  return false;
}

export function toStoreError(error: unknown, operation: string): MemoryStoreError {
  if (MemoryStoreError.isInstance(error)) return error;
  if (isKeyConflict(error)) {
    return new MemoryStoreError('CONFLICT', `${operation}: an item already exists under a key written with ifAbsent; nothing was written`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new MemoryStoreError('BACKEND', `${operation} failed: ${detail}`, { cause: error });
}
