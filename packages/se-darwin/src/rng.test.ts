import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('createRng', () => {
  it('is reproducible per seed and restorable from its state', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const saved = a.state();
    const tail = Array.from({ length: 5 }, () => a.int(1000));
    expect(Array.from({ length: 5 }, () => createRng(saved).int(1000))[0]).toBe(tail[0]);
    const restored = createRng(saved);
    expect(Array.from({ length: 5 }, () => restored.int(1000))).toEqual(tail);
    expect(createRng(1).next()).not.toBe(createRng(2).next());
  });

  it('picks, forks and refuses empty picks', () => {
    const r = createRng(7);
    const x = r.pick(['a', 'b', 'c']);
    expect(['a', 'b', 'c']).toContain(x);
    expect(() => r.pick([])).toThrow(RangeError);
    const f1 = createRng(7).fork('x');
    const f2 = createRng(7).fork('x');
    const f3 = createRng(7).fork('y');
    expect(f1.next()).toBe(f2.next());
    expect(createRng(7).fork('x').next()).not.toBe(f3.next());
    for (let i = 0; i < 100; i++) {
      const v = r.int(3);
      expect(v >= 0 && v < 3 && Number.isInteger(v)).toBe(true);
    }
  });
});
