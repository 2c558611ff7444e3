import { ExtractedPlan, SCHEMA_VERSION, type ProductionOutcome } from '@genesis/schemas';
import type { LanguageModel } from 'ai';
import { computeConfidence } from './confidence.js';
import { OutcomeLoggerError, toError } from './errors.js';
import { planIdFor } from './rules-extractor.js';
import type { ExtractionEvidence, PlanExtractor } from './types.js';

/** Options for {@link createLlmExtractor}. */
export interface LlmExtractorOptions {
  /** Any AI SDK language model (a provider model, or the AI SDK's MockLanguageModelV3 in tests). */
  model: LanguageModel;
  /** Replaces the default system prompt. */
  system?: string;
  /** Per-call timeout. Default 30,000 ms. */
  timeoutMs?: number;
  /** Retries on retryable provider errors (AI SDK `maxRetries`). Default 2. */
  maxRetries?: number;
  /** Longest result (as JSON) shown to the model; the stored result is never cut. Default 8,000 characters. */
  maxResultChars?: number;
  /** Clock for `createdAt`, epoch ms. Default Date.now. */
  now?: () => number;
}

/** The fields the model writes; ids, tenancy, confidence and status are never left to it. */
export const LlmPlanFields = ExtractedPlan.pick({
  strategy: true,
  reasoningPattern: true,
  toolsSequence: true,
  keyDecisions: true,
  successFactors: true,
  failureFactors: true,
});

const DEFAULT_SYSTEM =
  'You extract reusable plans from logged runs of software agents. Read the run (task, execution path, tools, ' +
  'result, error) and describe: the strategy that produced the result (a short imperative paragraph another agent ' +
  'could follow), the reasoning pattern, the sequence of tools, the key decisions, and the factors that made it ' +
  'succeed or fail. Be concrete; do not invent steps that are not in the run.';

function modelIdOf(model: LanguageModel): string {
  if (typeof model === 'string') return model;
  const m = model as { modelId?: unknown; provider?: unknown };
  return typeof m.modelId === 'string' && m.modelId.length > 0 ? m.modelId : 'unknown';
}

function prompt(outcome: ProductionOutcome, evidence: ExtractionEvidence, maxResultChars: number): string {
  const result = JSON.stringify(outcome.result) ?? 'null';
  const run = {
    agentName: outcome.agentName,
    taskType: outcome.taskType,
    taskDescription: outcome.taskDescription,
    success: outcome.success,
    verified: outcome.verified,
    durationMs: outcome.durationMs,
    executionPath: outcome.executionPath.slice(0, 200),
    toolsUsed: outcome.toolsUsed,
    error: outcome.error ?? null,
    result: result.length > maxResultChars ? `${result.slice(0, maxResultChars)}… (${result.length} chars)` : result,
  };
  const context = {
    earlierSuccessesOfThisTaskType: evidence.sameTaskDurationsMs.length,
    medianDurationMs: evidence.medianDurationMs ?? null,
    earlierSuccessesWithTheSameToolSequence: evidence.sameToolSequenceCount,
  };
  return `Run:\n${JSON.stringify(run, null, 2)}\n\nEvidence from earlier runs:\n${JSON.stringify(context, null, 2)}`;
}

/**
 * An extractor backed by a language model through the AI SDK (`generateText` with structured output validated
 * against the ExtractedPlan fields). Its id is `llm:<modelId>`. The confidence is not the model's opinion: it is
 * the same evidence formula as `rules@1`. Malformed model output or a provider error rejects with
 * OutcomeLoggerError (`EXTRACTION_FAILED`), which the logger reports and survives.
 *
 * The `ai` package is an optional peer dependency, loaded on first use.
 *
 * @example
 * import { openai } from '@ai-sdk/openai'
 * const logger = new OutcomeLogger({ store, tenantId: 'acme', extractor: createLlmExtractor({ model: openai('gpt-4o-mini') }) })
 */
export function createLlmExtractor(options: LlmExtractorOptions): PlanExtractor {
  if (!options || options.model === undefined || options.model === null) {
    throw new OutcomeLoggerError({ code: 'INVALID_OPTIONS', message: 'createLlmExtractor(): model is required' });
  }
  const id = `llm:${modelIdOf(options.model)}`.slice(0, 204);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxResultChars = options.maxResultChars ?? 8_000;
  return {
    id,
    async extract(outcome, evidence) {
      let fields: ReturnType<typeof LlmPlanFields.parse>;
      try {
        const { generateText, Output } = await import('ai');
        const response = await generateText({
          model: options.model,
          system: options.system ?? DEFAULT_SYSTEM,
          prompt: prompt(outcome, evidence, maxResultChars),
          output: Output.object({ schema: LlmPlanFields, name: 'ExtractedPlan' }),
          maxRetries: options.maxRetries ?? 2,
          abortSignal: AbortSignal.timeout(timeoutMs),
        });
        fields = LlmPlanFields.parse(response.output);
      } catch (error) {
        throw new OutcomeLoggerError({
          code: 'EXTRACTION_FAILED',
          message: `${id} could not extract a plan from outcome ${outcome.outcomeId}: ${toError(error).message}`,
          outcomeIds: [outcome.outcomeId],
          cause: error,
        });
      }
      return {
        schemaVersion: SCHEMA_VERSION,
        planId: planIdFor(outcome.outcomeId, id),
        outcomeIds: [outcome.outcomeId],
        tenantId: outcome.tenantId,
        agentName: outcome.agentName,
        taskType: outcome.taskType,
        ...fields,
        confidence: computeConfidence(outcome, evidence).confidence,
        extractor: id,
        status: 'candidate',
        createdAt: new Date(now()).toISOString(),
      };
    },
  };
}
