import type { ExecutionStep, ReasoningPattern } from '@genesis/schemas';

const TEST_STEP = /\b(test|tests|testing|verify|verification|assert|check|validate|qa|lint|typecheck)\b|tests?[_-]|[_-]tests?\b/i;
const DECOMPOSE_STEP = /\b(plan|planning|decompose|decomposition|split|subtask|breakdown|outline)\b/i;

/**
 * Reads how an agent worked from its execution path, first rule that matches:
 * no steps → `direct`; a failed step later repeated → `trial_and_error`; a step name repeated → `iterative_refinement`;
 * a test/verify step before the last work step, or a path that starts with one → `test_driven`; a planning step
 * followed by at least two other steps → `decomposition`; at least two tool calls making up half the path or more →
 * `tool_chain`; one step → `direct`; otherwise `sequential`.
 */
export function detectReasoningPattern(steps: readonly ExecutionStep[]): ReasoningPattern {
  if (steps.length === 0) return 'direct';
  const seen = new Map<string, boolean>(); // name → has failed
  let repeated = false;
  for (const s of steps) {
    const key = `${s.kind}:${s.name}`;
    if (seen.has(key)) {
      if (seen.get(key)) return 'trial_and_error';
      repeated = true;
    }
    seen.set(key, (seen.get(key) ?? false) || !s.ok);
  }
  if (repeated) return 'iterative_refinement';
  const isTest = steps.map((s) => TEST_STEP.test(s.name));
  const lastWork = isTest.lastIndexOf(false);
  const firstTest = isTest.indexOf(true);
  if (firstTest !== -1 && (firstTest === 0 || firstTest < lastWork)) return 'test_driven';
  const plan = steps.findIndex((s) => DECOMPOSE_STEP.test(s.name));
  if (plan !== -1 && steps.length - plan - 1 >= 2) return 'decomposition';
  const tools = steps.filter((s) => s.kind === 'tool').length;
  if (tools >= 2 && tools * 2 >= steps.length) return 'tool_chain';
  return steps.length === 1 ? 'direct' : 'sequential';
}
