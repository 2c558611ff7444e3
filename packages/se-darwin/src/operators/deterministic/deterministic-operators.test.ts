import { createSandbox, type Sandbox } from '@genesis/sandbox';
import { SCHEMA_VERSION, type Trajectory } from '@genesis/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseCode, parseProgram } from '../../edits/ast.js';
import { SEDarwinError } from '../../errors.js';
import { createRng } from '../../rng.js';
import type { Insights, OperatorContext, Problem } from '../types.js';
import { createDeterministicOperators } from './index.js';

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = createSandbox({ poolSize: 2 });
});
afterAll(async () => {
  await sandbox.close();
});

const emptyInsights = (): Insights => ({ operators: {}, edits: {}, seeds: {} });

let nextId = 0;
/** Executes `code` in the real sandbox and records it as a trajectory the way the engine does. */
async function trajectory(problem: Problem, code: string, over: Partial<Trajectory> = {}): Promise<Trajectory> {
  const r = await sandbox.runTests({ code, entry: problem.entry, tests: problem.tests, timeoutMs: 500 });
  const failing = r.cases.flatMap((c, i) => (c.ok ? [] : [i]));
  return {
    schemaVersion: SCHEMA_VERSION,
    trajectoryId: `t${++nextId}`,
    runId: 'run',
    problemId: problem.problemId,
    generation: 0,
    agentName: 'builder',
    parentIds: [],
    operator: 'baseline',
    code,
    strategy: '',
    problemDiagnosis: '',
    reasoningPattern: '',
    keyInsights: [],
    failureReasons: [],
    toolsUsed: [],
    status: r.failed === 0 ? 'success' : 'failure',
    score: r.passed / r.total,
    testResults: {
      passed: r.passed,
      failed: r.failed,
      total: r.total,
      failures: failing.map((i) => ({
        name: `test #${i}`,
        message: r.cases[i]!.error ?? 'wrong result',
        expected: problem.tests[i]!.expected as never,
        ...(r.cases[i]!.actual !== undefined ? { actual: r.cases[i]!.actual as never } : {}),
      })),
    },
    metrics: {},
    executionTimeMs: r.durationMs,
    costUsd: 0,
    metadata: { source: 'evolution', failingTests: failing },
    createdAt: new Date(0).toISOString(),
    ...over,
  };
}

const ctx = (problem: Problem, over: Partial<OperatorContext> = {}): OperatorContext => ({
  problem,
  rng: createRng(7),
  pool: [],
  production: [],
  insights: emptyInsights(),
  count: 12,
  generation: 1,
  ...over,
});

const passesAll = async (problem: Problem, code: string) =>
  (await sandbox.runTests({ code, entry: problem.entry, tests: [...problem.tests, ...(problem.heldOutTests ?? [])], timeoutMs: 500 })).failed === 0;

const factorial: Problem = {
  problemId: 'factorial',
  taskType: 'math',
  description: 'n!',
  entry: 'factorial',
  signature: '(n: number) => number',
  tests: [
    { args: [0], expected: 1 },
    { args: [3], expected: 6 },
    { args: [5], expected: 120 },
  ],
  heldOutTests: [{ args: [4], expected: 24 }],
};
const FACTORIAL_BUG = 'function factorial(n) {\n  let r = 1;\n  for (let i = 2; i < n; i++) r *= i;\n  return r;\n}';

describe('revise', () => {
  it.each([
    ['a loop bound', factorial, FACTORIAL_BUG],
    [
      'an inverted comparison',
      { ...factorial, problemId: 'max', entry: 'maxOf', signature: '(xs: number[]) => number', tests: [{ args: [[1, 5, 2]], expected: 5 }, { args: [[-3, -1]], expected: -1 }], heldOutTests: [{ args: [[9, 1]], expected: 9 }] },
      'function maxOf(xs) {\n  let m = xs[0];\n  for (const x of xs) if (x < m) m = x;\n  return m;\n}',
    ],
    [
      'a wrong operator',
      { ...factorial, problemId: 'f2c', entry: 'toF', signature: '(c: number) => number', tests: [{ args: [0], expected: 32 }, { args: [100], expected: 212 }], heldOutTests: [{ args: [-40], expected: -40 }] },
      'function toF(c) {\n  return (c * 9) / 5 - 32;\n}',
    ],
    [
      'a confused variable',
      { ...factorial, problemId: 'cc', entry: 'countChar', signature: '(s: string, ch: string) => number', tests: [{ args: ['banana', 'a'], expected: 3 }, { args: ['', 'a'], expected: 0 }, { args: ['aaa', 'a'], expected: 3 }], heldOutTests: [{ args: ['xyx', 'x'], expected: 2 }] },
      'function countChar(s, ch) {\n  let n = 0;\n  for (let i = 0; i < s.length; i++) if (s[i] === s) n++;\n  return n;\n}',
    ],
  ])('repairs %s within a few dozen candidates, executed in the real sandbox', async (_name, problem, buggy) => {
    const failed = await trajectory(problem, buggy);
    expect(failed.score).toBeLessThan(1);
    const out = await createDeterministicOperators().revise(failed, ctx(problem, { pool: [failed], count: 40 }));
    expect(out.length).toBeGreaterThan(5);
    let repaired = false;
    for (const c of out) {
      expect(c.operator).toBe('revision');
      expect(c.parentIds).toEqual([failed.trajectoryId]);
      expect(c.edits!.length).toBeGreaterThan(0);
      if (await passesAll(problem, c.code)) repaired = true;
    }
    expect(repaired).toBe(true);
  });

  it('is reproducible: the same seed gives the same candidates, another seed others', async () => {
    const failed = await trajectory(factorial, FACTORIAL_BUG);
    const run = (seed: number) => createDeterministicOperators().revise(failed, ctx(factorial, { rng: createRng(seed), pool: [failed] }));
    const a = await run(3);
    const b = await run(3);
    const c = await run(4);
    expect(a.map((x) => x.code)).toEqual(b.map((x) => x.code));
    expect(a.map((x) => x.code)).not.toEqual(c.map((x) => x.code));
  });

  it('never returns an unparsable program, the parent itself, or a program already in the pool', async () => {
    const failed = await trajectory(factorial, FACTORIAL_BUG);
    const inPool = await trajectory(factorial, FACTORIAL_BUG.replace('i < n', 'i <= n'));
    const out = await createDeterministicOperators().revise(failed, ctx(factorial, { pool: [failed, inPool], count: 150 }));
    const keys = out.map((c) => normaliseCode(c.code));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain(normaliseCode(FACTORIAL_BUG));
    expect(keys).not.toContain(normaliseCode(inPool.code));
    for (const c of out) expect(parseProgram(c.code)).toBeDefined();
    const broken = await trajectory(factorial, 'function factorial(n) { return n +; }');
    expect(await createDeterministicOperators().revise(broken, ctx(factorial))).toEqual([]);
  });

  it('samples edit kinds that improved before more often (insights)', async () => {
    const failed = await trajectory(factorial, FACTORIAL_BUG);
    const share = async (insights: Insights) => {
      const out = await createDeterministicOperators({ secondEditRate: 0 }).revise(failed, ctx(factorial, { pool: [failed], insights, count: 30 }));
      return out.filter((c) => c.edits![0] === 'variable').length;
    };
    const neutral = await share(emptyInsights());
    const favoured = await share({ operators: {}, edits: { variable: { attempts: 10, improvements: 9 }, comparison: { attempts: 40, improvements: 0 } }, seeds: {} });
    expect(favoured).toBeGreaterThan(neutral);
  });

  it('grafts production code (credited to the seed) and backtracks from a regression to its better parent', async () => {
    const sumOdds: Problem = { ...factorial, problemId: 'odd', entry: 'sumOdds', signature: '(xs: number[]) => number', tests: [{ args: [[1, 2, 3]], expected: 4 }, { args: [[]], expected: 0 }], heldOutTests: [] };
    const parent = await trajectory(sumOdds, 'function sumOdds(xs) {\n  let s = 0;\n  for (const x of xs) s += x;\n  return s;\n}');
    const worse = await trajectory(sumOdds, 'function sumOdds(xs) {\n  let s = 0;\n  for (const x of xs) s -= x;\n  return 1;\n}', { parentIds: [parent.trajectoryId] });
    const seed = await trajectory(sumOdds, 'function odd(ns) { let t = 0; for (const n of ns) if (n % 2 === 1) t += n; return t; }', { trajectoryId: 'prod-1', operator: 'production', metadata: { source: 'production' } });
    const out = await createDeterministicOperators().revise(worse, ctx(sumOdds, { pool: [parent, worse], production: [seed], count: 60 }));
    expect(out.every((c) => c.parentIds.includes(parent.trajectoryId))).toBe(true);
    expect(out.every((c) => c.strategy.includes('back from a regression'))).toBe(true);
    const grafted = out.filter((c) => c.edits!.some((e) => e.endsWith(':production')));
    expect(grafted.length).toBeGreaterThan(0);
    for (const g of grafted) expect(g.seedIds).toEqual(['prod-1']);
    const noBack = await createDeterministicOperators({ backtracking: false }).revise(worse, ctx(sumOdds, { pool: [parent, worse] }));
    expect(noBack.every((c) => c.parentIds.length === 1 && c.parentIds[0] === worse.trajectoryId)).toBe(true);
  });

  it('steps back over a neutral child (same failing tests) to revise the program that earned the score', async () => {
    const sumOdds: Problem = { ...factorial, problemId: 'odd', entry: 'sumOdds', signature: '(xs: number[]) => number', tests: [{ args: [[1, 2, 3]], expected: 4 }, { args: [[]], expected: 0 }, { args: [[5]], expected: 5 }], heldOutTests: [] };
    const parent = await trajectory(sumOdds, 'function sumOdds(xs) {\n  let s = 0;\n  for (const x of xs) if (x % 2 === 0) s += x;\n  return s;\n}');
    const neutral = await trajectory(sumOdds, 'function sumOdds(xs) {\n  let s = 0;\n  for (const x of xs) if (x % 2 === 0) s += x * 1;\n  return s;\n}', { parentIds: [parent.trajectoryId] });
    const better = await trajectory(sumOdds, 'function sumOdds(xs) {\n  let s = 0;\n  for (const x of xs) if (x > 4) s += x;\n  return s;\n}', { parentIds: [parent.trajectoryId] });
    expect(neutral.metadata.failingTests).toEqual(parent.metadata.failingTests);
    expect(better.metadata.failingTests).not.toEqual(parent.metadata.failingTests);
    const pool = [parent, neutral, better];
    const out = await createDeterministicOperators().revise(neutral, ctx(sumOdds, { pool, count: 10 }));
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((c) => c.parentIds.includes(parent.trajectoryId) && c.strategy.includes('back from a neutral step'))).toBe(true);
    // A child that fails other tests is revised as itself, and the switch turns the neutral step-back off.
    const own = await createDeterministicOperators().revise(better, ctx(sumOdds, { pool, count: 10 }));
    expect(own.every((c) => c.parentIds.length === 1 && c.parentIds[0] === better.trajectoryId)).toBe(true);
    const off = await createDeterministicOperators({ neutralBacktracking: false }).revise(neutral, ctx(sumOdds, { pool, count: 10 }));
    expect(off.every((c) => c.parentIds.length === 1 && c.parentIds[0] === neutral.trajectoryId)).toBe(true);
  });
});

const abs: Problem = {
  problemId: 'abs',
  taskType: 'math',
  description: 'absolute value',
  entry: 'abs',
  tests: [
    { args: [5], expected: 5 },
    { args: [-3], expected: 3 },
    { args: [0], expected: 0 },
    { args: [-8], expected: 8 },
  ],
};

describe('recombine', () => {
  it('crosses parents that pass different tests: a dispatcher on the input pattern passes all of them', async () => {
    const a = await trajectory(abs, 'function abs(x) { return x; }');
    const b = await trajectory(abs, 'function abs(x) { return -x; }');
    expect(await createDeterministicOperators().recombine(a, b, ctx(abs, { pool: [a, b] }))).toEqual([]); // opt-in
    const out = await createDeterministicOperators({ branchCrossover: true }).recombine(a, b, ctx(abs, { pool: [a, b] }));
    // The subtree children (`return -x` into the first parent and back) are the parents themselves: never offered.
    expect(out.map((c) => c.edits![0])).toEqual(['crossover:branch']);
    for (const c of out) {
      expect(c.operator).toBe('recombination');
      expect(c.parentIds).toEqual([a.trajectoryId, b.trajectoryId]);
    }
    const solved = [];
    for (const c of out) if (await passesAll(abs, c.code)) solved.push(c.edits![0]);
    expect(solved).toContain('crossover:branch');
  });

  it('merges the differing statements of two partial repairs', async () => {
    const p: Problem = { ...factorial, tests: [...factorial.tests, { args: [1], expected: 1 }] };
    // One parent fixed the bound, the other the start value; neither passes everything.
    const a = await trajectory(p, 'function factorial(n) {\n  let r = 0;\n  for (let i = 1; i <= n; i++) r *= i;\n  return r;\n}');
    const b = await trajectory(p, 'function factorial(n) {\n  let r = 1;\n  for (let i = 1; i < n; i++) r *= i;\n  return r;\n}');
    const out = await createDeterministicOperators().recombine(a, b, ctx(p, { pool: [a, b], count: 20 }));
    const winners = [];
    for (const c of out) if (await passesAll(p, c.code)) winners.push(c.edits![0]);
    expect(winners).toContain('crossover:subtree');
  });

  it('is reproducible and returns nothing for unparsable parents', async () => {
    const a = await trajectory(abs, 'function abs(x) { if (x > 10) return x; return x; }');
    const b = await trajectory(abs, 'function abs(x) { if (x > 10) return -x; return -x; }');
    const one = await createDeterministicOperators().recombine(a, b, ctx(abs, { rng: createRng(2) }));
    const two = await createDeterministicOperators().recombine(a, b, ctx(abs, { rng: createRng(2) }));
    expect(one.map((c) => c.code)).toEqual(two.map((c) => c.code));
    const bad = await trajectory(abs, 'function abs(x) {');
    expect(await createDeterministicOperators().recombine(a, bad, ctx(abs))).toEqual([]);
  });
});

describe('refine', () => {
  it('offers the simplified program first, then removals, and keeps the passing tests passing for some of them', async () => {
    const code = 'function abs(x) {\n  let unused = x * 2;\n  let calls = 0;\n  calls++;\n  if (x < 0) return -x + 0;\n  return x;\n}';
    const best = await trajectory(abs, code);
    expect(best.score).toBe(1);
    const out = await createDeterministicOperators().refine(best, ctx(abs, { pool: [best] }));
    expect(out[0]!.edits).toEqual(['simplify']);
    expect(normaliseCode(out[0]!.code)).toBe(normaliseCode('function abs(x) {\n  let calls = 0;\n  calls++;\n  if (x < 0) return -x;\n  return x;\n}'));
    expect(out.slice(1).every((c) => c.edits![0] === 'remove-redundant')).toBe(true);
    let shorterAndPassing = 0;
    for (const c of out) if (c.code.length < code.length && (await passesAll(abs, c.code))) shorterAndPassing++;
    expect(shorterAndPassing).toBeGreaterThanOrEqual(2);
  });

  it('offers a failing program only removals off the data path of its result', async () => {
    const best = await trajectory(abs, 'function abs(x) {\n  let log = 0;\n  log++;\n  return x;\n}');
    const out = await createDeterministicOperators().refine(best, ctx(abs, { pool: [best] }));
    for (const c of out) expect(c.code).toContain('return x');
    expect(await createDeterministicOperators().refine({ ...best, code: 'function (' }, ctx(abs))).toEqual([]);
  });
});

describe('adaptSeed and baseline', () => {
  it('adapts a production program to the entry and signature, and credits the seed', async () => {
    const p: Problem = { ...abs, entry: 'magnitude', signature: '(v: number) => number' };
    const seed = await trajectory(abs, 'function absolute(n) { return n < 0 ? -n : n; }', { trajectoryId: 'seed-9', operator: 'production', metadata: { source: 'production' } });
    const out = await createDeterministicOperators().adaptSeed(seed, ctx(p));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ operator: 'production', parentIds: ['seed-9'], seedIds: ['seed-9'], edits: ['adapt-seed'] });
    expect(normaliseCode(out[0]!.code)).toBe(normaliseCode('function magnitude(v) { return v < 0 ? -v : v; }'));
  });

  it('starts from the starter code; generic skeletons only when it is a stub', async () => {
    const ops = createDeterministicOperators();
    const real = await ops.baseline(ctx({ ...factorial, starterCode: FACTORIAL_BUG }));
    expect(real.map((c) => c.edits![0])).toEqual(['baseline:starter']);
    const stub = await ops.baseline(ctx({ ...factorial, description: 'product of 1..n', starterCode: 'function factorial(n) { return 0; }' }));
    expect(stub[0]!.edits).toEqual(['baseline:starter']);
    expect(stub.slice(1).map((c) => c.strategy)).toContain('generic range-product skeleton for the signature');
    expect(stub.length).toBeGreaterThan(1);
    const nothing = await ops.baseline(ctx({ ...abs }));
    expect(nothing).toHaveLength(1);
    expect(nothing[0]!.edits).toEqual(['baseline:stub']);
    const none = await createDeterministicOperators({ skeletons: false }).baseline(ctx({ ...factorial }));
    expect(none.map((c) => c.edits![0])).toEqual(['baseline:stub']);
  });

  it('a starter that does not parse still gives something to evaluate: skeletons or an empty function with its parameters', async () => {
    const ops = createDeterministicOperators();
    const broken = await ops.baseline(ctx({ ...abs, starterCode: 'function abs(value) { return value < 0 ? -value : ; }' }));
    expect(broken.length).toBeGreaterThan(0);
    for (const c of broken) {
      expect(parseProgram(c.code, 'js'), c.code).toBeTruthy();
      expect(c.code).toMatch(/function abs\(value\)/);
    }
    const arrow = await createDeterministicOperators({ skeletons: false }).baseline(ctx({ ...factorial, signature: undefined, starterCode: 'const factorial = (n, acc) => { if (n <= 1 return acc; }' }));
    expect(arrow.map((c) => [c.edits![0], normaliseCode(c.code)])).toEqual([['baseline:stub', normaliseCode('function factorial(n, acc) { return undefined; }')]]);
  });

  it('a skeleton plus revision solves a neighbouring task, in the real sandbox', async () => {
    const countNeg: Problem = { ...factorial, problemId: 'neg', entry: 'countNegative', description: 'count the negative numbers', signature: '(xs: number[]) => number', tests: [{ args: [[1, -2, -3]], expected: 2 }, { args: [[]], expected: 0 }, { args: [[4]], expected: 0 }], heldOutTests: [] };
    const ops = createDeterministicOperators();
    const base = await ops.baseline(ctx(countNeg));
    const countIf = base.find((c) => c.strategy.includes('count-if'))!;
    const t = await trajectory(countNeg, countIf.code);
    const out = await ops.revise(t, ctx(countNeg, { pool: [t], count: 30 }));
    let solved = false;
    for (const c of out) if (await passesAll(countNeg, c.code)) solved = true;
    expect(solved).toBe(true);
  });
});

describe('options', () => {
  it('rejects out-of-range options with INVALID_CONFIG naming the option', () => {
    for (const [opts, path] of [
      [{ secondEditRate: 2 }, 'options.secondEditRate'],
      [{ minCandidates: -1 }, 'options.minCandidates'],
      [{ poolMaterial: 1.5 }, 'options.poolMaterial'],
    ] as const) {
      try {
        createDeterministicOperators(opts);
        expect.unreachable();
      } catch (e) {
        expect(SEDarwinError.isInstance(e) && e.code === 'INVALID_CONFIG' && e.path === path).toBe(true);
      }
    }
    expect(createDeterministicOperators().name).toBe('deterministic@1');
  });

  it('switches edit kinds off', async () => {
    const failed = await trajectory(factorial, FACTORIAL_BUG);
    const out = await createDeterministicOperators({ disabledEdits: ['comparison', 'off-by-one'] }).revise(failed, ctx(factorial, { pool: [failed], count: 50 }));
    expect(out.length).toBeGreaterThan(10);
    for (const c of out) expect(c.edits).not.toEqual(expect.arrayContaining(['comparison']));
    for (const c of out) expect(c.edits).not.toEqual(expect.arrayContaining(['off-by-one']));
  });
});

describe('seed relevance', () => {
  it('adapts only seeds whose task reads like the best match; a seed with improvements on record always', async () => {
    const p: Problem = { ...abs, description: 'Count the negative numbers of a list', entry: 'countNeg', signature: '(xs: number[]) => number' };
    const mk = async (id: string, text: string) =>
      trajectory(abs, 'function f(xs) { let c = 0; for (const x of xs) if (x > 0) c++; return c; }', { trajectoryId: id, problemDiagnosis: text, operator: 'production', metadata: { source: 'production' } });
    const near = await mk('near', 'Count the positive numbers of a list');
    const far = await mk('far', 'Render an invoice as HTML');
    const production = [near, far];
    const ops = createDeterministicOperators();
    expect(await ops.adaptSeed(near, ctx(p, { production }))).toHaveLength(1);
    expect(await ops.adaptSeed(far, ctx(p, { production }))).toEqual([]);
    const credited = { operators: {}, edits: {}, seeds: { far: { attempts: 2, improvements: 1 } } };
    expect(await ops.adaptSeed(far, ctx(p, { production, insights: credited }))).toHaveLength(1);
    expect(await createDeterministicOperators({ seedRelevance: false }).adaptSeed(far, ctx(p, { production }))).toHaveLength(1);
  });
});
