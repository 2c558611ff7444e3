import { genesisVitestConfig } from '@genesis/vitest-config';

// isolated-vm needs --no-node-snapshot on Node 20; the runner's own tests load it in the test worker.
// The host script the pool spawns is the built dist/host.cjs (the `test` script builds first).
export default genesisVitestConfig({ test: { execArgv: ['--no-node-snapshot'] } });
