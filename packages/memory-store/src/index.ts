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
