import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NAMESPACE_LIMITS,
  SchemaError,
  isValidNamespace,
  namespaceStartsWith,
  namespaces,
  segmentProblem,
  validateNamespace,
} from '../src/index.js';

describe('namespaces', () => {
  it('builds the four namespaces Genesis writes', () => {
    expect(namespaces.outcomes('acme', 'builder')).toEqual(['outcomes', 'acme', 'builder']);
    expect(namespaces.training('acme', 'qa')).toEqual(['training', 'acme', 'qa']);
    expect(namespaces.strategies('acme', 'qa')).toEqual(['strategies', 'acme', 'qa']);
    expect(namespaces.evolution('acme', 'qa', 'run-7')).toEqual(['evolution', 'acme', 'qa', 'run-7']);
  });

  it.each([
    [[], 'must have at least one segment'],
    [['a', ''], 'must not be empty'],
    [['a', 'b/c'], '"/"'],
    [['a', 'b\\c'], '"/"'],
    [['a', 'b\u0000'], 'control'],
    [['a', 'tab\there'], 'control'],
    [['a', ' padded'], 'whitespace'],
    [['a', 'x'.repeat(NAMESPACE_LIMITS.maxSegmentLength + 1)], 'at most'],
    [Array.from({ length: NAMESPACE_LIMITS.maxDepth + 1 }, () => 'a'), 'at most'],
    [['a', 42], 'must be a string'],
    ['acme', 'array'],
    [['lone', '\ud800'], 'control'],
  ])('rejects %j', (ns, message) => {
    let error: unknown;
    try {
      validateNamespace(ns);
    } catch (e) {
      error = e;
    }
    expect(SchemaError.isInstance(error)).toBe(true);
    expect((error as SchemaError).code).toBe('INVALID_NAMESPACE');
    expect((error as SchemaError).message).toContain(message);
    expect(isValidNamespace(ns)).toBe(false);
  });

  it('the builders validate tenant and agent names', () => {
    expect(() => namespaces.outcomes('', 'builder')).toThrow(/namespace\[1\]/);
    expect(() => namespaces.training('acme', 'a/b')).toThrow(/namespace\[2\]/);
  });

  it('accepts names with SQL wildcards, dots, unicode and case as themselves', () => {
    for (const ns of [['t', 'a_b'], ['t', '100%'], ['t', 'ACME'], ['t', 'acme.corp'], ['t', 'ünïcødé 🚀']]) {
      expect(validateNamespace(ns)).toEqual(ns);
    }
    expect(Object.isFrozen(validateNamespace(['a']))).toBe(true);
    expect(validateNamespace([], { allowEmpty: true })).toEqual([]);
  });

  it('prefix matching is by whole segment, never by substring or case', () => {
    expect(namespaceStartsWith(['t', 'acme', 'x'], ['t', 'acme'])).toBe(true);
    expect(namespaceStartsWith(['t', 'acme-corp'], ['t', 'acme'])).toBe(false);
    expect(namespaceStartsWith(['t', 'acmeX'], ['t', 'acme'])).toBe(false);
    expect(namespaceStartsWith(['t', 'ACME'], ['t', 'acme'])).toBe(false);
    expect(namespaceStartsWith(['t'], ['t', 'acme'])).toBe(false);
    expect(namespaceStartsWith(['t', 'aXb'], ['t', 'a_b'])).toBe(false);
  });

  it('property: validation agrees with segmentProblem, and valid namespaces round-trip', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 140 }), { maxLength: 10 }), (ns) => {
        const expected =
          ns.length > 0 && ns.length <= NAMESPACE_LIMITS.maxDepth && ns.every((s) => segmentProblem(s) === undefined);
        expect(isValidNamespace(ns)).toBe(expected);
        if (expected) expect(validateNamespace(ns)).toEqual(ns);
        else expect(() => validateNamespace(ns)).toThrow(SchemaError);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a prefix matches exactly when its segments equal the leading ones', () => {
    const seg = fc.constantFrom('a', 'b', 'a_b', 'aXb', 'A', 'ab');
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 5 }), fc.array(seg, { maxLength: 5 }), (ns, prefix) => {
        const expected = prefix.length <= ns.length && prefix.join('\u0001') === ns.slice(0, prefix.length).join('\u0001');
        expect(namespaceStartsWith(ns, prefix)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
