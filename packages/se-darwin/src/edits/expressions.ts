import * as t from '@babel/types';
import { cloneDeep, nodeSize, printProgram } from './ast.js';
import { lineOf, type Edit, type EditKind } from './edit.js';
import { KNOWN_GLOBALS } from './mutations.js';
import { replaceAt, visibleNames, type Site } from './sites.js';

/**
 * Edits that build a small expression the program does not contain yet, out of what it does contain: a missing
 * subscript (`key` → `r[key]`), a missing sign (`k` → `-k`), two expressions of one statement in each other's place
 * (`out[k] = obj[k]` → `out[obj[k]] = k`), and a condition where a constant truth value stands (`return true` →
 * `return stack.length === 0`). Point mutations only change what is there; these defects are "something missing".
 */
export function expressionEdits(sites: readonly Site[], root: t.Node): Edit[] {
  const names = new NameCache(sites, root);
  const roles = nameRoles(sites);
  const out: Edit[] = [];
  for (const site of sites) out.push(...indexWrapEdits(site, names), ...negateValueEdits(site), ...booleanCheckEdits(site, names, roles));
  out.push(...swapExpressionEdits(sites));
  return out;
}

function edit(kind: EditKind, site: Site, weight: number, description: string, apply: (s: Site) => void): Edit {
  return { kind, site: site.id, weight, description, apply: (sites) => apply(sites[site.id]!) };
}

/** Visible variable names per function (functions and well-known globals excluded). */
class NameCache {
  private readonly cache = new Map<t.Node | undefined, string[]>();
  private readonly functionNames: Set<string>;
  constructor(
    private readonly sites: readonly Site[],
    private readonly root: t.Node,
  ) {
    this.functionNames = new Set(sites.flatMap((s) => (t.isFunctionDeclaration(s.node) && s.node.id ? [s.node.id.name] : [])));
  }
  at(site: Site): string[] {
    let v = this.cache.get(site.fn);
    if (!v) {
      v = [...visibleNames(this.sites, site, this.root)].filter((n) => !this.functionNames.has(n) && !KNOWN_GLOBALS.has(n)).sort();
      this.cache.set(site.fn, v);
    }
    return v;
  }
}

/** Where a value is read as a whole: stored, returned, passed, used as a key or compared. */
function isValueUse(site: Site): boolean {
  const p = site.parent;
  if (!p || !site.rvalue) return false;
  if (t.isCallExpression(p) || t.isNewExpression(p)) return site.key === 'arguments';
  if (t.isMemberExpression(p)) return p.computed && site.key === 'property';
  return (
    t.isReturnStatement(p) ||
    (t.isVariableDeclarator(p) && site.key === 'init') ||
    (t.isAssignmentExpression(p) && site.key === 'right') ||
    t.isBinaryExpression(p) ||
    t.isArrayExpression(p) ||
    (t.isObjectProperty(p) && site.key === 'value')
  );
}

/**
 * `x` → `y[x]` for a read of a name where the value it selects was meant (`const k = key` for `const k = r[key]`):
 * `y` is any other visible variable. The subscript of an index (`a[i]`) is left alone — `a[b[i]]` is rarely meant.
 */
function indexWrapEdits(site: Site, names: NameCache): Edit[] {
  const n = site.node;
  if (!t.isIdentifier(n) || KNOWN_GLOBALS.has(n.name) || !site.fn || !isValueUse(site)) return [];
  if (t.isMemberExpression(site.parent)) return [];
  const visible = names.at(site);
  if (!visible.includes(n.name)) return [];
  const others = visible.filter((y) => y !== n.name);
  const weight = others.length > 0 ? Math.min(0.8, 2 / others.length) : 0;
  return others.map((y) =>
    edit('index-wrap', site, weight, `${n.name} → ${y}[${n.name}] at line ${lineOf(n)}`, (s) => {
      replaceAt(s, t.memberExpression(t.identifier(y), t.identifier(n.name), true));
    }),
  );
}

/** `k` → `-k` for a name or call where an index, a bound or an amount goes (a lost sign: rotate right vs left). */
function negateValueEdits(site: Site): Edit[] {
  const n = site.node;
  if (!(t.isIdentifier(n) || t.isMemberExpression(n) || t.isCallExpression(n)) || !site.fn || !isValueUse(site)) return [];
  if (t.isIdentifier(n) && (KNOWN_GLOBALS.has(n.name) || n.name === 'undefined')) return [];
  const p = site.parent;
  // Inside `a - x` or `-x` the sign is already the operators' business.
  if (t.isUnaryExpression(p) || (t.isBinaryExpression(p) && !['+', '*', '/', '%'].includes(p.operator))) return [];
  return [
    edit('negate-value', site, 1, `negate ${t.isIdentifier(n) ? n.name : 'value'} at line ${lineOf(n)}`, (s) => {
      replaceAt(s, t.unaryExpression('-', s.node as t.Expression));
    }),
  ];
}

/** How the program uses each name: as a collection (`.length`, `.push`, `.pop`, indexed) or as a number (counted). */
interface NameRoles {
  collections: Set<string>;
  numbers: Set<string>;
}

const COLLECTION_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'length', 'size', 'add', 'has', 'delete']);

function nameRoles(sites: readonly Site[]): NameRoles {
  const collections = new Set<string>();
  const numbers = new Set<string>();
  for (const s of sites) {
    const n = s.node;
    if (t.isMemberExpression(n) && t.isIdentifier(n.object)) {
      if (!n.computed && t.isIdentifier(n.property) && COLLECTION_METHODS.has(n.property.name)) collections.add(n.object.name);
    } else if (t.isUpdateExpression(n) && t.isIdentifier(n.argument)) numbers.add(n.argument.name);
    else if (t.isAssignmentExpression(n) && t.isIdentifier(n.left) && (n.operator === '+=' || n.operator === '-=')) numbers.add(n.left.name);
    else if (t.isVariableDeclarator(n) && t.isIdentifier(n.id) && t.isNumericLiteral(n.init)) numbers.add(n.id.name);
  }
  return { collections, numbers };
}

/**
 * `return true` → `return stack.length === 0` (and `> 0`, `=== 0`, `!== 0` for counters): a constant truth value
 * returned or stored where the state built up by the program was meant to be checked (a missing final check).
 */
function booleanCheckEdits(site: Site, names: NameCache, roles: NameRoles): Edit[] {
  const n = site.node;
  if (!t.isBooleanLiteral(n) || !site.fn) return [];
  const p = site.parent;
  const stored = t.isReturnStatement(p) || (t.isAssignmentExpression(p) && site.key === 'right') || (t.isVariableDeclarator(p) && site.key === 'init');
  if (!stored) return [];
  const visible = new Set(names.at(site));
  const checks: Array<{ text: string; make: () => t.Expression }> = [];
  for (const x of [...roles.collections].filter((y) => visible.has(y)).sort()) {
    const len = () => t.memberExpression(t.identifier(x), t.identifier('length'));
    checks.push({ text: `${x}.length === 0`, make: () => t.binaryExpression('===', len(), t.numericLiteral(0)) });
    checks.push({ text: `${x}.length > 0`, make: () => t.binaryExpression('>', len(), t.numericLiteral(0)) });
  }
  for (const x of [...roles.numbers].filter((y) => visible.has(y) && !roles.collections.has(y)).sort()) {
    checks.push({ text: `${x} === 0`, make: () => t.binaryExpression('===', t.identifier(x), t.numericLiteral(0)) });
    checks.push({ text: `${x} !== 0`, make: () => t.binaryExpression('!==', t.identifier(x), t.numericLiteral(0)) });
  }
  const weight = checks.length > 0 ? Math.min(1, 4 / checks.length) : 0;
  return checks.map((c) =>
    edit('boolean-check', site, weight, `${n.value} → ${c.text} at line ${lineOf(n)}`, (s) => {
      replaceAt(s, c.make());
    }),
  );
}

/** Expressions small enough to trade places: names, subscripts, property reads and calls of at most 8 nodes. */
function swappable(site: Site): boolean {
  const n = site.node;
  if (!site.rvalue || !site.fn) return false;
  if (!(t.isIdentifier(n) || t.isMemberExpression(n) || t.isCallExpression(n))) return false;
  if (t.isIdentifier(n) && KNOWN_GLOBALS.has(n.name)) return false;
  if (t.isCallExpression(site.parent) && site.key === 'callee') return false;
  return nodeSize(n) <= 8;
}

/**
 * Two disjoint expressions of one statement exchanged (`out[k] = obj[k]` → `out[obj[k]] = k`): swapped operands
 * that are not siblings of one operator, which `swap-operands` and `swap-arguments` already cover.
 */
function swapExpressionEdits(sites: readonly Site[]): Edit[] {
  const byStatement = new Map<t.Statement, Site[]>();
  for (const s of sites) {
    if (!s.statement || !swappable(s)) continue;
    if (t.isBlockStatement(s.statement) || t.isFunctionDeclaration(s.statement) || t.isLoop(s.statement) || t.isIfStatement(s.statement)) {
      // Compound statements: only their own head (the condition) counts, not the statements they hold.
      if (!t.isIfStatement(s.statement) && !t.isWhileStatement(s.statement)) continue;
    }
    const list = byStatement.get(s.statement) ?? [];
    list.push(s);
    byStatement.set(s.statement, list);
  }
  const out: Edit[] = [];
  for (const list of byStatement.values()) {
    const text = list.map((s) => printProgram(s.node));
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (text[i] === text[j] || contains(a.node, b.node) || contains(b.node, a.node)) continue;
        // Siblings of one binary operator or one call are the older kinds' business.
        if (a.parent === b.parent && (t.isBinaryExpression(a.parent) || t.isCallExpression(a.parent))) continue;
        const ai = a.id;
        const bi = b.id;
        out.push({
          kind: 'swap-expressions',
          site: Math.max(ai, bi),
          weight: 0.5,
          description: `swap \`${text[i]}\` and \`${text[j]}\` at line ${lineOf(a.node)}`,
          apply: (all) => {
            const x = all[ai]!;
            const y = all[bi]!;
            const xNode = cloneDeep(x.node);
            const yNode = cloneDeep(y.node);
            replaceAt(x, yNode);
            replaceAt(y, xNode);
          },
        });
      }
    }
  }
  return out;
}

function contains(outer: t.Node, inner: t.Node): boolean {
  if (outer === inner) return true;
  let found = false;
  const visit = (n: t.Node): void => {
    if (found) return;
    if (n === inner) {
      found = true;
      return;
    }
    for (const key of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c === 'object' && 'type' in c && visit(c as t.Node));
      else if (v && typeof v === 'object' && 'type' in v) visit(v as t.Node);
    }
  };
  visit(outer);
  return found;
}
