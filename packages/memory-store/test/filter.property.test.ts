import type { JsonValue } from '@genesis/schemas';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter, MemoryStore } from '../src/types.js';
import { backends, type TestBackend } from './helpers.js';

const seed = Number(process.env.FC_SEED ?? 20261126);

// Documents and filters drawn from a small universe so that filters actually match things.
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, 1.5, -2.5),
  fc.constantFrom('a', 'b', 'B', 'ab', '1', ''),
  fc.boolean(),
  fc.constant(null),
);
const field = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.record({ x: scalar }) });
const doc = fc.record({ a: field, b: field, c: fc.array(scalar, { maxLength: 2 }) }, { requiredKeys: [] });
const path = fc.constantFrom('a', 'b', 'a.x', 'b.x', 'c.0', 'c.1', 'missing');
const rangeOperand = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -1.5), fc.constantFrom('a', 'ab', 'B', '1'));
const operators = fc.oneof(
  scalar.map((v) => ({ $eq: v })),
  scalar.map((v) => ({ $ne: v })),
  fc.array(scalar, { maxLength: 3 }).map((v) => ({ $in: v })),
  fc.array(scalar, { maxLength: 3 }).map((v) => ({ $nin: v })),
  fc.constantFrom('$gt', '$gte', '$lt', '$lte').chain((op) => rangeOperand.map((v) => ({ [op]: v }))),
  fc.boolean().map((v) => ({ $exists: v })),
  scalar, // a bare value means $eq
);
const filter = fc.dictionary(path, operators, { minKeys: 1, maxKeys: 3 }) as fc.Arbitrary<Filter>;

/** The reference semantics, in plain JavaScript. */
function at(value: JsonValue, p: string): JsonValue | undefined {
  let cur: JsonValue | undefined = value;
  for (const seg of p.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) cur = /^\d+$/.test(seg) ? cur[Number(seg)] : undefined;
    else cur = Object.hasOwn(cur, seg) ? cur[seg] : undefined;
  }
  return cur;
}
const same = (x: JsonValue | undefined, v: JsonValue): boolean =>
  x !== undefined && (v === null || typeof v !== 'object' ? x === v : JSON.stringify(x) === JSON.stringify(v));
function matches(value: JsonValue, f: Filter): boolean {
  return Object.entries(f).every(([p, spec]) => {
    const x = at(value, p);
    const ops = spec !== null && typeof spec === 'object' && !Array.isArray(spec) && Object.keys(spec).some((k) => k.startsWith('$'))
      ? (spec as Record<string, JsonValue>)
      : { $eq: spec as JsonValue };
    return Object.entries(ops).every(([op, v]) => {
      switch (op) {
        case '$eq': return same(x, v);
        case '$ne': return !same(x, v);
        case '$in': return (v as JsonValue[]).some((w) => same(x, w));
        case '$nin': return !(v as JsonValue[]).some((w) => same(x, w));
        case '$exists': return (x !== undefined) === v;
        default: {
          if (typeof x !== typeof v || (typeof x !== 'number' && typeof x !== 'string')) return false;
          const [l, r] = [x as number | string, v as number | string];
          return op === '$gt' ? l > r : op === '$gte' ? l >= r : op === '$lt' ? l < r : l <= r;
        }
      }
    });
  });
}

describe.each(backends.map((make) => [make().name, make] as const))('filters agree with the reference semantics on %s (property)', (_name, make) => {
  let backend: TestBackend;
  let store: MemoryStore;
  const docs = fc.sample(doc, { seed, numRuns: 80 }) as JsonValue[];
  beforeAll(async () => {
    backend = make();
    store = await backend.open({ embedder: null });
    await store.putMany(docs.map((value, i) => ({ namespace: ['prop', 'filters'], key: `d${i}`, value, index: false })));
    // A second namespace under the same prefix takes the general (multi-namespace) path too.
    await store.putMany(docs.map((value, i) => ({ namespace: ['prop', 'filters', 'child'], key: `d${i}`, value, index: false })));
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('search(filter) returns exactly the documents the reference accepts', async () => {
    await fc.assert(
      fc.asyncProperty(filter, async (f) => {
        const expected = docs.flatMap((d, i) => (matches(d, f) ? [`d${i}`] : [])).sort();
        const single = (await store.search(['prop', 'filters', 'child'], { filter: f, limit: 1000 })).map((i) => i.key).sort();
        expect(single, JSON.stringify(f)).toEqual(expected);
        const both = await store.search(['prop', 'filters'], { filter: f, limit: 1000 });
        expect(both.length, JSON.stringify(f)).toBe(expected.length * 2);
      }),
      { seed, numRuns: 150 },
    );
  });
});
