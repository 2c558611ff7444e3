// Type-checks generated projects with the TypeScript compiler API against the hono, jose and @types/node this
// package has installed: the files are written under .gen/ inside the package so module resolution finds them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { GeneratedFile } from '../src/types.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// Reused across checks so the declaration files of node, hono and jose are parsed once.
let previous: ts.Program | undefined;

export function typeCheck(files: GeneratedFile[]): string[] {
  mkdirSync(join(packageDir, '.gen'), { recursive: true });
  const dir = mkdtempSync(join(packageDir, '.gen', 'tc-'));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const configPath = join(dir, 'tsconfig.json');
    const config = ts.readConfigFile(configPath, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true }, ...(previous ? { oldProgram: previous } : {}) });
    previous = program;
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => {
        const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
