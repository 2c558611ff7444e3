import { namespaces, type Trajectory } from '@genesis/schemas';
import type { MemoryStore } from '@genesis/memory-store';
import type { EvolutionResult } from '@genesis/se-darwin';
import type { DemoReport, SeedCredit } from './report.js';

/** Every item of one namespace (paged). */
export async function listAll(store: MemoryStore, namespace: readonly string[]) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(namespace, { limit: 500, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Counts the tenant's records: outcomes (and verified ones) per agent, training examples, strategy versions, runs. */
export async function countRecords(store: MemoryStore, tenantId: string, agents: string[]): Promise<DemoReport['records']> {
  const outcomes: Record<string, number> = {};
  const verifiedOutcomes: Record<string, number> = {};
  let trainingExamples = 0;
  let strategies = 0;
  for (const agent of agents) {
    const items = await listAll(store, namespaces.outcomes(tenantId, agent));
    outcomes[agent] = items.length;
    verifiedOutcomes[agent] = items.filter((i) => (i.value as { verified?: unknown }).verified === true).length;
    trainingExamples += (await listAll(store, namespaces.training(tenantId, agent))).length;
    strategies += (await listAll(store, namespaces.strategies(tenantId, agent))).filter((i) => i.key.startsWith('version:')).length;
  }
  const runs = (await store.listNamespaces({ prefix: ['evolution', tenantId], limit: 10_000 })).filter(
    (ns) => ns.length === 4 && !ns[3]!.startsWith('_'),
  );
  let evolutionRuns = 0;
  for (const ns of runs) if (await store.get(ns, 'run')) evolutionRuns++;
  return { outcomes, verifiedOutcomes, trainingExamples, strategies, evolutionRuns };
}

/** The winning trajectory of a run (its best, when it passed every visible test). */
export function winnerOf(result: EvolutionResult): Trajectory | null {
  return result.best && result.best.score >= 1 ? result.best : null;
}

/**
 * The production trajectories in a winner's lineage (following parentIds through the run's archive, its production
 * seeds and, for pruned ancestors, the stored trajectory records), each with the production task it came from.
 */
export async function seedCredits(
  store: MemoryStore,
  tenantId: string,
  taskId: string,
  winner: Trajectory,
  result: EvolutionResult,
): Promise<SeedCredit[]> {
  const known = new Map<string, Trajectory>();
  const seedIds = new Set(result.production.map((t) => t.trajectoryId));
  for (const t of [...result.archive, ...result.production]) known.set(t.trajectoryId, t);
  const ns = namespaces.evolution(tenantId, winner.agentName, result.runId);
  const lookup = async (id: string): Promise<Trajectory | undefined> => {
    const hit = known.get(id);
    if (hit) return hit;
    const item = await store.get(ns, `trajectory:${id}`);
    return (item?.value as unknown as Trajectory | undefined) ?? undefined;
  };
  const seen = new Set<string>();
  const queue = [winner.trajectoryId];
  const credits: SeedCredit[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const t = await lookup(id);
    if (!t) continue;
    // The production seeds themselves (adapted copies inside the run carry no outcome of their own).
    if (seedIds.has(t.trajectoryId) || (t.operator === 'production' && typeof t.metadata.outcomeId === 'string')) {
      const outcomeId = typeof t.metadata.outcomeId === 'string' ? t.metadata.outcomeId : null;
      const outcome = outcomeId ? await store.get(namespaces.outcomes(tenantId, t.agentName), outcomeId) : null;
      const o = outcome?.value as { taskType?: string; context?: { problemId?: string; appName?: string } } | undefined;
      credits.push({
        taskId,
        winnerTrajectoryId: winner.trajectoryId,
        seedTrajectoryId: t.trajectoryId,
        outcomeId,
        planId: typeof t.metadata.planId === 'string' ? t.metadata.planId : null,
        fromTask: o?.context?.problemId ?? o?.context?.appName ?? null,
        fromTaskType: o?.taskType ?? null,
        confidence: typeof t.metadata.confidence === 'number' ? t.metadata.confidence : null,
      });
    }
    queue.push(...t.parentIds);
  }
  return credits.sort((a, b) => (a.seedTrajectoryId < b.seedTrajectoryId ? -1 : a.seedTrajectoryId > b.seedTrajectoryId ? 1 : 0));
}
