// An independent recomputation of the demo's report from the store's raw records. It shares no code with src/
// except the workload definition (which tasks exist): every number is derived here from outcomes, evolution records
// and strategy versions.
import type { MemoryStore } from '@genesis/memory-store';
import type { TaskDef } from '../src/types.js';

type Json = Record<string, any>;

async function all(store: MemoryStore, ns: string[]): Promise<{ key: string; value: Json }[]> {
  const out: { key: string; value: Json }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(ns, { limit: 500, ...(cursor ? { cursor } : {}) });
    for (const i of page.items) out.push({ key: i.key, value: i.value as Json });
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export interface Recomputed {
  before: Record<string, { success: boolean; passed: number; total: number; source: string }>;
  after: Record<string, { success: boolean; passed: number; total: number; source: string }>;
  rateBefore: number;
  rateAfter: number;
  learning: Record<
    string,
    {
      evaluations: number;
      storedTrajectories: number;
      iterations: number;
      bestScore: number;
      stoppedBecause: string;
      productionSeeds: number;
      winner: { trajectoryId: string; operator: string; generation: number } | null;
      winnerOperator: string | null;
      perOperator: Json;
      seedOutcomeIds: string[];
    }
  >;
  strategies: { problemId: string; version: number; heldOutScore: number }[];
  records: { outcomes: Record<string, number>; verified: Record<string, number>; training: number };
  seedTasks: Record<string, string[]>;
  /** Winner task → the outcomes in its recorded lineage, with their plans' confidence from the training records. */
  seedOutcomes: Record<string, { outcomeId: string; confidence: number | null }[]>;
}

const within = (o: Json, w: { startedAt: string; finishedAt: string | null }) =>
  o.startedAt >= w.startedAt && (w.finishedAt === null || o.finishedAt <= w.finishedAt);

const latest = (xs: Json[]) => xs.sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0))[0];

export async function recompute(store: MemoryStore, tenantId: string, workload: TaskDef[]): Promise<Recomputed> {
  const state = (await store.get(['demo', tenantId], 'state'))!.value as Json;
  const builder = (await all(store, ['outcomes', tenantId, 'builder_agent'])).map((i) => i.value);
  const qa = (await all(store, ['outcomes', tenantId, 'qa_agent'])).map((i) => i.value);

  const phaseRuns = (window: { startedAt: string; finishedAt: string | null }) => {
    const runs: Recomputed['before'] = {};
    for (const task of workload) {
      const b = latest(
        builder.filter(
          (o) => within(o, window) && (task.kind === 'function' ? o.context?.problemId === task.taskId : o.context?.appName === task.appName),
        ),
      );
      const q = latest(
        qa.filter(
          (o) =>
            within(o, window) &&
            (task.kind === 'function' ? o.context?.problemId === task.taskId : o.result?.target?.appName === task.appName),
        ),
      );
      runs[task.taskId] = {
        success: b?.verified === true,
        passed: q?.result?.passed ?? 0,
        total: q?.result?.total ?? 0,
        source: task.kind === 'function' ? (b?.result?.source ?? 'none') : 'generator',
      };
    }
    return runs;
  };
  const before = phaseRuns(state.windows['production-before']);
  const after = phaseRuns(state.windows['production-after']);

  const learning: Recomputed['learning'] = {};
  const seedTasks: Record<string, string[]> = {};
  const runNamespaces = (await store.listNamespaces({ prefix: ['evolution', tenantId, 'builder_agent'], limit: 1000 })).filter(
    (ns) => ns.length === 4 && !ns[3]!.startsWith('_'),
  );
  for (const ns of runNamespaces) {
    const items = await all(store, ns);
    const run = items.find((i) => i.key === 'run')!.value;
    const trajectories = items.filter((i) => i.key.startsWith('trajectory:')).map((i) => i.value);
    const best = trajectories.find((t) => t.trajectoryId === run.bestTrajectoryId);
    const win = best && best.score >= 1 ? best : null;
    const seedOutcomeIds: string[] = win ? [...new Set<string>(win.metadata.lineageOutcomeIds ?? [])].sort() : [];
    learning[run.problemId] = {
      evaluations: run.evaluations,
      storedTrajectories: trajectories.length,
      iterations: run.generation,
      bestScore: run.bestScore,
      stoppedBecause: run.stoppedBecause,
      // The seeds the run loaded, as its checkpoint lists them (ids, or whole trajectories in older checkpoints).
      productionSeeds: (() => {
        const cp = items.find((i) => i.key === 'checkpoint')?.value;
        return (cp?.productionIds ?? cp?.production ?? []).length as number;
      })(),
      winner: win ? { trajectoryId: win.trajectoryId, operator: win.operator, generation: win.generation } : null,
      winnerOperator: win ? win.operator : null,
      perOperator: run.perOperator,
      seedOutcomeIds,
    };
    if (win && seedOutcomeIds.length > 0) {
      seedTasks[run.problemId] = seedOutcomeIds
        .map((id) => builder.find((o) => o.outcomeId === id)?.context?.problemId as string)
        .sort();
    }
  }

  const strategies = (await all(store, ['strategies', tenantId, 'builder_agent']))
    .filter((i) => i.key.startsWith('version:'))
    .map((i) => ({ problemId: i.value.problemId, version: i.value.version, heldOutScore: i.value.heldOutScore }));

  const builderTraining = (await all(store, ['training', tenantId, 'builder_agent'])).map((i) => i.value);
  const training = builderTraining.length + (await all(store, ['training', tenantId, 'qa_agent'])).length;
  const seedOutcomes: Recomputed['seedOutcomes'] = {};
  for (const [task, l] of Object.entries(learning)) {
    if (l.seedOutcomeIds.length === 0) continue;
    seedOutcomes[task] = l.seedOutcomeIds.map((outcomeId) => ({
      outcomeId,
      confidence: builderTraining.find((t) => t.outcome.outcomeId === outcomeId)?.plan.confidence ?? null,
    }));
  }
  const ok = (runs: Recomputed['before']) => Object.values(runs).filter((r) => r.success).length;
  return {
    before,
    after,
    rateBefore: ok(before) / workload.length,
    rateAfter: ok(after) / workload.length,
    learning,
    strategies,
    records: {
      outcomes: { builder_agent: builder.length, qa_agent: qa.length },
      verified: { builder_agent: builder.filter((o) => o.verified).length, qa_agent: qa.filter((o) => o.verified).length },
      training,
    },
    seedTasks,
    seedOutcomes,
  };
}
