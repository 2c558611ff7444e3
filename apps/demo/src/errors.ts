const MARKER = Symbol.for('genesis.error');

/** What went wrong in the demo, as a string you can switch on. */
export type DemoErrorCode = 'INVALID_OPTION' | 'ABORTED' | 'STORE_FAILED' | 'TELEMETRY_FAILED';

/** The one error the demo throws: `code` says what, `message` names the input and where. */
export class DemoError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'DemoError';
  readonly code: DemoErrorCode;

  constructor(code: DemoErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** True for a DemoError from any copy of this module. */
  static isInstance(value: unknown): value is DemoError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true &&
      (value as { name?: unknown }).name === 'DemoError'
    );
  }
}
