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
