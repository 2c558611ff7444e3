import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startBackend } from '../src/qa/backend-process.js';
import type { Bundle } from '../src/qa/bundle.js';

function scriptBundle(source: string): Bundle {
  const dir = mkdtempSync(join(tmpdir(), 'genesis-backend-'));
  const file = join(dir, 'server.mjs');
  writeFileSync(file, source);
  return { dir, file, url: pathToFileURL(file).href, sources: [], text: source };
}

describe('startBackend', () => {
  it('keeps its logs bounded when a backend prints megabytes without a newline', async () => {
    const bundle = scriptBundle(`
      import { createServer } from 'node:http';
      const spam = 'x'.repeat(1 << 20);
      for (let i = 0; i < 24; i++) process.stdout.write(spam);
      process.stderr.write(spam + '\\n');
      const server = createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', () => {
        console.log('\\nlistening on http://127.0.0.1:' + server.address().port);
      });
      process.on('SIGTERM', () => server.close(() => process.exit(0)));
    `);
    try {
      const running = await startBackend({ bundle, coverage: false });
      try {
        expect(running.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(await (await fetch(running.baseUrl)).text()).toBe('ok');
        expect(running.logs.length).toBeGreaterThan(0);
        for (const line of running.logs) expect(line.length).toBeLessThan(2100);
        expect(running.logs.some((l) => /… \(\d+ characters\)$/.test(l))).toBe(true);
      } finally {
        await running.stop();
      }
    } finally {
      rmSync(bundle.dir, { recursive: true, force: true });
    }
  }, 30_000);
});
