import type { TestCase } from '@genesis/sandbox';
import type { Problem } from '@genesis/se-darwin';
import { check } from './errors.js';
import type { FunctionTask } from './types.js';

/**
 * The SE-Darwin problem for a function task: the task's tests (the ones QA ran and saw fail) as the visible tests,
 * and `heldOutTests` to gate promotion. `problemId` defaults to the entry, as in {@link BuilderAgent.implement}, so
 * a promoted strategy is found by the Builder's next run of the same task.
 */
export function problemFromTask(task: FunctionTask, options: { heldOutTests?: TestCase[] } = {}): Problem {
  check(Array.isArray(task.tests) && task.tests.length > 0, 'task.tests', 'a problem needs the tests to evolve against');
  return {
    problemId: task.problemId ?? task.entry,
    taskType: task.taskType,
    description: task.description,
    entry: task.entry,
    ...(task.signature ? { signature: task.signature } : {}),
    tests: task.tests,
    ...(options.heldOutTests ? { heldOutTests: options.heldOutTests } : {}),
  };
}
