// pnpm bench (BENCH_SIZE=smoke|full). Prints markdown tables, peers side by side in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { namespaces, type JsonValue, type ProductionOutcome } from '@genesis/schemas';
import { OutcomeLogger, createRulesExtractor, defaultRedactor, recordStep, recordTool, type ExtractionEvidence } from '../src/index.js';
import { EvidenceWindow } from '../src/evidence.js';
import { nullStore } from './null-store.js';

const SIZE = process.env.BENCH_SIZE === 'full' ? 'full' : 'smoke';
const N = SIZE === 'full'
  ? { calls: 200_000, outcomes: 20_000, extractions: 200_000, storeItems: 20_000 }
  : { calls: 20_000, outcomes: 3_000, extractions: 20_000, storeItems: 3_000 };

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const pct = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const fmt = (ns: number): string => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${Math.round(ns)} ns`);
const table = (head: string[], rows: (string | number)[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// ---------------------------------------------------------------------------------------------------------------
// 1. Added latency per wrapped call
// ---------------------------------------------------------------------------------------------------------------
// The agent function: a little real work, a result object with code.
function agent(task: string): { code: string; ok: boolean; n: number } {
  let h = 0;
  for (let i = 0; i < task.length; i++) h = (h * 31 + task.charCodeAt(i)) | 0;
  return { code: `return ${h};`, ok: true, n: h };
}
function agentWithSteps(task: string): { code: string; ok: boolean; n: number } {
  const t = recordStep('plan', () => task.trim());
  return recordTool('codegen', () => agent(t));
}

async function latency(): Promise<string> {
  const exporter = new InMemorySpanExporter();
  const bsp = new BatchSpanProcessor(exporter, { maxQueueSize: 100_000, scheduledDelayMillis: 50 });
  const sdk = new BasicTracerProvider({ spanProcessors: [bsp] });
  const sdkTracer = sdk.getTracer('bench');
  // The latency rows measure the caller's path only; the store is a no-op so background writes do not compete
  // for the CPU between chunks (throughput into a real libSQL file is measured below).
  const plain = new OutcomeLogger({ store: nullStore(), tenantId: 'bench', handleSignals: false, buffer: { maxItems: 1_000_000, flushIntervalMs: 60_000 } });
  const traced = new OutcomeLogger({ store: nullStore(), tenantId: 'bench', handleSignals: false, tracerProvider: sdk, buffer: { maxItems: 1_000_000, flushIntervalMs: 60_000 } });
  const meta = { agentName: 'builder', taskType: 'code_generation' };
  const variants: [string, (task: string) => unknown][] = [
    ['bare fn', agent],
    ['OTel SDK span (BatchSpanProcessor)', (task) => sdkTracer.startActiveSpan('invoke_agent builder', (span) => {
      const r = agent(task);
      span.end();
      return r;
    })],
    ['logger.wrap (no OTel SDK registered)', plain.wrap(meta, agent)],
    ['logger.wrap + 2 recorded steps', plain.wrap(meta, agentWithSteps)],
    ['logger.wrap with OTel SDK tracer', traced.wrap(meta, agent)],
  ];
  const chunk = 1_000;
  const samples = variants.map(() => new Float64Array(N.calls));
  const task = 'Generate a REST backend with login and register routes';
  // warm-up
  for (const [, fn] of variants) for (let i = 0; i < 5_000; i++) fn(task);
  await plain.flush();
  await traced.flush();
  for (let done = 0; done < N.calls; done += chunk) {
    for (let v = 0; v < variants.length; v++) {
      const fn = variants[v]![1];
      const s = samples[v]!;
      for (let i = done; i < done + chunk; i++) {
        const t0 = process.hrtime.bigint();
        fn(task);
        s[i] = Number(process.hrtime.bigint() - t0);
      }
    }
    // background work (building, redacting, extracting, span export) happens here, off the measured path
    await plain.flush();
    await traced.flush();
    await bsp.forceFlush();
    exporter.reset();
  }
  await plain.close();
  await traced.close();
  await sdk.shutdown();
  const sorted = samples.map((s) => s.slice().sort());
  const bareP50 = pct(sorted[0]!, 0.5);
  const bareP99 = pct(sorted[0]!, 0.99);
  const rows = variants.map(([name], v) => {
    const s = sorted[v]!;
    return [name, fmt(pct(s, 0.5)), fmt(pct(s, 0.99)), v === 0 ? '—' : fmt(pct(s, 0.5) - bareP50), v === 0 ? '—' : fmt(pct(s, 0.99) - bareP99)];
  });
  return `### Added latency per call (${N.calls.toLocaleString('en')} calls each, interleaved in chunks of ${chunk})\n\n${table(['variant', 'p50', 'p99', 'added p50', 'added p99'], rows)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Sustained outcomes per second into a libSQL file, extraction on
// ---------------------------------------------------------------------------------------------------------------
function outcomeInput(i: number) {
  return {
    agentName: i % 2 ? 'builder' : 'qa',
    taskType: ['code_generation', 'test_run', 'refactor'][i % 3]!,
    taskDescription: `Generate backend #${i} with routes login, register and JWT auth`,
    success: true,
    verified: i % 5 !== 0,
    result: { code: `export const handler${i} = (req) => ({ status: 200 });`, fileCount: 1 },
    executionPath: [{ name: 'plan routes', durationMs: 2 }, { name: 'tsc', kind: 'tool' as const, durationMs: 40 + (i % 7) }, { name: 'write files', kind: 'tool' as const, durationMs: 3 }],
    durationMs: 50 + (i % 11),
  };
}

interface Sustained {
  perSec: number;
  perCpuSec: number;
  written: number;
  examples: number;
}

async function sustained(store: MemoryStore, count: number): Promise<Sustained> {
  const logger = new OutcomeLogger({ store, tenantId: 'bench', handleSignals: false, buffer: { maxItems: 20_000, maxBatch: 1_000, flushIntervalMs: 10 } });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    logger.logOutcome(outcomeInput(i));
    // a producer faster than the store: back off when the buffer is nearly full instead of dropping
    if (i % 500 === 0) while (logger.stats().bufferDepth > 15_000) await new Promise((r) => setTimeout(r, 1));
  }
  await logger.flush();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const s = logger.stats();
  await logger.close();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { perSec: (s.written / ms) * 1000, perCpuSec: (s.written / cpuMs) * 1000, written: s.written, examples: s.trainingExamples };
}

async function throughput(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'outcome-logger-bench-'));
  try {
    const file = await openStore(`file:${join(dir, 'bench.db')}`);
    const libsql = await sustained(file, N.outcomes);
    // the store alone, same records, same batches: the ceiling the logger writes against
    const items = Array.from({ length: N.storeItems }, (_, i) => ({
      namespace: namespaces.outcomes('raw', 'builder'),
      key: `k${i}`,
      value: { ...outcomeInput(i), outcomeId: `k${i}` } as unknown as JsonValue,
      index: ['taskType', 'taskDescription'],
    }));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < items.length; i += 1_000) await file.putMany(items.slice(i, i + 1_000));
    const raw = (items.length / (performance.now() - t0)) * 1000;
    const rawCpu = process.cpuUsage(cpu0);
    const rawPerCpu = (items.length / ((rawCpu.user + rawCpu.system) / 1000)) * 1000;
    await file.close();
    const none = await sustained(nullStore(), N.outcomes * 5);
    const n = (x: number) => Math.round(x).toLocaleString('en');
    return `### Sustained outcomes per second (80% verified, extraction on; an outcome and its training example per write)\n\n${table(
      ['pipeline', 'outcomes', 'store items', 'per second (wall)', 'per CPU-second'],
      [
        ['logger → libSQL file (real store)', libsql.written, libsql.written + libsql.examples, n(libsql.perSec), n(libsql.perCpuSec)],
        ['libSQL putMany alone, no logger (items, batches of 1,000)', N.storeItems, N.storeItems, n(raw), n(rawPerCpu)],
        ['logger → no-op store (the logger itself)', none.written, none.written + none.examples, n(none.perSec), n(none.perCpuSec)],
      ],
    )}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Extraction (and redaction / validation) time per outcome
// ---------------------------------------------------------------------------------------------------------------
async function extraction(): Promise<string> {
  const logger = new OutcomeLogger({ store: nullStore(), tenantId: 'bench', handleSignals: false, autoExtract: false, buffer: { maxItems: 10_000_000, flushIntervalMs: 60_000 } });
  const outcomes: ProductionOutcome[] = Array.from({ length: 1_000 }, (_, i) => logger.logOutcome(outcomeInput(i)));
  const rules = createRulesExtractor();
  const window = new EvidenceWindow(256);
  for (const o of outcomes.slice(0, 256)) window.add(o);
  const evidence: ExtractionEvidence[] = outcomes.map((o) => window.evidenceFor(o));
  const time = (n: number, fn: (i: number) => unknown): Float64Array => {
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      fn(i);
      s[i] = Number(process.hrtime.bigint() - t0);
    }
    return s.sort();
  };
  time(5_000, (i) => rules.extract(outcomes[i % 1000]!, evidence[i % 1000]!));
  const rows: [string, Float64Array][] = [
    ['rules@1 extract (plan + confidence)', time(N.extractions, (i) => rules.extract(outcomes[i % 1000]!, evidence[i % 1000]!))],
    ['evidence window lookup (256 outcomes)', time(N.extractions / 4, (i) => window.evidenceFor(outcomes[i % 1000]!))],
    ['redaction of one outcome (default rules)', time(N.extractions / 4, (i) => defaultRedactor.redact(outcomes[i % 1000]! as never))],
    ['logOutcome (validate + redact + enqueue)', time(N.extractions / 4, (i) => logger.logOutcome(outcomeInput(i)))],
  ];
  await logger.close();
  const mean = (s: Float64Array) => s.reduce((a, b) => a + b, 0) / s.length;
  return `### Extraction and per-outcome costs\n\n${table(
    ['operation', 'mean', 'p50', 'p99'],
    rows.map(([name, s]) => [name, fmt(mean(s)), fmt(pct(s, 0.5)), fmt(pct(s, 0.99))]),
  )}`;
}

const started = performance.now();
console.log(`# @genesis/outcome-logger benchmark (BENCH_SIZE=${SIZE})\n`);
console.log(`Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), load average ${loadavg()[0]!.toFixed(1)} at start, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(`${await latency()}\n`);
console.log(`${await throughput()}\n`);
console.log(`${await extraction()}\n`);
console.log(`(total ${((performance.now() - started) / 1000).toFixed(1)} s)`);
