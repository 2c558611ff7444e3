import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { DemoError } from './errors.js';

/**
 * The model SE-Darwin's operators use, from the environment: GENESIS_LLM_BASE_URL and GENESIS_LLM_MODEL (and
 * GENESIS_LLM_API_KEY when the endpoint needs one) select any OpenAI-compatible endpoint. Undefined when neither is
 * set — the deterministic operators do the work. Throws `INVALID_OPTION` when only one of the two is set.
 */
export function modelFromEnv(env: NodeJS.ProcessEnv = process.env): LanguageModel | undefined {
  const baseURL = env.GENESIS_LLM_BASE_URL?.trim();
  const modelId = env.GENESIS_LLM_MODEL?.trim();
  if (!baseURL && !modelId) return undefined;
  if (!baseURL || !modelId) {
    throw new DemoError(
      'INVALID_OPTION',
      `GENESIS_LLM_BASE_URL and GENESIS_LLM_MODEL go together (got ${baseURL ? 'only the base URL' : 'only the model'})`,
    );
  }
  if (!/^https?:\/\//.test(baseURL)) throw new DemoError('INVALID_OPTION', `GENESIS_LLM_BASE_URL must be an http(s) URL, got "${baseURL}"`);
  const apiKey = env.GENESIS_LLM_API_KEY?.trim();
  const provider = createOpenAICompatible({ name: 'genesis-llm', baseURL, ...(apiKey ? { apiKey } : {}) });
  return provider.chatModel(modelId);
}
