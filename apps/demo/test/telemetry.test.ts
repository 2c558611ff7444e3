import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoError } from '../src/errors.js';
import { startTelemetry, type Telemetry } from '../src/telemetry.js';

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

function record(): void {
  const meter = metrics.getMeter('@genesis/se-darwin');
  meter.createCounter('se_darwin.trajectories.generated').add(3, { operator: 'revision' });
  meter.createHistogram('se_darwin.execution.duration', { unit: 's' }).record(0.25, { operator: 'revision' });
  meter.createCounter('unrelated.metric').add(1);
  trace.getTracer('t').startSpan('se_darwin.evolve_solution').end();
}

describe('startTelemetry', () => {
  it('none: registers nothing, instruments stay no-ops', async () => {
    telemetry = await startTelemetry({ mode: 'none' });
    expect(telemetry.meterProvider).toBeUndefined();
    expect(telemetry.description).toContain('off');
    record();
    await telemetry.flush();
    expect(telemetry.spanCounts()).toEqual({});
  });

  it('console: prints the se_darwin.* metrics compactly when flushed, counts spans', async () => {
    const lines: string[] = [];
    telemetry = await startTelemetry({ mode: 'console', write: (l) => lines.push(l) });
    record();
    await telemetry.flush();
    const text = lines.join('\n');
    expect(text).toContain('se_darwin.trajectories.generated{operator=revision} 3');
    expect(text).toMatch(/se_darwin\.execution\.duration\{operator=revision\} count=1 mean=0\.250 s/);
    expect(text).not.toContain('unrelated.metric');
    expect(telemetry.spanCounts()).toEqual({ 'se_darwin.evolve_solution': 1 });
  });

  it('prometheus: serves a scrape endpoint on 127.0.0.1 with the metrics', async () => {
    telemetry = await startTelemetry({ mode: 'prometheus', prometheusPort: 0 });
    const url = /http:\/\/127\.0\.0\.1:\d+\/metrics/.exec(telemetry.description)?.[0];
    expect(url).toBeDefined();
    record();
    const body = await (await fetch(url!)).text();
    expect(body).toMatch(/se_darwin_trajectories_generated(_total)?\{[^}]*operator="revision"[^}]*\} 3/);
  });

  it('prometheus: a busy port is a typed error', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const error = await startTelemetry({ mode: 'prometheus', prometheusPort: port, registerGlobal: false }).catch((e: unknown) => e);
      expect(DemoError.isInstance(error) && error.code === 'TELEMETRY_FAILED').toBe(true);
    } finally {
      blocker.close();
    }
  });

  it('otlp: pushes metrics and spans over OTLP/HTTP', async () => {
    const received: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        received.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      telemetry = await startTelemetry({ mode: 'otlp', otlpEndpoint: `http://127.0.0.1:${port}/` });
      expect(telemetry.description).toContain(`http://127.0.0.1:${port}/v1/metrics`);
      record();
      await telemetry.flush();
      expect(received).toContain('/v1/metrics');
      expect(received).toContain('/v1/traces');
    } finally {
      await telemetry?.shutdown();
      telemetry = undefined;
      server.close();
    }
  });
});
