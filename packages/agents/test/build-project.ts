// Builds a generated project the way its own `npm run build && npm start` would: tsc emits dist/, node runs it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { GeneratedFile } from '../src/types.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Emits the project with tsc into a directory under .gen/, starts `node dist/server.js`, returns /health's JSON. */
export async function buildAndStart(files: GeneratedFile[]): Promise<{ emitted: string[]; health: unknown }> {
  mkdirSync(join(packageDir, '.gen'), { recursive: true });
  const dir = mkdtempSync(join(packageDir, '.gen', 'build-'));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    // The project is an ES module package; tsc's NodeNext output needs that to run.
    const config = ts.readConfigFile(join(dir, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const result = program.emit();
    if (result.emitSkipped) throw new Error('tsc skipped emit');
    const emitted = ts.sys.readDirectory(join(dir, 'dist'), ['.js']).map((p) => p.slice(dir.length + 1)).sort();
    const child = spawn(process.execPath, [join(dir, 'dist', 'server.js')], { env: { PATH: process.env['PATH'] ?? '', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.stdout.on('data', (d: Buffer) => {
          const m = /listening on (http:\/\/\S+)/.exec(d.toString());
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`node dist/server.js exited with ${code}: ${err}`)));
      });
      const health = (await (await fetch(`${url}/health`)).json()) as unknown;
      return { emitted, health };
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
