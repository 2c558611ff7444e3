import { describe, expect, it } from 'vitest';
import { valuesEqual } from './equal.js';

describe('valuesEqual', () => {
  it('compares structurally', () => {
    expect(valuesEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(valuesEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(valuesEqual({ a: 1, c: 2 }, { a: 1, b: 2 })).toBe(false);
    expect(valuesEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(valuesEqual([1], { 0: 1 })).toBe(false);
    expect(valuesEqual(null, {})).toBe(false);
    expect(valuesEqual('1', 1)).toBe(false);
    expect(valuesEqual(1n, 1)).toBe(false);
    expect(valuesEqual(2n, 2n)).toBe(true);
  });

  it('treats NaN as NaN, -0 as 0, and undefined properties as absent', () => {
    expect(valuesEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(valuesEqual(Number.NaN, 0)).toBe(false);
    expect(valuesEqual(-0, 0)).toBe(true);
    expect(valuesEqual({ a: undefined }, {})).toBe(true);
    expect(valuesEqual([undefined], [])).toBe(false);
  });

  it('applies a relative float tolerance', () => {
    const tol = { floatTolerance: 1e-6 };
    expect(valuesEqual(0.1 + 0.2, 0.3)).toBe(false);
    expect(valuesEqual(0.1 + 0.2, 0.3, tol)).toBe(true);
    expect(valuesEqual(1_000_000.5, 1_000_000, tol)).toBe(true);
    expect(valuesEqual(1_000_002, 1_000_000, tol)).toBe(false);
    expect(valuesEqual([1.0000001, { x: 2 }], [1, { x: 2.0000001 }], tol)).toBe(true);
    expect(valuesEqual(Infinity, Infinity, tol)).toBe(true);
    expect(valuesEqual(Infinity, 1e308, tol)).toBe(false);
    expect(valuesEqual(Number.NaN, Number.NaN, tol)).toBe(true);
  });

  it('gives up on absurd depth instead of overflowing the stack', () => {
    let a: unknown = 1;
    let b: unknown = 1;
    for (let i = 0; i < 1500; i++) {
      a = [a];
      b = [b];
    }
    expect(valuesEqual(a, b)).toBe(false);
  });
});
