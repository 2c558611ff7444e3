import { createHash } from 'node:crypto';
import { namespaces, parseStrategy, safeParseRecord, Strategy, type JsonValue } from '@genesis/schemas';
import type { MemoryStore } from '@genesis/memory-store';

/** Where a strategy applies: a task type, optionally narrowed to one problem. */
export interface StrategyScope {
  taskType: string;
  problemId?: string;
}

/** Options identifying an agent's strategies. */
export interface StrategyLookup extends StrategyScope {
  store: MemoryStore;
  tenantId: string;
  agentName: string;
}

interface ScopeHead {
  taskType: string;
  problemId: string | null;
  /** Version in use, or null when none is. */
  active: number | null;
  /** Highest version written. */
  latest: number;
  /** Versions that were active before, most recent last (rollback pops). */
  previous: number[];
  /** Number of promote/rollback events logged for this scope. */
  events: number;
  updatedAt: string;
}

interface Heads {
  scopes: Record<string, ScopeHead>;
}

/** The record holding, per scope, which version is active (the only record that is ever rewritten). */
export const HEADS_KEY = 'heads';

export function scopeKey(scope: StrategyScope): string {
  return JSON.stringify([scope.taskType, scope.problemId ?? null]);
}

function scopeHash(scope: StrategyScope): string {
  return createHash('sha256').update(scopeKey(scope)).digest('hex').slice(0, 16);
}

export function versionKey(scope: StrategyScope, version: number): string {
  return `version:${scopeHash(scope)}:${String(version).padStart(6, '0')}`;
}

export function eventKey(scope: StrategyScope, seq: number): string {
  return `event:${scopeHash(scope)}:${String(seq).padStart(6, '0')}`;
}

function parseHeads(value: unknown): Heads {
  const scopes: Record<string, ScopeHead> = {};
  const raw = (value as { scopes?: unknown } | null)?.scopes;
  if (typeof raw === 'object' && raw !== null) {
    for (const [key, head] of Object.entries(raw as Record<string, unknown>)) {
      if (key === '__proto__' || typeof head !== 'object' || head === null) continue;
      const h = head as ScopeHead;
      if (typeof h.taskType !== 'string' || typeof h.latest !== 'number' || !Array.isArray(h.previous)) continue;
      scopes[key] = { ...h, events: typeof h.events === 'number' ? h.events : 0 };
    }
  }
  return { scopes };
}

export async function readHeads(store: MemoryStore, tenantId: string, agentName: string): Promise<Heads> {
  const item = await store.get(namespaces.strategies(tenantId, agentName), HEADS_KEY);
  return parseHeads(item?.value ?? null);
}

export function headsToJson(heads: Heads): JsonValue {
  return JSON.parse(JSON.stringify(heads)) as JsonValue;
}

async function readVersion(
  lookup: Omit<StrategyLookup, 'taskType' | 'problemId'>,
  scope: StrategyScope,
  version: number,
  active: number | null,
): Promise<Strategy | null> {
  const item = await lookup.store.get(namespaces.strategies(lookup.tenantId, lookup.agentName), versionKey(scope, version));
  if (!item) return null;
  const parsed = safeParseRecord(Strategy, 'Strategy', item.value);
  if (!parsed.ok) return null;
  return { ...parsed.value, status: version === active ? 'active' : 'retired' };
}

function pickScope(heads: Heads, scope: StrategyScope): ScopeHead | undefined {
  if (scope.problemId !== undefined) {
    const exact = heads.scopes[scopeKey(scope)];
    if (exact?.active != null) return exact;
  }
  const general = heads.scopes[scopeKey({ taskType: scope.taskType })];
  if (general?.active != null) return general;
  if (scope.problemId !== undefined) return undefined;
  // No problem named: the most recently changed scope of this task type that has an active version.
  return Object.values(heads.scopes)
    .filter((h) => h.taskType === scope.taskType && h.active != null)
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))[0];
}

/**
 * The strategy an agent should use for a task: the active version for `problemId` if one was promoted, else the
 * active one for the task type as a whole (without a `problemId`: the most recently promoted of that task type).
 * Null when nothing was promoted.
 *
 * @example
 * const s = await getActiveStrategy({ store, tenantId: 'acme', agentName: 'builder', taskType: 'sum-evens' });
 * if (s) useCode(s.code);
 */
export async function getActiveStrategy(options: StrategyLookup): Promise<Strategy | null> {
  const heads = await readHeads(options.store, options.tenantId, options.agentName);
  const head = pickScope(heads, options);
  if (!head || head.active == null) return null;
  const scope: StrategyScope =
    head.problemId === null ? { taskType: head.taskType } : { taskType: head.taskType, problemId: head.problemId };
  return readVersion(options, scope, head.active, head.active);
}

/**
 * Every version ever promoted for exactly this scope, oldest first, with `status` saying which one is active now.
 * History is append-only: versions are never rewritten or deleted.
 */
export async function listStrategyHistory(options: StrategyLookup): Promise<Strategy[]> {
  const heads = await readHeads(options.store, options.tenantId, options.agentName);
  const head = heads.scopes[scopeKey(options)];
  if (!head) return [];
  const out: Strategy[] = [];
  for (let v = 1; v <= head.latest; v++) {
    const s = await readVersion(options, options, v, head.active);
    if (s) out.push(s);
  }
  return out;
}

/** Writes a new version and makes it active, atomically with the head and an audit event. */
export async function appendStrategy(
  lookup: Omit<StrategyLookup, 'taskType' | 'problemId'>,
  build: (version: number) => Strategy,
  scope: StrategyScope,
  now: string,
): Promise<Strategy> {
  const ns = namespaces.strategies(lookup.tenantId, lookup.agentName);
  const heads = await readHeads(lookup.store, lookup.tenantId, lookup.agentName);
  const key = scopeKey(scope);
  const head: ScopeHead = heads.scopes[key] ?? {
    taskType: scope.taskType,
    problemId: scope.problemId ?? null,
    active: null,
    latest: 0,
    previous: [],
    events: 0,
    updatedAt: now,
  };
  const version = head.latest + 1;
  const strategy = parseStrategy(build(version));
  const from = head.active;
  if (head.active != null) head.previous.push(head.active);
  head.active = version;
  head.latest = version;
  head.events += 1;
  head.updatedAt = now;
  heads.scopes[key] = head;
  await lookup.store.putMany([
    { namespace: ns, key: versionKey(scope, version), value: strategy as unknown as JsonValue, index: ['taskType', 'plan.strategy'] },
    { namespace: ns, key: eventKey(scope, head.events), value: { type: 'promote', from, to: version, at: now }, index: false },
    { namespace: ns, key: HEADS_KEY, value: headsToJson(heads), index: false },
  ]);
  return strategy;
}

/** Re-activates the version that was active before the current one. Null when there is none to go back to. */
export async function rollbackStrategy(
  lookup: Omit<StrategyLookup, 'taskType' | 'problemId'>,
  scope: StrategyScope,
  now: string,
): Promise<Strategy | null> {
  const ns = namespaces.strategies(lookup.tenantId, lookup.agentName);
  const heads = await readHeads(lookup.store, lookup.tenantId, lookup.agentName);
  const head = heads.scopes[scopeKey(scope)];
  if (!head || head.previous.length === 0) return null;
  const from = head.active;
  const to = head.previous.pop()!;
  head.active = to;
  head.events += 1;
  head.updatedAt = now;
  await lookup.store.putMany([
    { namespace: ns, key: eventKey(scope, head.events), value: { type: 'rollback', from, to, at: now }, index: false },
    { namespace: ns, key: HEADS_KEY, value: headsToJson(heads), index: false },
  ]);
  return readVersion(lookup, scope, to, to);
}
