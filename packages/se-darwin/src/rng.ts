/** A seeded pseudo-random source. Everything random in SE-Darwin draws from one of these. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new independent stream derived from this one (for reproducible sub-tasks). */
  fork(label: string): Rng;
  /** The internal state, for checkpoints; `createRng` restores it. */
  state(): number[];
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * sfc32: small, fast, well distributed, and its whole state is four 32-bit words, so a checkpoint can store it.
 *
 * @example
 * const rng = createRng(42); rng.int(10) // same value every time for seed 42
 */
export function createRng(seed: number | readonly number[]): Rng {
  let [a, b, c, d] =
    typeof seed === 'number'
      ? [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0]
      : [seed[0]! >>> 0, seed[1]! >>> 0, seed[2]! >>> 0, seed[3]! >>> 0];
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Warm up so that nearby seeds diverge.
  if (typeof seed === 'number') for (let i = 0; i < 12; i++) next();
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() from an empty array');
      return items[Math.floor(next() * items.length)]!;
    },
    fork: (label) => createRng((Math.floor(next() * 4294967296) ^ hashLabel(label)) >>> 0),
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
  return rng;
}
