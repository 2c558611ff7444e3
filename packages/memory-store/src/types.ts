import type { JsonValue, Namespace } from '@genesis/schemas';

/** A stored value with its namespace, key and timestamps (ISO-8601). */
export interface Item<V extends JsonValue = JsonValue> {
  namespace: string[];
  key: string;
  value: V;
  createdAt: string;
  updatedAt: string;
  /** null when the item never expires. */
  expiresAt: string | null;
}

/** An item returned by search, with its relevance when a text or semantic query ranked it. */
export interface SearchItem<V extends JsonValue = JsonValue> extends Item<V> {
  score?: number;
}

/** Options for one write. */
export interface PutOptions {
  /** Time to live; the item disappears from reads once expired and is deleted by sweepExpired(). */
  ttlMs?: number;
  /**
   * What to index for text and semantic search: `false` for nothing, a list of dot paths into the value
   * (e.g. `['taskDescription', 'plan.strategy']`), or, by default, every string in the value.
   */
  index?: false | string[];
  /**
   * Create only: when a live item already exists under this key, nothing is written (in `putMany`, nothing of the
   * batch) and the call fails with `CONFLICT`. An expired item counts as absent. Two writers claiming the same key
   * at once: exactly one succeeds. The building block for append-only records and compare-and-set.
   */
  ifAbsent?: boolean;
}

/** One item of a batched write. */
export interface PutManyItem extends PutOptions {
  namespace: Namespace;
  key: string;
  value: JsonValue;
}

/** A comparison on one JSON field. Numbers compare as numbers, strings as strings. */
export interface FieldOperators {
  $eq?: JsonValue;
  $ne?: JsonValue;
  $gt?: number | string;
  $gte?: number | string;
  $lt?: number | string;
  $lte?: number | string;
  $in?: JsonValue[];
  $nin?: JsonValue[];
  $exists?: boolean;
}

/**
 * A filter on JSON fields of the value, keyed by dot path; all conditions must hold. A bare value means `$eq`.
 *
 * @example
 * { 'outcome.verified': true, 'plan.confidence': { $gte: 0.6 }, 'plan.status': { $in: ['validated', 'candidate'] } }
 */
export type Filter = Record<string, JsonValue | FieldOperators>;

/** Options for search(). With neither query nor filter it lists the prefix newest first. */
export interface SearchOptions {
  filter?: Filter;
  /** Free text. Ranked by full-text relevance (`mode: 'text'`, the default) or by embedding similarity. */
  query?: string;
  mode?: 'text' | 'semantic';
  limit?: number;
  offset?: number;
}

/** Options for list(): newest or oldest first by last write, paged with an opaque cursor. */
export interface ListOptions {
  order?: 'newest' | 'oldest';
  limit?: number;
  cursor?: string;
}

/** A page of list() results. */
export interface ListPage<V extends JsonValue = JsonValue> {
  items: Item<V>[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** Options for listNamespaces(). */
export interface ListNamespacesOptions {
  prefix?: Namespace;
  suffix?: Namespace;
  maxDepth?: number;
  limit?: number;
  offset?: number;
}

/** Turns text into a fixed-length vector for semantic search. */
export interface Embedder {
  readonly dimensions: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/**
 * The namespaced key-value store every Genesis package uses. Namespaces are validated; prefix matching is by
 * whole segment, so one tenant never reads another's records.
 */
export interface MemoryStore {
  put<V extends JsonValue>(namespace: Namespace, key: string, value: V, options?: PutOptions): Promise<Item<V>>;
  /** Writes all items in one transaction: all or none. */
  putMany(items: PutManyItem[]): Promise<void>;
  get<V extends JsonValue = JsonValue>(namespace: Namespace, key: string): Promise<Item<V> | null>;
  /** True if something was deleted. */
  delete(namespace: Namespace, key: string): Promise<boolean>;
  list<V extends JsonValue = JsonValue>(namespace: Namespace, options?: ListOptions): Promise<ListPage<V>>;
  search<V extends JsonValue = JsonValue>(namespacePrefix: Namespace, options?: SearchOptions): Promise<SearchItem<V>[]>;
  listNamespaces(options?: ListNamespacesOptions): Promise<string[][]>;
  /** Deletes expired items; returns how many. */
  sweepExpired(): Promise<number>;
  close(): Promise<void>;
}
