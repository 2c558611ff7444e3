import type { JsonValue } from '@genesis/schemas';
import type { Condition } from './filter.js';

/** One validated, serialised row to write. */
export interface WriteRow {
  ns: string;
  key: string;
  /** The value as JSON text. */
  value: string;
  searchText: string | null;
  /** Unit-length embedding, or null when there is nothing to embed. */
  embedding: Float32Array | null;
  expiresAt: number | null;
  /** Insert only: the write fails (and the whole transaction with it) when a live row has this key. */
  ifAbsent: boolean;
}

/** A row as read back. Times are epoch milliseconds. */
export interface StoredRow {
  ns: string;
  key: string;
  value: JsonValue;
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
  seq: number;
  score?: number;
}

/** A validated search. */
export interface SearchQuery {
  range: { low: string; high: string } | null;
  conditions: Condition[];
  /** Words for full-text search (already split into letters and digits). */
  words?: string[];
  /** Unit-length query embedding for semantic search. */
  vector?: Float32Array;
  limit: number;
  offset: number;
  now: number;
}

/**
 * What a database must do for the store. Everything arrives validated and encoded; a backend only speaks SQL.
 */
export interface Backend {
  readonly system: 'sqlite' | 'postgresql';
  /**
   * Upserts every row in one transaction (all or none); returns each row's creation time. A row with `ifAbsent`
   * is inserted only: an expired row under its key is deleted first, a live one fails the transaction.
   */
  write(rows: WriteRow[], now: number): Promise<number[]>;
  get(ns: string, key: string, now: number): Promise<StoredRow | null>;
  delete(ns: string, key: string): Promise<boolean>;
  list(ns: string, order: 'newest' | 'oldest', limit: number, afterSeq: number | null, now: number): Promise<StoredRow[]>;
  search(query: SearchQuery): Promise<StoredRow[]>;
  /** Distinct encoded namespaces with live items, in byte order. */
  namespaces(range: { low: string; high: string } | null, now: number): Promise<string[]>;
  sweep(now: number): Promise<number>;
  close(): Promise<void>;
}
