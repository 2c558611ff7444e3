const MARKER = Symbol.for('genesis.error');

/** What went wrong, as a string you can switch on. */
export type SEDarwinErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_PROBLEM'
  | 'INVALID_INPUT'
  | 'NO_STORE'
  | 'RUN_NOT_FOUND'
  | 'CHECKPOINT_MISMATCH'
  | 'CLOSED'
  | 'OPERATOR_FAILED'
  | 'EVALUATION_FAILED'
  | 'STORE_FAILED';

/**
 * The one error `@genesis/se-darwin` throws. `path` names the offending option or field (`config.budget.evaluations`).
 *
 * @example
 * try { new SEDarwin(options) } catch (e) {
 *   if (SEDarwinError.isInstance(e) && e.code === 'INVALID_CONFIG') console.error(e.path, e.message)
 * }
 */
export class SEDarwinError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'SEDarwinError';
  readonly code: SEDarwinErrorCode;
  /** Where the problem is, e.g. `config.concurrency` or `problem.tests[2]`. */
  readonly path: string | undefined;

  constructor(code: SEDarwinErrorCode, message: string, options: { cause?: unknown; path?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path;
  }

  /** True for an SEDarwinError from any copy of this package. */
  static isInstance(error: unknown): error is SEDarwinError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true &&
      (error as { name?: unknown }).name === 'SEDarwinError'
    );
  }
}
