import type { TestCase } from '@genesis/sandbox';
import type { DemoSize } from './args.js';
import type { BackendTaskDef, FunctionTaskDef, TaskDef } from './types.js';

/**
 * A function task as written here: inputs plus an oracle. Expected values are computed from the oracle, so a typo
 * in an expectation cannot make a task unsolvable; the oracle itself is never shown to the Builder or to SE-Darwin.
 */
interface FunctionSpec {
  taskId: string;
  taskType: string;
  description: string;
  entry: string;
  signature: string;
  oracle: (...args: any[]) => unknown;
  inputs: unknown[][];
  heldOut: unknown[][];
}

const cases = (oracle: FunctionSpec['oracle'], inputs: unknown[][]): TestCase[] =>
  inputs.map((args) => ({ args, expected: oracle(...structuredClone(args)) }));

function fn(spec: FunctionSpec): FunctionTaskDef {
  return {
    kind: 'function',
    taskId: spec.taskId,
    taskType: spec.taskType,
    description: spec.description,
    entry: spec.entry,
    signature: spec.signature,
    tests: cases(spec.oracle, spec.inputs),
    heldOutTests: cases(spec.oracle, spec.heldOut),
  };
}

const isPrime = (n: number): boolean => {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
};
const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);

/**
 * Pairs of tasks: a task the Builder's skill library covers (it succeeds in production and its plan becomes a
 * training example), and a related but different task whose closest skill is that same one (sum of odd numbers vs
 * sum of even numbers): the Builder adapts the wrong skill, QA's tests catch it, and SE-Darwin evolves a fix from
 * the production trajectory. Nothing here forces a failure: whether a task fails is decided by running the
 * Builder's code against the tests.
 */
const PAIRS: { base: FunctionSpec; variant: FunctionSpec }[] = [
  {
    base: {
      taskId: 'sum-evens', taskType: 'array-sum-evens', entry: 'sumEvenNumbers', signature: '(values: number[]) => number',
      description: 'Sum of the even numbers in an array of integers.',
      oracle: (xs: number[]) => xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0),
      inputs: [[[1, 2, 3, 4]], [[]], [[2, 2, 2]], [[7, 9]], [[10, -4, 3]]],
      heldOut: [[[0, 1, 6]], [[-6, -3, 5, 8]], [[100]]],
    },
    variant: {
      taskId: 'sum-odds', taskType: 'array-sum-odds', entry: 'sumOddNumbers', signature: '(values: number[]) => number',
      description: 'Sum of the odd numbers in an array of integers.',
      oracle: (xs: number[]) => xs.filter((x) => x % 2 !== 0).reduce((a, b) => a + b, 0),
      inputs: [[[1, 2, 3, 4]], [[]], [[2, 4, 6]], [[7, 9]], [[10, -3, 5]]],
      heldOut: [[[0, 1, 6]], [[-7, -3, 5, 8]], [[11]]],
    },
  },
  {
    base: {
      taskId: 'max-value', taskType: 'array-max', entry: 'largestValue', signature: '(values: number[]) => number',
      description: 'Return the largest number in a non-empty array.',
      oracle: (xs: number[]) => Math.max(...xs),
      inputs: [[[3, 9, 2]], [[-5, -1, -7]], [[4]], [[1, 2, 3, 4]]],
      heldOut: [[[10, 10, 2]], [[-3, 0, -8]], [[7, 6, 5]]],
    },
    variant: {
      taskId: 'min-value', taskType: 'array-min', entry: 'smallestValue', signature: '(values: number[]) => number',
      description: 'Return the smallest number in a non-empty array.',
      oracle: (xs: number[]) => Math.min(...xs),
      inputs: [[[4, 3, 2, 1]], [[3, 9, 2]], [[-5, -1, -7]], [[4]]],
      heldOut: [[[10, 10, 20]], [[-3, 0, -8]], [[5, 6, 7]]],
    },
  },
  {
    base: {
      taskId: 'keep-positive', taskType: 'array-filter-positive', entry: 'keepPositive', signature: '(values: number[]) => number[]',
      description: 'Keep only the positive numbers (greater than zero) of an array.',
      oracle: (xs: number[]) => xs.filter((x) => x > 0),
      inputs: [[[-1, 0, 2, 5]], [[]], [[3, -3]], [[0, 0]]],
      heldOut: [[[-9, 9, 0, 1]], [[5]], [[-1, -2]]],
    },
    variant: {
      taskId: 'keep-negative', taskType: 'array-filter-negative', entry: 'keepNegative', signature: '(values: number[]) => number[]',
      description: 'Keep only the negative numbers (less than zero) of an array.',
      oracle: (xs: number[]) => xs.filter((x) => x < 0),
      inputs: [[[-1, 0, 2, -5]], [[]], [[3, -3]], [[0, 4]]],
      heldOut: [[[-9, 9, 0, -1]], [[-5]], [[1, 2]]],
    },
  },
  {
    base: {
      taskId: 'sort-asc', taskType: 'array-sort-ascending', entry: 'sortUp', signature: '(values: number[]) => number[]',
      description: 'Sort an array of numbers in ascending order without changing the input.',
      oracle: (xs: number[]) => [...xs].sort((a, b) => a - b),
      inputs: [[[3, 1, 2]], [[10, -1, 5]], [[]], [[2, 2, 1]]],
      heldOut: [[[100, 20, 3]], [[-1, -10, 0]]],
    },
    variant: {
      taskId: 'sort-desc', taskType: 'array-sort-descending', entry: 'sortDown', signature: '(values: number[]) => number[]',
      description: 'Sort an array of numbers in descending order without changing the input.',
      oracle: (xs: number[]) => [...xs].sort((a, b) => b - a),
      inputs: [[[3, 1, 2]], [[10, -1, 5]], [[]], [[1, 2, 2]]],
      heldOut: [[[3, 20, 100]], [[-1, -10, 0]]],
    },
  },
  {
    base: {
      taskId: 'fib', taskType: 'math-fibonacci', entry: 'fib', signature: '(n: number) => number',
      description: 'The n-th Fibonacci number (fibonacci(0) = 0, fibonacci(1) = 1).',
      oracle: (n: number) => { let a = 0, b = 1; for (let i = 0; i < n; i++) [a, b] = [b, a + b]; return a; },
      inputs: [[0], [1], [2], [7], [10]],
      heldOut: [[5], [12], [20]],
    },
    variant: {
      taskId: 'fib-from-one', taskType: 'math-sequence-one-one', entry: 'seqOneOne', signature: '(n: number) => number',
      description: 'The n-th term of the Fibonacci-like sequence 1, 1, 2, 3, 5, 8 (term 0 is 1, term 1 is 1).',
      oracle: (n: number) => { let a = 1, b = 1; for (let i = 0; i < n; i++) [a, b] = [b, a + b]; return a; },
      inputs: [[0], [1], [2], [5], [9]],
      heldOut: [[3], [11], [15]],
    },
  },
  {
    base: {
      taskId: 'primes-up-to', taskType: 'math-primes-up-to', entry: 'primesThrough', signature: '(n: number) => number[]',
      description: 'List all prime numbers up to and including n.',
      oracle: (n: number) => range(2, n).filter(isPrime),
      inputs: [[10], [1], [2], [13]],
      heldOut: [[20], [3], [0]],
    },
    variant: {
      taskId: 'composites-up-to', taskType: 'math-composites-up-to', entry: 'compositesThrough', signature: '(n: number) => number[]',
      description: 'List all composite (not prime) numbers from 2 up to and including n.',
      oracle: (n: number) => range(2, n).filter((k) => !isPrime(k)),
      inputs: [[10], [1], [4], [13]],
      heldOut: [[20], [3], [9]],
    },
  },
  {
    base: {
      taskId: 'count-vowels', taskType: 'string-count-vowels', entry: 'vowelCount', signature: '(text: string) => number',
      description: 'Count the vowels (a, e, i, o, u) in a string, case-insensitively.',
      oracle: (s: string) => [...s.toLowerCase()].filter((c) => 'aeiou'.includes(c)).length,
      inputs: [['Hello World'], ['xyz'], ['AEIOU'], ['']],
      heldOut: [['Banana Split'], ['rhythm'], ['Queue']],
    },
    variant: {
      taskId: 'count-consonant-letters', taskType: 'string-count-non-vowels', entry: 'nonVowelCount', signature: '(word: string) => number',
      description: 'Count the letters of a word that are not vowels (a, e, i, o, u), case-insensitively.',
      oracle: (s: string) => [...s.toLowerCase()].filter((c) => !'aeiou'.includes(c)).length,
      inputs: [['Hello'], ['xyz'], ['AEIOU'], ['']],
      heldOut: [['Banana'], ['rhythm'], ['Queue']],
    },
  },
  {
    base: {
      taskId: 'capitalize', taskType: 'string-capitalize-words', entry: 'titleCase', signature: '(text: string) => string',
      description: 'Capitalize the first letter of every word in a string.',
      oracle: (s: string) => s.split(' ').map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' '),
      inputs: [['hello big world'], [''], ['a b'], ['already Done']],
      heldOut: [['one'], ['x y z'], ['mIxed case']],
    },
    variant: {
      taskId: 'uncapitalize', taskType: 'string-uncapitalize-words', entry: 'lowerFirstLetters', signature: '(text: string) => string',
      description: 'Lowercase the first letter of every word in a string.',
      oracle: (s: string) => s.split(' ').map((w) => (w ? w[0]!.toLowerCase() + w.slice(1) : w)).join(' '),
      inputs: [['Hello Big World'], [''], ['A B'], ['Already done']],
      heldOut: [['One'], ['X Y Z'], ['MIxed Case']],
    },
  },
  {
    base: {
      taskId: 'count-value', taskType: 'array-count-occurrences', entry: 'occurrences', signature: '(values: number[], target: number) => number',
      description: 'Count how many times a value occurs in an array.',
      oracle: (xs: number[], v: number) => xs.filter((x) => x === v).length,
      inputs: [[[1, 2, 1, 1], 1], [[], 1], [[3, 4], 5], [[7, 7], 7]],
      heldOut: [[[0, 0, 1], 0], [[2, 3, 2, 3], 3]],
    },
    variant: {
      taskId: 'count-other', taskType: 'array-count-different', entry: 'countDifferent', signature: '(values: number[], target: number) => number',
      description: 'Count how many elements of an array are different from a given value.',
      oracle: (xs: number[], v: number) => xs.filter((x) => x !== v).length,
      inputs: [[[1, 2, 1, 1], 1], [[], 1], [[3, 4], 5], [[7, 7], 7]],
      heldOut: [[[0, 0, 1], 0], [[2, 3, 2, 3, 4], 3]],
    },
  },
  {
    base: {
      taskId: 'longest-word', taskType: 'string-longest-word', entry: 'longestWordIn', signature: '(s: string) => string',
      description: 'Return the longest word in a sentence (the first one on ties).',
      oracle: (s: string) => s.split(/\s+/).reduce((best, w) => (w.length > best.length ? w : best), ''),
      inputs: [['the quick brown fox'], [''], ['a bb cc'], ['hello']],
      heldOut: [['ab cd ef'], ['tiny enormous big']],
    },
    variant: {
      taskId: 'longest-word-last', taskType: 'string-longest-word-last', entry: 'lastLongestWord', signature: '(s: string) => string',
      description: 'Return the longest word in a sentence (the last one on ties).',
      oracle: (s: string) => s.split(/\s+/).reduce((best, w) => (w.length >= best.length ? w : best), ''),
      inputs: [['the quick brown fox'], [''], ['a bb cc'], ['hello']],
      heldOut: [['ab cd ef'], ['tiny enormous big']],
    },
  },
  {
    base: {
      taskId: 'power-of-two', taskType: 'math-power-of-two', entry: 'isPow2', signature: '(n: number) => boolean',
      description: 'Check whether a positive integer is a power of two.',
      oracle: (n: number) => n >= 1 && Number.isInteger(Math.log2(n)),
      inputs: [[8], [6], [1], [0], [1024]],
      heldOut: [[2], [12], [64]],
    },
    variant: {
      taskId: 'power-of-three', taskType: 'math-power-of-three', entry: 'isPow3', signature: '(n: number) => boolean',
      description: 'Check whether a positive integer is a power of three.',
      oracle: (n: number) => { if (n < 1) return false; while (n % 3 === 0) n /= 3; return n === 1; },
      inputs: [[9], [6], [1], [0], [27], [2]],
      heldOut: [[3], [12], [81], [45]],
    },
  },
  {
    base: {
      taskId: 'keep-positive-2', taskType: 'array-filter-positive', entry: 'positivesOnly', signature: '(readings: number[]) => number[]',
      description: 'Keep only the positive readings (greater than zero) of an array of numbers.',
      oracle: (xs: number[]) => xs.filter((x) => x > 0),
      inputs: [[[-2, 0, 3]], [[]], [[1, 2]]],
      heldOut: [[[0, 0, 9]], [[-1]]],
    },
    variant: {
      taskId: 'keep-non-negative', taskType: 'array-filter-non-negative', entry: 'nonNegativeOnly', signature: '(readings: number[]) => number[]',
      description: 'Keep only the non-negative readings (zero or greater) of an array of numbers.',
      oracle: (xs: number[]) => xs.filter((x) => x >= 0),
      inputs: [[[-2, 0, 3]], [[]], [[1, 2]], [[0, -1]]],
      heldOut: [[[0, 0, 9]], [[-1]], [[-5, 5, 0]]],
    },
  },
  {
    base: {
      taskId: 'primes-up-to-2', taskType: 'math-primes-up-to', entry: 'primeList', signature: '(limit: number) => number[]',
      description: 'List the prime numbers up to and including a limit.',
      oracle: (n: number) => range(2, n).filter(isPrime),
      inputs: [[7], [2], [0]],
      heldOut: [[11], [30]],
    },
    variant: {
      taskId: 'primes-below', taskType: 'math-primes-below', entry: 'primesBelow', signature: '(limit: number) => number[]',
      description: 'List the prime numbers strictly below a limit (up to but excluding the limit).',
      oracle: (n: number) => range(2, n - 1).filter(isPrime),
      inputs: [[7], [2], [0], [10], [12]],
      heldOut: [[11], [30], [3]],
    },
  },
];

/** Backends the Builder generates and QA starts and exercises over HTTP. */
const BACKENDS: BackendTaskDef[] = [
  { kind: 'backend', taskId: 'backend-todo', taskType: 'backend-api', description: 'A todo-list API', appName: 'Todo API', apiRoutes: ['todos'], authRequired: false },
  { kind: 'backend', taskId: 'backend-shop', taskType: 'backend-api', description: 'A shop API with products and orders', appName: 'Shop', apiRoutes: ['products', 'orders'], authRequired: false },
  { kind: 'backend', taskId: 'backend-notes-auth', taskType: 'backend-api-auth', description: 'A notes API behind JWT authentication', appName: 'Secure Notes', apiRoutes: ['notes'], authRequired: true },
  { kind: 'backend', taskId: 'backend-crm-auth', taskType: 'backend-api-auth', description: 'A CRM API with customers and deals behind JWT authentication', appName: 'CRM', apiRoutes: ['customers', 'deals'], authRequired: true },
  { kind: 'backend', taskId: 'backend-blog', taskType: 'backend-api', description: 'A blog API with posts and comments', appName: 'Blog', apiRoutes: ['posts', 'comments'], authRequired: false },
  { kind: 'backend', taskId: 'backend-library-auth', taskType: 'backend-api-auth', description: 'A library API with books and a public catalog, behind JWT authentication', appName: 'Library', apiRoutes: ['books', { path: 'catalog', public: true }], authRequired: true },
];

/** Which pairs (by the variant's task id) and how many backends each size runs. */
export const SIZES: Record<DemoSize, { pairs: readonly string[]; backends: number }> = {
  // CI's smoke size: four pairs and one backend (a few seconds of learning).
  small: { pairs: ['keep-negative', 'count-other', 'primes-below', 'keep-non-negative'], backends: 1 },
  default: { pairs: PAIRS.map((p) => p.variant.taskId), backends: BACKENDS.length },
};

/**
 * The workload for a size: base tasks first (so their production trajectories exist when the variants run), then
 * the related variants, then the backends. The order is fixed, so runs are reproducible.
 */
export function buildWorkload(size: DemoSize): TaskDef[] {
  const { pairs, backends } = SIZES[size];
  const chosen = PAIRS.filter((p) => pairs.includes(p.variant.taskId));
  return [
    ...chosen.map((p) => fn(p.base)),
    ...chosen.map((p) => fn(p.variant)),
    ...BACKENDS.slice(0, backends),
  ];
}
