import { describe, expect, it } from 'vitest';
import { generateFrontendFiles, normalizeFrontendSpec } from '../src/frontend/generate-frontend.js';
import { planFrontendSuite } from '../src/qa/plan-suites.js';
import { mutate, serveAndTest } from './helpers.js';
import { typeCheck } from './typecheck.js';

const spec = {
  appName: 'Shop <UI>',
  pages: ['/', 'about', { path: '/products', title: 'Products & more', description: 'Everything we sell', dataSource: '/api/products' }],
};

describe('generateFrontendFiles', () => {
  it('writes a Hono app serving one HTML page per spec page', () => {
    const frontend = generateFrontendFiles(spec);
    expect(frontend.files.map((f) => f.path)).toEqual([
      'package.json',
      'tsconfig.json',
      'README.md',
      'src/pages.ts',
      'src/render.ts',
      'src/assets.ts',
      'src/app.ts',
      'src/server.ts',
    ]);
    expect(frontend.spec.pages.map((p) => [p.path, p.title, p.slug])).toEqual([
      ['/', 'Home', 'home'],
      ['/about', 'About', 'about'],
      ['/products', 'Products & more', 'products'],
    ]);
  });

  it('type-checks under strict TypeScript', () => {
    expect(typeCheck(generateFrontendFiles(spec).files)).toEqual([]);
  }, 120_000);

  it('runs: pages, links, script and stylesheet pass QA over HTTP, with coverage', async () => {
    const frontend = generateFrontendFiles(spec);
    const run = await serveAndTest(frontend.files, planFrontendSuite(frontend.spec));
    expect(run.cases.filter((c) => !c.ok)).toEqual([]);
    expect(run.cases).toHaveLength(7);
    expect(run.coverage!.lines.pct).toBeGreaterThan(80);
  });

  it('QA catches a broken script and a page whose heading is missing', async () => {
    const frontend = generateFrontendFiles(spec);
    const broken = mutate(
      mutate(frontend.files, 'src/assets.ts', /\(function \(\) \{/, '(function () {{'),
      'src/render.ts',
      '<h1>',
      '<h2>',
    );
    const run = await serveAndTest(broken, planFrontendSuite(frontend.spec));
    const failed = run.cases.filter((c) => !c.ok);
    expect(failed.find((c) => c.name === 'script is served and parses')!.message).toMatch(/does not parse/);
    expect(failed.filter((c) => c.name.startsWith('page ')).length).toBe(3);
  });

  it('rejects bad specs with typed errors', () => {
    expect(() => normalizeFrontendSpec({ appName: 'x', pages: [] })).toThrow(/pages/);
    expect(() => normalizeFrontendSpec({ appName: 'x', pages: ['/a b'] })).toThrow(/pages\[0\]\.path/);
    expect(() => normalizeFrontendSpec({ appName: 'x', pages: ['/assets'] })).toThrow(/reserved/);
    expect(() => normalizeFrontendSpec({ appName: 'x', pages: ['a', '/a'] })).toThrow(/duplicate page \/a/);
    expect(() => normalizeFrontendSpec({ appName: 'x', pages: [{ path: '/a', title: '' }] })).toThrow(/title/);
    expect(() => normalizeFrontendSpec({ appName: 'x', pages: [{ path: '/a', title: 'A', dataSource: 'javascript:alert(1)' }] })).toThrow(/dataSource/);
    expect(() => normalizeFrontendSpec({ appName: ' ', pages: ['a'] })).toThrow(/appName/);
  });
});
