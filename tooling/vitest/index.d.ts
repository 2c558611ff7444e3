import type { UserConfig } from 'vitest/config';

/** Shared vitest settings (v8 coverage, 90% line threshold, JSON report), merged with `overrides`. */
export declare function genesisVitestConfig(overrides?: UserConfig): UserConfig;
