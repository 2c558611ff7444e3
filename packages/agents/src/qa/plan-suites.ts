import type { JsonValue } from '@genesis/schemas';
import type { FieldType, NormalizedBackendSpec, NormalizedFrontendSpec, ResourceSpec } from '../types.js';
import type { HttpRequestSpec, HttpTestCase, TokenSettings } from './http-types.js';

/** A suite of HTTP test cases run against a started backend or frontend. */
export interface HttpSuite {
  kind: 'http';
  name: string;
  cases: HttpTestCase[];
  /** How QA mints bearer tokens (needed by cases with `request.token`). */
  tokens?: TokenSettings;
}

function sample(field: { name: string; type: FieldType }, variant = 0): JsonValue {
  if (field.type === 'number') return 42 + variant;
  if (field.type === 'boolean') return variant % 2 === 0;
  if (/email/i.test(field.name)) return variant === 0 ? 'ada@example.com' : 'grace@example.com';
  if (/date/i.test(field.name)) return variant === 0 ? '2026-11-26' : '2026-12-01';
  return `${field.name} ${variant === 0 ? 'one' : 'two'}`;
}

function wrongType(type: FieldType): JsonValue {
  return type === 'string' ? 12345 : type === 'number' ? 'not a number' : 'yes';
}

function resourceCases(spec: NormalizedBackendSpec, r: ResourceSpec): HttpTestCase[] {
  const guarded = spec.authRequired && !r.public;
  // With login routes QA signs in like a client would; otherwise it mints a token with the backend's secret.
  const auth: Partial<HttpRequestSpec> = !guarded
    ? {}
    : spec.authRoutes
      ? { headers: { authorization: 'Bearer {{token}}' } }
      : { token: 'valid' };
  const id = `${r.name}Id`;
  const full = Object.fromEntries(r.fields.map((f) => [f.name, sample(f)]));
  const changed = Object.fromEntries(r.fields.map((f) => [f.name, sample(f, 1)]));
  const first = r.fields.find((f) => f.required) ?? r.fields[0]!;
  const cases: HttpTestCase[] = [];
  const add = (name: string, request: HttpRequestSpec, expect: HttpTestCase['expect'], save?: Record<string, string>) =>
    cases.push({ name: `${r.path} ${name}`, request, expect, ...(save ? { save } : {}) });

  if (guarded) {
    add('rejects a request without a token', { method: 'GET', path: r.path }, { status: 401, json: { error: 'unauthorized' }, headers: { 'www-authenticate': 'Bearer' } });
    add('rejects a token signed with another secret', { method: 'GET', path: r.path, token: 'wrong-secret' }, { status: 401 });
    add('rejects an expired token', { method: 'GET', path: r.path, token: 'expired' }, { status: 401, json: { message: 'token expired' } });
    add('rejects a malformed token', { method: 'GET', path: r.path, token: 'malformed' }, { status: 401 });
    add('rejects a token for another audience', { method: 'POST', path: r.path, token: 'wrong-audience', json: full }, { status: 401 });
    add('accepts a valid token', { method: 'GET', path: r.path, token: 'valid' }, { status: 200 });
  }
  add('creates an item', { method: 'POST', path: r.path, json: full, ...auth }, { status: 201, json: { ...full, id: '$any', createdAt: '$any' } }, { [id]: 'id' });
  add('rejects an empty body', { method: 'POST', path: r.path, json: {}, ...auth }, { status: 400, json: { error: 'validation_failed' } });
  add(`rejects a wrongly typed "${first.name}"`, { method: 'POST', path: r.path, json: { ...full, [first.name]: wrongType(first.type) }, ...auth }, { status: 400 });
  add('rejects an unknown field', { method: 'POST', path: r.path, json: { ...full, unexpectedField: 1 }, ...auth }, { status: 400 });
  add('rejects malformed JSON', { method: 'POST', path: r.path, body: '{"oops":', headers: { 'content-type': 'application/json', ...auth.headers }, ...(auth.token ? { token: auth.token } : {}) }, { status: 400 });
  add('lists items', { method: 'GET', path: r.path, ...auth }, { status: 200, arrayLength: { path: 'items', min: 1 } });
  add('rejects a bad limit', { method: 'GET', path: `${r.path}?limit=0`, ...auth }, { status: 400 });
  add('reads an item', { method: 'GET', path: `${r.path}/{{${id}}}`, ...auth }, { status: 200, json: { ...full, id: `{{${id}}}` } });
  add('answers 404 for a missing item', { method: 'GET', path: `${r.path}/does-not-exist`, ...auth }, { status: 404, json: { error: 'not_found' } });
  add('patches an item', { method: 'PATCH', path: `${r.path}/{{${id}}}`, json: { [first.name]: changed[first.name] ?? null }, ...auth }, { status: 200, json: { [first.name]: changed[first.name] ?? null } });
  add('replaces an item', { method: 'PUT', path: `${r.path}/{{${id}}}`, json: changed, ...auth }, { status: 200, json: changed });
  add('deletes an item', { method: 'DELETE', path: `${r.path}/{{${id}}}`, ...auth }, { status: 204 });
  add('no longer finds a deleted item', { method: 'GET', path: `${r.path}/{{${id}}}`, ...auth }, { status: 404 });
  add('answers 404 when deleting twice', { method: 'DELETE', path: `${r.path}/{{${id}}}`, ...auth }, { status: 404 });
  return cases;
}

/**
 * Plans the HTTP suite for a generated backend from its spec: health and 404, the auth flow (register, duplicate,
 * short password, wrong password, login, /auth/me with and without a token), and for every resource the auth cases
 * (no token, wrong secret, expired, malformed, wrong audience, valid) and CRUD with validation cases.
 */
export function planBackendSuite(spec: NormalizedBackendSpec, name = `${spec.packageName} API`): HttpSuite {
  const cases: HttpTestCase[] = [
    { name: 'GET /health answers ok', request: { method: 'GET', path: '/health' }, expect: { status: 200, json: { status: 'ok' } } },
    { name: 'unknown route answers 404 JSON', request: { method: 'GET', path: '/no-such-route' }, expect: { status: 404, json: { error: 'not_found' } } },
  ];
  if (spec.authRoutes) {
    const creds = { username: 'qa-user', password: 'correct horse battery' };
    cases.push(
      { name: 'registers a user', request: { method: 'POST', path: '/auth/register', json: creds }, expect: { status: 201, json: { username: creds.username } } },
      { name: 'rejects a duplicate user', request: { method: 'POST', path: '/auth/register', json: creds }, expect: { status: 409 } },
      { name: 'rejects a short password', request: { method: 'POST', path: '/auth/register', json: { username: 'bob', password: 'short' } }, expect: { status: 400 } },
      { name: 'rejects a wrong password', request: { method: 'POST', path: '/auth/login', json: { ...creds, password: 'wrong password!' } }, expect: { status: 401 } },
      { name: 'logs in', request: { method: 'POST', path: '/auth/login', json: creds }, expect: { status: 200, json: { token: '$any', tokenType: 'Bearer' } }, save: { token: 'token' } },
      { name: 'GET /auth/me with the token', request: { method: 'GET', path: '/auth/me', headers: { authorization: 'Bearer {{token}}' } }, expect: { status: 200, json: { username: creds.username } } },
      { name: 'GET /auth/me without a token', request: { method: 'GET', path: '/auth/me' }, expect: { status: 401 } },
    );
  }
  for (const r of spec.resources) cases.push(...resourceCases(spec, r));
  return {
    kind: 'http',
    name,
    cases,
    ...(spec.authRoutes ? { tokens: { issuer: spec.packageName, audience: `${spec.packageName}-api` } } : {}),
  };
}

/**
 * Plans the HTTP suite for a generated frontend: every page answers HTML with its title and heading and only
 * same-site links that resolve, the script parses, the stylesheet is served, and unknown pages answer 404.
 */
export function planFrontendSuite(spec: NormalizedFrontendSpec, name = `${spec.packageName} pages`): HttpSuite {
  const cases: HttpTestCase[] = spec.pages.map((p) => ({
    name: `page ${p.path} renders`,
    request: { method: 'GET', path: p.path },
    expect: {
      status: 200,
      contentType: 'text/html',
      bodyIncludes: [`<title>${escapeHtml(p.title)} · ${escapeHtml(spec.appName)}</title>`, `<h1>${escapeHtml(p.title)}</h1>`, ...(p.dataSource ? [`data-source="${escapeHtml(p.dataSource)}"`] : [])],
      links: true,
    },
  }));
  cases.push(
    { name: 'script is served and parses', request: { method: 'GET', path: '/assets/app.js' }, expect: { status: 200, contentType: 'text/javascript', javascript: true } },
    { name: 'stylesheet is served', request: { method: 'GET', path: '/assets/style.css' }, expect: { status: 200, contentType: 'text/css' } },
    { name: 'unknown page answers 404', request: { method: 'GET', path: '/no-such-page' }, expect: { status: 404, contentType: 'text/html' } },
    { name: 'GET /health answers ok', request: { method: 'GET', path: '/health' }, expect: { status: 200, json: { status: 'ok' } } },
  );
  return { kind: 'http', name, cases };
}

/** Escapes text for HTML, the same way the generated frontend does. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
