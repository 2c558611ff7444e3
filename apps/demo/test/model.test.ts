import { describe, expect, it } from 'vitest';
import { DemoError } from '../src/errors.js';
import { modelFromEnv } from '../src/model.js';

describe('modelFromEnv', () => {
  it('is undefined without configuration: the deterministic operators work', () => {
    expect(modelFromEnv({})).toBeUndefined();
  });

  it('builds an OpenAI-compatible chat model from the base URL and model name', () => {
    const model = modelFromEnv({ GENESIS_LLM_BASE_URL: 'http://127.0.0.1:11434/v1', GENESIS_LLM_MODEL: 'qwen2.5-coder:7b', GENESIS_LLM_API_KEY: 'k' });
    expect(model).toMatchObject({ modelId: 'qwen2.5-coder:7b', provider: expect.stringContaining('genesis-llm') });
  });

  it('rejects half a configuration and a non-http URL', () => {
    for (const env of [{ GENESIS_LLM_MODEL: 'm' }, { GENESIS_LLM_BASE_URL: 'http://x' }, { GENESIS_LLM_BASE_URL: 'ftp://x', GENESIS_LLM_MODEL: 'm' }]) {
      let error: unknown;
      try {
        modelFromEnv(env);
      } catch (e) {
        error = e;
      }
      expect(DemoError.isInstance(error) && error.code === 'INVALID_OPTION').toBe(true);
    }
  });
});
