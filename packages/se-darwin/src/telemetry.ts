import type { Counter, Histogram, Span, Tracer } from '@opentelemetry/api';

const SCOPE = '@genesis/se-darwin';

/** The instruments SE-Darwin records, named as in the original system. */
export interface Telemetry {
  tracer: Pick<Tracer, 'startActiveSpan'>;
  /** se_darwin.production_trajectories_loaded {agent} */
  productionLoaded: Pick<Counter, 'add'>;
  /** se_darwin.production_trajectory_quality {agent}: mean plan confidence of one load. */
  productionQuality: Pick<Histogram, 'record'>;
  /** se_darwin.trajectories.generated {operator} */
  trajectoriesGenerated: Pick<Counter, 'add'>;
  /** se_darwin.operators.applied {operator} */
  operatorsApplied: Pick<Counter, 'add'>;
  /** se_darwin.execution.duration {operator, status}, seconds. */
  executionDuration: Pick<Histogram, 'record'>;
}

const noopSpan = {
  setAttribute: () => noopSpan,
  setAttributes: () => noopSpan,
  addEvent: () => noopSpan,
  recordException: () => undefined,
  setStatus: () => noopSpan,
  end: () => undefined,
} as unknown as Span;

/** Used when `@opentelemetry/api` (an optional peer) is not installed: records nothing, costs nothing. */
export const noopTelemetry: Telemetry = {
  tracer: {
    startActiveSpan: ((_name: string, ...rest: unknown[]) => (rest[rest.length - 1] as (s: Span) => unknown)(noopSpan)) as Tracer['startActiveSpan'],
  },
  productionLoaded: { add: () => undefined },
  productionQuality: { record: () => undefined },
  trajectoriesGenerated: { add: () => undefined },
  operatorsApplied: { add: () => undefined },
  executionDuration: { record: () => undefined },
};

/**
 * Instruments from the global OpenTelemetry providers, read when first needed (no-ops when no SDK is registered,
 * and when `@opentelemetry/api` is not installed at all).
 */
export async function createTelemetry(): Promise<Telemetry> {
  let api: typeof import('@opentelemetry/api');
  try {
    api = await import('@opentelemetry/api');
  } catch {
    return noopTelemetry;
  }
  const meter = api.metrics.getMeter(SCOPE);
  return {
    tracer: api.trace.getTracer(SCOPE),
    productionLoaded: meter.createCounter('se_darwin.production_trajectories_loaded', {
      description: 'Production trajectories loaded from the store',
      unit: '{trajectory}',
    }),
    productionQuality: meter.createHistogram('se_darwin.production_trajectory_quality', {
      description: 'Mean confidence of the plans behind the production trajectories of one load',
      unit: '1',
      advice: { explicitBucketBoundaries: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] },
    }),
    trajectoriesGenerated: meter.createCounter('se_darwin.trajectories.generated', {
      description: 'Trajectories generated (evaluated) by operator',
      unit: '{trajectory}',
    }),
    operatorsApplied: meter.createCounter('se_darwin.operators.applied', {
      description: 'Operator invocations',
      unit: '{call}',
    }),
    executionDuration: meter.createHistogram('se_darwin.execution.duration', {
      description: 'Time to execute one candidate against its tests',
      unit: 's',
    }),
  };
}
