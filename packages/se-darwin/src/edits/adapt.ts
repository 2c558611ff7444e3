import * as t from '@babel/types';
import { cloneDeep, parseProgram, printValid, type SourceLanguage } from './ast.js';
import { topLevelFunctions } from './crossover.js';
import { collectSites, declaredNames } from './sites.js';

/** One parameter of a signature. */
export interface SignatureParam {
  name: string;
  /** Type as written, whitespace removed (`number[]`), or undefined. */
  type?: string;
}

/** A parsed `(xs: number[], k: number) => number`. */
export interface ParsedSignature {
  params: SignatureParam[];
  returns?: string;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if ('([{<'.includes(ch)) depth++;
    if (')]}>'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Parses a signature such as `(xs: number[], k: number) => number`; undefined when it is not one. */
export function parseSignature(signature: string | undefined): ParsedSignature | undefined {
  if (!signature) return undefined;
  const s = signature.trim();
  const open = s.indexOf('(');
  if (open < 0) return undefined;
  let depth = 0;
  let close = -1;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    if (s[i] === ')') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    }
  }
  if (close < 0) return undefined;
  const params: SignatureParam[] = [];
  for (const part of splitTopLevel(s.slice(open + 1, close))) {
    const m = /^(?:\.\.\.)?([A-Za-z_$][\w$]*)\??\s*(?::\s*(.+?))?\s*(?:=.*)?$/.exec(part);
    if (!m) return undefined;
    params.push(m[2] ? { name: m[1]!, type: m[2].replace(/\s+/g, '') } : { name: m[1]! });
  }
  const arrow = /^\s*(?:=>|:)\s*(.+)$/.exec(s.slice(close + 1));
  return arrow ? { params, returns: arrow[1]!.replace(/\s+/g, '') } : { params };
}

/**
 * The parameters of `entry` read from the text of code that does not parse (`function entry(a, b) { … broken … }`,
 * `const entry = (a, b) => …`, `entry = function (a, b)`): enough to start from a skeleton or an empty function.
 */
export function paramsFromText(code: string, entry: string): SignatureParam[] | undefined {
  const name = entry.replace(/\$/g, '\\$');
  const at = new RegExp(`(?:^|[^\\w$])${name}\\s*(?:=\\s*(?:async\\s+)?(?:function\\s*\\*?\\s*)?)?\\(`).exec(code);
  if (!at) return undefined;
  return parseSignature(code.slice(at.index + at[0].length - 1))?.params;
}

/** Parses code as JavaScript, falling back to TypeScript. */
export function parseAny(code: string): { ast: t.File; language: SourceLanguage } | undefined {
  const js = parseProgram(code, 'js');
  if (js) return { ast: js, language: 'js' };
  const ts = parseProgram(code, 'ts');
  return ts ? { ast: ts, language: 'ts' } : undefined;
}

/** Removes TypeScript-only syntax (annotations, `as`, `!`, type declarations) so the program runs as JavaScript. */
export function stripTypes(ast: t.File): t.File {
  const copy = cloneDeep(ast);
  copy.program.body = copy.program.body.filter(
    (s) => !t.isTSInterfaceDeclaration(s) && !t.isTSTypeAliasDeclaration(s) && !(t.isExportNamedDeclaration(s) && (t.isTSInterfaceDeclaration(s.declaration) || t.isTSTypeAliasDeclaration(s.declaration))),
  );
  const strip = (node: t.Node): void => {
    const rec = node as unknown as Record<string, unknown>;
    for (const key of ['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeParameters']) {
      if (key in rec && !(t.isTSAsExpression(node) || t.isTSSatisfiesExpression(node))) rec[key] = null;
    }
    if ('optional' in rec && t.isIdentifier(node)) rec.optional = false;
    if ('definite' in rec) rec.definite = false;
    for (const key of t.VISITOR_KEYS[node.type] ?? []) {
      const value = rec[key];
      const unwrap = (child: t.Node): t.Node =>
        t.isTSAsExpression(child) || t.isTSSatisfiesExpression(child) || t.isTSNonNullExpression(child) || t.isTSTypeAssertion(child)
          ? unwrap(child.expression)
          : t.isTSParameterProperty(child)
            ? child.parameter
            : child;
      if (Array.isArray(value)) {
        rec[key] = value.map((c) => (c && typeof c === 'object' && 'type' in c ? unwrap(c as t.Node) : c));
        for (const c of rec[key] as unknown[]) if (c && typeof c === 'object' && 'type' in c) strip(c as t.Node);
      } else if (value && typeof value === 'object' && 'type' in value) {
        rec[key] = unwrap(value as t.Node);
        strip(rec[key] as t.Node);
      }
    }
  };
  strip(copy);
  return copy;
}

/**
 * The function of a program that is "the solution": the one named `preferred` if present, else an exported one,
 * else one that no other function calls, else the last.
 */
export function mainFunction(ast: t.File, preferred?: string): t.FunctionDeclaration | undefined {
  const fns = topLevelFunctions(ast);
  if (preferred && fns.has(preferred)) return fns.get(preferred);
  for (const stmt of ast.program.body) {
    if (t.isExportNamedDeclaration(stmt) && t.isFunctionDeclaration(stmt.declaration)) return stmt.declaration;
  }
  const called = new Set<string>();
  for (const s of collectSites(ast)) if (t.isCallExpression(s.node) && t.isIdentifier(s.node.callee)) called.add(s.node.callee.name);
  const roots = [...fns.values()].filter((f) => !called.has(f.id!.name));
  return roots.at(-1) ?? [...fns.values()].at(-1);
}

function paramName(p: t.Node): string | undefined {
  if (t.isIdentifier(p)) return p.name;
  if (t.isAssignmentPattern(p) && t.isIdentifier(p.left)) return p.left.name;
  if (t.isRestElement(p) && t.isIdentifier(p.argument)) return p.argument.name;
  return undefined;
}

function paramType(p: t.Node): string | undefined {
  const id = t.isAssignmentPattern(p) ? p.left : p;
  const ann = (id as { typeAnnotation?: t.Node | null }).typeAnnotation;
  if (!ann || !t.isTSTypeAnnotation(ann)) return undefined;
  return printValid(t.file(t.program([t.tsTypeAliasDeclaration(t.identifier('T'), null, ann.typeAnnotation)])), 'ts')
    ?.replace(/^type T =\s*/, '')
    .replace(/;\s*$/, '')
    .replace(/\s+/g, '');
}

/** Renames every identifier `from` inside `scope` (references and declarations alike; property names excepted). */
function renameIn(scope: t.Node, from: string, to: string): void {
  for (const s of collectSites(scope)) {
    const n = s.node;
    if (!t.isIdentifier(n) || n.name !== from) continue;
    if ((t.isMemberExpression(s.parent) || t.isOptionalMemberExpression(s.parent)) && s.key === 'property' && !s.parent.computed) continue;
    if (t.isObjectProperty(s.parent) && s.key === 'key' && !s.parent.computed) {
      if (s.parent.shorthand) s.parent.shorthand = false;
      else continue;
    }
    n.name = to;
  }
}

function permutationsOf(n: number, limit: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[], rest: number[]): void => {
    if (out.length >= limit) return;
    if (rest.length === 0) {
      out.push(prefix);
      return;
    }
    rest.forEach((r, i) => rec([...prefix, r], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  rec([], Array.from({ length: n }, (_, i) => i));
  return out;
}

/** A seed program adapted to a new problem. */
export interface AdaptedSeed {
  code: string;
  /** How the seed's parameters were mapped, e.g. `numbers→xs`. */
  description: string;
  /** The best guess first; others are alternative parameter orders. */
  rank: number;
}

/** Options of {@link adaptProgram}. */
export interface AdaptOptions {
  code: string;
  entry: string;
  /** The problem's signature; without one the seed's parameters are kept. */
  signature?: string;
  /** Parameters of the problem's starter code, used when there is no signature. */
  starterCode?: string;
  language: SourceLanguage;
  /** Name of the seed's own entry, if known. */
  seedEntry?: string;
  /** Most variants to return (alternative parameter orders). */
  maxVariants?: number;
  /** Argument lists of the problem's tests: tell collections from scalars when types do not. */
  argSamples?: ReadonlyArray<readonly unknown[]>;
}

/**
 * Adapts a production program to a new problem: its main function is renamed to the problem's entry (recursive
 * calls included), its parameters are renamed and reordered to the problem's signature (matched by name, then by
 * type, then by shape (what the seed iterates or indexes takes what the tests pass as a list or long string), then
 * by position where types do not contradict; missing ones added, extra ones moved last), locals that would clash are renamed, and
 * TypeScript is stripped when the problem is JavaScript. Alternative orders of same-typed parameters follow the
 * best guess.
 */
export function adaptProgram(options: AdaptOptions): AdaptedSeed[] {
  const { entry, language, maxVariants = 4 } = options;
  const parsed = parseAny(options.code);
  if (!parsed) return [];
  const base = language === 'js' && parsed.language === 'ts' ? stripTypes(parsed.ast) : parsed.ast;
  const main = mainFunction(base, options.seedEntry);
  if (!main?.id) return [];
  const usage = collectionParams(main);
  const seedParams = main.params.map((p) => {
    const name = paramName(p);
    return { name, type: paramType(p), shape: name !== undefined && usage.has(name) ? ('collection' as const) : ('scalar' as const) };
  });
  let target = parseSignature(options.signature)?.params;
  if (!target && options.starterCode) {
    const starter = parseAny(options.starterCode);
    const fn = starter ? mainFunction(starter.ast, entry) : undefined;
    if (fn) target = fn.params.map((p) => ({ name: paramName(p) ?? 'arg' }));
  }
  target ??= seedParams.map((p, i) => ({ name: p.name ?? `arg${i}` }));
  const shapes = target.map((_, j) => argShape(options.argSamples, j));
  const mappings = candidateMappings(seedParams, target, maxVariants, shapes);
  const out: AdaptedSeed[] = [];
  const seen = new Set<string>();
  mappings.forEach((mapping, rank) => {
    const code = applyMapping(base, main.id!.name, entry, mapping, target!, language);
    if (code && !seen.has(code)) {
      seen.add(code);
      const description = target!.map((p, j) => `${mapping[j] !== undefined ? seedParams[mapping[j]!]?.name : '(new)'}→${p.name}`).join(', ');
      out.push({ code, description: `${main.id!.name} → ${entry} (${description})`, rank });
    }
  });
  return out;
}

type Shape = 'collection' | 'scalar';

/** Parameters a function iterates (`for…of`), indexes (`p[i]`), measures (`p.length`) or calls methods on. */
function collectionParams(fn: t.Function): Set<string> {
  const out = new Set<string>();
  for (const s of collectSites(fn.body)) {
    const n = s.node;
    if (t.isForOfStatement(n) && t.isIdentifier(n.right)) out.add(n.right.name);
    if (t.isMemberExpression(n) && t.isIdentifier(n.object) && (n.computed || (t.isIdentifier(n.property) && n.property.name === 'length')))
      out.add(n.object.name);
  }
  return out;
}

/** Whether the tests pass a collection (an array, a string longer than one character) or a scalar at position j. */
function argShape(samples: ReadonlyArray<readonly unknown[]> | undefined, j: number): Shape | undefined {
  if (!samples || samples.length === 0) return undefined;
  const values = samples.map((a) => a[j]);
  if (values.some((v) => Array.isArray(v) || (typeof v === 'string' && v.length > 1))) return 'collection';
  if (values.every((v) => typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 1))) return 'scalar';
  return undefined;
}

/** mapping[j] = index of the seed parameter that becomes target parameter j (undefined: a new parameter). */
function candidateMappings(
  seed: Array<{ name: string | undefined; type: string | undefined; shape: Shape }>,
  target: SignatureParam[],
  limit: number,
  shapes: Array<Shape | undefined> = [],
): Array<Array<number | undefined>> {
  const best: Array<number | undefined> = [];
  const used = new Set<number>();
  // Pass 1: same name. Pass 2: same type. Pass 3: position.
  target.forEach((p, j) => {
    const i = seed.findIndex((s, k) => !used.has(k) && s.name === p.name);
    if (i >= 0) {
      best[j] = i;
      used.add(i);
    }
  });
  target.forEach((p, j) => {
    if (best[j] !== undefined || !p.type) return;
    const i = seed.findIndex((s, k) => !used.has(k) && s.type !== undefined && s.type === p.type);
    if (i >= 0) {
      best[j] = i;
      used.add(i);
    }
  });
  // Pass 3: shape — a parameter the seed iterates, indexes or measures takes a collection argument of the tests.
  target.forEach((p, j) => {
    const shape = shapes[j];
    if (best[j] !== undefined || !shape) return;
    const i = seed.findIndex((s, k) => !used.has(k) && s.shape === shape && (!p.type || !s.type || s.type === p.type));
    if (i >= 0) {
      best[j] = i;
      used.add(i);
    }
  });
  target.forEach((p, j) => {
    if (best[j] !== undefined) return;
    // Position only pairs parameters whose types do not contradict each other.
    const i = seed.findIndex((s, k) => !used.has(k) && (!p.type || !s.type || s.type === p.type));
    if (i >= 0) {
      best[j] = i;
      used.add(i);
    }
  });
  const out = [best];
  const n = Math.min(target.length, seed.length);
  if (n >= 2) {
    for (const perm of permutationsOf(n, 24)) {
      if (out.length >= limit) break;
      const m = target.map((_, j) => (j < n ? perm[j] : best[j]));
      const typesAgree = m.every((i, j) => i === undefined || !target[j]!.type || !seed[i]!.type || seed[i]!.type === target[j]!.type);
      if (typesAgree && m.join() !== best.join()) out.push(m);
    }
  }
  return out.slice(0, limit);
}

function applyMapping(
  base: t.File,
  seedName: string,
  entry: string,
  mapping: Array<number | undefined>,
  target: SignatureParam[],
  language: SourceLanguage,
): string | undefined {
  const ast = cloneDeep(base);
  const fns = topLevelFunctions(ast);
  const fn = fns.get(seedName);
  if (!fn) return undefined;
  // Another top-level function already named like the entry would clash: move it aside.
  if (seedName !== entry && fns.has(entry)) renameIn(ast, entry, `${entry}_seed`);
  renameIn(ast, seedName, entry);
  const oldParams = fn.params;
  const oldNames = oldParams.map(paramName);
  const targetNames = new Set(target.map((p) => p.name));
  const mappedSeed = new Set(mapping.filter((i): i is number => i !== undefined));
  // Locals (and unmapped parameters) that carry a target parameter's name are renamed first.
  const locals = declaredNames(fn);
  for (const name of locals) {
    const paramIndex = oldNames.indexOf(name);
    const isMappedParam = paramIndex >= 0 && mappedSeed.has(paramIndex);
    if (targetNames.has(name) && !(isMappedParam && target[mapping.indexOf(paramIndex)]?.name === name)) {
      renameIn(fn, name, `${name}_`);
      if (paramIndex >= 0) oldNames[paramIndex] = `${name}_`;
    }
  }
  // Two-phase rename through temporaries so that swaps (a↔b) do not collide.
  const temps = new Map<string, string>();
  mapping.forEach((i, j) => {
    if (i === undefined) return;
    const from = oldNames[i];
    if (!from) return;
    const tmp = `__p${j}_${from}`;
    renameIn(fn, from, tmp);
    temps.set(tmp, target[j]!.name);
  });
  for (const [tmp, to] of temps) renameIn(fn, tmp, to);
  const newParams: t.FunctionDeclaration['params'] = target.map((p, j) => {
    const i = mapping[j];
    if (i !== undefined) return oldParams[i]!;
    return t.identifier(p.name);
  });
  oldParams.forEach((p, i) => {
    if (!mappedSeed.has(i)) newParams.push(p);
  });
  fn.params = newParams;
  return printValid(ast, language);
}
