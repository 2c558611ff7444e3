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
  private sortedDurations: number[] | undefined;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.length;
  }

  /** Evidence for `outcome` from the outcomes seen before it (never itself). */
  evidenceFor(outcome: ProductionOutcome): ExtractionEvidence {
    const key = toolSequence(outcome).join('\u0000');
    const durations: number[] = [];
    let sameTools = 0;
    for (const e of this.entries) {
      if (!e.success || e.outcomeId === outcome.outcomeId) continue;
      durations.push(e.durationMs);
      if (e.toolKey === key) sameTools++;
    }
    return {
      sameTaskDurationsMs: durations,
      medianDurationMs:
        durations.length < 3 ? undefined : this.ids.has(outcome.outcomeId) ? medianOf(durations) : this.median(),
      sameToolSequenceCount: sameTools,
      windowSize: this.entries.length,
    };
  }

  /** Adds an outcome (once per id), evicting the oldest when full. Older outcomes go first when warming. */
  add(outcome: ProductionOutcome): void {
    if (this.ids.has(outcome.outcomeId)) return;
    if (this.entries.length >= this.capacity) {
      const evicted = this.entries.shift() as Entry;
      this.ids.delete(evicted.outcomeId);
    }
    this.entries.push({
      outcomeId: outcome.outcomeId,
      success: outcome.success,
      durationMs: outcome.durationMs,
      toolKey: toolSequence(outcome).join('\u0000'),
    });
    this.ids.add(outcome.outcomeId);
    this.sortedDurations = undefined;
  }

  /** Inserts earlier outcomes (oldest first) before the ones already held, keeping the newest `capacity`. */
  prepend(older: readonly ProductionOutcome[]): void {
    const fresh = older.filter((o) => !this.ids.has(o.outcomeId));
    const room = Math.max(0, this.capacity - this.entries.length);
    const kept = fresh.slice(Math.max(0, fresh.length - room));
    this.entries.unshift(
      ...kept.map((o) => ({
        outcomeId: o.outcomeId,
        success: o.success,
        durationMs: o.durationMs,
        toolKey: toolSequence(o).join('\u0000'),
      })),
    );
    for (const o of kept) this.ids.add(o.outcomeId);
    this.sortedDurations = undefined;
  }

  private median(): number {
    this.sortedDurations ??= this.entries
      .filter((e) => e.success)
      .map((e) => e.durationMs)
      .sort((a, b) => a - b);
    return sortedMedian(this.sortedDurations);
  }
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
