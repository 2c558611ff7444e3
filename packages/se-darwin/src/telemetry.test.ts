import { describe, expect, it } from 'vitest';
import { createTelemetry, noopTelemetry } from './telemetry.js';

describe('telemetry', () => {
  it('the no-op fallback runs the span callback and records nothing', async () => {
    const out = noopTelemetry.tracer.startActiveSpan('x', { attributes: {} }, (span) => {
      span.setAttributes({ a: 1 });
      span.setAttribute('b', 2);
      span.addEvent('e');
      span.recordException(new Error('x'));
      span.setStatus({ code: 2 });
      span.end();
      return 42;
    });
    expect(out).toBe(42);
    noopTelemetry.productionLoaded.add(1);
    noopTelemetry.productionQuality.record(1);
    noopTelemetry.trajectoriesGenerated.add(1);
    noopTelemetry.operatorsApplied.add(1);
    noopTelemetry.executionDuration.record(1);
  });

  it('uses @opentelemetry/api when it is installed', async () => {
    const t = await createTelemetry();
    expect(t).not.toBe(noopTelemetry);
    expect(t.tracer.startActiveSpan('y', (s) => (s.end(), 'ok'))).toBe('ok');
  });
});
