import type { JsonValue } from '@genesis/schemas';
import type { CoverageReport } from './coverage.js';
import type { CaseOutcome } from './http-runner.js';

/** One failing test of a run. */
export interface TestFailureReport {
  name: string;
  message: string;
  expected?: JsonValue;
  actual?: JsonValue;
}

/** The result of {@link QAAgent.runTestSuite}: real counts from real execution. */
export interface TestRunReport {
  testRunId: string;
  suite: string;
  kind: 'http' | 'function';
  /** `passed`: every test passed (and there was at least one); `failed`: some failed; `error`: the target did not run. */
  status: 'passed' | 'failed' | 'error';
  total: number;
  passed: number;
  failed: number;
  /** passed / total (0 when there are no tests). */
  passRate: number;
  failures: TestFailureReport[];
  cases: CaseOutcome[];
  durationMs: number;
  startedAt: string;
  target: { kind: string; entry?: string; appName?: string; problemId?: string; taskType?: string };
  /** The function under test (function targets), so a verified run carries the code it verified. */
  code?: string;
  /** V8 coverage of the code under test, when it could be measured. */
  coverage?: CoverageReport;
  /** Why coverage is missing. */
  coverageNote?: string;
  /** Why the target did not run (status `error`) or how the sandbox ended (`timeout`, `syntax_error`, …). */
  error?: string;
  /** Output of the code under test (server logs, captured console), bounded. */
  logs: string[];
}

/** Builds the report from case outcomes. */
export function buildReport(input: Omit<TestRunReport, 'total' | 'passed' | 'failed' | 'passRate' | 'failures' | 'status'> & { errored?: boolean }): TestRunReport {
  const { errored, ...rest } = input;
  const total = input.cases.length;
  const passed = input.cases.filter((c) => c.ok).length;
  const failures = input.cases
    .filter((c) => !c.ok)
    .map((c) => ({
      name: c.name,
      message: c.message ?? 'failed',
      ...(c.expected === undefined ? {} : { expected: c.expected }),
      ...(c.actual === undefined ? {} : { actual: c.actual }),
    }));
  return {
    ...rest,
    status: errored ? 'error' : total > 0 && passed === total ? 'passed' : 'failed',
    total,
    passed,
    failed: total - passed,
    passRate: total === 0 ? 0 : passed / total,
    failures,
  };
}

/** A compact JSON form of a report for outcome records (cases and logs trimmed, coverage totals kept). */
export function reportToJson(report: TestRunReport): JsonValue {
  return {
    testRunId: report.testRunId,
    suite: report.suite,
    kind: report.kind,
    status: report.status,
    total: report.total,
    passed: report.passed,
    failed: report.failed,
    passRate: report.passRate,
    durationMs: report.durationMs,
    failures: report.failures.slice(0, 50) as unknown as JsonValue,
    target: report.target as unknown as JsonValue,
    ...(report.code !== undefined ? { code: report.code } : {}),
    ...(report.coverage
      ? { coverage: { lines: report.coverage.lines, functions: report.coverage.functions } as unknown as JsonValue }
      : {}),
    ...(report.coverageNote ? { coverageNote: report.coverageNote } : {}),
    ...(report.error ? { error: report.error } : {}),
  };
}
