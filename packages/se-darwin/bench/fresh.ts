import { pathToFileURL } from 'node:url';
import { benchSize, table } from './problems/harness.js';
import { FRESH_PROBLEMS } from './problems/fresh-set.js';
import { runRepairBench } from './repair.js';

/** The repair benchmark on the fresh set (programs not used while developing the operators), seed 1. */
async function main(): Promise<void> {
  const size = benchSize();
  const problems = size === 'full' ? FRESH_PROBLEMS : FRESH_PROBLEMS.slice(0, 2);
  const budget = size === 'full' ? 200 : 40;
  const started = Date.now();
  const s = await runRepairBench({ problems, budget, seed: 1 });
  console.log(`\n## Fresh repair set (${size}: ${s.problems} programs not used in development, budget ${budget}, seed 1)\n`);
  console.log(
    table(
      ['program', 'defect', 'repaired', 'evaluations', 'held-out'],
      s.rows.map((r) => [
        r.id,
        r.defect,
        r.outcome.solved ? 'yes' : 'no',
        r.outcome.solved ? r.outcome.evaluations : `${r.outcome.evaluations} (best ${r.outcome.bestScore.toFixed(2)})`,
        r.outcome.heldOutPassed === undefined ? '—' : r.outcome.heldOutPassed ? 'pass' : 'FAIL',
      ]),
    ),
  );
  console.log(`\nrepaired ${s.repaired}/${s.problems}, repairs passing held-out ${s.heldOutPassing}/${s.repaired}; wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
