import { pathToFileURL } from 'node:url';
import { benchSize } from './problems/harness.js';
import { UNSEEN_PROBLEMS } from './problems/unseen-set.js';
import { printSeeds, runSeeds } from './repair.js';

/**
 * The repair benchmark on the unseen set (bench/problems/unseen-set.ts: programs written without reading the operators,
 * measured once before any change guided by them). Full: 16 programs x seeds 1-3, budget 200; smoke: 2 programs, seed 1.
 */
async function main(): Promise<void> {
  const size = benchSize();
  const problems = size === 'full' ? UNSEEN_PROBLEMS : UNSEEN_PROBLEMS.slice(0, 2);
  const budget = size === 'full' ? 200 : 40;
  const seeds = size === 'full' ? [1, 2, 3] : [1];
  const runs = await runSeeds(problems, budget, seeds, size === 'full');
  printSeeds(runs, seeds, `Unseen repair set (${size}: ${runs.summaries[0]!.problems} programs written without reading the operators, budget ${budget}; detail for seed ${seeds[0]})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
