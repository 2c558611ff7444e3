export type {
  Item,
  SearchItem,
  PutOptions,
  PutManyItem,
  FieldOperators,
  Filter,
  SearchOptions,
  ListOptions,
  ListPage,
  ListNamespacesOptions,
  Embedder,
  MemoryStore,
} from './types.js';
export { openStore, DEFAULT_URL, type OpenStoreOptions } from './open-store.js';
export { createHashingEmbedder } from './embedder.js';
export { MemoryStoreError, type MemoryStoreErrorCode } from './errors.js';
export type { TelemetryOptions } from './telemetry.js';
