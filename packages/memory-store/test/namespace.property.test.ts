import { isValidNamespace, namespaceStartsWith } from '@genesis/schemas';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStoreError } from '../src/errors.js';
import { checkNamespace, decodeNamespace, encodeNamespace, prefixRange } from '../src/namespace.js';
import type { MemoryStore } from '../src/types.js';
import { backends, type TestBackend } from './helpers.js';

const seed = Number(process.env.FC_SEED ?? 20261126);
// Segments built from characters that look alike to LIKE, collations and case folding.
const tricky = fc.constantFrom('a', 'A', 'b', '_', '%', '-', ' ', '.', "'", '"', 'é', 'É', '*', '1');
const segment = fc.array(tricky, { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')).filter((s) => s.trim() === s);
const namespace = fc.array(segment, { minLength: 1, maxLength: 4 });

describe('namespace validation and encoding (property)', () => {
  it('accepts exactly what @genesis/schemas accepts, and round-trips through the encoding', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6, unit: 'binary' }), { maxLength: 9 }), (ns) => {
        let ok: boolean;
        try {
          checkNamespace(ns);
          ok = true;
        } catch (error) {
          expect(MemoryStoreError.isInstance(error) && error.code === 'INVALID_NAMESPACE').toBe(true);
          ok = false;
        }
        expect(ok).toBe(isValidNamespace(ns));
        if (ok) expect(decodeNamespace(encodeNamespace(ns))).toEqual(ns);
      }),
      { seed, numRuns: 1000 },
    );
  });

  it('the prefix range holds exactly the namespaces that start with the prefix segment by segment', () => {
    fc.assert(
      fc.property(namespace, namespace, (ns, prefix) => {
        const enc = encodeNamespace(ns);
        const range = prefixRange(prefix)!;
        // JS string comparison is UTF-16 order; for these characters it agrees with UTF-8 byte order.
        const inRange = enc >= range.low && enc < range.high;
        expect(inRange).toBe(namespaceStartsWith(ns, prefix));
      }),
      { seed, numRuns: 5000 },
    );
  });
});

describe.each(backends.map((make) => [make().name, make] as const))('prefix search on %s (property)', (_name, make) => {
  let backend: TestBackend;
  let store: MemoryStore;
  const written: string[][] = [];
  beforeAll(async () => {
    backend = make();
    store = await backend.open({ embedder: null });
    const all = fc.sample(fc.uniqueArray(namespace, { selector: (n) => n.join('\u0001'), minLength: 60, maxLength: 60 }), { seed, numRuns: 1 })[0]!;
    await store.putMany(all.map((ns, i) => ({ namespace: ns, key: 'k', value: { i } })));
    written.push(...all);
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('search(prefix) returns exactly the namespaces that start with it, for prefixes written and not', async () => {
    const prefixes = [
      ...written.flatMap((ns) => [ns.slice(0, 1), ns.slice(0, 2)]),
      ...fc.sample(namespace, { seed: seed + 1, numRuns: 40 }),
    ];
    for (const prefix of prefixes) {
      const found = (await store.search(prefix, { limit: 1000 })).map((i) => i.namespace.join('\u0001')).sort();
      const expected = written.filter((ns) => namespaceStartsWith(ns, prefix)).map((ns) => ns.join('\u0001')).sort();
      expect(found, JSON.stringify(prefix)).toEqual(expected);
      const listed = (await store.listNamespaces({ prefix, limit: 1000 })).map((n) => n.join('\u0001')).sort();
      expect(listed).toEqual(expected);
    }
  });
});
