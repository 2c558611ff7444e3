import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { MemoryStore } from '@genesis/memory-store';
import { createSandboxEvaluator } from '../src/evaluator.js';
import { SEDarwin } from '../src/se-darwin.js';
import { absCatalog, AGENT, catalogOperators, makeExample, renameEntry, sumEvensProblem, TENANT, tempStore, writeExamples } from './helpers.js';

class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const reader = new TestReader();
const spans = new InMemorySpanExporter();
const evaluator = createSandboxEvaluator({ poolSize: 2, timeoutMs: 1000 });
let store: MemoryStore;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
  ({ store, cleanup } = await tempStore());
});
afterAll(async () => {
  await evaluator.close!();
  await cleanup();
  metrics.disable();
  trace.disable();
});

async function points(name: string): Promise<DataPoint<unknown>[]> {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics
    .filter((s) => s.scope.name === '@genesis/se-darwin')
    .flatMap((s) => s.metrics)
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints as DataPoint<unknown>[]);
}

describe('telemetry (real OpenTelemetry SDK, in-memory readers)', () => {
  it('12. records the production metrics on load; defect: the quality histogram never recorded', async () => {
    await writeExamples(store, [
      makeExample({ code: 'function a(xs) { return 1; }', confidence: 0.6 }),
      makeExample({ code: 'function b(xs) { return 2; }', confidence: 0.8 }),
    ]);
    const d = new SEDarwin({
      agentName: AGENT,
      tenantId: TENANT,
      store,
      operators: catalogOperators({ ...absCatalog, adapt: renameEntry }),
      evaluator,
      config: { maxIterations: 2, trajectoriesPerIteration: 3, successThreshold: 1, productionLimit: 5, seed: 1, concurrency: 2, budget: {} },
    });
    await d.loadProductionTrajectories();
    const loaded = await points('se_darwin.production_trajectories_loaded');
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.attributes).toEqual({ agent: AGENT });
    expect(loaded[0]!.value).toBe(2);
    const quality = await points('se_darwin.production_trajectory_quality');
    const h = quality[0]!.value as Histogram;
    expect(h.count).toBe(1);
    expect(h.sum).toBeCloseTo(0.7);

    spans.reset();
    const result = await d.evolve(sumEvensProblem);
    const generated = await points('se_darwin.trajectories.generated');
    const byOperator = Object.fromEntries(generated.map((p) => [p.attributes.operator, p.value]));
    for (const [op, stats] of Object.entries(result.perOperator)) expect(byOperator[op]).toBe(stats!.evaluated);
    const applied = await points('se_darwin.operators.applied');
    expect(applied.find((p) => p.attributes.operator === 'production')?.value).toBe(2);
    const duration = await points('se_darwin.execution.duration');
    const count = duration.reduce((n, p) => n + (p.value as Histogram).count, 0);
    expect(count).toBe(result.evaluations);
    expect(duration.every((p) => ((p.value as Histogram).sum ?? 0) > 0)).toBe(true);
    expect((await points('se_darwin.production_trajectories_loaded'))[0]!.value).toBe(4);

    const finished = spans.getFinishedSpans();
    const evolve = finished.find((s) => s.name === 'se_darwin.evolve_solution')!;
    expect(evolve.attributes['se_darwin.continuous_improvement_cycles']).toBe(result.iterations);
    expect(evolve.attributes['gen_ai.agent.name']).toBe(AGENT);
    expect(evolve.attributes['se_darwin.stopped_because']).toBe(result.stoppedBecause);
    expect(finished.filter((s) => s.name === 'se_darwin.generation')).toHaveLength(result.iterations);
  });

  it('marks the span as an error when a run fails', async () => {
    const broken = new SEDarwin({
      agentName: AGENT,
      tenantId: TENANT,
      operators: catalogOperators(absCatalog),
      evaluator: { evaluate: async () => { throw new Error('sandbox is down'); } },
      config: { maxIterations: 2, trajectoriesPerIteration: 1, successThreshold: 1, productionLimit: 0, seed: 1, concurrency: 1, budget: {} },
    });
    spans.reset();
    await expect(broken.evolve(sumEvensProblem)).rejects.toMatchObject({ code: 'EVALUATION_FAILED' });
    const span = spans.getFinishedSpans().find((s) => s.name === 'se_darwin.evolve_solution')!;
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('EVALUATION_FAILED');
  });
});
