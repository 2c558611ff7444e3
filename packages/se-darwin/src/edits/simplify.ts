import * as t from '@babel/types';
import { cloneDeep, printProgram } from './ast.js';
import { findEntryFunction } from './localise.js';
import { collectSites, readNames, replaceAt, statementList, type Site } from './sites.js';

function isPure(node: t.Node): boolean {
  return collectSites(node).every(
    (s) =>
      !t.isCallExpression(s.node) &&
      !t.isNewExpression(s.node) &&
      !t.isAssignmentExpression(s.node) &&
      !t.isUpdateExpression(s.node) &&
      !t.isAwaitExpression(s.node) &&
      !t.isYieldExpression(s.node),
  );
}

function foldNumeric(op: string, x: number, y: number): number | undefined {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y !== 0 && Number.isInteger(x / y) ? x / y : undefined;
    case '%':
      return y !== 0 ? x % y : undefined;
    default:
      return undefined;
  }
}

function literalNumber(n: t.Node): number | undefined {
  if (t.isNumericLiteral(n)) return n.value;
  if (t.isUnaryExpression(n) && n.operator === '-' && t.isNumericLiteral(n.argument)) return -n.argument.value;
  return undefined;
}

function numberNode(v: number): t.Expression {
  return v < 0 ? t.unaryExpression('-', t.numericLiteral(-v)) : t.numericLiteral(v);
}

const COMPLEMENT: Record<string, t.BinaryExpression['operator']> = {
  '<': '>=', '>=': '<', '>': '<=', '<=': '>', '===': '!==', '!==': '===', '==': '!=', '!=': '==',
};

/** One rewrite of an expression, or undefined if none applies. */
function simplifyExpression(site: Site): t.Node | undefined {
  const n = site.node;
  if (t.isBinaryExpression(n)) {
    const x = literalNumber(n.left);
    const y = literalNumber(n.right);
    if (x !== undefined && y !== undefined) {
      const v = foldNumeric(n.operator, x, y);
      if (v !== undefined && Number.isFinite(v)) return numberNode(v);
    }
    if ((n.operator === '+' || n.operator === '-') && y === 0 && !t.isStringLiteral(n.left)) return n.left;
    if ((n.operator === '*' || n.operator === '/') && y === 1) return n.left;
    if (n.operator === '+' && x === 0 && !t.isStringLiteral(n.right)) return n.right;
    if (n.operator === '*' && x === 1) return n.right;
    // `e + 1 - 1` and `e - 1 + 1`, left behind by stacked off-by-one edits.
    if ((n.operator === '+' || n.operator === '-') && y !== undefined && t.isBinaryExpression(n.left) && (n.left.operator === '+' || n.left.operator === '-')) {
      const inner = literalNumber(n.left.right);
      if (inner !== undefined) {
        const total = (n.left.operator === '+' ? inner : -inner) + (n.operator === '+' ? y : -y);
        if (total === 0) return n.left.left;
        return t.binaryExpression(total > 0 ? '+' : '-', n.left.left, t.numericLiteral(Math.abs(total)));
      }
    }
  }
  if (t.isUnaryExpression(n) && n.operator === '!') {
    const arg = n.argument;
    if (t.isUnaryExpression(arg) && arg.operator === '!' && isConditionPosition(site)) return arg.argument;
    if (t.isBinaryExpression(arg) && COMPLEMENT[arg.operator] && ['===', '!==', '==', '!='].includes(arg.operator))
      return t.binaryExpression(COMPLEMENT[arg.operator]!, arg.left, arg.right);
    if (t.isBooleanLiteral(arg)) return t.booleanLiteral(!arg.value);
  }
  if (t.isConditionalExpression(n)) {
    if (printProgram(n.consequent) === printProgram(n.alternate) && isPure(n.test)) return n.consequent;
    if (t.isBooleanLiteral(n.test)) return n.test.value ? n.consequent : n.alternate;
  }
  if (t.isLogicalExpression(n) && t.isBooleanLiteral(n.left)) {
    if (n.operator === '&&') return n.left.value ? n.right : n.left;
    if (n.operator === '||') return n.left.value ? n.left : n.right;
  }
  return undefined;
}

function isConditionPosition(site: Site): boolean {
  const p = site.parent;
  return (
    site.key === 'test' &&
    (t.isIfStatement(p) || t.isWhileStatement(p) || t.isDoWhileStatement(p) || t.isForStatement(p) || t.isConditionalExpression(p))
  );
}

function isBooleanValued(e: t.Node): boolean {
  if (t.isBinaryExpression(e)) return COMPLEMENT[e.operator] !== undefined || e.operator === 'in' || e.operator === 'instanceof';
  if (t.isUnaryExpression(e)) return e.operator === '!';
  if (t.isLogicalExpression(e)) return (e.operator === '&&' || e.operator === '||') && isBooleanValued(e.left) && isBooleanValued(e.right);
  return t.isBooleanLiteral(e);
}

function returnedBoolean(s: t.Statement | null | undefined): boolean | undefined {
  if (!s) return undefined;
  if (t.isBlockStatement(s) && s.body.length === 1) return returnedBoolean(s.body[0]);
  if (t.isReturnStatement(s) && t.isBooleanLiteral(s.argument)) return s.argument.value;
  return undefined;
}

const TERMINATORS = (n: t.Node): boolean =>
  t.isReturnStatement(n) || t.isThrowStatement(n) || t.isBreakStatement(n) || t.isContinueStatement(n);

/** One rewrite in a statement list, or false if none applies. */
function simplifyList(list: t.Statement[], fnReads: (name: string) => boolean): boolean {
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    // Unreachable code after return / throw / break / continue.
    if (TERMINATORS(s) && i + 1 < list.length && !list.slice(i + 1).some((x) => t.isFunctionDeclaration(x))) {
      list.splice(i + 1);
      return true;
    }
    if (t.isEmptyStatement(s)) {
      list.splice(i, 1);
      return true;
    }
    if (t.isIfStatement(s)) {
      if (t.isBooleanLiteral(s.test)) {
        const keep = s.test.value ? s.consequent : s.alternate;
        const body = keep ? (t.isBlockStatement(keep) ? keep.body : [keep]) : [];
        if (body.every((x) => !t.isVariableDeclaration(x) || x.kind === 'var')) {
          list.splice(i, 1, ...body);
          return true;
        }
      }
      if (s.alternate && t.isBlockStatement(s.alternate) && s.alternate.body.length === 0) {
        s.alternate = null;
        return true;
      }
      const c = returnedBoolean(s.consequent);
      const next = s.alternate ?? list[i + 1];
      const alt = returnedBoolean(next);
      if (c !== undefined && alt !== undefined && c !== alt && isBooleanValued(s.test)) {
        const value = c ? s.test : t.unaryExpression('!', s.test);
        list.splice(i, s.alternate ? 1 : 2, t.returnStatement(value));
        return true;
      }
      if (isPure(s.test) && t.isBlockStatement(s.consequent) && s.consequent.body.length === 0 && !s.alternate) {
        list.splice(i, 1);
        return true;
      }
    }
    if ((t.isWhileStatement(s) || t.isForStatement(s)) && t.isBooleanLiteral(s.test) && !s.test.value && (t.isWhileStatement(s) || !s.init)) {
      list.splice(i, 1);
      return true;
    }
    if (t.isExpressionStatement(s)) {
      const e = s.expression;
      if (t.isAssignmentExpression(e) && e.operator === '=' && t.isIdentifier(e.left) && t.isIdentifier(e.right) && e.left.name === e.right.name) {
        list.splice(i, 1);
        return true;
      }
      if (isPure(e) && !t.isMemberExpression(e)) {
        list.splice(i, 1);
        return true;
      }
    }
    if (t.isVariableDeclaration(s)) {
      const unused = s.declarations.findIndex((d) => t.isIdentifier(d.id) && !fnReads(d.id.name) && (!d.init || isPure(d.init)));
      if (unused >= 0) {
        s.declarations.splice(unused, 1);
        if (s.declarations.length === 0) list.splice(i, 1);
        return true;
      }
    }
  }
  return false;
}

/**
 * Simplifies a program without (intentionally) changing what it computes: folds constants, drops `+ 0` and `* 1`
 * and double negations in conditions, turns `if (c) return true; return false;` into `return c`, removes dead code
 * (unreachable statements, unused pure declarations, self-assignments, empty branches) and unused top-level
 * functions other than `entry`. Returns a new tree and the number of rewrites (0: nothing to simplify).
 */
export function simplifyProgram(ast: t.File, entry: string): { ast: t.File; rewrites: number } {
  const copy = cloneDeep(ast);
  let rewrites = 0;
  for (let round = 0; round < 200; round++) {
    if (!simplifyOnce(copy, entry)) break;
    rewrites++;
  }
  return { ast: copy, rewrites };
}

function simplifyOnce(root: t.File, entry: string): boolean {
  const sites = collectSites(root);
  for (const site of sites) {
    if (!site.parent || !t.isExpression(site.node)) continue;
    const r = simplifyExpression(site);
    if (r) {
      replaceAt(site, r);
      return true;
    }
  }
  const readsByFn = new Map<t.Node | undefined, Set<string>>();
  const readsIn = (fn: t.Node | undefined): Set<string> => {
    let r = readsByFn.get(fn);
    if (!r) {
      r = readNames(fn ?? root);
      for (const s of collectSites(fn ?? root)) {
        // A name counts as read when an update or compound assignment reads it too.
        if (t.isUpdateExpression(s.node) && t.isIdentifier(s.node.argument)) r.add(s.node.argument.name);
        if (t.isAssignmentExpression(s.node) && s.node.operator !== '=' && t.isIdentifier(s.node.left)) r.add(s.node.left.name);
      }
      readsByFn.set(fn, r);
    }
    return r;
  };
  for (const site of sites) {
    const n = site.node;
    const list = t.isBlockStatement(n) || t.isProgram(n) ? n.body : undefined;
    if (!list) continue;
    const owner = t.isProgram(n) ? undefined : site.fn;
    if (simplifyList(list, (name) => readsIn(owner).has(name) || assignedLater(owner ?? root, name))) return true;
  }
  // Unused top-level functions (left over from crossovers), never the entry.
  const body = root.program.body;
  const allReads = readNames(root);
  for (let i = 0; i < body.length; i++) {
    const s = body[i]!;
    if (t.isFunctionDeclaration(s) && s.id && s.id.name !== entry && !allReads.has(s.id.name) && findEntryFunction(root, entry)) {
      body.splice(i, 1);
      return true;
    }
  }
  return false;
}

/** Whether a name is assigned anywhere (a `let` that is assigned is kept even if never read: dropping it would leave the assignment undeclared). */
function assignedLater(scope: t.Node, name: string): boolean {
  return collectSites(scope).some((s) => t.isAssignmentExpression(s.node) && t.isIdentifier(s.node.left) && s.node.left.name === name);
}

/** A removal proposal for refinement: which statement goes, and why it is a suspect of redundancy. */
export interface Removal {
  ast: t.File;
  description: string;
  /** Higher first: statements off the return's data path are the likeliest redundancy. */
  priority: number;
  /** Slice weight of the removed statement (1: on the data path of the return values). */
  sliceWeight: number;
}

/**
 * Removal variants: each statement deleted, each `if` replaced by its body (the condition was redundant), each `else`
 * dropped. Prioritised by the slice weight of the statement (off the data path first), then by size (bigger first).
 */
export function removalVariants(ast: t.File, weights: ReadonlyMap<number, number>): Removal[] {
  const sites = collectSites(ast);
  const out: Removal[] = [];
  for (const site of sites) {
    const n = site.node;
    const list = statementList(site);
    if (!list || !t.isStatement(n) || t.isFunctionDeclaration(n) || t.isExportNamedDeclaration(n) || t.isImportDeclaration(n)) continue;
    const w = weights.get(site.id) ?? 1;
    const size = collectSites(n).length;
    const copy = cloneDeep(ast);
    statementList(collectSites(copy)[site.id]!)!.splice(site.index!, 1);
    out.push({ ast: copy, description: `remove ${n.type} at line ${n.loc?.start.line ?? '?'}`, priority: 2 - w + size / 1000, sliceWeight: w });
    if (t.isIfStatement(n)) {
      const unwrap = cloneDeep(ast);
      const target = collectSites(unwrap)[site.id]!;
      const keep = n.consequent;
      const body = t.isBlockStatement(keep) ? keep.body : [keep];
      statementList(target)!.splice(site.index!, 1, ...body.map((x) => cloneDeep(x)));
      out.push({ ast: unwrap, description: `drop the condition at line ${n.loc?.start.line ?? '?'}`, priority: 1.5 - w + size / 1000, sliceWeight: w });
    }
  }
  return out.sort((x, y) => y.priority - x.priority);
}
