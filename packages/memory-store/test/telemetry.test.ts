import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, caught } from './helpers.js';

describe.each(backends.map((make) => [make().name, make] as const))('telemetry on %s', (name, make) => {
  const backend = make();
  afterAll(() => backend.cleanup());

  it('emits one span and one duration measurement per operation, with error types', async () => {
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const store = await backend.open({
      telemetry: { tracer: tracerProvider.getTracer('test'), meter: meterProvider.getMeter('test') },
    });
    const ns = ['otel', 'acme'];
    await store.put(ns, 'a', { text: 'hello world' }, { ttlMs: 1 });
    await store.putMany([
      { namespace: ns, key: 'b', value: 1 },
      { namespace: ns, key: 'c', value: 2 },
    ]);
    await store.get(ns, 'b');
    await store.list(ns);
    await store.search(ns, { query: 'hello' });
    await store.listNamespaces();
    await store.delete(ns, 'c');
    await new Promise((r) => setTimeout(r, 5));
    await store.sweepExpired();
    await caught(() => store.put(ns, '', 1));
    await store.close();

    const finished = spans.getFinishedSpans();
    expect(finished.map((s) => s.name)).toEqual([
      'memory_store.put',
      'memory_store.put_many',
      'memory_store.get',
      'memory_store.list',
      'memory_store.search',
      'memory_store.list_namespaces',
      'memory_store.delete',
      'memory_store.sweep_expired',
      'memory_store.put',
    ]);
    const system = name === 'libsql' ? 'sqlite' : 'postgresql';
    for (const s of finished) {
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.attributes['db.system.name']).toBe(system);
      expect(s.attributes['db.collection.name']).toBe('memory_items');
    }
    expect(finished[1]!.attributes['db.operation.batch.size']).toBe(2);
    expect(finished[3]!.attributes['db.response.returned_rows']).toBe(2);
    expect(finished[4]!.attributes['genesis.memory_store.search.mode']).toBe('text');
    const failed = finished.at(-1)!;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['error.type']).toBe('INVALID_KEY');
    expect(failed.events.some((e) => e.name === 'exception')).toBe(true);

    await reader.forceFlush();
    const scopeMetrics = metrics.getMetrics().at(-1)!.scopeMetrics.flatMap((s) => s.metrics);
    const byName = new Map(scopeMetrics.map((m) => [m.descriptor.name, m]));
    const duration = byName.get('db.client.operation.duration')!;
    expect(duration.descriptor.unit).toBe('s');
    const counts = Object.fromEntries(
      duration.dataPoints.map((p) => [`${p.attributes['db.operation.name']}${p.attributes['error.type'] ? `:${p.attributes['error.type']}` : ''}`, (p.value as { count: number }).count]),
    );
    expect(counts).toEqual({
      put: 1,
      'put:INVALID_KEY': 1,
      put_many: 1,
      get: 1,
      list: 1,
      search: 1,
      list_namespaces: 1,
      delete: 1,
      sweep_expired: 1,
    });
    expect(byName.get('genesis.memory_store.items_written')!.dataPoints[0]!.value).toBe(3);
    expect(byName.get('genesis.memory_store.items_expired')!.dataPoints[0]!.value).toBe(1);
    await meterProvider.shutdown();
    await tracerProvider.shutdown();
  });

  it('emits nothing when disabled, and still works', async () => {
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    const store = await backend.open({ telemetry: { enabled: false, tracer: tracerProvider.getTracer('t') } });
    await store.put(['quiet'], 'k', 1);
    expect((await store.get(['quiet'], 'k'))?.value).toBe(1);
    await store.close();
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});
