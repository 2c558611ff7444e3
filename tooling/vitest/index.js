// Shared vitest settings: v8 coverage with a 90% line threshold, a JSON report that
// scripts/test-summary.mjs adds up, and fast-check's seed fixed in CI.
import { defineConfig, mergeConfig } from 'vitest/config';

/**
 * @param {import('vitest/config').UserConfig} [overrides]
 */
export function genesisVitestConfig(overrides = {}) {
  const base = defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
      coverage: {
        provider: 'v8',
        include: ['src/**/*.ts'],
        exclude: ['src/**/*.test.ts', 'src/**/*.bench.ts', 'src/index.ts'],
        reporter: ['text-summary', 'json-summary'],
        thresholds: { lines: 90 },
      },
    },
  });
  return mergeConfig(base, defineConfig(overrides));
}
