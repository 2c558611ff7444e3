import type { Rng } from '../../rng.js';
import type { Insights } from '../types.js';

/**
 * How much an edit kind's record in the insights raises or lowers its sampling weight: the Laplace-smoothed rate of
 * improvement relative to a prior of 1 in 4, bounded to [0.25, 4]. A kind never tried keeps weight 1.
 */
export function insightFactor(insights: Insights | undefined, kind: string): number {
  const stats = insights?.edits[kind];
  if (!stats || stats.attempts <= 0) return 1;
  const rate = (stats.improvements + 1) / (stats.attempts + 4);
  return Math.min(4, Math.max(0.25, rate / 0.25));
}

/**
 * A weighted random order of `n` items without replacement (Efraimidis–Spirakis: key = -ln(u) / w, ascending), so
 * heavier items tend to come first but every item with a positive weight is eventually reached. Items of weight 0
 * are left out.
 */
export function weightedOrder(weights: readonly number[], rng: Rng): number[] {
  const keyed: Array<{ i: number; key: number }> = [];
  weights.forEach((w, i) => {
    if (!(w > 0)) return;
    const u = Math.max(rng.next(), 1e-12);
    keyed.push({ i, key: -Math.log(u) / w });
  });
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  return keyed.map((k) => k.i);
}

/**
 * Prior probability mass of each edit kind, before the evidence. Roughly the frequencies of one-line fixes in
 * studies of real bug fixes (ManySStuBs4J, QuixBugs): wrong comparison and off-by-one bounds lead, then wrong
 * constants, operators and variables; statement-level changes are rarer. Graft material from production code is
 * valued highly because it is known to work on a related task.
 */
export const KIND_PRIORS: Readonly<Record<string, number>> = {
  comparison: 1,
  'off-by-one': 1,
  constant: 0.9,
  'binary-operator': 0.7,
  variable: 0.7,
  'variable:consistency': 0.8,
  'variable:literal': 0.25,
  'value:explains-delta': 2,
  'negate-condition': 0.6,
  'logical-operator': 0.5,
  'assignment-operator': 0.5,
  'method-swap': 0.5,
  'swap-operands': 0.4,
  'swap-arguments': 0.4,
  'swap-statements': 0.4,
  'delete-statement': 0.4,
  'update-operator': 0.3,
  'unary-remove': 0.3,
  'insert-statement': 0.3,
  'insert-break': 0.4,
  'insert-reset': 0.3,
  'boolean-check': 0.4,
  'swap-expressions': 0.25,
  'index-wrap': 0.3,
  'negate-value': 0.2,
  'transplant-expression:production': 0.9,
  'transplant-statement:production': 0.6,
  'transplant-expression:pool': 0.3,
  'transplant-statement:pool': 0.2,
};

/**
 * Weights for sampling edits in two stages — first a kind, then an edit of that kind — so that a kind with many
 * instances (every visible variable at every site) does not crowd out a kind with few (the one loop condition).
 * `within[i]` weighs edit i against the other edits of its kind; `kindWeight(kind)` weighs the kinds.
 */
export function twoStageWeights(kinds: readonly string[], within: readonly number[], kindWeight: (kind: string) => number): number[] {
  const totals = new Map<string, number>();
  kinds.forEach((k, i) => totals.set(k, (totals.get(k) ?? 0) + within[i]!));
  return kinds.map((k, i) => {
    const total = totals.get(k)!;
    return total > 0 ? (kindWeight(k) * within[i]!) / total : 0;
  });
}
