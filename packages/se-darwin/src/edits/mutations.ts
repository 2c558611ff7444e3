import * as t from '@babel/types';
import { cloneDeep } from './ast.js';
import { lineOf, type Edit, type EditKind } from './edit.js';
import { replaceAt, visibleNames, type Site } from './sites.js';

const ARITHMETIC: Record<string, string[]> = {
  '+': ['-', '*'],
  '-': ['+'],
  '*': ['/', '+'],
  '/': ['*', '%'],
  '%': ['/'],
  '**': ['*'],
  '&': ['|', '^'],
  '|': ['&', '^'],
  '^': ['&', '|'],
  '<<': ['>>'],
  '>>': ['<<', '>>>'],
  '>>>': ['>>'],
};

const COMPARISON: Record<string, string[]> = {
  '<': ['<=', '>'],
  '<=': ['<', '>='],
  '>': ['>=', '<'],
  '>=': ['>', '<='],
  '===': ['!=='],
  '!==': ['==='],
  '==': ['!='],
  '!=': ['=='],
};

const LOGICAL: Record<string, string[]> = { '&&': ['||'], '||': ['&&'], '??': ['||'] };

const ASSIGNMENT: Record<string, string[]> = {
  '+=': ['-=', '='],
  '-=': ['+=', '='],
  '*=': ['/=', '+='],
  '/=': ['*='],
  '%=': ['/='],
  '&=': ['|=', '^='],
  '|=': ['&=', '^='],
  '^=': ['&=', '|='],
  '<<=': ['>>='],
  '>>=': ['<<=', '>>>='],
  '>>>=': ['>>='],
  '=': ['+=', '-='],
};

/** Pairs of methods (or Math functions) that are easily confused for one another. */
const METHOD_SWAPS: Record<string, string[]> = {
  min: ['max'],
  max: ['min'],
  floor: ['ceil', 'round'],
  ceil: ['floor', 'round'],
  round: ['floor', 'ceil'],
  push: ['unshift'],
  unshift: ['push'],
  pop: ['shift'],
  shift: ['pop'],
  indexOf: ['lastIndexOf'],
  lastIndexOf: ['indexOf'],
  startsWith: ['endsWith'],
  endsWith: ['startsWith'],
  toUpperCase: ['toLowerCase'],
  toLowerCase: ['toUpperCase'],
  every: ['some'],
  some: ['every'],
  trimStart: ['trimEnd'],
  trimEnd: ['trimStart'],
  slice: ['substring', 'splice'],
  splice: ['slice'],
  substring: ['slice'],
  find: ['findLast'],
  findIndex: ['findLastIndex'],
};

/** Binary operators whose operands cannot be swapped without changing the meaning in general. */
const NON_COMMUTATIVE = new Set(['-', '/', '%', '**', '<', '<=', '>', '>=', '+', '<<', '>>', '>>>', 'in', 'instanceof']);

/** Well-known globals that transplanted or replaced code may use without a declaration. */
export const KNOWN_GLOBALS = new Set([
  'Math', 'Number', 'String', 'Array', 'Object', 'JSON', 'Boolean', 'Infinity', 'NaN', 'undefined', 'Set', 'Map',
  'parseInt', 'parseFloat', 'isNaN', 'BigInt', 'Symbol', 'Date', 'RegExp', 'Error',
]);

function makeEdit(kind: EditKind, site: Site, weight: number, description: string, apply: (s: Site) => void): Edit {
  return { kind, site: site.id, weight, description, apply: (sites) => apply(sites[site.id]!) };
}

function operatorEdits(site: Site): Edit[] {
  const n = site.node;
  const out: Edit[] = [];
  if (t.isBinaryExpression(n)) {
    const table = COMPARISON[n.operator] ? COMPARISON : ARITHMETIC;
    const kind: EditKind = table === COMPARISON ? 'comparison' : 'binary-operator';
    for (const op of table[n.operator] ?? []) {
      const edit = makeEdit(kind, site, 1, `${n.operator} → ${op} at line ${lineOf(n)}`, (s) => {
        (s.node as t.BinaryExpression).operator = op as t.BinaryExpression['operator'];
      });
      // `e ± L` → `e ∓ L` moves the result by 2L.
      const flip = (n.operator === '+' && op === '-') || (n.operator === '-' && op === '+');
      out.push(flip && t.isNumericLiteral(n.right) ? { ...edit, delta: 2 * n.right.value } : edit);
    }
    if (NON_COMMUTATIVE.has(n.operator) && !t.isPrivateName(n.left)) {
      out.push(
        makeEdit('swap-operands', site, 0.6, `swap operands of ${n.operator} at line ${lineOf(n)}`, (s) => {
          const b = s.node as t.BinaryExpression;
          const left = b.left as t.Expression;
          b.left = b.right;
          b.right = left;
        }),
      );
    }
  } else if (t.isLogicalExpression(n)) {
    for (const op of LOGICAL[n.operator] ?? []) {
      out.push(
        makeEdit('logical-operator', site, 1, `${n.operator} → ${op} at line ${lineOf(n)}`, (s) => {
          (s.node as t.LogicalExpression).operator = op as t.LogicalExpression['operator'];
        }),
      );
    }
  } else if (t.isAssignmentExpression(n)) {
    for (const op of ASSIGNMENT[n.operator] ?? []) {
      out.push(
        makeEdit('assignment-operator', site, op === '=' || n.operator === '=' ? 0.5 : 1, `${n.operator} → ${op} at line ${lineOf(n)}`, (s) => {
          (s.node as t.AssignmentExpression).operator = op;
        }),
      );
    }
  } else if (t.isUpdateExpression(n)) {
    const op = n.operator === '++' ? '--' : '++';
    out.push(
      makeEdit('update-operator', site, 1, `${n.operator} → ${op} at line ${lineOf(n)}`, (s) => {
        (s.node as t.UpdateExpression).operator = op;
      }),
    );
  } else if (t.isUnaryExpression(n) && (n.operator === '-' || n.operator === '!' || n.operator === '~') && site.rvalue) {
    out.push(
      makeEdit('unary-remove', site, 0.7, `drop ${n.operator} at line ${lineOf(n)}`, (s) => {
        replaceAt(s, (s.node as t.UnaryExpression).argument);
      }),
    );
  }
  return out;
}

function constantEdits(site: Site): Edit[] {
  const n = site.node;
  const out: Edit[] = [];
  if (t.isNumericLiteral(n)) {
    const v = n.value;
    const alternatives = [...new Set([v + 1, v - 1, 0, 1])].filter((x) => x !== v && x >= -1);
    const additive = t.isBinaryExpression(site.parent) && (site.parent.operator === '+' || site.parent.operator === '-');
    for (const alt of alternatives) {
      const edit = makeEdit('constant', site, Math.abs(alt - v) === 1 ? 1 : 0.6, `${v} → ${alt} at line ${lineOf(n)}`, (s) => {
        replaceAt(s, alt < 0 ? t.unaryExpression('-', t.numericLiteral(-alt)) : t.numericLiteral(alt));
      });
      out.push(additive ? { ...edit, delta: Math.abs(alt - v) } : edit);
    }
  } else if (t.isBigIntLiteral(n)) {
    let v: bigint;
    try {
      v = BigInt(n.value);
    } catch {
      return out;
    }
    for (const alt of [...new Set([v + 1n, v - 1n, 0n, 1n])].filter((x) => x !== v && x >= -1n)) {
      out.push(
        makeEdit('constant', site, alt - v === 1n || v - alt === 1n ? 1 : 0.6, `${v}n → ${alt}n at line ${lineOf(n)}`, (s) => {
          replaceAt(s, alt < 0n ? t.unaryExpression('-', t.bigIntLiteral((-alt).toString())) : t.bigIntLiteral(alt.toString()));
        }),
      );
    }
  } else if (t.isBooleanLiteral(n)) {
    out.push(
      makeEdit('constant', site, 1, `${n.value} → ${!n.value} at line ${lineOf(n)}`, (s) => {
        (s.node as t.BooleanLiteral).value = !n.value;
      }),
    );
  } else if (t.isStringLiteral(n) && n.value.length <= 1 && site.rvalue) {
    const alternatives = n.value === '' ? [' '] : n.value === ' ' ? [''] : [];
    for (const alt of alternatives) {
      out.push(
        makeEdit('constant', site, 0.5, `'${n.value}' → '${alt}' at line ${lineOf(n)}`, (s) => {
          (s.node as t.StringLiteral).value = alt;
        }),
      );
    }
  }
  return out;
}

/** Whether an expression sits where an index, a bound, or a counted value usually sits. */
function isBoundaryPosition(site: Site): boolean {
  const p = site.parent;
  if (!p || !site.rvalue) return false;
  if (t.isBinaryExpression(p) && (COMPARISON[p.operator] !== undefined || p.operator === '+' || p.operator === '-')) return true;
  if (t.isMemberExpression(p) && p.computed && site.key === 'property') return true;
  if ((t.isCallExpression(p) || t.isNewExpression(p)) && site.key === 'arguments') return true;
  if (t.isReturnStatement(p)) return true;
  if (t.isVariableDeclarator(p) && site.key === 'init') return true;
  if (t.isAssignmentExpression(p) && site.key === 'right') return true;
  return false;
}

/** Whether an expression is the value stored (`x = …`, `const x = …`) or returned. */
function isStoredOrReturned(site: Site): boolean {
  const p = site.parent;
  return (
    t.isReturnStatement(p) ||
    (t.isVariableDeclarator(p) && site.key === 'init') ||
    (t.isAssignmentExpression(p) && site.key === 'right')
  );
}

function offByOneEdits(site: Site): Edit[] {
  const n = site.node;
  // A defaulted or chosen value (`m[c] || 0`, `c ? a : b`) that is stored or returned is often the count that misses
  // its `+ 1`; inside comparisons and arithmetic those shapes are left to the other edits.
  const valueShape = (t.isLogicalExpression(n) && n.operator !== '&&') || t.isConditionalExpression(n);
  if (!(t.isIdentifier(n) || t.isMemberExpression(n) || t.isCallExpression(n) || valueShape)) return [];
  if (!isBoundaryPosition(site)) return [];
  if (valueShape && !isStoredOrReturned(site)) return [];
  // `x - 1` → `x + 1 - 1` is a no-op and `x - 1 - 1` a constant edit of the literal: leave those to `constant`.
  const p = site.parent;
  if (t.isBinaryExpression(p) && (p.operator === '+' || p.operator === '-') && site.key === 'left' && t.isNumericLiteral(p.right)) return [];
  if (t.isIdentifier(n) && (n.name === 'undefined' || KNOWN_GLOBALS.has(n.name))) return [];
  return (['+', '-'] as const).map((op) =>
    makeEdit('off-by-one', site, 1, `${op}1 on ${t.isIdentifier(n) ? n.name : 'expression'} at line ${lineOf(n)}`, (s) => {
      replaceAt(s, t.binaryExpression(op, s.node as t.Expression, t.numericLiteral(1)));
    }),
  );
}

function isTestPosition(site: Site): boolean {
  const p = site.parent;
  return (
    site.key === 'test' &&
    (t.isIfStatement(p) || t.isWhileStatement(p) || t.isDoWhileStatement(p) || t.isForStatement(p) || t.isConditionalExpression(p))
  );
}

/** Methods and functions that answer yes or no: a call of one is a condition wherever it stands. */
const PREDICATES = new Set([
  'includes', 'has', 'some', 'every', 'startsWith', 'endsWith', 'test', 'isArray', 'isInteger', 'isFinite', 'isNaN',
  'isSafeInteger', 'hasOwnProperty', 'hasOwn',
]);

function isPredicateCall(n: t.Node): boolean {
  if (!t.isCallExpression(n)) return false;
  const callee = n.callee;
  if (t.isIdentifier(callee)) return PREDICATES.has(callee.name);
  return t.isMemberExpression(callee) && !callee.computed && t.isIdentifier(callee.property) && PREDICATES.has(callee.property.name);
}

function negationEdits(site: Site): Edit[] {
  const n = site.node;
  if (!site.rvalue) return [];
  const booleanish =
    (t.isBinaryExpression(n) && COMPARISON[n.operator] !== undefined) ||
    t.isLogicalExpression(n) ||
    isTestPosition(site) ||
    isPredicateCall(n);
  if (!booleanish) return [];
  if (t.isUnaryExpression(n) && n.operator === '!') return []; // `unary-remove` covers this
  if (t.isUnaryExpression(site.parent) && site.parent.operator === '!') return [];
  return [
    makeEdit('negate-condition', site, 1, `negate condition at line ${lineOf(n)}`, (s) => {
      replaceAt(s, t.unaryExpression('!', s.node as t.Expression));
    }),
  ];
}

function methodSwapEdits(site: Site): Edit[] {
  const n = site.node;
  if (!t.isMemberExpression(n) || n.computed || !t.isIdentifier(n.property)) return [];
  const name = n.property.name;
  return (METHOD_SWAPS[name] ?? []).map((alt) =>
    makeEdit('method-swap', site, 1, `.${name} → .${alt} at line ${lineOf(n)}`, (s) => {
      ((s.node as t.MemberExpression).property as t.Identifier).name = alt;
    }),
  );
}

function argumentEdits(site: Site): Edit[] {
  const n = site.node;
  if (!t.isCallExpression(n) || n.arguments.length < 2) return [];
  const out: Edit[] = [];
  for (let i = 0; i + 1 < n.arguments.length; i++) {
    out.push(
      makeEdit('swap-arguments', site, 0.8, `swap arguments ${i + 1} and ${i + 2} at line ${lineOf(n)}`, (s) => {
        const args = (s.node as t.CallExpression).arguments;
        const a = args[i]!;
        args[i] = args[i + 1]!;
        args[i + 1] = a;
      }),
    );
  }
  return out;
}

/** Root variable of an object expression (`a` for `a`, `a.b`, `a[i].c`). */
function rootName(e: t.Node): string | undefined {
  let cur: t.Node = e;
  while (t.isMemberExpression(cur)) cur = cur.object;
  return t.isIdentifier(cur) ? cur.name : undefined;
}

/**
 * The collection a variable is used to index or slice: `a` for `i` in `a[i]`, `a[i + 1]`, `a[i++]`, `a.slice(i)`.
 * Variables that index one array consistently are rarely meant for another (`a.slice(j)` beside `a[i++]`).
 */
function anchorOf(site: Site, byNode: ReadonlyMap<t.Node, Site>): string | undefined {
  let cur: Site | undefined = site;
  while (cur?.parent && (t.isBinaryExpression(cur.parent) || t.isUpdateExpression(cur.parent))) cur = byNode.get(cur.parent);
  if (!cur?.parent) return undefined;
  const p = cur.parent;
  if (t.isMemberExpression(p) && p.computed && cur.key === 'property') return rootName(p.object);
  if (t.isCallExpression(p) && cur.key === 'arguments' && t.isMemberExpression(p.callee)) return rootName(p.callee.object);
  return undefined;
}

/** How often each variable indexes each collection in the program: `anchor\u0000name` → count. */
function anchorCounts(sites: readonly Site[], byNode: ReadonlyMap<t.Node, Site>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sites) {
    if (!t.isIdentifier(s.node)) continue;
    const a = anchorOf(s, byNode);
    if (a === undefined) continue;
    const k = `${a}\u0000${s.node.name}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

interface VariableContext {
  cache: Map<t.Node | undefined, Set<string>>;
  byNode: ReadonlyMap<t.Node, Site>;
  anchors: Map<string, number>;
}

function variableEdits(site: Site, sites: readonly Site[], root: t.Node, vc: VariableContext): Edit[] {
  const { cache } = vc;
  const n = site.node;
  // A confused variable, or a literal that should have been a variable (`Math.max(0, …)` for `Math.max(x, …)`).
  const isName = t.isIdentifier(n) && !KNOWN_GLOBALS.has(n.name);
  const isLiteral = t.isNumericLiteral(n) || t.isStringLiteral(n);
  if (!(isName || isLiteral) || !site.rvalue || !site.fn) return [];
  if (t.isCallExpression(site.parent) && site.key === 'callee') return [];
  let names = cache.get(site.fn);
  if (!names) {
    names = visibleNames(sites, site, root);
    cache.set(site.fn, names);
  }
  const current = t.isIdentifier(n) ? n.name : undefined;
  if (current !== undefined && !names.has(current)) return [];
  const fnNames = new Set(sites.filter((s) => t.isFunctionDeclaration(s.node)).map((s) => (s.node as t.FunctionDeclaration).id?.name));
  const options = [...names].filter((x) => x !== current && !fnNames.has(x)).sort();
  const weight = options.length > 0 ? Math.min(0.8, 2 / options.length) * (isLiteral ? 0.5 : 1) : 0;
  const label = current ?? printLiteral(n);
  const anchor = current !== undefined ? anchorOf(site, vc.byNode) : undefined;
  const uses = (name: string): number => (anchor === undefined ? 0 : (vc.anchors.get(`${anchor}\u0000${name}`) ?? 0));
  return options.map((alt) => {
    const edit = makeEdit('variable', site, weight, `${label} → ${alt} at line ${lineOf(n)}`, (s) => {
      replaceAt(s, t.identifier(alt));
    });
    if (isLiteral) return { ...edit, group: 'variable:literal' };
    return uses(alt) > uses(current!) ? { ...edit, group: 'variable:consistency' } : edit;
  });
}

/**
 * Every single-point mutation of the program: operators, comparisons, constants, off-by-one, negated conditions,
 * confused methods, swapped operands and arguments, and confused variables.
 */
export function pointMutations(sites: readonly Site[], root: t.Node): Edit[] {
  const byNode = new Map<t.Node, Site>();
  for (const s of sites) byNode.set(s.node, s);
  const vc: VariableContext = { cache: new Map(), byNode, anchors: anchorCounts(sites, byNode) };
  const out: Edit[] = [];
  for (const site of sites) {
    out.push(
      ...operatorEdits(site),
      ...constantEdits(site),
      ...offByOneEdits(site),
      ...negationEdits(site),
      ...methodSwapEdits(site),
      ...argumentEdits(site),
      ...variableEdits(site, sites, root, vc),
    );
  }
  return out;
}

function printLiteral(n: t.Node): string {
  if (t.isNumericLiteral(n)) return String(n.value);
  if (t.isStringLiteral(n)) return JSON.stringify(n.value);
  return n.type;
}

/** Clones a node for insertion elsewhere (never share nodes between two places in a tree). */
export function fresh<T extends t.Node>(node: T): T {
  return cloneDeep(node);
}
