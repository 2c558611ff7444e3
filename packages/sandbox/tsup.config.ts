import { defineConfig } from 'tsup';

export default defineConfig({
  // `host` is the script each sandbox host process runs (dist/host.cjs); only `index` is public API.
  entry: { index: 'src/index.ts', host: 'src/host/host.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  // No clean: other packages' tests spawn dist/host.cjs while this package rebuilds; the file set is fixed.
  clean: false,
  shims: true,
  target: 'node20',
});
