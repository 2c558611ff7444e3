import { describe, expect, it } from 'vitest';
import { generateBackendFiles } from '../src/backend/generate-backend.js';
import { normalizeBackendSpec, RESERVED_TYPE_NAMES, toPackageName, toTypeName } from '../src/backend/spec.js';
import ts from 'typescript';
import { AgentError } from '../src/errors.js';
import { planBackendSuite } from '../src/qa/plan-suites.js';
import { mutate, serveAndTest } from './helpers.js';
import { typeCheck } from './typecheck.js';
import { buildAndStart } from './build-project.js';

const shopSpec = {
  appName: 'Shop API',
  apiRoutes: ['products', '/api/orders', 'login', { path: 'tags', fields: { label: 'string' as const }, public: true }],
  authRequired: true,
};

describe('generateBackendFiles', () => {
  it('writes a Hono project with one router per resource and JWT auth', () => {
    const backend = generateBackendFiles(shopSpec);
    expect(backend.files.map((f) => f.path)).toEqual([
      'package.json',
      'tsconfig.json',
      'README.md',
      'src/validation.ts',
      'src/auth.ts',
      'src/resources/products.ts',
      'src/resources/orders.ts',
      'src/resources/tags.ts',
      'src/app.ts',
      'src/server.ts',
    ]);
    const pkg = JSON.parse(backend.files[0]!.content) as { name: string; dependencies: Record<string, string> };
    expect(pkg.name).toBe('shop-api');
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@hono/node-server', 'hono', 'jose']);
    const app = backend.files.find((f) => f.path === 'src/app.ts')!.content;
    expect(app).toContain('export const app = createApp();');
    expect(app).toContain("app.route('/products', productsRoutes(guard));");
    expect(app).toContain("app.route('/tags', tagsRoutes());");
    expect(backend.files.find((f) => f.path === 'src/auth.ts')!.content).toContain("from 'jose'");
    expect(backend.spec.resources.map((r) => [r.name, r.typeName])).toEqual([
      ['products', 'Product'],
      ['orders', 'Order'],
      ['tags', 'Tag'],
    ]);
  });

  it('keeps a hostile app name inert: it cannot close the comment it is written into and become code', async () => {
    const payload = "Shop */ globalThis.PWNED = require('child_process'); /* \n more \u2028 lines";
    const backend = generateBackendFiles({ ...shopSpec, appName: payload });
    const { transform } = await import('esbuild');
    for (const file of backend.files.filter((f) => f.path.endsWith('.ts'))) {
      // Compiled, comments go: nothing of the name may be left as code.
      const js = (await transform(file.content, { loader: 'ts', format: 'esm' })).code;
      expect(js, file.path).not.toContain('PWNED');
    }
    const app = backend.files.find((f) => f.path === 'src/app.ts')!.content;
    expect(app.split('\n').filter((l) => l.includes('globalThis.PWNED'))).toHaveLength(1); // the one comment line
  });

  it('type-checks under strict TypeScript against the installed hono, jose and @types/node', () => {
    expect(typeCheck(generateBackendFiles(shopSpec).files)).toEqual([]);
    expect(typeCheck(generateBackendFiles({ appName: 'Todo', apiRoutes: ['todos', 'users', 'order_items'] }).files)).toEqual([]);
  }, 120_000);

  it('builds with tsc and starts with node dist/server.js, as its own npm scripts do', async () => {
    const { emitted, health } = await buildAndStart(generateBackendFiles(shopSpec).files);
    expect(emitted).toEqual(expect.arrayContaining(['dist/app.js', 'dist/server.js', 'dist/auth.js', 'dist/resources/products.js']));
    expect(health).toEqual({ status: 'ok', app: 'shop-api' });
  }, 120_000);

  it('the type check catches a type error (it is not vacuous)', () => {
    const files = mutate(generateBackendFiles({ appName: 'Todo', apiRoutes: ['todos'] }).files, 'src/resources/todos.ts', "id: String(nextId++)", 'id: nextId++');
    expect(typeCheck(files).join('\n')).toMatch(/todos\.ts.*number.*string|not assignable/);
  }, 120_000);

  it('runs: every planned case passes against the started server, with V8 coverage of the generated code', async () => {
    const backend = generateBackendFiles(shopSpec);
    const suite = planBackendSuite(backend.spec);
    const run = await serveAndTest(backend.files, suite);
    expect(run.cases.filter((c) => !c.ok)).toEqual([]);
    expect(run.cases.length).toBe(suite.cases.length);
    expect(run.cases.length).toBeGreaterThan(50);
    expect(run.exitCode).toBe(0);
    expect(run.coverage!.lines.pct).toBeGreaterThan(85);
    expect(run.coverage!.files.map((f) => f.path)).toContain('src/resources/products.ts');
  });

  it('without auth, resources are public and no auth module is generated', async () => {
    const backend = generateBackendFiles({ appName: 'Notes', apiRoutes: [{ path: 'notes', fields: { title: 'string', pinned: { type: 'boolean', required: false }, stars: { type: 'number', required: false } } }] });
    expect(backend.files.some((f) => f.path === 'src/auth.ts')).toBe(false);
    const suite = planBackendSuite(backend.spec);
    expect(suite.cases.some((c) => c.request.token)).toBe(false);
    const run = await serveAndTest(backend.files, suite);
    expect(run.cases.filter((c) => !c.ok)).toEqual([]);
  });

  it('QA catches a backend that skips validation and one that forgets its guard', async () => {
    const backend = generateBackendFiles({ appName: 'Shop', apiRoutes: ['products'], authRequired: true });
    const suite = planBackendSuite(backend.spec);
    const noValidation = mutate(
      backend.files,
      'src/resources/products.ts',
      "    const parsed = parseCreate(await readJson(c.req.raw));\n    if (!parsed.ok) return c.json({ error: 'validation_failed', issues: parsed.issues }, 400);\n    const now",
      "    const parsed = { value: (await readJson(c.req.raw)) as ProductInput };\n    const now",
    );
    const a = await serveAndTest(noValidation, suite);
    expect(a.cases.filter((c) => !c.ok).map((c) => c.name)).toEqual(
      expect.arrayContaining(['/products rejects an empty body', '/products rejects an unknown field']),
    );
    const noGuard = mutate(backend.files, 'src/app.ts', "productsRoutes(guard)", 'productsRoutes()');
    const b = await serveAndTest(noGuard, suite);
    const failed = b.cases.filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).toContain('/products rejects a request without a token');
    expect(failed.find((c) => c.name === '/products rejects an expired token')!.message).toMatch(/expected status 401, got 200/);
  });
});

describe('normalizeBackendSpec', () => {
  it('resolves names, paths, default fields and auth routes', () => {
    const spec = normalizeBackendSpec({ appName: '  My App! ', apiRoutes: ['/api/v1/Blog-Posts', 'register'] });
    expect(spec).toMatchObject({ appName: 'My App!', packageName: 'my-app', authRequired: false, authRoutes: true });
    expect(spec.resources[0]).toMatchObject({ name: 'blog_posts', path: '/blog-posts', typeName: 'BlogPost', fields: [{ name: 'name', type: 'string', required: true }] });
  });

  it.each([
    [{ appName: '', apiRoutes: ['x'] }, /appName/],
    [{ appName: 'a', apiRoutes: 'users' }, /apiRoutes/],
    [{ appName: 'a', apiRoutes: [] }, /at least one/],
    [{ appName: 'a', apiRoutes: ['users', 'users'] }, /duplicate route "users"/],
    [{ appName: 'a', apiRoutes: ['health'] }, /reserved/],
    [{ appName: 'a', apiRoutes: ['9lives'] }, /apiRoutes\[0\]/],
    [{ appName: 'a', apiRoutes: [{ path: 'x', fields: { n: 'date' } }] }, /apiRoutes\[0\]\.fields\.n: type must be/],
    [{ appName: 'a', apiRoutes: [{ path: 'x', fields: { id: 'string' } }] }, /bad field name "id"/],
    [{ appName: 'a', apiRoutes: [{ path: 'x', fields: { n: { type: 'string', required: false } } }] }, /at least one required/],
    [{ appName: 'a', apiRoutes: [42] }, /apiRoutes\[0\]/],
  ])('rejects %j with a typed error', (spec, message) => {
    try {
      normalizeBackendSpec(spec as never);
      expect.unreachable();
    } catch (error) {
      expect(AgentError.isInstance(error)).toBe(true);
      expect((error as AgentError).code).toBe('INVALID_INPUT');
      expect((error as Error).message).toMatch(message);
    }
  });

  it('derives package and type names', () => {
    expect(toPackageName('***')).toBe('app');
    expect(toTypeName('categories')).toBe('Category');
    expect(toTypeName('boxes')).toBe('Box');
    expect(toTypeName('glass')).toBe('GlassItem');
    expect(toTypeName('order_items')).toBe('OrderItem');
    const singular = ['responses', 'courses', 'classes', 'addresses', 'taxes', 'matches', 'wishes', 'statuses', 'buses', 'houses', 'cases', 'promises'];
    expect(singular.map(toTypeName)).toEqual(['Response', 'Course', 'Class', 'Address', 'Tax', 'Match', 'Wish', 'Status', 'Bus', 'House', 'Case', 'Promise']);
  });

  it('never names a resource type after something its module uses: requests, honos, parseds, partials, …', () => {
    const routes = ['requests', 'honos', 'parseds', 'middleware_handlers', 'partials', 'responses', 'records', 'maps', 'dates', 'errors', 'products'];
    const backend = generateBackendFiles({ appName: 'Shadow', apiRoutes: routes, authRequired: true });
    expect(backend.spec.resources.map((r) => r.typeName)).toEqual([
      'RequestItem', 'HonoItem', 'ParsedItem', 'MiddlewareHandlerItem', 'PartialItem', 'ResponseItem', 'RecordItem', 'MapItem', 'DateItem', 'ErrorItem', 'Product',
    ]);
    expect(typeCheck(backend.files)).toEqual([]);
  });

  it('keeps RESERVED_TYPE_NAMES complete: every outside name the generated modules refer to is in it', () => {
    const backend = generateBackendFiles({ appName: 'Scan', apiRoutes: ['products', { path: 'tags', fields: { label: 'string' }, public: true }], authRequired: true });
    const own = new Set(backend.spec.resources.flatMap((r) => [r.typeName, `${r.typeName}Input`]));
    const used = new Set<string>();
    for (const file of backend.files.filter((f) => f.path.endsWith('.ts'))) {
      const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, file.content);
      // Open `{` and template substitutions, so the text of a template literal is not read as code.
      const open: ('brace' | 'template')[] = [];
      // After these a `/` starts a regular expression, not a division.
      const operand = new Set([ts.SyntaxKind.Identifier, ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.NumericLiteral, ts.SyntaxKind.StringLiteral]);
      let previous = ts.SyntaxKind.Unknown;
      for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; previous = t, t = scanner.scan()) {
        if ((t === ts.SyntaxKind.SlashToken || t === ts.SyntaxKind.SlashEqualsToken) && !operand.has(previous)) t = scanner.reScanSlashToken();
        if (t === ts.SyntaxKind.TemplateHead) open.push('template');
        else if (t === ts.SyntaxKind.OpenBraceToken) open.push('brace');
        else if (t === ts.SyntaxKind.CloseBraceToken) {
          if (open.pop() === 'template' && scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateMiddle) open.push('template');
        }
        // Type names are PascalCase; FIELDS and the like are constants, not types.
        else if (t === ts.SyntaxKind.Identifier && /^[A-Z][a-z0-9]/.test(scanner.getTokenText())) used.add(scanner.getTokenText());
      }
    }
    const missing = [...used].filter((n) => !own.has(n) && !RESERVED_TYPE_NAMES.has(n));
    expect(missing).toEqual([]);
  });
});
