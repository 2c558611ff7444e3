const MARKER = Symbol.for('genesis.error');

/** Codes of {@link SandboxError}. */
export type SandboxErrorCode =
  | 'INVALID_OPTIONS'
  | 'CLOSED'
  | 'ABORTED'
  | 'HOST_UNAVAILABLE';

/**
 * The one error type thrown by this package. Candidate failures are never thrown: they are reported in the
 * `RunResult`. This is for misuse (bad options), a closed pool, an abort, or a host that cannot start.
 */
export class SandboxError extends Error {
  /** Machine-readable reason. */
  readonly code: SandboxErrorCode;
  /** Where the problem is, for `INVALID_OPTIONS` (for example `tests[2].args`). */
  readonly path: string | undefined;
  readonly [MARKER] = true;

  constructor(code: SandboxErrorCode, message: string, options: { cause?: unknown; path?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SandboxError';
    this.code = code;
    this.path = options.path;
  }

  /** True for a `SandboxError` from any copy of this package. */
  static isInstance(error: unknown): error is SandboxError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true &&
      (error as { name?: unknown }).name === 'SandboxError'
    );
  }
}
