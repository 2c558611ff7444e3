import { pathToFileURL } from 'node:url';
import { benchSize, median, table } from './problems/harness.js';
import { UNSEEN_PROBLEMS } from './problems/unseen-set.js';
import { runRepairBench, type RepairSummary } from './repair.js';

/**
 * The repair benchmark on the unseen set (bench/problems/unseen-set.ts: programs written without reading the operators,
 * measured once before any change guided by them). Full: 16 programs x seeds 1-3, budget 200; smoke: 2 programs, seed 1.
 */
async function main(): Promise<void> {
  const size = benchSize();
  const problems = size === 'full' ? UNSEEN_PROBLEMS : UNSEEN_PROBLEMS.slice(0, 2);
  const budget = size === 'full' ? 200 : 40;
  const seeds = size === 'full' ? [1, 2, 3] : [1];
  const started = Date.now();
  const runs: RepairSummary[] = [];
  for (const seed of seeds) {
    runs.push(await runRepairBench({ problems, budget, seed, log: size === 'full' ? (l) => console.error(`seed ${seed}${l}`) : undefined }));
  }
  const first = runs[0]!;
  console.log(`\n## Unseen repair set (${size}: ${first.problems} programs written without reading the operators, budget ${budget}; detail for seed ${seeds[0]})\n`);
  console.log(
    table(
      ['program', 'defect', 'repaired', 'evaluations', 'held-out', 'edits of the repair', ...(seeds.length > 1 ? ['repaired over seeds'] : [])],
      first.rows.map((r, i) => [
        r.id,
        r.defect,
        r.outcome.solved ? 'yes' : 'no',
        r.outcome.solved ? r.outcome.evaluations : `${r.outcome.evaluations} (best ${r.outcome.bestScore.toFixed(2)})`,
        r.outcome.heldOutPassed === undefined ? '—' : r.outcome.heldOutPassed ? 'pass' : 'FAIL',
        r.outcome.solvingEdits.join(', ') || '—',
        ...(seeds.length > 1 ? [`${runs.filter((run) => run.rows[i]!.outcome.solved).length}/${seeds.length}`] : []),
      ]),
    ),
  );
  const repaired = runs.reduce((a, s) => a + s.repaired, 0);
  const held = runs.reduce((a, s) => a + s.heldOutPassing, 0);
  const total = runs.reduce((a, s) => a + s.problems, 0);
  const evals = runs.flatMap((s) => s.rows.filter((r) => r.outcome.solved).map((r) => r.outcome.evaluations));
  console.log(
    `\nall seeds: repaired ${repaired}/${total}, median evaluations per repair ${median(evals)}, repairs passing held-out ${held}/${repaired}; wall time ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
