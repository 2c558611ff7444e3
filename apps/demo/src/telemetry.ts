import { metrics, trace, type MeterProvider as ApiMeterProvider, type TracerProvider as ApiTracerProvider } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
  type MetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, NodeTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { TelemetryMode } from './args.js';
import { DemoError } from './errors.js';

/** Options of {@link startTelemetry}. */
export interface TelemetryOptions {
  mode: TelemetryMode;
  /** Port of the Prometheus scrape endpoint on 127.0.0.1 (mode `prometheus`); 0 picks a free one. */
  prometheusPort?: number;
  /** OTLP/HTTP base URL (mode `otlp`), default `http://127.0.0.1:4318`. */
  otlpEndpoint?: string;
  /** Where `console` mode prints its metric table. Default: stderr. */
  write?: (line: string) => void;
  /** Register the providers globally (default true). The packages read the global providers. */
  registerGlobal?: boolean;
}

/** A running OpenTelemetry SDK. */
export interface Telemetry {
  mode: TelemetryMode;
  /** One line saying where telemetry goes (printed by the CLI). */
  description: string;
  meterProvider: ApiMeterProvider | undefined;
  tracerProvider: ApiTracerProvider | undefined;
  /** Spans ended so far, by name (all modes but `none`). */
  spanCounts(): Record<string, number>;
  /** Exports what is pending (console mode prints its table). */
  flush(): Promise<void>;
  /** Flushes and stops; the Prometheus endpoint closes. */
  shutdown(): Promise<void>;
}

/** Metric names the demo highlights: SE-Darwin's and the outcome logger's. */
export const HIGHLIGHTED_METRICS = /^(se_darwin\.|genesis\.|outcome|gen_ai\.)/;

class SpanCounter implements SpanProcessor {
  readonly counts: Record<string, number> = {};
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.counts[span.name] = (this.counts[span.name] ?? 0) + 1;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function attrs(attributes: Record<string, unknown>): string {
  const entries = Object.entries(attributes);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}=${String(v)}`).join(',')}}`;
}

/** Formats the highlighted metrics of one collection as compact lines (`name{attrs} value`). */
export function formatMetrics(resourceMetrics: ResourceMetrics, filter: RegExp = HIGHLIGHTED_METRICS): string[] {
  const lines: string[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics as MetricData[]) {
      const name = metric.descriptor.name;
      if (!filter.test(name)) continue;
      const unit = metric.descriptor.unit && metric.descriptor.unit !== '1' ? ` ${metric.descriptor.unit}` : '';
      for (const point of metric.dataPoints) {
        const a = attrs(point.attributes);
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const h = point.value as { count: number; sum?: number; min?: number; max?: number };
          const mean = h.count > 0 && h.sum !== undefined ? h.sum / h.count : 0;
          lines.push(
            `${name}${a} count=${h.count} mean=${mean.toPrecision(3)}${unit} min=${(h.min ?? 0).toPrecision(3)} max=${(h.max ?? 0).toPrecision(3)}`,
          );
        } else if (typeof point.value === 'number') {
          lines.push(`${name}${a} ${point.value}${unit}`);
        }
      }
    }
  }
  return lines.sort();
}

/** A push exporter that prints the highlighted metrics compactly (the SDK's ConsoleMetricExporter dumps objects). */
class CompactConsoleMetricExporter implements PushMetricExporter {
  constructor(private readonly write: (line: string) => void) {}
  export(metricsData: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    const lines = formatMetrics(metricsData);
    if (lines.length > 0) this.write(['telemetry (OpenTelemetry SDK, console exporter):', ...lines.map((l) => `  ${l}`)].join('\n'));
    resultCallback({ code: ExportResultCode.SUCCESS });
  }
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function startPrometheus(port: number): Promise<PrometheusExporter> {
  return new Promise((resolvePromise, reject) => {
    const exporter = new PrometheusExporter({ host: '127.0.0.1', port, preventServerStart: true });
    exporter.startServer().then(
      () => resolvePromise(exporter),
      (error: unknown) =>
        reject(new DemoError('TELEMETRY_FAILED', `--telemetry prometheus: cannot listen on 127.0.0.1:${port}`, { cause: error })),
    );
  });
}

/**
 * Starts the OpenTelemetry SDK for the demo: a MeterProvider and a NodeTracerProvider, registered globally so every
 * package's instruments (se_darwin.*, the outcome logger's) record into it. `console` prints the highlighted metrics
 * when flushed; `otlp` pushes metrics and spans over OTLP/HTTP; `prometheus` serves a scrape endpoint on 127.0.0.1;
 * `none` registers nothing (the packages' instruments stay no-ops).
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const mode = options.mode;
  const counter = new SpanCounter();
  if (mode === 'none') {
    return {
      mode,
      description: 'telemetry: off (--telemetry console|otlp|prometheus to see the se_darwin.* and outcome metrics)',
      meterProvider: undefined,
      tracerProvider: undefined,
      spanCounts: () => ({ ...counter.counts }),
      flush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
  }
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const resource = resourceFromAttributes({ 'service.name': 'genesis-demo', 'service.namespace': 'genesis' });
  const spanProcessors: SpanProcessor[] = [counter];
  let reader: MetricReader;
  let description: string;
  if (mode === 'console') {
    reader = new PeriodicExportingMetricReader({
      exporter: new CompactConsoleMetricExporter(write),
      // Printed on flush and at shutdown only, so the table never interleaves with the progress line.
      exportIntervalMillis: 3_600_000,
    });
    description = 'telemetry: console (metric table printed at the end)';
  } else if (mode === 'otlp') {
    const base = (options.otlpEndpoint ?? 'http://127.0.0.1:4318').replace(/\/+$/, '');
    reader = new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
      exportIntervalMillis: 5_000,
    });
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` })));
    description = `telemetry: OTLP/HTTP to ${base}/v1/metrics and ${base}/v1/traces`;
  } else {
    const exporter = await startPrometheus(options.prometheusPort ?? 9464);
    reader = exporter;
    const address = (exporter as unknown as { _server?: { address(): { port: number } | string | null } })._server?.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.prometheusPort ?? 9464;
    description = `telemetry: Prometheus scrape endpoint http://127.0.0.1:${port}/metrics`;
  }
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors });
  if (options.registerGlobal !== false) {
    metrics.setGlobalMeterProvider(meterProvider);
    tracerProvider.register();
  }
  let stopped = false;
  return {
    mode,
    description,
    meterProvider,
    tracerProvider,
    spanCounts: () => ({ ...counter.counts }),
    async flush() {
      if (stopped) return;
      await Promise.allSettled([meterProvider.forceFlush(), tracerProvider.forceFlush()]);
    },
    async shutdown() {
      if (stopped) return;
      stopped = true;
      await Promise.allSettled([meterProvider.shutdown(), tracerProvider.shutdown()]);
      if (options.registerGlobal !== false) {
        metrics.disable();
        trace.disable();
      }
    },
  };
}
