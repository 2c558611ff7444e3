import type { EvolutionConfig } from '../src/config.js';
import { pathToFileURL } from 'node:url';
import { createDeterministicOperators, type DeterministicOperatorsOptions } from '../src/operators/deterministic/index.js';
import type { Operators } from '../src/operators/types.js';
import { benchEvaluator, benchSize, median, runSearch, table, type RunOutcome } from './problems/harness.js';
import { REPAIR_PROBLEMS } from './problems/repair-set.js';
import { repairToProblem } from './problems/to-problem.js';
import type { RepairProblem } from './problems/types.js';

/** Options of {@link runRepairBench}. */
export interface RepairBenchOptions {
  problems?: RepairProblem[];
  /** Evaluations allowed per problem. */
  budget?: number;
  seed?: number;
  /** Operators to use (default: the deterministic operators with `operatorOptions`). */
  operators?: () => Operators;
  operatorOptions?: DeterministicOperatorsOptions;
  /** Engine settings to change (ablation). */
  config?: Partial<EvolutionConfig>;
  log?: (line: string) => void;
}

/** Summary of a repair run over a problem set. */
export interface RepairSummary {
  problems: number;
  repaired: number;
  medianEvaluations: number;
  heldOutPassing: number;
  rows: Array<{ id: string; defect: string; outcome: RunOutcome }>;
}

/** Runs the repair benchmark: each buggy program evolved with SEDarwin in the real sandbox within a fixed budget. */
export async function runRepairBench(options: RepairBenchOptions = {}): Promise<RepairSummary> {
  const problems = options.problems ?? REPAIR_PROBLEMS;
  const budget = options.budget ?? 200;
  const seed = options.seed ?? 1;
  const evaluator = benchEvaluator();
  const rows: RepairSummary['rows'] = [];
  try {
    for (const p of problems) {
      const operators = options.operators?.() ?? createDeterministicOperators(options.operatorOptions);
      const outcome = await runSearch({ problem: repairToProblem(p), operators, evaluator, seed, budget, ...(options.config ? { config: options.config } : {}) });
      rows.push({ id: p.id, defect: p.defect, outcome });
      options.log?.(`  ${p.id}: ${outcome.solved ? `repaired in ${outcome.evaluations}` : `not repaired (best ${outcome.bestScore.toFixed(2)})`}`);
    }
  } finally {
    await evaluator.close?.();
  }
  const repairedRows = rows.filter((r) => r.outcome.solved);
  return {
    problems: rows.length,
    repaired: repairedRows.length,
    medianEvaluations: median(repairedRows.map((r) => r.outcome.evaluations)),
    heldOutPassing: repairedRows.filter((r) => r.outcome.heldOutPassed).length,
    rows,
  };
}

const pct = (a: number, b: number): string => `${b ? ((100 * a) / b).toFixed(0) : 0}%`;

/** The repair benchmark over several seeds (logging progress at full size), with its wall time. */
export async function runSeeds(
  problems: RepairProblem[],
  budget: number,
  seeds: number[],
  log: boolean,
): Promise<{ summaries: RepairSummary[]; started: number }> {
  const started = Date.now();
  const summaries: RepairSummary[] = [];
  for (const seed of seeds) {
    summaries.push(await runRepairBench({ problems, budget, seed, log: log ? (l) => console.error(`seed ${seed}${l}`) : undefined }));
  }
  return { summaries, started };
}

/** Prints the per-program table of the first seed, a row per seed, and the totals over all seeds. */
export function printSeeds(runs: { summaries: RepairSummary[]; started: number }, seeds: number[], title: string): void {
  const { summaries, started } = runs;
  const first = summaries[0]!;
  console.log(`\n## ${title}\n`);
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
        ...(seeds.length > 1 ? [`${summaries.filter((run) => run.rows[i]!.outcome.solved).length}/${seeds.length}`] : []),
      ]),
    ),
  );
  console.log('');
  console.log(
    table(
      ['seed', 'repaired', 'median evaluations per repair', 'repairs passing held-out'],
      summaries.map((s, i) => [seeds[i]!, `${s.repaired}/${s.problems} (${pct(s.repaired, s.problems)})`, s.medianEvaluations, `${s.heldOutPassing}/${s.repaired} (${pct(s.heldOutPassing, s.repaired)})`]),
    ),
  );
  const repaired = summaries.reduce((a, s) => a + s.repaired, 0);
  const held = summaries.reduce((a, s) => a + s.heldOutPassing, 0);
  const total = summaries.reduce((a, s) => a + s.problems, 0);
  const evals = summaries.flatMap((s) => s.rows.filter((r) => r.outcome.solved).map((r) => r.outcome.evaluations));
  console.log(
    `\nall seeds: repaired ${repaired}/${total} (${pct(repaired, total)}), median evaluations per repair ${median(evals)}, repairs passing held-out ${held}/${repaired} (${pct(held, repaired)}); wall time ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function main(): Promise<void> {
  const size = benchSize();
  const problems = size === 'full' ? REPAIR_PROBLEMS : REPAIR_PROBLEMS.filter((p) => ['bitcount', 'merge-sorted', 'celsius-to-fahrenheit'].includes(p.id));
  const budget = size === 'full' ? 200 : 40;
  const seeds = size === 'full' ? [1, 2, 3] : [1];
  const runs = await runSeeds(problems, budget, seeds, size === 'full');
  printSeeds(runs, seeds, `Repair (${size}: ${runs.summaries[0]!.problems} programs, budget ${budget} evaluations each; per-program detail for seed ${seeds[0]})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
