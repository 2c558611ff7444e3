import type { SignatureParam } from './adapt.js';

/** A generic program shape for a signature, with the description words that make it likely. */
interface Skeleton {
  name: string;
  /** Parameter kinds it expects, in order (`array`, `string`, `number`, `any`). */
  params: string[];
  returns: string;
  keywords: string[];
  /** Body, with `P0`, `P1` for parameter names. */
  body: string;
}

const SKELETONS: Skeleton[] = [
  { name: 'sum', params: ['array'], returns: 'number', keywords: ['sum', 'total', 'add'], body: 'let acc = 0;\nfor (const x of P0) {\n  acc += x;\n}\nreturn acc;' },
  { name: 'sum-if', params: ['array'], returns: 'number', keywords: ['sum', 'total', 'even', 'odd', 'positive'], body: 'let acc = 0;\nfor (const x of P0) {\n  if (x > 0) acc += x;\n}\nreturn acc;' },
  { name: 'count-if', params: ['array'], returns: 'number', keywords: ['count', 'number of', 'how many'], body: 'let count = 0;\nfor (const x of P0) {\n  if (x > 0) count++;\n}\nreturn count;' },
  { name: 'max', params: ['array'], returns: 'number', keywords: ['max', 'largest', 'biggest', 'greatest'], body: 'let best = P0[0];\nfor (const x of P0) {\n  if (x > best) best = x;\n}\nreturn best;' },
  { name: 'product', params: ['array'], returns: 'number', keywords: ['product', 'multiply'], body: 'let acc = 1;\nfor (const x of P0) {\n  acc *= x;\n}\nreturn acc;' },
  { name: 'filter', params: ['array'], returns: 'array', keywords: ['filter', 'keep', 'only', 'remove'], body: 'const out = [];\nfor (const x of P0) {\n  if (x > 0) out.push(x);\n}\nreturn out;' },
  { name: 'map', params: ['array'], returns: 'array', keywords: ['map', 'each', 'double', 'square'], body: 'const out = [];\nfor (const x of P0) {\n  out.push(x * 2);\n}\nreturn out;' },
  { name: 'every', params: ['array'], returns: 'boolean', keywords: ['all', 'every'], body: 'for (const x of P0) {\n  if (!(x > 0)) return false;\n}\nreturn true;' },
  { name: 'some', params: ['array'], returns: 'boolean', keywords: ['any', 'some', 'contains'], body: 'for (const x of P0) {\n  if (x > 0) return true;\n}\nreturn false;' },
  { name: 'count-chars', params: ['string'], returns: 'number', keywords: ['count', 'characters', 'letters', 'vowels'], body: "let count = 0;\nfor (const c of P0) {\n  if (c === 'a') count++;\n}\nreturn count;" },
  { name: 'map-chars', params: ['string'], returns: 'string', keywords: ['string', 'convert', 'case'], body: "let out = '';\nfor (const c of P0) {\n  out += c.toUpperCase();\n}\nreturn out;" },
  { name: 'reverse-chars', params: ['string'], returns: 'string', keywords: ['reverse', 'backwards'], body: "let out = '';\nfor (const c of P0) {\n  out = c + out;\n}\nreturn out;" },
  { name: 'range-sum', params: ['number'], returns: 'number', keywords: ['sum', 'total', 'series'], body: 'let acc = 0;\nfor (let i = 1; i <= P0; i++) {\n  acc += i;\n}\nreturn acc;' },
  { name: 'range-product', params: ['number'], returns: 'number', keywords: ['product', 'factorial'], body: 'let acc = 1;\nfor (let i = 1; i <= P0; i++) {\n  acc *= i;\n}\nreturn acc;' },
  { name: 'predicate', params: ['number'], returns: 'boolean', keywords: ['is', 'whether', 'check'], body: 'return P0 % 2 === 0;' },
];

function kindOf(type: string | undefined): string {
  if (!type) return 'any';
  if (/\[\]$|^Array</.test(type)) return 'array';
  if (type === 'string') return 'string';
  if (type === 'number' || type === 'bigint') return 'number';
  if (type === 'boolean') return 'boolean';
  return 'any';
}

/**
 * Generic starting programs for a signature (accumulate, count, extreme, filter, map, all/any, character loops),
 * ordered by how many of their keywords the description mentions. They are what search starts from when neither
 * starter code nor production code is available.
 */
export function skeletonPrograms(options: {
  entry: string;
  params: SignatureParam[];
  returns?: string;
  description: string;
  language: 'js' | 'ts';
}): Array<{ name: string; code: string }> {
  const { entry, params, returns, description, language } = options;
  const text = description.toLowerCase();
  const kinds = params.map((p) => kindOf(p.type));
  const ret = kindOf(returns);
  const matching = SKELETONS.filter(
    (s) =>
      s.params.length <= params.length &&
      s.params.every((k, i) => k === 'any' || kinds[i] === 'any' || kinds[i] === k) &&
      (ret === 'any' || s.returns === ret),
  );
  const scored = matching.map((s, order) => ({ s, order, score: s.keywords.filter((k) => text.includes(k)).length }));
  scored.sort((x, y) => y.score - x.score || x.order - y.order);
  const list = params.map((p) => (language === 'ts' && p.type ? `${p.name}: ${p.type}` : p.name)).join(', ');
  return scored.map(({ s }) => {
    let body = s.body;
    params.forEach((p, i) => {
      body = body.replace(new RegExp(`\\bP${i}\\b`, 'g'), p.name);
    });
    const indented = body.split('\n').map((l) => `  ${l}`).join('\n');
    return { name: s.name, code: `function ${entry}(${list}) {\n${indented}\n}\n` };
  });
}
