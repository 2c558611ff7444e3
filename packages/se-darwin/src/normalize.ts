import { createHash } from 'node:crypto';

/**
 * Normalises code for duplicate detection: comments removed, whitespace outside string literals collapsed, and
 * whitespace next to punctuation dropped. Two candidates that differ only in layout or comments normalise equally.
 * String and template literal contents are kept verbatim (they change behaviour).
 */
export function normalizeCode(code: string): string {
  let out = '';
  let i = 0;
  let pendingSpace = false;
  let lastSemicolon = false;
  const n = code.length;
  const isWord = (ch: string | undefined): boolean => ch !== undefined && /[\w$]/.test(ch);
  const emit = (text: string): void => {
    if (pendingSpace && out.length > 0 && isWord(out[out.length - 1]) && isWord(text[0])) out += ' ';
    pendingSpace = false;
    out += text;
  };
  while (i < n) {
    const ch = code[i]!;
    const next = code[i + 1];
    if (ch === '/' && next === '/') {
      while (i < n && code[i] !== '\n') i++;
      pendingSpace = true;
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      pendingSpace = true;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < n && code[j] !== ch) j += code[j] === '\\' ? 2 : 1;
      emit(code.slice(i, Math.min(j + 1, n)));
      lastSemicolon = false;
      i = j + 1;
      continue;
    }
    if (/\s/.test(ch)) {
      pendingSpace = true;
      i++;
      continue;
    }
    // A semicolon right before a closing brace or at the very end is layout, not behaviour.
    if (ch === '}' && lastSemicolon) out = out.slice(0, -1);
    emit(ch);
    lastSemicolon = ch === ';';
    i++;
  }
  return lastSemicolon ? out.slice(0, -1) : out;
}

/** sha-256 of the normalised code, hex: the key duplicates are rejected by. */
export function codeHash(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('hex');
}
