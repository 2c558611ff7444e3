import type { JsonValue } from '@genesis/schemas';
import { validateNamespace, type Namespace } from '@genesis/schemas';
import type { MemoryStore, SearchItem } from '@genesis/memory-store';
import { signatureParams } from './adapt.js';
import type { Skill } from './default-skills.js';

/** A skill as stored: the library's skills and the ones learned from verified runs. */
export interface StoredSkill extends Skill {
  source: 'library' | 'learned';
  createdAt: string;
}

/** A skill retrieved for a query, with how well it matched. */
export interface SkillMatch {
  skill: StoredSkill;
  /** Lexical similarity of query and skill (0..1) plus a small bonus when the arity matches the signature. */
  score: number;
}

/** What retrieval looks for. */
export interface SkillQuery {
  description: string;
  entry?: string;
  signature?: string;
}

const STOP = new Set(
  'a an the of in on to and or from with by is are be each every given return returns for that whether all as its it into at than then this which when number numbers value values list'.split(' '),
);

/** Lowercase word stems of a text, camelCase split, stop words and trailing plural `s` removed. */
export function tokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1 && !STOP.has(t))
    .map((t) => (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t));
}

/** Cosine similarity of two token sets. */
function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / Math.sqrt(a.size * b.size);
}

function skillText(s: Skill): string {
  return `${s.name} ${s.description} ${s.tags.join(' ')}`;
}

function isStoredSkill(value: JsonValue): value is StoredSkill & JsonValue {
  const v = value as Partial<StoredSkill> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.skillId === 'string' &&
    typeof v.name === 'string' &&
    typeof v.code === 'string' &&
    typeof v.description === 'string' &&
    Array.isArray(v.tags) &&
    Array.isArray(v.params)
  );
}

/**
 * The Builder's skill library, kept in the store at `['skills', tenantId, agentName]` so every process of a tenant
 * shares it and learned skills persist. Retrieval asks the store (full-text, then semantic search) for candidates
 * and ranks them by token similarity with the task, so it is deterministic for a given library.
 */
export class SkillLibrary {
  readonly namespace: Namespace;
  private readonly store: MemoryStore;
  private readonly skills: readonly Skill[];
  private seeded: Promise<number> | undefined;

  constructor(options: { store: MemoryStore; tenantId: string; agentName: string; skills: readonly Skill[] }) {
    this.store = options.store;
    this.skills = options.skills;
    this.namespace = validateNamespace(['skills', options.tenantId, options.agentName]);
  }

  /** Writes the shipped skills that the store does not hold yet (once per instance); returns how many were written. */
  ensureSeeded(): Promise<number> {
    this.seeded ??= (async () => {
      const present = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await this.store.list(this.namespace, { limit: 500, ...(cursor ? { cursor } : {}) });
        for (const item of page.items) present.add(item.key);
        cursor = page.nextCursor;
      } while (cursor);
      const now = new Date().toISOString();
      const missing = this.skills.filter((s) => !present.has(s.skillId));
      if (missing.length > 0) {
        await this.store.putMany(
          missing.map((s) => ({
            namespace: this.namespace,
            key: s.skillId,
            value: { ...s, source: 'library', createdAt: now } as unknown as JsonValue,
            index: ['name', 'description', 'tags'],
          })),
        );
      }
      return missing.length;
    })();
    return this.seeded;
  }

  /** Adds (or replaces) a skill, e.g. code a verified run produced. */
  async add(skill: Skill, source: StoredSkill['source'] = 'learned'): Promise<StoredSkill> {
    const stored: StoredSkill = { ...skill, source, createdAt: new Date().toISOString() };
    await this.store.put(this.namespace, skill.skillId, stored as unknown as JsonValue, { index: ['name', 'description', 'tags'] });
    return stored;
  }

  /**
   * The skills closest to `query`, best first. Candidates come from the store's text search and its semantic search
   * (the two are merged), then are ranked by token similarity with the description and entry name.
   */
  async find(query: SkillQuery, limit = 5): Promise<SkillMatch[]> {
    await this.ensureSeeded();
    const text = `${query.description} ${query.entry ?? ''}`.trim();
    const words = tokens(text);
    const candidates = new Map<string, StoredSkill>();
    const take = (items: SearchItem[]) => {
      for (const item of items) if (isStoredSkill(item.value)) candidates.set(item.key, item.value);
    };
    if (words.length > 0) {
      take(await this.store.search(this.namespace, { query: text, mode: 'text', limit: 20 }));
      take(await this.store.search(this.namespace, { query: text, mode: 'semantic', limit: 20 }));
    }
    const q = new Set(words);
    const arity = signatureParams(query.signature)?.length;
    return [...candidates.values()]
      .map((skill) => ({
        skill,
        score: similarity(q, new Set(tokens(skillText(skill)))) + (arity !== undefined && arity === skill.params.length ? 0.05 : 0),
      }))
      .filter((m) => m.score > 0.05)
      .sort((a, b) => b.score - a.score || a.skill.skillId.localeCompare(b.skill.skillId))
      .slice(0, limit);
  }
}
