import type { LanguageModel } from 'ai';
import { Script } from 'node:vm';
import { AgentError } from './errors.js';
import { declaredFunctionName } from './skills/adapt.js';
import type { FunctionTask } from './types.js';

/** The code of the first fenced block (```js / ```ts / ```), else the whole reply. */
export function extractCode(reply: string): string {
  const fence = /```[a-zA-Z]*\n([\s\S]*?)```/.exec(reply);
  return (fence ? fence[1]! : reply).trim();
}

/**
 * Checks that `code` is a JavaScript script that declares `entry` (an `export` keyword is dropped so the sandbox can
 * load it as a script). Throws `MODEL_OUTPUT_INVALID` otherwise. Parses only; never runs the code.
 */
export function checkGeneratedCode(code: string, entry: string): string {
  const script = code.replace(/^\s*export\s+(default\s+)?/gm, '');
  try {
    new Script(script, { filename: 'model-output.js' });
  } catch (error) {
    throw new AgentError('MODEL_OUTPUT_INVALID', `Model output does not parse as JavaScript: ${(error as Error).message}`, { cause: error });
  }
  if (!new RegExp(`(function\\s+${entry}\\s*\\(|(const|let|var)\\s+${entry}\\s*=)`).test(script)) {
    const found = declaredFunctionName(script);
    throw new AgentError('MODEL_OUTPUT_INVALID', `Model output does not declare ${entry}${found ? ` (it declares ${found})` : ''}`);
  }
  return script;
}

/** The prompt the Builder sends for a function task. */
export function implementPrompt(task: FunctionTask): string {
  const examples = (task.examples ?? [])
    .slice(0, 5)
    .map((e) => `${task.entry}(${e.args.map((a) => JSON.stringify(a)).join(', ')}) === ${JSON.stringify(e.expected)}`)
    .join('\n');
  return [
    `Write a JavaScript function named ${task.entry}.`,
    `Task: ${task.description}`,
    task.signature ? `Signature: ${task.signature}` : '',
    examples ? `Examples:\n${examples}` : '',
    'Reply with one ```js code block holding only the function declaration (no imports, no exports, no I/O).',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Asks `model` for an implementation through the AI SDK and returns checked code. */
export async function implementWithModel(
  model: LanguageModel,
  task: FunctionTask,
  signal?: AbortSignal,
): Promise<{ code: string; modelId: string }> {
  const { generateText } = await import('ai');
  const { text } = await generateText({
    model,
    system: 'You are a careful senior JavaScript engineer. You write small, correct, dependency-free functions.',
    prompt: implementPrompt(task),
    ...(signal ? { abortSignal: signal } : {}),
  });
  const modelId = typeof model === 'string' ? model : model.modelId;
  return { code: checkGeneratedCode(extractCode(text), task.entry), modelId };
}
