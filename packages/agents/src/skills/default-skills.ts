import type { TestCase } from '@genesis/sandbox';

/** A reusable function in the Builder's skill library. */
export interface Skill {
  skillId: string;
  /** The function's name in `code`. */
  name: string;
  description: string;
  /** Task category: `string`, `array`, `math` for the shipped skills; `learned` for code a verified run produced. */
  category: 'string' | 'array' | 'math' | 'learned';
  tags: string[];
  params: string[];
  /** A JavaScript function declaration named `name`. */
  code: string;
  /** Calls the skill answers correctly (checked in this package's tests by running them in the sandbox). */
  examples: TestCase[];
}

type SkillInput = Omit<Skill, 'skillId' | 'params'>;

function skill(input: SkillInput): Skill {
  const params = /^function\s+\w+\s*\(([^)]*)\)/.exec(input.code)?.[1];
  return {
    ...input,
    skillId: `skill:${input.name}`,
    params: (params ?? '').split(',').map((p) => p.trim().replace(/\s*=.*$/, '')).filter(Boolean),
  };
}

const ex = (args: unknown[], expected: unknown): TestCase => ({ args, expected });

/**
 * The Builder's shipped skill library: small, correct, plainly written functions over strings, arrays and numbers.
 * Retrieval picks the closest skill for a task by text, so a task that only resembles a skill (sum of odd numbers vs
 * sum of even numbers) gets code that is close but wrong — QA catches that and SE-Darwin repairs it.
 */
export const defaultSkills: readonly Skill[] = Object.freeze([
  // ---- strings
  skill({ name: 'reverseString', category: 'string', tags: ['string', 'reverse', 'characters'], description: 'Reverse the characters of a string.',
    code: `function reverseString(s) {\n  let out = '';\n  for (let i = s.length - 1; i >= 0; i--) out += s[i];\n  return out;\n}`,
    examples: [ex(['abc'], 'cba'), ex([''], ''), ex(['racecar'], 'racecar')] }),
  skill({ name: 'isPalindrome', category: 'string', tags: ['string', 'palindrome', 'check'], description: 'Check whether a string reads the same forwards and backwards, ignoring case and non-alphanumeric characters.',
    code: `function isPalindrome(s) {\n  const clean = s.toLowerCase().replace(/[^a-z0-9]/g, '');\n  for (let i = 0, j = clean.length - 1; i < j; i++, j--) {\n    if (clean[i] !== clean[j]) return false;\n  }\n  return true;\n}`,
    examples: [ex(['A man, a plan, a canal: Panama'], true), ex(['hello'], false), ex([''], true)] }),
  skill({ name: 'countVowels', category: 'string', tags: ['string', 'count', 'vowels', 'letters'], description: 'Count the vowels (a, e, i, o, u) in a string, case-insensitively.',
    code: `function countVowels(s) {\n  let count = 0;\n  for (const ch of s.toLowerCase()) {\n    if ('aeiou'.includes(ch)) count++;\n  }\n  return count;\n}`,
    examples: [ex(['Hello World'], 3), ex(['xyz'], 0), ex(['AEIOU'], 5)] }),
  skill({ name: 'capitalizeWords', category: 'string', tags: ['string', 'capitalize', 'words', 'title case'], description: 'Capitalize the first letter of every word in a string.',
    code: `function capitalizeWords(s) {\n  return s\n    .split(' ')\n    .map((w) => (w.length > 0 ? w[0].toUpperCase() + w.slice(1) : w))\n    .join(' ');\n}`,
    examples: [ex(['hello big world'], 'Hello Big World'), ex([''], ''), ex(['a b'], 'A B')] }),
  skill({ name: 'toCamelCase', category: 'string', tags: ['string', 'case', 'camel case', 'convert'], description: 'Convert words separated by spaces, dashes or underscores to camelCase.',
    code: `function toCamelCase(s) {\n  const words = s.split(/[\\s_-]+/).filter((w) => w.length > 0);\n  return words\n    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()))\n    .join('');\n}`,
    examples: [ex(['hello world'], 'helloWorld'), ex(['foo-bar_baz'], 'fooBarBaz'), ex(['Already'], 'already')] }),
  skill({ name: 'toKebabCase', category: 'string', tags: ['string', 'case', 'kebab case', 'dash', 'convert'], description: 'Convert a camelCase or spaced phrase to kebab-case (lowercase words joined by dashes).',
    code: `function toKebabCase(s) {\n  return s\n    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')\n    .split(/[\\s_-]+/)\n    .filter((w) => w.length > 0)\n    .map((w) => w.toLowerCase())\n    .join('-');\n}`,
    examples: [ex(['helloWorld'], 'hello-world'), ex(['Foo Bar baz'], 'foo-bar-baz'), ex(['x'], 'x')] }),
  skill({ name: 'countWords', category: 'string', tags: ['string', 'count', 'words'], description: 'Count the words in a string (runs of non-space characters).',
    code: `function countWords(s) {\n  return s.split(/\\s+/).filter((w) => w.length > 0).length;\n}`,
    examples: [ex(['  hello   big world '], 3), ex([''], 0), ex(['one'], 1)] }),
  skill({ name: 'longestWord', category: 'string', tags: ['string', 'words', 'longest', 'max length'], description: 'Return the longest word in a sentence (the first one on ties).',
    code: `function longestWord(s) {\n  let best = '';\n  for (const w of s.split(/\\s+/)) {\n    if (w.length > best.length) best = w;\n  }\n  return best;\n}`,
    examples: [ex(['the quick brown fox'], 'quick'), ex([''], ''), ex(['a bb cc'], 'bb')] }),
  skill({ name: 'isAnagram', category: 'string', tags: ['string', 'anagram', 'letters', 'compare'], description: 'Check whether two strings are anagrams of each other, ignoring case and spaces.',
    code: `function isAnagram(a, b) {\n  const norm = (s) => s.toLowerCase().replace(/\\s+/g, '').split('').sort().join('');\n  return norm(a) === norm(b);\n}`,
    examples: [ex(['Listen', 'Silent'], true), ex(['abc', 'abd'], false), ex(['a gentleman', 'elegant man'], true)] }),
  skill({ name: 'uniqueChars', category: 'string', tags: ['string', 'unique', 'duplicates', 'characters'], description: 'Remove repeated characters from a string, keeping the first occurrence of each.',
    code: `function uniqueChars(s) {\n  let out = '';\n  for (const ch of s) {\n    if (!out.includes(ch)) out += ch;\n  }\n  return out;\n}`,
    examples: [ex(['banana'], 'ban'), ex([''], ''), ex(['abc'], 'abc')] }),
  skill({ name: 'truncate', category: 'string', tags: ['string', 'truncate', 'shorten', 'ellipsis'], description: 'Shorten a string to at most n characters, ending with "..." when it was cut.',
    code: `function truncate(s, n) {\n  if (s.length <= n) return s;\n  return s.slice(0, Math.max(0, n - 3)) + '...';\n}`,
    examples: [ex(['hello world', 8], 'hello...'), ex(['hi', 5], 'hi'), ex(['abcdef', 6], 'abcdef')] }),
  skill({ name: 'charFrequency', category: 'string', tags: ['string', 'count', 'frequency', 'characters', 'histogram'], description: 'Count how often each character occurs in a string, as an object.',
    code: `function charFrequency(s) {\n  const counts = {};\n  for (const ch of s) counts[ch] = (counts[ch] || 0) + 1;\n  return counts;\n}`,
    examples: [ex(['aab'], { a: 2, b: 1 }), ex([''], {})] }),
  skill({ name: 'reverseWords', category: 'string', tags: ['string', 'reverse', 'words', 'order'], description: 'Reverse the order of the words in a sentence.',
    code: `function reverseWords(s) {\n  return s.split(/\\s+/).filter((w) => w.length > 0).reverse().join(' ');\n}`,
    examples: [ex(['the sky is blue'], 'blue is sky the'), ex(['  a  b '], 'b a'), ex([''], '')] }),
  // ---- arrays
  skill({ name: 'sumEvens', category: 'array', tags: ['array', 'sum', 'even', 'numbers', 'filter'], description: 'Sum of the even numbers in an array of integers.',
    code: `function sumEvens(xs) {\n  let total = 0;\n  for (const x of xs) {\n    if (x % 2 === 0) total += x;\n  }\n  return total;\n}`,
    examples: [ex([[1, 2, 3, 4]], 6), ex([[]], 0), ex([[-2, 5, 8]], 6)] }),
  skill({ name: 'sumArray', category: 'array', tags: ['array', 'sum', 'total', 'numbers'], description: 'Sum of all numbers in an array.',
    code: `function sumArray(xs) {\n  let total = 0;\n  for (const x of xs) total += x;\n  return total;\n}`,
    examples: [ex([[1, 2, 3]], 6), ex([[]], 0), ex([[-1, 1]], 0)] }),
  skill({ name: 'maxOfArray', category: 'array', tags: ['array', 'max', 'maximum', 'largest', 'numbers'], description: 'Return the largest number in a non-empty array.',
    code: `function maxOfArray(xs) {\n  let best = xs[0];\n  for (const x of xs) {\n    if (x > best) best = x;\n  }\n  return best;\n}`,
    examples: [ex([[3, 9, 2]], 9), ex([[-5, -1, -7]], -1), ex([[4]], 4)] }),
  skill({ name: 'averageOf', category: 'array', tags: ['array', 'average', 'mean', 'numbers'], description: 'Arithmetic mean of an array of numbers (0 for an empty array).',
    code: `function averageOf(xs) {\n  if (xs.length === 0) return 0;\n  let total = 0;\n  for (const x of xs) total += x;\n  return total / xs.length;\n}`,
    examples: [ex([[1, 2, 3, 4]], 2.5), ex([[]], 0), ex([[5]], 5)] }),
  skill({ name: 'uniqueValues', category: 'array', tags: ['array', 'unique', 'duplicates', 'distinct', 'dedupe'], description: 'Remove duplicate values from an array, keeping first occurrences in order.',
    code: `function uniqueValues(xs) {\n  const seen = new Set();\n  const out = [];\n  for (const x of xs) {\n    if (!seen.has(x)) {\n      seen.add(x);\n      out.push(x);\n    }\n  }\n  return out;\n}`,
    examples: [ex([[1, 2, 1, 3, 2]], [1, 2, 3]), ex([[]], []), ex([['a', 'a']], ['a'])] }),
  skill({ name: 'flattenArray', category: 'array', tags: ['array', 'flatten', 'nested', 'deep'], description: 'Flatten arbitrarily nested arrays into one flat array.',
    code: `function flattenArray(xs) {\n  const out = [];\n  for (const x of xs) {\n    if (Array.isArray(x)) out.push(...flattenArray(x));\n    else out.push(x);\n  }\n  return out;\n}`,
    examples: [ex([[1, [2, [3, [4]]], 5]], [1, 2, 3, 4, 5]), ex([[]], [])] }),
  skill({ name: 'chunkArray', category: 'array', tags: ['array', 'chunk', 'split', 'groups', 'size'], description: 'Split an array into consecutive chunks of a given size (the last one may be shorter).',
    code: `function chunkArray(xs, size) {\n  const out = [];\n  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));\n  return out;\n}`,
    examples: [ex([[1, 2, 3, 4, 5], 2], [[1, 2], [3, 4], [5]]), ex([[], 3], [])] }),
  skill({ name: 'countOccurrences', category: 'array', tags: ['array', 'count', 'occurrences', 'value'], description: 'Count how many times a value occurs in an array.',
    code: `function countOccurrences(xs, value) {\n  let count = 0;\n  for (const x of xs) {\n    if (x === value) count++;\n  }\n  return count;\n}`,
    examples: [ex([[1, 2, 1, 1], 1], 3), ex([[], 1], 0)] }),
  skill({ name: 'filterPositive', category: 'array', tags: ['array', 'filter', 'positive', 'numbers'], description: 'Keep only the positive numbers (greater than zero) of an array.',
    code: `function filterPositive(xs) {\n  return xs.filter((x) => x > 0);\n}`,
    examples: [ex([[-1, 0, 2, 5]], [2, 5]), ex([[]], [])] }),
  skill({ name: 'secondLargest', category: 'array', tags: ['array', 'second', 'largest', 'max', 'numbers'], description: 'Return the second largest distinct number of an array, or null when there is none.',
    code: `function secondLargest(xs) {\n  let first = -Infinity;\n  let second = -Infinity;\n  for (const x of xs) {\n    if (x > first) {\n      second = first;\n      first = x;\n    } else if (x > second && x < first) {\n      second = x;\n    }\n  }\n  return second === -Infinity ? null : second;\n}`,
    examples: [ex([[3, 1, 4, 1, 5]], 4), ex([[2, 2]], null), ex([[7, 9]], 7)] }),
  skill({ name: 'rotateLeft', category: 'array', tags: ['array', 'rotate', 'left', 'shift'], description: 'Rotate an array left by k positions.',
    code: `function rotateLeft(xs, k) {\n  if (xs.length === 0) return [];\n  const n = ((k % xs.length) + xs.length) % xs.length;\n  return xs.slice(n).concat(xs.slice(0, n));\n}`,
    examples: [ex([[1, 2, 3, 4, 5], 2], [3, 4, 5, 1, 2]), ex([[], 3], []), ex([[1, 2], 3], [2, 1])] }),
  skill({ name: 'zipArrays', category: 'array', tags: ['array', 'zip', 'pairs', 'combine'], description: 'Pair up elements of two arrays by index, up to the shorter length.',
    code: `function zipArrays(a, b) {\n  const out = [];\n  for (let i = 0; i < Math.min(a.length, b.length); i++) out.push([a[i], b[i]]);\n  return out;\n}`,
    examples: [ex([[1, 2, 3], ['a', 'b']], [[1, 'a'], [2, 'b']]), ex([[], [1]], [])] }),
  skill({ name: 'sortAscending', category: 'array', tags: ['array', 'sort', 'ascending', 'order', 'numbers'], description: 'Sort an array of numbers in ascending order without changing the input.',
    code: `function sortAscending(xs) {\n  return [...xs].sort((a, b) => a - b);\n}`,
    examples: [ex([[3, 1, 2]], [1, 2, 3]), ex([[10, -1, 5]], [-1, 5, 10])] }),
  skill({ name: 'productOfArray', category: 'array', tags: ['array', 'product', 'multiply', 'numbers'], description: 'Product of all numbers in an array (1 for an empty array).',
    code: `function productOfArray(xs) {\n  let product = 1;\n  for (const x of xs) product *= x;\n  return product;\n}`,
    examples: [ex([[2, 3, 4]], 24), ex([[]], 1)] }),
  skill({ name: 'cumulativeSum', category: 'array', tags: ['array', 'cumulative', 'running', 'prefix', 'sum'], description: 'Running totals of an array: element i is the sum of the first i + 1 numbers.',
    code: `function cumulativeSum(xs) {\n  const out = [];\n  let total = 0;\n  for (const x of xs) {\n    total += x;\n    out.push(total);\n  }\n  return out;\n}`,
    examples: [ex([[1, 2, 3]], [1, 3, 6]), ex([[]], [])] }),
  skill({ name: 'binarySearch', category: 'array', tags: ['array', 'search', 'binary search', 'sorted', 'index'], description: 'Index of a target in a sorted array using binary search, or -1 when absent.',
    code: `function binarySearch(xs, target) {\n  let lo = 0;\n  let hi = xs.length - 1;\n  while (lo <= hi) {\n    const mid = Math.floor((lo + hi) / 2);\n    if (xs[mid] === target) return mid;\n    if (xs[mid] < target) lo = mid + 1;\n    else hi = mid - 1;\n  }\n  return -1;\n}`,
    examples: [ex([[1, 3, 5, 7, 9], 7], 3), ex([[1, 3, 5], 4], -1), ex([[], 1], -1)] }),
  // ---- math
  skill({ name: 'factorial', category: 'math', tags: ['math', 'factorial', 'product', 'integer'], description: 'Factorial of a non-negative integer n (n!).',
    code: `function factorial(n) {\n  let result = 1;\n  for (let i = 2; i <= n; i++) result *= i;\n  return result;\n}`,
    examples: [ex([5], 120), ex([0], 1), ex([1], 1)] }),
  skill({ name: 'fibonacci', category: 'math', tags: ['math', 'fibonacci', 'sequence'], description: 'The n-th Fibonacci number (fibonacci(0) = 0, fibonacci(1) = 1).',
    code: `function fibonacci(n) {\n  let a = 0;\n  let b = 1;\n  for (let i = 0; i < n; i++) {\n    const next = a + b;\n    a = b;\n    b = next;\n  }\n  return a;\n}`,
    examples: [ex([0], 0), ex([1], 1), ex([10], 55)] }),
  skill({ name: 'isPrime', category: 'math', tags: ['math', 'prime', 'check', 'integer'], description: 'Check whether an integer is a prime number.',
    code: `function isPrime(n) {\n  if (n < 2) return false;\n  for (let d = 2; d * d <= n; d++) {\n    if (n % d === 0) return false;\n  }\n  return true;\n}`,
    examples: [ex([7], true), ex([1], false), ex([9], false), ex([2], true)] }),
  skill({ name: 'gcd', category: 'math', tags: ['math', 'gcd', 'greatest common divisor', 'euclid'], description: 'Greatest common divisor of two non-negative integers (Euclid).',
    code: `function gcd(a, b) {\n  while (b !== 0) {\n    const t = b;\n    b = a % b;\n    a = t;\n  }\n  return a;\n}`,
    examples: [ex([12, 18], 6), ex([7, 0], 7), ex([17, 5], 1)] }),
  skill({ name: 'sumOfDigits', category: 'math', tags: ['math', 'digits', 'sum', 'integer'], description: 'Sum of the decimal digits of a non-negative integer.',
    code: `function sumOfDigits(n) {\n  let total = 0;\n  while (n > 0) {\n    total += n % 10;\n    n = Math.floor(n / 10);\n  }\n  return total;\n}`,
    examples: [ex([1234], 10), ex([0], 0), ex([9], 9)] }),
  skill({ name: 'isPowerOfTwo', category: 'math', tags: ['math', 'power', 'two', 'check', 'integer'], description: 'Check whether a positive integer is a power of two.',
    code: `function isPowerOfTwo(n) {\n  if (n < 1) return false;\n  while (n % 2 === 0) n = n / 2;\n  return n === 1;\n}`,
    examples: [ex([8], true), ex([6], false), ex([1], true), ex([0], false)] }),
  skill({ name: 'celsiusToFahrenheit', category: 'math', tags: ['math', 'temperature', 'convert', 'celsius', 'fahrenheit'], description: 'Convert a temperature from Celsius to Fahrenheit.',
    code: `function celsiusToFahrenheit(c) {\n  return (c * 9) / 5 + 32;\n}`,
    examples: [ex([0], 32), ex([100], 212), ex([-40], -40)] }),
  skill({ name: 'primesUpTo', category: 'math', tags: ['math', 'prime', 'list', 'sieve'], description: 'List all prime numbers up to and including n.',
    code: `function primesUpTo(n) {\n  const out = [];\n  for (let k = 2; k <= n; k++) {\n    let prime = true;\n    for (let d = 2; d * d <= k; d++) {\n      if (k % d === 0) {\n        prime = false;\n        break;\n      }\n    }\n    if (prime) out.push(k);\n  }\n  return out;\n}`,
    examples: [ex([10], [2, 3, 5, 7]), ex([1], []), ex([2], [2])] }),
  skill({ name: 'clamp', category: 'math', tags: ['math', 'clamp', 'range', 'bounds', 'limit'], description: 'Limit a number to the range [min, max].',
    code: `function clamp(x, min, max) {\n  if (x < min) return min;\n  if (x > max) return max;\n  return x;\n}`,
    examples: [ex([5, 0, 10], 5), ex([-3, 0, 10], 0), ex([12, 0, 10], 10)] }),
  skill({ name: 'digitCount', category: 'math', tags: ['math', 'digits', 'count', 'length', 'integer'], description: 'Number of decimal digits of a non-negative integer.',
    code: `function digitCount(n) {\n  let count = 1;\n  while (n >= 10) {\n    n = Math.floor(n / 10);\n    count++;\n  }\n  return count;\n}`,
    examples: [ex([0], 1), ex([9], 1), ex([12345], 5)] }),
]);
