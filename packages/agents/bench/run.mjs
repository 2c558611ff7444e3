// Benchmarks of @genesis/agents (imports the built dist: run `pnpm build` first).
// BENCH_SIZE=smoke (CI, < 60 s) or full. Prints tables; peers side by side in one run.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '@genesis/memory-store';
import { OutcomeLogger } from '@genesis/outcome-logger';
import { createSandbox } from '@genesis/sandbox';
import { BuilderAgent, QAAgent, bundleGenerated, defaultSkills, generateBackendFiles, removeBundle, startBackend } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const size = process.env.BENCH_SIZE === 'full' ? 'full' : 'smoke';
const N = size === 'full' ? { starts: 10, qa: 8, implement: 200, fn: 100 } : { starts: 3, qa: 2, implement: 30, fn: 20 };

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => (x === undefined ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(0));
function table(title, head, rows) {
  console.log(`\n${title}\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
async function time(fn) {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

const spec = { appName: 'Bench Shop', apiRoutes: ['products', 'orders', 'customers', 'login'], authRequired: true };
const backend = generateBackendFiles(spec);

// 1. Starting a generated backend: QA's esbuild bundle + node, against `tsx src/server.ts` (the project's dev script).
async function startWithTsx() {
  const dir = mkdtempSync(join(here, '..', '.gen', 'tsx-'));
  for (const f of backend.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'src/server.ts')], { env: { PATH: process.env.PATH, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /listening on (http:\/\/\S+)/.exec(String(d));
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`tsx exited ${c}`)));
  });
  await (await fetch(`${url}/health`)).text();
  const elapsed = performance.now() - t0;
  child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  return elapsed;
}

async function startWithBundle() {
  const t0 = performance.now();
  const bundle = await bundleGenerated(backend.files, backend.entry);
  const running = await startBackend({ bundle, coverage: false });
  await (await fetch(`${running.baseUrl}/health`)).text();
  const elapsed = performance.now() - t0;
  await running.stop();
  await removeBundle(bundle);
  return elapsed;
}

mkdirSync(join(here, '..', '.gen'), { recursive: true });
const bundleTimes = [];
const tsxTimes = [];
for (let i = 0; i < N.starts; i++) {
  bundleTimes.push(await startWithBundle());
  tsxTimes.push(await startWithTsx());
}
table(
  `Start a generated backend (${backend.files.length} files, 3 resources + auth) until /health answers — n=${N.starts}`,
  ['how', 'p50 ms', 'p99 ms'],
  [
    ['QA: esbuild bundle (in memory) + node', ms(pct(bundleTimes, 50)), ms(pct(bundleTimes, 99))],
    ['tsx src/server.ts (the project’s dev script)', ms(pct(tsxTimes, 50)), ms(pct(tsxTimes, 99))],
  ],
);

// 2. A whole QA run over HTTP, with and without V8 coverage.
const store = await openStore(':memory:');
const qa = new QAAgent({ tenantId: 'bench', store });
const qaNoCov = new QAAgent({ tenantId: 'bench', store, coverage: false });
const suite = qa.planSuite(backend);
const runs = { cov: [], noCov: [] };
let last;
for (let i = 0; i < N.qa; i++) {
  const [a, r] = await time(() => qa.runTestSuite({ suite, target: backend }));
  runs.cov.push(a);
  last = r;
  const [b] = await time(() => qaNoCov.runTestSuite({ suite, target: backend }));
  runs.noCov.push(b);
}
table(
  `QA run of the backend suite (${suite.cases.length} HTTP cases incl. auth) — n=${N.qa}`,
  ['mode', 'p50 ms', 'p99 ms', 'passed', 'line coverage'],
  [
    ['child process + NODE_V8_COVERAGE', ms(pct(runs.cov, 50)), ms(pct(runs.cov, 99)), `${last.passed}/${last.total}`, `${last.coverage?.lines.pct}%`],
    ['child process, coverage off', ms(pct(runs.noCov, 50)), ms(pct(runs.noCov, 99)), `${last.passed}/${last.total}`, '—'],
  ],
);

// 3. Builder implement() on a libSQL file: skill retrieval, and the learned-strategy path; QA of a function.
const dir = mkdtempSync(join(tmpdir(), 'agents-bench-'));
const fileStore = await openStore(`file:${join(dir, 'bench.db')}`);
const logger = new OutcomeLogger({ store: fileStore, tenantId: 'bench', handleSignals: false });
const sandbox = createSandbox({ poolSize: 1 });
const builder = new BuilderAgent({ tenantId: 'bench', store: fileStore, logger });
const fq = new QAAgent({ tenantId: 'bench', store: fileStore, logger, sandbox });
await (await builder.skills()).ensureSeeded();
const tasks = defaultSkills.map((s) => ({ taskType: `${s.category}_task`, entry: `${s.name}Task`, description: s.description, tests: s.examples }));
const impl = [];
let correct = 0;
for (let i = 0; i < N.implement; i++) {
  const task = tasks[i % tasks.length];
  const [t, r] = await time(() => builder.implement(task));
  impl.push(t);
  if (r.sourceId === `skill:${task.entry.replace(/Task$/, '')}`) correct++;
}
const fnRuns = [];
for (let i = 0; i < N.fn; i++) {
  const s = defaultSkills[i % defaultSkills.length];
  const [t] = await time(() => fq.runTestSuite({ suite: { kind: 'function', name: s.name, tests: s.examples }, target: { kind: 'function', entry: s.name, code: s.code } }));
  fnRuns.push(t);
}
const logged = [];
for (let i = 0; i < N.fn; i++) {
  const task = tasks[i % tasks.length];
  const [t] = await time(() => builder.generateCodeWithLogging(task.description, builder.implement, task));
  logged.push(t);
}
await logger.flush();
table(
  `Builder and QA on a libSQL file (${defaultSkills.length} skills in the store)`,
  ['operation', 'n', 'p50 ms', 'p99 ms', 'note'],
  [
    ['implement(): strategy lookup + skill search (text + semantic) + adapt', String(N.implement), ms(pct(impl, 50)), ms(pct(impl, 99)), `retrieved the skill's own description: ${correct}/${N.implement}`],
    ['generateCodeWithLogging(implement) (caller-side)', String(N.fn), ms(pct(logged, 50)), ms(pct(logged, 99)), 'logging is off the caller’s path'],
    ['QA function suite in the sandbox', String(N.fn), ms(pct(fnRuns, 50)), ms(pct(fnRuns, 99)), '1 sandbox host'],
  ],
);
console.log(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, size ${size}, ${new Date().toISOString().slice(0, 10)}`);

await builder.close();
await fq.close();
await qa.close();
await qaNoCov.close();
await logger.close();
await sandbox.close();
await fileStore.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
