import { pathToFileURL } from 'node:url';
import { createDeterministicOperators } from '../src/operators/deterministic/index.js';
import type { Evaluator } from '../src/evaluator.js';
import { benchEvaluator, benchSize, median, productionStore, runSearch, table, type RunOutcome } from './problems/harness.js';
import { transferToProblem } from './problems/to-problem.js';
import { TRANSFER_FAMILIES } from './problems/transfer-set.js';
import type { TransferFamily } from './problems/types.js';

/** Options of {@link runTransferBench}. */
export interface TransferBenchOptions {
  families?: TransferFamily[];
  seeds?: number[];
  budget?: number;
  log?: (line: string) => void;
}

/** Per-family results of the transfer benchmark. */
export interface TransferRow {
  id: string;
  seeded: RunOutcome[];
  unseeded: RunOutcome[];
}

/**
 * Production records of every family, as one tenant's training data: the engine picks the relevant ones itself
 * (same task type, else text similarity), so seeds from neighbouring families compete with the right one.
 */
function productionRecords() {
  return TRANSFER_FAMILIES.map((f, i) => ({
    id: `prod-${i}`,
    taskType: f.production.taskType,
    description: f.production.description,
    code: f.production.code,
    entry: f.production.entry,
  }));
}

async function runArm(family: TransferFamily, seed: number, budget: number, evaluator: Evaluator, seeded: boolean): Promise<RunOutcome> {
  const problem = transferToProblem(family);
  const operators = createDeterministicOperators();
  if (!seeded) return runSearch({ problem, operators, evaluator, seed, budget });
  const { store, cleanup } = await productionStore(productionRecords());
  try {
    return await runSearch({ problem, operators, evaluator, seed, budget, store });
  } finally {
    await cleanup();
  }
}

/** Runs every family with and without production seeding, over several seeds, in the real sandbox. */
export async function runTransferBench(options: TransferBenchOptions = {}): Promise<TransferRow[]> {
  const families = options.families ?? TRANSFER_FAMILIES;
  const seeds = options.seeds ?? Array.from({ length: 10 }, (_, i) => i + 1);
  const budget = options.budget ?? 150;
  const evaluator = benchEvaluator();
  const rows: TransferRow[] = [];
  try {
    for (const f of families) {
      const row: TransferRow = { id: f.id, seeded: [], unseeded: [] };
      for (const seed of seeds) {
        row.seeded.push(await runArm(f, seed, budget, evaluator, true));
        row.unseeded.push(await runArm(f, seed, budget, evaluator, false));
      }
      rows.push(row);
      options.log?.(`  ${f.id}: seeded ${row.seeded.filter((r) => r.solved).length}/${seeds.length}, unseeded ${row.unseeded.filter((r) => r.solved).length}/${seeds.length}`);
    }
  } finally {
    await evaluator.close?.();
  }
  return rows;
}

const solvedRate = (runs: readonly RunOutcome[]): number => runs.filter((r) => r.solved).length / Math.max(1, runs.length);
/** Evaluations to solve; an unsolved run counts as the whole budget (a lower bound of its true cost). */
const cost = (runs: readonly RunOutcome[]): number => median(runs.map((r) => r.evaluations));

async function main(): Promise<void> {
  const size = benchSize();
  const families = size === 'full' ? TRANSFER_FAMILIES : TRANSFER_FAMILIES.slice(0, 3);
  const seeds = size === 'full' ? Array.from({ length: 10 }, (_, i) => i + 1) : [1, 2];
  const budget = size === 'full' ? 150 : 40;
  const started = Date.now();
  const rows = await runTransferBench({ families, seeds, budget, log: size === 'full' ? (l) => console.error(l) : undefined });
  console.log(`\n## Transfer (${size}: ${rows.length} families × ${seeds.length} seeds, budget ${budget} evaluations per run)\n`);
  console.log(
    table(
      ['family', 'solved (seeded)', 'solved (unseeded)', 'median evals (seeded)', 'median evals (unseeded)', 'held-out (seeded)'],
      rows.map((r) => [
        r.id,
        `${r.seeded.filter((x) => x.solved).length}/${r.seeded.length}`,
        `${r.unseeded.filter((x) => x.solved).length}/${r.unseeded.length}`,
        cost(r.seeded),
        cost(r.unseeded),
        `${r.seeded.filter((x) => x.heldOutPassed).length}/${r.seeded.filter((x) => x.solved).length}`,
      ]),
    ),
  );
  const seeded = rows.flatMap((r) => r.seeded);
  const unseeded = rows.flatMap((r) => r.unseeded);
  const perFamilyRatio = median(rows.map((r) => cost(r.unseeded) / Math.max(1, cost(r.seeded))));
  console.log('');
  console.log(
    table(
      ['arm', 'solved rate', 'median evaluations (unsolved = budget)', 'median evaluations (solved runs)'],
      [
        ['with production seeding', `${(100 * solvedRate(seeded)).toFixed(0)}%`, cost(seeded), median(seeded.filter((x) => x.solved).map((x) => x.evaluations))],
        ['without', `${(100 * solvedRate(unseeded)).toFixed(0)}%`, cost(unseeded), median(unseeded.filter((x) => x.solved).map((x) => x.evaluations))],
      ],
    ),
  );
  console.log(`\nmedian over families of (unseeded / seeded) evaluations: ${perFamilyRatio.toFixed(1)}×; wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
