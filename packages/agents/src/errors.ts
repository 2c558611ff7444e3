const MARKER = Symbol.for('genesis.error');

/** What went wrong, as a string you can switch on. */
export type AgentErrorCode =
  | 'INVALID_INPUT'
  | 'NO_SOLUTION'
  | 'MODEL_OUTPUT_INVALID'
  | 'BACKEND_START_FAILED'
  | 'BUNDLE_FAILED'
  | 'CLOSED';

/**
 * The one error `@genesis/agents` throws. `code` says what went wrong; `message` names the input and where.
 *
 * @example
 * try { await builder.implement(task) } catch (e) {
 *   if (AgentError.isInstance(e) && e.code === 'NO_SOLUTION') console.warn(e.message)
 * }
 */
export class AgentError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'AgentError';
  readonly code: AgentErrorCode;

  constructor(code: AgentErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** True for an AgentError from any copy of this package (works across duplicated installs). */
  static isInstance(error: unknown): error is AgentError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true &&
      (error as { name?: unknown }).name === 'AgentError'
    );
  }
}

/** Throws an `INVALID_INPUT` AgentError naming `where` unless `ok`. */
export function check(ok: boolean, where: string, message: string): asserts ok {
  if (!ok) throw new AgentError('INVALID_INPUT', `Invalid ${where}: ${message}`);
}
