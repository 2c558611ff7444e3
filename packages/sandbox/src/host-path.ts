import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the host script is: `host.cjs` beside the built module (dist/), for both the ESM and the CJS build. When this
 * module runs from src/ (the package's own tests), the built `dist/host.cjs` is used.
 */
export function defaultHostScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'host.cjs');
  if (existsSync(beside)) return beside;
  return join(here, '..', 'dist', 'host.cjs');
}
