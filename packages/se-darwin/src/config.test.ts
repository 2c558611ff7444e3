import { describe, expect, it } from 'vitest';
import { resolveOptions, validateProblem, type SEDarwinOptions } from './config.js';
import { problemHash } from './engine/checkpoint.js';
import { SEDarwinError } from './errors.js';
import type { Operators } from './operators/types.js';

const ops: Operators = {
  name: 'x',
  baseline: async () => [],
  adaptSeed: async () => [],
  revise: async () => [],
  recombine: async () => [],
  refine: async () => [],
};
const base: SEDarwinOptions = {
  agentName: 'builder',
  tenantId: 'acme',
  operators: ops,
  config: { maxIterations: 3, trajectoriesPerIteration: 4, successThreshold: 1, productionLimit: 5, seed: 1, concurrency: 2, budget: {} },
};

function codeAndPath(fn: () => unknown): [string, string | undefined] {
  try {
    fn();
  } catch (e) {
    if (SEDarwinError.isInstance(e)) return [e.code, e.path];
    throw e;
  }
  return ['none', undefined];
}

describe('resolveOptions', () => {
  it('fills defaults', () => {
    const c = resolveOptions(base);
    expect(c).toMatchObject({ plateauGenerations: 4, archiveLimit: 64, anchorGenerations: 4, crossAgent: false, minHeldOutScore: 1 });
  });

  it.each([
    [{ ...base, tenantId: '' }, 'tenantId'],
    [{ ...base, agentName: 'a/b' }, 'agentName'],
    [{ ...base, operators: { ...ops, revise: undefined } as unknown as Operators }, 'operators.revise'],
    [{ ...base, operators: undefined as unknown as Operators }, 'operators'],
    [{ ...base, evaluator: {} as never }, 'evaluator.evaluate'],
    [{ ...base, config: { ...base.config, maxIterations: 0 } }, 'config.maxIterations'],
    [{ ...base, config: { ...base.config, seed: 1.5 } }, 'config.seed'],
    [{ ...base, config: { ...base.config, successThreshold: 2 } }, 'config.successThreshold'],
    [{ ...base, config: { ...base.config, productionLimit: -1 } }, 'config.productionLimit'],
    [{ ...base, config: { ...base.config, concurrency: 0 } }, 'config.concurrency'],
    [{ ...base, config: { ...base.config, budget: { evaluations: -1 } } }, 'config.budget.evaluations'],
    [{ ...base, config: { ...base.config, budget: { timeMs: Number.NaN } } }, 'config.budget.timeMs'],
    [{ ...base, config: { ...base.config, plateauGenerations: 0 } }, 'config.plateauGenerations'],
    [{ ...base, config: { ...base.config, anchorGenerations: -1 } }, 'config.anchorGenerations'],
    [{ ...base, config: { ...base.config, anchorGenerations: 1.5 } }, 'config.anchorGenerations'],
    [{ ...base, config: null as never }, 'config'],
  ])('rejects bad options with a typed error naming the field (%#)', (options, path) => {
    expect(codeAndPath(() => resolveOptions(options as SEDarwinOptions))).toEqual(['INVALID_CONFIG', path]);
  });
});

describe('validateProblem', () => {
  const problem = { problemId: 'p', taskType: 't', description: 'd', entry: 'f', tests: [{ args: [1], expected: 1 }] };
  it('accepts a good problem and names the bad field otherwise', () => {
    expect(validateProblem(problem)).toBe(problem);
    expect(codeAndPath(() => validateProblem({ ...problem, entry: '1x' }))).toEqual(['INVALID_PROBLEM', 'problem.entry']);
    expect(codeAndPath(() => validateProblem({ ...problem, tests: [] }))).toEqual(['INVALID_PROBLEM', 'problem.tests']);
    expect(codeAndPath(() => validateProblem({ ...problem, tests: [{ args: 1 } as never] }))).toEqual([
      'INVALID_PROBLEM',
      'problem.tests[0].args',
    ]);
    expect(codeAndPath(() => validateProblem({ ...problem, heldOutTests: [{ args: [] } as never] }))).toEqual([
      'INVALID_PROBLEM',
      'problem.heldOutTests[0].expected',
    ]);
    expect(codeAndPath(() => validateProblem({ ...problem, problemId: '' }))).toEqual(['INVALID_PROBLEM', 'problem.problemId']);
    const many = Array.from({ length: 100_001 }, (_, i) => ({ args: [i], expected: i }));
    expect(codeAndPath(() => validateProblem({ ...problem, tests: many }))).toEqual(['INVALID_PROBLEM', 'problem.tests']);
    expect(codeAndPath(() => validateProblem({ ...problem, heldOutTests: many }))).toEqual(['INVALID_PROBLEM', 'problem.heldOutTests']);
    expect(codeAndPath(() => validateProblem({ ...problem, language: 'py' as never }))).toEqual([
      'INVALID_PROBLEM',
      'problem.language',
    ]);
  });

  it('refuses test values with a cycle, naming where it closes; accepts values JSON cannot write', () => {
    const cyclic: Record<string, unknown> = { a: [1, 2] };
    (cyclic.a as unknown[]).push(cyclic);
    expect(codeAndPath(() => validateProblem({ ...problem, tests: [{ args: [1], expected: cyclic }] }))).toEqual([
      'INVALID_PROBLEM',
      'problem.tests[0].expected.a[2]',
    ]);
    expect(codeAndPath(() => validateProblem({ ...problem, heldOutTests: [{ args: [new Set([cyclic])], expected: 1 }] }))).toEqual([
      'INVALID_PROBLEM',
      'problem.heldOutTests[0].args[0][0].a[2]',
    ]);
    const shared = { x: 1 }; // the same object twice is not a cycle
    const exotic = { ...problem, tests: [{ args: [10n, shared, shared, undefined, -0, Number.NaN, new Map([[1, 2]])], expected: 2n ** 70n }] };
    expect(validateProblem(exotic)).toBe(exotic);
    // The run's identity can be computed for them, and tells them apart from look-alikes JSON would confuse.
    expect(problemHash(exotic)).not.toBe(problemHash({ ...exotic, tests: [{ args: [10, shared, shared, null, 0, null, {}], expected: 0 }] }));
  });
});
