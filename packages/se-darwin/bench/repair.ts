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
      const outcome = await runSearch({ problem: repairToProblem(p), operators, evaluator, seed, budget });
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

async function main(): Promise<void> {
  const size = benchSize();
  const problems = size === 'full' ? REPAIR_PROBLEMS : REPAIR_PROBLEMS.filter((p) => ['binary-search', 'bitcount', 'merge-sorted', 'to-binary'].includes(p.id));
  const budget = size === 'full' ? 200 : 60;
  const started = Date.now();
  const s = await runRepairBench({ problems, budget, log: size === 'full' ? (l) => console.error(l) : undefined });
  console.log(`\n## Repair (${size}: ${s.problems} programs, budget ${budget} evaluations each, seed 1)\n`);
  console.log(
    table(
      ['program', 'defect', 'repaired', 'evaluations', 'held-out', 'edits of the repair'],
      s.rows.map((r) => [
        r.id,
        r.defect,
        r.outcome.solved ? 'yes' : 'no',
        r.outcome.solved ? r.outcome.evaluations : `${r.outcome.evaluations} (best ${r.outcome.bestScore.toFixed(2)})`,
        r.outcome.heldOutPassed === undefined ? '—' : r.outcome.heldOutPassed ? 'pass' : 'FAIL',
        r.outcome.solvingEdits.join(', ') || '—',
      ]),
    ),
  );
  console.log('');
  console.log(
    table(
      ['repaired', 'median evaluations per repair', 'repairs passing held-out', 'wall time'],
      [[`${s.repaired}/${s.problems} (${((100 * s.repaired) / s.problems).toFixed(0)}%)`, s.medianEvaluations, `${s.heldOutPassing}/${s.repaired} (${s.repaired ? ((100 * s.heldOutPassing) / s.repaired).toFixed(0) : 0}%)`, `${((Date.now() - started) / 1000).toFixed(1)} s`]],
    ),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
