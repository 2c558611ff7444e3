import { createClient } from '@libsql/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreInternal } from '../src/open-store.js';

const WRITER = fileURLToPath(new URL('./fixtures/writer.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const CRASH_ITERATIONS = Number(process.env.GENESIS_CRASH_ITERATIONS ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'genesis-ms-dur-'));

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('build the package first (the test script runs tsup before vitest)');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded PRNG (mulberry32) so a failing kill schedule can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Child {
  proc: ChildProcess;
  acks: number[];
  ready: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: string[];
}

function startWriter(url: string, writer: string, batches: number, size: number, mode: 'batch' | 'single'): Child {
  const proc = spawn(process.execPath, [WRITER, url, writer, String(batches), String(size), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: number[] = [];
  const stderr: string[] = [];
  let buffered = '';
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line === 'ready') markReady();
      else if (line.startsWith('ack ')) acks.push(Number(line.slice(4)));
    }
  });
  proc.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      markReady();
      resolve({ code, signal });
    }),
  );
  return { proc, acks, ready, exit, stderr };
}

async function rowsByBatch(url: string, writer: string): Promise<Map<number, number>> {
  const client = createClient({ url });
  try {
    const rs = await client.execute({
      sql: "select json_extract(value, '$.batch') as batch, count(*) as n from memory_items where ns = ? group by 1",
      args: [`durability\u001f${writer}\u001f`],
    });
    return new Map(rs.rows.map((r) => [Number(r.batch), Number(r.n)]));
  } finally {
    client.close();
  }
}

async function integrity(url: string): Promise<string> {
  const client = createClient({ url });
  try {
    return String((await client.execute('pragma integrity_check')).rows[0]?.integrity_check);
  } finally {
    client.close();
  }
}

describe('durability and concurrency (libSQL file, real processes)', () => {
  it(`loses no acknowledged batch and keeps no partial batch when writers are SIGKILLed (${CRASH_ITERATIONS} iterations)`, async () => {
    const url = `file:${join(dir, 'crash.db')}`;
    const random = rng(Number(process.env.GENESIS_CRASH_SEED ?? 20261126));
    const size = 20;
    let acknowledged = 0;
    const iteration = async (n: number, delay: number): Promise<void> => {
      const writers = [`w${n}a`, `w${n}b`];
      const children = writers.map((w, i) => startWriter(url, w, 1000, size, i === 0 ? 'batch' : 'single'));
      await Promise.all(children.map((c) => c.ready));
      // Kill somewhere in the first 0–120 ms of writing: early, mid-batch, between batches.
      await new Promise((r) => setTimeout(r, delay));
      for (const c of children) c.proc.kill('SIGKILL');
      const exits = await Promise.all(children.map((c) => c.exit));
      expect(exits.every((e) => e.signal === 'SIGKILL' || e.code === 0)).toBe(true);
      for (const [i, c] of children.entries()) {
        const rows = await rowsByBatch(url, writers[i]!);
        for (const batch of c.acks) expect(rows.get(batch), `acked batch ${batch} of ${writers[i]}`).toBe(size);
        if (i === 0) {
          // putMany is one transaction: a batch is either all there or not there at all.
          for (const [batch, n] of rows) expect(n, `batch ${batch} of ${writers[i]}`).toBe(size);
        }
        acknowledged += c.acks.length;
      }
    };
    // Two iterations at a time (four writers on the file), each killed on its own schedule.
    for (let n = 0; n < CRASH_ITERATIONS; n += 2) {
      await Promise.all([n, n + 1].filter((k) => k < CRASH_ITERATIONS).map((k) => iteration(k, Math.floor(random() * 120))));
      expect(await integrity(url)).toBe('ok');
    }
    expect(acknowledged).toBeGreaterThan(0);
    const store = await openStoreInternal({ url });
    expect((await store.listNamespaces({ prefix: ['durability'], limit: 1000 })).length).toBeGreaterThan(0);
    await store.close();
  }, 120_000);

  it('4 processes writing one file concurrently: 0 errors, every row present', async () => {
    const url = `file:${join(dir, 'concurrent.db')}`;
    const batches = 10;
    const size = 25;
    const children = [0, 1, 2, 3].map((i) => startWriter(url, `p${i}`, batches, size, i % 2 === 0 ? 'batch' : 'single'));
    const exits = await Promise.all(children.map((c) => c.exit));
    expect(children.map((c) => c.stderr.join(''))).toEqual(['', '', '', '']);
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0, 0]);
    const store = await openStoreInternal({ url });
    for (let i = 0; i < 4; i++) {
      const rows = await rowsByBatch(url, `p${i}`);
      expect([...rows.values()].reduce((a, b) => a + b, 0)).toBe(batches * size);
      const page = await store.list(['durability', `p${i}`], { limit: 1000 });
      expect(page.items).toHaveLength(batches * size);
    }
    expect((await store.search(['durability'], { query: 'writer p3', limit: 5 })).length).toBe(5);
    await store.close();
    expect(await integrity(url)).toBe('ok');
  }, 60_000);

  it('waits out another writer, reopening the connection after SQLITE_BUSY, and counts the retries', async () => {
    const url = `file:${join(dir, 'busy.db')}`;
    const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const store = await openStoreInternal({ url, timeoutMs: 50, telemetry: { meter: meterProvider.getMeter('t') } });
    await store.put(['busy'], 'before', 1);
    const other = createClient({ url });
    const tx = await other.transaction('write'); // holds the write lock
    await tx.execute("insert into memory_store_migrations values (1000, 'lock holder', 0)");
    setTimeout(() => void tx.rollback(), 300);
    const started = Date.now();
    await store.put(['busy'], 'after', 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await store.get(['busy'], 'after'))?.value).toBe(2);

    // A lock that outlives every retry: a typed BUSY error, then the store works again.
    const tx2 = await other.transaction('write');
    await tx2.execute("insert into memory_store_migrations values (1001, 'lock holder', 0)");
    const error = (await store.put(['busy'], 'never', 3).catch((e: unknown) => e)) as { code?: string };
    expect(error.code).toBe('BUSY');
    await tx2.rollback();
    other.close();
    await store.put(['busy'], 'later', 4);
    expect((await store.list(['busy'])).items.map((i) => i.key)).toEqual(['later', 'after', 'before']);
    await store.close();

    await reader.forceFlush();
    const retries = metrics
      .getMetrics()
      .at(-1)!
      .scopeMetrics.flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'genesis.memory_store.busy_retries');
    expect(Number(retries?.dataPoints[0]?.value)).toBeGreaterThanOrEqual(2);
    await meterProvider.shutdown();
  }, 30_000);
});
