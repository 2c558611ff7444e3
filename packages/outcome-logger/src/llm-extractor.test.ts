import { parsePlan } from '@genesis/schemas';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { noEvidence, outcome, step } from '../test/fixtures.js';
import { computeConfidence } from './confidence.js';
import { OutcomeLoggerError } from './errors.js';
import { createLlmExtractor } from './llm-extractor.js';

function reply(text: string) {
  return {
    content: [{ type: 'text' as const, text }],
    finishReason: { unified: 'stop' as const, raw: 'stop' },
    usage: {
      inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 20, text: 20, reasoning: 0 },
    },
    warnings: [],
  };
}

const good = {
  strategy: 'Plan the routes, generate handlers, type-check with tsc, write the files.',
  reasoningPattern: 'tool_chain',
  toolsSequence: ['tsc', 'fs.write'],
  keyDecisions: ['validate input with zod'],
  successFactors: ['type-checked before writing'],
  failureFactors: [],
};

describe('createLlmExtractor', () => {
  it('asks the model for the plan fields and fills ids, tenancy, status and an evidence-based confidence', async () => {
    const model = new MockLanguageModelV3({ modelId: 'mock-planner', doGenerate: reply(JSON.stringify(good)) });
    const extractor = createLlmExtractor({ model, now: () => 0 });
    expect(extractor.id).toBe('llm:mock-planner');
    const o = outcome({
      executionPath: [step('plan'), step('tsc', 'tool')],
      result: { code: 'x'.repeat(20_000) },
      taskDescription: 'Generate auth module',
    });
    const evidence = { ...noEvidence, sameToolSequenceCount: 1 };
    const plan = parsePlan(await extractor.extract(o, evidence));
    expect(plan).toMatchObject({ ...good, extractor: 'llm:mock-planner', status: 'candidate', outcomeIds: ['o-1'], tenantId: 'acme' });
    expect(plan.confidence).toBe(computeConfidence(o, evidence).confidence);
    expect(plan.createdAt).toBe('1970-01-01T00:00:00.000Z');
    // the prompt carried the run (with the long result cut for the prompt only) and the evidence
    const call = model.doGenerateCalls[0]!;
    const promptText = JSON.stringify(call.prompt);
    expect(promptText).toContain('Generate auth module');
    expect(promptText).toContain('earlierSuccessesWithTheSameToolSequence');
    expect(promptText).toContain('(20011 chars)');
    expect(call.responseFormat).toMatchObject({ type: 'json' });
  });

  it.each([
    ['not JSON at all', 'Sure! Here is the plan: do the thing.'],
    ['JSON missing fields', JSON.stringify({ strategy: 'x' })],
    ['a reasoning pattern outside the enum', JSON.stringify({ ...good, reasoningPattern: 'vibes' })],
    ['wrong types', JSON.stringify({ ...good, toolsSequence: 'tsc' })],
    ['truncated JSON', JSON.stringify(good).slice(0, 40)],
  ])('rejects malformed model output (%s) with EXTRACTION_FAILED', async (_label, text) => {
    const model = new MockLanguageModelV3({ modelId: 'm', doGenerate: reply(text) });
    const err = await Promise.resolve(createLlmExtractor({ model, maxRetries: 0 }).extract(outcome(), noEvidence)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(OutcomeLoggerError.isInstance(err)).toBe(true);
    expect((err as OutcomeLoggerError).code).toBe('EXTRACTION_FAILED');
    expect((err as OutcomeLoggerError).outcomeIds).toEqual(['o-1']);
  });

  it('turns provider errors and timeouts into EXTRACTION_FAILED', async () => {
    const failing = new MockLanguageModelV3({
      modelId: 'down',
      doGenerate: async () => {
        throw new Error('503 from provider');
      },
    });
    await expect(createLlmExtractor({ model: failing, maxRetries: 0 }).extract(outcome(), noEvidence)).rejects.toMatchObject({
      code: 'EXTRACTION_FAILED',
    });
    const hanging = new MockLanguageModelV3({
      modelId: 'slow',
      doGenerate: ({ abortSignal }) =>
        new Promise((_resolve, reject) => abortSignal?.addEventListener('abort', () => reject(abortSignal.reason))),
    });
    await expect(
      createLlmExtractor({ model: hanging, maxRetries: 0, timeoutMs: 50 }).extract(outcome(), noEvidence),
    ).rejects.toMatchObject({ code: 'EXTRACTION_FAILED' });
  });

  it('accepts a model id string and requires a model', () => {
    expect(createLlmExtractor({ model: 'openai/gpt-4o-mini' }).id).toBe('llm:openai/gpt-4o-mini');
    expect(() => createLlmExtractor({} as never)).toThrow(OutcomeLoggerError);
  });
});
