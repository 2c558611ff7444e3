import type { TestCase } from '@genesis/sandbox';

/** A small program with one realistic defect (QuixBugs-style), its fix, the tests that expose it, and held-out tests. */
export interface RepairProblem {
  id: string;
  description: string;
  entry: string;
  signature: string;
  /** What is wrong in `buggy`, in words. */
  defect: string;
  correct: string;
  buggy: string;
  /** Shown to the search. The correct version passes all; the buggy one fails at least one. */
  tests: TestCase[];
  /** Never shown to the search: checks whether a repair overfits the tests. */
  heldOut: TestCase[];
}

/** A task solved in production, and a related new task whose solution can start from it. */
export interface TransferFamily {
  id: string;
  /** The production solution of the related task. */
  production: { entry: string; taskType: string; description: string; code: string };
  target: {
    entry: string;
    taskType: string;
    description: string;
    signature: string;
    /** A correct solution (only for the self-check: never shown to the search). */
    reference: string;
    tests: TestCase[];
    heldOut: TestCase[];
  };
}

/** `cases([[1, 2], 3], [[2, 2], 4])` → test cases with positional names. */
export function cases(...rows: Array<[unknown[], unknown]>): TestCase[] {
  return rows.map(([args, expected]) => ({ args, expected }));
}
