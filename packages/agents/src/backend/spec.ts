import { check } from '../errors.js';
import type {
  ApiRoute,
  BackendSpec,
  FieldInput,
  FieldType,
  NormalizedBackendSpec,
  ResourceSpec,
} from '../types.js';

const AUTH_ROUTES = new Set(['login', 'register', 'auth', 'logout', 'signup', 'signin', 'me']);
const RESERVED = new Set(['health', ...AUTH_ROUTES]);
const IDENT = /^[a-z][a-z0-9_]*$/;
const FIELD_IDENT = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
const FIELD_TYPES: readonly FieldType[] = ['string', 'number', 'boolean'];

/** Fields a resource gets when the spec names none: a small dictionary of common resources, else `name`. */
const DEFAULT_FIELDS: Record<string, Record<string, FieldInput>> = {
  users: { name: 'string', email: 'string' },
  products: { name: 'string', price: 'number', inStock: { type: 'boolean', required: false } },
  posts: { title: 'string', body: 'string', published: { type: 'boolean', required: false } },
  articles: { title: 'string', body: 'string' },
  comments: { postId: 'string', text: 'string' },
  todos: { title: 'string', done: { type: 'boolean', required: false } },
  tasks: { title: 'string', done: { type: 'boolean', required: false }, priority: { type: 'number', required: false } },
  orders: { productId: 'string', quantity: 'number' },
  customers: { name: 'string', email: 'string' },
  notes: { title: 'string', text: { type: 'string', required: false } },
  items: { name: 'string', quantity: { type: 'number', required: false } },
  books: { title: 'string', author: 'string', year: { type: 'number', required: false } },
  events: { title: 'string', date: 'string' },
  invoices: { customerId: 'string', amount: 'number', paid: { type: 'boolean', required: false } },
};

/** `'Shop API!'` → `shop-api`. */
export function toPackageName(appName: string): string {
  const slug = appName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length > 0 ? slug.slice(0, 64) : 'app';
}

/**
 * Names a generated resource module already uses (its imports and the built-ins its code refers to). A resource type
 * of the same name would shadow them: `requests` → `interface Request` broke `readJson(request: Request)`, and
 * `honos` → `interface Hono` conflicted with the import of Hono. Such types get an `Item` suffix (`RequestItem`).
 */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  // imports of the templates
  'Hono', 'MiddlewareHandler', 'Context', 'Env', 'Next', 'Parsed', 'SignJWT', 'AuthConfig', 'AuthEnv', 'AuthUser', 'StoredUser',
  'AppOptions', 'JWTExpired', 'JWTClaimValidationFailed', 'Variables',
  // built-ins the generated code refers to, or could on a template change
  'Array', 'ArrayBuffer', 'Awaited', 'BigInt', 'Blob', 'Boolean', 'Buffer', 'Date', 'Error', 'Event', 'EventTarget',
  'File', 'FormData', 'Function', 'Generator', 'Headers', 'Iterable', 'Iterator', 'Map', 'Math', 'Number', 'Object',
  'Omit', 'Partial', 'Pick', 'Promise', 'Proxy', 'Readonly', 'Record', 'Reflect', 'RegExp', 'Request', 'Required',
  'Response', 'ReturnType', 'Set', 'String', 'Symbol', 'TextDecoder', 'TextEncoder', 'Uint8Array', 'WeakMap', 'WeakSet',
]);

/** A resource's type name that shadows nothing its module uses (see {@link RESERVED_TYPE_NAMES}). */
export function resourceTypeName(plural: string): string {
  const name = toTypeName(plural);
  return RESERVED_TYPE_NAMES.has(name) || RESERVED_TYPE_NAMES.has(`${name}Input`) ? `${name}Item` : name;
}

/** `order_items` → `OrderItem` (a rough singular, good enough for type names). */
export function toTypeName(plural: string): string {
  const singular = plural.endsWith('ies')
    ? `${plural.slice(0, -3)}y`
    : // classes, boxes, matches, wishes, statuses: the plural added -es …
      /(?:ss|x|z|ch|sh|[tbnpr]us)es$/.test(plural)
      ? plural.slice(0, -2)
      : // … responses, courses, houses, cases: only -s
        plural.endsWith('s') && !plural.endsWith('ss')
        ? plural.slice(0, -1)
        : `${plural}Item`;
  return singular
    .split('_')
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

function routeName(raw: string, where: string): string {
  const segments = raw
    .trim()
    .toLowerCase()
    .split('/')
    .filter((s) => s.length > 0 && s !== 'api' && s !== 'v1');
  const last = segments[segments.length - 1] ?? '';
  const name = last.replace(/-/g, '_');
  check(IDENT.test(name) && name.length <= 48, where, `"${raw}" is not a route name like "users" or "/api/users"`);
  return name;
}

function normalizeField(name: string, input: FieldInput, where: string): ResourceSpec['fields'][number] {
  check(FIELD_IDENT.test(name) && name !== 'id' && name !== 'createdAt' && name !== 'updatedAt', where, `bad field name "${name}"`);
  const type = typeof input === 'string' ? input : input?.type;
  check(FIELD_TYPES.includes(type as FieldType), `${where}.${name}`, `type must be one of ${FIELD_TYPES.join(', ')}`);
  const required = typeof input === 'string' ? true : input.required !== false;
  return { name, type: type as FieldType, required };
}

/**
 * Validates a BackendSpec and resolves its routes into resources (with fields) and the auth endpoints. Throws an
 * `INVALID_INPUT` AgentError naming the bad route or field.
 */
export function normalizeBackendSpec(spec: BackendSpec): NormalizedBackendSpec {
  check(typeof spec === 'object' && spec !== null, 'backend spec', 'must be an object');
  check(typeof spec.appName === 'string' && spec.appName.trim().length > 0, 'appName', 'must be a non-empty string');
  check(spec.appName.length <= 128, 'appName', 'must be at most 128 characters');
  check(Array.isArray(spec.apiRoutes), 'apiRoutes', 'must be an array');
  check(spec.apiRoutes.length <= 50, 'apiRoutes', 'must have at most 50 routes');
  const authRequired = spec.authRequired === true;
  let authRoutes = authRequired;
  const resources: ResourceSpec[] = [];
  spec.apiRoutes.forEach((route: ApiRoute, i) => {
    const where = `apiRoutes[${i}]`;
    const raw = typeof route === 'string' ? route : route?.path;
    check(typeof raw === 'string', where, 'must be a string or { path, fields?, public? }');
    const name = routeName(raw, where);
    if (AUTH_ROUTES.has(name)) {
      authRoutes = true;
      return;
    }
    check(!RESERVED.has(name), where, `"${name}" is reserved`);
    check(!resources.some((r) => r.name === name), where, `duplicate route "${name}"`);
    const fieldInput =
      (typeof route === 'object' ? route.fields : undefined) ?? DEFAULT_FIELDS[name] ?? { name: 'string' };
    const fields = Object.entries(fieldInput).map(([f, t]) => normalizeField(f, t, `${where}.fields`));
    check(fields.length > 0 && fields.length <= 32, `${where}.fields`, 'must have 1..32 fields');
    check(fields.some((f) => f.required), `${where}.fields`, 'needs at least one required field');
    resources.push({
      name,
      path: `/${name.replace(/_/g, '-')}`,
      typeName: resourceTypeName(name),
      fields,
      public: typeof route === 'object' && route.public === true,
    });
  });
  check(resources.length > 0 || authRoutes, 'apiRoutes', 'must name at least one resource or auth route');
  return { appName: spec.appName.trim(), packageName: toPackageName(spec.appName), resources, authRequired, authRoutes };
}
