import { genesisVitestConfig } from '@genesis/vitest-config';

export default genesisVitestConfig();
