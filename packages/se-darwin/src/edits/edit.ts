import type * as t from '@babel/types';
import { cloneDeep, parseProgram, printValid, type SourceLanguage } from './ast.js';
import { collectSites, type Site } from './sites.js';

/**
 * Names of edit kinds. They are recorded on candidates (`Candidate.edits`) so the engine can credit them in the
 * pool's insights, and the operators sample kinds that improved before more often.
 */
export type EditKind =
  | 'binary-operator'
  | 'comparison'
  | 'logical-operator'
  | 'assignment-operator'
  | 'update-operator'
  | 'unary-remove'
  | 'constant'
  | 'off-by-one'
  | 'negate-condition'
  | 'method-swap'
  | 'swap-operands'
  | 'swap-arguments'
  | 'variable'
  | 'delete-statement'
  | 'insert-statement'
  | 'swap-statements'
  | 'index-wrap'
  | 'negate-value'
  | 'swap-expressions'
  | 'boolean-check'
  | 'insert-break'
  | 'insert-reset'
  | 'transplant-expression:production'
  | 'transplant-expression:pool'
  | 'transplant-statement:production'
  | 'transplant-statement:pool';

/**
 * One concrete edit of a program, found on one tree and replayable on any identical copy of it (sites are addressed
 * by their depth-first number).
 */
export interface Edit {
  kind: EditKind;
  /** Depth-first number of the node the edit changes. */
  site: number;
  /** Prior weight of this edit before fault localisation and insights. */
  weight: number;
  /** Human-readable summary, e.g. `< → <= at line 4`. */
  description: string;
  /**
   * Sampling group when it differs from the kind: edits backed by specific evidence (a variable that indexes a
   * collection no other use of that variable indexes) are sampled as their own group, credited as their kind.
   */
  group?: string;
  /**
   * By how much the edit shifts an additive term, when that is known (`x - 32` → `x + 32`: 64; `n - 1` → `n - 2`: 1).
   * Matched against a constant difference between actual and expected results.
   */
  delta?: number;
  /** Trajectory the grafted code came from (transplants only). */
  sourceId?: string;
  /** Applies the edit to `sites` of a copy of the tree it was found on. */
  apply(sites: Site[]): void;
}

/**
 * Applies edits to a copy of `ast` (all found on `ast` itself, applied from the deepest-numbered site first so
 * earlier numbers stay valid) and returns the printed program only if it re-parses and differs from the input.
 */
export function applyEdits(ast: t.File, edits: readonly Edit[], language: SourceLanguage, original: string): string | undefined {
  const copy = cloneDeep(ast);
  const sites = collectSites(copy);
  const ordered = [...edits].sort((a, b) => b.site - a.site);
  try {
    for (const edit of ordered) edit.apply(sites);
  } catch {
    return undefined;
  }
  const code = printValid(copy, language);
  if (code === undefined || code === original) return undefined;
  return code;
}

/** Line number of a node for descriptions (`?` when the node was synthesised). */
export function lineOf(node: t.Node): string {
  return node.loc ? String(node.loc.start.line) : '?';
}

/** Parses or returns undefined: a small convenience re-export for operator code. */
export { parseProgram };
