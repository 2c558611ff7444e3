import type { ProductionOutcome } from '@genesis/schemas';
import type { ExtractionEvidence } from './types.js';

/**
 * The tool sequence of an outcome: its tool steps in order, consecutive repeats collapsed (a retried tool counts
 * once); when the path has no tool steps, `toolsUsed`.
 */
export function toolSequence(outcome: Pick<ProductionOutcome, 'executionPath' | 'toolsUsed'>): string[] {
  const seq: string[] = [];
  for (const step of outcome.executionPath) {
    if (step.kind === 'tool' && seq[seq.length - 1] !== step.name) seq.push(step.name);
  }
  return seq.length > 0 ? seq : [...outcome.toolsUsed];
}

interface Entry {
  outcomeId: string;
  success: boolean;
  durationMs: number;
  toolKey: string;
}

/** The latest outcomes of one (agent, taskType), bounded, as evidence for extraction. */
export class EvidenceWindow {
  /** True once the window was filled from the store (or the store had nothing). */
  warmed = false;
  private readonly entries: Entry[] = [];
  private readonly ids = new Set<string>();
  /** Durations of the successful entries, kept sorted (insert and evict in O(window)). */
  private readonly sorted: number[] = [];
  /** Successful entries per tool sequence. */
  private readonly toolCounts = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.length;
  }

  /** Evidence for `outcome` from the outcomes seen before it (never itself). O(1) plus one copy of the durations. */
  evidenceFor(outcome: ProductionOutcome): ExtractionEvidence {
    const key = toolSequence(outcome).join('\u0000');
    if (this.ids.has(outcome.outcomeId)) return this.evidenceExcluding(outcome.outcomeId, key);
    const durations = this.sorted.slice();
    return {
      sameTaskDurationsMs: durations,
      medianDurationMs: durations.length >= 3 ? sortedMedian(durations) : undefined,
      sameToolSequenceCount: this.toolCounts.get(key) ?? 0,
      windowSize: this.entries.length,
    };
  }

  // The outcome is already in the window (a retried batch): leave it out of its own evidence.
  private evidenceExcluding(outcomeId: string, key: string): ExtractionEvidence {
    const durations: number[] = [];
    let sameTools = 0;
    for (const e of this.entries) {
      if (!e.success || e.outcomeId === outcomeId) continue;
      durations.push(e.durationMs);
      if (e.toolKey === key) sameTools++;
    }
    durations.sort((a, b) => a - b);
    return {
      sameTaskDurationsMs: durations,
      medianDurationMs: durations.length >= 3 ? sortedMedian(durations) : undefined,
      sameToolSequenceCount: sameTools,
      windowSize: this.entries.length,
    };
  }

  /** Adds an outcome (once per id), evicting the oldest when full. Older outcomes go first when warming. */
  add(outcome: ProductionOutcome): void {
    if (this.ids.has(outcome.outcomeId)) return;
    if (this.entries.length >= this.capacity) this.evict(this.entries.shift() as Entry);
    const entry = {
      outcomeId: outcome.outcomeId,
      success: outcome.success,
      durationMs: outcome.durationMs,
      toolKey: toolSequence(outcome).join('\u0000'),
    };
    this.entries.push(entry);
    this.ids.add(outcome.outcomeId);
    this.count(entry, 1);
  }

  private count(entry: Entry, delta: 1 | -1): void {
    if (!entry.success) return;
    if (delta === 1) insertSorted(this.sorted, entry.durationMs);
    else this.sorted.splice(lowerBound(this.sorted, entry.durationMs), 1);
    const n = (this.toolCounts.get(entry.toolKey) ?? 0) + delta;
    if (n === 0) this.toolCounts.delete(entry.toolKey);
    else this.toolCounts.set(entry.toolKey, n);
  }

  private evict(entry: Entry): void {
    this.ids.delete(entry.outcomeId);
    this.count(entry, -1);
  }

  /** Inserts earlier outcomes (oldest first) before the ones already held, keeping the newest `capacity`. */
  prepend(older: readonly ProductionOutcome[]): void {
    const fresh = older.filter((o) => !this.ids.has(o.outcomeId));
    const room = Math.max(0, this.capacity - this.entries.length);
    const kept = fresh.slice(Math.max(0, fresh.length - room));
    const entries = kept.map((o) => ({
      outcomeId: o.outcomeId,
      success: o.success,
      durationMs: o.durationMs,
      toolKey: toolSequence(o).join('\u0000'),
    }));
    this.entries.unshift(...entries);
    for (const e of entries) {
      this.ids.add(e.outcomeId);
      this.count(e, 1);
    }
  }

}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 0, value);
}

function sortedMedian(s: readonly number[]): number {
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The median of `values` (which must not be empty). */
export function medianOf(values: readonly number[]): number {
  return sortedMedian([...values].sort((a, b) => a - b));
}

/** Evidence windows for every (agent, taskType) seen, created on first use. */
export class EvidenceWindows {
  private readonly windows = new Map<string, EvidenceWindow>();

  constructor(private readonly capacity: number) {}

  get(agentName: string, taskType: string): EvidenceWindow {
    const key = `${agentName}\u0000${taskType}`;
    let w = this.windows.get(key);
    if (!w) {
      w = new EvidenceWindow(this.capacity);
      this.windows.set(key, w);
    }
    return w;
  }
}
