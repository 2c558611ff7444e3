import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerify } from 'jose';
import { mintToken, readPath, runHttpCases, subsetMismatch } from '../src/qa/http-runner.js';
import { coverageFromV8 } from '../src/qa/coverage.js';
import { sourceRanges } from '../src/qa/bundle.js';

describe('subsetMismatch and readPath', () => {
  it('matches objects as subsets, arrays element-wise and $any as present', () => {
    expect(subsetMismatch({ a: 1 }, { a: 1, b: 2 })).toBeUndefined();
    expect(subsetMismatch({ a: '$any' }, { a: null })).toBeUndefined();
    expect(subsetMismatch({ a: '$any' }, {})).toBe('$.a is missing');
    expect(subsetMismatch([1, { x: 2 }], [1, { x: 2, y: 3 }])).toBeUndefined();
    expect(subsetMismatch([1], [1, 2])).toBe('$ should have 1 items, has 2');
    expect(subsetMismatch({ a: [1] }, { a: 'x' })).toBe('$.a should be an array');
    expect(subsetMismatch({ a: { b: 1 } }, { a: [] })).toBe('$.a should be an object');
    expect(subsetMismatch({ a: 1 }, { a: '1' })).toBe('$.a should be 1, is "1"');
    expect(readPath({ items: [{ id: 7 }] }, 'items.0.id')).toBe(7);
    expect(readPath({ a: 1 }, 'a.b')).toBeUndefined();
    expect(readPath({}, '__proto__')).toBeUndefined();
    expect(readPath(5, '')).toBe(5);
  });
});

describe('mintToken', () => {
  const settings = { issuer: 'iss', audience: 'aud', secret: 'k'.repeat(40) };
  const key = new TextEncoder().encode(settings.secret);
  it('mints a valid token and tokens that fail for the right reason', async () => {
    await expect(jwtVerify(await mintToken('valid', settings), key, { issuer: 'iss', audience: 'aud' })).resolves.toBeTruthy();
    await expect(jwtVerify(await mintToken('wrong-secret', settings), key)).rejects.toThrow(/signature/);
    await expect(jwtVerify(await mintToken('expired', settings), key)).rejects.toThrow(/exp/);
    await expect(jwtVerify(await mintToken('wrong-audience', settings), key, { audience: 'aud' })).rejects.toThrow(/aud/);
    expect(await mintToken('malformed', settings)).toBe('not-a.jwt');
  });
});

describe('runHttpCases', () => {
  let server: Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      if (req.url === '/endless') {
        // Streams until the client goes away: QA must stop reading, not buffer it all.
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        return void pump();
      }
      if (req.url === '/declared-huge') {
        res.setHeader('content-length', String(1024 * 1024 * 1024));
        return void res.write('{');
      }
      if (req.url === '/hang') return; // never answers
      if (req.url === '/page-hanging-link') {
        res.setHeader('content-type', 'text/html');
        return void res.end('<a href="/json">ok</a><img src="/hang">');
      }
      if (req.url === '/page') {
        res.setHeader('content-type', 'text/html');
        return void res.end('<a href="/missing">x</a><a href="/json">ok</a>');
      }
      res.setHeader('content-type', 'application/json');
      if (req.url === '/json') return void res.end(JSON.stringify({ id: 'abc', items: [1, 2] }));
      if (req.url === '/echo/abc') return void res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  }));

  it('stops reading a body past maxBodyBytes, and bounds link checks by the request timeout', async () => {
    const started = performance.now();
    const rssBefore = process.memoryUsage().rss;
    const results = await runHttpCases({
      baseUrl,
      requestTimeoutMs: 400,
      maxBodyBytes: 1024 * 1024,
      cases: [
        { name: 'endless', request: { method: 'GET', path: '/endless' }, expect: { status: 200 } },
        { name: 'declared', request: { method: 'GET', path: '/declared-huge' }, expect: { status: 200 } },
        { name: 'hanging link', request: { method: 'GET', path: '/page-hanging-link' }, expect: { status: 200, links: true } },
        { name: 'fine', request: { method: 'GET', path: '/json' }, expect: { status: 200 } },
      ],
    });
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(byName['endless']!.message).toMatch(/GET \/endless failed: the response body is larger than the 1048576 bytes QA reads/);
    expect(byName['declared']!.message).toMatch(/the response body is 1073741824 bytes, more than the 1048576 QA reads/);
    expect(byName['hanging link']!.message).toMatch(/GET \/page-hanging-link failed: .*(abort|timeout)/i);
    expect(byName['fine']!.ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('saves values for later cases and reports precise failures', async () => {
    const results = await runHttpCases({
      baseUrl,
      requestTimeoutMs: 300,
      cases: [
        { name: 'json', request: { method: 'GET', path: '/json' }, expect: { status: 200, arrayLength: { path: 'items', min: 2, max: 2 } }, save: { id: 'id' } },
        { name: 'echo', request: { method: 'GET', path: '/echo/{{id}}', headers: { authorization: 'Bearer {{id}}' } }, expect: { status: 200, json: { auth: 'Bearer {{id}}' } } },
        { name: 'too few', request: { method: 'GET', path: '/json' }, expect: { status: 200, arrayLength: { path: 'items', min: 3 } } },
        { name: 'not array', request: { method: 'GET', path: '/json' }, expect: { status: 200, arrayLength: { path: 'id' } } },
        { name: 'status', request: { method: 'GET', path: '/nope' }, expect: { status: [200, 201] } },
        { name: 'type', request: { method: 'GET', path: '/json' }, expect: { status: 200, contentType: 'text/html' } },
        { name: 'header', request: { method: 'GET', path: '/json' }, expect: { status: 200, headers: { 'x-missing': 'y' } } },
        { name: 'body', request: { method: 'GET', path: '/json' }, expect: { status: 200, bodyIncludes: ['zzz'] } },
        { name: 'links', request: { method: 'GET', path: '/page' }, expect: { status: 200, links: true } },
        { name: 'not json', request: { method: 'GET', path: '/page' }, expect: { status: 200, json: { a: 1 } } },
        { name: 'timeout', request: { method: 'GET', path: '/slow' }, expect: { status: 200 } },
        { name: 'token without settings', request: { method: 'GET', path: '/json', token: 'valid' }, expect: { status: 200 } },
        { name: 'post', request: { method: 'POST', path: '/json', json: { a: '{{id}}' } }, expect: { status: 200, json: { id: 'abc' } } },
      ],
    });
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(byName['json']!.ok).toBe(true);
    expect(byName['echo']!.ok).toBe(true);
    expect(byName['too few']!.message).toBe('items has 2 items, expected 3..Infinity');
    expect(byName['not array']!.message).toBe('id is not an array');
    expect(byName['status']!.message).toMatch(/expected status 200 or 201, got 404/);
    expect(byName['type']!.message).toMatch(/content-type text\/html/);
    expect(byName['header']!.message).toMatch(/x-missing/);
    expect(byName['body']!.message).toMatch(/zzz/);
    expect(byName['links']!.message).toBe('link /missing answered 404');
    expect(byName['not json']!.message).toMatch(/expected a JSON body/);
    expect(byName['timeout']!.message).toMatch(/GET \/slow failed/);
    expect(byName['token without settings']!.message).toMatch(/no token settings/);
    expect(byName['post']!.ok).toBe(true);
  });
});

describe('coverageFromV8', () => {
  it('maps block counts to lines and functions per generated file', () => {
    const text = ['// genesis-generated:src/a.ts', 'function f() {', '  return 1;', '}', 'function g() {', '  return 2;', '}', 'f();', ''].join('\n');
    const sources = sourceRanges(text);
    expect(sources).toEqual([{ path: 'src/a.ts', startLine: 2, endLine: 8 }]);
    const offset = (line: number) => text.split('\n').slice(0, line - 1).join('\n').length + 1;
    const report = coverageFromV8({ text, sources }, [
      { functionName: '', isBlockCoverage: true, ranges: [{ startOffset: 0, endOffset: text.length, count: 1 }] },
      { functionName: 'f', isBlockCoverage: true, ranges: [{ startOffset: offset(2), endOffset: offset(5) - 1, count: 1 }] },
      { functionName: 'g', isBlockCoverage: true, ranges: [{ startOffset: offset(5), endOffset: offset(8) - 1, count: 0 }] },
    ]);
    expect(report.files).toHaveLength(1);
    expect(report.functions).toEqual({ covered: 1, total: 2, pct: 50 });
    expect(report.lines).toEqual({ covered: 4, total: 7, pct: 57.1 });
    expect(report.files[0]!.uncovered).toEqual(['function g() {', 'return 2;', '}']);
  });
});
