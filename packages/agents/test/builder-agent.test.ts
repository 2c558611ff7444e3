import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockLanguageModelV3 } from 'ai/test';
import { openStore, type MemoryStore } from '@genesis/memory-store';
import { OutcomeLogger } from '@genesis/outcome-logger';
import { createSandbox, type Sandbox } from '@genesis/sandbox';
import { namespaces, parseOutcome } from '@genesis/schemas';
import { BuilderAgent, resultToJson } from '../src/builder-agent.js';
import { AgentError } from '../src/errors.js';
import { QAAgent } from '../src/qa-agent.js';
import { defaultSkills, type Skill } from '../src/skills/default-skills.js';
import { reply } from './model.test.js';
import { sumEvensTask, tempDbUrl, removeTempDirs } from './fixtures.js';

let store: MemoryStore;
let sandbox: Sandbox;
beforeAll(async () => {
  store = await openStore(tempDbUrl());
  sandbox = createSandbox({ poolSize: 1 });
});
afterAll(async () => {
  await sandbox.close();
  await store.close();
  removeTempDirs();
});

const code = (e: unknown) => (AgentError.isInstance(e) ? e.code : String(e));

describe('BuilderAgent', () => {
  it('validates options and tasks with typed errors', async () => {
    expect(() => new BuilderAgent({ tenantId: '' })).toThrow(/tenantId/);
    expect(() => new BuilderAgent(null as never)).toThrow(AgentError);
    const builder = new BuilderAgent({ tenantId: 'v', store });
    for (const bad of [null, { ...sumEvensTask, entry: 'not valid' }, { ...sumEvensTask, taskType: '' }, { ...sumEvensTask, description: 3 }, { ...sumEvensTask, tests: 'x' }, { ...sumEvensTask, examples: {} }, { ...sumEvensTask, signature: 1 }]) {
      expect(code(await builder.implement(bad as never).catch((e: unknown) => e))).toBe('INVALID_INPUT');
    }
    await expect(builder.generateCodeWithLogging('', builder.implement, sumEvensTask)).rejects.toThrow(/taskDescription/);
    await expect(builder.generateBackend({ appName: 'x', apiRoutes: [] })).rejects.toThrow(/at least one/);
    await builder.close();
  });

  it('fails honestly when no strategy, skill or model applies', async () => {
    const builder = new BuilderAgent({ tenantId: 'none', store, skills: [] });
    const error = await builder.implement(sumEvensTask).catch((e: unknown) => e);
    expect(code(error)).toBe('NO_SOLUTION');
    expect((error as Error).message).toMatch(/No learned strategy, no skill .* and no model for task sumEvens/);
    await builder.close();
  });

  it('falls back to the model when no skill matches', async () => {
    const model = new MockLanguageModelV3({
      modelId: 'mock-coder',
      doGenerate: [reply('```js\nfunction sumEvens(xs) { return xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0); }\n```')],
    });
    const builder = new BuilderAgent({ tenantId: 'model', store, skills: [], model });
    const impl = await builder.implement(sumEvensTask);
    expect(impl).toMatchObject({ source: 'model', sourceId: 'mock-coder', entry: 'sumEvens' });
    const run = await sandbox.runTests({ code: impl.code, entry: 'sumEvens', tests: sumEvensTask.tests! });
    expect(run.passed).toBe(run.total);
    await builder.close();
  });

  it('learns verified model code as a skill unless told not to', async () => {
    const answer = '```js\nfunction sumEvens(xs) { return xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0); }\n```';
    for (const learnSkills of [true, false]) {
      const tenantId = `learn-${learnSkills}`;
      const qa = new QAAgent({ tenantId, store, sandbox });
      const model = new MockLanguageModelV3({ modelId: 'mock-coder', doGenerate: [reply(answer)] });
      const builder = new BuilderAgent({ tenantId, store, skills: [], model, qa, learnSkills });
      const impl = await builder.generateCodeWithLogging('sum evens', builder.implement, sumEvensTask);
      expect((await builder.verification(impl))?.status).toBe('passed');
      const learned = await (await builder.skills()).find({ description: sumEvensTask.description });
      expect(learned.map((m) => m.skill.skillId)).toEqual(learnSkills ? ['learned:sumEvens'] : []);
      await builder.close();
      await qa.close();
    }
  });

  it('with a sandbox, picks the first retrieved skill that passes the task’s examples', async () => {
    const buggy: Skill = { ...defaultSkills.find((s) => s.name === 'maxOfArray')!, skillId: 'skill:smallestNumber', name: 'smallestNumber', description: 'Smallest number in an array of numbers', tags: ['array', 'smallest', 'minimum'], code: 'function smallestNumber(xs) {\n  return Math.max(...xs);\n}' };
    const right: Skill = { ...buggy, skillId: 'skill:minimum', name: 'minimum', description: 'Minimum value of an array', tags: ['array', 'min'], code: 'function minimum(xs) {\n  return Math.min(...xs);\n}' };
    const task = { taskType: 'array_min', entry: 'smallest', description: 'Smallest number in an array', examples: [{ args: [[3, 1, 2]], expected: 1 }] };
    const plain = new BuilderAgent({ tenantId: 'pick1', store, skills: [buggy, right] });
    expect((await plain.implement(task)).sourceId).toBe('skill:smallestNumber');
    const checking = new BuilderAgent({ tenantId: 'pick2', store, skills: [buggy, right], sandbox });
    const impl = await checking.implement(task);
    expect(impl.sourceId).toBe('skill:minimum');
    expect(impl.rationale).toMatch(/passes the 1 examples/);
    const none = await checking.implement({ ...task, examples: [{ args: [[3, 1, 2]], expected: 99 }] });
    expect(none.sourceId).toBe('skill:smallestNumber');
    expect(none.rationale).toMatch(/no candidate passed the examples/);
    await plain.close();
    await checking.close();
  });

  it('keeps its skills in the store and learns new ones', async () => {
    const builder = new BuilderAgent({ tenantId: 'lib', store });
    const library = await builder.skills();
    expect(await library.ensureSeeded()).toBe(defaultSkills.length);
    const again = new BuilderAgent({ tenantId: 'lib', store });
    expect(await (await again.skills()).ensureSeeded()).toBe(0);
    await library.add({ ...defaultSkills[0]!, skillId: 'skill:shout', name: 'shout', description: 'Upper-case a string and add an exclamation mark', tags: ['string', 'shout'], code: "function shout(s) {\n  return s.toUpperCase() + '!';\n}" });
    const [best] = await library.find({ description: 'shout a string with exclamation' });
    expect(best!.skill).toMatchObject({ name: 'shout', source: 'learned' });
    expect(await library.find({ description: 'the of and' })).toEqual([]);
    await builder.close();
    await again.close();
  });

  it('logs unverified outcomes without a QA agent, and opens its own store from a URL', async () => {
    const url = tempDbUrl();
    const builder = new BuilderAgent({ tenantId: 'own', storeUrl: url });
    const frontend = await builder.generateCodeWithLogging('Landing pages', builder.generateFrontend, { appName: 'Site', pages: ['/', 'about'] });
    expect(frontend.kind).toBe('frontend');
    expect(await builder.verification(frontend)).toBeUndefined();
    const { logger } = await builder.ready();
    await logger.flush();
    await builder.close();
    await builder.close();
    await expect(builder.ready()).rejects.toThrow(/closed/);
    const reopened = await openStore(url);
    const [item] = (await reopened.list(namespaces.outcomes('own', 'builder_agent'))).items;
    const outcome = parseOutcome(item!.value);
    expect(outcome).toMatchObject({ taskType: 'code_generation', success: true, verified: false, context: { appName: 'Site', pages: ['/', 'about'] } });
    expect((outcome.result as { pages: string[] }).pages).toEqual(['/', '/about']);
    await reopened.close();
  });

  it('a failing generator is logged as a failure and its error rethrown', async () => {
    const logger = new OutcomeLogger({ store, tenantId: 'boom', handleSignals: false });
    const qa = new QAAgent({ tenantId: 'boom', store, logger, sandbox });
    const builder = new BuilderAgent({ tenantId: 'boom', store, logger, qa });
    await expect(builder.generateCodeWithLogging('bad spec', builder.generateBackend, { appName: 'x', apiRoutes: ['health'] })).rejects.toThrow(/reserved/);
    // A function task without tests cannot be verified.
    const impl = await builder.generateCodeWithLogging('no tests', builder.implement, { ...sumEvensTask, tests: undefined });
    expect(await builder.verification(impl)).toBeUndefined();
    await logger.flush();
    const outcomes = (await store.list(namespaces.outcomes('boom', 'builder_agent'))).items.map((i) => parseOutcome(i.value));
    expect(outcomes.map((o) => [o.success, o.verified, o.error?.type ?? null]).sort()).toEqual([
      [false, false, 'INVALID_INPUT'],
      [true, false, null],
    ]);
    await logger.close();
  });

  it('resultToJson keeps code for functions and a file summary for apps', () => {
    expect(resultToJson(undefined)).toBeNull();
    expect(resultToJson(3)).toBe(3);
    expect(resultToJson({ a: [1] })).toEqual({ a: [1] });
  });
});

describe('problemFromTask', () => {
  it('maps a task to an SE-Darwin problem keyed like implement()', async () => {
    const { problemFromTask } = await import('../src/problem.js');
    expect(problemFromTask(sumEvensTask, { heldOutTests: [{ args: [[2]], expected: 2 }] })).toEqual({
      problemId: 'sumEvens',
      taskType: 'array_sum',
      description: sumEvensTask.description,
      entry: 'sumEvens',
      signature: sumEvensTask.signature,
      tests: sumEvensTask.tests,
      heldOutTests: [{ args: [[2]], expected: 2 }],
    });
    expect(() => problemFromTask({ ...sumEvensTask, tests: [] })).toThrow(/task\.tests/);
  });
});
