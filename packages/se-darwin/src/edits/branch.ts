import * as t from '@babel/types';
import type { TestCase } from '@genesis/sandbox';
import { cloneDeep, parseProgram, type SourceLanguage } from './ast.js';
import { findEntryFunction } from './localise.js';
import { collectSites, declaredNames } from './sites.js';

/** A test on the entry's arguments, with its source and its value on a test's arguments. */
export interface InputPredicate {
  source: string;
  holds(args: readonly unknown[]): boolean;
}

function numberThresholds(values: number[]): number[] {
  const sorted = [...new Set(values)].sort((x, y) => x - y);
  const out: number[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i]!;
    const hi = sorted[i + 1]!;
    out.push(Number.isInteger(lo) && Number.isInteger(hi) ? lo : (lo + hi) / 2);
  }
  return out;
}

/**
 * Candidate predicates over the arguments of the tests: signs, zero, parity and thresholds for numbers; emptiness,
 * length thresholds and element signs for arrays and strings; truth for booleans.
 */
export function predicateLibrary(tests: readonly TestCase[]): InputPredicate[] {
  const out: InputPredicate[] = [];
  const arity = Math.max(0, ...tests.map((tc) => tc.args.length));
  for (let p = 0; p < arity; p++) {
    const values = tests.map((tc) => tc.args[p]);
    const a = `args[${p}]`;
    if (values.every((v) => typeof v === 'number')) {
      const nums = values as number[];
      out.push({ source: `${a} < 0`, holds: (x) => (x[p] as number) < 0 });
      out.push({ source: `${a} === 0`, holds: (x) => x[p] === 0 });
      out.push({ source: `${a} % 2 === 0`, holds: (x) => (x[p] as number) % 2 === 0 });
      for (const c of numberThresholds(nums)) out.push({ source: `${a} <= ${c}`, holds: (x) => (x[p] as number) <= c });
    } else if (values.every((v) => Array.isArray(v) || typeof v === 'string')) {
      const lengths = (values as Array<unknown[] | string>).map((v) => v.length);
      out.push({ source: `${a}.length === 0`, holds: (x) => (x[p] as unknown[]).length === 0 });
      for (const c of numberThresholds(lengths)) out.push({ source: `${a}.length <= ${c}`, holds: (x) => (x[p] as unknown[]).length <= c });
      if (values.every((v) => Array.isArray(v) && v.every((e) => typeof e === 'number'))) {
        out.push({ source: `${a}.some((v) => v < 0)`, holds: (x) => (x[p] as number[]).some((v) => v < 0) });
        out.push({ source: `${a}.every((v) => v < 0)`, holds: (x) => (x[p] as number[]).every((v) => v < 0) });
        out.push({ source: `${a}.some((v) => v === 0)`, holds: (x) => (x[p] as number[]).some((v) => v === 0) });
      }
    } else if (values.every((v) => typeof v === 'boolean')) {
      out.push({ source: `${a} === true`, holds: (x) => x[p] === true });
    }
  }
  if (tests.some((tc) => tc.args.length !== arity)) {
    for (let n = 0; n < arity; n++) out.push({ source: `args.length <= ${n}`, holds: (x) => x.length <= n });
  }
  return out;
}

/**
 * Predicates that send every test only `a` passes to `a` and every test only `b` passes to `b` (tests both pass or
 * both fail are free), simplest first.
 */
export function separatingPredicates(tests: readonly TestCase[], passA: readonly boolean[], passB: readonly boolean[]): InputPredicate[] {
  const onlyA = tests.filter((_, i) => passA[i] && !passB[i]);
  const onlyB = tests.filter((_, i) => passB[i] && !passA[i]);
  if (onlyA.length === 0 || onlyB.length === 0) return [];
  const safe = (p: InputPredicate, tc: TestCase): boolean | undefined => {
    try {
      return p.holds(tc.args);
    } catch {
      return undefined;
    }
  };
  const separating = predicateLibrary(tests).filter(
    (p) => onlyA.every((tc) => safe(p, tc) === true) && onlyB.every((tc) => safe(p, tc) === false),
  );
  // A threshold fitted between two single tests is a guess about where the behaviour changes; it is only trusted
  // with at least two tests on each side. Structural tests (empty, negative, zero, parity) always qualify.
  const threshold = (p: InputPredicate): boolean => /<= [\d.-]+$/.test(p.source);
  return separating.filter((p) => !threshold(p) || (onlyA.length >= 2 && onlyB.length >= 2));
}

function renameTopLevel(root: t.File, suffix: string): Map<string, string> {
  const names = declaredNames(root.program);
  const map = new Map<string, string>();
  for (const n of names) map.set(n, `${n}${suffix}`);
  const topLevel = new Set<string>();
  for (const stmt of root.program.body) {
    const decl = t.isExportNamedDeclaration(stmt) ? stmt.declaration : stmt;
    if (t.isFunctionDeclaration(decl) && decl.id) topLevel.add(decl.id.name);
    if (t.isVariableDeclaration(decl)) for (const d of decl.declarations) if (t.isIdentifier(d.id)) topLevel.add(d.id.name);
  }
  for (const site of collectSites(root)) {
    const n = site.node;
    if (!t.isIdentifier(n) || !topLevel.has(n.name)) continue;
    if (t.isMemberExpression(site.parent) && site.key === 'property' && !site.parent.computed) continue;
    if (t.isObjectProperty(site.parent) && site.key === 'key' && !site.parent.computed) continue;
    n.name = map.get(n.name)!;
  }
  return map;
}

/** Unwraps `export function f` to `function f`, so the parents' copies stay private to the merged program. */
function unexport(root: t.File): boolean {
  let exported = false;
  root.program.body = root.program.body.flatMap((stmt): t.Statement[] => {
    if (t.isExportNamedDeclaration(stmt) && stmt.declaration) {
      exported = true;
      return [stmt.declaration];
    }
    if (t.isExportNamedDeclaration(stmt) || t.isExportDefaultDeclaration(stmt)) {
      exported = true;
      return [];
    }
    return [stmt];
  });
  return exported;
}

/**
 * Crossover by input pattern: both parents kept whole (their top-level names suffixed `__a` / `__b`) under a
 * dispatcher `entry(...args)` that calls the one passing on inputs like this one. Real, runnable crossover: each
 * parent's strengths are kept on exactly the inputs where it has them. Refinement later tries to drop the branch.
 */
export function branchCrossover(options: {
  a: t.File;
  b: t.File;
  entry: string;
  predicate: InputPredicate;
  language: SourceLanguage;
}): t.File | undefined {
  const { entry, predicate, language } = options;
  const a = cloneDeep(options.a);
  const b = cloneDeep(options.b);
  if (!findEntryFunction(a, entry) || !findEntryFunction(b, entry)) return undefined;
  const exported = unexport(a) || unexport(b);
  renameTopLevel(a, '__a');
  renameTopLevel(b, '__b');
  const rest = language === 'ts' ? '...args: any[]' : '...args';
  const dispatcher = `${exported ? 'export ' : ''}function ${entry}(${rest}) {\n  if (${predicate.source}) return ${entry}__a(...args);\n  return ${entry}__b(...args);\n}`;
  const parsed = parseProgram(dispatcher, language);
  if (!parsed) return undefined;
  const merged = t.file(t.program([...a.program.body, ...b.program.body, ...parsed.program.body], a.program.directives, exported ? 'module' : 'script'));
  return merged;
}
