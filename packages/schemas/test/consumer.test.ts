// A service outside the workspace installs the packed tarball and uses it from both module systems.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const hasDist = existsSync(join(pkgDir, 'dist', 'index.cjs'));
let consumer = '';

describe.skipIf(!hasDist)('a consumer outside the workspace', () => {
  beforeAll(() => {
    consumer = mkdtempSync(join(tmpdir(), 'genesis-consumer-'));
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', consumer], { cwd: pkgDir, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    const target = join(consumer, 'node_modules', '@genesis', 'schemas');
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(consumer, tarball), '-C', target, '--strip-components=1']);
    // Its only runtime dependency, as npm would install it next to the package.
    const zod = dirname(realpathSync(createRequire(join(pkgDir, 'package.json')).resolve('zod/package.json')));
    symlinkSync(zod, join(consumer, 'node_modules', 'zod'), 'dir');
  });
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  const script = `
    const s = MODULE;
    const ok = s.parsePlan === undefined ? 'missing' : typeof s.namespaces.outcomes('acme', 'qa').join('/');
    let code = 'none';
    try { s.parseOutcome({}) } catch (e) { code = s.SchemaError.isInstance(e) ? e.code : 'foreign' }
    console.log(JSON.stringify({ ok, code, version: s.SCHEMA_VERSION }));`;

  it('can require() it', () => {
    const out = execFileSync(process.execPath, ['-e', script.replace('MODULE', "require('@genesis/schemas')")], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ ok: 'string', code: 'INVALID_RECORD', version: 1 });
  });

  it('can import it', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', script.replace('MODULE', "await import('@genesis/schemas')")],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ ok: 'string', code: 'INVALID_RECORD', version: 1 });
  });

  it('ships the JSON Schemas and only zod as a dependency', () => {
    const pkg = JSON.parse(execFileSync('cat', [join(consumer, 'node_modules/@genesis/schemas/package.json')], { encoding: 'utf8' }));
    expect(Object.keys(pkg.dependencies)).toEqual(['zod']);
    expect(existsSync(join(consumer, 'node_modules/@genesis/schemas/json-schema/Trajectory.schema.json'))).toBe(true);
  });
});
