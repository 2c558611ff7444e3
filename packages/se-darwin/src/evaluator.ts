import { createSandbox, type Compare, type RunResult, type Sandbox, type TestCase } from '@genesis/sandbox';

/** The result of executing one candidate against tests: the sandbox's RunResult. */
export type EvaluationResult = RunResult;

/** Input of {@link Evaluator.evaluate}. */
export interface EvaluationInput {
  code: string;
  language: 'js' | 'ts';
  entry: string;
  tests: TestCase[];
  signal?: AbortSignal;
}

/**
 * Executes candidate code against tests. The engine never scores code any other way: a score is the fraction of
 * tests passed when the code ran.
 */
export interface Evaluator {
  evaluate(input: EvaluationInput): Promise<EvaluationResult>;
  close?(): Promise<void>;
}

/** Options of {@link createSandboxEvaluator}. */
export interface SandboxEvaluatorOptions {
  /** An existing sandbox pool to share (not closed by the evaluator). Default: a pool created on first use. */
  sandbox?: Sandbox;
  /** Size of the pool created when `sandbox` is not given; default the sandbox's own default (core count). */
  poolSize?: number;
  /** Wall-clock budget per candidate, default 2000 ms. */
  timeoutMs?: number;
  /** Heap limit per candidate, default 64 MB. */
  memoryMb?: number;
  /** Comparison of results, default deep equality. */
  compare?: Compare;
}

/**
 * The default evaluator: every candidate runs in a fresh isolate of an `@genesis/sandbox` pool, with time and memory
 * limits and a hard kill.
 *
 * @example
 * const evaluator = createSandboxEvaluator({ poolSize: 2, timeoutMs: 1000 });
 * const r = await evaluator.evaluate({ code: 'function add(a,b){return a+b}', language: 'js', entry: 'add',
 *   tests: [{ args: [1, 2], expected: 3 }] }); // r.passed === 1
 * await evaluator.close();
 */
export function createSandboxEvaluator(options: SandboxEvaluatorOptions = {}): Evaluator {
  const owned = options.sandbox === undefined;
  let sandbox: Sandbox | undefined = options.sandbox;
  const get = (): Sandbox => {
    sandbox ??= createSandbox(options.poolSize === undefined ? {} : { poolSize: options.poolSize });
    return sandbox;
  };
  return {
    evaluate: (input) =>
      get().runTests({
        code: input.code,
        language: input.language,
        entry: input.entry,
        tests: input.tests,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.memoryMb === undefined ? {} : { memoryMb: options.memoryMb }),
        ...(options.compare === undefined ? {} : { compare: options.compare }),
        ...(input.signal === undefined ? {} : { signal: input.signal }),
      }),
    close: async () => {
      if (owned && sandbox) await sandbox.close();
      sandbox = undefined;
    },
  };
}
