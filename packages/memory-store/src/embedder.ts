import type { Embedder } from './types.js';

const WORD = /[\p{L}\p{N}]+/gu;

const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step over a UTF-16 code unit (the state is kept signed; `>>> 0` gives the hash). */
function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
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
  // The hash of a feature is FNV-1a over `w:<word>` or `t:<trigram of ^word$>`, computed by continuing from the
  // prefix's state over the word's code units: the same numbers as hashing the strings, without building them.
  const W = fnvStep(fnvStep(FNV_OFFSET, 119 /* w */), 58 /* : */);
  const T = fnvStep(fnvStep(FNV_OFFSET, 116 /* t */), 58 /* : */);
  const add = (v: Float32Array, hash: number, weight: number): void => {
    const h = hash >>> 0;
    v[h % dimensions]! += h & 0x80000000 ? -weight : weight;
  };
  const embedOne = (text: string): Float32Array => {
    const v = new Float32Array(dimensions);
    const lower = text.toLowerCase();
    // embedOne runs synchronously to the end, so one module-level regex can be reused.
    WORD.lastIndex = 0;
    for (let match = WORD.exec(lower); match !== null; match = WORD.exec(lower)) {
      const word = match[0];
      const n = word.length;
      let h = W;
      for (let i = 0; i < n; i++) h = fnvStep(h, word.charCodeAt(i));
      add(v, h, 1);
      // The trigrams of `^word$`, as a window of three code units sliding over it.
      let a = 94; // ^
      let b = word.charCodeAt(0);
      for (let i = 1; i <= n; i++) {
        const c = i < n ? word.charCodeAt(i) : 36; // $
        add(v, fnvStep(fnvStep(fnvStep(T, a), b), c), 0.5);
        a = b;
        b = c;
      }
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
