import * as t from '@babel/types';
import { cloneDeep, nodeSize, printProgram } from './ast.js';
import { lineOf, type Edit, type EditKind } from './edit.js';
import { KNOWN_GLOBALS } from './mutations.js';
import { collectSites, declaredNames, readNames, replaceAt, statementList, visibleNames, type Site } from './sites.js';

/** Where transplant material came from: successful production code, or other candidates of the pool. */
export type MaterialOrigin = 'production' | 'pool';

/** A piece of code that may be grafted into a program: an expression or a statement. */
export interface Fragment {
  node: t.Expression | t.Statement;
  origin: MaterialOrigin;
  /** Names it reads that it does not declare itself: all must be visible where it is grafted. */
  freeNames: Set<string>;
  size: number;
  /** Compact printed form, for deduplication. */
  key: string;
  /** Id of the trajectory it came from. */
  sourceId: string;
}

/** Options of {@link harvestFragments}. */
export interface HarvestOptions {
  origin: MaterialOrigin;
  sourceId: string;
  maxExpressionSize?: number;
  maxStatementSize?: number;
}

/**
 * Cuts a program into transplant material: the value expressions and the statements of its functions, bounded in
 * size. Bare identifiers are left out (the `variable` edit already tries every visible name).
 */
export function harvestFragments(root: t.File, options: HarvestOptions): Fragment[] {
  const { origin, sourceId, maxExpressionSize = 15, maxStatementSize = 30 } = options;
  const out: Fragment[] = [];
  for (const site of collectSites(root)) {
    const n = site.node;
    if (!site.fn) continue;
    if (site.rvalue && t.isExpression(n) && !t.isIdentifier(n) && !t.isFunction(n)) {
      const size = nodeSize(n);
      if (size <= maxExpressionSize) out.push(makeFragment(n, origin, sourceId, size));
    } else if (t.isStatement(n) && statementList(site) && !t.isFunctionDeclaration(n) && !t.isBlockStatement(n)) {
      const size = nodeSize(n);
      if (size <= maxStatementSize) out.push(makeFragment(n, origin, sourceId, size));
    }
  }
  return out;
}

function makeFragment(node: t.Expression | t.Statement, origin: MaterialOrigin, sourceId: string, size: number): Fragment {
  const reads = readNames(node);
  const declared = declaredNames(t.isStatement(node) ? t.blockStatement([node]) : t.expressionStatement(node));
  const freeNames = new Set([...reads].filter((x) => !declared.has(x) && !KNOWN_GLOBALS.has(x)));
  return { node, origin, freeNames, size, key: printProgram(node), sourceId };
}

/** Removes duplicate fragments (same code), keeping the first, and bounds the total. */
export function dedupeFragments(fragments: readonly Fragment[], limit = 200): Fragment[] {
  const seen = new Set<string>();
  const out: Fragment[] = [];
  for (const f of fragments) {
    const k = `${t.isStatement(f.node) ? 's' : 'e'}:${f.key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
    if (out.length >= limit) break;
  }
  return out;
}

function fits(fragment: Fragment, visible: Set<string>): boolean {
  for (const n of fragment.freeNames) if (!visible.has(n)) return false;
  return true;
}

function kindFor(node: t.Node, origin: MaterialOrigin): EditKind {
  return t.isStatement(node) ? `transplant-statement:${origin}` : `transplant-expression:${origin}`;
}

/**
 * Grafting material into a program: each value expression may be replaced by a fragment expression whose free
 * names are visible there; each listed statement may be replaced by a fragment statement, or one inserted before it.
 */
export function transplantEdits(sites: readonly Site[], root: t.Node, fragments: readonly Fragment[]): Edit[] {
  if (fragments.length === 0) return [];
  const out: Edit[] = [];
  const visibleCache = new Map<t.Node | undefined, Set<string>>();
  const visibleAt = (site: Site): Set<string> => {
    let v = visibleCache.get(site.fn);
    if (!v) {
      v = visibleNames(sites, site, root);
      visibleCache.set(site.fn, v);
    }
    return v;
  };
  const expressions = fragments.filter((f) => t.isExpression(f.node));
  const statements = fragments.filter((f) => t.isStatement(f.node));
  const exprScale = 1 / Math.sqrt(Math.max(1, expressions.length));
  const stmtScale = 1 / Math.sqrt(Math.max(1, statements.length));
  for (const site of sites) {
    if (!site.fn) continue;
    const n = site.node;
    if (site.rvalue && t.isExpression(n) && !(t.isCallExpression(site.parent) && site.key === 'callee')) {
      const here = printProgram(n);
      const visible = visibleAt(site);
      for (const f of expressions) {
        if (f.key === here || !fits(f, visible)) continue;
        const similar = f.node.type === n.type ? 1 : 0.4;
        out.push({
          kind: kindFor(f.node, f.origin),
          site: site.id,
          sourceId: f.sourceId,
          weight: 0.6 * similar * exprScale,
          description: `replace \`${here}\` with \`${f.key}\` (${f.origin}) at line ${lineOf(n)}`,
          apply: (all) => replaceAt(all[site.id]!, cloneDeep(f.node)),
        });
      }
    } else if (t.isStatement(n) && statementList(site) && !t.isFunctionDeclaration(n)) {
      const here = printProgram(n);
      const visible = visibleAt(site);
      const index = site.index!;
      for (const f of statements) {
        if (!fits(f, visible)) continue;
        if (f.key !== here) {
          out.push({
            kind: kindFor(f.node, f.origin),
            site: site.id,
          sourceId: f.sourceId,
            weight: 0.5 * (f.node.type === n.type ? 1 : 0.5) * stmtScale,
            description: `replace statement at line ${lineOf(n)} with \`${f.key.slice(0, 60)}\` (${f.origin})`,
            apply: (all) => replaceAt(all[site.id]!, cloneDeep(f.node)),
          });
        }
        out.push({
          kind: kindFor(f.node, f.origin),
          site: site.id,
          sourceId: f.sourceId,
          weight: 0.3 * stmtScale,
          description: `insert \`${f.key.slice(0, 60)}\` (${f.origin}) before line ${lineOf(n)}`,
          apply: (all) => {
            statementList(all[site.id]!)!.splice(index, 0, cloneDeep(f.node as t.Statement));
          },
        });
      }
    }
  }
  return out;
}
