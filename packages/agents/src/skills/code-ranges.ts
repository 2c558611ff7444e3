// Renaming identifiers by text must not touch what only looks like code: string and template text, comments and
// regular-expression literals (`/\s+/` is not a use of `s`). This scanner returns the ranges that are code.

const REGEX_AFTER = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^', '']);
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** [start, end) ranges of `src` that are code: outside strings, template text, comments and regex literals. */
export function codeRanges(src: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let i = 0;

  const skipString = (quote: string): void => {
    i++;
    while (i < src.length && src[i] !== quote && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
    i++;
  };

  const skipRegex = (): void => {
    i++;
    let inClass = false;
    while (i < src.length && src[i] !== '\n') {
      const c = src[i];
      if (c === '\\') i += 2;
      else {
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        i++;
      }
    }
    i++;
    while (i < src.length && /[a-z]/i.test(src[i]!)) i++;
  };

  // Scans code from i; with `nested`, stops after the `}` that closes a template's `${`.
  const scanCode = (nested: boolean): void => {
    let start = i;
    let depth = 0;
    let last = '';
    let lastWord = '';
    const close = () => {
      if (i > start) ranges.push([start, i]);
    };
    while (i < src.length) {
      const c = src[i]!;
      const next = src[i + 1];
      if (c === '/' && next === '/') {
        close();
        while (i < src.length && src[i] !== '\n') i++;
      } else if (c === '/' && next === '*') {
        close();
        const end = src.indexOf('*/', i + 2);
        i = end < 0 ? src.length : end + 2;
      } else if (c === '"' || c === "'") {
        close();
        skipString(c);
        last = 'x';
        lastWord = '';
      } else if (c === '`') {
        close();
        scanTemplate();
        last = 'x';
        lastWord = '';
      } else if (c === '/' && (REGEX_AFTER.has(last) || REGEX_AFTER_WORDS.has(lastWord))) {
        close();
        skipRegex();
        last = 'x';
        lastWord = '';
      } else {
        if (c === '{') depth++;
        if (c === '}') {
          if (nested && depth === 0) {
            close();
            i++;
            return;
          }
          depth--;
        }
        if (/[\w$]/.test(c)) {
          let j = i;
          while (j < src.length && /[\w$]/.test(src[j]!)) j++;
          lastWord = src.slice(i, j);
          last = 'x';
          i = j;
          continue;
        }
        if (!/\s/.test(c)) {
          last = c === ')' || c === ']' ? 'x' : c;
          lastWord = '';
        }
        i++;
        continue;
      }
      start = i;
    }
    close();
  };

  const scanTemplate = (): void => {
    i++;
    while (i < src.length && src[i] !== '`') {
      if (src[i] === '\\') i += 2;
      else if (src[i] === '$' && src[i + 1] === '{') {
        i += 2;
        scanCode(true);
      } else i++;
    }
    i++;
  };

  scanCode(false);
  return ranges;
}

/** Applies `replace` to the code parts of `src` only, leaving strings, comments and regex literals as they are. */
export function replaceInCode(src: string, replace: (code: string) => string): string {
  let out = '';
  let at = 0;
  for (const [start, end] of codeRanges(src)) {
    out += src.slice(at, start) + replace(src.slice(start, end));
    at = end;
  }
  return out + src.slice(at);
}
