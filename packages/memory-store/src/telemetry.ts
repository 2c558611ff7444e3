import type { Attributes, Counter, Histogram, Meter, Tracer } from '@opentelemetry/api';
import { MemoryStoreError } from './errors.js';

type Api = typeof import('@opentelemetry/api');

/** Where spans and metrics go. By default the global providers of `@opentelemetry/api`, if it is installed. */
export interface TelemetryOptions {
  /** Set false to emit nothing. */
  enabled?: boolean;
  tracer?: Tracer;
  meter?: Meter;
}

const SCOPE = '@genesis/memory-store';

/** Loads the optional peer; null when it is not installed. */
export async function loadOtelApi(): Promise<Api | null> {
  try {
    return await import('@opentelemetry/api');
  } catch {
    return null;
  }
}

/**
 * One span (`memory_store.<op>`, kind CLIENT, OTel database attributes) and one duration measurement
 * (`db.client.operation.duration`, seconds) per store operation, plus counters for items written, items
 * expired and SQLITE_BUSY retries.
 */
export class Telemetry {
  private readonly tracer: Tracer | undefined;
  private readonly duration: Histogram | undefined;
  private readonly written: Counter | undefined;
  private readonly expired: Counter | undefined;
  private readonly retries: Counter | undefined;
  private readonly api: Api | null;

  constructor(api: Api | null, private readonly system: 'sqlite' | 'postgresql', options: TelemetryOptions = {}) {
    this.api = options.enabled === false ? null : api;
    if (!this.api) return;
    this.tracer = options.tracer ?? this.api.trace.getTracer(SCOPE);
    const meter = options.meter ?? this.api.metrics.getMeter(SCOPE);
    this.duration = meter.createHistogram('db.client.operation.duration', {
      unit: 's',
      description: 'Duration of memory-store operations.',
    });
    this.written = meter.createCounter('genesis.memory_store.items_written', { description: 'Items written by put and putMany.' });
    this.expired = meter.createCounter('genesis.memory_store.items_expired', { description: 'Expired items deleted by sweepExpired.' });
    this.retries = meter.createCounter('genesis.memory_store.busy_retries', {
      description: 'Operations retried after SQLITE_BUSY (connection reopened).',
    });
  }

  /** Runs `fn` inside a span named for `operation`; `describe` adds attributes from the result. */
  async run<T>(
    operation: string,
    attributes: Attributes,
    fn: () => Promise<T>,
    describe?: (result: T) => Attributes,
  ): Promise<T> {
    const api = this.api;
    if (!api || !this.tracer) return fn();
    const base: Attributes = { 'db.system.name': this.system, 'db.operation.name': operation };
    const span = this.tracer.startSpan(`memory_store.${operation}`, {
      kind: api.SpanKind.CLIENT,
      attributes: { ...base, 'db.collection.name': 'memory_items', ...attributes },
    });
    const start = performance.now();
    try {
      const result = await fn();
      if (describe) span.setAttributes(describe(result));
      this.duration!.record((performance.now() - start) / 1000, base);
      return result;
    } catch (error) {
      const type = MemoryStoreError.isInstance(error) ? error.code : (error as Error)?.name ?? 'Error';
      span.setAttribute('error.type', type);
      span.recordException(error as Error);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: (error as Error)?.message });
      this.duration!.record((performance.now() - start) / 1000, { ...base, 'error.type': type });
      throw error;
    } finally {
      span.end();
    }
  }

  itemsWritten(n: number): void {
    this.written?.add(n, { 'db.system.name': this.system });
  }

  itemsExpired(n: number): void {
    this.expired?.add(n, { 'db.system.name': this.system });
  }

  busyRetry(): void {
    this.retries?.add(1, { 'db.system.name': this.system });
  }
}
