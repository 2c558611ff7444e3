import { MemoryStoreError } from './errors.js';

/** An opaque list cursor: the order it was issued for and the write sequence of the last item returned. */
export interface CursorState {
  order: 'newest' | 'oldest';
  seq: number;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(`${state.order === 'newest' ? 'n' : 'o'}:${state.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, order: 'newest' | 'oldest'): CursorState {
  const bad = (why: string): never => {
    throw new MemoryStoreError('INVALID_CURSOR', `Invalid cursor: ${why}`);
  };
  if (typeof cursor !== 'string' || cursor.length > 64) return bad('not a cursor returned by list()');
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^([no]):(\d{1,16})$/.exec(text);
  if (!match) return bad('not a cursor returned by list()');
  const cursorOrder = match[1] === 'n' ? 'newest' : 'oldest';
  if (cursorOrder !== order) bad(`issued for order "${cursorOrder}", used with "${order}"`);
  return { order, seq: Number(match[2]) };
}
