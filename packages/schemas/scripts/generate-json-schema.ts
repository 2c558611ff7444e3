// Writes json-schema/<Record>.schema.json from the zod schemas. Run: pnpm --filter @genesis/schemas generate
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordSchemas, toJsonSchema, type RecordName } from '../src/index.js';

export function renderJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of Object.keys(recordSchemas) as RecordName[]) {
    files.set(`${name}.schema.json`, `${JSON.stringify(toJsonSchema(name), null, 2)}\n`);
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('../json-schema/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of renderJsonSchemas()) writeFileSync(new URL(file, dir), text);
  console.log(`wrote ${renderJsonSchemas().size} JSON Schemas to json-schema/`);
}
