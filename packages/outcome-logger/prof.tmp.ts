import { OutcomeLogger } from './src/index.js';
import { nullStore } from './bench/null-store.js';
function outcomeInput(i: number) {
  return {
    agentName: i % 2 ? 'builder' : 'qa',
    taskType: ['code_generation', 'test_run', 'refactor'][i % 3]!,
    taskDescription: `Generate backend #${i} with routes login, register and JWT auth`,
    success: true, verified: i % 5 !== 0,
    result: { code: `export const handler${i} = (req) => ({ status: 200 });`, fileCount: 1 },
    executionPath: [{ name: 'plan routes', durationMs: 2 }, { name: 'tsc', kind: 'tool' as const, durationMs: 40 + (i % 7) }, { name: 'write files', kind: 'tool' as const, durationMs: 3 }],
    durationMs: 50 + (i % 11),
  };
}
const logger = new OutcomeLogger({ store: nullStore(), tenantId: 'bench', handleSignals: false, buffer: { maxItems: 200_000, maxBatch: 1000, flushIntervalMs: 10 } });
let t0 = performance.now();
for (let i = 0; i < 20000; i++) logger.logOutcome(outcomeInput(i));
const t1 = performance.now();
await logger.flush();
const t2 = performance.now();
console.log('log', (t1 - t0).toFixed(0), 'ms; flush', (t2 - t1).toFixed(0), 'ms', logger.stats().written);
