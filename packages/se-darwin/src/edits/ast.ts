import { parse as babelParse } from '@babel/parser';
import generatorModule from '@babel/generator';
import * as t from '@babel/types';

/** Babel's generator is CommonJS with a `default` export; under Node ESM the import is the module object. */
type GenerateFn = (ast: t.Node, opts?: { comments?: boolean; compact?: boolean; retainLines?: boolean }) => { code: string };
const generateImpl: GenerateFn =
  (generatorModule as unknown as { default?: GenerateFn }).default ?? (generatorModule as unknown as GenerateFn);

/** Source language of a program; TypeScript keeps its annotations through every edit. */
export type SourceLanguage = 'js' | 'ts';

/** Parses a whole program, or returns `undefined` when it is not syntactically valid. */
export function parseProgram(code: string, language: SourceLanguage = 'js'): t.File | undefined {
  try {
    return babelParse(code, {
      sourceType: 'unambiguous',
      plugins: language === 'ts' ? ['typescript'] : [],
      errorRecovery: false,
      allowReturnOutsideFunction: false,
    });
  } catch {
    return undefined;
  }
}

/** Prints a syntax tree as readable code (comments dropped: they would drift away from edited code). */
export function printProgram(ast: t.Node): string {
  return generateImpl(ast, { comments: false }).code;
}

/**
 * The canonical form of a program (parse + compact print), used to detect duplicates that differ only in layout.
 * Unparsable code is returned as-is, trimmed.
 */
export function normaliseCode(code: string, language: SourceLanguage = 'js'): string {
  const ast = parseProgram(code, language);
  return ast ? generateImpl(ast, { comments: false, compact: true }).code : code.trim();
}

/** A deep copy of a node, without source locations (so that copies never share state with the original). */
export function cloneDeep<T extends t.Node>(node: T): T {
  return t.cloneNode(node, true, true);
}

/**
 * Prints `ast` and parses the result again; returns the printed code only if it re-parses. Every offspring goes
 * through here, so no syntactically invalid program ever leaves the operators.
 */
export function printValid(ast: t.Node, language: SourceLanguage = 'js'): string | undefined {
  let code: string;
  try {
    code = printProgram(ast);
  } catch {
    return undefined;
  }
  return parseProgram(code, language) ? code : undefined;
}

/** Number of nodes in a subtree (a size measure for transplant material and simplification). */
export function nodeSize(node: t.Node): number {
  let n = 0;
  forEachChild(node, (child) => {
    n += nodeSize(child);
  });
  return n + 1;
}

/** Keys that hold types or metadata, never runtime code: edits never descend into them. */
const SKIPPED_KEYS = new Set([
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'superTypeParameters',
  'typeArguments',
  'decorators',
  'leadingComments',
  'trailingComments',
  'innerComments',
]);

/** Calls `fn` for every direct child node of `node` in a fixed order (visitor-key order). */
export function forEachChild(
  node: t.Node,
  fn: (child: t.Node, key: string, index: number | undefined) => void,
): void {
  const keys = t.VISITOR_KEYS[node.type] ?? [];
  for (const key of keys) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        if (child && typeof child === 'object' && 'type' in child) fn(child as t.Node, key, i);
      });
    } else if (value && typeof value === 'object' && 'type' in value) {
      fn(value as t.Node, key, undefined);
    }
  }
}
