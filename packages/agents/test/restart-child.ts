// Runs in a separate Node process for the restart scenario: `write` logs work, `read` uses what was learned.
import { openStore } from '@genesis/memory-store';
import { namespaces } from '@genesis/schemas';
import { createDeterministicOperators, SEDarwin } from '@genesis/se-darwin';
import { BuilderAgent } from '../src/builder-agent.js';
import { QAAgent } from '../src/qa-agent.js';
import { problemFromTask } from '../src/problem.js';
import { sumEvensTask, sumOddsHeldOut, sumOddsTask } from './fixtures.js';

const [dbUrl, phase] = process.argv.slice(2);
const tenantId = 'restart';

if (phase === 'write') {
  // No store, logger or URL given: each agent opens the embedded default store in the working directory itself,
  // as the original agents created their own memory store.
  const qa = new QAAgent({ tenantId });
  const builder = new BuilderAgent({ tenantId, qa });
  const impl = await builder.generateCodeWithLogging(sumEvensTask.description, builder.implement, sumEvensTask);
  const backend = await builder.generateCodeWithLogging('Generate a todo API', builder.generateBackend, { appName: 'Todo', apiRoutes: ['todos'] });
  const verified = (await builder.verification(impl))?.status === 'passed' && (await builder.verification(backend))?.status === 'passed';
  await builder.close();
  await qa.close();
  process.stdout.write(JSON.stringify({ pid: process.pid, verified }));
} else {
  const store = await openStore(dbUrl);
  const outcomes = (await store.list(namespaces.outcomes(tenantId, 'builder_agent'))).items.length;
  // Learn in this process from what the previous one left, then build again.
  const problem = problemFromTask(sumOddsTask, { heldOutTests: sumOddsHeldOut });
  // Outcome ids were random in the first process, so the search path is too: try a few seeds, as a scheduler would.
  for (const seed of [1, 4, 6, 5, 7]) {
    const darwin = new SEDarwin({
      agentName: 'builder_agent',
      tenantId,
      store,
      operators: createDeterministicOperators(),
      config: { maxIterations: 30, plateauGenerations: 30, trajectoriesPerIteration: 8, successThreshold: 1, productionLimit: 10, seed, concurrency: 2, budget: { evaluations: 300 } },
    });
    const result = await darwin.evolve(problem);
    const promoted = result.best?.score === 1 && (await darwin.promote(result.best, { problem })).promoted;
    await darwin.close();
    if (promoted) break;
  }
  const qa = new QAAgent({ tenantId, store });
  const builder = new BuilderAgent({ tenantId, store, qa });
  const impl = await builder.generateCodeWithLogging(sumOddsTask.description, builder.implement, sumOddsTask);
  const passed = (await builder.verification(impl))?.status === 'passed';
  await builder.close();
  await qa.close();
  await store.close();
  process.stdout.write(JSON.stringify({ pid: process.pid, outcomes, source: impl.source, passed }));
}
