import type { Operator, OperatorStats, Trajectory } from '@genesis/schemas';
import { codeHash } from '../normalize.js';
import type { Candidate, Insights, OperatorContext, Operators, Problem } from '../operators/types.js';
import type { Rng } from '../rng.js';
import { allocateSlots, EVOLVING_OPERATORS, type EvolvingOperator } from './allocate.js';
import type { Archive } from './archive.js';

/** Largest candidate accepted for evaluation (1 MiB of source). */
export const MAX_CODE_LENGTH = 1 << 20;

/** A candidate accepted for evaluation, with the parents and seeds the engine credits it to. */
export interface Planned {
  candidate: Candidate;
  operator: Operator;
  parentIds: string[];
  seedIds: string[];
  /** Short hash of the normalised code. */
  hash: string;
}

/** 96 bits of the normalised-code hash: enough to make a false duplicate practically impossible, and compact. */
export function shortHash(code: string): string {
  return codeHash(code).slice(0, 24);
}

/** Strings of at most 256 characters from an untrusted list. */
export function stringList(value: unknown, max: number): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256).slice(0, max);
}

/** What proposing a generation's candidates needs from the run. */
export interface ProposeEnv {
  generation: number;
  operators: Operators;
  trajectoriesPerIteration: number;
  /** Generations' worth of children the starting program keeps a revision slot for (0: no anchor). */
  anchorGenerations: number;
  problem: Problem;
  archive: Archive;
  /** Hashes of every candidate evaluated in the run so far. */
  seen: ReadonlySet<string>;
  /** Production seeds usable as material (successful, with code). */
  production: readonly Trajectory[];
  insights: Insights;
  counters: { duplicatesRejected: number; malformed: number };
  stats: (operator: Operator) => OperatorStats;
  /** Calls an operator method, counting it and absorbing its failures. */
  call: (operator: Operator, fn: () => Promise<Candidate[]>) => Promise<Candidate[]>;
  context: (rng: Rng, count: number) => OperatorContext;
}

/** The best failing program of generation 0 that still has fewer than `maxChildren` children, if any. */
function anchorOf(archive: Archive, maxChildren: number): Trajectory | undefined {
  let anchor: Trajectory | undefined;
  for (const t of archive.sorted()) {
    if (t.generation !== 0 || t.score >= 1 || archive.childCount(t.trajectoryId) >= maxChildren) continue;
    if (!anchor || t.score > anchor.score) anchor = t;
  }
  return anchor;
}

function definesEntry(code: string, entry: string): boolean {
  return new RegExp(`(^|[^\\w$])${entry.replace(/\$/g, '\\$')}($|[^\\w$])`).test(code);
}

/**
 * Proposes one generation's candidates, drawing only from `rng` so that a resumed generation proposes exactly the
 * same ones. Generation 0: every production seed adapted (or used as is when it already defines the entry), then
 * baselines for the remaining slots. Later generations: slots split among revision, recombination and refinement
 * (see `allocateSlots`), parents chosen from the archive; baselines again if nothing new came out. Malformed
 * candidates and duplicates (same normalised code as anything evaluated in the run) are rejected here, before
 * evaluation.
 */
export async function proposeCandidates(
  env: ProposeEnv,
  rng: Rng,
): Promise<{ planned: Planned[]; counts: Partial<Record<Operator, number>> }> {
  const { operators, archive } = env;
  const planned: Planned[] = [];
  const generationHashes = new Set<string>();
  const counts: Partial<Record<Operator, number>> = {};
  const tpi = env.trajectoriesPerIteration;

  const accept = (c: Candidate, operator: Operator, parents: string[], seeds: string[] = []): boolean => {
    env.stats(operator).generated++;
    if (
      typeof c !== 'object' ||
      c === null ||
      typeof c.code !== 'string' ||
      c.code.trim().length === 0 ||
      c.code.length > MAX_CODE_LENGTH
    ) {
      env.counters.malformed++;
      return false;
    }
    const hash = shortHash(c.code);
    if (env.seen.has(hash) || generationHashes.has(hash)) {
      env.counters.duplicatesRejected++;
      return false;
    }
    generationHashes.add(hash);
    const parentIds = stringList(c.parentIds, 64);
    planned.push({
      candidate: { ...c, strategy: typeof c.strategy === 'string' ? c.strategy : '' },
      operator,
      parentIds: parentIds.length > 0 ? parentIds : parents,
      seedIds: [...new Set([...seeds, ...stringList(c.seedIds, 64)])],
      hash,
    });
    counts[operator] = (counts[operator] ?? 0) + 1;
    return true;
  };

  const baseline = async (count: number): Promise<void> => {
    const cands = await env.call('baseline', () => operators.baseline(env.context(rng, count)));
    let taken = 0;
    for (const c of cands) {
      if (taken >= count) break;
      if (accept(c, 'baseline', [])) taken++;
    }
  };

  if (env.generation === 0) {
    for (const seed of env.production) {
      const cands = await env.call('production', () => operators.adaptSeed(seed, env.context(rng, 1)));
      if (cands.length === 0 && definesEntry(seed.code, env.problem.entry)) {
        cands.push({ code: seed.code, operator: 'production', parentIds: [seed.trajectoryId], strategy: seed.strategy });
      }
      for (const c of cands.slice(0, 2)) accept(c, 'production', [seed.trajectoryId], [seed.trajectoryId]);
    }
    await baseline(Math.max(1, tpi - planned.length));
    return { planned, counts };
  }

  const total = env.problem.tests.length;
  const applicable = new Set<EvolvingOperator>();
  if (archive.sorted().some((t) => t.score < 1)) applicable.add('revision');
  if (archive.hasComplementaryPair(total)) applicable.add('recombination');
  if (archive.best()) applicable.add('refinement');
  const slots = allocateSlots(tpi, applicable, env.insights);
  // The anchor: the starting program (the starter code or an adapted production seed) keeps one revision slot until
  // its neighbourhood has had a fair look. Most defects are one edit away from what a person or a related solution
  // wrote; without this, a child that passes one more test by accident draws every later revision its way, and the
  // one-edit fix of the original is never tried.
  // With a single revision slot, the anchor has it every other generation.
  const revisionSlots = slots.revision ?? 0;
  if (revisionSlots >= 2 || (revisionSlots === 1 && env.generation % 2 === 1)) {
    const anchor = env.anchorGenerations > 0 ? anchorOf(archive, tpi * env.anchorGenerations) : undefined;
    if (anchor) {
      const cands = await env.call('revision', () => operators.revise(anchor, env.context(rng, 1)));
      for (const c of cands) {
        if (accept(c, 'revision', [anchor.trajectoryId])) {
          slots.revision = slots.revision! - 1;
          break;
        }
      }
    }
  }
  for (const op of EVOLVING_OPERATORS) {
    const wanted = slots[op] ?? 0;
    let need = wanted;
    for (let attempt = 0; need > 0 && attempt < wanted + 2; attempt++) {
      let cands: Candidate[] = [];
      let parents: string[] = [];
      if (op === 'revision') {
        const parent = archive.selectParent(rng, (t) => t.score < 1);
        if (!parent) break;
        parents = [parent.trajectoryId];
        cands = await env.call(op, () => operators.revise(parent, env.context(rng, need)));
      } else if (op === 'recombination') {
        const pair = archive.selectComplementaryPair(rng, total);
        if (!pair) break;
        parents = [pair[0].trajectoryId, pair[1].trajectoryId];
        cands = await env.call(op, () => operators.recombine(pair[0], pair[1], env.context(rng, need)));
      } else {
        const best = archive.best()!;
        parents = [best.trajectoryId];
        cands = await env.call(op, () => operators.refine(best, env.context(rng, need)));
      }
      for (const c of cands) {
        if (need === 0) break;
        if (accept(c, op, parents)) need--;
      }
    }
  }
  // Nothing new from the evolving operators (all duplicates, or nothing applicable): fresh baselines.
  if (planned.length === 0) await baseline(tpi);
  return { planned, counts };
}
