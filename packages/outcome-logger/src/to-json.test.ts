import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@genesis/schemas';
import { storableJson, toJsonValue } from './to-json.js';

describe('toJsonValue', () => {
  it('passes JSON through and converts what JSON.stringify would', () => {
    expect(toJsonValue({ a: 1, b: 'x', c: [true, null], d: undefined, f: () => 1 })).toEqual({ a: 1, b: 'x', c: [true, null] });
    expect(toJsonValue(undefined)).toBeNull();
    expect(toJsonValue([undefined, () => 1, Symbol('s')])).toEqual([null, null, null]);
    expect(toJsonValue(Number.NaN)).toBeNull();
    expect(toJsonValue(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('converts bigint, Date, Error, Map, Set, typed arrays and toJSON()', () => {
    expect(toJsonValue(10n ** 20n)).toBe('100000000000000000000');
    expect(toJsonValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(toJsonValue(new Date(Number.NaN))).toBeNull();
    const err = Object.assign(new TypeError('bad'), { code: 'E_BAD' });
    expect(toJsonValue(err)).toEqual({ name: 'TypeError', message: 'bad', code: 'E_BAD' });
    expect(toJsonValue(new Map<unknown, unknown>([['k', 1], [2, new Set([3])]]))).toEqual({ k: 1, '2': [3] });
    expect(toJsonValue(new Uint8Array([1, 2]))).toEqual([1, 2]);
    expect(toJsonValue(new BigInt64Array([5n]))).toEqual(['5']);
    expect(toJsonValue({ toJSON: () => ({ x: 1 }) })).toEqual({ x: 1 });
    expect(toJsonValue({ toJSON() { throw new Error('no'); } })).toBe('[Unserializable]');
  });

  it('marks cycles and excessive depth instead of throwing', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(toJsonValue(a)).toEqual({ name: 'a', self: '[Circular]' });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(JSON.stringify(toJsonValue(deep))).toContain('[MaxDepth]');
    const shared = { v: 1 };
    expect(toJsonValue({ x: shared, y: shared })).toEqual({ x: { v: 1 }, y: { v: 1 } }); // repeated, not circular
  });

  it('skips throwing getters and never writes __proto__', () => {
    const obj = Object.create(null) as Record<string, unknown>;
    Object.defineProperty(obj, 'boom', { enumerable: true, get: () => { throw new Error('x'); } });
    obj.ok = 1;
    expect(toJsonValue(obj)).toEqual({ ok: 1 });
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as unknown;
    const out = toJsonValue(evil) as Record<string, unknown>;
    expect(out).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(toJsonValue(new Map([['__proto__', 1]]))).toEqual({});
  });

  it('keeps long strings (code) whole', () => {
    const code = 'x'.repeat(200_000);
    expect((toJsonValue({ code }) as { code: string }).code).toHaveLength(200_000);
  });
});

describe('storableJson', () => {
  it('drops undefined properties and nulls undefined elements, as JSON does; keeps identity when clean', () => {
    const clean = { a: 1, b: [1, 'x'], c: { d: null } };
    expect(storableJson(clean)).toBe(clean);
    const dirty = { a: 1, gone: undefined, list: [1, undefined, { e: undefined, f: 'ok' }] } as unknown as JsonValue;
    const out = storableJson(dirty);
    expect(out).toEqual({ a: 1, list: [1, null, { f: 'ok' }] });
    expect(Object.keys(out as object)).toEqual(['a', 'list']);
    expect(JSON.stringify(out)).toBe(JSON.stringify(dirty)); // the same JSON as before: only what JSON drops anyway is gone
  });

  it('makes strings and keys storable (U+0000 and lone surrogates become U+FFFD)', () => {
    expect(storableJson({ 'k\u0000': 'a\ud800b' })).toEqual({ 'k\ufffd': 'a\ufffdb' });
  });
});
