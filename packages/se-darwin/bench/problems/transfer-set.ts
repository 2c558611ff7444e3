import { cases, type TransferFamily } from './types.js';

/**
 * Transfer families: a task solved in production (its code is what an agent logged), and a related new task. The
 * production code differs from a solution of the new task in name, parameters and a few edits — as with real
 * production code for a neighbouring task. Written for this repository.
 */
export const TRANSFER_FAMILIES: TransferFamily[] = [
  {
    id: 'sum-evens→sum-odds',
    production: {
      entry: 'sumEvens',
      taskType: 'array-aggregate',
      description: 'Sum of the even numbers of a list.',
      code: `function sumEvens(numbers) {
  let total = 0;
  for (const n of numbers) {
    if (n % 2 === 0) total += n;
  }
  return total;
}`,
    },
    target: {
      entry: 'sumOdds',
      taskType: 'array-aggregate',
      description: 'Sum of the odd numbers of a list.',
      signature: '(xs: number[]) => number',
      reference: 'function sumOdds(xs) { let s = 0; for (const x of xs) if (x % 2 !== 0) s += x; return s; }',
      tests: cases([[[1, 2, 3, 4, 5]], 9], [[[]], 0], [[[2, 4]], 0], [[[7]], 7], [[[-3, 2, 1]], -2]),
      heldOut: cases([[[9, 10, 11]], 20], [[[-1, -2, -5]], -6], [[[0, 0, 1]], 1]),
    },
  },
  {
    id: 'count-vowels→count-consonants',
    production: {
      entry: 'countVowels',
      taskType: 'string-count',
      description: 'Count the vowels in a lowercase word.',
      code: `function countVowels(word) {
  let count = 0;
  for (const c of word) {
    if ('aeiou'.includes(c)) count++;
  }
  return count;
}`,
    },
    target: {
      entry: 'countConsonants',
      taskType: 'string-count',
      description: 'Count the consonants in a lowercase word.',
      signature: '(s: string) => number',
      reference: "function countConsonants(s) { let n = 0; for (const c of s) if (!'aeiou'.includes(c)) n++; return n; }",
      tests: cases([['hello'], 3], [[''], 0], [['aeiou'], 0], [['rhythm'], 6], [['banana'], 3]),
      heldOut: cases([['queue'], 1], [['strength'], 7], [['a'], 0]),
    },
  },
  {
    id: 'max→min',
    production: {
      entry: 'largest',
      taskType: 'array-extreme',
      description: 'Largest number of a non-empty list.',
      code: `function largest(values) {
  let best = values[0];
  for (const v of values) {
    if (v > best) best = v;
  }
  return best;
}`,
    },
    target: {
      entry: 'smallest',
      taskType: 'array-extreme',
      description: 'Smallest number of a non-empty list.',
      signature: '(xs: number[]) => number',
      reference: 'function smallest(xs) { return Math.min(...xs); }',
      tests: cases([[[3, 1, 2]], 1], [[[5]], 5], [[[-1, -7, 4]], -7], [[[2, 2, 3]], 2]),
      heldOut: cases([[[10, 9, 8, 7]], 7], [[[0, 1]], 0], [[[4, -4]], -4]),
    },
  },
  {
    id: 'count-positives→count-negatives',
    production: {
      entry: 'countPositive',
      taskType: 'array-count',
      description: 'How many numbers of a list are positive.',
      code: `function countPositive(nums) {
  let c = 0;
  for (let i = 0; i < nums.length; i++) {
    if (nums[i] > 0) c++;
  }
  return c;
}`,
    },
    target: {
      entry: 'countNegative',
      taskType: 'array-count',
      description: 'How many numbers of a list are negative.',
      signature: '(xs: number[]) => number',
      reference: 'function countNegative(xs) { return xs.filter((x) => x < 0).length; }',
      tests: cases([[[1, -2, 3, -4]], 2], [[[]], 0], [[[0, 0]], 0], [[[-1]], 1], [[[5, 6]], 0]),
      heldOut: cases([[[-1, -1, -1]], 3], [[[0, -3, 3]], 1], [[[2]], 0]),
    },
  },
  {
    id: 'filter-evens→filter-odds',
    production: {
      entry: 'evens',
      taskType: 'array-filter',
      description: 'The even numbers of a list, in order.',
      code: `function evens(list) {
  const result = [];
  for (const item of list) {
    if (item % 2 === 0) result.push(item);
  }
  return result;
}`,
    },
    target: {
      entry: 'odds',
      taskType: 'array-filter',
      description: 'The odd numbers of a list, in order.',
      signature: '(xs: number[]) => number[]',
      reference: 'function odds(xs) { return xs.filter((x) => x % 2 !== 0); }',
      tests: cases([[[1, 2, 3, 4]], [1, 3]], [[[]], []], [[[2, 4]], []], [[[5, -3, 8]], [5, -3]]),
      heldOut: cases([[[7, 7]], [7, 7]], [[[0, 1]], [1]], [[[-1, -2]], [-1]]),
    },
  },
  {
    id: 'product→sum',
    production: {
      entry: 'product',
      taskType: 'array-aggregate',
      description: 'Product of the numbers of a list (1 for an empty list).',
      code: `function product(arr) {
  let acc = 1;
  for (const x of arr) {
    acc *= x;
  }
  return acc;
}`,
    },
    target: {
      entry: 'total',
      taskType: 'array-aggregate',
      description: 'Sum of the numbers of a list (0 for an empty list).',
      signature: '(xs: number[]) => number',
      reference: 'function total(xs) { return xs.reduce((a, b) => a + b, 0); }',
      tests: cases([[[1, 2, 3]], 6], [[[]], 0], [[[5]], 5], [[[-2, 2]], 0], [[[10, 20]], 30]),
      heldOut: cases([[[1, 1, 1, 1]], 4], [[[-5]], -5], [[[0, 7]], 7]),
    },
  },
  {
    id: 'factorial→triangular',
    production: {
      entry: 'factorial',
      taskType: 'number-series',
      description: 'n factorial.',
      code: `function factorial(k) {
  let result = 1;
  for (let i = 2; i <= k; i++) {
    result *= i;
  }
  return result;
}`,
    },
    target: {
      entry: 'triangular',
      taskType: 'number-series',
      description: 'Sum of the integers 1..n.',
      signature: '(n: number) => number',
      reference: 'function triangular(n) { return (n * (n + 1)) / 2; }',
      tests: cases([[0], 0], [[1], 1], [[4], 10], [[10], 55]),
      heldOut: cases([[2], 3], [[7], 28], [[100], 5050]),
    },
  },
  {
    id: 'capitalize→uncapitalize',
    production: {
      entry: 'capitalize',
      taskType: 'string-transform',
      description: 'The word with its first letter in upper case.',
      code: `function capitalize(word) {
  if (word.length === 0) return word;
  return word[0].toUpperCase() + word.slice(1);
}`,
    },
    target: {
      entry: 'uncapitalize',
      taskType: 'string-transform',
      description: 'The string with its first letter in lower case.',
      signature: '(s: string) => string',
      reference: 'function uncapitalize(s) { return s.length ? s[0].toLowerCase() + s.slice(1) : s; }',
      tests: cases([['Hello'], 'hello'], [[''], ''], [['ABC'], 'aBC'], [['x'], 'x']),
      heldOut: cases([['World Cup'], 'world Cup'], [['Q'], 'q'], [['already'], 'already']),
    },
  },
  {
    id: 'sum-squares→sum-cubes',
    production: {
      entry: 'sumOfSquares',
      taskType: 'array-aggregate',
      description: 'Sum of the squares of the numbers.',
      code: `function sumOfSquares(values) {
  let s = 0;
  for (const v of values) s += v ** 2;
  return s;
}`,
    },
    target: {
      entry: 'sumOfCubes',
      taskType: 'array-aggregate',
      description: 'Sum of the cubes of the numbers.',
      signature: '(xs: number[]) => number',
      reference: 'function sumOfCubes(xs) { let s = 0; for (const x of xs) s += x * x * x; return s; }',
      tests: cases([[[1, 2]], 9], [[[]], 0], [[[3]], 27], [[[-2, 2]], 0], [[[1, 1, 1]], 3]),
      heldOut: cases([[[4]], 64], [[[-1]], -1], [[[2, 3]], 35]),
    },
  },
  {
    id: 'fibonacci→lucas',
    production: {
      entry: 'fibonacci',
      taskType: 'number-series',
      description: 'The n-th Fibonacci number (0, 1, 1, 2, ...).',
      code: `function fibonacci(n) {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) {
    const next = a + b;
    a = b;
    b = next;
  }
  return a;
}`,
    },
    target: {
      entry: 'lucas',
      taskType: 'number-series',
      description: 'The n-th Lucas number (2, 1, 3, 4, 7, ...).',
      signature: '(n: number) => number',
      reference: 'function lucas(n) { let a = 2, b = 1; for (let i = 0; i < n; i++) { const t = a + b; a = b; b = t; } return a; }',
      tests: cases([[0], 2], [[1], 1], [[2], 3], [[4], 7], [[6], 18]),
      heldOut: cases([[3], 4], [[5], 11], [[10], 123]),
    },
  },
  {
    id: 'count-char→count-other',
    production: {
      entry: 'occurrences',
      taskType: 'string-count',
      description: 'How many times a character occurs in a text.',
      code: `function occurrences(text, letter) {
  let n = 0;
  for (const c of text) {
    if (c === letter) n += 1;
  }
  return n;
}`,
    },
    target: {
      entry: 'countOthers',
      taskType: 'string-count',
      description: 'How many characters of s differ from ch.',
      signature: '(ch: string, s: string) => number',
      reference: 'function countOthers(ch, s) { let n = 0; for (const c of s) if (c !== ch) n++; return n; }',
      tests: cases([['a', 'banana'], 3], [['x', ''], 0], [['z', 'zzz'], 0], [['b', 'abc'], 2]),
      heldOut: cases([['s', 'mississippi'], 7], [['q', 'q'], 0], [['l', 'hello'], 3]),
    },
  },
  {
    id: 'double→triple',
    production: {
      entry: 'doubled',
      taskType: 'array-map',
      description: 'Each number of the list doubled.',
      code: `function doubled(items) {
  const out = [];
  for (const x of items) out.push(x * 2);
  return out;
}`,
    },
    target: {
      entry: 'tripled',
      taskType: 'array-map',
      description: 'Each number of the list tripled.',
      signature: '(xs: number[]) => number[]',
      reference: 'function tripled(xs) { return xs.map((x) => x * 3); }',
      tests: cases([[[1, 2]], [3, 6]], [[[]], []], [[[-1]], [-3]], [[[0, 5]], [0, 15]]),
      heldOut: cases([[[10]], [30]], [[[2, 2, 2]], [6, 6, 6]], [[[-4, 4]], [-12, 12]]),
    },
  },
];
