import { cases, type RepairProblem } from './types.js';

/**
 * The repair set: 36 classic algorithms, each with one realistic defect of the kinds catalogued by QuixBugs
 * (wrong comparison, off-by-one bound, wrong operator, wrong variable, swapped statements, inverted condition,
 * wrong constant, wrong method). Written for this repository.
 */
export const REPAIR_PROBLEMS: RepairProblem[] = [
  {
    id: 'binary-search',
    description: 'Index of target in a sorted array, or -1.',
    entry: 'binarySearch',
    signature: '(xs: number[], target: number) => number',
    defect: 'loop condition lo < hi misses the last candidate',
    correct: `function binarySearch(xs, target) {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (xs[mid] === target) return mid;
    if (xs[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}`,
    buggy: `function binarySearch(xs, target) {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (xs[mid] === target) return mid;
    if (xs[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}`,
    tests: cases([[[1, 3, 5, 7, 9], 7], 3], [[[1, 3, 5, 7, 9], 1], 0], [[[1, 3, 5, 7, 9], 9], 4], [[[2], 2], 0], [[[1, 2, 3], 4], -1], [[[], 1], -1]),
    heldOut: cases([[[1, 2, 3, 4, 5, 6], 6], 5], [[[10, 20, 30], 10], 0], [[[10, 20, 30], 25], -1], [[[5], 3], -1], [[[1, 3, 5, 7], 5], 2]),
  },
  {
    id: 'gcd',
    description: 'Greatest common divisor (Euclid).',
    entry: 'gcd',
    signature: '(a: number, b: number) => number',
    defect: 'recursive call with arguments in the wrong order never terminates',
    correct: `function gcd(a, b) {
  if (b === 0) return a;
  return gcd(b, a % b);
}`,
    buggy: `function gcd(a, b) {
  if (b === 0) return a;
  return gcd(a % b, b);
}`,
    tests: cases([[12, 8], 4], [[17, 5], 1], [[10, 0], 10], [[0, 5], 5], [[54, 24], 6]),
    heldOut: cases([[100, 75], 25], [[7, 7], 7], [[81, 27], 27], [[1, 99], 1]),
  },
  {
    id: 'bubble-sort',
    description: 'Sort numbers ascending (bubble sort), returning a new array.',
    entry: 'bubbleSort',
    signature: '(xs: number[]) => number[]',
    defect: 'inner bound one too small: the last pair of each pass is never compared',
    correct: `function bubbleSort(xs) {
  const a = xs.slice();
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length - 1 - i; j++) {
      if (a[j] > a[j + 1]) {
        const tmp = a[j];
        a[j] = a[j + 1];
        a[j + 1] = tmp;
      }
    }
  }
  return a;
}`,
    buggy: `function bubbleSort(xs) {
  const a = xs.slice();
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length - 2 - i; j++) {
      if (a[j] > a[j + 1]) {
        const tmp = a[j];
        a[j] = a[j + 1];
        a[j + 1] = tmp;
      }
    }
  }
  return a;
}`,
    tests: cases([[[3, 1, 2]], [1, 2, 3]], [[[5, 4, 3, 2, 1]], [1, 2, 3, 4, 5]], [[[1]], [1]], [[[]], []], [[[2, 1]], [1, 2]]),
    heldOut: cases([[[9, 7, 8, 1]], [1, 7, 8, 9]], [[[1, 2, 3]], [1, 2, 3]], [[[3, 3, 1]], [1, 3, 3]], [[[-1, -5, 0]], [-5, -1, 0]]),
  },
  {
    id: 'fibonacci',
    description: 'The n-th Fibonacci number, fib(0) = 0.',
    entry: 'fib',
    signature: '(n: number) => number',
    defect: 'loop runs one iteration too few',
    correct: `function fib(n) {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) {
    const next = a + b;
    a = b;
    b = next;
  }
  return a;
}`,
    buggy: `function fib(n) {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n - 1; i++) {
    const next = a + b;
    a = b;
    b = next;
  }
  return a;
}`,
    tests: cases([[0], 0], [[1], 1], [[2], 1], [[5], 5], [[10], 55]),
    heldOut: cases([[3], 2], [[7], 13], [[12], 144], [[20], 6765]),
  },
  {
    id: 'is-prime',
    description: 'Whether n is a prime number.',
    entry: 'isPrime',
    signature: '(n: number) => boolean',
    defect: 'trial division stops before the square root',
    correct: `function isPrime(n) {
  if (n < 2) return false;
  for (let i = 2; i * i <= n; i++) {
    if (n % i === 0) return false;
  }
  return true;
}`,
    buggy: `function isPrime(n) {
  if (n < 2) return false;
  for (let i = 2; i * i < n; i++) {
    if (n % i === 0) return false;
  }
  return true;
}`,
    tests: cases([[2], true], [[9], false], [[7], true], [[1], false], [[15], false], [[25], false]),
    heldOut: cases([[49], false], [[97], true], [[121], false], [[0], false], [[13], true]),
  },
  {
    id: 'reverse-string',
    description: 'The string reversed.',
    entry: 'reverse',
    signature: '(s: string) => string',
    defect: 'loop stops before index 0',
    correct: `function reverse(s) {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) {
    out += s[i];
  }
  return out;
}`,
    buggy: `function reverse(s) {
  let out = '';
  for (let i = s.length - 1; i > 0; i--) {
    out += s[i];
  }
  return out;
}`,
    tests: cases([['abc'], 'cba'], [[''], ''], [['a'], 'a'], [['hello'], 'olleh']),
    heldOut: cases([['ab'], 'ba'], [['racecar'], 'racecar'], [['xyz!'], '!zyx']),
  },
  {
    id: 'max-subarray',
    description: 'Largest sum of a non-empty contiguous subarray (Kadane).',
    entry: 'maxSubarray',
    signature: '(xs: number[]) => number',
    defect: 'running sum clamped at 0, wrong when every number is negative',
    correct: `function maxSubarray(xs) {
  let best = xs[0];
  let cur = 0;
  for (const x of xs) {
    cur = Math.max(x, cur + x);
    best = Math.max(best, cur);
  }
  return best;
}`,
    buggy: `function maxSubarray(xs) {
  let best = xs[0];
  let cur = 0;
  for (const x of xs) {
    cur = Math.max(0, cur + x);
    best = Math.max(best, cur);
  }
  return best;
}`,
    tests: cases([[[1, -2, 3, 4]], 7], [[[-3, -1, -2]], -1], [[[5]], 5], [[[2, 3]], 5], [[[-2, 1, -3, 4, -1, 2, 1, -5, 4]], 6]),
    heldOut: cases([[[-5]], -5], [[[0, 0]], 0], [[[3, -1, 3]], 5], [[[-1, -2, 5, -1]], 5]),
  },
  {
    id: 'levenshtein',
    description: 'Edit distance between two strings.',
    entry: 'levenshtein',
    signature: '(a: string, b: string) => number',
    defect: 'substitution cost inverted',
    correct: `function levenshtein(a, b) {
  const dp = [];
  for (let i = 0; i <= a.length; i++) {
    dp.push([]);
    for (let j = 0; j <= b.length; j++) {
      if (i === 0) dp[i][j] = j;
      else if (j === 0) dp[i][j] = i;
      else {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + cost);
      }
    }
  }
  return dp[a.length][b.length];
}`,
    buggy: `function levenshtein(a, b) {
  const dp = [];
  for (let i = 0; i <= a.length; i++) {
    dp.push([]);
    for (let j = 0; j <= b.length; j++) {
      if (i === 0) dp[i][j] = j;
      else if (j === 0) dp[i][j] = i;
      else {
        const cost = a[i - 1] === b[j - 1] ? 1 : 0;
        dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + cost);
      }
    }
  }
  return dp[a.length][b.length];
}`,
    tests: cases([['kitten', 'sitting'], 3], [['', 'abc'], 3], [['abc', 'abc'], 0], [['a', 'b'], 1], [['flaw', 'lawn'], 2]),
    heldOut: cases([['abc', ''], 3], [['sunday', 'saturday'], 3], [['ab', 'ba'], 2], [['x', 'x'], 0]),
  },
  {
    id: 'bitcount',
    description: 'Number of 1 bits of a non-negative integer.',
    entry: 'bitcount',
    signature: '(n: number) => number',
    defect: 'xor instead of and: the loop never ends',
    correct: `function bitcount(n) {
  let count = 0;
  while (n !== 0) {
    n &= n - 1;
    count++;
  }
  return count;
}`,
    buggy: `function bitcount(n) {
  let count = 0;
  while (n !== 0) {
    n ^= n - 1;
    count++;
  }
  return count;
}`,
    tests: cases([[0], 0], [[1], 1], [[127], 7], [[128], 1], [[5], 2]),
    heldOut: cases([[255], 8], [[1023], 10], [[6], 2], [[1048576], 1]),
  },
  {
    id: 'factorial',
    description: 'n! for n >= 0.',
    entry: 'factorial',
    signature: '(n: number) => number',
    defect: 'loop bound excludes n',
    correct: `function factorial(n) {
  let result = 1;
  for (let i = 2; i <= n; i++) result *= i;
  return result;
}`,
    buggy: `function factorial(n) {
  let result = 1;
  for (let i = 2; i < n; i++) result *= i;
  return result;
}`,
    tests: cases([[0], 1], [[1], 1], [[3], 6], [[5], 120]),
    heldOut: cases([[4], 24], [[6], 720], [[10], 3628800], [[2], 2]),
  },
  {
    id: 'sum-digits',
    description: 'Sum of the decimal digits of a non-negative integer.',
    entry: 'sumDigits',
    signature: '(n: number) => number',
    defect: 'loop stops one digit early',
    correct: `function sumDigits(n) {
  let sum = 0;
  while (n > 0) {
    sum += n % 10;
    n = Math.floor(n / 10);
  }
  return sum;
}`,
    buggy: `function sumDigits(n) {
  let sum = 0;
  while (n >= 10) {
    sum += n % 10;
    n = Math.floor(n / 10);
  }
  return sum;
}`,
    tests: cases([[123], 6], [[0], 0], [[9], 9], [[1000], 1], [[99], 18]),
    heldOut: cases([[4567], 22], [[10], 1], [[505], 10], [[7], 7]),
  },
  {
    id: 'count-vowels',
    description: 'Number of vowels (a, e, i, o, u; any case) in a string.',
    entry: 'countVowels',
    signature: '(s: string) => number',
    defect: 'indexOf(c) > 0 misses the first vowel of the list',
    correct: `function countVowels(s) {
  let count = 0;
  for (const c of s.toLowerCase()) {
    if ('aeiou'.indexOf(c) >= 0) count++;
  }
  return count;
}`,
    buggy: `function countVowels(s) {
  let count = 0;
  for (const c of s.toLowerCase()) {
    if ('aeiou'.indexOf(c) > 0) count++;
  }
  return count;
}`,
    tests: cases([['hello'], 2], [['AEIOU'], 5], [['xyz'], 0], [['banana'], 3], [[''], 0]),
    heldOut: cases([['Programming'], 3], [['aaa'], 3], [['rhythm'], 0], [['Education'], 5]),
  },
  {
    id: 'palindrome',
    description: 'Whether a string reads the same backwards.',
    entry: 'isPalindrome',
    signature: '(s: string) => boolean',
    defect: 'mirror index off by one',
    correct: `function isPalindrome(s) {
  const n = s.length;
  for (let i = 0; i < Math.floor(n / 2); i++) {
    if (s[i] !== s[n - 1 - i]) return false;
  }
  return true;
}`,
    buggy: `function isPalindrome(s) {
  const n = s.length;
  for (let i = 0; i < Math.floor(n / 2); i++) {
    if (s[i] !== s[n - i]) return false;
  }
  return true;
}`,
    tests: cases([['racecar'], true], [['abba'], true], [['abc'], false], [[''], true], [['a'], true], [['ab'], false]),
    heldOut: cases([['noon'], true], [['abca'], false], [['xyzyx'], true], [['aa'], true]),
  },
  {
    id: 'max-of-array',
    description: 'Largest element of a non-empty array.',
    entry: 'maxOf',
    signature: '(xs: number[]) => number',
    defect: 'comparison keeps the smaller element',
    correct: `function maxOf(xs) {
  let best = xs[0];
  for (let i = 1; i < xs.length; i++) {
    if (xs[i] > best) best = xs[i];
  }
  return best;
}`,
    buggy: `function maxOf(xs) {
  let best = xs[0];
  for (let i = 1; i < xs.length; i++) {
    if (xs[i] < best) best = xs[i];
  }
  return best;
}`,
    tests: cases([[[1, 5, 3]], 5], [[[-4, -2, -9]], -2], [[[7]], 7], [[[2, 2]], 2]),
    heldOut: cases([[[0, -1, 10, 3]], 10], [[[5, 4, 3]], 5], [[[-1]], -1]),
  },
  {
    id: 'index-of',
    description: 'Index of the first element equal to target, or -1.',
    entry: 'indexOf',
    signature: '(xs: number[], target: number) => number',
    defect: 'search starts at index 1',
    correct: `function indexOf(xs, target) {
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] === target) return i;
  }
  return -1;
}`,
    buggy: `function indexOf(xs, target) {
  for (let i = 1; i < xs.length; i++) {
    if (xs[i] === target) return i;
  }
  return -1;
}`,
    tests: cases([[[4, 5, 6], 5], 1], [[[4, 5, 6], 4], 0], [[[], 1], -1], [[[1, 1], 1], 0], [[[7], 8], -1]),
    heldOut: cases([[[9, 8, 7], 7], 2], [[[3], 3], 0], [[[1, 2], 3], -1]),
  },
  {
    id: 'fast-power',
    description: 'base to the power exp (exp a non-negative integer), by squaring.',
    entry: 'power',
    signature: '(base: number, exp: number) => number',
    defect: 'multiplies on even bits instead of odd ones',
    correct: `function power(base, exp) {
  let result = 1;
  while (exp > 0) {
    if (exp % 2 === 1) result *= base;
    base *= base;
    exp = Math.floor(exp / 2);
  }
  return result;
}`,
    buggy: `function power(base, exp) {
  let result = 1;
  while (exp > 0) {
    if (exp % 2 === 0) result *= base;
    base *= base;
    exp = Math.floor(exp / 2);
  }
  return result;
}`,
    tests: cases([[2, 10], 1024], [[3, 0], 1], [[5, 1], 5], [[2, 3], 8], [[7, 2], 49]),
    heldOut: cases([[3, 4], 81], [[10, 3], 1000], [[2, 1], 2], [[1, 100], 1]),
  },
  {
    id: 'merge-sorted',
    description: 'Merge two ascending arrays into one ascending array.',
    entry: 'merge',
    signature: '(a: number[], b: number[]) => number[]',
    defect: 'rest of the first array sliced with the second index',
    correct: `function merge(a, b) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] <= b[j]) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out.concat(a.slice(i), b.slice(j));
}`,
    buggy: `function merge(a, b) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] <= b[j]) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out.concat(a.slice(j), b.slice(j));
}`,
    tests: cases([[[1, 3, 5], [2, 4, 6]], [1, 2, 3, 4, 5, 6]], [[[], [1, 2]], [1, 2]], [[[1, 2], []], [1, 2]], [[[5, 6, 7], [1]], [1, 5, 6, 7]], [[[1], [1]], [1, 1]]),
    heldOut: cases([[[1, 2, 3], [4]], [1, 2, 3, 4]], [[[2], [1, 3]], [1, 2, 3]], [[[0, 0], [0]], [0, 0, 0]], [[[4, 8, 9], [1, 2]], [1, 2, 4, 8, 9]]),
  },
  {
    id: 'insertion-sort',
    description: 'Sort numbers ascending (insertion sort), returning a new array.',
    entry: 'insertionSort',
    signature: '(xs: number[]) => number[]',
    defect: 'shifting stops before index 0',
    correct: `function insertionSort(xs) {
  const a = xs.slice();
  for (let i = 1; i < a.length; i++) {
    const key = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > key) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = key;
  }
  return a;
}`,
    buggy: `function insertionSort(xs) {
  const a = xs.slice();
  for (let i = 1; i < a.length; i++) {
    const key = a[i];
    let j = i - 1;
    while (j > 0 && a[j] > key) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = key;
  }
  return a;
}`,
    tests: cases([[[3, 2, 1]], [1, 2, 3]], [[[1]], [1]], [[[]], []], [[[2, 1]], [1, 2]], [[[5, 1, 4]], [1, 4, 5]]),
    heldOut: cases([[[4, 3, 2, 1]], [1, 2, 3, 4]], [[[1, 2, 3]], [1, 2, 3]], [[[2, 2, 1]], [1, 2, 2]], [[[-1, -3, 2]], [-3, -1, 2]]),
  },
  {
    id: 'to-binary',
    description: 'Binary representation of a non-negative integer, as a string.',
    entry: 'toBinary',
    signature: '(n: number) => string',
    defect: 'digits appended instead of prepended (reversed output)',
    correct: `function toBinary(n) {
  if (n === 0) return '0';
  let out = '';
  while (n > 0) {
    out = (n % 2) + out;
    n = Math.floor(n / 2);
  }
  return out;
}`,
    buggy: `function toBinary(n) {
  if (n === 0) return '0';
  let out = '';
  while (n > 0) {
    out = out + (n % 2);
    n = Math.floor(n / 2);
  }
  return out;
}`,
    tests: cases([[0], '0'], [[1], '1'], [[2], '10'], [[6], '110'], [[11], '1011']),
    heldOut: cases([[8], '1000'], [[5], '101'], [[255], '11111111'], [[12], '1100']),
  },
  {
    id: 'triangle-number',
    description: 'Sum of 1..n.',
    entry: 'triangle',
    signature: '(n: number) => number',
    defect: 'n - 1 instead of n + 1 in the closed form',
    correct: `function triangle(n) {
  return (n * (n + 1)) / 2;
}`,
    buggy: `function triangle(n) {
  return (n * (n - 1)) / 2;
}`,
    tests: cases([[1], 1], [[3], 6], [[0], 0], [[10], 55]),
    heldOut: cases([[4], 10], [[100], 5050], [[2], 3]),
  },
  {
    id: 'celsius-to-fahrenheit',
    description: 'Convert degrees Celsius to Fahrenheit.',
    entry: 'toFahrenheit',
    signature: '(c: number) => number',
    defect: 'subtracts the offset instead of adding it',
    correct: `function toFahrenheit(c) {
  return (c * 9) / 5 + 32;
}`,
    buggy: `function toFahrenheit(c) {
  return (c * 9) / 5 - 32;
}`,
    tests: cases([[0], 32], [[100], 212], [[-40], -40], [[25], 77], [[10], 50]),
    heldOut: cases([[30], 86], [[-10], 14], [[5], 41]),
  },
  {
    id: 'count-words',
    description: 'Number of space-separated words in a string.',
    entry: 'countWords',
    signature: '(s: string) => number',
    defect: 'starts as if inside a word, so the first word is not counted',
    correct: `function countWords(s) {
  let count = 0;
  let inWord = false;
  for (const c of s) {
    if (c === ' ') inWord = false;
    else if (!inWord) {
      inWord = true;
      count++;
    }
  }
  return count;
}`,
    buggy: `function countWords(s) {
  let count = 0;
  let inWord = true;
  for (const c of s) {
    if (c === ' ') inWord = false;
    else if (!inWord) {
      inWord = true;
      count++;
    }
  }
  return count;
}`,
    tests: cases([['hello world'], 2], [[''], 0], [['one'], 1], [['  a  b '], 2]),
    heldOut: cases([['a b c'], 3], [[' x'], 1], [['abc def ghi jk'], 4]),
  },
  {
    id: 'unique',
    description: 'Elements without duplicates, in first-seen order.',
    entry: 'unique',
    signature: '(xs: number[]) => number[]',
    defect: 'missing negation: keeps only repeated elements',
    correct: `function unique(xs) {
  const seen = new Set();
  const out = [];
  for (const x of xs) {
    if (!seen.has(x)) {
      seen.add(x);
      out.push(x);
    }
  }
  return out;
}`,
    buggy: `function unique(xs) {
  const seen = new Set();
  const out = [];
  for (const x of xs) {
    if (seen.has(x)) {
      seen.add(x);
      out.push(x);
    }
  }
  return out;
}`,
    tests: cases([[[1, 2, 1, 3]], [1, 2, 3]], [[[]], []], [[[5, 5, 5]], [5]], [[[1, 2]], [1, 2]]),
    heldOut: cases([[[3, 1, 3, 2, 1]], [3, 1, 2]], [[[0]], [0]], [[[2, 2, 3, 3]], [2, 3]]),
  },
  {
    id: 'prefix-sums',
    description: 'Running totals of an array.',
    entry: 'prefixSums',
    signature: '(xs: number[]) => number[]',
    defect: 'total pushed before it is updated',
    correct: `function prefixSums(xs) {
  const out = [];
  let total = 0;
  for (const x of xs) {
    total += x;
    out.push(total);
  }
  return out;
}`,
    buggy: `function prefixSums(xs) {
  const out = [];
  let total = 0;
  for (const x of xs) {
    out.push(total);
    total += x;
  }
  return out;
}`,
    tests: cases([[[1, 2, 3]], [1, 3, 6]], [[[]], []], [[[5]], [5]], [[[2, -2, 4]], [2, 0, 4]]),
    heldOut: cases([[[1, 1, 1, 1]], [1, 2, 3, 4]], [[[10, -5]], [10, 5]], [[[0, 3]], [0, 3]]),
  },
  {
    id: 'is-sorted',
    description: 'Whether an array is in non-decreasing order.',
    entry: 'isSorted',
    signature: '(xs: number[]) => boolean',
    defect: 'equal neighbours rejected',
    correct: `function isSorted(xs) {
  for (let i = 0; i + 1 < xs.length; i++) {
    if (xs[i] > xs[i + 1]) return false;
  }
  return true;
}`,
    buggy: `function isSorted(xs) {
  for (let i = 0; i + 1 < xs.length; i++) {
    if (xs[i] >= xs[i + 1]) return false;
  }
  return true;
}`,
    tests: cases([[[1, 2, 3]], true], [[[3, 1]], false], [[[]], true], [[[2, 2]], true], [[[1, 3, 2]], false]),
    heldOut: cases([[[1, 1, 2]], true], [[[5]], true], [[[4, 4, 3]], false], [[[0, 1, 1, 2]], true]),
  },
  {
    id: 'leap-year',
    description: 'Whether a year is a leap year in the Gregorian calendar.',
    entry: 'isLeap',
    signature: '(y: number) => boolean',
    defect: 'or instead of and between the 4 and 100 rules',
    correct: `function isLeap(y) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}`,
    buggy: `function isLeap(y) {
  return (y % 4 === 0 || y % 100 !== 0) || y % 400 === 0;
}`,
    tests: cases([[2000], true], [[1900], false], [[2024], true], [[2023], false], [[2100], false]),
    heldOut: cases([[1600], true], [[1700], false], [[1996], true], [[2019], false]),
  },
  {
    id: 'clamp',
    description: 'x limited to the range [lo, hi].',
    entry: 'clamp',
    signature: '(x: number, lo: number, hi: number) => number',
    defect: 'max where min belongs',
    correct: `function clamp(x, lo, hi) {
  return Math.max(lo, Math.min(hi, x));
}`,
    buggy: `function clamp(x, lo, hi) {
  return Math.max(lo, Math.max(hi, x));
}`,
    tests: cases([[5, 0, 10], 5], [[-3, 0, 10], 0], [[15, 0, 10], 10], [[0, 0, 0], 0]),
    heldOut: cases([[7, 1, 5], 5], [[2, 3, 9], 3], [[4, 4, 8], 4]),
  },
  {
    id: 'lcm',
    description: 'Least common multiple of two positive integers.',
    entry: 'lcm',
    signature: '(a: number, b: number) => number',
    defect: 'helper gcd assigns the updated value instead of the saved one',
    correct: `function gcd(a, b) {
  while (b !== 0) {
    const t = b;
    b = a % b;
    a = t;
  }
  return a;
}
function lcm(a, b) {
  return (a / gcd(a, b)) * b;
}`,
    buggy: `function gcd(a, b) {
  while (b !== 0) {
    const t = b;
    b = a % b;
    a = b;
  }
  return a;
}
function lcm(a, b) {
  return (a / gcd(a, b)) * b;
}`,
    tests: cases([[4, 6], 12], [[3, 5], 15], [[7, 7], 7], [[2, 8], 8], [[12, 18], 36]),
    heldOut: cases([[9, 6], 18], [[1, 10], 10], [[21, 6], 42], [[5, 25], 25]),
  },
  {
    id: 'digital-root',
    description: 'Repeated digit sum until a single digit remains.',
    entry: 'digitalRoot',
    signature: '(n: number) => number',
    defect: 'n > 10 leaves 10 unreduced',
    correct: `function digitalRoot(n) {
  while (n >= 10) {
    let s = 0;
    while (n > 0) {
      s += n % 10;
      n = Math.floor(n / 10);
    }
    n = s;
  }
  return n;
}`,
    buggy: `function digitalRoot(n) {
  while (n > 10) {
    let s = 0;
    while (n > 0) {
      s += n % 10;
      n = Math.floor(n / 10);
    }
    n = s;
  }
  return n;
}`,
    tests: cases([[16], 7], [[942], 6], [[5], 5], [[10], 1], [[0], 0]),
    heldOut: cases([[132189], 6], [[19], 1], [[99], 9], [[1000], 1]),
  },
  {
    id: 'has-pair-sum',
    description: 'Whether two different elements add up to target.',
    entry: 'hasPairSum',
    signature: '(xs: number[], target: number) => boolean',
    defect: 'inner loop starts at i, pairing an element with itself',
    correct: `function hasPairSum(xs, target) {
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      if (xs[i] + xs[j] === target) return true;
    }
  }
  return false;
}`,
    buggy: `function hasPairSum(xs, target) {
  for (let i = 0; i < xs.length; i++) {
    for (let j = i; j < xs.length; j++) {
      if (xs[i] + xs[j] === target) return true;
    }
  }
  return false;
}`,
    tests: cases([[[1, 2, 3], 5], true], [[[1, 2, 3], 2], false], [[[], 0], false], [[[4], 8], false], [[[3, 3], 6], true]),
    heldOut: cases([[[5, 1, 4], 10], false], [[[2, 7, 11, 15], 9], true], [[[1, 2], 4], false], [[[0, 0], 0], true]),
  },
  {
    id: 'hanoi-moves',
    description: 'Number of moves to solve the Towers of Hanoi with n discs.',
    entry: 'hanoiMoves',
    signature: '(n: number) => number',
    defect: 'base case returns 1 for zero discs',
    correct: `function hanoiMoves(n) {
  if (n === 0) return 0;
  return 2 * hanoiMoves(n - 1) + 1;
}`,
    buggy: `function hanoiMoves(n) {
  if (n === 0) return 1;
  return 2 * hanoiMoves(n - 1) + 1;
}`,
    tests: cases([[0], 0], [[1], 1], [[3], 7], [[5], 31]),
    heldOut: cases([[2], 3], [[10], 1023], [[4], 15]),
  },
  {
    id: 'run-length',
    description: 'Run-length encoding: each run as the character followed by its length.',
    entry: 'rle',
    signature: '(s: string) => string',
    defect: 'run counter reset to 0 instead of 1',
    correct: `function rle(s) {
  let out = '';
  let count = 1;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === s[i + 1]) count++;
    else {
      out += s[i] + count;
      count = 1;
    }
  }
  return out;
}`,
    buggy: `function rle(s) {
  let out = '';
  let count = 1;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === s[i + 1]) count++;
    else {
      out += s[i] + count;
      count = 0;
    }
  }
  return out;
}`,
    tests: cases([['aaabb'], 'a3b2'], [[''], ''], [['abc'], 'a1b1c1'], [['zz'], 'z2']),
    heldOut: cases([['aabccc'], 'a2b1c3'], [['x'], 'x1'], [['aaaa'], 'a4']),
  },
  {
    id: 'transpose',
    description: 'Transpose of a rectangular matrix.',
    entry: 'transpose',
    signature: '(m: number[][]) => number[][]',
    defect: 'row loop skips the first row',
    correct: `function transpose(m) {
  if (m.length === 0) return [];
  const out = [];
  for (let j = 0; j < m[0].length; j++) {
    const row = [];
    for (let i = 0; i < m.length; i++) row.push(m[i][j]);
    out.push(row);
  }
  return out;
}`,
    buggy: `function transpose(m) {
  if (m.length === 0) return [];
  const out = [];
  for (let j = 0; j < m[0].length; j++) {
    const row = [];
    for (let i = 1; i < m.length; i++) row.push(m[i][j]);
    out.push(row);
  }
  return out;
}`,
    tests: cases([[[[1, 2], [3, 4]]], [[1, 3], [2, 4]]], [[[]], []], [[[[1, 2, 3]]], [[1], [2], [3]]], [[[[1], [2]]], [[1, 2]]]),
    heldOut: cases([[[[1, 2, 3], [4, 5, 6]]], [[1, 4], [2, 5], [3, 6]]], [[[[7]]], [[7]]], [[[[1, 2], [3, 4], [5, 6]]], [[1, 3, 5], [2, 4, 6]]]),
  },
  {
    id: 'second-largest',
    description: 'Second largest distinct value (-Infinity if none).',
    entry: 'secondLargest',
    signature: '(xs: number[]) => number',
    defect: 'new maximum stored before the old one is demoted',
    correct: `function secondLargest(xs) {
  let first = -Infinity;
  let second = -Infinity;
  for (const x of xs) {
    if (x > first) {
      second = first;
      first = x;
    } else if (x > second && x < first) {
      second = x;
    }
  }
  return second;
}`,
    buggy: `function secondLargest(xs) {
  let first = -Infinity;
  let second = -Infinity;
  for (const x of xs) {
    if (x > first) {
      first = x;
      second = first;
    } else if (x > second && x < first) {
      second = x;
    }
  }
  return second;
}`,
    tests: cases([[[1, 2, 3]], 2], [[[3, 2, 1]], 2], [[[5, 5, 4]], 4], [[[2, 1]], 1], [[[10, 20, 30, 40]], 30]),
    heldOut: cases([[[4, 1, 3]], 3], [[[7, 7, 7, 1]], 1], [[[-1, -2]], -2], [[[1, 9, 8]], 8]),
  },
  {
    id: 'fizzbuzz',
    description: "'Fizz' for multiples of 3, 'Buzz' of 5, 'FizzBuzz' of both, else the number as a string.",
    entry: 'fizzBuzz',
    signature: '(n: number) => string',
    defect: 'the multiple-of-3 check comes before the multiple-of-15 check',
    correct: `function fizzBuzz(n) {
  if (n % 15 === 0) return 'FizzBuzz';
  if (n % 3 === 0) return 'Fizz';
  if (n % 5 === 0) return 'Buzz';
  return String(n);
}`,
    buggy: `function fizzBuzz(n) {
  if (n % 3 === 0) return 'Fizz';
  if (n % 15 === 0) return 'FizzBuzz';
  if (n % 5 === 0) return 'Buzz';
  return String(n);
}`,
    tests: cases([[3], 'Fizz'], [[5], 'Buzz'], [[15], 'FizzBuzz'], [[7], '7'], [[30], 'FizzBuzz']),
    heldOut: cases([[45], 'FizzBuzz'], [[9], 'Fizz'], [[10], 'Buzz'], [[1], '1']),
  },
  {
    id: 'count-char',
    description: 'Occurrences of the character ch in s.',
    entry: 'countChar',
    signature: '(s: string, ch: string) => number',
    defect: 'compares with the whole string instead of the character',
    correct: `function countChar(s, ch) {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) n++;
  return n;
}`,
    buggy: `function countChar(s, ch) {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === s) n++;
  return n;
}`,
    tests: cases([['banana', 'a'], 3], [['', 'a'], 0], [['aaa', 'a'], 3], [['abc', 'd'], 0]),
    heldOut: cases([['mississippi', 's'], 4], [['x', 'x'], 1], [['hello', 'l'], 2]),
  },
];
