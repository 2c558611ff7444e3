import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SchemaError,
  parseEvolutionRun,
  parseExecutionStep,
  parseOutcome,
  parsePlan,
  parseStrategy,
  parseTrainingExample,
  parseTrajectory,
  toJsonSchema,
  type RecordName,
} from '../src/index.js';
import * as arb from './arbitraries.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));

const subjects: [RecordName, fc.Arbitrary<unknown>, (x: unknown) => unknown][] = [
  ['ExecutionStep', arb.step, parseExecutionStep],
  ['ProductionOutcome', arb.outcome, parseOutcome],
  ['ExtractedPlan', arb.plan, parsePlan],
  ['TrainingExample', arb.trainingExample, parseTrainingExample],
  ['Trajectory', arb.trajectory, parseTrajectory],
  ['Strategy', arb.strategy, parseStrategy],
  ['EvolutionRun', arb.evolutionRun, parseEvolutionRun],
];

describe.each(subjects)('%s properties', (name, arbitrary, parse) => {
  const validate = ajv.compile(toJsonSchema(name));

  it('round-trips through JSON unchanged, and its JSON Schema accepts it (1,000 runs)', () => {
    fc.assert(
      fc.property(arbitrary, (record) => {
        const wire = JSON.parse(JSON.stringify(record));
        expect(parse(wire)).toEqual(record);
        expect(validate(wire), JSON.stringify(validate.errors)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('mutated records never pollute prototypes and fail only with SchemaError (1,000 runs)', () => {
    const poison = fc.constantFrom('__proto__', 'constructor', 'prototype');
    fc.assert(
      fc.property(arbitrary, poison, fc.nat(), fc.jsonValue({ maxDepth: 2 }), (record, key, where, junk) => {
        const text = injectKey(JSON.stringify(record), key, JSON.stringify({ polluted: true, junk }), where);
        let parsed: unknown;
        try {
          parsed = parse(JSON.parse(text));
        } catch (e) {
          expect(SchemaError.isInstance(e)).toBe(true);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
        if (parsed !== undefined) assertPlainTree(parsed);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Adds `key: value` as an own property of the n-th object node of the record, and returns the JSON text. */
function injectKey(text: string, key: string, value: string, n: number): string {
  const root = JSON.parse(text) as unknown;
  const nodes: object[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      nodes.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(root);
  const target = nodes[n % nodes.length]!;
  Object.defineProperty(target, key, { value: JSON.parse(value), enumerable: true, configurable: true, writable: true });
  return JSON.stringify(root);
}

function assertPlainTree(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(assertPlainTree);
  if (typeof value !== 'object' || value === null) return;
  // Data may legitimately hold a key named "constructor"; what must never happen is a changed prototype.
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(false);
  for (const v of Object.values(value)) assertPlainTree(v);
}
