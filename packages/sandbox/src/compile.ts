import { transform, type Message } from 'esbuild';
import type { Language } from './types.js';

/** A candidate compiled to a script body that the isolate wraps in `function (module, exports, require)`. */
export type CompileResult = { ok: true; code: string } | { ok: false; error: string };

const CACHE_LIMIT = 256;
const cache = new Map<string, CompileResult>();
const MODULE_SYNTAX = /\b(?:import|export)\b/;

function describe(messages: readonly Message[], file: string): string {
  return messages
    .slice(0, 5)
    .map((m) => (m.location ? `${file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text))
    .join('\n');
}

/**
 * Whether a candidate needs esbuild: TypeScript, or JavaScript with `import`/`export` anywhere (even in a string). A
 * plain script runs as written and V8 in the isolate reports its syntax errors; this skips esbuild, a round trip to
 * its service process, for most candidates.
 */
export function needsCompile(code: string, language: Language): boolean {
  return language === 'ts' || MODULE_SYNTAX.test(code);
}

/**
 * Compiles JavaScript or TypeScript (types stripped) with esbuild to CommonJS-shaped code: ES module exports become
 * `module.exports` properties, imports become `require` calls (which the sandbox refuses). Runs in the trusted
 * host process (so esbuild's service process belongs to the host and dies with it); esbuild only parses and prints,
 * it never executes the candidate. Results are memoised per host (LRU, 256 entries).
 */
export async function compileCandidate(code: string, language: Language): Promise<CompileResult> {
  if (!needsCompile(code, language)) return { ok: true, code };
  const key = `${language}\0${code}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const file = language === 'ts' ? 'candidate.ts' : 'candidate.js';
  let result: CompileResult;
  try {
    const out = await transform(code, {
      loader: language,
      format: 'cjs',
      target: 'es2022',
      sourcefile: file,
      logLevel: 'silent',
    });
    result = { ok: true, code: out.code };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    result = {
      ok: false,
      error: Array.isArray(errors) && errors.length > 0 ? describe(errors, file) : String(error),
    };
  }
  cache.set(key, result);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return result;
}
