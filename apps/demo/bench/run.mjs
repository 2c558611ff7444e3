// Times the whole loop: BENCH_SIZE=smoke runs the small workload, full (default) the default one, on a fresh
// libSQL file in a temporary folder, and prints one table row per seed.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../dist/index.js';

const smoke = (process.env.BENCH_SIZE ?? 'full') === 'smoke';
const size = smoke ? 'small' : 'default';
const seeds = smoke ? [7] : [42, 7];
const dir = await mkdtemp(join(tmpdir(), 'genesis-demo-bench-'));
const rows = [];
try {
  for (const seed of seeds) {
    const t0 = performance.now();
    const r = await runDemo({ size, seed, db: `file:${join(dir, `s${seed}.db`)}`, out: false });
    const wall = performance.now() - t0;
    const p = r.timings.phasesMs;
    const s = (ms) => `${((ms ?? 0) / 1000).toFixed(1)} s`;
    rows.push([
      size,
      String(seed),
      String(r.workload.total),
      `${(r.successRate.before.rate * 100).toFixed(1)}% → ${(r.successRate.after.rate * 100).toFixed(1)}%`,
      `${r.learning.solved}/${r.learning.evolved}`,
      String(r.learning.evaluations),
      s(p['production-before']),
      s(p.learning),
      s(p.promotion),
      s(p['production-after']),
      s(wall),
    ]);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const header = ['size', 'seed', 'tasks', 'success rate', 'solved', 'evaluations', 'production', 'learning', 'promotion', 'production again', 'wall'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`genesis demo — ${cpus().length} cores, Node ${process.version}`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
