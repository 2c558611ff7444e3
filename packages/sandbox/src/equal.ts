import type { Compare } from './types.js';

function numbersEqual(a: number, b: number, tolerance: number | undefined): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (tolerance === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));
}

function definedKeys(obj: object): string[] {
  return Object.keys(obj).filter((k) => (obj as Record<string, unknown>)[k] !== undefined);
}

function equalWith(a: unknown, b: unknown, tolerance: number | undefined, depth: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return numbersEqual(a, b, tolerance);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth > 1000) return false;
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return false;
  if (aArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equalWith(x[i], y[i], tolerance, depth + 1)) return false;
    return true;
  }
  const ka = definedKeys(a);
  const kb = definedKeys(b);
  if (ka.length !== kb.length) return false;
  for (const key of ka) {
    if (!Object.hasOwn(b, key)) return false;
    if (!equalWith((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], tolerance, depth + 1)) {
      return false;
    }
  }
  return true;
}

/**
 * Structural equality of two decoded values (plain objects, arrays, primitives): NaN equals NaN, 0 equals -0,
 * properties holding `undefined` count as absent, BigInts compare by value. With `{ floatTolerance }`, two finite
 * numbers are equal when `|actual - expected| <= floatTolerance * max(1, |expected|)`.
 */
export function valuesEqual(actual: unknown, expected: unknown, compare: Compare = 'deep'): boolean {
  const tolerance = compare === 'deep' ? undefined : compare.floatTolerance;
  return equalWith(actual, expected, tolerance, 0);
}
