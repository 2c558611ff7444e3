import { build, type Plugin } from 'esbuild';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AgentError } from '../errors.js';
import type { GeneratedFile } from '../types.js';

const VIRTUAL = 'genesis-generated';

/** Directory bare imports (hono, jose, …) of generated code are resolved from: this package's own location. */
function resolveBase(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * Serves the generated files from memory and resolves their bare imports from this package's installed
 * dependencies, as external absolute URLs: the bundle then holds only generated code (so V8 coverage of it is
 * coverage of the code under test) and runs from any directory.
 */
function generatedFiles(files: GeneratedFile[]): Plugin {
  const byPath = new Map(files.map((f) => [posix.normalize(f.path), f.content]));
  return {
    name: 'genesis-generated-files',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'inner') return undefined;
        if (args.kind === 'entry-point') return { path: posix.normalize(args.path), namespace: VIRTUAL };
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        if (args.path.startsWith('.')) {
          const base = posix.join(posix.dirname(args.importer), args.path);
          const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}/index.ts`];
          const found = candidates.find((c) => byPath.has(c));
          if (!found) return { errors: [{ text: `cannot find generated file ${args.path} imported by ${args.importer}` }] };
          return { path: found, namespace: VIRTUAL };
        }
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: resolveBase(),
          pluginData: 'inner',
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: VIRTUAL }, (args) => {
        const contents = byPath.get(args.path);
        if (contents === undefined) return { errors: [{ text: `no generated file ${args.path}` }] };
        return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}

/** A bundled entry written to a temporary directory. */
export interface Bundle {
  dir: string;
  file: string;
  url: string;
  /** Line ranges (1-based, inclusive) of each generated source file inside the bundle. */
  sources: { path: string; startLine: number; endLine: number }[];
  text: string;
}

/**
 * Compiles the generated TypeScript project starting at `entry` into one ES module in a fresh temporary directory.
 * Throws `BUNDLE_FAILED` with esbuild's messages when the code does not compile or an import is missing.
 */
export async function bundleGenerated(files: GeneratedFile[], entry: string, jsx?: { importSource: string }): Promise<Bundle> {
  let output: string;
  try {
    const result = await build({
      entryPoints: [posix.normalize(entry)],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      plugins: [generatedFiles(files)],
      ...(jsx ? { jsx: 'automatic' as const, jsxImportSource: jsx.importSource } : {}),
    });
    output = result.outputFiles[0]?.text ?? '';
  } catch (error) {
    const messages = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = messages?.map((m) => (m.location ? `${m.location.file}:${m.location.line} ${m.text}` : m.text)).join('; ');
    throw new AgentError('BUNDLE_FAILED', `Generated code does not compile: ${detail ?? String(error)}`, { cause: error });
  }
  const dir = await mkdtemp(join(tmpdir(), 'genesis-qa-'));
  const file = join(dir, 'bundle.mjs');
  await writeFile(file, output);
  return { dir, file, url: pathToFileURL(file).href, sources: sourceRanges(output), text: output };
}

/** esbuild marks each module of a bundle with a `// <namespace>:<path>` comment line; read the ranges from those. */
export function sourceRanges(text: string): Bundle['sources'] {
  const lines = text.split('\n');
  const marks: { path: string; line: number }[] = [];
  const marker = new RegExp(`^// ${VIRTUAL}:(.+)$`);
  lines.forEach((l, i) => {
    const m = marker.exec(l);
    if (m?.[1]) marks.push({ path: m[1], line: i + 1 });
  });
  return marks.map((m, i) => {
    const next = marks[i + 1];
    let end = next ? next.line - 1 : lines.length;
    while (end > m.line && (lines[end - 1] ?? '').trim() === '') end--;
    return { path: m.path, startLine: m.line + 1, endLine: end };
  });
}

