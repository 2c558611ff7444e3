import { namespaces, safeParseRecord, TrainingExample, type Namespace, type Trajectory } from '@genesis/schemas';
import type { Filter, Item, MemoryStore } from '@genesis/memory-store';
import { codeHash } from '../normalize.js';
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

function searchSource(store: MemoryStore, prefix: Namespace, options: { filter?: Filter; query?: string }): Source {
  return async (offset, pageSize) => {
    const items = await store.search(prefix, { ...options, limit: pageSize, offset });
    // Filtered searches are put newest first here; text searches keep their relevance order.
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
  const sources: Source[] = [];
  for (const prefix of prefixes) {
    if (options.problem) {
      sources.push(searchSource(ctx.store, prefix, { filter: { 'outcome.context.problemId': options.problem.problemId } }));
      sources.push(searchSource(ctx.store, prefix, { filter: { taskType: options.problem.taskType } }));
    } else if (prefix.length === 3) {
      sources.push(listSource(ctx.store, prefix));
    } else {
      sources.push(searchSource(ctx.store, prefix, {}));
    }
  }
  if (options.problem) {
    const query = `${options.problem.taskType} ${options.problem.description}`.trim();
    for (const prefix of prefixes) sources.push(searchSource(ctx.store, prefix, { query }));
  }
  const seen = new Set<string>();
  const seenKeys = new Set<string>();
  const pageSize = Math.min(200, Math.max(16, limit * 2));
  // Several agents without a problem: read each agent's newest and merge, so "newest" holds across agents.
  const merge = !options.problem && prefixes.length > 1;
  const pool: Item[] = [];
  for (const source of sources) {
    let offset = 0;
    while (result.trajectories.length < limit && result.scanned < maxScan) {
      const items = await source(offset, pageSize);
      if (items.length === 0) break;
      offset += items.length;
      if (merge) {
        pool.push(...items);
        if (items.length < pageSize || pool.length >= limit * prefixes.length * 2) break;
        continue;
      }
      for (const item of items) {
        if (result.trajectories.length >= limit || result.scanned >= maxScan) break;
        consider(item);
      }
      if (items.length < pageSize) break;
    }
    if (result.trajectories.length >= limit) break;
  }
  if (merge) for (const item of pool.sort(byNewest)) if (result.trajectories.length < limit) consider(item);
  return result;

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
    const trajectory = createTrajectoryFromProductionPlan(plan, outcome, { exampleKey: item.key });
    const dedupeKey = trajectory.code.length > 0 ? `code:${codeHash(trajectory.code)}` : `id:${trajectory.trajectoryId}`;
    if (seen.has(dedupeKey) || seen.has(`id:${trajectory.trajectoryId}`)) return;
    seen.add(dedupeKey);
    seen.add(`id:${trajectory.trajectoryId}`);
    result.trajectories.push(trajectory);
  }
}
