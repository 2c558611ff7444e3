import { describe, expect, it } from 'vitest';
import { normaliseCode } from './ast.js';
import { adaptProgram, mainFunction, parseAny, parseSignature, stripTypes } from './adapt.js';
import { printProgram } from './ast.js';

const n = (c: string) => normaliseCode(c);

describe('parseSignature', () => {
  it('reads names, types (nested generics and tuples included) and the return type', () => {
    expect(parseSignature('(xs: number[], m: Map<string, number>, t?: [number, number]) => boolean')).toEqual({
      params: [
        { name: 'xs', type: 'number[]' },
        { name: 'm', type: 'Map<string,number>' },
        { name: 't', type: '[number,number]' },
      ],
      returns: 'boolean',
    });
    expect(parseSignature('(a, b = 2, ...rest)')).toEqual({ params: [{ name: 'a' }, { name: 'b' }, { name: 'rest' }] });
    expect(parseSignature('function f(s: string): number')).toEqual({ params: [{ name: 's', type: 'string' }], returns: 'number' });
  });

  it('returns undefined for what is not a signature', () => {
    expect(parseSignature(undefined)).toBeUndefined();
    expect(parseSignature('number')).toBeUndefined();
    expect(parseSignature('(a')).toBeUndefined();
    expect(parseSignature('(1x: number) => void')).toBeUndefined();
  });
});

describe('adaptProgram', () => {
  it('renames the function (recursion included) and its parameters to the problem', () => {
    const [a] = adaptProgram({
      code: 'function fact(k) { return k <= 1 ? 1 : k * fact(k - 1); }',
      entry: 'factorial',
      signature: '(n: number) => number',
      language: 'js',
    });
    expect(n(a!.code)).toBe(n('function factorial(n) { return n <= 1 ? 1 : n * factorial(n - 1); }'));
    expect(a!.description).toBe('fact → factorial (k→n)');
  });

  it('maps parameters by name, then type, then position; adds missing ones and moves extra ones last', () => {
    const code = 'function count(text: string, letter: string, limit: number) { let n = 0; for (const c of text) if (c === letter && n < limit) n++; return n; }';
    const [best, ...others] = adaptProgram({ code, entry: 'countIn', signature: '(ch: string, s: string) => number', language: 'js' });
    // No names match; types are equal, so position decides first; the other order is offered next.
    expect(n(best!.code)).toBe(n('function countIn(ch, s, limit) { let n = 0; for (const c of ch) if (c === s && n < limit) n++; return n; }'));
    expect(others.map((o) => n(o.code))).toContain(n('function countIn(ch, s, limit) { let n = 0; for (const c of s) if (c === ch && n < limit) n++; return n; }'));
    const [byName] = adaptProgram({ code, entry: 'g', signature: '(limit: number, text: string, extra: boolean) => number', language: 'ts' });
    expect(byName!.code).toMatch(/function g\(limit: number, text: string, extra, letter: string\)/);
  });

  it('renames locals that would clash with a new parameter name, and functions that clash with the entry', () => {
    const [a] = adaptProgram({
      code: 'function sumEvens(nums) { let xs = 0; for (const v of nums) if (v % 2 === 0) xs += v; return xs; }\nfunction sumOdds() { return 0; }',
      entry: 'sumOdds',
      signature: '(xs: number[]) => number',
      language: 'js',
      seedEntry: 'sumEvens',
    });
    expect(n(a!.code)).toBe(
      n('function sumOdds(xs) { let xs_ = 0; for (const v of xs) if (v % 2 === 0) xs_ += v; return xs_; }\nfunction sumOdds_seed() { return 0; }'),
    );
  });

  it('keeps the seed parameters without a signature, or takes them from the starter code', () => {
    const code = 'function a(p, q) { return p - q; }';
    expect(n(adaptProgram({ code, entry: 'b', language: 'js' })[0]!.code)).toBe(n('function b(p, q) { return p - q; }'));
    expect(n(adaptProgram({ code, entry: 'b', language: 'js', starterCode: 'function b(x, y) { return 0; }' })[0]!.code)).toBe(
      n('function b(x, y) { return x - y; }'),
    );
  });

  it('strips TypeScript when the problem is JavaScript; returns nothing for unparsable or function-less code', () => {
    const [a] = adaptProgram({
      code: 'interface P { x: number }\nfunction f(p: P, k: number): number { const v = p.x as number; return v! + k; }',
      entry: 'g',
      signature: '(p, k)',
      language: 'js',
    });
    expect(n(a!.code)).toBe(n('function g(p, k) { const v = p.x; return v + k; }'));
    expect(adaptProgram({ code: 'function (', entry: 'g', language: 'js' })).toEqual([]);
    expect(adaptProgram({ code: 'const x = 1;', entry: 'g', language: 'js' })).toEqual([]);
  });

  it('finds the main function: preferred name, export, the uncalled one', () => {
    const ast = parseAny('function helper(x) { return x; }\nfunction main(x) { return helper(x); }')!.ast;
    expect(mainFunction(ast)!.id!.name).toBe('main');
    expect(mainFunction(ast, 'helper')!.id!.name).toBe('helper');
    const exported = parseAny('function a() {}\nexport function b() {}')!.ast;
    expect(mainFunction(exported)!.id!.name).toBe('b');
    expect(printProgram(stripTypes(parseAny('type T = number;\nlet y: T = 1;')!.ast)).trim()).toBe('let y = 1;');
  });
});

describe('adaptProgram: parameter shapes from the tests', () => {
  it('gives the parameter the seed iterates the argument the tests pass as a list or long string', () => {
    const code = 'function occurrences(text, letter) { let n = 0; for (const c of text) if (c === letter) n += 1; return n; }';
    const [a] = adaptProgram({ code, entry: 'countOthers', signature: '(ch: string, s: string) => number', language: 'js', argSamples: [['a', 'banana'], ['x', '']] });
    expect(n(a!.code)).toBe(n('function countOthers(ch, s) { let n = 0; for (const c of s) if (c === ch) n += 1; return n; }'));
    const [byIndex] = adaptProgram({ code: 'function f(k, xs) { return xs[k]; }', entry: 'g', signature: '(ys, i)', language: 'js', argSamples: [[[1, 2], 0]] });
    expect(n(byIndex!.code)).toBe(n('function g(ys, i) { return ys[i]; }'));
  });
});
