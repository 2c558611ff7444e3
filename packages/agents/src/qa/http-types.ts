import type { JsonValue } from '@genesis/schemas';

/** Which bearer token QA attaches: one it mints with the backend's secret, or a deliberately bad one. */
export type TokenKind = 'valid' | 'wrong-secret' | 'expired' | 'malformed' | 'wrong-audience';

/** One HTTP request of a test case. `{{name}}` in path, header values and JSON strings is replaced by saved values. */
export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  path: string;
  headers?: Record<string, string>;
  /** Sent as JSON with `content-type: application/json`. */
  json?: JsonValue;
  /** Sent verbatim (e.g. malformed JSON). */
  body?: string;
  /** Attach `Authorization: Bearer <token>` minted by QA. */
  token?: TokenKind;
}

/** What a response must look like. Every given check must hold. */
export interface HttpExpectation {
  /** One status or any of several. */
  status: number | number[];
  /** The JSON body must contain this (objects as subsets, arrays element by element, `'$any'` matches anything). */
  json?: JsonValue;
  /** Dot path to an array in the JSON body and bounds on its length. */
  arrayLength?: { path: string; min?: number; max?: number };
  /** The content-type header must start with this. */
  contentType?: string;
  /** The body text must contain each of these. */
  bodyIncludes?: string[];
  /** The body must parse as a JavaScript script (checked, never run). */
  javascript?: boolean;
  /** Every same-site `href`/`src` in the HTML body must answer 200. */
  links?: boolean;
  /** Headers that must be present, with the value they must contain. */
  headers?: Record<string, string>;
}

/** One HTTP test: a request, the expectation, and values to save for later cases (`{ id: 'id' }`). */
export interface HttpTestCase {
  name: string;
  request: HttpRequestSpec;
  expect: HttpExpectation;
  /** Variable name → dot path in the JSON response body. */
  save?: Record<string, string>;
}

/** How QA mints tokens for a backend: the issuer and audience the backend checks (the secret QA chooses). */
export interface TokenSettings {
  issuer: string;
  audience: string;
  /** Defaults to a random 32-byte hex secret per run, handed to the backend as JWT_SECRET. */
  secret?: string;
}
