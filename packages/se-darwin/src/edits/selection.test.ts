import { describe, expect, it } from 'vitest';
import { wrongSelection } from './selection.js';

describe('wrongSelection', () => {
  it('sees a sum over the wrong elements', () => {
    const tests = [{ args: [[1, 2, 3, 4, 5]], expected: 9 }];
    expect(wrongSelection(tests, [{ index: 0, actual: 6 }])).toEqual({ actual: 'even', expected: 'odd' });
  });

  it('sees a count or a filtered list over the wrong characters or numbers', () => {
    expect(wrongSelection([{ args: ['hello'], expected: 3 }], [{ index: 0, actual: 2 }])).toEqual({ actual: 'vowel', expected: 'consonant' });
    expect(wrongSelection([{ args: [[1, -2, 3]], expected: [-2] }], [{ index: 0, actual: [1, 3] }])).toEqual({ actual: 'odd', expected: 'even' });
    expect(wrongSelection([{ args: ['hello world'], expected: 'hllwrld' }], [{ index: 0, actual: 'eoo' }])).toEqual({ actual: 'vowel', expected: 'consonant' });
  });

  it('says nothing when the result is no aggregate of a selection', () => {
    expect(wrongSelection([{ args: [[1, 2, 3]], expected: 6 }], [{ index: 0, actual: 36 }])).toBeUndefined();
    expect(wrongSelection([{ args: [[]], expected: 0 }], [{ index: 0, actual: 1 }])).toBeUndefined();
    expect(wrongSelection([{ args: [5], expected: 1 }], [{ index: 3, actual: 1 }])).toBeUndefined();
  });
});
