import { metrics, SpanKind, SpanStatusCode, trace, type MeterProvider, type Span, type TracerProvider } from '@opentelemetry/api';
import type { TestRunReport } from './qa/report.js';
import type { ImplementationSource } from './types.js';

const SCOPE = '@genesis/agents';

/** Metric names the agents record (with no OpenTelemetry SDK registered they cost nothing). */
export const AGENT_METRICS = {
  /** Counter of QA runs, by `genesis.qa.kind` (http | function) and `genesis.qa.status` (passed | failed | error). */
  qaRuns: 'genesis.qa.test_runs',
  /** Counter of executed tests, by `genesis.qa.kind` and `genesis.qa.result` (passed | failed). */
  qaTests: 'genesis.qa.tests',
  /** Histogram of QA run wall time (ms), by kind and status. */
  qaDuration: 'genesis.qa.run.duration',
  /** Histogram of line coverage (%) of started apps. */
  qaCoverage: 'genesis.qa.coverage.lines',
  /** Counter of Builder implementations, by `genesis.builder.source` (strategy | skill | model) and task type. */
  builderImplementations: 'genesis.builder.implementations',
  /** Counter of generated apps, by `genesis.builder.kind` (backend | frontend). */
  builderGenerations: 'genesis.builder.generations',
} as const;

/** Where the agents send telemetry. Default: the global providers of @opentelemetry/api. */
export interface TelemetryOptions {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

/** The instruments one agent records with. */
export interface AgentTelemetry {
  /** Runs `fn` inside a GenAI `execute_tool {name}` span (ends it, records exceptions). */
  toolSpan<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T>;
  recordQaRun(report: TestRunReport): void;
  recordImplementation(source: ImplementationSource, taskType: string): void;
  recordGeneration(kind: 'backend' | 'frontend'): void;
}

/** Creates the agents' tracer and instruments from the given or global providers. */
export function createTelemetry(options: TelemetryOptions = {}): AgentTelemetry {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const qaRuns = meter.createCounter(AGENT_METRICS.qaRuns, { description: 'QA test runs' });
  const qaTests = meter.createCounter(AGENT_METRICS.qaTests, { description: 'Tests executed by QA' });
  const qaDuration = meter.createHistogram(AGENT_METRICS.qaDuration, { description: 'QA run wall time', unit: 'ms' });
  const qaCoverage = meter.createHistogram(AGENT_METRICS.qaCoverage, { description: 'Line coverage of started apps', unit: '%' });
  const implementations = meter.createCounter(AGENT_METRICS.builderImplementations, { description: 'Function implementations by source' });
  const generations = meter.createCounter(AGENT_METRICS.builderGenerations, { description: 'Generated apps' });
  return {
    async toolSpan(name, fn) {
      return tracer.startActiveSpan(
        `execute_tool ${name}`,
        { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name } },
        async (span) => {
          try {
            return await fn(span);
          } catch (error) {
            span.recordException(error as Error);
            span.setAttribute('error.type', (error as { code?: string }).code ?? (error as Error).name ?? 'Error');
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    },
    recordQaRun(report) {
      const base = { 'genesis.qa.kind': report.kind };
      qaRuns.add(1, { ...base, 'genesis.qa.status': report.status });
      if (report.passed > 0) qaTests.add(report.passed, { ...base, 'genesis.qa.result': 'passed' });
      if (report.failed > 0) qaTests.add(report.failed, { ...base, 'genesis.qa.result': 'failed' });
      qaDuration.record(report.durationMs, { ...base, 'genesis.qa.status': report.status });
      if (report.coverage) qaCoverage.record(report.coverage.lines.pct, base);
    },
    recordImplementation(source, taskType) {
      implementations.add(1, { 'genesis.builder.source': source, 'genesis.task_type': taskType });
    },
    recordGeneration(kind) {
      generations.add(1, { 'genesis.builder.kind': kind });
    },
  };
}

/** Puts a QA report's figures on its span. */
export function annotateQaSpan(span: Span, report: TestRunReport): void {
  span.setAttributes({
    'genesis.qa.test_run_id': report.testRunId,
    'genesis.qa.suite': report.suite,
    'genesis.qa.kind': report.kind,
    'genesis.qa.status': report.status,
    'genesis.qa.tests.total': report.total,
    'genesis.qa.tests.passed': report.passed,
    'genesis.qa.tests.failed': report.failed,
    ...(report.coverage ? { 'genesis.qa.coverage.lines': report.coverage.lines.pct } : {}),
  });
  if (report.status === 'error') {
    span.setAttribute('error.type', 'target_did_not_run');
    span.setStatus({ code: SpanStatusCode.ERROR, message: (report.error ?? '').slice(0, 500) });
  }
}
