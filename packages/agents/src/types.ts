import type { TestCase } from '@genesis/sandbox';

/** One generated source file: its path inside the project (`src/app.ts`) and its full text. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** Scalar type of a resource field in a generated backend. */
export type FieldType = 'string' | 'number' | 'boolean';

/** A field of a generated resource: `'string'` is shorthand for `{ type: 'string', required: true }`. */
export type FieldInput = FieldType | { type: FieldType; required?: boolean };

/**
 * One API route of a generated backend. A string names a resource (`'users'`, `'/api/products'`) or, for
 * `'login'`, `'register'`, `'auth'`, the authentication endpoints. An object chooses the fields and whether the
 * resource stays public when authentication is required.
 */
export type ApiRoute =
  | string
  | {
      path: string;
      /** Field name → type; defaults are inferred from the resource name (users → name, email; …). */
      fields?: Record<string, FieldInput>;
      /** Reachable without a token even when `authRequired` (default false). */
      public?: boolean;
    };

/** Input of {@link BuilderAgent.generateBackend}. */
export interface BackendSpec {
  appName: string;
  apiRoutes: ApiRoute[];
  /** Protect every resource with a JWT bearer token (HS256 via jose) and generate /auth/register and /auth/login. */
  authRequired?: boolean;
}

/** A resource after normalisation: what the generator and QA's suite planner both read. */
export interface ResourceSpec {
  /** Identifier-safe plural name, e.g. `products`. */
  name: string;
  /** Mount path, e.g. `/products`. */
  path: string;
  /** PascalCase singular type name, e.g. `Product`. */
  typeName: string;
  fields: { name: string; type: FieldType; required: boolean }[];
  public: boolean;
}

/** A BackendSpec after validation and normalisation. */
export interface NormalizedBackendSpec {
  appName: string;
  /** npm-safe package name derived from the app name. */
  packageName: string;
  resources: ResourceSpec[];
  authRequired: boolean;
  /** True when /auth/register and /auth/login are generated (auth required, or a login/register route asked for). */
  authRoutes: boolean;
}

/** One page of a generated frontend. */
export interface PageSpec {
  /** URL path, e.g. `/` or `/products`. */
  path: string;
  title: string;
  /** Paragraph shown under the heading. */
  description?: string;
  /**
   * A JSON API the page lists items from in the browser (e.g. `/api/products`). The page renders a list and an
   * empty state; the script is served from `/assets/app.js`.
   */
  dataSource?: string;
}

/** Input of {@link BuilderAgent.generateFrontend}. */
export interface FrontendSpec {
  appName: string;
  /** Page paths or full page specs; a string `'about'` becomes `{ path: '/about', title: 'About' }`. */
  pages: (string | PageSpec)[];
}

/** A FrontendSpec after validation and normalisation. */
export interface NormalizedFrontendSpec {
  appName: string;
  packageName: string;
  pages: (PageSpec & { slug: string })[];
}

/** What generateBackend returns: every file of the project, and the normalised spec QA plans its suite from. */
export interface GeneratedBackend {
  kind: 'backend';
  appName: string;
  files: GeneratedFile[];
  /** Entry that starts the HTTP server (`src/server.ts`). */
  entry: string;
  spec: NormalizedBackendSpec;
}

/** What generateFrontend returns. */
export interface GeneratedFrontend {
  kind: 'frontend';
  appName: string;
  files: GeneratedFile[];
  entry: string;
  spec: NormalizedFrontendSpec;
}

/** A function-level task for {@link BuilderAgent.implement}. */
export interface FunctionTask {
  /** Category used to look up learned strategies and to group outcomes, e.g. `array_sum`. */
  taskType: string;
  /** Identity of the problem for strategy lookup; defaults to `entry`. */
  problemId?: string;
  description: string;
  /** Name of the function to produce. */
  entry: string;
  /** e.g. `(xs: number[]) => number`; parameter names from it are used when adapting a skill. */
  signature?: string;
  /** Example calls (used to adapt arity; QA runs `tests`). */
  examples?: TestCase[];
  /** Tests QA runs to verify the implementation. */
  tests?: TestCase[];
}

/** Where an implementation came from. */
export type ImplementationSource = 'strategy' | 'skill' | 'model';

/** What implement returns. */
export interface FunctionImplementation {
  kind: 'function';
  taskType: string;
  problemId: string;
  entry: string;
  language: 'js';
  code: string;
  source: ImplementationSource;
  /** Strategy id and version, skill id, or model id the code came from. */
  sourceId: string;
  /** Why this source was chosen (shown in logs and stored on the outcome). */
  rationale: string;
}
