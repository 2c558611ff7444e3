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
 * The production trajectories behind a winner, as SE-Darwin recorded them on the winner (`metadata.lineageSeedIds`:
 * seeds its ancestors were adapted from or drew transplanted code from), each with the production task whose verified
 * run it came from. A winner without recorded lineage gets no credit.
 */
export async function seedCredits(
  store: MemoryStore,
  tenantId: string,
  taskId: string,
  winner: Trajectory,
  result: EvolutionResult,
): Promise<SeedCredit[]> {
  const production = new Map(result.production.map((t) => [t.trajectoryId, t]));
  const recorded = winner.metadata.lineageSeedIds;
  const seedIds = Array.isArray(recorded) ? recorded.filter((id): id is string => typeof id === 'string') : [];
  const credits: SeedCredit[] = [];
  for (const id of [...new Set(seedIds)].sort()) {
    const t = production.get(id);
    const outcomeId = typeof t?.metadata.outcomeId === 'string' ? t.metadata.outcomeId : null;
    const outcome = outcomeId ? await store.get(namespaces.outcomes(tenantId, t!.agentName), outcomeId) : null;
    const o = outcome?.value as { taskType?: string; context?: { problemId?: string; appName?: string } } | undefined;
    credits.push({
      taskId,
      winnerTrajectoryId: winner.trajectoryId,
      seedTrajectoryId: id,
      outcomeId,
      planId: typeof t?.metadata.planId === 'string' ? t.metadata.planId : null,
      fromTask: o?.context?.problemId ?? o?.context?.appName ?? null,
      fromTaskType: o?.taskType ?? null,
      confidence: typeof t?.metadata.confidence === 'number' ? t.metadata.confidence : null,
    });
  }
  return credits;
}
