import type { Trajectory } from '@genesis/schemas';
import type { Rng } from '../rng.js';

/** Indices of the tests a trajectory failed (recorded by the engine in `metadata.failingTests`). */
export function failingTests(t: Trajectory): number[] {
  const value = t.metadata.failingTests;
  if (Array.isArray(value)) return value.filter((v): v is number => typeof v === 'number');
  const total = t.testResults?.total ?? 0;
  return t.score >= 1 ? [] : Array.from({ length: total }, (_, i) => i);
}

/**
 * Total order on trajectories, best first: higher score; then shorter code (simpler wins ties); then earlier
 * generation; then id. Never insertion order.
 */
export function compareTrajectories(a: Trajectory, b: Trajectory): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.code.length !== b.code.length) return a.code.length - b.code.length;
  if (a.generation !== b.generation) return a.generation - b.generation;
  return a.trajectoryId < b.trajectoryId ? -1 : a.trajectoryId > b.trajectoryId ? 1 : 0;
}

function weightedPick<T>(items: readonly T[], weights: readonly number[], rng: Rng): T | undefined {
  const total = weights.reduce((s, w) => s + w, 0);
  if (items.length === 0 || !(total > 0)) return undefined;
  let r = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}

/** What the archive holds, as JSON for a checkpoint. */
export interface ArchiveState {
  trajectories: Trajectory[];
  children: Record<string, number>;
  pruned: number;
}

/**
 * The run's archive of evaluated trajectories: DGM-style parent selection (score × 1/(1 + children)), pruning to a
 * bound (the pruned stay in the store with their lineage), and complementary pairs for recombination.
 */
export class Archive {
  private readonly items = new Map<string, Trajectory>();
  private readonly children = new Map<string, number>();
  private sortedCache: Trajectory[] | undefined;
  pruned = 0;

  constructor(private readonly limit: number) {}

  static fromState(state: ArchiveState, limit: number): Archive {
    const archive = new Archive(limit);
    for (const t of state.trajectories) archive.items.set(t.trajectoryId, t);
    for (const [id, n] of Object.entries(state.children)) archive.children.set(id, n);
    archive.pruned = state.pruned;
    return archive;
  }

  get size(): number {
    return this.items.size;
  }

  get(id: string): Trajectory | undefined {
    return this.items.get(id);
  }

  /** Adds an evaluated trajectory and counts it as a child of each parent. */
  add(t: Trajectory): void {
    this.items.set(t.trajectoryId, t);
    for (const p of t.parentIds) this.children.set(p, (this.children.get(p) ?? 0) + 1);
    this.sortedCache = undefined;
  }

  childCount(id: string): number {
    return this.children.get(id) ?? 0;
  }

  /** Best first (see {@link compareTrajectories}). */
  sorted(): Trajectory[] {
    this.sortedCache ??= [...this.items.values()].sort(compareTrajectories);
    return this.sortedCache;
  }

  best(): Trajectory | undefined {
    return this.sorted()[0];
  }

  /** Drops the worst beyond the bound; returns how many were dropped. */
  prune(): number {
    const s = this.sorted();
    if (s.length <= this.limit) return 0;
    const dropped = s.slice(this.limit);
    for (const t of dropped) this.items.delete(t.trajectoryId);
    this.sortedCache = undefined;
    this.pruned += dropped.length;
    return dropped.length;
  }

  /** A parent drawn with weight (score + 0.05) / (1 + children) among those `accept` admits. */
  selectParent(rng: Rng, accept: (t: Trajectory) => boolean = () => true): Trajectory | undefined {
    const pool = this.sorted().filter(accept);
    return weightedPick(pool, pool.map((t) => (t.score + 0.05) / (1 + this.childCount(t.trajectoryId))), rng);
  }

  /**
   * Pairs among the `top` best where each parent passes a test the other fails, drawn with weight
   * (tests passed by either) / (1 + children of both).
   */
  selectComplementaryPair(rng: Rng, total: number, top = 16): [Trajectory, Trajectory] | undefined {
    const pool = this.sorted().slice(0, top).filter((t) => t.testResults && t.score > 0);
    const pairs: [Trajectory, Trajectory][] = [];
    const weights: number[] = [];
    const passed = pool.map((t) => {
      const failing = new Set(failingTests(t));
      return new Set(Array.from({ length: total }, (_, i) => i).filter((i) => !failing.has(i)));
    });
    for (let i = 0; i < pool.length; i++) {
      for (let j = i + 1; j < pool.length; j++) {
        const a = passed[i]!;
        const b = passed[j]!;
        const aOnly = [...a].some((x) => !b.has(x));
        const bOnly = [...b].some((x) => !a.has(x));
        if (!aOnly || !bOnly) continue;
        const union = new Set([...a, ...b]).size;
        pairs.push([pool[i]!, pool[j]!]);
        weights.push(
          (union / Math.max(1, total)) /
            (1 + this.childCount(pool[i]!.trajectoryId) + this.childCount(pool[j]!.trajectoryId)),
        );
      }
    }
    return weightedPick(pairs, weights, rng);
  }

  /** True if {@link selectComplementaryPair} would find a pair (draws nothing from the random stream). */
  hasComplementaryPair(total: number, top = 16): boolean {
    const pool = this.sorted().slice(0, top).filter((t) => t.testResults && t.score > 0);
    const failing = pool.map((t) => new Set(failingTests(t)));
    for (let i = 0; i < pool.length; i++) {
      for (let j = i + 1; j < pool.length; j++) {
        let aOnly = false;
        let bOnly = false;
        for (let k = 0; k < total && !(aOnly && bOnly); k++) {
          const aPasses = !failing[i]!.has(k);
          const bPasses = !failing[j]!.has(k);
          if (aPasses && !bPasses) aOnly = true;
          if (bPasses && !aPasses) bOnly = true;
        }
        if (aOnly && bOnly) return true;
      }
    }
    return false;
  }

  toState(): ArchiveState {
    return {
      trajectories: this.sorted(),
      children: Object.fromEntries([...this.children.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
      pruned: this.pruned,
    };
  }
}
