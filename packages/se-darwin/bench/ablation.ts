import type { EvolutionConfig } from '../src/config.js';
import { pathToFileURL } from 'node:url';
import { createDeterministicOperators, type DeterministicOperatorsOptions } from '../src/operators/deterministic/index.js';
import type { Operators } from '../src/operators/types.js';
import { benchSize, median, table } from './problems/harness.js';
import { REPAIR_PROBLEMS } from './problems/repair-set.js';
import { runRepairBench, type RepairSummary } from './repair.js';

/** One configuration of the ablation: operators with one part switched off. */
export interface AblationVariant {
  name: string;
  make: () => Operators;
  /** Engine settings changed for this variant. */
  config?: Partial<EvolutionConfig>;
}

const off = (ops: Operators, method: 'revise' | 'recombine' | 'refine'): Operators => ({ ...ops, [method]: async () => [] });
const withOptions = (o: DeterministicOperatorsOptions) => () => createDeterministicOperators(o);

/** The variants: defaults, each SE-Agent operator off in turn, each guidance signal off in turn, and the opt-in branch crossover on. */
export const ABLATION_VARIANTS: AblationVariant[] = [
  { name: 'defaults', make: withOptions({}) },
  { name: 'no revision', make: () => off(createDeterministicOperators(), 'revise') },
  { name: 'no recombination', make: () => off(createDeterministicOperators(), 'recombine') },
  { name: 'no refinement', make: () => off(createDeterministicOperators(), 'refine') },
  { name: 'no fault localisation', make: withOptions({ faultLocalisation: false }) },
  { name: 'no backtracking', make: withOptions({ backtracking: false }) },
  { name: 'no neutral backtracking', make: withOptions({ neutralBacktracking: false }) },
  { name: 'no anchor (engine)', make: withOptions({}), config: { anchorGenerations: 0 } },
  { name: 'no transplants', make: withOptions({ transplants: false }) },
  { name: 'no insight bias', make: withOptions({ insightBias: false }) },
  { name: 'with branch crossover', make: withOptions({ branchCrossover: true }) },
];

/** Runs the repair set once per variant (same seed and budget), in the real sandbox through SEDarwin. */
export async function runAblation(options: { variants?: AblationVariant[]; problems?: typeof REPAIR_PROBLEMS; budget?: number; seed?: number; log?: (l: string) => void }) {
  const out: Array<{ name: string; summary: RepairSummary }> = [];
  for (const v of options.variants ?? ABLATION_VARIANTS) {
    const summary = await runRepairBench({
      operators: v.make,
      ...(v.config ? { config: v.config } : {}),
      ...(options.problems ? { problems: options.problems } : {}),
      ...(options.budget !== undefined ? { budget: options.budget } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
    out.push({ name: v.name, summary });
    options.log?.(`  ${v.name}: ${summary.repaired}/${summary.problems}`);
  }
  return out;
}

async function main(): Promise<void> {
  const size = benchSize();
  const problems = size === 'full' ? REPAIR_PROBLEMS : REPAIR_PROBLEMS.filter((p) => ['gcd', 'clamp'].includes(p.id));
  const variants = size === 'full' ? ABLATION_VARIANTS : ABLATION_VARIANTS.slice(0, 4);
  const budget = size === 'full' ? 150 : 30;
  const started = Date.now();
  const rows = await runAblation({ problems, variants, budget, log: size === 'full' ? (l) => console.error(l) : undefined });
  const base = rows[0]!.summary;
  console.log(`\n## Ablation (${size}: ${problems.length} repair programs, budget ${budget} evaluations each, seed 1)\n`);
  console.log(
    table(
      ['variant', 'repaired', 'Δ vs defaults', 'median evaluations per repair', 'repairs passing held-out', 'lost vs defaults'],
      rows.map((r) => {
        const repaired = new Set(r.summary.rows.filter((x) => x.outcome.solved).map((x) => x.id));
        const lost = base.rows.filter((x) => x.outcome.solved && !repaired.has(x.id)).map((x) => x.id);
        return [
          r.name,
          `${r.summary.repaired}/${r.summary.problems}`,
          r === rows[0] ? '—' : `${r.summary.repaired - base.repaired >= 0 ? '+' : ''}${r.summary.repaired - base.repaired}`,
          r.summary.medianEvaluations,
          `${r.summary.heldOutPassing}/${r.summary.repaired}`,
          r === rows[0] ? '—' : lost.join(', ') || 'none',
        ];
      }),
    ),
  );
  console.log(`\nmedian over variants of repaired: ${median(rows.map((r) => r.summary.repaired))}; wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
