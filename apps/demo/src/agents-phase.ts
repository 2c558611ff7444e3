import type { BuilderAgent } from '@genesis/agents';
import type { TaskRun } from './run-state.js';
import type { BackendTaskDef, FunctionTaskDef, TaskDef } from './types.js';

/** The Builder's view of a function task: the QA tests run in production; held-out tests are kept back. */
export function toFunctionTask(task: FunctionTaskDef) {
  return {
    taskType: task.taskType,
    problemId: task.taskId,
    description: task.description,
    entry: task.entry,
    signature: task.signature,
    // One worked example, as a ticket would carry; the Builder may use it to pick among similar skills.
    examples: task.tests.slice(0, 1),
    tests: task.tests,
  };
}

/** The Builder's view of a backend task. */
export function toBackendSpec(task: BackendTaskDef) {
  return { appName: task.appName, apiRoutes: task.apiRoutes, authRequired: task.authRequired };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one task the way production does: the Builder generates code under the outcome logger, QA tests it (its
 * verdict marks the Builder's outcome `verified`), and both outcomes are logged. Returns what happened.
 */
export async function runTask(builder: BuilderAgent, task: TaskDef, signal?: AbortSignal): Promise<TaskRun> {
  const started = performance.now();
  try {
    if (task.kind === 'function') {
      const impl = await builder.generateCodeWithLogging(task.description, builder.implement, toFunctionTask(task), {
        ...(signal ? { signal } : {}),
      });
      const report = await builder.verification(impl);
      return {
        success: report !== undefined && report.status === 'passed' && report.total > 0,
        passed: report?.passed ?? 0,
        total: report?.total ?? task.tests.length,
        source: impl.source,
        sourceId: impl.sourceId,
        code: impl.code,
        detail: report?.status === 'passed' ? impl.rationale : `${report?.failures[0]?.name ?? 'no report'}: ${report?.failures[0]?.message ?? ''}`.slice(0, 200),
        durationMs: performance.now() - started,
      };
    }
    const app = await builder.generateCodeWithLogging(task.description, builder.generateBackend, toBackendSpec(task));
    const report = await builder.verification(app);
    return {
      success: report !== undefined && report.status === 'passed' && report.total > 0,
      passed: report?.passed ?? 0,
      total: report?.total ?? 0,
      source: 'generator',
      sourceId: 'template:hono-backend',
      detail:
        report?.status === 'passed'
          ? `${app.files.length} files, ${report.total} HTTP checks passed`
          : `${report?.error ?? report?.failures[0]?.message ?? 'no report'}`.slice(0, 200),
      durationMs: performance.now() - started,
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    return {
      success: false,
      passed: 0,
      total: task.kind === 'function' ? task.tests.length : 0,
      source: 'none',
      sourceId: '',
      detail: `the Builder failed: ${errorMessage(error)}`.slice(0, 200),
      durationMs: performance.now() - started,
    };
  }
}
