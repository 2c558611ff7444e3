import type { NormalizedBackendSpec, ResourceSpec } from '../types.js';

/**
 * Free text (the app's name) made safe inside a generated `/* … *\/` comment: a `*\/` in it would end the comment and
 * turn the rest of the name into code that runs when the backend starts; line breaks are flattened too.
 */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '*\u2215').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

// Templates of the generated backend. Each returns the whole text of one file. The generated code is strict
// TypeScript (strict, noUncheckedIndexedAccess) against hono 4, @hono/node-server 1 and jose 6.

const TS = { string: 'string', number: 'number', boolean: 'boolean' } as const;

/** src/validation.ts: typed readers that collect every problem of a request body, never throw. */
export function validationTs(): string {
  return `// Request-body validation: each reader checks one field and records a readable issue instead of throwing.
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: string[] };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unknownFields(body: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => \`unknown field "\${key}"\`);
}

export function readString(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
  issues: string[],
): string | undefined {
  const value = body[key];
  if (value === undefined) {
    if (required) issues.push(\`"\${key}" is required\`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > 1000) {
    issues.push(\`"\${key}" must be a non-empty string of at most 1000 characters\`);
    return undefined;
  }
  return value;
}

export function readNumber(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
  issues: string[],
): number | undefined {
  const value = body[key];
  if (value === undefined) {
    if (required) issues.push(\`"\${key}" is required\`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push(\`"\${key}" must be a finite number\`);
    return undefined;
  }
  return value;
}

export function readBoolean(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
  issues: string[],
): boolean | undefined {
  const value = body[key];
  if (value === undefined) {
    if (required) issues.push(\`"\${key}" is required\`);
    return undefined;
  }
  if (typeof value !== 'boolean') {
    issues.push(\`"\${key}" must be a boolean\`);
    return undefined;
  }
  return value;
}
`;
}

const READER = { string: 'readString', number: 'readNumber', boolean: 'readBoolean' } as const;

/** src/resources/<name>.ts: an in-memory CRUD router for one resource. */
export function resourceTs(r: ResourceSpec): string {
  const T = r.typeName;
  const fieldList = r.fields.map((f) => `'${f.name}'`).join(', ');
  const props = r.fields.map((f) => `  ${f.name}${f.required ? '' : '?'}: ${TS[f.type]};`).join('\n');
  const readers = (partial: boolean) =>
    r.fields
      .map((f) => `  const ${f.name}Value = ${READER[f.type]}(input, '${f.name}', ${partial ? 'false' : String(f.required)}, issues);`)
      .join('\n');
  const required = r.fields.filter((f) => f.required);
  const missingCheck = required.map((f) => ` || ${f.name}Value === undefined`).join('');
  const build = (partial: boolean) =>
    r.fields
      .map((f) =>
        !partial && f.required
          ? `${f.name}: ${f.name}Value`
          : `...(${f.name}Value === undefined ? {} : { ${f.name}: ${f.name}Value })`,
      )
      .join(', ');
  const used = [...new Set(r.fields.map((f) => READER[f.type]))].sort().join(', ');
  return `import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { isRecord, unknownFields, ${used}, type Parsed } from '../validation.js';

export interface ${T}Input {
${props}
}

export interface ${T} extends ${T}Input {
  id: string;
  createdAt: string;
  updatedAt: string;
}

const FIELDS = [${fieldList}] as const;

function parseCreate(input: unknown): Parsed<${T}Input> {
  if (!isRecord(input)) return { ok: false, issues: ['body must be a JSON object'] };
  const issues = unknownFields(input, FIELDS);
${readers(false)}
  if (issues.length > 0${missingCheck}) return { ok: false, issues };
  return { ok: true, value: { ${build(false)} } };
}

function parsePatch(input: unknown): Parsed<Partial<${T}Input>> {
  if (!isRecord(input)) return { ok: false, issues: ['body must be a JSON object'] };
  const issues = unknownFields(input, FIELDS);
${readers(true)}
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { ${build(true)} } };
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

/** CRUD routes for ${r.name}, kept in memory. Pass \`guard\` to require authentication on every route. */
export function ${r.name}Routes(guard?: MiddlewareHandler): Hono {
  const items = new Map<string, ${T}>();
  let nextId = 1;
  const router = new Hono();
  if (guard) router.use('*', guard);

  router.get('/', (c) => {
    const limitParam = c.req.query('limit');
    const limit = limitParam === undefined ? 100 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return c.json({ error: 'validation_failed', issues: ['"limit" must be an integer from 1 to 1000'] }, 400);
    }
    const all = [...items.values()];
    return c.json({ items: all.slice(0, limit), total: all.length });
  });

  router.get('/:id', (c) => {
    const item = items.get(c.req.param('id'));
    if (!item) return c.json({ error: 'not_found', message: \`${T} \${c.req.param('id')} not found\` }, 404);
    return c.json(item);
  });

  router.post('/', async (c) => {
    const parsed = parseCreate(await readJson(c.req.raw));
    if (!parsed.ok) return c.json({ error: 'validation_failed', issues: parsed.issues }, 400);
    const now = new Date().toISOString();
    const item: ${T} = { ...parsed.value, id: String(nextId++), createdAt: now, updatedAt: now };
    items.set(item.id, item);
    return c.json(item, 201);
  });

  router.put('/:id', async (c) => {
    const existing = items.get(c.req.param('id'));
    if (!existing) return c.json({ error: 'not_found', message: \`${T} \${c.req.param('id')} not found\` }, 404);
    const parsed = parseCreate(await readJson(c.req.raw));
    if (!parsed.ok) return c.json({ error: 'validation_failed', issues: parsed.issues }, 400);
    const item: ${T} = { ...parsed.value, id: existing.id, createdAt: existing.createdAt, updatedAt: new Date().toISOString() };
    items.set(item.id, item);
    return c.json(item);
  });

  router.patch('/:id', async (c) => {
    const existing = items.get(c.req.param('id'));
    if (!existing) return c.json({ error: 'not_found', message: \`${T} \${c.req.param('id')} not found\` }, 404);
    const parsed = parsePatch(await readJson(c.req.raw));
    if (!parsed.ok) return c.json({ error: 'validation_failed', issues: parsed.issues }, 400);
    const item: ${T} = { ...existing, ...parsed.value, updatedAt: new Date().toISOString() };
    items.set(item.id, item);
    return c.json(item);
  });

  router.delete('/:id', (c) => {
    if (!items.delete(c.req.param('id'))) {
      return c.json({ error: 'not_found', message: \`${T} \${c.req.param('id')} not found\` }, 404);
    }
    return c.body(null, 204);
  });

  return router;
}
`;
}

/** src/auth.ts: password registration and login issuing HS256 JWTs with jose, and the bearer-token guard. */
export function authTs(spec: NormalizedBackendSpec): string {
  return `import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { SignJWT, errors, jwtVerify } from 'jose';
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { isRecord, readString } from './validation.js';

export interface AuthConfig {
  secret: Uint8Array;
  issuer: string;
  audience: string;
  /** Token lifetime, e.g. '1h'. */
  ttl: string;
}

export interface AuthUser {
  id: string;
  username: string;
}

export type AuthEnv = { Variables: { user: AuthUser } };

/** Builds the config from a secret; at least 32 characters keep HS256 keys strong enough. */
export function authConfig(secret: string): AuthConfig {
  if (secret.length < 32) throw new Error('JWT secret must be at least 32 characters');
  return {
    secret: new TextEncoder().encode(secret),
    issuer: '${spec.packageName}',
    audience: '${spec.packageName}-api',
    ttl: '1h',
  };
}

export async function issueToken(config: AuthConfig, user: AuthUser): Promise<string> {
  return new SignJWT({ username: user.username })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(config.ttl)
    .sign(config.secret);
}

/** Rejects requests without a valid bearer token with 401; sets \`user\` for the handlers. */
export function requireAuth(config: AuthConfig): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\\s+(\\S+)$/i.exec(header);
    const token = match?.[1];
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: 'unauthorized', message: 'missing bearer token' }, 401);
    }
    try {
      const { payload } = await jwtVerify(token, config.secret, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ['HS256'],
      });
      if (typeof payload.sub !== 'string') throw new errors.JWTClaimValidationFailed('missing sub', payload, 'sub');
      const user: AuthUser = { id: payload.sub, username: typeof payload['username'] === 'string' ? payload['username'] : '' };
      c.set('user', user);
    } catch (error) {
      const message = error instanceof errors.JWTExpired ? 'token expired' : 'invalid token';
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return c.json({ error: 'unauthorized', message }, 401);
    }
    await next();
  };
}

interface StoredUser extends AuthUser {
  salt: Buffer;
  hash: Buffer;
}

function hashPassword(password: string, salt: Buffer): Buffer {
  return scryptSync(password, salt, 32);
}

async function readCredentials(request: Request): Promise<{ username: string; password: string } | string[]> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return ['body must be a JSON object'];
  }
  if (!isRecord(body)) return ['body must be a JSON object'];
  const issues: string[] = [];
  const username = readString(body, 'username', true, issues);
  const password = readString(body, 'password', true, issues);
  if (password !== undefined && password.length < 8) issues.push('"password" must be at least 8 characters');
  if (issues.length > 0 || username === undefined || password === undefined) return issues;
  return { username, password };
}

/** POST /register, POST /login and GET /me; users are kept in memory. */
export function authRoutes(config: AuthConfig): Hono<AuthEnv> {
  const users = new Map<string, StoredUser>();
  const router = new Hono<AuthEnv>();

  router.post('/register', async (c) => {
    const credentials = await readCredentials(c.req.raw);
    if (Array.isArray(credentials)) return c.json({ error: 'validation_failed', issues: credentials }, 400);
    if (users.has(credentials.username)) {
      return c.json({ error: 'conflict', message: \`user \${credentials.username} already exists\` }, 409);
    }
    const salt = randomBytes(16);
    const user: StoredUser = { id: randomUUID(), username: credentials.username, salt, hash: hashPassword(credentials.password, salt) };
    users.set(user.username, user);
    return c.json({ id: user.id, username: user.username }, 201);
  });

  router.post('/login', async (c) => {
    const credentials = await readCredentials(c.req.raw);
    if (Array.isArray(credentials)) return c.json({ error: 'validation_failed', issues: credentials }, 400);
    const user = users.get(credentials.username);
    const ok = user !== undefined && timingSafeEqual(hashPassword(credentials.password, user.salt), user.hash);
    if (!user || !ok) return c.json({ error: 'unauthorized', message: 'wrong username or password' }, 401);
    const token = await issueToken(config, { id: user.id, username: user.username });
    return c.json({ token, tokenType: 'Bearer', expiresIn: config.ttl });
  });

  router.get('/me', requireAuth(config), (c) => c.json(c.get('user')));

  return router;
}
`;
}

/** src/app.ts: the Hono app with every route mounted; exported for tests and for server.ts. */
export function appTs(spec: NormalizedBackendSpec): string {
  const imports = spec.resources
    .map((r) => `import { ${r.name}Routes } from './resources/${r.name}.js';`)
    .join('\n');
  const auth = spec.authRoutes;
  const mounts = spec.resources
    .map((r) => {
      const guarded = spec.authRequired && !r.public;
      return `  app.route('${r.path}', ${r.name}Routes(${guarded ? 'guard' : ''}));`;
    })
    .join('\n');
  const needsGuard = spec.authRequired && spec.resources.some((r) => !r.public);
  return `import { Hono } from 'hono';
${auth ? "import { randomBytes } from 'node:crypto';\nimport { authConfig, authRoutes" + (needsGuard ? ', requireAuth' : '') + " } from './auth.js';\n" : ''}${imports}

export interface AppOptions {
${auth ? '  /** HS256 secret (at least 32 characters); defaults to $JWT_SECRET, else a random one per process. */\n  jwtSecret?: string;\n' : '  /** Reserved for future options. */\n  name?: string;\n'}}

/** ${commentText(spec.appName)}: ${spec.resources.map((r) => r.path).join(', ') || 'auth only'}${spec.authRequired ? ' (JWT bearer auth)' : ''}. */
export function createApp(options: AppOptions = {}): Hono {
  const app = new Hono();
${auth ? "  const config = authConfig(options.jwtSecret ?? process.env['JWT_SECRET'] ?? randomBytes(32).toString('hex'));\n" : ''}${needsGuard ? '  const guard = requireAuth(config);\n' : ''}
  app.get('/health', (c) => c.json({ status: 'ok', app: '${spec.packageName}' }));
${auth ? "  app.route('/auth', authRoutes(config));\n" : ''}${mounts}

  app.notFound((c) => c.json({ error: 'not_found', message: \`no route for \${c.req.method} \${c.req.path}\` }, 404));
  app.onError((error, c) => {
    console.error(error);
    return c.json({ error: 'internal_error', message: 'internal server error' }, 500);
  });
  return app;
}

export const app = createApp();
`;
}

/** src/server.ts: starts the app on $HOST:$PORT and shuts down cleanly on SIGINT/SIGTERM. */
export function serverTs(spec: { packageName: string }): string {
  return `import { serve } from '@hono/node-server';
import { app } from './app.js';

const port = Number(process.env['PORT'] ?? 3000);
const hostname = process.env['HOST'] ?? '127.0.0.1';

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(\`${spec.packageName} listening on http://\${hostname}:\${info.port}\`);
});

function shutdown(): void {
  server.close(() => process.exit(0));
  // Connections that stay open must not keep the process alive forever.
  setTimeout(() => process.exit(0), 3000).unref();
}

process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
`;
}

/** package.json of a generated project. */
export function packageJson(packageName: string, dependencies: Record<string, string>): string {
  return `${JSON.stringify(
    {
      name: packageName,
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: {
        dev: 'tsx watch src/server.ts',
        build: 'tsc',
        start: 'node dist/server.js',
        typecheck: 'tsc --noEmit',
      },
      dependencies,
      devDependencies: { '@types/node': '^20.19.0', tsx: '^4.20.0', typescript: '^5.9.0' },
    },
    null,
    2,
  )}\n`;
}

/** tsconfig.json of a generated project: strict, NodeNext, emitting to dist/. */
export function tsconfigJson(jsx = false): string {
  const options: Record<string, unknown> = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    outDir: 'dist',
    rootDir: 'src',
    types: ['node'],
  };
  if (jsx) Object.assign(options, { jsx: 'react-jsx', jsxImportSource: 'hono/jsx' });
  return `${JSON.stringify({ compilerOptions: options, include: ['src'] }, null, 2)}\n`;
}
