import * as t from '@babel/types';
import { describe, expect, it } from 'vitest';
import { parseProgram } from './ast.js';
import { collectSites, declaredNames, readNames, replaceAt, statementList, visibleNames } from './sites.js';

describe('collectSites', () => {
  const code = `import { a as b } from 'm';
export function f({ p, q: [r = d] }, ...rest) {
  label: for (const k of rest) { if (k) break label; else continue label; }
  const o = { key: p, [r]: 1, m() { return 2; } };
  class C { x = 1; y() { return this.x; } }
  try { o.key = g(o.key, new C()); } catch (err) { r++; }
  return o[r] ?? q;
}`;
  const ast = parseProgram(code)!;
  const sites = collectSites(ast);
  const reads = (name: string) => sites.filter((s) => t.isIdentifier(s.node) && s.node.name === name).map((s) => s.rvalue);

  it('marks only identifiers that are read as values', () => {
    expect(reads('b')).toEqual([false]); // import specifier
    expect(reads('p')).toEqual([false, false, true]); // shorthand key and value in a pattern, then read
    expect(reads('d')).toEqual([true]); // default value inside a pattern is read
    expect(reads('k')).toEqual([false, true]); // loop head, then read
    expect(reads('label')).toEqual([false, false, false]);
    expect(reads('key')).toEqual([false, false, false]); // property names
    expect(reads('g')).toEqual([false]); // callee
    expect(reads('C')).toEqual([false, false]); // class name, constructor callee
    expect(reads('err')).toEqual([false]);
    expect(reads('r')).toEqual([false, true, false, true]); // pattern, computed key, update target, index
    expect(reads('q')).toEqual([false, true]); // property key in the pattern, then read
  });

  it('reads the object and subscript of a written or called member', () => {
    const s = collectSites(parseProgram('function f(out, k, obj, a, i, q, j, z) { out[k] = obj[k]; a[i]++; [q[j]] = z; a.b.c(z); }')!);
    const marks = (name: string) => s.filter((x) => t.isIdentifier(x.node) && x.node.name === name).map((x) => x.rvalue);
    expect(marks('out')).toEqual([false, true]); // parameter, then `out[k] = …`
    expect(marks('k')).toEqual([false, true, true]); // parameter, the written subscript, the read one
    expect(marks('i')).toEqual([false, true]); // `a[i]++`
    expect(marks('q')).toEqual([false, true]); // `[q[j]] = z`
    expect(marks('j')).toEqual([false, true]);
    expect(marks('a')).toEqual([false, true, true]); // `a.b.c(z)`: the receiver is read too
    const chain = collectSites(parseProgram('function g(xs, s) { return xs.slice(s).concat([]); }')!);
    expect(chain.filter((x) => t.isIdentifier(x.node) && x.node.name === 's').map((x) => x.rvalue)).toEqual([false, true]); // argument inside a receiver
    expect([...readNames(s[0]!.node)].sort()).toEqual(['a', 'i', 'j', 'k', 'obj', 'out', 'q', 'z']);
  });

  it('finds statement lists, declared, read and visible names, and replaces nodes', () => {
    const ret = sites.findLast((s) => t.isReturnStatement(s.node))!;
    expect(statementList(ret)).toBeDefined();
    const fn = sites.find((s) => t.isFunctionDeclaration(s.node))!.node;
    expect([...declaredNames(fn)].sort()).toEqual(['C', 'err', 'f', 'k', 'o', 'p', 'r', 'rest'].sort());
    expect([...readNames(ret.node)].sort()).toEqual(['o', 'q', 'r']);
    expect(visibleNames(sites, ret, ast).has('f')).toBe(true);
    const q = sites.find((s) => t.isIdentifier(s.node) && s.node.name === 'q' && s.rvalue)!;
    replaceAt(q, t.numericLiteral(0));
    expect((ret.node as t.ReturnStatement).argument).toMatchObject({ right: { type: 'NumericLiteral', value: 0 } });
    expect(() => replaceAt(sites[0]!, t.identifier('x'))).toThrow(RangeError);
  });
});
