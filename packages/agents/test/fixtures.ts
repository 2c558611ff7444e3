import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCase } from '@genesis/sandbox';
import type { FunctionTask } from '../src/types.js';

const created: string[] = [];

/** A fresh temporary directory, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'genesis-agents-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A fresh libSQL file URL in a temporary directory. */
export function tempDbUrl(): string {
  return `file:${join(tempDir(), 'genesis.db')}`;
}

/** Removes the directories this test file created (call after closing the stores in them). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const t = (args: unknown[], expected: unknown): TestCase => ({ args, expected });

export const sumEvensTask: FunctionTask = {
  taskType: 'array_sum',
  entry: 'sumEvens',
  description: 'Sum of the even numbers in an array of integers',
  signature: '(xs: number[]) => number',
  tests: [t([[1, 2, 3, 4]], 6), t([[]], 0), t([[-2, 5, 8]], 6), t([[7]], 0)],
};

export const sumOddsTests: TestCase[] = [t([[1, 2, 3, 4]], 4), t([[]], 0), t([[3, 5, 8]], 8), t([[2, 4]], 0), t([[7]], 7)];
export const sumOddsHeldOut: TestCase[] = [t([[9, 10, 11]], 20), t([[0, 1]], 1), t([[13, 2, 2]], 13)];

export const sumOddsTask: FunctionTask = {
  taskType: 'array_sum',
  entry: 'sumOdds',
  description: 'Sum of the odd numbers in an array of integers',
  signature: '(nums: number[]) => number',
  tests: sumOddsTests,
};
