import type { Operator } from '@genesis/schemas';
import { improvementRate } from '../insights.js';
import type { Insights } from '../operators/types.js';

/** The operators that share a generation's slots after generation 0, in the order they are called. */
export const EVOLVING_OPERATORS = ['revision', 'recombination', 'refinement'] as const;
export type EvolvingOperator = (typeof EVOLVING_OPERATORS)[number];

const BASE_WEIGHT: Record<EvolvingOperator, number> = { revision: 2, recombination: 1, refinement: 1 };

/**
 * Splits `slots` among the applicable operators: every applicable operator gets at least one slot when there are
 * enough (so recombination and refinement are never starved), the rest goes by base weight × the operator's
 * smoothed improvement rate from the agent's insights (largest remainder, ties in call order).
 */
export function allocateSlots(
  slots: number,
  applicable: ReadonlySet<EvolvingOperator>,
  insights: Insights,
): Partial<Record<Operator, number>> {
  const ops = EVOLVING_OPERATORS.filter((op) => applicable.has(op));
  const out: Partial<Record<Operator, number>> = {};
  if (ops.length === 0 || slots <= 0) return out;
  const weight = (op: EvolvingOperator): number => BASE_WEIGHT[op] * improvementRate(insights.operators[op]);
  if (slots < ops.length) {
    const ranked = [...ops].sort((a, b) => weight(b) - weight(a));
    for (const op of ranked.slice(0, slots)) out[op] = 1;
    return out;
  }
  for (const op of ops) out[op] = 1;
  const rest = slots - ops.length;
  const total = ops.reduce((s, op) => s + weight(op), 0);
  const shares = ops.map((op) => ({ op, exact: (rest * weight(op)) / total }));
  let given = 0;
  for (const s of shares) {
    const whole = Math.floor(s.exact);
    out[s.op] = (out[s.op] ?? 0) + whole;
    given += whole;
  }
  const byRemainder = shares
    .map((s, i) => ({ ...s, i, rem: s.exact - Math.floor(s.exact) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; k < rest - given; k++) {
    const op = byRemainder[k % byRemainder.length]!.op;
    out[op] = (out[op] ?? 0) + 1;
  }
  return out;
}
