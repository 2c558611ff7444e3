import type { LanguageModel } from 'ai';
import type { Operator, Trajectory } from '@genesis/schemas';
import type { Candidate, OperatorContext, Operators, Problem } from '../types.js';
import { parseModelReply } from './parse.js';
import { adaptPrompt, baselinePrompt, recombinePrompt, refinePrompt, revisePrompt, systemPrompt } from './prompts.js';

/** Price of a model, to account the cost of each candidate (and stop on `budget.costUsd`). */
export interface ModelPricing {
  /** USD per million input tokens. */
  inputPerMillion: number;
  /** USD per million output tokens. */
  outputPerMillion: number;
}

/** Options of {@link createLlmOperators}. */
export interface LlmOperatorsOptions {
  /** Any AI SDK language model (or a gateway model id string). */
  model: LanguageModel;
  /** Sampling temperature, default 0.7 (0.2 for refinement, which should stay close to its parent). */
  temperature?: number;
  /** Output token limit per call, default 2048. */
  maxOutputTokens?: number;
  /** Model calls per operator invocation (each a candidate), default 1. */
  callsPerInvocation?: number;
  pricing?: ModelPricing;
  /** Retries of a failed call (AI SDK `maxRetries`), default 1. */
  maxRetries?: number;
}

function modelId(model: LanguageModel): string {
  if (typeof model === 'string') return model;
  return (model as { modelId?: string }).modelId ?? 'unknown';
}

/**
 * The three SE-Agent operators (plus baseline and production-seed adaptation) through any AI SDK model. Each prompt
 * carries the SE-Agent intent — revision: an orthogonal strategy learned from a failed trajectory; recombination:
 * combine the strengths of parents that pass different tests; refinement: remove redundancy using the pool's
 * insights. Replies are parsed for one code block; malformed replies yield no candidate, and every parsed candidate
 * is executed in the sandbox like any other.
 *
 * @example
 * import { openai } from '@ai-sdk/openai';
 * const operators = createLlmOperators({ model: openai('gpt-4o-mini'), pricing: { inputPerMillion: 0.15, outputPerMillion: 0.6 } });
 */
export function createLlmOperators(options: LlmOperatorsOptions): Operators {
  const id = modelId(options.model);
  const calls = Math.max(1, Math.floor(options.callsPerInvocation ?? 1));

  async function ask(
    operator: Operator,
    prompt: string,
    ctx: OperatorContext,
    extra: { parentIds: string[]; seedIds?: string[]; temperature?: number },
  ): Promise<Candidate[]> {
    const { generateText } = await import('ai');
    const out: Candidate[] = [];
    for (let i = 0; i < Math.min(calls, Math.max(1, ctx.count)); i++) {
      const result = await generateText({
        model: options.model,
        system: systemPrompt(ctx.problem),
        prompt,
        temperature: extra.temperature ?? options.temperature ?? 0.7,
        maxOutputTokens: options.maxOutputTokens ?? 2048,
        maxRetries: options.maxRetries ?? 1,
        seed: ctx.rng.int(2 ** 31),
        ...(ctx.signal ? { abortSignal: ctx.signal } : {}),
      });
      const inputTokens = result.usage.inputTokens ?? 0;
      const outputTokens = result.usage.outputTokens ?? 0;
      const costUsd = options.pricing
        ? (inputTokens * options.pricing.inputPerMillion + outputTokens * options.pricing.outputPerMillion) / 1e6
        : 0;
      const parsed = parseModelReply(result.text, ctx.problem.entry);
      if (!parsed) continue;
      const candidate: Candidate = {
        code: parsed.code,
        operator,
        parentIds: extra.parentIds,
        strategy: parsed.strategy || `${operator} by ${id}`,
        reasoningPattern: operator === 'revision' ? 'trial_and_error' : operator === 'refinement' ? 'iterative_refinement' : 'decomposition',
        edits: [`llm:${operator}`],
        costUsd,
        metadata: { model: id, inputTokens, outputTokens, finishReason: result.finishReason },
      };
      if (extra.seedIds) candidate.seedIds = extra.seedIds;
      out.push(candidate);
    }
    return out;
  }

  const problemOf = (ctx: OperatorContext): Problem => ctx.problem;
  return {
    name: `llm:${id}`,
    baseline: (ctx) => ask('baseline', baselinePrompt(problemOf(ctx)), ctx, { parentIds: [] }),
    adaptSeed: (seed: Trajectory, ctx) =>
      ask('production', adaptPrompt(problemOf(ctx), seed), ctx, {
        parentIds: [seed.trajectoryId],
        seedIds: [seed.trajectoryId],
        temperature: 0.2,
      }),
    revise: (failed, ctx) => ask('revision', revisePrompt(problemOf(ctx), failed), ctx, { parentIds: [failed.trajectoryId] }),
    recombine: (a, b, ctx) =>
      ask('recombination', recombinePrompt(problemOf(ctx), a, b), ctx, { parentIds: [a.trajectoryId, b.trajectoryId] }),
    refine: (best, ctx) =>
      ask('refinement', refinePrompt(problemOf(ctx), best, ctx.insights), ctx, {
        parentIds: [best.trajectoryId],
        temperature: 0.2,
      }),
  };
}
