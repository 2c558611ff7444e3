const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'that', 'this', 'into', 'each', 'are', 'its', 'all', 'one', 'list', 'number', 'numbers', 'return', 'returns', 'given']);

/** Content words of a text (lower case, three letters or more, common words dropped, naive plural folding). */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z]{3,}/g) ?? [];
  return new Set(words.filter((w) => !STOP.has(w)).map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w)));
}

/** Jaccard similarity of two texts' content words (0 when either has none). */
export function textSimilarity(a: string, b: string): number {
  const x = contentWords(a);
  const y = contentWords(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / (x.size + y.size - both);
}
