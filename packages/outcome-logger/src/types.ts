import type { ExecutionStep, ExtractedPlan, JsonValue, ProductionOutcome } from '@genesis/schemas';
import type { MemoryStore } from '@genesis/memory-store';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { OutcomeLoggerError } from './errors.js';
import type { Redactor } from './redact.js';

/** One step of an execution path as given to logOutcome(): `kind` defaults to `step`, `ok` to true, `durationMs` to 0. */
export interface ExecutionStepInput {
  name: string;
  kind?: ExecutionStep['kind'];
  durationMs?: number;
  ok?: boolean;
  error?: string;
}

/**
 * What logOutcome() takes. The logger fills the rest: `outcomeId`, `tenantId`, timestamps, `toolsUsed` (from the tool
 * steps), `traceId`/`spanId` (from the active span), `schemaVersion`.
 */
export interface OutcomeInput {
  agentName: string;
  taskType: string;
  /** What the agent was asked to do. Default: empty. Indexed for text search in the training example (and in the outcome with `index.outcomes`). */
  taskDescription?: string;
  /** What the run reported. */
  success: boolean;
  /** True if the success was checked by something other than the agent (QA tests, a reviewer). Default false. */
  verified?: boolean;
  /** What the run produced; converted to JSON (see toJsonValue). An object with a `code` string is kept whole. */
  result?: unknown;
  /** The error the run ended with: an Error, a message, or `{ type, message }`. */
  error?: { type: string; message: string } | Error | string;
  executionPath?: ExecutionStepInput[];
  /** Default: the names of the tool steps, in order of first use. */
  toolsUsed?: string[];
  /** Default: finishedAt − startedAt, or 0. */
  durationMs?: number;
  /** ISO string, Date or epoch ms. Default: finishedAt − durationMs. */
  startedAt?: string | Date | number;
  /** ISO string, Date or epoch ms. Default: now. */
  finishedAt?: string | Date | number;
  /** Default: the active span's trace id, if any. */
  traceId?: string;
  spanId?: string;
  /** Anything else worth keeping (converted to JSON). */
  context?: Record<string, unknown>;
  /** Default: a fresh id. Logging the same id twice overwrites (writes are idempotent). */
  outcomeId?: string;
}

/**
 * What an extractor knows beyond the outcome itself. It comes from a bounded in-memory window of the latest
 * outcomes of the same agent and taskType, warmed from the store the first time that pair is seen.
 */
export interface ExtractionEvidence {
  /** Durations (ms) of earlier successful outcomes of the same agent and taskType (at most the window size). */
  readonly sameTaskDurationsMs: readonly number[];
  /** Their median, or undefined when there are fewer than 3. */
  readonly medianDurationMs: number | undefined;
  /** How many earlier successful outcomes of the same agent and taskType used exactly this tool sequence. */
  readonly sameToolSequenceCount: number;
  /** How many earlier outcomes (any result) of the same agent and taskType the window holds. */
  readonly windowSize: number;
}

/** Turns an outcome into a plan. `id` is written to `plan.extractor` (`rules@1`, `llm:<model>`). */
export interface PlanExtractor {
  readonly id: string;
  extract(outcome: ProductionOutcome, evidence: ExtractionEvidence): ExtractedPlan | Promise<ExtractedPlan>;
}

/** What happens to a new outcome when the buffer already holds `maxItems`. */
export type FullBufferPolicy = 'drop-newest' | 'drop-oldest';

/** Bounds and timing of the in-memory write buffer. */
export interface BufferOptions {
  /** Outcomes held in memory, waiting or in flight. Default 10,000. */
  maxItems?: number;
  /** How often the background flusher writes. Default 250 ms; a full batch is written at once. */
  flushIntervalMs?: number;
  /**
   * Outcomes per store write (one putMany, one transaction). Default 100: an embedded libSQL write runs on this
   * thread, so a batch of 500 held the event loop for ~35 ms (p99 loop delay 50–67 ms under sustained load) against
   * ~7 ms (p99 22 ms) for 100, at the same throughput.
   */
  maxBatch?: number;
  /** When full: drop the new outcome (default, like OpenTelemetry's BatchSpanProcessor) or the oldest waiting one. */
  whenFull?: FullBufferPolicy;
}

/** Retry of failed store writes: exponential backoff with jitter, forever until close(). */
export interface RetryOptions {
  /** First delay. Default 100 ms. */
  initialDelayMs?: number;
  /** Cap on the delay. Default 5,000 ms. */
  maxDelayMs?: number;
  /** A write that has not settled after this long counts as failed (a hung store). Default 10,000 ms. */
  writeTimeoutMs?: number;
}

/**
 * What the store indexes for text and semantic search, per record kind: `false` for nothing, or dot paths into the
 * stored value (the store's `index` option: full-text and, with an embedder, one embedding per record).
 */
export interface SearchIndexOptions {
  /**
   * ProductionOutcomes. Default `false`: outcomes are the log, read by namespace, filter and recency (the evidence
   * window, failure reports), and an index entry (full-text plus a 256-dimension vector with the store's default
   * embedder) costs about as much to write as the outcome row itself. Pass `OUTCOME_INDEX` (`taskType`,
   * `taskDescription`) to search them by text.
   */
  outcomes?: false | readonly string[];
  /** TrainingExamples, which SE-Darwin finds by text. Default `TRAINING_INDEX` (`taskType`, `outcome.taskDescription`, `plan.strategy`). */
  training?: false | readonly string[];
}

/** Options for {@link OutcomeLogger}. */
export interface OutcomeLoggerOptions {
  store: MemoryStore;
  tenantId: string;
  /** Extract a plan from every verified success and store it as a TrainingExample. Default true. */
  autoExtract?: boolean;
  /** Default: the rules extractor (`rules@1`). */
  extractor?: PlanExtractor;
  /** Applied to every outcome before it is stored or exported. Default: defaultRedactor. */
  redact?: Redactor;
  buffer?: BufferOptions;
  retry?: RetryOptions;
  /** Called (never awaited) for every failure off the caller's path: store writes, extraction, callbacks, drops. */
  onError?: (error: OutcomeLoggerError) => void;
  /**
   * Flush on SIGINT/SIGTERM (then let the signal do what it would have done) and when the event loop drains
   * (`beforeExit`). Default true.
   */
  handleSignals?: boolean;
  /** How long close() (and a signal-triggered flush) waits for the store. Default 10,000 ms. */
  closeTimeoutMs?: number;
  /** Outcomes of one batch prepared (built, extracted) at the same time; matters for slow extractors. Default 4. */
  extractConcurrency?: number;
  /** Evidence window: outcomes kept per (agent, taskType). Default 256. */
  evidenceWindow?: number;
  /** Most steps kept per execution path; the rest are counted in `context.droppedSteps`. Default 1,000. */
  maxSteps?: number;
  /** Default: the global providers from @opentelemetry/api, read at construction. */
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  /** Clock in epoch ms (inject for tests). Default Date.now. */
  now?: () => number;
  /** Id generator for outcomes (inject for reproducible ids). Default crypto.randomUUID. */
  newId?: () => string;
  /** Seed for the retry jitter. Default 1. */
  seed?: number;
  /** What is indexed for search: outcomes not at all, training examples by `TRAINING_INDEX` (the defaults). */
  index?: SearchIndexOptions;
}

/** Options for wrap(). */
export interface WrapOptions<F extends (...args: any[]) => any> {
  /** The task description, from the call's arguments. Default: the first argument if it is a string, else taskType. */
  describe?: (...args: Parameters<F>) => string;
  /**
   * Decides `verified`, independently of the agent's own claim (e.g. QA's tests passed). Runs off the caller's path;
   * a throw or a timeout means not verified (and is reported through onError).
   */
  verify?: (result: Awaited<ReturnType<F>>) => boolean | Promise<boolean>;
  /** The agent's own claim of success. Default: it did not throw, and its result is not `{ success: false }`. */
  success?: (result: Awaited<ReturnType<F>>) => boolean;
  /** Extra context stored with the outcome, from the call's arguments. */
  context?: (...args: Parameters<F>) => Record<string, JsonValue>;
  /** What to store as the result. Default: the whole result converted to JSON. */
  result?: (result: Awaited<ReturnType<F>>) => JsonValue;
  /** How long to wait for `verify`. Default 30,000 ms. */
  verifyTimeoutMs?: number;
}

/** Identifies what a wrapped function does. */
export interface WrapMeta {
  agentName: string;
  taskType: string;
}

/** Counters since construction. */
export interface OutcomeLoggerStats {
  /** Outcomes accepted into the buffer. */
  enqueued: number;
  /** Outcomes written to the store. */
  written: number;
  /** TrainingExamples written. */
  trainingExamples: number;
  /** Plans extracted (written or not yet). */
  plansExtracted: number;
  /** Outcomes dropped, by reason. */
  dropped: { bufferFull: number; invalid: number; rejected: number; closed: number; lost: number };
  /** Store writes that failed or timed out (each is retried). */
  writeFailures: number;
  extractionFailures: number;
  /** Outcomes in memory, waiting or in flight. */
  bufferDepth: number;
  /** Duration of the last successful batch write, ms. */
  lastFlushMs: number | undefined;
  /** True while the store is failing and writes are being retried. */
  degraded: boolean;
}
