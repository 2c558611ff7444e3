import type { MemoryStore } from '@genesis/memory-store';

/** A MemoryStore that accepts every write and holds nothing: isolates the logger's own costs in the benchmark. */
export function nullStore(): MemoryStore {
  return {
    put: async (namespace, key, value) => ({ namespace: [...namespace], key, value, createdAt: '', updatedAt: '', expiresAt: null }),
    putMany: async () => undefined,
    get: async () => null,
    delete: async () => false,
    list: async () => ({ items: [] }),
    search: async () => [],
    listNamespaces: async () => [],
    sweepExpired: async () => 0,
    close: async () => undefined,
  };
}
