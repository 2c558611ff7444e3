import type { JsonValue } from '@genesis/schemas';
import type { InsightStats, Insights } from './operators/types.js';

/** Insights with nothing recorded yet. */
export function emptyInsights(): Insights {
  return { operators: {}, edits: {}, seeds: {} };
}

function bump(table: Record<string, InsightStats>, key: string, improved: boolean): void {
  const stats = (table[key] ??= { attempts: 0, improvements: 0 });
  stats.attempts++;
  if (improved) stats.improvements++;
}

/** Credits one evaluated candidate: its operator, each of its edits and each production seed it drew from. */
export function creditInsights(
  insights: Insights,
  credit: { operator: string; edits: readonly string[]; seeds: readonly string[]; improved: boolean },
): void {
  bump(insights.operators, credit.operator, credit.improved);
  for (const edit of new Set(credit.edits)) bump(insights.edits, edit, credit.improved);
  for (const seed of new Set(credit.seeds)) bump(insights.seeds, seed, credit.improved);
}

function addTable(into: Record<string, InsightStats>, from: Record<string, InsightStats>): void {
  for (const [key, stats] of Object.entries(from)) {
    const target = (into[key] ??= { attempts: 0, improvements: 0 });
    target.attempts += stats.attempts;
    target.improvements += stats.improvements;
  }
}

/** `a + b`, as a new object. */
export function mergeInsights(a: Insights, b: Insights): Insights {
  const out = emptyInsights();
  for (const x of [a, b]) {
    addTable(out.operators, x.operators);
    addTable(out.edits, x.edits);
    addTable(out.seeds, x.seeds);
  }
  return out;
}

/** Laplace-smoothed improvement rate: (improvements + 1) / (attempts + 2). Unknown things start at 0.5. */
export function improvementRate(stats: InsightStats | undefined): number {
  return ((stats?.improvements ?? 0) + 1) / ((stats?.attempts ?? 0) + 2);
}

function readTable(value: unknown): Record<string, InsightStats> {
  const out: Record<string, InsightStats> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [key, stats] of Object.entries(value as Record<string, unknown>)) {
    if (key === '__proto__' || typeof stats !== 'object' || stats === null) continue;
    const { attempts, improvements } = stats as Record<string, unknown>;
    if (typeof attempts !== 'number' || typeof improvements !== 'number') continue;
    if (!(attempts >= 0 && improvements >= 0 && improvements <= attempts)) continue;
    out[key] = { attempts: Math.floor(attempts), improvements: Math.floor(improvements) };
  }
  return out;
}

/** Reads insights from stored JSON, dropping anything malformed. */
export function parseInsights(value: unknown): Insights {
  if (typeof value !== 'object' || value === null) return emptyInsights();
  const v = value as Record<string, unknown>;
  return { operators: readTable(v.operators), edits: readTable(v.edits), seeds: readTable(v.seeds) };
}

/** Insights as a JSON value for the store. */
export function insightsToJson(insights: Insights): JsonValue {
  return JSON.parse(JSON.stringify(insights)) as JsonValue;
}
