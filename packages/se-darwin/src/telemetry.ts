import { metrics, trace, type Counter, type Histogram, type Tracer } from '@opentelemetry/api';

const SCOPE = '@genesis/se-darwin';

/** The instruments SE-Darwin records, named as in the original system. */
export interface Telemetry {
  tracer: Tracer;
  /** se_darwin.production_trajectories_loaded {agent} */
  productionLoaded: Counter;
  /** se_darwin.production_trajectory_quality {agent}: mean plan confidence of one load. */
  productionQuality: Histogram;
  /** se_darwin.trajectories.generated {operator} */
  trajectoriesGenerated: Counter;
  /** se_darwin.operators.applied {operator} */
  operatorsApplied: Counter;
  /** se_darwin.execution.duration {operator, status}, seconds. */
  executionDuration: Histogram;
}

/** Instruments from the global OpenTelemetry providers (no-ops when no SDK is registered). */
export function createTelemetry(): Telemetry {
  const meter = metrics.getMeter(SCOPE);
  return {
    tracer: trace.getTracer(SCOPE),
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
