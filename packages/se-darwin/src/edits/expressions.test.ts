import { describe, expect, it } from 'vitest';
import { parseProgram, printProgram } from './ast.js';
import { applyEdits } from './edit.js';
import { expressionEdits } from './expressions.js';
import { collectSites } from './sites.js';

/** Every edit `expressionEdits` finds on `code`, with its kind and the program it yields (layout collapsed). */
function mutants(code: string, kind?: string): string[] {
  const ast = parseProgram(code)!;
  const printed = printProgram(ast);
  return expressionEdits(collectSites(ast), ast)
    .filter((e) => kind === undefined || e.kind === kind)
    .map((e) => {
      const out = applyEdits(ast, [e], 'js', printed);
      expect(out, e.description).toBeDefined();
      return out!.replace(/\s+/g, ' ');
    });
}

describe('expression edits', () => {
  it('index-wrap: a name becomes the subscript of another visible variable', () => {
    const code = 'function groupBy(records, key) { const out = {}; for (const r of records) { const k = key; (out[k] ||= []).push(r); } return out; }';
    const codes = mutants(code, 'index-wrap');
    expect(codes.some((c) => c.includes('const k = r[key]'))).toBe(true);
    // Never inside another subscript (`out[r[k]]`), never a global or the function's own name.
    expect(codes.some((c) => /out\[\w+\[k\]\]/.test(c))).toBe(false);
    expect(codes.some((c) => c.includes('[groupBy]') || c.includes('groupBy['))).toBe(false);
  });

  it('negate-value: a lost sign on an amount or bound', () => {
    const code = 'function rot(xs, k) { const s = k % xs.length; return xs.slice(s).concat(xs.slice(0, s)); }';
    const codes = mutants(code, 'negate-value');
    expect(codes.some((c) => c.includes('const s = -k % xs.length'))).toBe(true);
    expect(codes.some((c) => c.includes('xs.slice(-s)'))).toBe(true);
    // Not where a sign operator already decides (`a - b`, `-x`).
    expect(mutants('function f(a, b) { return a - b; }', 'negate-value').some((c) => c.includes('a - -b'))).toBe(false);
  });

  it('swap-expressions: two disjoint expressions of one statement trade places', () => {
    const codes = mutants('function invert(obj) { const out = {}; for (const k of Object.keys(obj)) out[k] = obj[k]; return out; }', 'swap-expressions');
    expect(codes.some((c) => c.includes('out[obj[k]] = k'))).toBe(true);
    // Operands of one operator or one call are left to swap-operands and swap-arguments.
    expect(mutants('function f(a, b) { return a - b; }', 'swap-expressions')).toEqual([]);
    expect(mutants('function f(a, b) { return g(a, b); }', 'swap-expressions')).toEqual([]);
  });

  it('boolean-check: a constant truth value becomes a check of the state the program built', () => {
    const code = `function balanced(s) {
  const stack = [];
  let depth = 0;
  for (const c of s) { if (c === '(') { stack.push(c); depth++; } else if (stack.pop() !== '(') return false; }
  return true;
}`;
    const codes = mutants(code, 'boolean-check');
    expect(codes.some((c) => c.includes('return stack.length === 0; }'))).toBe(true);
    expect(codes.some((c) => c.includes('return depth === 0; }'))).toBe(true);
    expect(codes.some((c) => c.includes('return stack.length > 0;'))).toBe(true);
    // Only literals that are returned or stored: nothing to check in a program without state.
    expect(mutants('function f(x) { return true; }', 'boolean-check')).toEqual([]);
  });
});
