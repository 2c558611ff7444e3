import { describe, expect, it } from 'vitest';
import { adaptCode } from './adapt.js';
import { codeRanges, replaceInCode } from './code-ranges.js';

const upper = (src: string) => replaceInCode(src, (code) => code.replace(/\bs\b/g, 'S'));

describe('codeRanges', () => {
  it('leaves regex literals alone, but not division', () => {
    expect(upper('const w = s.split(/\\s+/); const h = s / 2 / s;')).toBe('const w = S.split(/\\s+/); const h = S / 2 / S;');
    expect(upper('return /[/s]s/g.test(s);')).toBe('return /[/s]s/g.test(S);');
    expect(upper('f(a) / s')).toBe('f(a) / S');
  });

  it('leaves strings and comments alone', () => {
    expect(upper(`const a = 's' + "s's" + s; // s\n/* s */ s`)).toBe(`const a = 's' + "s's" + S; // s\n/* s */ S`);
    expect(upper("'it\\'s s' + s")).toBe("'it\\'s s' + S");
  });

  it('renames inside template expressions but not template text', () => {
    expect(upper('`s is ${s + `${s}s`} and {s}`; s')).toBe('`s is ${S + `${S}s`} and {s}`; S');
    expect(upper('`${ {s: 1}.s }` + s')).toBe('`${ {S: 1}.S }` + S');
  });

  it('covers the whole text when there is nothing to protect', () => {
    expect(codeRanges('a + b')).toEqual([[0, 5]]);
    expect(codeRanges('')).toEqual([]);
  });
});

describe('adaptCode with regexes and strings', () => {
  it('renames a parameter without corrupting a regex that mentions its letter', () => {
    const code = 'function words(s) {\n  // split s on whitespace\n  return s.trim().split(/\\s+/).filter((w) => w !== "s");\n}';
    const { code: out } = adaptCode(code, { entry: 'countWords', signature: '(sentence: string) => number' });
    expect(out).toBe(
      'function countWords(sentence) {\n  // split s on whitespace\n  return sentence.trim().split(/\\s+/).filter((w) => w !== "s");\n}',
    );
  });
});
