import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type MemoryStore, type SearchItem } from '@genesis/memory-store';
import type { Namespace } from '@genesis/schemas';

/** A real libSQL file store in a fresh temporary folder. */
export interface TempStore {
  store: MemoryStore;
  url: string;
  dir: string;
  /** Opens another handle to the same file (a "restart"). */
  reopen(): Promise<MemoryStore>;
  cleanup(): Promise<void>;
}

export async function tempStore(name = 'genesis'): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'outcome-logger-'));
  const url = `file:${join(dir, `${name}.db`)}`;
  const store = await openStore(url);
  const extra: MemoryStore[] = [];
  return {
    store,
    url,
    dir,
    reopen: async () => {
      const s = await openStore(url);
      extra.push(s);
      return s;
    },
    cleanup: async () => {
      for (const s of [store, ...extra]) await s.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when `check()` is true, polling; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let defaultStore: MemoryStore | undefined;
/** The store `all()` reads when none is given. */
export function useStore(store: MemoryStore): void {
  defaultStore = store;
}

/** Every item under a namespace prefix (search pages are capped at 1,000). */
export async function all(prefix: Namespace, store: MemoryStore | undefined = defaultStore): Promise<SearchItem[]> {
  if (!store) throw new Error('all(): no store');
  const out: SearchItem[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.search(prefix, { limit: 1000, offset });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}
