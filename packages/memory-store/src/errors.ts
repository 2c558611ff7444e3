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
export function toStoreError(error: unknown, operation: string): MemoryStoreError {
  if (MemoryStoreError.isInstance(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new MemoryStoreError('BACKEND', `${operation} failed: ${detail}`, { cause: error });
}
