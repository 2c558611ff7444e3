import * as t from '@babel/types';
import { cloneDeep, forEachChild, printProgram } from './ast.js';
import { collectSites, type Site } from './sites.js';

/** A place where two parents differ: one node, or a run of statements of one list. */
export type DiffPoint =
  | { kind: 'node'; aSite: number; bNode: t.Node; description: string }
  | { kind: 'region'; aOwner: number; key: string; aStart: number; aLength: number; bNodes: t.Node[]; description: string };

/** Scalar attributes that distinguish two nodes of the same type. */
const SCALARS = ['operator', 'name', 'value', 'prefix', 'computed', 'kind', 'async', 'generator', 'delegate', 'pattern', 'flags'];

function scalarsDiffer(a: t.Node, b: t.Node): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  return SCALARS.some((k) => ra[k] !== rb[k]);
}

function children(node: t.Node): Map<string, t.Node | t.Node[]> {
  const out = new Map<string, t.Node | t.Node[]>();
  forEachChild(node, (child, key, index) => {
    if (index === undefined) out.set(key, child);
    else {
      const list = (out.get(key) as t.Node[] | undefined) ?? [];
      list.push(child);
      out.set(key, list);
    }
  });
  // Keys holding empty lists or null still count, so that `[]` against `[x]` is seen.
  for (const key of t.VISITOR_KEYS[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value) && !out.has(key)) out.set(key, []);
  }
  return out;
}

/** Longest common subsequence of two string lists, as index pairs. */
function lcs(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/**
 * Walks two programs in parallel and lists where they differ. Nodes of the same type are compared child by child;
 * lists of different lengths are aligned on their common statements (longest common subsequence) so that an
 * inserted or deleted statement is one region, not a difference of everything after it.
 */
export function diffPoints(a: t.Node, b: t.Node): DiffPoint[] {
  const sites = collectSites(a);
  const idOf = new Map<t.Node, number>();
  for (const s of sites) idOf.set(s.node, s.id);
  const points: DiffPoint[] = [];
  const compare = (x: t.Node, y: t.Node): void => {
    if (x.type !== y.type || scalarsDiffer(x, y)) {
      points.push({ kind: 'node', aSite: idOf.get(x)!, bNode: y, description: `${printShort(x)} ⇐ ${printShort(y)}` });
      return;
    }
    const cx = children(x);
    const cy = children(y);
    for (const [key, vx] of cx) {
      const vy = cy.get(key);
      if (Array.isArray(vx)) {
        const ly = Array.isArray(vy) ? vy : [];
        compareLists(x, key, vx, ly);
      } else if (vy && !Array.isArray(vy)) compare(vx, vy);
      else points.push({ kind: 'node', aSite: idOf.get(x)!, bNode: y, description: `${printShort(x)} ⇐ ${printShort(y)}` });
    }
    for (const key of cy.keys()) {
      if (!cx.has(key)) points.push({ kind: 'node', aSite: idOf.get(x)!, bNode: y, description: `${printShort(x)} ⇐ ${printShort(y)}` });
    }
  };
  const compareLists = (owner: t.Node, key: string, xs: t.Node[], ys: t.Node[]): void => {
    if (xs.length === ys.length) {
      xs.forEach((x, i) => compare(x, ys[i]!));
      return;
    }
    const px = xs.map(printProgram);
    const py = ys.map(printProgram);
    const pairs = lcs(px, py);
    let i = 0;
    let j = 0;
    const flush = (ni: number, nj: number): void => {
      if (ni - i === 1 && nj - j === 1 && xs[i]!.type === ys[j]!.type) compare(xs[i]!, ys[j]!);
      else if (ni > i || nj > j) {
        points.push({
          kind: 'region',
          aOwner: idOf.get(owner)!,
          key,
          aStart: i,
          aLength: ni - i,
          bNodes: ys.slice(j, nj),
          description: `${ni - i} statement(s) ⇐ ${ys.slice(j, nj).map(printShort).join('; ') || 'nothing'}`,
        });
      }
    };
    for (const [pi, pj] of pairs) {
      flush(pi, pj);
      i = pi + 1;
      j = pj + 1;
    }
    flush(xs.length, ys.length);
  };
  compare(a, b);
  return points;
}

function printShort(node: t.Node): string {
  const s = printProgram(node).replace(/\s+/g, ' ');
  return s.length > 50 ? `${s.slice(0, 47)}...` : s;
}

/**
 * Applies a set of difference points (found by `diffPoints(a, b)`) to a copy of `a`: each takes `b`'s version.
 * Regions are applied from the last to the first so that earlier list offsets stay valid.
 */
export function applyDiffPoints(a: t.File, points: readonly DiffPoint[]): t.File {
  const copy = cloneDeep(a);
  const sites = collectSites(copy);
  const ordered = [...points].sort((p, q) => order(q) - order(p));
  for (const p of ordered) {
    if (p.kind === 'node') {
      const site = sites[p.aSite]!;
      if (!site.parent) return cloneDeep(p.bNode as t.File);
      replaceIn(site, cloneDeep(p.bNode));
    } else {
      const owner = sites[p.aOwner]!.node as unknown as Record<string, t.Node[]>;
      owner[p.key]!.splice(p.aStart, p.aLength, ...p.bNodes.map((n) => cloneDeep(n)));
    }
  }
  return copy;
}

function order(p: DiffPoint): number {
  return p.kind === 'node' ? p.aSite : p.aOwner + p.aStart / 10_000;
}

function replaceIn(site: Site, node: t.Node): void {
  const holder = site.parent as unknown as Record<string, unknown>;
  if (site.index === undefined) holder[site.key!] = node;
  else (holder[site.key!] as t.Node[])[site.index] = node;
}

/** Top-level function declarations (plain or exported) by name. */
export function topLevelFunctions(root: t.File): Map<string, t.FunctionDeclaration> {
  const out = new Map<string, t.FunctionDeclaration>();
  for (const stmt of root.program.body) {
    const decl = t.isExportNamedDeclaration(stmt) ? stmt.declaration : stmt;
    if (t.isFunctionDeclaration(decl) && decl.id) out.set(decl.id.name, decl);
  }
  return out;
}

/**
 * Function-level crossover: `a` with one of its top-level functions replaced by `b`'s function of the same name
 * (when they differ), or with a helper that only `b` has added. One child per such function.
 */
export function functionCrossovers(a: t.File, b: t.File): Array<{ ast: t.File; description: string }> {
  const fa = topLevelFunctions(a);
  const fb = topLevelFunctions(b);
  const out: Array<{ ast: t.File; description: string }> = [];
  for (const [name, fnB] of fb) {
    const fnA = fa.get(name);
    if (fnA && printProgram(fnA) === printProgram(fnB)) continue;
    const copy = cloneDeep(a);
    if (fnA) {
      const target = topLevelFunctions(copy).get(name)!;
      Object.assign(target, cloneDeep(fnB), { id: t.identifier(name) });
      out.push({ ast: copy, description: `function ${name} from the second parent` });
    } else {
      copy.program.body.push(cloneDeep(fnB));
      out.push({ ast: copy, description: `helper ${name} from the second parent` });
    }
  }
  return out;
}
