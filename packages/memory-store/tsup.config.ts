import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The migrations are read from ../drizzle relative to the bundle: import.meta.url must exist in CJS too.
  shims: true,
});
