import { replaceInCode } from './code-ranges.js';

/** Parameter names of a signature like `(xs: number[], k?: number) => number` or `function f(a, b)`. */
export function signatureParams(signature: string | undefined): string[] | undefined {
  if (!signature) return undefined;
  const m = /\(([^)]*)\)/.exec(signature);
  if (!m) return undefined;
  const inner = m[1]!.trim();
  if (inner === '') return [];
  const names = inner.split(',').map((p) => p.trim().replace(/^\.\.\./, '').split(/[?:=\s]/)[0] ?? '');
  return names.every((n) => /^[A-Za-z_$][\w$]*$/.test(n)) ? names : undefined;
}

const escape = (s: string) => s.replace(/[$]/g, '\\$');

function renameIdentifier(code: string, from: string, to: string): string {
  if (from === to) return code;
  // Identifiers only: not a property access (`.from`), not part of a longer name, and never inside strings,
  // comments or regex literals.
  const pattern = new RegExp(`(?<![\\w$])(?<![^.]\\.)${escape(from)}(?![\\w$])`, 'g');
  return replaceInCode(code, (part) => part.replace(pattern, to));
}

/** Name of the first top-level function declared in `code` (`function name(` or `const name = (`). */
export function declaredFunctionName(code: string): string | undefined {
  return (
    /(?:^|\n)\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/.exec(code)?.[1] ??
    /(?:^|\n)\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/.exec(code)?.[1]
  );
}

/** Parameter names of the function named `name` in `code`. */
export function declaredParams(code: string, name: string): string[] {
  const m = new RegExp(`function\\s+${escape(name)}\\s*\\(([^)]*)\\)`).exec(code);
  if (!m) return [];
  return m[1]!.split(',').map((p) => p.trim().replace(/\s*=.*$/, '')).filter(Boolean);
}

/**
 * Adapts library or strategy code to a task: renames the function (and its recursive calls) to `entry`, and, when
 * the task's signature has as many parameters, renames the parameters to the signature's names. Renaming goes
 * through placeholders so swapped names (`a, b` → `b, a`) cannot collide, and skips a target name the code already
 * uses for something else.
 */
export function adaptCode(code: string, options: { entry: string; signature?: string }): { code: string; renamed: string[] } {
  const renamed: string[] = [];
  const name = declaredFunctionName(code);
  let out = code;
  if (name && name !== options.entry) {
    out = renameIdentifier(out, name, options.entry);
    renamed.push(`${name}→${options.entry}`);
  }
  const wanted = signatureParams(options.signature);
  const current = declaredParams(out, options.entry);
  if (wanted && wanted.length === current.length && current.length > 0) {
    const pairs = current
      .map((from, i) => [from, wanted[i]!] as const)
      .filter(([from, to]) => from !== to && (current.includes(to) || !new RegExp(`(?<![\\w$])${escape(to)}(?![\\w$])`).test(out)));
    pairs.forEach(([from], i) => (out = renameIdentifier(out, from, `__param${i}__`)));
    pairs.forEach(([from, to], i) => {
      out = renameIdentifier(out, `__param${i}__`, to);
      renamed.push(`${from}→${to}`);
    });
  }
  return { code: out, renamed };
}
