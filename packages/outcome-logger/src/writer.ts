import { namespaces, type JsonValue, type ProductionOutcome, type TrainingExample } from '@genesis/schemas';
import type { MemoryStore, PutManyItem } from '@genesis/memory-store';
import { buildOutcome, type BuildEnv } from './build-outcome.js';
import { OutcomeLoggerError, toError, type OutcomeLoggerErrorCode } from './errors.js';
import type { EvidenceWindows } from './evidence.js';
import { Fifo } from './queue.js';
import type { Redactor } from './redact.js';
import { seededRandom } from './rng.js';
import { TIMEOUT, withTimeout } from './timeout.js';
import { extractTrainingExample } from './training-example.js';
import { WindowWarmer } from './window-warmer.js';
import type { Telemetry } from './telemetry.js';
import type { ExtractionEvidence, OutcomeInput, OutcomeLoggerStats, PlanExtractor } from './types.js';

/** Outcomes prepared between two turns of the event loop. */
const YIELD_EVERY = 32;

/** Resolves on the next turn of the event loop (after pending I/O callbacks). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Paths of a stored ProductionOutcome worth indexing for text search, for `index: { outcomes: OUTCOME_INDEX }`.
 * Not the default: outcomes are not indexed unless asked (see `SearchIndexOptions`).
 */
export const OUTCOME_INDEX: readonly string[] = Object.freeze(['taskType', 'taskDescription']);
/** Paths of a stored TrainingExample indexed for text search by default (SE-Darwin finds similar examples through them). */
export const TRAINING_INDEX: readonly string[] = Object.freeze(['taskType', 'outcome.taskDescription', 'plan.strategy']);

/** What a wrapped call left behind: an outcome input whose `verified` may still be pending. */
export interface Capture {
  input: OutcomeInput & { result: JsonValue };
  /** Resolves to the verify() verdict; an Error when verify threw or timed out. */
  verification?: Promise<boolean | Error>;
}

interface Entry {
  seq: number;
  /** Built and validated on the caller's path (logOutcome). */
  outcome?: ProductionOutcome;
  /** Built here, off the caller's path (wrap). */
  capture?: Capture;
  /** Store items, computed once so a retried write neither rebuilds nor re-extracts. */
  items?: PutManyItem[];
  hasExample?: boolean;
}

/** Everything the writer needs from its logger. */
export interface WriterConfig {
  store: MemoryStore;
  tenantId: string;
  buildEnv: BuildEnv;
  redactor: Redactor;
  autoExtract: boolean;
  extractor: PlanExtractor;
  windows: EvidenceWindows;
  evidenceWindow: number;
  telemetry: Telemetry;
  stats: OutcomeLoggerStats;
  report: (error: OutcomeLoggerError) => void;
  maxItems: number;
  maxBatch: number;
  flushIntervalMs: number;
  whenFull: 'drop-newest' | 'drop-oldest';
  initialDelayMs: number;
  maxDelayMs: number;
  writeTimeoutMs: number;
  extractConcurrency: number;
  seed: number;
  now: () => number;
  /** The store's `index` option for outcome rows and training-example rows (false: not indexed). */
  outcomeIndex: false | string[];
  trainingIndex: false | string[];
}

interface Waiter {
  target: number;
  resolve: () => void;
}

// MemoryStoreError codes that retrying cannot fix: the store rejected the data itself.
const PERMANENT = new Set(['INVALID_NAMESPACE', 'INVALID_KEY', 'INVALID_VALUE', 'VALUE_TOO_LARGE', 'INVALID_OPTIONS']);

function isPermanent(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  return typeof e === 'object' && e !== null && e.name === 'MemoryStoreError' && PERMANENT.has(String(e.code));
}

type WriteResult = 'ok' | 'transient' | 'permanent';

/**
 * Replaces the agent's result with a marker in an entry's items (the outcome's `result`, the training example's
 * `outcome.result`). False when there was no result to omit, or it was omitted already.
 */
function omitResults(entry: Entry): boolean {
  let changed = false;
  const marker = (result: unknown): JsonValue => ({
    $omitted: 'result',
    reason: 'larger than the store accepts',
    bytes: Buffer.byteLength(JSON.stringify(result) ?? ''),
  });
  const omittable = (v: unknown): boolean =>
    v !== undefined && v !== null && !(typeof v === 'object' && (v as { $omitted?: unknown }).$omitted === 'result');
  entry.items = (entry.items ?? []).map((item) => {
    const value = item.value as Record<string, JsonValue> | null;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return item;
    if (item.namespace[0] === 'outcomes' && omittable(value.result)) {
      changed = true;
      return { ...item, value: { ...value, result: marker(value.result) } };
    }
    const outcome = value.outcome as Record<string, JsonValue> | undefined;
    if (item.namespace[0] === 'training' && outcome && typeof outcome === 'object' && omittable(outcome.result)) {
      changed = true;
      return { ...item, value: { ...value, outcome: { ...outcome, result: marker(outcome.result) } } };
    }
    return item;
  });
  return changed;
}

/**
 * The background half of the logger: a bounded FIFO of accepted outcomes, written in batches (one putMany each,
 * outcome and training example together) by a single loop, retried with exponential backoff while the store fails.
 */
export class BatchWriter {
  private readonly waiting = new Fifo<Entry>();
  private inFlight: Entry[] = [];
  private waiters: Waiter[] = [];
  private nextSeq = 1;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private timerImmediate = false;
  private backoff: NodeJS.Timeout | undefined;
  private backoffResolve: (() => void) | undefined;
  private failures = 0;
  /** The MemoryStoreError code of the last write the store refused. */
  private lastRejection = '';
  private stopped = false;
  private readonly random: () => number;
  private readonly warmer: WindowWarmer;

  constructor(private readonly config: WriterConfig) {
    this.random = seededRandom(config.seed);
    this.warmer = new WindowWarmer({
      store: config.store,
      capacity: config.evidenceWindow,
      timeoutMs: config.writeTimeoutMs,
      retryAfterMs: config.maxDelayMs,
      now: config.now,
      onFailure: (error, outcome) => {
        config.telemetry.storeErrors.add(1, { operation: 'search', 'error.type': toError(error).name });
        config.report(
          new OutcomeLoggerError({
            code: 'STORE_READ_FAILED',
            message: `Loading earlier ${outcome.taskType} outcomes of ${outcome.agentName} failed; using what is in memory: ${toError(error).message}`,
            cause: error,
          }),
        );
      },
    });
  }

  /** Outcomes in memory: waiting plus in flight. */
  get depth(): number {
    return this.waiting.length + this.inFlight.length;
  }

  /** The sequence number the next accepted outcome will get (everything below it was offered already). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Accepts an outcome (built or captured) unless the buffer is full and the policy drops it. */
  enqueue(entry: { outcome?: ProductionOutcome; capture?: Capture }): boolean {
    const { config } = this;
    if (this.depth >= config.maxItems) {
      if (config.whenFull === 'drop-newest' || this.waiting.length === 0) {
        this.drop('bufferFull', [entry.outcome?.outcomeId], 'the buffer is full; the new outcome was dropped');
        return false;
      }
      const oldest = this.waiting.shift() as Entry;
      this.drop('bufferFull', [oldest.outcome?.outcomeId], 'the buffer is full; the oldest waiting outcome was dropped');
      this.settleWaiters();
    }
    this.waiting.push({ seq: this.nextSeq++, ...entry });
    config.stats.enqueued++;
    if (this.waiting.length >= config.maxBatch) this.kick(0);
    else this.kick(config.flushIntervalMs);
    return true;
  }

  /** Resolves once every outcome accepted before the call is written or reported dropped; false on timeout. */
  flush(timeoutMs?: number): Promise<boolean> {
    const target = this.lastSeq;
    if (this.lowestUnsettled() > target) return Promise.resolve(true);
    let waiter!: Waiter;
    const done = new Promise<void>((resolve) => {
      waiter = { target, resolve };
      this.waiters.push(waiter);
    });
    this.kick(0);
    this.skipBackoff();
    if (timeoutMs === undefined) return done.then(() => true);
    return withTimeout(done, timeoutMs).then((r) => {
      if (r !== TIMEOUT) return true;
      // A waiter that gave up must not keep retry timers (and so the process) alive.
      this.waiters = this.waiters.filter((w) => w !== waiter);
      return false;
    });
  }

  /** Stops the loop and empties the buffer: whatever is left is reported lost. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.skipBackoff();
    const lost = [...this.inFlight, ...this.waiting.drain()];
    this.inFlight = [];
    if (lost.length > 0) {
      this.config.stats.dropped.lost += lost.length;
      this.config.telemetry.outcomesDropped.add(lost.length, { reason: 'lost' });
      this.config.report(
        new OutcomeLoggerError({
          code: 'OUTCOMES_LOST',
          message: `${lost.length} outcomes could not be written before close() timed out`,
          outcomeIds: lost.map((e) => e.outcome?.outcomeId).filter((id): id is string => id !== undefined),
        }),
      );
    }
    this.settleWaiters();
  }

  private lowestUnsettled(): number {
    return this.inFlight[0]?.seq ?? this.waiting.peek()?.seq ?? Number.POSITIVE_INFINITY;
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    const low = this.lowestUnsettled();
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.target < low || this.stopped) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private drop(reason: keyof OutcomeLoggerStats['dropped'], ids: (string | undefined)[], message: string): void {
    const { config } = this;
    config.stats.dropped[reason]++;
    const attr = reason === 'bufferFull' ? 'buffer_full' : reason;
    config.telemetry.outcomesDropped.add(1, { reason: attr });
    const code: OutcomeLoggerErrorCode =
      reason === 'bufferFull' ? 'BUFFER_FULL' : reason === 'rejected' ? 'STORE_REJECTED' : 'INVALID_OUTCOME';
    config.report(
      new OutcomeLoggerError({ code, message, outcomeIds: ids.filter((id): id is string => id !== undefined) }),
    );
  }

  private kick(delayMs: number): void {
    if (this.stopped || this.running || this.backoff) return;
    if (this.timer) {
      // Already due at least this soon; just make sure a waiting flush()/close() keeps the process alive.
      if (delayMs > 0 || this.timerImmediate) {
        if (this.waiters.length > 0) this.timer.ref();
        return;
      }
      clearTimeout(this.timer);
    }
    this.timerImmediate = delayMs === 0;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.loop();
    }, delayMs);
    // A pending flush()/close() keeps the process alive; the idle interval does not.
    if (this.waiters.length === 0) this.timer.unref();
  }

  private skipBackoff(): void {
    clearTimeout(this.backoff);
    this.backoff = undefined;
    const resolve = this.backoffResolve;
    this.backoffResolve = undefined;
    resolve?.();
  }

  private async loop(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      while (!this.stopped && (this.inFlight.length > 0 || this.waiting.length > 0)) {
        if (this.inFlight.length === 0) this.inFlight = this.waiting.take(this.config.maxBatch);
        let result: WriteResult;
        try {
          result = await this.writeBatch(this.inFlight);
          // The store rejected something in the batch: write entries one by one so one bad outcome cannot block
          // the others; the ones rejected on their own are dropped and reported.
          if (result === 'permanent') result = await this.isolate();
        } catch (error) {
          // A bug in an extractor's promise plumbing or a store that throws synchronously must not kill the loop
          // (or the process, through an unhandled rejection): report it and retry like a failed write.
          this.failures++;
          this.config.report(
            new OutcomeLoggerError({
              code: 'STORE_WRITE_FAILED',
              message: `Writing a batch failed unexpectedly; retrying: ${toError(error).message}`,
              cause: error,
            }),
          );
          result = 'transient';
        }
        if (this.stopped) break;
        if (result === 'ok') {
          this.failures = 0;
          this.config.stats.degraded = false;
          this.inFlight = [];
          this.settleWaiters();
          // Small trickles wait for the interval unless someone is waiting for them.
          if (this.waiting.length < this.config.maxBatch && this.waiters.length === 0) break;
        } else {
          await this.sleepBackoff();
        }
      }
    } finally {
      this.running = false;
      this.settleWaiters();
      if (!this.stopped && this.waiting.length > 0) this.kick(this.waiters.length > 0 ? 0 : this.config.flushIntervalMs);
    }
  }

  private sleepBackoff(): Promise<void> {
    const { initialDelayMs, maxDelayMs } = this.config;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.failures - 1, 30));
    const delay = base * (0.5 + 0.5 * this.random());
    return new Promise<void>((resolve) => {
      this.backoffResolve = resolve;
      this.backoff = setTimeout(() => {
        this.backoff = undefined;
        this.backoffResolve = undefined;
        resolve();
      }, delay);
      if (this.waiters.length === 0) this.backoff.unref();
    });
  }

  private async isolate(): Promise<WriteResult> {
    while (this.inFlight.length > 0 && !this.stopped) {
      const entry = this.inFlight[0] as Entry;
      let result = await this.writeBatch([entry]);
      if (result === 'transient') return 'transient';
      // Too large because of what the agent returned: the outcome is worth keeping without it.
      if (result === 'permanent' && this.lastRejection === 'VALUE_TOO_LARGE' && omitResults(entry)) {
        result = await this.writeBatch([entry]);
        if (result === 'transient') return 'transient';
        if (result === 'ok') {
          this.config.report(
            new OutcomeLoggerError({
              code: 'RESULT_OMITTED',
              message: `Outcome ${entry.outcome?.outcomeId ?? ''} was stored without its result, larger than the store accepts`,
              outcomeIds: entry.outcome ? [entry.outcome.outcomeId] : [],
            }),
          );
        }
      }
      if (result === 'permanent') {
        entry.items = [];
        this.drop('rejected', [entry.outcome?.outcomeId], `The store rejected outcome ${entry.outcome?.outcomeId ?? ''}`);
      }
      this.inFlight.shift();
      this.settleWaiters();
    }
    return 'ok';
  }

  /** Prepares (once) and writes one batch: ok, transient failure (retry) or permanent rejection. */
  private async writeBatch(batch: Entry[]): Promise<WriteResult> {
    const { config } = this;
    await this.prepareAll(batch.filter((e) => !e.items));
    const items: PutManyItem[] = [];
    for (const entry of batch) if (entry.items) items.push(...entry.items);
    const written = batch.filter((e) => e.items && e.items.length > 0);
    if (items.length === 0) return 'ok';
    const t0 = performance.now();
    let failure: unknown;
    try {
      const r = await withTimeout(config.store.putMany(items), config.writeTimeoutMs);
      if (r === TIMEOUT) failure = new Error(`putMany did not settle within ${config.writeTimeoutMs} ms`);
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined && isPermanent(failure)) {
      this.lastRejection = String((failure as { code: unknown }).code);
      config.telemetry.storeErrors.add(1, { operation: 'putMany', 'error.type': this.lastRejection });
      return 'permanent';
    }
    if (failure !== undefined) {
      this.failures++;
      config.stats.writeFailures++;
      config.stats.degraded = true;
      const err = toError(failure);
      config.telemetry.storeErrors.add(1, { operation: 'putMany', 'error.type': err.name });
      config.report(
        new OutcomeLoggerError({
          code: 'STORE_WRITE_FAILED',
          message: `Writing ${written.length} outcomes failed (attempt ${this.failures}); retrying: ${err.message}`,
          outcomeIds: written.map((e) => e.outcome?.outcomeId).filter((id): id is string => id !== undefined),
          cause: failure,
        }),
      );
      return 'transient';
    }
    const ms = performance.now() - t0;
    config.stats.lastFlushMs = ms;
    config.telemetry.flushDuration.record(ms / 1000, { operation: 'putMany' });
    let examples = 0;
    for (const e of written) {
      if (e.hasExample) examples++;
      const o = e.outcome as ProductionOutcome;
      config.telemetry.outcomesWritten.add(1, { 'gen_ai.agent.name': o.agentName });
    }
    config.stats.written += written.length;
    config.stats.trainingExamples += examples;
    return 'ok';
  }

  // Two phases. In order, one entry at a time: build the outcome, take its evidence and add it to its window, so
  // every outcome sees exactly the ones logged before it. Then extraction, `extractConcurrency` at a time, so a
  // slow (model) extractor does not serialise a whole batch.
  private async prepareAll(entries: Entry[]): Promise<void> {
    const staged: { entry: Entry; outcome: ProductionOutcome; evidence: ExtractionEvidence | undefined }[] = [];
    let done = 0;
    for (const entry of entries) {
      // Building, redacting and validating is synchronous work: hand the event loop back every few outcomes so a
      // large batch does not stall the caller's requests (about 1 ms between turns instead of tens).
      if (++done % YIELD_EVERY === 0) await yieldToEventLoop();
      const outcome = await this.stage(entry);
      if (!outcome) continue;
      const window = this.config.windows.get(outcome.agentName, outcome.taskType);
      await this.warmer.warm(window, outcome);
      const extract = this.config.autoExtract && outcome.success && outcome.verified;
      staged.push({ entry, outcome, evidence: extract ? window.evidenceFor(outcome) : undefined });
      window.add(outcome);
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < staged.length) {
        const i = next++;
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
        const { entry, outcome, evidence } = staged[i] as (typeof staged)[number];
        entry.items = [
          {
            namespace: namespaces.outcomes(outcome.tenantId, outcome.agentName),
            key: outcome.outcomeId,
            value: outcome as unknown as JsonValue,
            index: this.config.outcomeIndex,
          },
        ];
        if (!evidence) continue;
        const example = await this.extract(outcome, evidence);
        if (!example) continue;
        entry.items.push({
          namespace: namespaces.training(outcome.tenantId, outcome.agentName),
          key: example.exampleId,
          value: example as unknown as JsonValue,
          index: this.config.trainingIndex,
        });
        entry.hasExample = true;
      }
    };
    const n = Math.min(this.config.extractConcurrency, staged.length);
    await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
  }

  /** Builds a captured outcome (awaiting its verification); undefined when it is invalid (dropped, reported). */
  private async stage(entry: Entry): Promise<ProductionOutcome | undefined> {
    const { config } = this;
    entry.items = [];
    try {
      if (!entry.outcome && entry.capture) {
        const { input, verification } = entry.capture;
        let verified = false;
        if (verification) {
          const v = await verification;
          if (v instanceof Error) {
            config.report(
              new OutcomeLoggerError({ code: 'CALLBACK_FAILED', message: `verify() failed: ${v.message}`, cause: v }),
            );
          } else verified = v === true;
        }
        entry.outcome = buildOutcome({ ...input, verified: verified && input.success }, config.buildEnv);
      }
    } catch (error) {
      this.drop('invalid', [], `A wrapped call produced an invalid outcome: ${toError(error).message}`);
      return undefined;
    }
    const outcome = entry.outcome as ProductionOutcome;
    config.telemetry.outcomesLogged.add(1, {
      'gen_ai.agent.name': outcome.agentName,
      'genesis.task_type': outcome.taskType,
      'genesis.outcome.success': outcome.success,
      'genesis.outcome.verified': outcome.verified,
    });
    return outcome;
  }

  private async extract(outcome: ProductionOutcome, evidence: ExtractionEvidence): Promise<TrainingExample | undefined> {
    const { config } = this;
    const extractor = config.extractor;
    try {
      const example = await extractTrainingExample(outcome, evidence, config);
      config.stats.plansExtracted++;
      config.telemetry.plansExtracted.add(1, { 'gen_ai.agent.name': outcome.agentName, extractor: example.plan.extractor });
      return example;
    } catch (error) {
      config.stats.extractionFailures++;
      config.telemetry.extractionErrors.add(1, { extractor: extractor.id });
      config.report(
        new OutcomeLoggerError({
          code: 'EXTRACTION_FAILED',
          message: `Extractor ${extractor.id} failed on outcome ${outcome.outcomeId}: ${toError(error).message}`,
          outcomeIds: [outcome.outcomeId],
          cause: error,
        }),
      );
      return undefined;
    }
  }
}
