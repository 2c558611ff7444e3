import { createHash } from 'node:crypto';

function isWordCode(c: number): boolean {
  // [A-Za-z0-9_$] and anything non-ASCII (identifiers may use Unicode letters).
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127
  );
}

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

/**
 * Normalises code for duplicate detection: comments removed, whitespace outside string literals collapsed, and
 * whitespace next to punctuation dropped. Two candidates that differ only in layout or comments normalise equally.
 * String and template literal contents are kept verbatim (they change behaviour).
 */
export function normalizeCode(code: string): string {
  const parts: string[] = [];
  let lastChar = -1;
  let pendingSpace = false;
  let lastSemicolon = false;
  let i = 0;
  const n = code.length;
  const emit = (text: string): void => {
    if (pendingSpace && lastChar !== -1 && isWordCode(lastChar) && isWordCode(text.charCodeAt(0))) parts.push(' ');
    pendingSpace = false;
    parts.push(text);
    lastChar = text.charCodeAt(text.length - 1);
  };
  while (i < n) {
    const c = code.charCodeAt(i);
    if (c === 47 /* / */ && code.charCodeAt(i + 1) === 47) {
      const end = code.indexOf('\n', i + 2);
      i = end === -1 ? n : end;
      pendingSpace = true;
      continue;
    }
    if (c === 47 && code.charCodeAt(i + 1) === 42 /* * */) {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      pendingSpace = true;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) {
      let j = i + 1;
      while (j < n && code.charCodeAt(j) !== c) j += code.charCodeAt(j) === 92 ? 2 : 1;
      emit(code.slice(i, Math.min(j + 1, n)));
      lastSemicolon = false;
      i = j + 1;
      continue;
    }
    if (isSpaceCode(c)) {
      pendingSpace = true;
      i++;
      continue;
    }
    // Runs of word characters are copied in one slice.
    if (isWordCode(c)) {
      let j = i + 1;
      while (j < n && isWordCode(code.charCodeAt(j))) j++;
      emit(code.slice(i, j));
      lastSemicolon = false;
      i = j;
      continue;
    }
    // A semicolon right before a closing brace or at the very end is layout, not behaviour.
    if (c === 125 /* } */ && lastSemicolon) parts.pop();
    emit(code[i]!);
    lastSemicolon = c === 59;
    i++;
  }
  if (lastSemicolon) parts.pop();
  return parts.join('');
}

/** sha-256 of the normalised code, hex: the key duplicates are rejected by. */
export function codeHash(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('hex');
}
