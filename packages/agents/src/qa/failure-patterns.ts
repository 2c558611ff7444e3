import type { MemoryStore } from '@genesis/memory-store';
import { namespaces, safeParseRecord, ProductionOutcome } from '@genesis/schemas';

/** How one failing test behaved across QA runs of one problem or suite. */
export interface FailingTest {
  name: string;
  /** Failed runs this test failed in. */
  count: number;
  /** Message of the newest failure. */
  message: string;
}

/** What QA learned about one problem (or suite) from its failed runs. */
export interface FailurePattern {
  /** `problemId` of the target, else the suite name. */
  key: string;
  taskType: string;
  failedRuns: number;
  /** Failing tests, most frequent first. */
  tests: FailingTest[];
  /** outcomeIds of the failed runs, newest first. */
  outcomeIds: string[];
  lastSeen: string;
}

interface StoredFailure {
  name?: unknown;
  message?: unknown;
}

/**
 * Reads an agent's failed QA outcomes from the store and groups them by problem (or suite): which tests fail, how
 * often, with the newest message. This is the failure knowledge SE-Darwin's revision operator needs (the failing
 * tests) and the demo reports.
 */
export async function readFailurePatterns(options: {
  store: MemoryStore;
  tenantId: string;
  agentName: string;
  taskType?: string;
  /** Most outcomes read, newest first (default 500). */
  limit?: number;
}): Promise<FailurePattern[]> {
  const items = await options.store.search(namespaces.outcomes(options.tenantId, options.agentName), {
    filter: { success: false, ...(options.taskType ? { taskType: options.taskType } : {}) },
    limit: options.limit ?? 500,
  });
  const outcomes = items
    .map((i) => safeParseRecord(ProductionOutcome, 'ProductionOutcome', i.value))
    .flatMap((p) => (p.ok ? [p.value] : []))
    .sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0));
  const groups = new Map<string, FailurePattern & { byName: Map<string, FailingTest> }>();
  for (const o of outcomes) {
    const ctx = o.context;
    const key = typeof ctx['problemId'] === 'string' ? ctx['problemId'] : typeof ctx['suite'] === 'string' ? ctx['suite'] : o.taskType;
    let g = groups.get(key);
    if (!g) {
      g = { key, taskType: o.taskType, failedRuns: 0, tests: [], outcomeIds: [], lastSeen: o.finishedAt, byName: new Map() };
      groups.set(key, g);
    }
    g.failedRuns++;
    g.outcomeIds.push(o.outcomeId);
    const result = o.result as { failures?: unknown } | null;
    const failures = Array.isArray(result?.failures) ? (result.failures as StoredFailure[]) : [];
    for (const f of failures) {
      if (typeof f?.name !== 'string') continue;
      const t = g.byName.get(f.name);
      if (t) t.count++;
      else g.byName.set(f.name, { name: f.name, count: 1, message: typeof f.message === 'string' ? f.message : '' });
    }
  }
  return [...groups.values()]
    .map(({ byName, ...g }) => ({ ...g, tests: [...byName.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)) }))
    .sort((a, b) => b.failedRuns - a.failedRuns || a.key.localeCompare(b.key));
}
