import type { JsonValue } from '@genesis/schemas';
import type { MemoryStore } from '@genesis/memory-store';
import type { DemoSize } from './args.js';
import type { Phase } from './types.js';

/** What one production run of a task came to (also recomputable from its outcome records). */
export interface TaskRun {
  success: boolean;
  /** Tests (function tasks) or HTTP checks (backends) that passed, of `total`. */
  passed: number;
  total: number;
  /** Where the Builder's code came from: `skill`, `strategy`, `model`, or `generator` for backends. */
  source: string;
  sourceId: string;
  /** The Builder's rationale when it passed, the first failure otherwise. */
  detail: string;
  /** The function the Builder produced (function tasks): SE-Darwin's starter code when it failed. */
  code?: string;
  durationMs: number;
}

/** What learning did for one failed task (the full result is in the evolution records). */
export interface LearningRun {
  runId: string;
  bestScore: number;
  evaluations: number;
  stoppedBecause: string;
}

/** What promotion decided for one task. */
export interface PromotionRun {
  promoted: boolean;
  reason: string;
  heldOutScore: number;
  strategyId: string | null;
  version: number | null;
  trajectoryId: string | null;
}

/**
 * The demo's progress, kept in the store (`['demo', tenantId]`, key `state`) and rewritten after every task, so a
 * stopped run resumes where it was: which phase, and which tasks of it are done.
 */
export interface RunState {
  format: 1;
  tenantId: string;
  seed: number;
  size: DemoSize;
  /** Processes that worked on this run (1 + resumes). */
  sessions: number;
  phase: Phase | 'done';
  startedAt: string;
  finishedAt: string | null;
  /** When each phase started and finished (ISO); outcomes of a phase lie inside its window. */
  windows: Partial<Record<Phase, { startedAt: string; finishedAt: string | null }>>;
  /** Active wall time per phase, summed across sessions (ms). */
  phaseMs: Partial<Record<Phase, number>>;
  before: Record<string, TaskRun>;
  learning: Record<string, LearningRun>;
  promotion: Record<string, PromotionRun>;
  after: Record<string, TaskRun>;
}

/** Namespace of the demo's own records for a tenant. */
export const stateNamespace = (tenantId: string): string[] => ['demo', tenantId];
/** Key of the run-state record in {@link stateNamespace}. */
export const STATE_KEY = 'state';

/** A fresh state for a new run. */
export function newRunState(input: { tenantId: string; seed: number; size: DemoSize; now: string }): RunState {
  return {
    format: 1,
    tenantId: input.tenantId,
    seed: input.seed,
    size: input.size,
    sessions: 1,
    phase: 'production-before',
    startedAt: input.now,
    finishedAt: null,
    windows: {},
    phaseMs: {},
    before: {},
    learning: {},
    promotion: {},
    after: {},
  };
}

function isRunState(value: unknown): value is RunState {
  const v = value as Partial<RunState> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.format === 1 &&
    typeof v.tenantId === 'string' &&
    typeof v.phase === 'string' &&
    typeof v.before === 'object' &&
    typeof v.after === 'object'
  );
}

/** Reads the run state of a tenant, or null when there is none (or it is unreadable). */
export async function loadRunState(store: MemoryStore, tenantId: string): Promise<RunState | null> {
  const item = await store.get(stateNamespace(tenantId), STATE_KEY);
  return item && isRunState(item.value) ? (item.value as RunState) : null;
}

/** Writes the run state. */
export async function saveRunState(store: MemoryStore, state: RunState): Promise<void> {
  await store.put(stateNamespace(state.tenantId), STATE_KEY, state as unknown as JsonValue, { index: false });
}

/**
 * Deletes every record of a tenant (all namespaces whose second segment is the tenant): a `--fresh` start, or a
 * rerun of a finished demo. Returns how many records were deleted.
 */
export async function wipeTenant(store: MemoryStore, tenantId: string): Promise<number> {
  const all: string[][] = [];
  for (let offset = 0; ; offset += 10_000) {
    const page = await store.listNamespaces({ limit: 10_000, offset });
    all.push(...page);
    if (page.length < 10_000) break;
  }
  let deleted = 0;
  for (const ns of all) {
    if (ns[1] !== tenantId) continue;
    for (;;) {
      const page = await store.list(ns, { limit: 500 });
      if (page.items.length === 0) break;
      for (const item of page.items) if (await store.delete(ns, item.key)) deleted++;
    }
  }
  return deleted;
}
