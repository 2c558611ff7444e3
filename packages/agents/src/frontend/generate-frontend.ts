import { toPackageName } from '../backend/spec.js';
import { packageJson, serverTs, tsconfigJson } from '../backend/templates.js';
import { check } from '../errors.js';
import type { FrontendSpec, GeneratedFile, GeneratedFrontend, NormalizedFrontendSpec, PageSpec } from '../types.js';

const PAGE_PATH = /^\/([a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*)?$/;

function titleOf(slug: string): string {
  return slug === '' ? 'Home' : slug.split(/[-/]/).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}

/** Validates a FrontendSpec; strings become pages (`'about'` → `/about`, title "About"). */
export function normalizeFrontendSpec(spec: FrontendSpec): NormalizedFrontendSpec {
  check(typeof spec === 'object' && spec !== null, 'frontend spec', 'must be an object');
  check(typeof spec.appName === 'string' && spec.appName.trim().length > 0, 'appName', 'must be a non-empty string');
  check(Array.isArray(spec.pages) && spec.pages.length > 0 && spec.pages.length <= 50, 'pages', 'must list 1..50 pages');
  const pages = spec.pages.map((p, i) => {
    const where = `pages[${i}]`;
    const page: PageSpec =
      typeof p === 'string'
        ? { path: p.startsWith('/') ? p.toLowerCase() : `/${p.toLowerCase()}`, title: titleOf(p.replace(/^\//, '').toLowerCase()) }
        : p;
    check(typeof page.path === 'string' && PAGE_PATH.test(page.path), `${where}.path`, `"${String(page.path)}" is not a page path like "/" or "/about"`);
    check(!page.path.startsWith('/assets') && page.path !== '/health', `${where}.path`, `"${page.path}" is reserved`);
    check(typeof page.title === 'string' && page.title.trim().length > 0 && page.title.length <= 200, `${where}.title`, 'must be a non-empty string');
    if (page.dataSource !== undefined) {
      check(typeof page.dataSource === 'string' && /^(\/|https?:\/\/)[^\s"'<>]*$/.test(page.dataSource), `${where}.dataSource`, 'must be a path or http(s) URL');
    }
    return { ...page, slug: page.path === '/' ? 'home' : page.path.slice(1).replace(/\//g, '-') };
  });
  const seen = new Set<string>();
  for (const p of pages) {
    check(!seen.has(p.path), 'pages', `duplicate page ${p.path}`);
    seen.add(p.path);
  }
  return { appName: spec.appName.trim(), packageName: toPackageName(spec.appName), pages };
}

function pagesTs(spec: NormalizedFrontendSpec): string {
  return `export interface Page {
  path: string;
  title: string;
  description?: string;
  /** JSON endpoint the page lists items from (fetched in the browser by /assets/app.js). */
  dataSource?: string;
}

export const APP_NAME = ${JSON.stringify(spec.appName)};

export const pages: Page[] = ${JSON.stringify(
    spec.pages.map(({ slug: _slug, ...p }) => p),
    null,
    2,
  )};
`;
}

function renderTs(): string {
  return `import { APP_NAME, pages, type Page } from './pages.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => \`&#\${c.charCodeAt(0)};\`);
}

function nav(current: string): string {
  return pages
    .map((p) => \`<a href="\${escapeHtml(p.path)}"\${p.path === current ? ' aria-current="page"' : ''}>\${escapeHtml(p.title)}</a>\`)
    .join(' ');
}

/** Renders a whole HTML document for one page. */
export function renderPage(page: Page): string {
  const data = page.dataSource
    ? \`<section><ul class="items" data-source="\${escapeHtml(page.dataSource)}"><li class="empty">Loading…</li></ul></section>\`
    : '';
  return \`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>\${escapeHtml(page.title)} · \${escapeHtml(APP_NAME)}</title>
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<header><strong>\${escapeHtml(APP_NAME)}</strong> <nav>\${nav(page.path)}</nav></header>
<main>
<h1>\${escapeHtml(page.title)}</h1>
\${page.description ? \`<p>\${escapeHtml(page.description)}</p>\` : ''}
\${data}
</main>
<script src="/assets/app.js" defer></script>
</body>
</html>
\`;
}

/** The 404 page. */
export function renderNotFound(path: string): string {
  return renderPage({ path, title: 'Not found', description: \`There is no page at \${path}.\` });
}
`;
}

function assetsTs(): string {
  const script = `(function () {
  'use strict';
  function text(value) {
    if (value === null || typeof value !== 'object') return String(value);
    return value.name || value.title || value.label || JSON.stringify(value);
  }
  function render(list, items) {
    list.textContent = '';
    if (items.length === 0) {
      var empty = document.createElement('li');
      empty.className = 'empty';
      empty.textContent = 'Nothing here yet.';
      list.appendChild(empty);
      return;
    }
    items.forEach(function (item) {
      var li = document.createElement('li');
      li.textContent = text(item);
      list.appendChild(li);
    });
  }
  document.querySelectorAll('[data-source]').forEach(function (list) {
    fetch(list.getAttribute('data-source'), { headers: { accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (body) {
        render(list, Array.isArray(body) ? body : Array.isArray(body.items) ? body.items : []);
      })
      .catch(function (error) {
        list.innerHTML = '';
        var li = document.createElement('li');
        li.className = 'error';
        li.textContent = 'Could not load data: ' + error.message;
        list.appendChild(li);
      });
  });
})();
`;
  const style = `body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; }
header { display: flex; gap: 1rem; align-items: center; padding: 0.75rem 1.5rem; background: #f3f4f6; }
nav a { margin-right: 0.75rem; color: #1d4ed8; text-decoration: none; }
nav a[aria-current='page'] { font-weight: 600; text-decoration: underline; }
main { max-width: 48rem; margin: 2rem auto; padding: 0 1.5rem; }
.items li.empty, .items li.error { color: #6b7280; list-style: none; }
.items li.error { color: #b91c1c; }
`;
  return `// Static assets served by the app (kept in code so the project has no build step for them).
export const appJs = ${JSON.stringify(script)};

export const styleCss = ${JSON.stringify(style)};
`;
}

function appTs(): string {
  return `import { Hono } from 'hono';
import { appJs, styleCss } from './assets.js';
import { pages } from './pages.js';
import { renderNotFound, renderPage } from './render.js';

/** Serves every page as HTML, the script and stylesheet under /assets, and JSON health. */
export function createApp(): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/assets/app.js', (c) => c.body(appJs, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/assets/style.css', (c) => c.body(styleCss, 200, { 'content-type': 'text/css; charset=utf-8' }));
  for (const page of pages) {
    const html = renderPage(page);
    app.get(page.path, (c) => c.html(html));
  }
  app.notFound((c) => c.html(renderNotFound(c.req.path), 404));
  return app;
}

export const app = createApp();
`;
}

/**
 * Generates a runnable frontend: a Hono server (src/server.ts) rendering one HTML page per spec page with shared
 * navigation, a stylesheet and a small browser script that fills `data-source` lists from JSON APIs.
 */
export function generateFrontendFiles(input: FrontendSpec): GeneratedFrontend {
  const spec = normalizeFrontendSpec(input);
  const files: GeneratedFile[] = [
    { path: 'package.json', content: packageJson(spec.packageName, { hono: '^4.9.0', '@hono/node-server': '^1.19.0' }) },
    { path: 'tsconfig.json', content: tsconfigJson() },
    {
      path: 'README.md',
      content: `# ${spec.appName}\n\nGenerated by @genesis/agents BuilderAgent: ${spec.pages.length} page(s) served by Hono.\n\n\`\`\`sh\nnpm install\nnpm run dev\n\`\`\`\n\nPages: ${spec.pages.map((p) => p.path).join(', ')}\n`,
    },
    { path: 'src/pages.ts', content: pagesTs(spec) },
    { path: 'src/render.ts', content: renderTs() },
    { path: 'src/assets.ts', content: assetsTs() },
    { path: 'src/app.ts', content: appTs() },
    { path: 'src/server.ts', content: serverTs(spec) },
  ];
  return { kind: 'frontend', appName: spec.appName, files, entry: 'src/server.ts', spec };
}
