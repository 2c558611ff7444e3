import { describe, expect, it } from 'vitest';
import { contentWords, textSimilarity } from './relevance.js';

describe('textSimilarity', () => {
  it('compares content words, folding plurals and dropping common words', () => {
    expect([...contentWords('Sum of the squares of the numbers')]).toEqual(['sum', 'square']);
    expect(textSimilarity('Count the vowels in a word', 'Count the consonants in a word')).toBeCloseTo(2 / 4);
    expect(textSimilarity('Sum of the odd numbers', 'Product of the numbers')).toBe(0);
    expect(textSimilarity('', 'anything')).toBe(0);
  });
});
