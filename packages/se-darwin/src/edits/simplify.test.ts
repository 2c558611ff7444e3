import { describe, expect, it } from 'vitest';
import { normaliseCode, parseProgram, printProgram } from './ast.js';
import { sliceWeights } from './localise.js';
import { removalVariants, simplifyProgram } from './simplify.js';

const simplify = (code: string, entry = 'f') => {
  const r = simplifyProgram(parseProgram(code)!, entry);
  return { code: normaliseCode(printProgram(r.ast)), rewrites: r.rewrites };
};
const n = (code: string) => normaliseCode(code);

describe('simplifyProgram', () => {
  it.each([
    ['folds constants', 'function f(x) { return x * (2 + 3); }', 'function f(x) { return x * 5; }'],
    ['drops + 0, - 0 and * 1', 'function f(x) { return (x + 0) * 1 - 0; }', 'function f(x) { return x; }'],
    ['collapses stacked off-by-one', 'function f(x) { return x + 1 - 1; }', 'function f(x) { return x; }'],
    ['merges stacked offsets', 'function f(x) { return x + 2 - 1; }', 'function f(x) { return x + 1; }'],
    ['removes double negation in conditions', 'function f(x) { if (!!x) return 1; return 2; }', 'function f(x) { if (x) return 1; return 2; }'],
    ['pushes negation into equality', 'function f(x) { return !(x === 1); }', 'function f(x) { return x !== 1; }'],
    ['turns if/return true/false into return c', 'function f(x) { if (x > 1) { return true; } return false; }', 'function f(x) { return x > 1; }'],
    ['negates for if/return false/true', 'function f(x) { if (x > 1) return false; else return true; }', 'function f(x) { return !(x > 1); }'],
    ['keeps the live branch of a constant if', 'function f(x) { if (true) { x = 2; } else { x = 3; } return x; }', 'function f(x) { x = 2; return x; }'],
    ['drops code after return', 'function f(x) { return x; x++; }', 'function f(x) { return x; }'],
    ['drops unused pure declarations', 'function f(x) { const unused = x * 2; return x; }', 'function f(x) { return x; }'],
    ['drops self-assignment and pure expression statements', 'function f(x) { x = x; x + 1; return x; }', 'function f(x) { return x; }'],
    ['drops empty else and empty ifs', 'function f(x) { if (x) {} if (x) { x++; } else {} return x; }', 'function f(x) { if (x) { x++; } return x; }'],
    ['drops while (false)', 'function f(x) { while (false) { x++; } return x; }', 'function f(x) { return x; }'],
    ['collapses identical ternary branches', 'function f(x) { return x > 0 ? 1 : 1; }', 'function f(x) { return 1; }'],
    ['folds logical with constant', 'function f(x) { return true && x; }', 'function f(x) { return x; }'],
    ['removes unused helpers but never the entry', 'function g() { return 1; }\nfunction f(x) { return x; }', 'function f(x) { return x; }'],
  ])('%s', (_name, input, expected) => {
    const r = simplify(input);
    expect(r.code).toBe(n(expected));
    expect(r.rewrites).toBeGreaterThan(0);
  });

  it('keeps what is used or has effects, and reports 0 rewrites when nothing applies', () => {
    const code = 'function f(xs) { let total = 0; for (const x of xs) total += x; log(total); return total; }';
    expect(simplify(code)).toEqual({ code: n(code), rewrites: 0 });
    // An assigned-but-unread variable is kept: removing its declaration would leave the assignment undeclared.
    const assigned = 'function f(x) { let y = 0; y = x; return x; }';
    expect(simplify(assigned).code).toContain('let y');
  });
});

describe('removalVariants', () => {
  it('offers each statement removed and each condition dropped, off-slice statements first', () => {
    const code = 'function f(xs) {\n  let debug = 0;\n  let s = 0;\n  for (const x of xs) {\n    if (x > 0) s += x;\n    debug++;\n  }\n  return s;\n}';
    const ast = parseProgram(code)!;
    const variants = removalVariants(ast, sliceWeights(ast, 'f'));
    expect(variants.length).toBeGreaterThanOrEqual(6);
    expect(variants[0]!.sliceWeight).toBeLessThan(1);
    expect(variants[0]!.description).toMatch(/remove/);
    const codes = variants.map((v) => printProgram(v.ast).replace(/\s+/g, ' '));
    expect(codes.some((c) => c.includes('for (const x of xs) { s += x; debug++; }'))).toBe(true);
  });
});
