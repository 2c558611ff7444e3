import type { MemoryStore, PutManyItem } from '@genesis/memory-store';

/** How the wrapped store misbehaves right now. */
export type Fault = 'none' | 'throw' | 'hang' | 'slow';

/**
 * Fault injection around a real MemoryStore: every call is delegated, unless the current fault says to throw,
 * hang (never settle, until healed) or be slow. Counts calls so tests can see retries.
 */
export class FaultyStore implements MemoryStore {
  fault: Fault = 'none';
  slowMs = 200;
  putManyCalls = 0;
  putManyFailures = 0;
  searchCalls = 0;
  private hung: (() => void)[] = [];

  constructor(readonly inner: MemoryStore) {}

  /** Back to normal; hung calls now proceed to the real store. */
  heal(): void {
    this.fault = 'none';
    const hung = this.hung;
    this.hung = [];
    for (const release of hung) release();
  }

  private async gate(): Promise<void> {
    switch (this.fault) {
      case 'throw':
        throw new Error('injected: store unavailable');
      case 'hang':
        await new Promise<void>((resolve) => this.hung.push(resolve));
        return;
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, this.slowMs));
        return;
      default:
        return;
    }
  }

  async putMany(items: PutManyItem[]): Promise<void> {
    this.putManyCalls++;
    try {
      await this.gate();
    } catch (e) {
      this.putManyFailures++;
      throw e;
    }
    return this.inner.putMany(items);
  }

  put: MemoryStore['put'] = async (...args) => {
    await this.gate();
    return this.inner.put(...args);
  };
  get: MemoryStore['get'] = async (...args) => {
    await this.gate();
    return this.inner.get(...args);
  };
  delete: MemoryStore['delete'] = async (...args) => {
    await this.gate();
    return this.inner.delete(...args);
  };
  list: MemoryStore['list'] = async (...args) => {
    await this.gate();
    return this.inner.list(...args);
  };
  search: MemoryStore['search'] = async (...args) => {
    this.searchCalls++;
    await this.gate();
    return this.inner.search(...args);
  };
  listNamespaces: MemoryStore['listNamespaces'] = async (...args) => this.inner.listNamespaces(...args);
  sweepExpired: MemoryStore['sweepExpired'] = async () => this.inner.sweepExpired();
  close: MemoryStore['close'] = async () => this.inner.close();
}
