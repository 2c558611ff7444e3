// `pnpm bench`: every se-darwin benchmark in turn, each in its own process. BENCH_SIZE=smoke|full (default smoke).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const size = process.env.BENCH_SIZE === 'full' ? 'full' : 'smoke';
console.log(`# @genesis/se-darwin benchmarks (BENCH_SIZE=${size}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
let failed = false;
for (const name of ['engine', 'repair', 'fresh', 'unseen', 'transfer', 'ablation']) {
  const file = join(import.meta.dirname, `${name}.ts`);
  if (!existsSync(file)) continue;
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit', env: { ...process.env, BENCH_SIZE: size } });
  if (r.status !== 0) {
    console.error(`bench/${name}.ts failed (exit ${r.status ?? r.signal})`);
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
