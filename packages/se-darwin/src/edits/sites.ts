import * as t from '@babel/types';
import { forEachChild } from './ast.js';

/** One node of a program, with where it sits. Sites are numbered in a fixed depth-first order. */
export interface Site {
  id: number;
  node: t.Node;
  parent: t.Node | undefined;
  key: string | undefined;
  index: number | undefined;
  /** Innermost enclosing function, if any. */
  fn: t.Function | undefined;
  /** Innermost enclosing statement (the node itself when it is one). */
  statement: t.Statement | undefined;
  /** True when the node is an expression read for its value, so another expression may stand in its place. */
  rvalue: boolean;
  depth: number;
}

/** Parent/key pairs whose child is written, named, or called rather than read as a value. */
function isNonValuePosition(parent: t.Node, key: string): boolean {
  switch (parent.type) {
    case 'AssignmentExpression':
      return key === 'left';
    case 'UpdateExpression':
      return key === 'argument';
    case 'VariableDeclarator':
      return key === 'id';
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key === 'property' && !parent.computed;
    case 'ObjectProperty':
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassProperty':
      return key === 'key' && !parent.computed;
    case 'CallExpression':
    case 'OptionalCallExpression':
    case 'NewExpression':
      return key === 'callee';
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return key === 'id' || key === 'params';
    case 'ForInStatement':
    case 'ForOfStatement':
      return key === 'left';
    case 'CatchClause':
      return key === 'param';
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return key === 'label';
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ExportSpecifier':
      return true;
    default:
      return false;
  }
}

const PATTERN_TYPES = new Set(['ObjectPattern', 'ArrayPattern', 'RestElement', 'AssignmentPattern']);

/** Every node of `root` in depth-first order, with its context. */
export function collectSites(root: t.Node): Site[] {
  const sites: Site[] = [];
  const visit = (
    node: t.Node,
    parent: t.Node | undefined,
    key: string | undefined,
    index: number | undefined,
    fn: t.Function | undefined,
    statement: t.Statement | undefined,
    inPattern: boolean,
    depth: number,
  ): void => {
    const stmt = t.isStatement(node) ? node : statement;
    const nonValue = inPattern || (parent !== undefined && key !== undefined && isNonValuePosition(parent, key));
    const rvalue = t.isExpression(node) && !nonValue && !t.isFunction(node) && !t.isClass(node);
    sites.push({ id: sites.length, node, parent, key, index, fn, statement: stmt, rvalue, depth });
    const innerFn = t.isFunction(node) ? node : fn;
    const childPattern = nonValue || PATTERN_TYPES.has(node.type);
    // A member's object and computed subscript are evaluated wherever the member sits: assigned (`out[k] = v`),
    // updated (`a[i]++`), destructured into (`[a[i]] = …`) or called (`xs.slice(s).concat(…)`: `xs.slice(s)` and its
    // argument are read).
    const member = t.isMemberExpression(node) || t.isOptionalMemberExpression(node);
    forEachChild(node, (child, childKey, childIndex) =>
      visit(child, node, childKey, childIndex, innerFn, stmt, childPattern && !(isValueInsidePattern(node, childKey) || (member && isReadOfMember(node, childKey))), depth + 1),
    );
  };
  visit(root, undefined, undefined, undefined, undefined, undefined, false, 0);
  return sites;
}

/** Default values and computed keys inside patterns are still read as values. */
function isValueInsidePattern(node: t.Node, key: string): boolean {
  if (node.type === 'AssignmentPattern') return key === 'right';
  if (node.type === 'ObjectProperty') return key === 'key' && node.computed;
  return false;
}

/** The parts of a member expression that are evaluated: its object, and its subscript when computed. */
function isReadOfMember(node: t.MemberExpression | t.OptionalMemberExpression, key: string): boolean {
  return key === 'object' || (key === 'property' && node.computed);
}

/** Puts `replacement` where the site's node is (in the tree the site was collected from). */
export function replaceAt(site: Site, replacement: t.Node): void {
  const { parent, key, index } = site;
  if (!parent || key === undefined) throw new RangeError('cannot replace the root');
  const holder = parent as unknown as Record<string, unknown>;
  if (index === undefined) holder[key] = replacement;
  else (holder[key] as t.Node[])[index] = replacement;
}

/** The statement list that directly holds a statement site, if it sits in one. */
export function statementList(site: Site): t.Statement[] | undefined {
  if (!site.parent || site.key === undefined || site.index === undefined) return undefined;
  const list = (site.parent as unknown as Record<string, unknown>)[site.key];
  if (!Array.isArray(list)) return undefined;
  if (site.key !== 'body' && site.key !== 'consequent') return undefined;
  return list as t.Statement[];
}

/** Names declared anywhere in a function (its own name, params, var/let/const, nested functions and classes, catch params, loop heads). */
export function declaredNames(fn: t.Node): Set<string> {
  const names = new Set<string>();
  const addPattern = (p: t.Node | null | undefined): void => {
    if (!p) return;
    if (t.isIdentifier(p)) names.add(p.name);
    else if (t.isAssignmentPattern(p)) addPattern(p.left);
    else if (t.isRestElement(p)) addPattern(p.argument);
    else if (t.isArrayPattern(p)) p.elements.forEach((e) => addPattern(e));
    else if (t.isObjectPattern(p))
      p.properties.forEach((prop) => addPattern(t.isRestElement(prop) ? prop : (prop.value as t.Node)));
    else if (t.isTSParameterProperty(p)) addPattern(p.parameter);
  };
  if (t.isFunction(fn)) fn.params.forEach(addPattern);
  const walk = (node: t.Node): void => {
    if (t.isVariableDeclarator(node)) addPattern(node.id);
    if (t.isFunctionDeclaration(node) && node.id) names.add(node.id.name);
    if (t.isClassDeclaration(node) && node.id) names.add(node.id.name);
    if (t.isCatchClause(node)) addPattern(node.param);
    if (node !== fn && t.isFunction(node)) {
      if (t.isFunctionDeclaration(node) && node.id) names.add(node.id.name);
      return;
    }
    forEachChild(node, (c) => walk(c));
  };
  walk(fn);
  return names;
}

/** Identifiers read (not written, not property names) within a subtree. */
export function readNames(node: t.Node): Set<string> {
  const names = new Set<string>();
  for (const site of collectSites(node)) {
    if (t.isIdentifier(site.node) && site.rvalue) names.add(site.node.name);
  }
  return names;
}

/** The names a site can see: declarations of every enclosing function and of the program's top level. */
export function visibleNames(sites: readonly Site[], site: Site, root: t.Node): Set<string> {
  const names = new Set<string>();
  let fn: t.Function | undefined = site.fn;
  while (fn) {
    for (const n of declaredNames(fn)) names.add(n);
    const owner = sites.find((s) => s.node === fn);
    fn = owner?.fn;
  }
  const program = t.isFile(root) ? root.program : root;
  for (const n of declaredNames(program)) names.add(n);
  return names;
}
