import { ProductionOutcome, namespaces, safeParseRecord } from '@genesis/schemas';
import type { MemoryStore } from '@genesis/memory-store';
import type { EvidenceWindow } from './evidence.js';
import { TIMEOUT, withTimeout } from './timeout.js';

/** What the warmer needs. */
export interface WindowWarmerOptions {
  store: MemoryStore;
  /** Outcomes to load per window (the window's capacity; the store pages at 1,000). */
  capacity: number;
  timeoutMs: number;
  /** After a failed load, wait this long before trying again (meanwhile the window fills from memory). */
  retryAfterMs: number;
  now: () => number;
  onFailure: (error: unknown, outcome: ProductionOutcome) => void;
}

/**
 * Fills an evidence window from the store the first time its (agent, taskType) is seen, so a restarted process
 * builds on earlier runs. One load per window at a time; malformed stored records are skipped; a failed load is
 * retried later and never blocks writing.
 */
export class WindowWarmer {
  private readonly pending = new Map<EvidenceWindow, Promise<void>>();
  private readonly failedAt = new Map<EvidenceWindow, number>();

  constructor(private readonly options: WindowWarmerOptions) {}

  async warm(window: EvidenceWindow, outcome: ProductionOutcome): Promise<void> {
    if (window.warmed) return;
    const failedAt = this.failedAt.get(window);
    if (failedAt !== undefined && this.options.now() - failedAt < this.options.retryAfterMs) return;
    let pending = this.pending.get(window);
    if (!pending) {
      pending = this.load(window, outcome).finally(() => this.pending.delete(window));
      this.pending.set(window, pending);
    }
    await pending;
  }

  private async load(window: EvidenceWindow, outcome: ProductionOutcome): Promise<void> {
    const { store, capacity, timeoutMs } = this.options;
    try {
      const found = await withTimeout(
        store.search(namespaces.outcomes(outcome.tenantId, outcome.agentName), {
          filter: { taskType: outcome.taskType },
          limit: Math.min(1000, capacity),
        }),
        timeoutMs,
      );
      if (found === TIMEOUT) throw new Error(`search did not settle within ${timeoutMs} ms`);
      const older: ProductionOutcome[] = [];
      for (const item of found) {
        const parsed = safeParseRecord(ProductionOutcome, 'ProductionOutcome', item.value);
        if (parsed.ok) older.push(parsed.value);
      }
      older.sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
      window.prepend(older);
      window.warmed = true;
      this.failedAt.delete(window);
    } catch (error) {
      this.failedAt.set(window, this.options.now());
      this.options.onFailure(error, outcome);
    }
  }
}
