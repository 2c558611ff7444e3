import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError, decodeValue, encodeValue } from './codec.js';
import { valuesEqual } from './equal.js';
import { codecValue } from '../test/arbitraries.js';

const seed = Number(process.env.FC_SEED ?? 20261126);

describe('wire codec', () => {
  it('round-trips JSON-like values, including the ones JSON cannot carry', () => {
    const value = {
      a: [1, undefined, Number.NaN, -0, Infinity, -Infinity, 2n ** 70n, 'x', true, null],
      nested: { u: undefined, deep: [[{ n: -0 }]] },
    };
    const back = decodeValue(encodeValue(value)) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.a[3], -0)).toBe(true);
    expect(Object.is(back.nested.deep[0]?.[0]?.n, -0)).toBe(true);
    expect(back.a[6]).toBe(2n ** 70n);
    expect(Object.hasOwn(back.nested, 'u')).toBe(true);
    for (const top of [undefined, Number.NaN, -0, Infinity, 5n]) {
      expect(Object.is(decodeValue(encodeValue(top)), top)).toBe(true);
    }
  });

  it('follows the documented conversions', () => {
    const conv = (v: unknown) => decodeValue(encodeValue(v));
    expect(conv(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(conv(new Map([[1, { a: 2 }]]))).toEqual([[1, { a: 2 }]]);
    expect(conv(new Set(['a']))).toEqual(['a']);
    expect(conv(new Float64Array([0.5]))).toEqual([0.5]);
    expect(conv([() => 1, Symbol('x')])).toEqual([undefined, undefined]);
    expect(conv(new DataView(new ArrayBuffer(2)))).toEqual({});
    expect(encodeValue({ a: 1 })).toBe('{"v":{"a":1}}');
  });

  it('rejects cycles and absurd depth with the path', () => {
    const cyclic: Record<string, unknown> = { list: [] };
    (cyclic.list as unknown[]).push(cyclic);
    expect(() => encodeValue(cyclic)).toThrow(CodecError);
    try {
      encodeValue(cyclic);
    } catch (error) {
      expect((error as CodecError).path).toBe('.list[0]');
    }
    let deep: unknown = 1;
    for (let i = 0; i < 1100; i++) deep = [deep];
    expect(() => encodeValue(deep)).toThrow(/nested too deeply/);
    // Shared (non-cyclic) references are fine.
    const shared = { x: 1 };
    expect(decodeValue(encodeValue([shared, shared]))).toEqual([{ x: 1 }, { x: 1 }]);
  });

  it('round-trips arbitrary values (property)', () => {
    fc.assert(
      fc.property(codecValue, (v) => {
        const back = decodeValue(encodeValue(v));
        expect(valuesEqual(back, v)).toBe(true);
        expect(encodeValue(back)).toBe(encodeValue(v));
      }),
      { numRuns: 1000, seed },
    );
  });

  it('encodes Sets and Maps canonically on request; a cycle through one is an error, not a stack overflow', () => {
    const a = encodeValue(new Set([2, 1, { b: 1 }]), { canonical: true });
    expect(a).toBe(encodeValue(new Set([{ b: 1 }, 1, 2]), { canonical: true }));
    expect(encodeValue(new Set([2, 1]))).not.toBe(encodeValue(new Set([1, 2]))); // arguments keep their order
    expect(encodeValue(new Map([['b', 2], ['a', Number.NaN]]), { canonical: true })).toBe(encodeValue(new Map([['a', Number.NaN], ['b', 2]]), { canonical: true }));
    const loop = new Set<unknown>();
    loop.add({ back: loop });
    expect(() => encodeValue(loop, { canonical: true })).toThrow(CodecError);
    expect(() => encodeValue(loop)).toThrow(CodecError);
  });

  it('applies toJSON once per value, as JSON.stringify does', () => {
    class Box {
      constructor(readonly v: number) {}
      toJSON(): Box {
        return new Box(this.v + 1);
      }
    }
    expect(encodeValue(new Box(1))).toBe(JSON.stringify({ v: JSON.parse(JSON.stringify(new Box(1))) }));
    expect(decodeValue(encodeValue([new Box(1), { d: new Date(0) }]))).toEqual([{ v: 2 }, { d: '1970-01-01T00:00:00.000Z' }]);
  });

  it('never touches Object.prototype, whatever the wire says', () => {
    const hostile = [
      '{"v":{"__proto__":{"polluted":1}}}',
      '{"v":{},"s":[[["__proto__","polluted"],"nan"]]}',
      '{"v":{"a":{}},"s":[[["a","__proto__"],"u"]]}',
      '{"v":{"constructor":{"prototype":{}}},"s":[[["constructor","prototype","polluted"],"inf"]]}',
      '{"v":{},"s":[[["constructor","prototype","polluted"],"inf"]]}',
    ];
    for (const wire of hostile) {
      try {
        decodeValue(wire);
      } catch (error) {
        expect(error).toBeInstanceOf(CodecError);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const own = decodeValue('{"v":{"a":{}},"s":[[["a","__proto__"],"u"]]}') as { a: object };
    expect(Object.getPrototypeOf(own.a)).toBe(Object.prototype);
    expect(Object.hasOwn(own.a, '__proto__')).toBe(true);
  });

  it('rejects malformed wire strings with CodecError', () => {
    for (const wire of [
      'not json',
      '42',
      '{}',
      '{"v":1,"s":{}}',
      '{"v":1,"s":[1]}',
      '{"v":[1],"s":[[[5],"u"]]}',
      '{"v":[1],"s":[[["x"],"u"]]}',
      '{"v":1,"s":[[[0],"u"]]}',
      '{"v":{"a":1},"s":[[["a","b"],"u"]]}',
      '{"v":{"a":1},"s":[[[{}],"u"]]}',
      '{"v":{"a":1},"s":[[["a"],"zzz"]]}',
      '{"v":{"a":1},"s":[[["a"],"n","1.5"]]}',
    ]) {
      expect(() => decodeValue(wire), wire).toThrow(CodecError);
    }
  });
});
