import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryStore } from '@genesis/memory-store';
import { namespaces } from '@genesis/schemas';
import { SEDarwin } from '../src/se-darwin.js';
import { searchTerms } from '../src/production/load.js';
import { AGENT, BACKENDS, catalogOperators, makeExample, TENANT, tempStore, writeExamples } from './helpers.js';

const CODE = (name: string, body = 'return xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0);') =>
  `function ${name}(xs) { ${body} }`;

let store: MemoryStore;
let cleanup: () => Promise<void>;

const darwin = (over: { crossAgent?: boolean; agentName?: string; store?: MemoryStore | undefined } = {}) =>
  new SEDarwin({
    agentName: over.agentName ?? AGENT,
    tenantId: TENANT,
    ...('store' in over ? (over.store ? { store: over.store } : {}) : { store }),
    operators: catalogOperators({ baseline: [] }),
    evaluator: { evaluate: async () => { throw new Error('not used'); } },
    config: {
      maxIterations: 1, trajectoriesPerIteration: 1, successThreshold: 1, productionLimit: 10, seed: 1, concurrency: 1, budget: {},
      ...(over.crossAgent ? { crossAgent: true } : {}),
    },
  });

describe.each(BACKENDS)('on %s', (backend) => {
  beforeEach(async () => ({ store, cleanup } = await tempStore(backend)));
  afterEach(() => cleanup());

  describe('loadProductionTrajectories (seed scenarios B)', () => {
    it('6. loads production trajectories from the store', async () => {
      await writeExamples(store, [makeExample({ code: CODE('a') }), makeExample({ code: CODE('b') })]);
      const { trajectories, skipped } = await darwin().loadProductionTrajectories();
      expect(trajectories).toHaveLength(2);
      expect(skipped).toBe(0);
      expect(trajectories.every((t) => t.metadata.source === 'production' && t.operator === 'production')).toBe(true);
    });

    it('7. respects the limit (3 of 5)', async () => {
      await writeExamples(store, [1, 2, 3, 4, 5].map((i) => makeExample({ code: CODE(`f${i}`) })));
      expect((await darwin().loadProductionTrajectories({ limit: 3 })).trajectories).toHaveLength(3);
    });

    it('8. success filter: 1 success + 1 failure stored, only the success loaded; both without the filter', async () => {
      await writeExamples(store, [makeExample({ code: CODE('ok') }), makeExample({ code: CODE('bad', 'return 0;'), success: false })]);
      const only = await darwin().loadProductionTrajectories({ successOnly: true });
      expect(only.trajectories.map((t) => t.score)).toEqual([1]);
      const both = await darwin().loadProductionTrajectories({ successOnly: false });
      expect(both.trajectories.map((t) => t.score).sort()).toEqual([0, 1]);
      expect(both.trajectories.find((t) => t.score === 0)?.failureReasons.length).toBeGreaterThan(0);
    });

    it('9. with no store: empty, no error', async () => {
      expect(await darwin({ store: undefined }).loadProductionTrajectories()).toEqual({ trajectories: [], skipped: 0 });
    });

    it('10. from an empty namespace: empty', async () => {
      expect(await darwin().loadProductionTrajectories()).toEqual({ trajectories: [], skipped: 0 });
    });

    it('11. past malformed records: skipped and counted, valid ones returned', async () => {
      const ns = namespaces.training(TENANT, AGENT);
      await writeExamples(store, [makeExample({ code: CODE('good') })]);
      await store.put(ns, 'junk-1', { hello: 'world' });
      await store.put(ns, 'junk-2', 'not even an object');
      const broken = makeExample({ code: CODE('broken') });
      (broken.plan as { confidence: number }).confidence = 7;
      await store.put(ns, 'junk-3', broken as never);
      const { trajectories, skipped } = await darwin().loadProductionTrajectories();
      expect(trajectories.map((t) => t.code)).toEqual([CODE('good')]);
      expect(skipped).toBe(3);
    });

    it("defect: 'latest' trajectories were the oldest — newest first", async () => {
      for (const i of [1, 2, 3, 4]) await writeExamples(store, [makeExample({ id: `n${i}`, code: CODE(`f${i}`) })]);
      const { trajectories } = await darwin().loadProductionTrajectories({ limit: 2 });
      expect(trajectories.map((t) => t.metadata.outcomeId)).toEqual(['out-n4', 'out-n3']);
    });

    it('deduplicates by normalised code and by record; trusts only verified or validated plans; never rejected ones', async () => {
      await writeExamples(store, [
        makeExample({ id: 'd1', code: CODE('same') }),
        makeExample({ id: 'd2', code: `${CODE('same')}   // reformatted` }),
        makeExample({ id: 'unverified', code: CODE('u'), verified: false }),
        makeExample({ id: 'validated', code: CODE('v'), verified: false, status: 'validated' }),
        makeExample({ id: 'rejected', code: CODE('r'), status: 'rejected' }),
      ]);
      const ids = (await darwin().loadProductionTrajectories()).trajectories.map((t) => t.metadata.outcomeId).sort();
      expect(ids).toEqual(['out-d2', 'out-validated']);
    });

    it('cross-agent: the tenant’s other agents are read with crossAgent or an agents list, never another tenant', async () => {
      await writeExamples(store, [makeExample({ id: 'mine', code: CODE('m') })]);
      await new Promise((r) => setTimeout(r, 5)); // distinct write times: "newest" is by last write
      await writeExamples(store, [makeExample({ id: 'qa', agentName: 'qa', code: CODE('q') })]);
      const other = makeExample({ id: 'other-tenant', code: CODE('o') });
      await store.put(['training', 'acme-corp', AGENT], 'x', { ...other, tenantId: 'acme-corp' } as never);
      expect((await darwin().loadProductionTrajectories()).trajectories).toHaveLength(1);
      const cross = await darwin({ crossAgent: true }).loadProductionTrajectories();
      expect(cross.trajectories.map((t) => t.metadata.outcomeId).sort()).toEqual(['out-mine', 'out-qa']);
      const listed = await darwin().loadProductionTrajectories({ agents: ['qa', AGENT] });
      expect(listed.trajectories.map((t) => t.metadata.outcomeId)).toEqual(['out-qa', 'out-mine']);
    });

    it('relevance: same problem first, then same task type, then the most similar by text search', async () => {
      await writeExamples(store, [
        makeExample({ id: 'same-problem', taskType: 'sum-evens', problemId: 'p1', code: CODE('a') }),
        makeExample({ id: 'same-type', taskType: 'sum-evens', code: CODE('b') }),
        makeExample({ id: 'similar', taskType: 'sum-odds', description: 'Sum the odd numbers of a list', code: CODE('c') }),
        makeExample({ id: 'unrelated', taskType: 'http-backend', description: 'Generate an HTTP backend with JWT', code: CODE('d') }),
      ]);
      const d = darwin();
      const related = await d.loadProductionTrajectories({
        problem: { problemId: 'p1', taskType: 'sum-evens', description: 'Sum even numbers' },
      });
      expect(related.trajectories.map((t) => t.metadata.outcomeId).slice(0, 2)).toEqual(['out-same-problem', 'out-same-type']);
      const byText = await d.loadProductionTrajectories({
        problem: { problemId: 'p9', taskType: 'sum-multiples', description: 'Sum the odd numbers in a list' },
        limit: 1,
      });
      expect(byText.trajectories.map((t) => t.metadata.outcomeId)).toEqual(['out-similar']);
    });

    it('relevance scans a bounded window of the newest records, then the text index finds older similar ones', async () => {
      await writeExamples(store, [makeExample({ id: 'old-match', taskType: 'palindrome', description: 'Check whether a word is a palindrome', code: CODE('p') })]);
      await writeExamples(store, [1, 2, 3, 4, 5, 6].map((i) => makeExample({ id: `new${i}`, taskType: 'http-backend', description: 'Generate an HTTP backend', code: CODE(`h${i}`) })));
      const { trajectories } = await darwin().loadProductionTrajectories({
        problem: { problemId: 'pal-2', taskType: 'palindrome', description: 'Is the given string a palindrome?' },
        maxScan: 3,
        limit: 2,
      });
      expect(trajectories[0]!.metadata.outcomeId).toBe('out-old-match');
      expect(searchTerms('Is the given string a palindrome? A palindrome reads the same', 4)).toBe('string palindrome reads same');
      expect(searchTerms('a of the')).toBe('');
    });
  });
});
