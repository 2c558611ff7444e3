import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas } from '../scripts/generate-json-schema.js';

describe('shipped JSON Schemas', () => {
  const dir = new URL('../json-schema/', import.meta.url);

  it('are current with the zod schemas (run `pnpm --filter @genesis/schemas generate` if not)', () => {
    const rendered = renderJsonSchemas();
    expect(readdirSync(dir).sort()).toEqual([...rendered.keys()].sort());
    for (const [file, text] of rendered) expect(readFileSync(new URL(file, dir), 'utf8'), file).toBe(text);
  });

  it('are draft 2020-12 with an $id and title', () => {
    for (const [file, text] of renderJsonSchemas()) {
      const schema = JSON.parse(text);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toContain(file);
      expect(schema.required).toContain(file === 'ExecutionStep.schema.json' ? 'name' : 'schemaVersion');
    }
  });
});
