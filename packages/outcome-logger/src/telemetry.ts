import {
  metrics,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  type ObservableGauge,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

const SCOPE = '@genesis/outcome-logger';
const VERSION = '0.0.0';

/** Metric names this package emits (all prefixed `genesis.outcome_logger.`). */
export const METRIC_NAMES = {
  outcomesLogged: 'genesis.outcome_logger.outcomes.logged',
  outcomesWritten: 'genesis.outcome_logger.outcomes.written',
  outcomesDropped: 'genesis.outcome_logger.outcomes.dropped',
  plansExtracted: 'genesis.outcome_logger.plans.extracted',
  extractionErrors: 'genesis.outcome_logger.extraction.errors',
  bufferDepth: 'genesis.outcome_logger.buffer.depth',
  flushDuration: 'genesis.outcome_logger.flush.duration',
  storeErrors: 'genesis.outcome_logger.store.errors',
} as const;

/** The tracer and instruments of one logger. */
export interface Telemetry {
  tracer: Tracer;
  outcomesLogged: Counter;
  outcomesWritten: Counter;
  outcomesDropped: Counter;
  plansExtracted: Counter;
  extractionErrors: Counter;
  flushDuration: Histogram;
  storeErrors: Counter;
  bufferDepth: ObservableGauge;
}

/** Creates the instruments; `depth` is read whenever a metric reader collects. */
export function createTelemetry(options: {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  depth: () => number;
  attributes: Attributes;
}): Telemetry {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE, VERSION);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE, VERSION);
  const bufferDepth = meter.createObservableGauge(METRIC_NAMES.bufferDepth, {
    description: 'Outcomes held in memory, waiting to be written or in flight',
    unit: '{outcome}',
  });
  bufferDepth.addCallback((result) => result.observe(options.depth(), options.attributes));
  return {
    tracer,
    bufferDepth,
    outcomesLogged: meter.createCounter(METRIC_NAMES.outcomesLogged, {
      description: 'Outcomes accepted by the logger',
      unit: '{outcome}',
    }),
    outcomesWritten: meter.createCounter(METRIC_NAMES.outcomesWritten, {
      description: 'Outcomes written to the store',
      unit: '{outcome}',
    }),
    outcomesDropped: meter.createCounter(METRIC_NAMES.outcomesDropped, {
      description: 'Outcomes dropped (attribute `reason`: buffer_full, invalid, rejected, closed, lost)',
      unit: '{outcome}',
    }),
    plansExtracted: meter.createCounter(METRIC_NAMES.plansExtracted, {
      description: 'Plans extracted from verified successes',
      unit: '{plan}',
    }),
    extractionErrors: meter.createCounter(METRIC_NAMES.extractionErrors, {
      description: 'Plan extractions that failed',
      unit: '{error}',
    }),
    flushDuration: meter.createHistogram(METRIC_NAMES.flushDuration, {
      description: 'Duration of one successful batch write to the store',
      unit: 's',
    }),
    storeErrors: meter.createCounter(METRIC_NAMES.storeErrors, {
      description: 'Store operations that failed or timed out (each write is retried)',
      unit: '{error}',
    }),
  };
}
