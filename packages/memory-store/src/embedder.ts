import type { Embedder } from './types.js';

const WORD = /[\p{L}\p{N}]+/gu;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The default embedder: deterministic feature hashing, no model, no network. Each lower-cased word and each
 * character trigram of it is hashed (FNV-1a) to one of `dimensions` buckets with a hashed sign; the vector is
 * L2-normalised. Similar wording gives similar vectors (shared words, shared word stems through trigrams); it
 * knows nothing of synonyms. Plug in a model-backed {@link Embedder} for that.
 *
 * @example
 * const store = await openStore({ url: 'file:./data.db', embedder: createHashingEmbedder({ dimensions: 512 }) })
 */
export function createHashingEmbedder(options: { dimensions?: number } = {}): Embedder {
  const dimensions = options.dimensions ?? 256;
  if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 8192) {
    throw new RangeError(`dimensions must be an integer in [8, 8192], got ${dimensions}`);
  }
  const add = (v: Float32Array, feature: string, weight: number): void => {
    const h = fnv1a(feature);
    v[h % dimensions]! += h & 0x80000000 ? -weight : weight;
  };
  const embedOne = (text: string): Float32Array => {
    const v = new Float32Array(dimensions);
    for (const match of text.toLowerCase().matchAll(WORD)) {
      const word = match[0];
      add(v, `w:${word}`, 1);
      const padded = `^${word}$`;
      for (let i = 0; i + 3 <= padded.length; i++) add(v, `t:${padded.slice(i, i + 3)}`, 0.5);
    }
    return normalize(v);
  };
  return {
    dimensions,
    embed: async (texts) => texts.map(embedOne),
  };
}

/** Scales `v` to unit length in place (a zero vector stays zero). */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}

/** True if every component is zero (nothing to compare against). */
export function isZero(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}
