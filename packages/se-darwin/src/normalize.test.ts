import { describe, expect, it } from 'vitest';
import { codeHash, normalizeCode } from './normalize.js';

describe('normalizeCode', () => {
  it('ignores comments, layout and trailing semicolons', () => {
    const a = 'function f(x) {\n  // double it\n  return x * 2;\n}\n';
    const b = 'function f(x){return x*2 /* twice */}';
    expect(normalizeCode(a)).toBe(normalizeCode(b));
    expect(codeHash(a)).toBe(codeHash(b));
  });

  it('keeps string contents and word boundaries', () => {
    expect(normalizeCode('return  "a  b;}"')).toBe('return"a  b;}"');
    expect(codeHash('const x = "a"')).not.toBe(codeHash('const x = "b"'));
    expect(normalizeCode('let   a = typeof   b')).toBe('let a=typeof b');
    expect(codeHash('return x+1')).not.toBe(codeHash('return x-1'));
  });

  it('handles escapes, templates and unterminated comments', () => {
    expect(normalizeCode('const s = `a ${b}  c`; const t = "q\\"  x"')).toBe('const s=`a ${b}  c`;const t="q\\"  x"');
    expect(normalizeCode('x /* never closed')).toBe('x');
  });
});
