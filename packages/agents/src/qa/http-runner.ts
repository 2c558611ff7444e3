import type { JsonValue } from '@genesis/schemas';
import { SignJWT } from 'jose';
import { Script } from 'node:vm';
import type { HttpExpectation, HttpTestCase, TokenKind, TokenSettings } from './http-types.js';

/** Result of one test case, whatever the kind of suite. */
export interface CaseOutcome {
  name: string;
  ok: boolean;
  durationMs: number;
  /** Why it failed. */
  message?: string;
  expected?: JsonValue;
  actual?: JsonValue;
}

/** Reads a dot path (`items.0.id`) from a JSON value. */
export function readPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.prototype.hasOwnProperty.call(current, key) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

/** Where `actual` does not contain `expected`, as a path and reason; undefined when it does. */
export function subsetMismatch(expected: unknown, actual: unknown, path = '$'): string | undefined {
  if (expected === '$any') return actual === undefined ? `${path} is missing` : undefined;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path} should be an array`;
    if (actual.length !== expected.length) return `${path} should have ${expected.length} items, has ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(expected[i], actual[i], `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path} should be an object`;
    for (const [k, v] of Object.entries(expected)) {
      const m = subsetMismatch(v, (actual as Record<string, unknown>)[k], `${path}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(expected, actual) || expected === actual ? undefined : `${path} should be ${JSON.stringify(expected)}, is ${JSON.stringify(actual)}`;
}

function substitute<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)])) as T;
  }
  return value;
}

/** Mints a token of the given kind for `settings` (with `secret` set). */
export async function mintToken(kind: TokenKind, settings: Required<TokenSettings>): Promise<string> {
  if (kind === 'malformed') return 'not-a.jwt';
  const secret = new TextEncoder().encode(kind === 'wrong-secret' ? `${settings.secret}-but-not-quite` : settings.secret);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ username: 'qa-agent' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('qa-agent')
    .setIssuer(settings.issuer)
    .setAudience(kind === 'wrong-audience' ? 'somebody-else' : settings.audience)
    .setIssuedAt(kind === 'expired' ? now - 7200 : now)
    .setExpirationTime(kind === 'expired' ? now - 3600 : now + 3600)
    .sign(secret);
}

/** Largest response body QA reads (a backend streaming without end must not exhaust QA's own memory). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The body as text, refusing (and cancelling the stream) past `maxBytes`. */
async function readText(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`the response body is ${declared} bytes, more than the ${maxBytes} QA reads`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`the response body is larger than the ${maxBytes} bytes QA reads`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

async function checkLinks(baseUrl: string, html: string, signal: AbortSignal, maxBytes: number): Promise<string | undefined> {
  const links = new Set<string>();
  for (const m of html.matchAll(/\s(?:href|src)="(\/[^"#?]*)[^"]*"/g)) if (m[1]) links.add(m[1]);
  for (const link of links) {
    const res = await fetch(baseUrl + link, { signal });
    await readText(res, maxBytes);
    if (res.status !== 200) return `link ${link} answered ${res.status}`;
  }
  return undefined;
}

async function check(
  expect: HttpExpectation,
  res: Response,
  text: string,
  body: unknown,
  baseUrl: string,
  signal: AbortSignal,
  maxBytes: number,
): Promise<{ message: string; expected?: JsonValue; actual?: JsonValue } | undefined> {
  const statuses = Array.isArray(expect.status) ? expect.status : [expect.status];
  if (!statuses.includes(res.status)) {
    return {
      message: `expected status ${statuses.join(' or ')}, got ${res.status}: ${text.slice(0, 300)}`,
      expected: expect.status,
      actual: res.status,
    };
  }
  if (expect.contentType && !(res.headers.get('content-type') ?? '').startsWith(expect.contentType)) {
    return { message: `expected content-type ${expect.contentType}, got ${res.headers.get('content-type')}` };
  }
  for (const [name, value] of Object.entries(expect.headers ?? {})) {
    if (!(res.headers.get(name) ?? '').includes(value)) return { message: `expected header ${name} to contain "${value}"` };
  }
  if (expect.json !== undefined) {
    if (body === undefined) return { message: `expected a JSON body, got: ${text.slice(0, 200)}`, expected: expect.json };
    const mismatch = subsetMismatch(expect.json, body);
    if (mismatch) return { message: mismatch, expected: expect.json, actual: body as JsonValue };
  }
  if (expect.arrayLength) {
    const arr = readPath(body, expect.arrayLength.path);
    const { min = 0, max = Number.POSITIVE_INFINITY } = expect.arrayLength;
    if (!Array.isArray(arr)) return { message: `${expect.arrayLength.path} is not an array` };
    if (arr.length < min || arr.length > max) return { message: `${expect.arrayLength.path} has ${arr.length} items, expected ${min}..${max}` };
  }
  for (const part of expect.bodyIncludes ?? []) {
    if (!text.includes(part)) return { message: `body does not contain ${JSON.stringify(part)}` };
  }
  if (expect.javascript) {
    try {
      new Script(text, { filename: 'served.js' });
    } catch (error) {
      return { message: `served JavaScript does not parse: ${(error as Error).message}` };
    }
  }
  if (expect.links) {
    const broken = await checkLinks(baseUrl, text, signal, maxBytes);
    if (broken) return { message: broken };
  }
  return undefined;
}

/**
 * Runs HTTP test cases in order against `baseUrl` with real requests, carrying saved values (`save`) from one case
 * to the next. A case that cannot connect fails with the network error; the run goes on.
 */
export async function runHttpCases(options: {
  baseUrl: string;
  cases: HttpTestCase[];
  tokens?: Required<TokenSettings>;
  /** Per case, the request and any link checks of its page (default 5 s). */
  requestTimeoutMs?: number;
  /** Largest response body read (default {@link MAX_BODY_BYTES}); a larger one fails the case. */
  maxBodyBytes?: number;
  signal?: AbortSignal;
}): Promise<CaseOutcome[]> {
  const vars: Record<string, string> = {};
  const results: CaseOutcome[] = [];
  for (const testCase of options.cases) {
    if (options.signal?.aborted) break;
    const started = performance.now();
    const request = substitute(testCase.request, vars);
    const headers: Record<string, string> = { ...request.headers };
    let body: string | undefined = request.body;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    try {
      if (request.token) {
        if (!options.tokens) throw new Error('the suite asks for a token but has no token settings');
        headers['authorization'] = `Bearer ${await mintToken(request.token, options.tokens)}`;
      }
      const signal = AbortSignal.any([
        AbortSignal.timeout(options.requestTimeoutMs ?? 5000),
        ...(options.signal ? [options.signal] : []),
      ]);
      const res = await fetch(options.baseUrl + request.path, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal,
      });
      const text = await readText(res, options.maxBodyBytes ?? MAX_BODY_BYTES);
      let json: unknown;
      try {
        json = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const failure = await check(substitute(testCase.expect, vars), res, text, json, options.baseUrl, signal, options.maxBodyBytes ?? MAX_BODY_BYTES);
      for (const [name, path] of Object.entries(testCase.save ?? {})) {
        const v = readPath(json, path);
        if (v !== undefined) vars[name] = String(v);
      }
      results.push({
        name: testCase.name,
        ok: failure === undefined,
        durationMs: performance.now() - started,
        ...(failure ?? {}),
      });
    } catch (error) {
      results.push({
        name: testCase.name,
        ok: false,
        durationMs: performance.now() - started,
        message: `${request.method} ${request.path} failed: ${(error as Error).message}`,
      });
    }
  }
  return results;
}
