import { describe, expect, it } from 'vitest';
import { MockLanguageModelV3 } from 'ai/test';
import { checkGeneratedCode, extractCode, implementPrompt, implementWithModel } from '../src/model.js';
import { AgentError } from '../src/errors.js';

type Result = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;

export function reply(text: string): Result {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 5, text: 5, reasoning: undefined },
    },
    warnings: [],
  } as Result;
}

const task = { taskType: 'array_sum', entry: 'sumOdds', description: 'Sum of the odd numbers', signature: '(xs: number[]) => number', examples: [{ args: [[1, 2, 3]], expected: 4 }] };

describe('model fallback', () => {
  it('extracts fenced code and checks it declares the entry', async () => {
    const model = new MockLanguageModelV3({
      modelId: 'mock-coder',
      doGenerate: [reply('Here you go:\n```js\nexport function sumOdds(xs) {\n  return xs.filter((x) => x % 2 !== 0).reduce((a, b) => a + b, 0);\n}\n```\nEnjoy.')],
    });
    const { code, modelId } = await implementWithModel(model, task);
    expect(modelId).toBe('mock-coder');
    expect(code.startsWith('function sumOdds(xs)')).toBe(true);
    const prompt = JSON.stringify(model.doGenerateCalls[0]!.prompt);
    expect(prompt).toContain('sumOdds([1,2,3]) === 4');
    expect(prompt).toContain('Signature: (xs: number[]) => number');
  });

  it('rejects malformed and off-target output with MODEL_OUTPUT_INVALID', async () => {
    for (const text of ['I cannot help with that.', '```js\nfunction sumOdds(xs) { return (\n```', '```js\nfunction other(xs) { return 1; }\n```']) {
      const model = new MockLanguageModelV3({ doGenerate: [reply(text)] });
      const error = await implementWithModel(model, task).catch((e: unknown) => e);
      expect(AgentError.isInstance(error)).toBe(true);
      expect((error as AgentError).code).toBe('MODEL_OUTPUT_INVALID');
    }
  });

  it('helpers', () => {
    expect(extractCode('no fence')).toBe('no fence');
    expect(extractCode('```\nx\n```')).toBe('x');
    expect(checkGeneratedCode('const sumOdds = (xs) => 0;', 'sumOdds')).toBe('const sumOdds = (xs) => 0;');
    expect(() => checkGeneratedCode('function other() {}', 'sumOdds')).toThrow(/declares other/);
    expect(implementPrompt({ taskType: 't', entry: 'f', description: 'd' })).not.toContain('Examples');
  });
});
