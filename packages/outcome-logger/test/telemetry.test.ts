import { SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, OutcomeLogger, recordStep, type OutcomeLoggerError } from '../src/index.js';
import { FaultyStore } from './support/faulty-store.js';
import { eventually, tempStore, type TempStore } from './support/store.js';
import { telemetryHarness } from './support/telemetry.js';

let ts: TempStore;
const otel = telemetryHarness();

beforeAll(async () => {
  ts = await tempStore();
});
afterAll(async () => {
  await otel.shutdown();
  await ts.cleanup();
});

describe('telemetry (real OpenTelemetry SDK, in-memory exporters)', () => {
  it('emits an invoke_agent span per wrapped call following the GenAI conventions, and stores its ids on the outcome', async () => {
    const logger = new OutcomeLogger({ store: ts.store, tenantId: 'acme', handleSignals: false, ...otel });
    const tracer = otel.tracerProvider.getTracer('agent-code');
    const run = logger.wrap({ agentName: 'builder', taskType: 'code_generation' }, async (task: string) => {
      // the wrap span is active inside fn: the agent's own spans become its children
      await recordStep('llm call', async () => tracer.startActiveSpan('chat gpt-4o', (s) => s.end()));
      expect(trace.getActiveSpan()).toBeDefined();
      return { code: `// ${task}` };
    });
    const fail = logger.wrap({ agentName: 'builder', taskType: 'code_generation' }, () => {
      throw new TypeError('bad spec: password=hunter2');
    });
    await run('Generate API');
    expect(() => fail()).toThrow(TypeError);
    await logger.close();

    const spans = otel.spans.getFinishedSpans();
    const agentSpans = spans.filter((s) => s.name === 'invoke_agent builder');
    expect(agentSpans).toHaveLength(2);
    const [ok, bad] = agentSpans;
    expect(ok!.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'builder', 'genesis.task_type': 'code_generation' });
    expect(ok!.attributes['error.type']).toBeUndefined();
    expect(bad!.attributes['error.type']).toBe('TypeError');
    expect(bad!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad spec: password=[REDACTED:secret-assignment]' });
    const child = spans.find((s) => s.name === 'chat gpt-4o')!;
    expect(child.parentSpanContext?.spanId).toBe(ok!.spanContext().spanId);

    const stored = await ts.store.search(['outcomes', 'acme', 'builder'], { limit: 10 });
    const ids = stored.map((i) => (i.value as { spanId: string }).spanId).sort();
    expect(ids).toEqual(agentSpans.map((s) => s.spanContext().spanId).sort());
    const traceIds = stored.map((i) => (i.value as { traceId: string }).traceId);
    expect(traceIds).toContain(ok!.spanContext().traceId);
  });

  it('logOutcome takes trace ids from the active span', async () => {
    const logger = new OutcomeLogger({ store: ts.store, tenantId: 'acme', handleSignals: false, ...otel });
    const tracer = otel.tracerProvider.getTracer('svc');
    const o = tracer.startActiveSpan('handle request', (span) => {
      const out = logger.logOutcome({ agentName: 'svc', taskType: 't', success: true });
      span.end();
      return { out, sc: span.spanContext() };
    });
    expect(o.out.traceId).toBe(o.sc.traceId);
    expect(o.out.spanId).toBe(o.sc.spanId);
    await logger.close();
  });

  it('records outcomes logged and written, plans extracted, buffer depth, drops, store errors and flush latency', async () => {
    const faulty = new FaultyStore(ts.store);
    const errors: OutcomeLoggerError[] = [];
    const logger = new OutcomeLogger({
      store: faulty,
      tenantId: 'metrics',
      handleSignals: false,
      buffer: { maxItems: 3, flushIntervalMs: 5 },
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      onError: (e) => errors.push(e),
      ...otel,
    });
    const scope = { 'gen_ai.agent.name': 'm' };
    faulty.fault = 'hang';
    for (let i = 0; i < 5; i++) logger.logOutcome({ agentName: 'm', taskType: 't', success: true, verified: i % 2 === 0 });
    // 3 buffered, 2 dropped by the full buffer
    const depth = (await otel.metrics()).get(METRIC_NAMES.bufferDepth)!;
    expect(depth.dataPoints.find((p) => p.attributes['genesis.tenant.id'] === 'metrics')!.value).toBe(3);
    expect(await otel.sum(METRIC_NAMES.outcomesDropped, { reason: 'buffer_full' })).toBe(2);
    faulty.heal(); // releases the hung write, which then proceeds normally
    await logger.flush();
    faulty.fault = 'throw';
    logger.logOutcome({ agentName: 'm', taskType: 'other', success: false });
    await eventually(() => faulty.putManyFailures >= 1);
    faulty.heal();
    await logger.flush();
    expect(await otel.sum(METRIC_NAMES.outcomesLogged, { ...scope, 'genesis.outcome.verified': true })).toBe(2);
    expect(await otel.sum(METRIC_NAMES.outcomesLogged, scope)).toBe(4);
    expect(await otel.sum(METRIC_NAMES.outcomesWritten, scope)).toBe(4);
    expect(await otel.sum(METRIC_NAMES.plansExtracted, { ...scope, extractor: 'rules@1' })).toBe(2);
    expect(await otel.sum(METRIC_NAMES.storeErrors, { operation: 'putMany' })).toBeGreaterThanOrEqual(1);
    const flush = (await otel.metrics()).get(METRIC_NAMES.flushDuration)!;
    const hist = flush.dataPoints[0]!.value as { count: number; sum: number };
    expect(hist.count).toBeGreaterThanOrEqual(1);
    expect(hist.sum).toBeGreaterThan(0);
    expect(flush.descriptor.unit).toBe('s');
    await logger.close();
  });
});
