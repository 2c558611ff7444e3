const MARKER = Symbol.for('genesis.error');

/** What went wrong, as a string you can switch on. */
export type OutcomeLoggerErrorCode =
  /** logOutcome() got input that does not make a valid ProductionOutcome (see `issues`). */
  | 'INVALID_OUTCOME'
  /** The OutcomeLogger constructor or an extractor factory got bad options. */
  | 'INVALID_OPTIONS'
  /** The logger was closed; it accepts nothing more. */
  | 'CLOSED'
  /** The buffer was full and an outcome was dropped (reported through onError, never thrown to a caller). */
  | 'BUFFER_FULL'
  /** A batch write to the store failed or timed out; it will be retried. */
  | 'STORE_WRITE_FAILED'
  /** The store rejected an outcome as invalid (retrying cannot help); it was dropped. */
  | 'STORE_REJECTED'
  /**
   * An outcome was larger than the store accepts because of its result: it was stored with a marker
   * (`{ $omitted: 'result', reason, bytes }`) in place of the result, in the outcome and its training example.
   */
  | 'RESULT_OMITTED'
  /** Reading evidence from the store failed; extraction continued with what is in memory. */
  | 'STORE_READ_FAILED'
  /** A plan extractor threw or returned an invalid plan; the outcome is stored without a training example. */
  | 'EXTRACTION_FAILED'
  /** A `verify`, `describe`, `context` or `result` callback given to wrap() threw or timed out. */
  | 'CALLBACK_FAILED'
  /** flush() or close() did not finish within its timeout; the outcomes it waited for are still buffered. */
  | 'FLUSH_TIMEOUT'
  /** close() gave up on outcomes that could not be written before its timeout: they are lost. */
  | 'OUTCOMES_LOST';

/** One problem found in the input, with the path to the offending field. */
export interface OutcomeLoggerIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The one error `@genesis/outcome-logger` throws or reports. Thrown only for caller mistakes (bad input, bad
 * options, logging after close); store and extractor failures are never thrown into the caller's path but passed to
 * `onError` with one of the other codes.
 *
 * @example
 * try { logger.logOutcome(input) } catch (e) {
 *   if (OutcomeLoggerError.isInstance(e) && e.code === 'INVALID_OUTCOME') console.error(e.issues)
 * }
 */
export class OutcomeLoggerError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'OutcomeLoggerError';
  readonly code: OutcomeLoggerErrorCode;
  /** Every problem found, each with its path (empty unless the input was invalid). */
  readonly issues: OutcomeLoggerIssue[];
  /** Ids of the outcomes concerned, when the error is about specific outcomes. */
  readonly outcomeIds: string[];

  constructor(options: {
    code: OutcomeLoggerErrorCode;
    message: string;
    issues?: OutcomeLoggerIssue[];
    outcomeIds?: string[];
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
    this.issues = options.issues ?? [];
    this.outcomeIds = options.outcomeIds ?? [];
  }

  /** True for an OutcomeLoggerError from any copy of this package (works across duplicated installs). */
  static isInstance(error: unknown): error is OutcomeLoggerError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true &&
      (error as { name?: unknown }).name === 'OutcomeLoggerError'
    );
  }
}

/** `['a', 0, 'b']` → `a[0].b`; the empty path is `(root)`. */
export function formatIssuePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Wraps anything thrown into an Error (for onError and error messages). */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : safeString(value));
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
