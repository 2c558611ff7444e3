import { genesisVitestConfig } from '@genesis/vitest-config';


export default genesisVitestConfig({ test: { setupFiles: ['./test/setup.ts'] } });
