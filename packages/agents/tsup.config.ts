import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // QA resolves the generated code's imports (hono, jose) from this module's location: import.meta.url in CJS too.
  shims: true,
});
