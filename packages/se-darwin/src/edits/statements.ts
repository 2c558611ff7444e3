import * as t from '@babel/types';
import { cloneDeep, nodeSize } from './ast.js';
import { lineOf, type Edit } from './edit.js';
import { collectSites, statementList, type Site } from './sites.js';

/** Statements that hold the program's structure and are never deleted, moved or duplicated. */
function isStructural(node: t.Node): boolean {
  return (
    t.isFunctionDeclaration(node) ||
    t.isClassDeclaration(node) ||
    t.isImportDeclaration(node) ||
    t.isExportNamedDeclaration(node) ||
    t.isExportDefaultDeclaration(node) ||
    t.isExportAllDeclaration(node) ||
    t.isTSInterfaceDeclaration(node) ||
    t.isTSTypeAliasDeclaration(node)
  );
}

/** Statement sites that sit in a statement list (block body, program body, switch case). */
export function listedStatements(sites: readonly Site[]): Site[] {
  return sites.filter((s) => t.isStatement(s.node) && statementList(s) !== undefined);
}

/** Deleting one statement, or dropping an `else` branch. */
export function deletionEdits(sites: readonly Site[]): Edit[] {
  const out: Edit[] = [];
  for (const site of listedStatements(sites)) {
    if (isStructural(site.node)) continue;
    const list = statementList(site)!;
    if (list.length === 1 && t.isFunction(sitesParentOwner(sites, site))) continue;
    const index = site.index!;
    out.push({
      kind: 'delete-statement',
      site: site.id,
      weight: 0.8,
      description: `delete ${site.node.type} at line ${lineOf(site.node)}`,
      apply: (all) => {
        statementList(all[site.id]!)!.splice(index, 1);
      },
    });
  }
  for (const site of sites) {
    if (!t.isIfStatement(site.node) || !site.node.alternate) continue;
    out.push({
      kind: 'delete-statement',
      site: site.id,
      weight: 0.5,
      description: `drop else branch at line ${lineOf(site.node)}`,
      apply: (all) => {
        (all[site.id]!.node as t.IfStatement).alternate = null;
      },
    });
  }
  return out;
}

/** The node owning the block that holds a listed statement (a function, a loop, an if, the program). */
function sitesParentOwner(sites: readonly Site[], site: Site): t.Node | undefined {
  const block = site.parent;
  const owner = sites.find((s) => s.node === block);
  return owner?.parent;
}

/** Swapping two adjacent statements of one list. */
export function swapEdits(sites: readonly Site[]): Edit[] {
  const out: Edit[] = [];
  for (const site of listedStatements(sites)) {
    const list = statementList(site)!;
    const i = site.index!;
    const next = list[i + 1];
    if (!next || isStructural(site.node) || isStructural(next)) continue;
    out.push({
      kind: 'swap-statements',
      site: site.id,
      weight: 0.6,
      description: `swap statements at lines ${lineOf(site.node)} and ${lineOf(next)}`,
      apply: (all) => {
        const l = statementList(all[site.id]!)!;
        const a = l[i]!;
        l[i] = l[i + 1]!;
        l[i + 1] = a;
      },
    });
  }
  return out;
}

const INSERTABLE = (n: t.Node): boolean =>
  t.isExpressionStatement(n) || t.isReturnStatement(n) || t.isBreakStatement(n) || t.isContinueStatement(n) || t.isIfStatement(n);

/**
 * Inserting a copy of a statement of the same function at another position of a statement list in that function
 * (the classic "statement insertion" of genetic program repair: the fix ingredient is usually already in the program).
 */
export function insertionEdits(sites: readonly Site[]): Edit[] {
  const out: Edit[] = [];
  const listed = listedStatements(sites).filter((s) => s.fn !== undefined);
  const ingredients = listed.filter((s) => INSERTABLE(s.node) && nodeSize(s.node) <= 20);
  // Insertion points: before each listed statement, and at the end of each list (after its last statement).
  for (const ingredient of ingredients) {
    for (const target of listed) {
      if (target.fn !== ingredient.fn) continue;
      const list = statementList(target)!;
      const positions = target.index === list.length - 1 ? [target.index, target.index + 1] : [target.index!];
      for (const pos of positions) {
        const sameList = target.parent === ingredient.parent;
        if (sameList && (pos === ingredient.index || pos === ingredient.index! + 1)) continue;
        if (isLoopControl(ingredient.node) && !insideLoop(sites, target)) continue;
        out.push({
          kind: 'insert-statement',
          site: target.id,
          weight: 0.25,
          description: `copy line ${lineOf(ingredient.node)} to line ${lineOf(target.node)}${pos > target.index! ? ' (after)' : ''}`,
          apply: (all) => {
            const copy = cloneDeep(all[ingredient.id]!.node as t.Statement);
            statementList(all[target.id]!)!.splice(pos, 0, copy);
          },
        });
      }
    }
  }
  return out;
}

/** Whether a statement holds a `break` or `continue` (which is only valid inside a loop or switch). */
function isLoopControl(node: t.Node): boolean {
  return collectSites(node).some((s) => t.isBreakStatement(s.node) || t.isContinueStatement(s.node));
}

/** Whether a site is inside a loop of its own function. */
export function insideLoop(sites: readonly Site[], site: Site): boolean {
  let current: Site | undefined = site;
  while (current && current.parent) {
    const parent: t.Node = current.parent;
    if (t.isFunction(parent)) return false;
    if (t.isLoop(parent) && current.key === 'body') return true;
    current = sites.find((s) => s.node === parent);
  }
  return false;
}

/** Sites of the statements listed inside a loop of their function, with the loop that holds them. */
function listedInLoops(sites: readonly Site[]): Site[] {
  return listedStatements(sites).filter((s) => s.fn !== undefined && insideLoop(sites, s));
}

/**
 * A `break` added at the end of a branch inside a loop (`if (xs[i] < 0) { idx = i; }` → `… idx = i; break; }`): the
 * missing early exit that makes a search return the last match instead of the first. Branches whose body is a single
 * statement without braces get the braces.
 */
export function breakInsertionEdits(sites: readonly Site[]): Edit[] {
  const out: Edit[] = [];
  const byNode = new Map<t.Node, Site>();
  for (const s of sites) byNode.set(s.node, s);
  for (const site of sites) {
    const n = site.node;
    if (!t.isIfStatement(n) || !site.fn || !insideLoop(sites, site)) continue;
    for (const key of ['consequent', 'alternate'] as const) {
      const branch = n[key];
      if (!branch) continue;
      const stmts = t.isBlockStatement(branch) ? branch.body : [branch];
      const last = stmts[stmts.length - 1];
      if (!last || t.isBreakStatement(last) || t.isContinueStatement(last) || t.isReturnStatement(last) || t.isThrowStatement(last) || t.isIfStatement(last)) continue;
      out.push({
        kind: 'insert-break',
        site: site.id,
        weight: 1,
        description: `break after the ${key === 'consequent' ? 'then' : 'else'} branch at line ${lineOf(n)}`,
        apply: (all) => {
          const node = all[site.id]!.node as t.IfStatement;
          const b = node[key]!;
          if (t.isBlockStatement(b)) b.body.push(t.breakStatement());
          else node[key] = t.blockStatement([b, t.breakStatement()]);
        },
      });
    }
  }
  return out;
}

/** An initial value that can be assigned again as is: a literal, `[]`, `{}`, `null`. */
function isResettable(init: t.Node | null | undefined): init is t.Expression {
  if (!init) return false;
  if (t.isNumericLiteral(init) || t.isStringLiteral(init) || t.isBooleanLiteral(init) || t.isNullLiteral(init)) return true;
  if (t.isArrayExpression(init)) return init.elements.length === 0;
  if (t.isObjectExpression(init)) return init.properties.length === 0;
  if (t.isUnaryExpression(init) && init.operator === '-') return t.isNumericLiteral(init.argument);
  return false;
}

/**
 * A state variable set back to its initial value inside the loop that changes it (`let num = 0` … `num = 0;`): the
 * missing reset of a counter or buffer between runs, groups or rows. The reset goes before or after any statement of
 * a block inside the loop (not into the loop head).
 */
export function resetInsertionEdits(sites: readonly Site[]): Edit[] {
  const out: Edit[] = [];
  const inLoops = listedInLoops(sites);
  for (const decl of sites) {
    const d = decl.node;
    if (!t.isVariableDeclarator(d) || !t.isIdentifier(d.id) || !isResettable(d.init) || !decl.fn) continue;
    const owner = decl.parent;
    if (!t.isVariableDeclaration(owner) || owner.kind === 'const') continue;
    const name = d.id.name;
    const init = d.init;
    // Loops (of the same function) that write the variable.
    const writers = sites.filter((s) => s.fn === decl.fn && t.isLoop(s.node) && writes(s.node, name) && !collectSites(s.node).some((x) => x.node === d));
    if (writers.length === 0) continue;
    const writerNodes = new Set<t.Node>(writers.map((w) => w.node));
    for (const target of inLoops) {
      if (target.fn !== decl.fn || !withinAny(sites, target, writerNodes)) continue;
      const list = statementList(target)!;
      const positions = target.index === list.length - 1 ? [target.index, target.index + 1] : [target.index!];
      for (const pos of positions) {
        out.push({
          kind: 'insert-reset',
          site: target.id,
          weight: pos > target.index! ? 1 : 0.6,
          description: `reset ${name} = ${printInit(init)} ${pos > target.index! ? 'after' : 'before'} line ${lineOf(target.node)}`,
          apply: (all) => {
            const stmt = t.expressionStatement(t.assignmentExpression('=', t.identifier(name), cloneDeep(init)));
            statementList(all[target.id]!)!.splice(pos, 0, stmt);
          },
        });
      }
    }
  }
  return out;
}

function printInit(e: t.Expression): string {
  if (t.isNumericLiteral(e)) return String(e.value);
  if (t.isStringLiteral(e)) return JSON.stringify(e.value);
  if (t.isBooleanLiteral(e)) return String(e.value);
  if (t.isArrayExpression(e)) return '[]';
  if (t.isObjectExpression(e)) return '{}';
  if (t.isNullLiteral(e)) return 'null';
  return 'initial value';
}

/** Whether a subtree assigns or updates `name` itself (not a member of it). */
function writes(node: t.Node, name: string): boolean {
  return collectSites(node).some(
    (s) =>
      (t.isAssignmentExpression(s.node) && t.isIdentifier(s.node.left) && s.node.left.name === name) ||
      (t.isUpdateExpression(s.node) && t.isIdentifier(s.node.argument) && s.node.argument.name === name),
  );
}

/** Whether a site lies inside (strictly below) one of `nodes`. */
function withinAny(sites: readonly Site[], site: Site, nodes: ReadonlySet<t.Node>): boolean {
  let current: Site | undefined = site;
  while (current && current.parent) {
    if (nodes.has(current.parent)) return true;
    const parent: t.Node = current.parent;
    current = sites.find((s) => s.node === parent);
  }
  return false;
}
