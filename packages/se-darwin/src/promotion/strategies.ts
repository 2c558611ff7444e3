import { createHash } from 'node:crypto';
import { namespaces, parseStrategy, safeParseRecord, Strategy, type JsonValue } from '@genesis/schemas';
import { MemoryStoreError, type MemoryStore } from '@genesis/memory-store';

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

/**
 * The record earlier versions kept, holding every scope's head in one record rewritten by each promotion (so two
 * processes promoting different tasks at once could lose one). Still read, for scopes that have no head of their own.
 */
export const HEADS_KEY = 'heads';

export function scopeKey(scope: StrategyScope): string {
  return JSON.stringify([scope.taskType, scope.problemId ?? null]);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function scopeHash(scope: StrategyScope): string {
  return hash(scopeKey(scope));
}

export function versionKey(scope: StrategyScope, version: number): string {
  return `version:${scopeHash(scope)}:${String(version).padStart(6, '0')}`;
}

export function eventKey(scope: StrategyScope, seq: number): string {
  return `event:${scopeHash(scope)}:${String(seq).padStart(6, '0')}`;
}

/** One scope's head: which version is active. Its own record, so promotions of different scopes never collide. */
export function headKey(scope: StrategyScope): string {
  return `head:${scopeHash(scope)}`;
}

/** Per task type, the scope changed last: where a lookup without a problem goes (last writer wins, by design). */
function latestKey(taskType: string): string {
  return `latest:${hash(taskType)}`;
}

function parseHead(value: unknown): ScopeHead | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const h = value as ScopeHead;
  if (typeof h.taskType !== 'string' || typeof h.latest !== 'number' || !Array.isArray(h.previous)) return undefined;
  return { ...h, problemId: typeof h.problemId === 'string' ? h.problemId : null, events: typeof h.events === 'number' ? h.events : 0 };
}

/** The legacy aggregate record's scopes. */
function parseLegacyHeads(value: unknown): Record<string, ScopeHead> {
  const scopes: Record<string, ScopeHead> = {};
  const raw = (value as { scopes?: unknown } | null)?.scopes;
  if (typeof raw === 'object' && raw !== null) {
    for (const [key, head] of Object.entries(raw as Record<string, unknown>)) {
      const parsed = key === '__proto__' ? undefined : parseHead(head);
      if (parsed) scopes[key] = parsed;
    }
  }
  return scopes;
}

/**
 * Reads scope heads of one agent: a scope's own record, else what the legacy aggregate says. The aggregate is read
 * at most once per reader, however many scopes one lookup tries.
 */
function headReader(store: MemoryStore, ns: readonly string[]) {
  let legacy: Promise<Record<string, ScopeHead>> | undefined;
  const legacyHeads = () => (legacy ??= store.get(ns, HEADS_KEY).then((item) => parseLegacyHeads(item?.value)));
  return {
    legacyHeads,
    async read(scope: StrategyScope): Promise<ScopeHead | undefined> {
      const own = parseHead((await store.get(ns, headKey(scope)))?.value);
      return own ?? (await legacyHeads())[scopeKey(scope)];
    },
  };
}

async function readHead(store: MemoryStore, ns: readonly string[], scope: StrategyScope): Promise<ScopeHead | undefined> {
  return headReader(store, ns).read(scope);
}

function scopeOf(head: ScopeHead): StrategyScope {
  return head.problemId === null ? { taskType: head.taskType } : { taskType: head.taskType, problemId: head.problemId };
}

function headToJson(head: ScopeHead): JsonValue {
  return JSON.parse(JSON.stringify(head)) as JsonValue;
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

async function pickScope(lookup: StrategyLookup): Promise<ScopeHead | undefined> {
  const ns = namespaces.strategies(lookup.tenantId, lookup.agentName);
  const heads = headReader(lookup.store, ns);
  if (lookup.problemId !== undefined) {
    const exact = await heads.read(lookup);
    if (exact?.active != null) return exact;
  }
  const general = await heads.read({ taskType: lookup.taskType });
  if (general?.active != null) return general;
  if (lookup.problemId !== undefined) return undefined;
  // No problem named: the most recently changed scope of this task type that has an active version.
  const pointer = (await lookup.store.get(ns, latestKey(lookup.taskType)))?.value as { scope?: unknown } | undefined;
  if (Array.isArray(pointer?.scope) && typeof pointer.scope[0] === 'string') {
    const [taskType, problemId] = pointer.scope as [string, string | null];
    const head = await heads.read(problemId === null ? { taskType } : { taskType, problemId });
    if (head?.active != null) return head;
  }
  // Scopes promoted by earlier versions only appear in the legacy aggregate.
  return Object.values(await heads.legacyHeads())
    .filter((h) => h.taskType === lookup.taskType && h.active != null)
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
  const head = await pickScope(options);
  if (!head || head.active == null) return null;
  return readVersion(options, scopeOf(head), head.active, head.active);
}

/**
 * Every version ever promoted for exactly this scope, oldest first, with `status` saying which one is active now.
 * History is append-only: versions are never rewritten or deleted.
 */
export async function listStrategyHistory(options: StrategyLookup): Promise<Strategy[]> {
  const head = await readHead(options.store, namespaces.strategies(options.tenantId, options.agentName), options);
  if (!head) return [];
  const out: Strategy[] = [];
  for (let v = 1; v <= head.latest; v++) {
    const s = await readVersion(options, options, v, head.active);
    if (s) out.push(s);
  }
  return out;
}

/** Attempts at a write whose version or event key another writer claimed first. */
const CLAIM_ATTEMPTS = 8;

/** Runs `write` again while the store refuses one of its `ifAbsent` keys because another writer claimed it first. */
async function retryingClaims<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const conflict = MemoryStoreError.isInstance(error) && error.code === 'CONFLICT';
      if (!conflict || attempt >= CLAIM_ATTEMPTS) throw error;
    }
  }
}

/**
 * Writes a new version and makes it active, atomically with its scope's head and an audit event. The version and
 * event keys are claimed (`ifAbsent`): of two processes promoting the same scope at once, one writes version n+1 and
 * the other finds the key taken, reads the head again and writes n+2 — history stays append-only and no promotion
 * is lost. With `expectedActive`, the write happens only while that version (or none, for null) is still the scope's
 * active one, the version a caller's gate compared against; otherwise the result is null and nothing is written.
 */
export async function appendStrategy(
  lookup: Omit<StrategyLookup, 'taskType' | 'problemId'>,
  build: (version: number) => Strategy,
  scope: StrategyScope,
  now: string,
  expectedActive?: number | null,
): Promise<Strategy | null> {
  return retryingClaims(() => appendOnce(lookup, build, scope, now, expectedActive));
}

async function appendOnce(
  lookup: Omit<StrategyLookup, 'taskType' | 'problemId'>,
  build: (version: number) => Strategy,
  scope: StrategyScope,
  now: string,
  expectedActive: number | null | undefined,
): Promise<Strategy | null> {
  const ns = namespaces.strategies(lookup.tenantId, lookup.agentName);
  const stored = await readHead(lookup.store, ns, scope);
  if (expectedActive !== undefined && (stored?.active ?? null) !== expectedActive) return null;
  const head: ScopeHead = stored ?? {
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
  await lookup.store.putMany([
    { namespace: ns, key: versionKey(scope, version), value: strategy as unknown as JsonValue, index: ['taskType', 'plan.strategy'], ifAbsent: true },
    { namespace: ns, key: eventKey(scope, head.events), value: { type: 'promote', from, to: version, at: now }, index: false, ifAbsent: true },
    { namespace: ns, key: headKey(scope), value: headToJson(head), index: false },
    { namespace: ns, key: latestKey(scope.taskType), value: { scope: JSON.parse(scopeKey(scope)) as JsonValue, at: now }, index: false },
  ]);
  return strategy;
}

/**
 * Re-activates the version that was active before the current one. Null when there is none to go back to. The event
 * key is claimed, so a rollback racing another rollback or a promotion of the same scope reads the head again.
 */
export async function rollbackStrategy(
  lookup: Omit<StrategyLookup, 'taskType' | 'problemId'>,
  scope: StrategyScope,
  now: string,
): Promise<Strategy | null> {
  return retryingClaims(() => rollbackOnce(lookup, scope, now));
}

async function rollbackOnce(
  lookup: Omit<StrategyLookup, 'taskType' | 'problemId'>,
  scope: StrategyScope,
  now: string,
): Promise<Strategy | null> {
  const ns = namespaces.strategies(lookup.tenantId, lookup.agentName);
  const head = await readHead(lookup.store, ns, scope);
  if (!head || head.previous.length === 0) return null;
  const from = head.active;
  const to = head.previous.pop()!;
  head.active = to;
  head.events += 1;
  head.updatedAt = now;
  await lookup.store.putMany([
    { namespace: ns, key: eventKey(scope, head.events), value: { type: 'rollback', from, to, at: now }, index: false, ifAbsent: true },
    { namespace: ns, key: headKey(scope), value: headToJson(head), index: false },
  ]);
  return readVersion(lookup, scope, to, to);
}
