import { namespaces, safeParseRecord, TrainingExample, type Namespace, type Trajectory } from '@genesis/schemas';
import type { Item, MemoryStore } from '@genesis/memory-store';
import { normalizeCode } from '../normalize.js';
import type { Problem } from '../operators/types.js';
import { createTrajectoryFromProductionPlan } from './from-plan.js';

/** Options of `loadProductionTrajectories`. */
export interface LoadProductionOptions {
  /** Most trajectories returned (default 10). */
  limit?: number;
  /** Only successful outcomes (default true). Failures, when included, carry their failure reasons and score. */
  successOnly?: boolean;
  /** Read these agents' training records (default: this agent, or every agent of the tenant with `crossAgent`). */
  agents?: string[];
  /** Prefer records relevant to this problem: same problemId, then same task type, then text similarity. */
  problem?: Pick<Problem, 'problemId' | 'taskType' | 'description'>;
  /** Most records inspected before giving up on filling `limit` (default 50 × limit, at least 500). */
  maxScan?: number;
}

/** What a load returned. */
export interface LoadProductionResult {
  /** Newest first (or most relevant first when a problem was given), deduplicated by normalised code. */
  trajectories: Trajectory[];
  /** Records that were malformed (not a valid TrainingExample) and skipped. */
  skipped: number;
  /** Records inspected. */
  scanned: number;
}

interface LoadContext {
  store: MemoryStore;
  tenantId: string;
  agentName: string;
  crossAgent: boolean;
}

type Source = (offset: number, pageSize: number) => Promise<Item[]>;

function byNewest(a: Item, b: Item): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.key < b.key ? -1 : 1;
}

const STOPWORDS = new Set(
  'a an and are as at be by for from has in is it its of on or that the this to was were will with into each given list return returns number numbers'.split(' '),
);

/** The distinctive words of a problem, for the store's text index (common words make text search slow and vague). */
export function searchTerms(text: string, max = 8): string {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const out: string[] = [];
  for (const w of words) if (w.length > 1 && !STOPWORDS.has(w) && !out.includes(w) && out.length < max) out.push(w);
  return out.join(' ');
}

/** Pages of the newest records of one namespace (list() is ordered by last write, newest first). */
function listSource(store: MemoryStore, ns: Namespace): Source {
  let cursor: string | undefined;
  let done = false;
  return async (_offset, pageSize) => {
    if (done) return [];
    const page = await store.list(ns, { order: 'newest', limit: pageSize, ...(cursor ? { cursor } : {}) });
    cursor = page.nextCursor;
    if (!cursor) done = true;
    return page.items;
  };
}

function searchSource(store: MemoryStore, prefix: Namespace, options: { query?: string }): Source {
  return async (offset, pageSize) => {
    const items = await store.search(prefix, { ...options, limit: pageSize, offset });
    // Listing searches are put newest first here; text searches keep their relevance order.
    return options.query === undefined ? [...items].sort(byNewest) : items;
  };
}

function agentPrefixes(ctx: LoadContext, agents: string[] | undefined): Namespace[] {
  if (agents && agents.length > 0) return agents.map((a) => namespaces.training(ctx.tenantId, a));
  if (ctx.crossAgent) return [['training', ctx.tenantId]];
  return [namespaces.training(ctx.tenantId, ctx.agentName)];
}

/**
 * Reads training records and turns the usable ones into production trajectories. By default only plans that were
 * validated, or whose outcome was verified, count; rejected plans never do; malformed records are skipped and
 * counted, never fatal.
 */
export async function loadProduction(ctx: LoadContext, options: LoadProductionOptions = {}): Promise<LoadProductionResult> {
  const limit = options.limit ?? 10;
  const successOnly = options.successOnly ?? true;
  const maxScan = options.maxScan ?? Math.max(500, limit * 50);
  const result: LoadProductionResult = { trajectories: [], skipped: 0, scanned: 0 };
  if (limit <= 0) return result;
  const prefixes = agentPrefixes(ctx, options.agents);
  // Just over the limit: most training records are usable, and a smaller page is a cheaper query.
  const pageSize = Math.min(200, limit + 2);
  const seen = new Set<string>();
  const seenKeys = new Set<string>();
  if (options.problem) {
    await loadRelevant(options.problem);
    return result;
  }
  const sources = prefixes.map((prefix) =>
    prefix.length === 3 ? listSource(ctx.store, prefix) : searchSource(ctx.store, prefix, {}),
  );
  if (sources.length === 1) {
    for (let offset = 0; result.trajectories.length < limit && result.scanned < maxScan; ) {
      const items = await sources[0]!(offset, pageSize);
      offset += items.length;
      for (const item of items) if (result.trajectories.length < limit && result.scanned < maxScan) consider(item);
      if (items.length < pageSize) break;
    }
    return result;
  }
  // Several agents: read each agent's newest and merge, so "newest" holds across agents.
  const pool: Item[] = [];
  for (const source of sources) pool.push(...(await source(0, pageSize)));
  for (const item of pool.sort(byNewest)) if (result.trajectories.length < limit) consider(item);
  return result;

  /**
   * Relevance without scanning the whole store: the newest `maxScan` records are checked for the same problem, then
   * the same task type (cheap checks on the raw value); if that does not fill `limit`, the store's text index
   * supplies the most similar records.
   */
  async function loadRelevant(problem: NonNullable<LoadProductionOptions['problem']>): Promise<void> {
    const sameProblem: Item[] = [];
    const sameType: Item[] = [];
    const budget = Math.max(limit, Math.floor(maxScan / prefixes.length));
    for (const prefix of prefixes) {
      const source = prefix.length === 3 ? listSource(ctx.store, prefix) : searchSource(ctx.store, prefix, {});
      let read = 0;
      for (let offset = 0; read < budget && sameProblem.length < limit; ) {
        const items = await source(offset, 200);
        offset += items.length;
        read += items.length;
        for (const item of items) {
          const v = item.value as { taskType?: unknown; outcome?: { context?: { problemId?: unknown } } } | null;
          if (typeof v !== 'object' || v === null) continue;
          if (v.outcome?.context?.problemId === problem.problemId) sameProblem.push(item);
          else if (v.taskType === problem.taskType) sameType.push(item);
        }
        if (items.length < 200) break;
      }
    }
    for (const item of [...sameProblem.sort(byNewest), ...sameType.sort(byNewest)]) {
      if (result.trajectories.length >= limit) return;
      consider(item);
    }
    const query = searchTerms(`${problem.taskType} ${problem.description}`);
    if (query.length === 0) return;
    for (const prefix of prefixes) {
      if (result.trajectories.length >= limit) return;
      const items = await ctx.store.search(prefix, { query, limit: Math.min(1000, limit * 4) });
      for (const item of items) if (result.trajectories.length < limit) consider(item);
    }
  }

  function consider(item: Item): void {
    const itemKey = `${item.namespace.join('\u0000')}\u0000${item.key}`;
    if (seenKeys.has(itemKey)) return;
    seenKeys.add(itemKey);
    result.scanned++;
    const parsed = safeParseRecord(TrainingExample, 'TrainingExample', item.value);
    if (!parsed.ok) {
      result.skipped++;
      return;
    }
    const { plan, outcome } = parsed.value;
    if (plan.status === 'rejected') return;
    if (outcome.success) {
      if (!(outcome.verified || plan.status === 'validated')) return;
    } else if (successOnly) return;
    const trajectory = createTrajectoryFromProductionPlan(plan, outcome, { exampleKey: item.key, trustedInput: true });
    const dedupeKey = trajectory.code.length > 0 ? `code:${normalizeCode(trajectory.code)}` : `id:${trajectory.trajectoryId}`;
    if (seen.has(dedupeKey) || seen.has(`id:${trajectory.trajectoryId}`)) return;
    seen.add(dedupeKey);
    seen.add(`id:${trajectory.trajectoryId}`);
    result.trajectories.push(trajectory);
  }
}
