// Benchmark: this sandbox (pool of isolated-vm hosts) against one `node` process per candidate (what human-eval and
// OpenEvolve do) and a bare in-process call (the ceiling, no isolation at all); then the runaway trial.
// BENCH_SIZE=smoke|full (default full). Run with `pnpm bench` (builds first). Prints Markdown tables.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { createSandbox, valuesEqual } from '../dist/index.js';

const SIZE = process.env.BENCH_SIZE === 'smoke' ? 'smoke' : 'full';
const N = SIZE === 'smoke'
  ? { sandbox: 300, process: 12, bare: 2000, trials: 100 }
  : { sandbox: 3000, process: 200, bare: 20000, trials: 1000 };
const POOL = availableParallelism();
const RUNAWAY_TIMEOUT_MS = 300;
// In-flight candidates for the sandbox (BENCH_WORKERS; default: one per host, the same parallelism as the process peer).
const WORKERS = Number(process.env.BENCH_WORKERS ?? POOL);

// ---------------------------------------------------------------- workloads
const trivial = {
  name: 'trivial function (1 test)',
  code: (i) => `function add(a, b) { return a + b } // candidate ${i}`,
  entry: 'add',
  tests: [{ args: [2, 3], expected: 5 }],
};
// A 10-test problem with an unambiguous answer: distinct values sorted, and their sum.
function reference(nums) {
  const distinct = [...new Set(nums)].sort((a, b) => a - b);
  return { distinct, sum: distinct.reduce((a, b) => a + b, 0) };
}
const tenTests = {
  name: '10-test problem',
  code: (i) => `function summarize(nums) { // candidate ${i}
    const distinct = [...new Set(nums)].sort((a, b) => a - b);
    let sum = 0;
    for (const x of distinct) sum += x;
    return { distinct, sum };
  }`,
  entry: 'summarize',
  tests: Array.from({ length: 10 }, (_, k) => {
    const nums = Array.from({ length: 20 + k * 5 }, (_, j) => ((j * 7919 + k * 31) % 50) - 10);
    return { args: [nums], expected: reference(nums) };
  }),
};

// ---------------------------------------------------------------- helpers
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `count` tasks with `workers` closed-loop workers; returns throughput and latency percentiles. */
async function closedLoop(count, workers, task) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const ok = await task(i);
        latencies.push(performance.now() - t0);
        if (!ok) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { evalsPerSec: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures, count };
}

function descendants(root = process.pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue;
      const ppid = Number(rest[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {}
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const kids = children.get(stack.pop()) ?? [];
    out.push(...kids);
    stack.push(...kids);
  }
  return out;
}

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- peers
function sandboxPeer(sandbox) {
  return (workload) => async (i) => {
    const r = await sandbox.runTests({ code: workload.code(i), entry: workload.entry, tests: workload.tests });
    return r.status === 'ok' && r.passed === workload.tests.length;
  };
}

/** One fresh `node` process per candidate: the harness prints the results as JSON on stdout. */
function processPeer(workload) {
  return (i) =>
    new Promise((resolve) => {
      const program = `${workload.code(i)}
const tests = ${JSON.stringify(workload.tests)};
const out = [];
for (const t of tests) {
  try { out.push({ ok: JSON.stringify(${workload.entry}(...t.args)) === JSON.stringify(t.expected) }); }
  catch (e) { out.push({ ok: false, error: String(e) }); }
}
process.stdout.write(JSON.stringify(out));`;
      execFile(process.execPath, ['-e', program], { timeout: 5000, env: {} }, (error, stdout) => {
        if (error) return resolve(false);
        try {
          resolve(JSON.parse(stdout).every((c) => c.ok));
        } catch {
          resolve(false);
        }
      });
    });
}

/** No isolation: compile with new Function in this process and call it. */
function barePeer(workload) {
  return async (i) => {
    const fn = new Function(`${workload.code(i)}\nreturn ${workload.entry};`)();
    let ok = true;
    for (const t of workload.tests) {
      const actual = await fn(...structuredClone(t.args));
      if (!valuesEqual(structuredClone(actual), t.expected)) ok = false;
    }
    return ok;
  };
}

// ---------------------------------------------------------------- runaway trial
async function runawayTrial(sandbox) {
  const rand = mulberry32(42);
  const kinds = Array.from({ length: N.trials }, (_, i) => {
    const slot = i % 20; // exactly 5% each
    return slot === 0 ? 'loop' : slot === 1 ? 'bomb' : slot === 2 ? 'throw' : 'normal';
  });
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const code = {
    loop: (i) => `function summarize(nums) { let k = ${i}; while (true) { k++ } }`,
    bomb: (i) => `function summarize() { const hoard = [${i}]; for (;;) hoard.push(new Array(1e5).fill(hoard.length)) }`,
    throw: (i) => `function summarize() { throw new Error('candidate ${i} gave up') }`,
    normal: tenTests.code,
  };
  // A memory bomb may hit the time limit before the memory limit on a busy machine: both count as stopped.
  const expectStatus = { loop: ['timeout'], bomb: ['oom', 'timeout'], throw: ['ok'], normal: ['ok'] };
  const stats = { stoppedInTime: 0, runaways: 0, maxRunawayMs: 0, rightStatus: 0, normalPassed: 0, normal: 0 };
  const byKind = {};
  const before = sandbox.stats();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: POOL * 2 }, async () => {
      while (next < kinds.length) {
        const i = next++;
        const kind = kinds[i];
        const r = await sandbox.runTests({
          code: code[kind](i),
          entry: 'summarize',
          tests: tenTests.tests,
          timeoutMs: RUNAWAY_TIMEOUT_MS,
        });
        if (expectStatus[kind].includes(r.status)) stats.rightStatus++;
        byKind[kind] ??= {};
        byKind[kind][r.status] = (byKind[kind][r.status] ?? 0) + 1;
        if (kind === 'loop' || kind === 'bomb') {
          stats.runaways++;
          stats.maxRunawayMs = Math.max(stats.maxRunawayMs, r.durationMs);
          if (r.durationMs <= RUNAWAY_TIMEOUT_MS + 250 && r.status !== 'ok') stats.stoppedInTime++;
        }
        if (kind === 'normal') {
          stats.normal++;
          if (r.passed === r.total) stats.normalPassed++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = sandbox.stats();
  return { ...stats, byKind, seconds, outerKills: after.killed - before.killed, trials: kinds.length };
}

// ---------------------------------------------------------------- main
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`# @genesis/sandbox benchmark (BENCH_SIZE=${SIZE})`);
console.log(`${cpu}, ${availableParallelism()} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; pool ${POOL} hosts; load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);

const baseline = descendants();
const sandbox = createSandbox({ poolSize: POOL });
// Warm: start the hosts and esbuild's service once, as a long-running evaluator would.
await Promise.all(Array.from({ length: POOL }, (_, i) => sandboxPeer(sandbox)(trivial)(-1 - i)));
const preexisting = descendants();

const contextSandbox = createSandbox({ poolSize: POOL, isolation: 'context' });
await Promise.all(Array.from({ length: POOL }, (_, i) => sandboxPeer(contextSandbox)(trivial)(-1 - i)));
const rows = [];
for (const workload of [trivial, tenTests]) {
  const sb = await closedLoop(N.sandbox, WORKERS, sandboxPeer(sandbox)(workload));
  const sbc = await closedLoop(N.sandbox, WORKERS, sandboxPeer(contextSandbox)(workload));
  const pr = await closedLoop(N.process, POOL, processPeer(workload));
  const bare = await closedLoop(N.bare, 1, barePeer(workload));
  rows.push([workload.name, 'this sandbox, fresh isolate per candidate (default)', sb]);
  rows.push([workload.name, "this sandbox, isolation: 'context'", sbc]);
  rows.push([workload.name, 'one node process per candidate', pr]);
  rows.push([workload.name, 'bare in-process call (no isolation)', bare]);
  rows.push([workload.name, 'speed-up vs process per candidate (default / context)', { ratio: sb.evalsPerSec / pr.evalsPerSec, ratio2: sbc.evalsPerSec / pr.evalsPerSec }]);
}
console.log('| workload | runner | evals/s | p50 ms | p99 ms | candidates | wrong |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const [w, name, r] of rows) {
  if ('ratio' in r) console.log(`| ${w} | **${name}** | **${fmt(r.ratio, 1)}× / ${fmt(r.ratio2, 1)}×** | | | | |`);
  else console.log(`| ${w} | ${name} | ${fmt(r.evalsPerSec)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${r.count} | ${r.failures} |`);
}

const trial = await runawayTrial(sandbox);
const hostPids = [...sandbox.stats().pids, ...contextSandbox.stats().pids];
await Promise.all([sandbox.close(), contextSandbox.close()]);
const leaked = descendants().filter((p) => !baseline.includes(p) && (hostPids.includes(p) || !preexisting.includes(p)));
console.log(`\n## Runaway trial: ${trial.trials} candidates (5% infinite loops, 5% memory bombs, 5% throws), timeout ${RUNAWAY_TIMEOUT_MS} ms\n`);
console.log('| measure | value |');
console.log('|---|---:|');
console.log(`| runaways stopped within timeout + 250 ms | ${trial.stoppedInTime}/${trial.runaways} (${fmt((100 * trial.stoppedInTime) / trial.runaways, 1)}%) |`);
console.log(`| slowest runaway, dispatch to result | ${fmt(trial.maxRunawayMs, 1)} ms |`);
console.log(`| candidates with the expected status | ${trial.rightStatus}/${trial.trials} |`);
for (const [kind, counts] of Object.entries(trial.byKind)) {
  const text = Object.entries(counts).map(([status, n]) => `${status} ${n}`).join(', ');
  console.log(`| statuses of ${kind} candidates | ${text} |`);
}
console.log(`| normal candidates passing all tests | ${trial.normalPassed}/${trial.normal} |`);
console.log(`| hosts SIGKILLed by the outer limit | ${trial.outerKills} |`);
console.log(`| host processes left after close() | ${leaked.length} |`);
console.log(`| trial wall time | ${fmt(trial.seconds, 1)} s |`);
console.log(`\nload average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
// Leaks and wrong statuses are failures whatever the machine; a late stop on an oversubscribed machine is reported.
if (leaked.length > 0 || trial.rightStatus !== trial.trials || trial.normalPassed !== trial.normal) process.exitCode = 1;
if (trial.stoppedInTime !== trial.runaways) console.log('WARNING: some runaways were stopped later than timeout + 250 ms');
