import * as t from '@babel/types';
import type { TestFailure } from '@genesis/schemas';
import type { EditKind } from './edit.js';
import { collectSites, readNames, type Site } from './sites.js';

/** Finds the function named `entry`: a declaration, a `const entry = (…) => …`, or an exported one. */
export function findEntryFunction(root: t.File, entry: string): t.Function | undefined {
  for (const site of collectSites(root.program)) {
    const n = site.node;
    if (t.isFunctionDeclaration(n) && n.id?.name === entry) return n;
    if (t.isVariableDeclarator(n) && t.isIdentifier(n.id) && n.id.name === entry && (t.isArrowFunctionExpression(n.init) || t.isFunctionExpression(n.init)))
      return n.init;
  }
  return undefined;
}

/** Names a statement writes: assignment and update targets, declarations, and receivers of mutating calls. */
function writtenNames(stmt: t.Node): Set<string> {
  const out = new Set<string>();
  const root = (e: t.Node): string | undefined => {
    let cur: t.Node = e;
    while (t.isMemberExpression(cur)) cur = cur.object;
    return t.isIdentifier(cur) ? cur.name : undefined;
  };
  for (const site of collectSites(stmt)) {
    const n = site.node;
    if (t.isAssignmentExpression(n)) {
      const r = root(n.left);
      if (r) out.add(r);
    } else if (t.isUpdateExpression(n)) {
      const r = root(n.argument);
      if (r) out.add(r);
    } else if (t.isVariableDeclarator(n) && t.isIdentifier(n.id)) out.add(n.id.name);
    else if (t.isCallExpression(n) && t.isMemberExpression(n.callee)) {
      const r = root(n.callee.object);
      if (r) out.add(r);
    }
  }
  return out;
}

/**
 * Static fault localisation: a backward slice from the entry function's return values. A statement is relevant
 * when it writes a name the returned values depend on; a loop or branch is relevant when it controls a relevant
 * statement, and then the names in its condition become relevant too. Iterated to a fixpoint.
 *
 * Returns a weight per site: on the slice 1.5 for the return statements and what they read directly, 1.2 one step
 * further, 1 beyond; 0.25 off the slice; 0.8 inside helper functions the program calls or passes as callbacks.
 * Run-time spectra are not available from the sandbox (it reports only results per test), and the programs are
 * small, so the slice already narrows edits to a handful of statements; test evidence is added by
 * {@link diagnoseFailures}.
 */
export function sliceWeights(root: t.File, entry: string): Map<number, number> {
  const sites = collectSites(root);
  const weights = new Map<number, number>();
  const fn = findEntryFunction(root, entry);
  if (!fn) {
    for (const s of sites) weights.set(s.id, 1);
    return weights;
  }
  const byNode = new Map<t.Node, Site>();
  for (const s of sites) byNode.set(s.node, s);
  const inFn = sites.filter((s) => s.fn === fn || isInside(byNode, s, fn));
  const statements = inFn.filter((s) => t.isStatement(s.node));
  const relevantNames = new Set<string>();
  const relevant = new Set<t.Node>();
  // Distance from the output, in slice steps: returns 0, what they read 1, what that reads 2, …
  const distance = new Map<t.Node, number>();
  let round = 0;
  if (t.isExpression(fn.body)) {
    for (const n of readNames(fn.body)) relevantNames.add(n);
  }
  for (const s of statements) {
    if (t.isReturnStatement(s.node)) {
      relevant.add(s.node);
      distance.set(s.node, 0);
      if (s.node.argument) for (const n of readNames(s.node.argument)) relevantNames.add(n);
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    round++;
    const fresh: Array<{ node: t.Node; reads: Set<string> }> = [];
    for (const s of statements) {
      const n = s.node;
      const isControl = t.isIfStatement(n) || t.isLoop(n) || t.isSwitchStatement(n);
      if (relevant.has(n)) continue;
      let take = false;
      if (isControl) {
        take = statements.some((inner) => relevant.has(inner.node) && inner !== s && isInside(byNode, inner, n));
      } else if (!t.isBlockStatement(n)) {
        for (const w of writtenNames(n)) if (relevantNames.has(w)) take = true;
      }
      if (!take) continue;
      relevant.add(n);
      distance.set(n, round);
      changed = true;
      fresh.push({ node: n, reads: isControl ? controlReads(n) : readNames(n) });
    }
    // Names found in this round become relevant only for the next one, so distances count real dependency steps.
    for (const f of fresh) for (const r of f.reads) relevantNames.add(r);
  }
  // Helpers the program refers to (called, or passed as a callback) are suspects too.
  const calledHelpers = readNames(root);
  for (const s of sites) {
    if (t.isCallExpression(s.node) && t.isIdentifier(s.node.callee)) calledHelpers.add(s.node.callee.name);
  }
  for (const s of sites) {
    let w = 0.25;
    if (s.fn === fn || isInside(byNode, s, fn)) {
      const stmt = s.statement;
      if (stmt && relevant.has(stmt)) {
        const d = distance.get(stmt) ?? 3;
        w = d <= 1 ? 1.5 : d === 2 ? 1.2 : 1;
      }
    } else if (s.fn && t.isFunctionDeclaration(s.fn) && s.fn.id && calledHelpers.has(s.fn.id.name)) {
      w = 0.8;
    }
    weights.set(s.id, w);
  }
  return weights;
}

/** Names read by a control statement's head (condition, loop header), not its body. */
function controlReads(n: t.Node): Set<string> {
  const out = new Set<string>();
  const add = (e: t.Node | null | undefined): void => {
    if (e) for (const r of readNames(e)) out.add(r);
  };
  if (t.isIfStatement(n) || t.isWhileStatement(n) || t.isDoWhileStatement(n)) add(n.test);
  else if (t.isForStatement(n)) {
    add(n.init);
    add(n.test);
    add(n.update);
  } else if (t.isForOfStatement(n) || t.isForInStatement(n)) add(n.right);
  else if (t.isSwitchStatement(n)) add(n.discriminant);
  return out;
}

function isInside(byNode: ReadonlyMap<t.Node, Site>, site: Site, ancestor: t.Node): boolean {
  let current: Site | undefined = site;
  while (current?.parent) {
    if (current.parent === ancestor) return true;
    current = byNode.get(current.parent);
  }
  return false;
}

/** What the failing tests suggest about the defect. */
export interface Diagnosis {
  /** Edit kinds made more likely by the evidence, with a multiplier. */
  priors: Partial<Record<EditKind, number>>;
  /** Readable summary for `Candidate.problemDiagnosis`. */
  summary: string;
  /** Whether some tests pass (the defect is partial: boundaries and branches are suspects). */
  partial: boolean;
  /** Whether a run timed out (a loop or recursion that does not end). */
  nonTerminating: boolean;
  /** |actual − expected| when two or more numeric failures are all off by the same non-zero amount. */
  constantDelta?: number;
}

/**
 * Reads the failures (expected against actual values, error messages) for the shape of the defect: results off by
 * one, inverted booleans, negated numbers, reversed sequences, crashes on indices, time-outs from loops that never end.
 */
export function diagnoseFailures(failures: readonly TestFailure[], passed: number): Diagnosis {
  const priors: Partial<Record<EditKind, number>> = {};
  const notes: string[] = [];
  let nonTerminating = false;
  const bump = (kinds: EditKind[], by: number, note: string): void => {
    for (const k of kinds) priors[k] = Math.max(priors[k] ?? 1, by);
    if (!notes.includes(note)) notes.push(note);
  };
  for (const f of failures) {
    const { expected, actual } = f;
    const msg = f.message.toLowerCase();
    if (/time|timed out|did not run|memory|oom|call stack/.test(msg)) {
      nonTerminating = true;
      bump(['comparison', 'update-operator', 'assignment-operator', 'binary-operator', 'off-by-one'], 2, 'a loop does not terminate');
    } else if (/cannot read|undefined|is not a function|not iterable|of null/.test(msg) && actual === undefined) {
      bump(['off-by-one', 'comparison', 'constant', 'variable'], 2, 'an index or bound reaches outside the data');
    } else if (typeof expected === 'number' && typeof actual === 'number') {
      const d = actual - expected;
      if (Math.abs(d) === 1) bump(['off-by-one', 'constant', 'comparison'], 2.5, 'results are off by one');
      else if (actual === -expected && expected !== 0) bump(['binary-operator', 'swap-operands', 'unary-remove'], 2, 'results have the wrong sign');
      else if (Math.abs(d) > 1) bump(['binary-operator', 'constant', 'method-swap', 'variable'], 1.5, 'results are wrong in value');
    } else if (typeof expected === 'boolean' && typeof actual === 'boolean') {
      bump(['negate-condition', 'comparison', 'logical-operator', 'constant', 'boolean-check'], 2, 'a condition is inverted');
    } else if (Array.isArray(expected) && Array.isArray(actual)) {
      if (JSON.stringify([...actual].reverse()) === JSON.stringify(expected))
        bump(['comparison', 'swap-operands', 'method-swap'], 2.5, 'the order is reversed');
      else if (shiftedByOne(actual, expected)) bump(['swap-statements', 'off-by-one'], 2.5, 'values lag one step behind (or ahead)');
      else if (Math.abs(actual.length - expected.length) === 1) bump(['off-by-one', 'comparison', 'constant'], 2, 'one element too many or too few');
      else bump(['comparison', 'variable', 'binary-operator'], 1.3, 'elements are wrong');
    } else if (isRecord(expected) && isRecord(actual)) {
      const ek = Object.keys(expected).sort();
      const ak = Object.keys(actual).sort();
      const j = (x: unknown): string => JSON.stringify(x);
      if (ek.length > 0 && j(ak) === j(Object.values(expected).map(String).sort()) && j(ek) === j(Object.values(actual).map(String).sort()))
        bump(['swap-expressions', 'swap-operands', 'swap-arguments'], 2.5, 'keys and values are exchanged');
      else if (j(ek) !== j(ak)) bump(['index-wrap', 'variable', 'swap-expressions'], 2, "the result's keys are wrong");
      else bump(['variable', 'binary-operator', 'constant', 'off-by-one'], 1.3, "the result's values are wrong");
    } else if (typeof expected === 'string' && typeof actual === 'string') {
      if ([...actual].reverse().join('') === expected) bump(['swap-operands', 'method-swap'], 2.5, 'the string is reversed');
      else if (actual !== expected && actual.toLowerCase() === expected.toLowerCase()) bump(['method-swap'], 3, 'letters are in the wrong case');
      else if (Math.abs(actual.length - expected.length) === 1) bump(['off-by-one', 'comparison', 'constant'], 2, 'one character too many or too few');
      else bump(['method-swap', 'variable', 'constant'], 1.3, 'characters are wrong');
    }
  }
  // Numeric results, element by element for lists of equal length: a constant offset or a constant factor.
  const pairs = failures.flatMap((f): Array<[number, number]> => {
    const { expected: e, actual: a } = f;
    if (typeof e === 'number' && typeof a === 'number') return [[a, e]];
    if (Array.isArray(e) && Array.isArray(a) && e.length === a.length && e.every((x) => typeof x === 'number') && a.every((x) => typeof x === 'number'))
      return (a as number[]).map((x, i) => [x, e[i] as number]);
    return [];
  });
  const deltas = pairs.map(([a, e]) => a - e).filter((d) => d !== 0);
  const constantDelta = deltas.length >= 2 && deltas.every((d) => Math.abs(d - deltas[0]!) < 1e-9) ? Math.abs(deltas[0]!) : undefined;
  if (constantDelta !== undefined) notes.push(`every result is off by ${deltas[0]}`);
  const ratios = pairs.filter(([a, e]) => e !== 0 && a !== e).map(([a, e]) => a / e);
  if (ratios.length >= 2 && ratios.every((r) => Math.abs(r - ratios[0]!) < 1e-9) && ratios[0] !== 0)
    bump(['constant', 'binary-operator'], 2.5, `every result is ${ratios[0]!.toFixed(3).replace(/\.?0+$/, '')} times the expected one`);
  const partial = passed > 0;
  if (partial) bump(['comparison', 'off-by-one', 'negate-condition'], 1.3, 'some tests pass, so a boundary or branch is suspect');
  return {
    priors,
    partial,
    nonTerminating,
    ...(constantDelta !== undefined ? { constantDelta } : {}),
    summary: failures.length === 0 ? 'no failing tests' : `${failures.length} failing test(s): ${notes.join('; ') || 'no pattern recognised'}`,
  };
}

/**
 * For a program that does not terminate: sites that decide termination — loop conditions, the statements in a loop
 * that write the names its condition reads, and recursive calls with their arguments — weighted ×3.
 */
export function terminationWeights(root: t.File): Map<number, number> {
  const sites = collectSites(root);
  const byNode = new Map<t.Node, Site>();
  for (const s of sites) byNode.set(s.node, s);
  const out = new Map<number, number>();
  const mark = (node: t.Node): void => {
    for (const s of collectSites(node)) {
      const site = byNode.get(s.node);
      if (site) out.set(site.id, 3);
    }
  };
  const fnNames = new Set<string>();
  for (const s of sites) if (t.isFunctionDeclaration(s.node) && s.node.id) fnNames.add(s.node.id.name);
  for (const s of sites) {
    const n = s.node;
    if (t.isWhileStatement(n) || t.isDoWhileStatement(n) || t.isForStatement(n)) {
      if (n.test) mark(n.test);
      if (t.isForStatement(n) && n.update) mark(n.update);
      const names = n.test ? readNames(n.test) : new Set<string>();
      for (const inner of collectSites(n.body)) {
        if (!t.isStatement(inner.node)) continue;
        for (const w of writtenNames(inner.node)) {
          if (names.has(w) && (t.isExpressionStatement(inner.node) || t.isVariableDeclaration(inner.node))) mark(inner.node);
        }
      }
    }
    if (t.isCallExpression(n) && t.isIdentifier(n.callee) && fnNames.has(n.callee.name) && s.fn) mark(n);
  }
  return out;
}

/** A plain object (a record or map result), not an array or null. */
function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Whether `actual` is `expected` shifted by one position (each value one step late or early). */
function shiftedByOne(actual: readonly unknown[], expected: readonly unknown[]): boolean {
  if (actual.length !== expected.length || actual.length < 2) return false;
  const j = (x: unknown): string => JSON.stringify(x);
  const late = actual.slice(1).every((v, i) => j(v) === j(expected[i]));
  const early = actual.slice(0, -1).every((v, i) => j(v) === j(expected[i + 1]));
  return late || early;
}
