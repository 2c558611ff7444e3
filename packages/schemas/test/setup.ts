import fc from 'fast-check';

// The config file runs in a different context from the tests, so the seed is set again here.
if (process.env.CI || process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261126) });
