import fc from 'fast-check';

/** Any value the codec carries out of an isolate: JSON plus undefined, NaN, ±Infinity, -0 and BigInt, nested. */
export const codecValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(undefined, Number.NaN, -0, Infinity, -Infinity),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
  ),
})).node;
