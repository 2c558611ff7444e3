import { randomUUID } from 'node:crypto';
import { isSpanContextValid, trace, type Tracer } from '@opentelemetry/api';
import { segmentProblem, type ProductionOutcome } from '@genesis/schemas';
import { buildOutcome, type BuildEnv } from './build-outcome.js';
import { OutcomeLoggerError, toError } from './errors.js';
import { EvidenceWindows } from './evidence.js';
import { defaultRedactor, type Redactor } from './redact.js';
import { createRulesExtractor } from './rules-extractor.js';
import { registerExitFlush, unregisterExitFlush, type ExitFlushable } from './signals.js';
import { createTelemetry, type Telemetry } from './telemetry.js';
import { BatchWriter, TRAINING_INDEX, type Capture } from './writer.js';
import { createWrapped } from './wrap.js';
import type { OutcomeInput, OutcomeLoggerOptions, OutcomeLoggerStats, WrapMeta, WrapOptions } from './types.js';

function optionError(message: string): OutcomeLoggerError {
  return new OutcomeLoggerError({ code: 'INVALID_OPTIONS', message });
}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw optionError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw optionError(`${name} must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

// The store's dot-path rules (1..16 segments of 1..128 characters, none of . " \ [ ] * or control characters),
// checked here so a bad path is an INVALID_OPTIONS at construction rather than every write rejected later.
const PATH_SEGMENT = /^[^\u0000-\u001f\u007f."\\[\]*]{1,128}$/;

function indexPaths(name: string, value: unknown, fallback: false | readonly string[]): false | string[] {
  if (value === undefined) value = fallback;
  if (value === false) return false;
  if (!Array.isArray(value)) throw optionError(`${name} must be false or a list of dot paths`);
  for (const path of value) {
    const segments = typeof path === 'string' ? path.split('.') : [];
    if (segments.length === 0 || segments.length > 16 || !segments.every((seg) => PATH_SEGMENT.test(seg))) {
      throw optionError(`${name}: ${JSON.stringify(path)} is not a dot path (1..16 segments, e.g. 'plan.strategy')`);
    }
  }
  return Object.freeze([...value]) as string[];
}

/**
 * Logs every agent run as a ProductionOutcome without slowing it down, and turns verified successes into training
 * examples (outcome + extracted plan) for SE-Darwin.
 *
 * The caller's path only validates and enqueues; a background writer batches outcomes into the store (one putMany
 * per batch, each outcome with its training example), retries with backoff while the store fails, and reports
 * through `onError`. Everything is redacted before it is stored or exported.
 *
 * An outcome is **acknowledged** once a `flush()` (or `close()`) called after it was logged has resolved without it
 * being reported dropped: it is then in the store, and survives a crash.
 *
 * @example
 * const store = await openStore('file:./.genesis/genesis.db')
 * const logger = new OutcomeLogger({ store, tenantId: 'acme' })
 * const build = logger.wrap({ agentName: 'builder', taskType: 'code_generation' }, generateBackend, {
 *   verify: async (files) => (await runTests(files)).failed === 0,
 * })
 * await build({ appName: 'shop', apiRoutes: ['login'] })
 * await logger.close()
 */
export class OutcomeLogger {
  /** The tenant every outcome of this logger belongs to. */
  readonly tenantId: string;
  private readonly telemetry: Telemetry;
  private readonly tracer: Tracer;
  private readonly writer: BatchWriter;
  private readonly buildEnv: BuildEnv;
  private readonly redactor: Redactor;
  private readonly onError: ((error: OutcomeLoggerError) => void) | undefined;
  private readonly maxSteps: number;
  private readonly closeTimeoutMs: number;
  private readonly now: () => number;
  private readonly statsData: OutcomeLoggerStats;
  private readonly exitHook: ExitFlushable | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private exitFlushedSeq = 0;

  constructor(options: OutcomeLoggerOptions) {
    if (typeof options !== 'object' || options === null) throw optionError('options must be an object');
    const { store } = options;
    if (!store || typeof store.putMany !== 'function' || typeof store.search !== 'function') {
      throw optionError('store must be a MemoryStore (with putMany and search)');
    }
    const tenantProblem = segmentProblem(options.tenantId);
    if (tenantProblem) throw optionError(`tenantId ${tenantProblem}`);
    const extractor = options.extractor ?? createRulesExtractor({ now: options.now });
    if (typeof extractor?.extract !== 'function' || typeof extractor.id !== 'string') {
      throw optionError('extractor must be a PlanExtractor ({ id, extract })');
    }
    const buffer = options.buffer ?? {};
    const retry = options.retry ?? {};
    const whenFull = buffer.whenFull ?? 'drop-newest';
    if (whenFull !== 'drop-newest' && whenFull !== 'drop-oldest') {
      throw optionError(`buffer.whenFull must be 'drop-newest' or 'drop-oldest', got ${String(whenFull)}`);
    }
    this.tenantId = options.tenantId;
    this.now = options.now ?? Date.now;
    this.redactor = options.redact ?? defaultRedactor;
    this.onError = options.onError;
    this.maxSteps = positiveInt('maxSteps', options.maxSteps, 1000);
    this.closeTimeoutMs = nonNegative('closeTimeoutMs', options.closeTimeoutMs, 10_000);
    const evidenceWindow = positiveInt('evidenceWindow', options.evidenceWindow, 256);
    this.statsData = {
      enqueued: 0,
      written: 0,
      trainingExamples: 0,
      plansExtracted: 0,
      dropped: { bufferFull: 0, invalid: 0, rejected: 0, closed: 0, lost: 0 },
      writeFailures: 0,
      extractionFailures: 0,
      bufferDepth: 0,
      lastFlushMs: undefined,
      degraded: false,
    };
    this.buildEnv = {
      tenantId: options.tenantId,
      redactor: this.redactor,
      now: this.now,
      newId: options.newId ?? randomUUID,
    };
    this.telemetry = createTelemetry({
      tracerProvider: options.tracerProvider,
      meterProvider: options.meterProvider,
      depth: () => this.writer.depth,
      attributes: { 'genesis.tenant.id': options.tenantId },
    });
    this.tracer = this.telemetry.tracer;
    this.writer = new BatchWriter({
      store,
      tenantId: options.tenantId,
      buildEnv: this.buildEnv,
      redactor: this.redactor,
      autoExtract: options.autoExtract ?? true,
      extractor,
      windows: new EvidenceWindows(evidenceWindow),
      evidenceWindow,
      telemetry: this.telemetry,
      stats: this.statsData,
      report: (e) => this.report(e),
      maxItems: positiveInt('buffer.maxItems', buffer.maxItems, 10_000),
      maxBatch: positiveInt('buffer.maxBatch', buffer.maxBatch, 100),
      flushIntervalMs: nonNegative('buffer.flushIntervalMs', buffer.flushIntervalMs, 250),
      whenFull,
      initialDelayMs: nonNegative('retry.initialDelayMs', retry.initialDelayMs, 100),
      maxDelayMs: nonNegative('retry.maxDelayMs', retry.maxDelayMs, 5_000),
      writeTimeoutMs: positiveInt('retry.writeTimeoutMs', retry.writeTimeoutMs, 10_000),
      extractConcurrency: positiveInt('extractConcurrency', options.extractConcurrency, 4),
      seed: options.seed ?? 1,
      now: this.now,
      outcomeIndex: indexPaths('index.outcomes', options.index?.outcomes, false),
      trainingIndex: indexPaths('index.training', options.index?.training, TRAINING_INDEX),
    });
    if (options.handleSignals ?? true) {
      this.exitHook = {
        flushForExit: () => this.flushForExit(),
        hasNewWork: () => this.writer.depth > 0 && this.writer.lastSeq > this.exitFlushedSeq,
      };
      registerExitFlush(this.exitHook);
    }
  }

  /**
   * Validates `input`, fills ids, timestamps and trace ids, redacts it, and enqueues it for writing; returns the
   * canonical record at once. Throws OutcomeLoggerError: `INVALID_OUTCOME` (with `issues`) on bad input, `CLOSED`
   * after close(). Never waits for the store and never throws because of it.
   *
   * @example
   * const outcome = logger.logOutcome({ agentName: 'qa', taskType: 'test_run', success: false, error: err })
   */
  logOutcome(input: OutcomeInput): ProductionOutcome {
    if (this.closed) {
      throw new OutcomeLoggerError({ code: 'CLOSED', message: 'logOutcome() after close(): the logger is closed' });
    }
    const sc = trace.getActiveSpan()?.spanContext();
    const active = sc && isSpanContextValid(sc) ? { traceId: sc.traceId, spanId: sc.spanId } : undefined;
    const outcome = buildOutcome(input, this.buildEnv, active);
    this.writer.enqueue({ outcome });
    return outcome;
  }

  /**
   * Returns a function with `fn`'s exact type that runs `fn` inside an `invoke_agent {agentName}` span and an
   * execution-path recording (see recordStep/recordTool), and logs an outcome when it settles. It returns or throws
   * exactly what `fn` did, at the same moment; the outcome is built and written in the background.
   * `verify(result)` decides `verified`, independently of the agent's own claim.
   *
   * Throws OutcomeLoggerError (`INVALID_OPTIONS`) if `meta` is not valid (at wrap time, never at call time).
   */
  wrap<F extends (...args: any[]) => any>(meta: WrapMeta, fn: F, options: WrapOptions<F> = {}): F {
    for (const field of ['agentName', 'taskType'] as const) {
      const problem = segmentProblem(meta?.[field]);
      if (problem) throw optionError(`wrap(): ${field} ${problem}`);
    }
    if (typeof fn !== 'function') throw optionError('wrap(): fn must be a function');
    return createWrapped(
      {
        tracer: this.tracer,
        redactor: this.redactor,
        maxSteps: this.maxSteps,
        now: this.now,
        capture: (c) => this.capture(c),
        report: (e) => this.report(e),
      },
      meta,
      fn,
      options,
    );
  }

  /**
   * Resolves once every outcome logged before the call is in the store (or was reported dropped). While the store
   * is down it keeps retrying; with `timeoutMs` it rejects with `FLUSH_TIMEOUT` instead (nothing is lost: the
   * outcomes stay buffered).
   */
  async flush(options: { timeoutMs?: number } = {}): Promise<void> {
    const ok = await this.writer.flush(options.timeoutMs);
    if (!ok) {
      throw new OutcomeLoggerError({
        code: 'FLUSH_TIMEOUT',
        message: `flush() did not finish within ${options.timeoutMs} ms; ${this.writer.depth} outcomes are still buffered`,
      });
    }
  }

  /**
   * Stops accepting outcomes, writes what is buffered (waiting up to `closeTimeoutMs` for the store), and removes
   * the signal handlers. Outcomes it could not write are reported through onError (`OUTCOMES_LOST`) and counted in
   * `stats().dropped.lost`. Does not close the store (the caller owns it). Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      try {
        await this.writer.flush(this.closeTimeoutMs);
      } finally {
        this.writer.stop();
        if (this.exitHook) unregisterExitFlush(this.exitHook);
      }
    })();
    return this.closing;
  }

  /** Counters since construction, and the current buffer depth. */
  stats(): OutcomeLoggerStats {
    return {
      ...this.statsData,
      dropped: { ...this.statsData.dropped },
      bufferDepth: this.writer.depth,
    };
  }

  private capture(capture: Capture): void {
    if (this.closed) {
      this.statsData.dropped.closed++;
      this.telemetry.outcomesDropped.add(1, { reason: 'closed' });
      this.report(
        new OutcomeLoggerError({ code: 'CLOSED', message: 'A wrapped call finished after close(); its outcome was dropped' }),
      );
      return;
    }
    this.writer.enqueue({ capture });
  }

  private async flushForExit(): Promise<void> {
    this.exitFlushedSeq = this.writer.lastSeq;
    await this.writer.flush(this.closeTimeoutMs);
  }

  private report(error: OutcomeLoggerError): void {
    if (!this.onError) return;
    try {
      this.onError(error);
    } catch (e) {
      // An onError that throws must not take the writer down; there is nowhere else to report it.
      void toError(e);
    }
  }
}
