import { describe, expect, it } from 'vitest';
import { normaliseCode, parseProgram, printProgram } from './ast.js';
import { applyEdits, type Edit } from './edit.js';
import { pointMutations } from './mutations.js';
import { collectSites } from './sites.js';
import { breakInsertionEdits, deletionEdits, insertionEdits, resetInsertionEdits, swapEdits } from './statements.js';

const PROGRAM = `function f(xs, k) {
  let total = 0;
  let done = false;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] > k && !done) total += xs[i] * 2;
    count++;
  }
  const m = Math.max(total, k);
  return total - m;
}`;

function editsOf(code: string, make: (sites: ReturnType<typeof collectSites>, ast: NonNullable<ReturnType<typeof parseProgram>>) => Edit[]) {
  const ast = parseProgram(code)!;
  const edits = make(collectSites(ast), ast);
  const printed = printProgram(ast);
  return edits.map((e) => ({ edit: e, code: applyEdits(ast, [e], 'js', printed) }));
}

const mutants = (kind: string) => editsOf(PROGRAM, (s, ast) => pointMutations(s, ast)).filter((m) => m.edit.kind === kind);

describe('point mutations', () => {
  it('every mutant parses and differs from the original', () => {
    const all = editsOf(PROGRAM, (s, ast) => pointMutations(s, ast));
    expect(all.length).toBeGreaterThan(50);
    for (const m of all) {
      expect(m.code, m.edit.description).toBeDefined();
      expect(parseProgram(m.code!)).toBeDefined();
      expect(normaliseCode(m.code!)).not.toBe(normaliseCode(PROGRAM));
    }
  });

  it.each([
    ['comparison', 'i <= xs.length'],
    ['comparison', 'xs[i] >= k'],
    ['binary-operator', 'total + m'],
    ['binary-operator', 'xs[i] / 2'],
    ['logical-operator', 'xs[i] > k || !done'],
    ['assignment-operator', 'total -= xs[i] * 2'],
    ['update-operator', 'i--'],
    ['unary-remove', 'xs[i] > k && done'],
    ['constant', 'let total = 1'],
    ['constant', 'xs[i] * 3'],
    ['constant', 'let done = true'],
    ['off-by-one', 'i < xs.length + 1'],
    ['off-by-one', 'xs[i - 1]'],
    ['negate-condition', '!(i < xs.length)'],
    ['method-swap', 'Math.min(total, k)'],
    ['swap-operands', 'm - total'],
    ['swap-arguments', 'Math.max(k, total)'],
    ['variable', 'return k - m'],
  ])('%s produces `%s`', (kind, fragment) => {
    const codes = mutants(kind).map((m) => m.code!.replace(/\s+/g, ' '));
    expect(codes.some((c) => c.includes(fragment))).toBe(true);
  });

  it('negates a call of a yes-or-no method wherever it stands (a filter callback, a return)', () => {
    const codes = editsOf('function diff(a, b) { const keep = a.filter((x) => b.includes(x)); return Array.isArray(keep) && keep.length > 0 ? keep : g(keep); }', (s, ast) => pointMutations(s, ast))
      .filter((m) => m.edit.kind === 'negate-condition')
      .map((m) => m.code!.replace(/\s+/g, ' '));
    expect(codes.some((c) => c.includes('a.filter(x => !b.includes(x))'))).toBe(true);
    expect(codes.some((c) => c.includes('!Array.isArray(keep) &&'))).toBe(true);
    // Calls that do not answer yes or no are not negated.
    expect(codes.some((c) => c.includes('!g(keep)') || c.includes('!a.filter('))).toBe(false);
  });

  it('confuses slice and splice both ways', () => {
    const codes = editsOf('function f(xs, i) { const out = [...xs]; out.slice(i, 1); return xs.splice(0, 1); }', (s, ast) => pointMutations(s, ast))
      .filter((m) => m.edit.kind === 'method-swap')
      .map((m) => m.code!.replace(/\s+/g, ' '));
    expect(codes.some((c) => c.includes('out.splice(i, 1)'))).toBe(true);
    expect(codes.some((c) => c.includes('xs.slice(0, 1)'))).toBe(true);
  });

  it('mutates BigInt constants like numbers', () => {
    const codes = editsOf('function dbl(n) { return n * 3n; }', (s, ast) => pointMutations(s, ast))
      .filter((m) => m.edit.kind === 'constant')
      .map((m) => m.code!.replace(/\s+/g, ' '));
    for (const fragment of ['n * 2n', 'n * 4n', 'n * 0n', 'n * 1n']) expect(codes.some((c) => c.includes(fragment)), fragment).toBe(true);
  });

  it('shifts a defaulted or chosen value that is stored or returned by one, and no such value elsewhere', () => {
    const code = `function counts(s, flag) {
  const m = {};
  for (const c of s) m[c] = (m[c] || 0);
  const pick = flag ? 1 : 2;
  if (flag || s.length) return m;
  return pick && (m.x ?? 0);
}`;
    const shifted = editsOf(code, (s, ast) => pointMutations(s, ast))
      .filter((m) => m.edit.kind === 'off-by-one')
      .map((m) => m.code!.replace(/\s+/g, ' '));
    expect(shifted.some((c) => c.includes('m[c] = (m[c] || 0) + 1'))).toBe(true);
    expect(shifted.some((c) => c.includes('const pick = (flag ? 1 : 2) - 1'))).toBe(true);
    // A condition and an `&&` are not values to shift.
    expect(shifted.some((c) => c.includes('(flag || s.length) + 1') || c.includes('(flag || s.length) - 1'))).toBe(false);
    expect(shifted.some((c) => /return \(pick && .*\) [+-] 1/.test(c))).toBe(false);
  });

  it('a variable that indexes a collection other uses of it never index is flagged for consistency', () => {
    const code = `function merge(a, b) {
  let i = 0, j = 0;
  const out = [];
  while (i < a.length && j < b.length) out.push(a[i] <= b[j] ? a[i++] : b[j++]);
  return out.concat(a.slice(j), b.slice(j));
}`;
    const flagged = editsOf(code, (s, ast) => pointMutations(s, ast)).filter((m) => m.edit.group === 'variable:consistency');
    expect(flagged.map((m) => m.edit.description)).toContain('j → i at line 5');
  });

  it('never mutates declarations, property names or callees into something else', () => {
    const codes = mutants('variable').map((m) => m.code!);
    for (const c of codes) {
      expect(c).toMatch(/function f\(xs, k\)/);
      expect(c).toContain('Math.max(');
    }
  });
});

describe('statement edits', () => {
  it('deletes one statement or an else branch', () => {
    const code = 'function f(x) {\n  let y = 1;\n  if (x) y = 2; else y = 3;\n  return y;\n}';
    const out = editsOf(code, (s) => deletionEdits(s)).map((m) => m.code!.replace(/\s+/g, ' '));
    expect(out).toEqual([
      'function f(x) { if (x) y = 2;else y = 3; return y; }',
      'function f(x) { let y = 1; return y; }',
      'function f(x) { let y = 1; if (x) y = 2;else y = 3; }',
      'function f(x) { let y = 1; if (x) y = 2; return y; }',
    ]);
  });

  it('swaps adjacent statements', () => {
    const code = 'function f(xs) {\n  const out = [];\n  let t = 0;\n  for (const x of xs) {\n    out.push(t);\n    t += x;\n  }\n  return out;\n}';
    const out = editsOf(code, (s) => swapEdits(s)).map((m) => m.code!.replace(/\s+/g, ' '));
    expect(out.some((c) => c.includes('t += x; out.push(t);'))).toBe(true);
  });

  it('inserts a copy of a statement elsewhere in the same function, never a loop jump outside a loop', () => {
    const code = 'function f(xs) {\n  let n = 0;\n  for (const x of xs) {\n    if (x < 0) break;\n    n++;\n  }\n  return n;\n}';
    const out = editsOf(code, (s) => insertionEdits(s));
    expect(out.length).toBeGreaterThan(0);
    for (const m of out) expect(m.code).toBeDefined();
    const texts = out.map((m) => m.code!.replace(/\s+/g, ' '));
    expect(texts.some((c) => c.includes('n++; if (x < 0) break;'))).toBe(true);
    expect(texts.some((c) => /let n = 0; if \(x < 0\) break;/.test(c))).toBe(false);
  });
});

describe('synthesised statements', () => {
  it('adds a break at the end of a branch inside a loop (braces added when missing), never outside loops', () => {
    const code = 'function first(xs) {\n  let idx = -1;\n  for (let i = 0; i < xs.length; i++) {\n    if (xs[i] < 0) { idx = i; }\n    if (xs[i] > 9) idx = -2;\n  }\n  if (idx > 0) idx = 0;\n  return idx;\n}';
    const out = editsOf(code, (s) => breakInsertionEdits(s)).map((m) => m.code!.replace(/\s+/g, ' '));
    expect(out).toHaveLength(2);
    expect(out.some((c) => c.includes('if (xs[i] < 0) { idx = i; break; }'))).toBe(true);
    expect(out.some((c) => c.includes('if (xs[i] > 9) { idx = -2; break; }'))).toBe(true);
  });

  it('resets a state variable to its initial value inside the loop that changes it, never a const', () => {
    const code = "function decode(s) {\n  let out = '';\n  let num = 0;\n  const seen = [];\n  for (const c of s) {\n    if (c >= '0' && c <= '9') num = num * 10 + Number(c);\n    else { out += c.repeat(num); }\n  }\n  return out;\n}";
    const out = editsOf(code, (s) => resetInsertionEdits(s)).map((m) => m.code!.replace(/\s+/g, ' '));
    expect(out.some((c) => c.includes('out += c.repeat(num); num = 0; }'))).toBe(true);
    expect(out.some((c) => c.includes("out = '';") && c.includes('for (const c of s) { out = '))).toBe(true);
    expect(out.some((c) => /[;{] seen = \[\]/.test(c))).toBe(false);
    // Not outside the loop: the reset before the loop would be a no-op.
    expect(out.some((c) => /let num = 0; num = 0;/.test(c))).toBe(false);
  });
});

describe('invalid offspring', () => {
  it('an edit whose result does not parse (or throws, or changes nothing) yields no program', () => {
    const ast = parseProgram('function f(x) {\n  let y = 0;\n  y = x;\n  return y;\n}')!;
    const printed = printProgram(ast);
    const sites = collectSites(ast);
    const left = sites.find((s) => s.key === 'left')!;
    const toLiteral: Edit = { kind: 'constant', site: left.id, weight: 1, description: 'y → 1 on the left', apply: (all) => { const s = all[left.id]!; (s.parent as unknown as Record<string, unknown>).left = { type: 'NumericLiteral', value: 1 }; } };
    expect(applyEdits(ast, [toLiteral], 'js', printed)).toBeUndefined(); // `1 = x` is rejected by the re-parse
    const throwing: Edit = { ...toLiteral, apply: () => { throw new Error('boom'); } };
    expect(applyEdits(ast, [throwing], 'js', printed)).toBeUndefined();
    const noop: Edit = { ...toLiteral, apply: () => {} };
    expect(applyEdits(ast, [noop], 'js', printed)).toBeUndefined();
    // TypeScript-only syntax grafted into a JavaScript program is rejected too.
    const typed: Edit = { ...toLiteral, apply: (all) => { const s = all[left.id]!; (s.parent as unknown as Record<string, unknown>).right = { type: 'TSAsExpression', expression: { type: 'Identifier', name: 'x' }, typeAnnotation: { type: 'TSNumberKeyword' } }; } };
    expect(applyEdits(ast, [typed], 'js', printed)).toBeUndefined();
    expect(applyEdits(ast, [typed], 'ts', printed)).toContain('y = x as number');
  });
});
