import { describe, expect, it } from 'vitest';
import { MAX_MODEL_CODE, parseModelReply } from './parse.js';

describe('parseModelReply', () => {
  it('reads the strategy line and the fenced block that defines the entry', () => {
    const reply = 'STRATEGY: use a filter\n```js\nconst helper = 1;\n```\nand\n```javascript\nfunction f(x) { return x; }\n```';
    expect(parseModelReply(reply, 'f')).toEqual({ code: 'function f(x) { return x; }', strategy: 'use a filter' });
  });

  it('accepts bare code that defines the entry, rejects prose and junk', () => {
    expect(parseModelReply('function f(x) {\n  return x;\n}', 'f')?.code).toBe('function f(x) {\n  return x;\n}');
    expect(parseModelReply('I think the answer is to return the input value.', 'f')).toBeNull();
    expect(parseModelReply('', 'f')).toBeNull();
    expect(parseModelReply(undefined, 'f')).toBeNull();
    expect(parseModelReply('```js\n\n```', 'f')).toBeNull();
    expect(parseModelReply('```js\n' + 'x'.repeat(MAX_MODEL_CODE + 1) + '\n```', 'f')).toBeNull();
  });

  it('falls back to the first block when none mentions the entry', () => {
    expect(parseModelReply('```\nfunction g() {}\n```', 'f')?.code).toBe('function g() {}');
  });
});
