import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '@genesis/sandbox';
import { defaultSkills } from '../src/skills/default-skills.js';
import { adaptCode, declaredFunctionName, declaredParams, signatureParams } from '../src/skills/adapt.js';
import { tokens } from '../src/skills/skill-library.js';

const sandbox = createSandbox({ poolSize: 1 });
afterAll(() => sandbox.close());

describe('defaultSkills', () => {
  it('ships at least 30 distinct string, array and math skills', () => {
    expect(defaultSkills.length).toBeGreaterThanOrEqual(30);
    expect(new Set(defaultSkills.map((s) => s.name)).size).toBe(defaultSkills.length);
    expect(new Set(defaultSkills.map((s) => s.category))).toEqual(new Set(['string', 'array', 'math']));
    for (const s of defaultSkills) {
      expect(declaredFunctionName(s.code)).toBe(s.name);
      expect(s.params).toEqual(declaredParams(s.code, s.name));
      expect(s.examples.length).toBeGreaterThan(0);
    }
  });

  it('every skill passes its own examples in the sandbox', async () => {
    const failures: string[] = [];
    for (const s of defaultSkills) {
      const run = await sandbox.runTests({ code: s.code, entry: s.name, tests: s.examples, timeoutMs: 2000 });
      if (run.status !== 'ok' || run.passed !== run.total) failures.push(`${s.name}: ${JSON.stringify(run.cases)}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('adapted skills still pass their examples under the new name', async () => {
    const s = defaultSkills.find((k) => k.name === 'flattenArray')!;
    const { code, renamed } = adaptCode(s.code, { entry: 'deepFlat', signature: '(nested: unknown[]) => unknown[]' });
    expect(renamed).toEqual(['flattenArray→deepFlat', 'xs→nested']);
    expect(code).toContain('...deepFlat(x)');
    const run = await sandbox.runTests({ code, entry: 'deepFlat', tests: s.examples });
    expect(run.passed).toBe(run.total);
  });
});

describe('adaptCode', () => {
  it('swaps parameter names through placeholders', () => {
    const gcd = defaultSkills.find((k) => k.name === 'gcd')!;
    const { code } = adaptCode(gcd.code, { entry: 'hcf', signature: '(b, a) => number' });
    expect(code.split('\n')[0]).toBe('function hcf(b, a) {');
    expect(code).toContain('a = b % a;');
  });

  it('leaves parameters alone when the arity differs or the name is taken', () => {
    const code = 'function f(xs) {\n  const total = 0;\n  return xs.length + total;\n}';
    expect(adaptCode(code, { entry: 'g', signature: '(a, b) => number' }).renamed).toEqual(['f→g']);
    expect(adaptCode(code, { entry: 'g', signature: '(total) => number' }).code).toContain('function g(xs)');
    expect(adaptCode(code, { entry: 'f' })).toEqual({ code, renamed: [] });
  });

  it('does not rename property accesses', () => {
    const code = 'function size(s) {\n  return s.size + size.length;\n}';
    expect(adaptCode(code, { entry: 'count' }).code).toBe('function count(s) {\n  return s.size + count.length;\n}');
  });

  it('reads signatures and declarations', () => {
    expect(signatureParams('(xs: number[], k?: number) => number')).toEqual(['xs', 'k']);
    expect(signatureParams('function f(a = 1, ...rest)')).toEqual(['a', 'rest']);
    expect(signatureParams('() => void')).toEqual([]);
    expect(signatureParams('no parens')).toBeUndefined();
    expect(signatureParams('({ a }) => 1')).toBeUndefined();
    expect(signatureParams(undefined)).toBeUndefined();
    expect(declaredFunctionName('export const add = (a, b) => a + b;')).toBe('add');
    expect(declaredFunctionName('async function go() {}')).toBe('go');
    expect(declaredParams('const x = 1;', 'x')).toEqual([]);
  });
});

describe('tokens', () => {
  it('splits camelCase, drops stop words and plural s', () => {
    expect(tokens('Sum of the oddNumbers in an array of integers')).toEqual(['sum', 'odd', 'array', 'integer']);
    expect(tokens('class glass')).toEqual(['class', 'glass']);
  });
});
