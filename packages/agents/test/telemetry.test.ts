import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { BuilderAgent } from '../src/builder-agent.js';
import { QAAgent } from '../src/qa-agent.js';
import { AGENT_METRICS } from '../src/telemetry.js';
import { sumEvensTask, sumOddsTask } from './fixtures.js';

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const reader = new CollectingReader();
const meterProvider = new MeterProvider({ readers: [reader] });
let store: MemoryStore;

beforeAll(async () => {
  store = await openStore(':memory:');
});
afterAll(async () => {
  await store.close();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});

async function points(name: string) {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as DataPoint<number | Histogram>[];
}

describe('telemetry through the real OpenTelemetry SDK', () => {
  it('QA runs emit an execute_tool span and run, test, duration and coverage metrics; the Builder counts sources', async () => {
    const telemetry = { tracerProvider, meterProvider: meterProvider as unknown as ApiMeterProvider };
    const qa = new QAAgent({ tenantId: 'otel', store, ...telemetry });
    const builder = new BuilderAgent({ tenantId: 'otel', store, ...telemetry });
    const evens = await builder.implement(sumEvensTask);
    const odds = await builder.implement(sumOddsTask);
    await qa.runTestSuite({ suite: qa.planSuite(evens, sumEvensTask.tests!), target: evens });
    const wrong = await qa.runTestSuite({ suite: qa.planSuite(odds, sumOddsTask.tests!), target: odds });
    expect(wrong.failed).toBeGreaterThan(0);
    const backend = await builder.generateBackend({ appName: 'Otel', apiRoutes: ['notes'] });
    const http = await qa.runTestSuite({ suite: qa.planSuite(backend), target: backend });

    const finished = spans.getFinishedSpans().filter((s) => s.name === 'execute_tool run_test_suite');
    expect(finished).toHaveLength(3);
    expect(finished[2]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'run_test_suite',
      'genesis.qa.kind': 'http',
      'genesis.qa.status': 'passed',
      'genesis.qa.test_run_id': http.testRunId,
      'genesis.qa.tests.total': http.total,
    });
    expect(finished[1]!.attributes['genesis.qa.status']).toBe('failed');

    const runs = await points(AGENT_METRICS.qaRuns);
    const runCount = (kind: string, status: string) =>
      runs.filter((p) => p.attributes['genesis.qa.kind'] === kind && p.attributes['genesis.qa.status'] === status).reduce((n, p) => n + (p.value as number), 0);
    expect([runCount('function', 'passed'), runCount('function', 'failed'), runCount('http', 'passed')]).toEqual([1, 1, 1]);
    const tests = await points(AGENT_METRICS.qaTests);
    const failedTests = tests.filter((p) => p.attributes['genesis.qa.result'] === 'failed').reduce((n, p) => n + (p.value as number), 0);
    expect(failedTests).toBe(wrong.failed);
    const coverage = await points(AGENT_METRICS.qaCoverage);
    expect((coverage[0]!.value as Histogram).count).toBe(1);
    expect((coverage[0]!.value as Histogram).sum).toBe(http.coverage!.lines.pct);
    const duration = await points(AGENT_METRICS.qaDuration);
    expect(duration.reduce((n, p) => n + (p.value as Histogram).count, 0)).toBe(3);
    const sources = await points(AGENT_METRICS.builderImplementations);
    expect(sources.map((p) => [p.attributes['genesis.builder.source'], p.value])).toEqual([['skill', 2]]);
    const generations = await points(AGENT_METRICS.builderGenerations);
    expect(generations.map((p) => [p.attributes['genesis.builder.kind'], p.value])).toEqual([['backend', 1]]);
    await builder.close();
    await qa.close();
  });
});
