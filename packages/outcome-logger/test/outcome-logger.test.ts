import { namespaces, parseOutcome, parseTrainingExample, type ProductionOutcome, type TrainingExample } from '@genesis/schemas';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  OutcomeLogger,
  OutcomeLoggerError,
  OUTCOME_INDEX,
  createRulesExtractor,
  recordStep,
  recordTool,
  type OutcomeLoggerOptions,
  type PlanExtractor,
} from '../src/index.js';
import { formatIssuePath } from '../src/errors.js';
import { FaultyStore } from './support/faulty-store.js';
import { eventually, tempStore, type TempStore } from './support/store.js';

let ts: TempStore;
const loggers: OutcomeLogger[] = [];
const errors: OutcomeLoggerError[] = [];

function newLogger(options: Partial<OutcomeLoggerOptions> = {}): OutcomeLogger {
  const logger = new OutcomeLogger({
    store: ts.store,
    tenantId: 'acme',
    handleSignals: false,
    onError: (e) => errors.push(e),
    ...options,
  });
  loggers.push(logger);
  return logger;
}

async function outcomes(agent: string, tenant = 'acme'): Promise<ProductionOutcome[]> {
  const items = await ts.store.search(namespaces.outcomes(tenant, agent), { limit: 1000 });
  return items.map((i) => parseOutcome(i.value));
}

async function examples(agent: string, tenant = 'acme'): Promise<TrainingExample[]> {
  const items = await ts.store.search(namespaces.training(tenant, agent), { limit: 1000 });
  return items.map((i) => parseTrainingExample(i.value));
}

beforeAll(async () => {
  ts = await tempStore();
});
afterEach(async () => {
  await Promise.all(loggers.splice(0).map((l) => l.close()));
  errors.length = 0;
});
afterAll(async () => {
  await ts.cleanup();
});

describe('logOutcome', () => {
  it('returns the canonical record at once and writes it (with its training example) in the background', async () => {
    let id = 0;
    const logger = newLogger({ newId: () => `id-${++id}`, now: () => Date.parse('2026-11-26T04:00:00.000Z') });
    const outcome = logger.logOutcome({
      agentName: 'builder',
      taskType: 'code_generation',
      taskDescription: 'Generate auth module with JWT for ops@acme.example',
      success: true,
      verified: true,
      result: { code: 'export const x = 1;', fileCount: 2 },
      executionPath: [{ name: 'plan' }, { name: 'tsc', kind: 'tool', durationMs: 12 }],
      durationMs: 40,
    });
    expect(outcome).toMatchObject({
      schemaVersion: 1,
      outcomeId: 'id-1',
      tenantId: 'acme',
      toolsUsed: ['tsc'],
      startedAt: '2026-11-26T03:59:59.960Z',
      finishedAt: '2026-11-26T04:00:00.000Z',
      taskDescription: 'Generate auth module with JWT for [REDACTED:email]',
      executionPath: [
        { name: 'plan', kind: 'step', durationMs: 0, ok: true },
        { name: 'tsc', kind: 'tool', durationMs: 12, ok: true },
      ],
      context: {},
    });
    expect(logger.stats().bufferDepth).toBe(1);
    expect(await outcomes('builder')).toHaveLength(0); // not yet: the caller never waits for the store
    await logger.flush();
    expect(await outcomes('builder')).toEqual([outcome]);
    const [example] = await examples('builder');
    expect(example!.exampleId).toBe('id-1');
    expect(example!.outcome).toEqual(outcome);
    expect(example!.plan).toMatchObject({ extractor: 'rules@1', status: 'candidate', outcomeIds: ['id-1'], taskType: 'code_generation' });
    expect(logger.stats()).toMatchObject({ enqueued: 1, written: 1, trainingExamples: 1, plansExtracted: 1, bufferDepth: 0 });
    // indexed for text search, as other packages expect
    const hits = await ts.store.search(['training', 'acme'], { query: 'auth module' });
    expect(hits.map((h) => h.key)).toContain('id-1');
  });

  it('only verified successes become training examples', async () => {
    const logger = newLogger();
    const base = { agentName: 'gate', taskType: 't' };
    const ok = logger.logOutcome({ ...base, success: true, verified: true });
    logger.logOutcome({ ...base, success: true });
    logger.logOutcome({ ...base, success: false, error: new TypeError('nope') });
    await logger.flush();
    expect(await outcomes('gate')).toHaveLength(3);
    expect((await examples('gate')).map((e) => e.outcome.outcomeId)).toEqual([ok.outcomeId]);
  });

  it('does not extract when autoExtract is off', async () => {
    const logger = newLogger({ autoExtract: false });
    logger.logOutcome({ agentName: 'noextract', taskType: 't', success: true, verified: true });
    await logger.flush();
    expect(await outcomes('noextract')).toHaveLength(1);
    expect(await examples('noextract')).toHaveLength(0);
  });

  it('fills defaults: errors from Error/string, timestamps from dates and epoch, ids from the active span', () => {
    const logger = newLogger();
    const a = logger.logOutcome({
      agentName: 'a',
      taskType: 't',
      success: false,
      error: Object.assign(new Error('connect ECONNREFUSED postgres://u:pw1234@db:5432/x'), { code: 'ECONNREFUSED' }),
      startedAt: new Date('2026-01-01T00:00:00Z'),
      finishedAt: Date.parse('2026-01-01T00:00:02Z'),
      executionPath: [{ name: 'connect', ok: false, error: 'password=hunter2 rejected' }],
    });
    expect(a.error).toEqual({ type: 'ECONNREFUSED', message: 'connect ECONNREFUSED postgres://u:[REDACTED:url-password]@db:5432/x' });
    expect(a.durationMs).toBe(2000);
    expect(a.executionPath[0]!.error).toBe('password=[REDACTED:secret-assignment] rejected');
    const b = logger.logOutcome({ agentName: 'a', taskType: 't', success: false, error: 'plain' });
    expect(b.error).toEqual({ type: 'Error', message: 'plain' });
    expect(b.traceId).toBeUndefined();
    const c = logger.logOutcome({ agentName: 'a', taskType: 't', success: true, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), context: { when: new Date(0), apiKey: 'sk-live' } });
    expect(c).toMatchObject({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), context: { when: '1970-01-01T00:00:00.000Z', apiKey: '[REDACTED:sensitive-key]' } });
  });

  it.each([
    ['not an object', 'hello', '(root)'],
    ['missing agentName', { taskType: 't', success: true }, 'agentName'],
    ['agentName with a slash', { agentName: 'a/b', taskType: 't', success: true }, 'agentName'],
    ['empty taskType', { agentName: 'a', taskType: '', success: true }, 'taskType'],
    ['success not boolean', { agentName: 'a', taskType: 't', success: 'yes' }, 'success'],
    ['verified failure', { agentName: 'a', taskType: 't', success: false, verified: true }, 'verified'],
    ['negative duration', { agentName: 'a', taskType: 't', success: true, durationMs: -1 }, 'durationMs'],
    ['bad step', { agentName: 'a', taskType: 't', success: true, executionPath: [{ name: '' }] }, 'executionPath[0].name'],
    ['bad timestamp', { agentName: 'a', taskType: 't', success: true, finishedAt: 'yesterday' }, 'finishedAt'],
    ['finished before started', { agentName: 'a', taskType: 't', success: true, startedAt: '2026-01-02T00:00:00Z', finishedAt: '2026-01-01T00:00:00Z' }, 'finishedAt'],
    ['context not an object', { agentName: 'a', taskType: 't', success: true, context: [1] }, 'context'],
    ['unknown field', { agentName: 'a', taskType: 't', success: true, taskDesc: 'typo' }, 'taskDesc'],
    ['bad trace id', { agentName: 'a', taskType: 't', success: true, traceId: 'xyz' }, 'traceId'],
  ])('rejects %s with INVALID_OUTCOME naming the path, and enqueues nothing', (_label, input, path) => {
    const logger = newLogger();
    let thrown: unknown;
    try {
      logger.logOutcome(input as never);
    } catch (e) {
      thrown = e;
    }
    expect(OutcomeLoggerError.isInstance(thrown)).toBe(true);
    const err = thrown as OutcomeLoggerError;
    expect(err.code).toBe('INVALID_OUTCOME');
    expect(err.message).toMatch(/^Invalid outcome at /);
    expect(err.issues.map((i) => formatIssuePath(i.path))).toContain(path);
    expect(logger.stats().enqueued).toBe(0);
  });

  it('throws CLOSED after close()', async () => {
    const logger = newLogger();
    await logger.close();
    await logger.close(); // idempotent
    expect(() => logger.logOutcome({ agentName: 'a', taskType: 't', success: true })).toThrow(
      expect.objectContaining({ code: 'CLOSED' }),
    );
  });
});

describe('options', () => {
  it.each([
    ['no store', { store: undefined }],
    ['bad tenant', { tenantId: 'a/b' }],
    ['bad extractor', { extractor: { id: 'x' } as unknown as PlanExtractor }],
    ['bad buffer', { buffer: { maxItems: 0 } }],
    ['bad policy', { buffer: { whenFull: 'block' as never } }],
    ['bad retry', { retry: { initialDelayMs: -1 } }],
    ['an index that is not a list', { index: { outcomes: 'taskType' as never } }],
    ['an index path the store would refuse', { index: { training: ['plan..strategy'] } }],
  ])('rejects %s with INVALID_OPTIONS', (_label, options) => {
    expect(() => new OutcomeLogger({ store: ts.store, tenantId: 'acme', handleSignals: false, ...options } as OutcomeLoggerOptions)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  it('rejects a non-object', () => {
    expect(() => new OutcomeLogger(null as never)).toThrow(OutcomeLoggerError);
  });

  it('writes at most 100 outcomes per store call by default, so one write holds the event loop briefly', async () => {
    const sizes: number[] = [];
    const counting = new Proxy(ts.store, {
      get(target, prop, receiver) {
        if (prop === 'putMany') return (items: unknown[]) => (sizes.push(items.length), target.putMany(items as never));
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const logger = newLogger({ store: counting });
    for (let i = 0; i < 450; i++) logger.logOutcome({ agentName: 'batched', taskType: 't', success: true, verified: false });
    await logger.flush();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(450); // unverified: one item an outcome
    expect(Math.max(...sizes)).toBe(100);
  });
});

describe('search index', () => {
  const input = { agentName: 'idx', taskType: 'refactor', taskDescription: 'Refactor the penguin module', success: true, verified: true };

  it('by default indexes training examples, not outcomes (found by namespace and filter instead)', async () => {
    const logger = newLogger({ tenantId: 'idx-default' });
    const outcome = logger.logOutcome(input);
    await logger.flush();
    expect((await ts.store.search(['training', 'idx-default'], { query: 'penguin' })).map((h) => h.key)).toEqual([outcome.outcomeId]);
    expect((await ts.store.search(['training', 'idx-default'], { query: 'penguin', mode: 'semantic' })).map((h) => h.key)).toEqual([outcome.outcomeId]);
    expect(await ts.store.search(['outcomes', 'idx-default'], { query: 'penguin' })).toEqual([]);
    expect(await ts.store.search(['outcomes', 'idx-default'], { query: 'penguin', mode: 'semantic' })).toEqual([]);
    const found = await ts.store.search(namespaces.outcomes('idx-default', 'idx'), { filter: { taskType: 'refactor', success: true } });
    expect(found.map((h) => h.value)).toEqual([outcome]);
  });

  it('indexes what index.outcomes and index.training name', async () => {
    const logger = newLogger({ tenantId: 'idx-custom', index: { outcomes: OUTCOME_INDEX, training: false } });
    const outcome = logger.logOutcome(input);
    await logger.flush();
    expect((await ts.store.search(['outcomes', 'idx-custom'], { query: 'penguin' })).map((h) => h.key)).toEqual([outcome.outcomeId]);
    expect((await ts.store.search(['outcomes', 'idx-custom'], { query: 'penguin', mode: 'semantic' })).map((h) => h.key)).toEqual([outcome.outcomeId]);
    expect(await ts.store.search(['training', 'idx-custom'], { query: 'penguin' })).toEqual([]);
    expect(await examples('idx', 'idx-custom')).toHaveLength(1);
  });
});

describe('wrap', () => {
  it('returns exactly what fn returns (sync and async), throws exactly what it throws, keeps this, name and length', async () => {
    const logger = newLogger();
    const meta = { agentName: 'wrapper', taskType: 'calc' };
    const add = logger.wrap(meta, function add(a: number, b: number) {
      return a + b;
    });
    expect(add(2, 3)).toBe(5);
    expect(add.name).toBe('add');
    expect(add.length).toBe(2);
    const p = Promise.resolve({ v: 1 });
    const asyncFn = logger.wrap(meta, () => p);
    expect(asyncFn()).toBe(p);
    const boom = new RangeError('boom');
    const thrower = logger.wrap(meta, () => {
      throw boom;
    });
    expect(() => thrower()).toThrow(boom);
    const rejecter = logger.wrap(meta, async () => {
      throw boom;
    });
    await expect(rejecter()).rejects.toBe(boom);
    const obj = {
      base: 10,
      get: logger.wrap(meta, function (this: { base: number }, n: number) {
        return this.base + n;
      }),
    };
    expect(obj.get(1)).toBe(11);
    await logger.flush();
    const stored = await outcomes('wrapper');
    expect(stored).toHaveLength(5);
    const failed = stored.filter((o) => !o.success);
    expect(failed).toHaveLength(2);
    for (const f of failed) expect(f.error).toEqual({ type: 'RangeError', message: 'boom' });
  });

  it('returns a hostile value untouched and still logs the call: a Proxy that throws on every read, a throwing then getter', async () => {
    const logger = newLogger();
    const meta = { agentName: 'hostile-values', taskType: 'calc' };
    const proxy = new Proxy({}, { get: () => { throw new Error('any read'); }, ownKeys: () => { throw new Error('keys'); } });
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const thenGetter = { get then(): never { throw new Error('then getter'); }, v: 1 };
    expect(logger.wrap(meta, () => proxy)()).toBe(proxy);
    expect(logger.wrap(meta, () => revocable.proxy)()).toBe(revocable.proxy);
    expect(logger.wrap(meta, () => thenGetter)()).toBe(thenGetter);
    // A thenable that is not a native promise is a value to the logger: its `then` is never called.
    const badThen = { then(): never { throw new TypeError('then threw'); }, w: 2 };
    expect(logger.wrap(meta, () => badThen)()).toBe(badThen);
    expect(recordStep('s', () => proxy)).toBe(proxy);
    await logger.flush();
    const stored = await outcomes('hostile-values');
    expect(stored).toHaveLength(4);
    expect(stored.map((o) => [o.success, o.result]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      [true, '[Unserializable]'],
      [true, '[Unserializable]'],
      [true, { v: 1 }],
      [true, { w: 2 }],
    ]);
    expect(errors).toEqual([]);
  });

  it('never calls then on a lazy thenable (a query builder): the work runs once, when the caller awaits it', async () => {
    const logger = newLogger();
    const meta = { agentName: 'lazy', taskType: 'db' };
    let runs = 0;
    // Like a Drizzle, Prisma or Knex query: nothing happens until then() is called.
    const query = (rows: number[]) => ({
      then<T>(resolve: (v: number[]) => T, reject?: (e: unknown) => unknown) {
        runs++;
        return Promise.resolve(rows).then(resolve, reject);
      },
    });
    const insert = logger.wrap(meta, (n: number) => query([n]));
    expect(await insert(7)).toEqual([7]);
    expect(await recordTool('db.insert', () => query([8]))).toEqual([8]);
    expect(runs).toBe(2);
    // A native promise is still observed until it settles.
    const asyncInsert = logger.wrap(meta, async (n: number) => query([n]));
    expect(await asyncInsert(9)).toEqual([9]);
    expect(runs).toBe(3);
    await logger.flush();
    const stored = await outcomes('lazy');
    expect(stored.map((o) => o.result).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([[9], {}]);
  });

  it('records the execution path through nested helpers, the result and timings; verify decides verified', async () => {
    const logger = newLogger();
    const typeCheck = (files: string[]) => recordTool('tsc', async () => {
      await new Promise((r) => setTimeout(r, 5));
      return files.length;
    });
    const generate = async (spec: { appName: string; routes: string[] }) => {
      const routes = recordStep('plan routes', () => spec.routes.map((r) => `/${r}`));
      const files = await recordStep('write files', async () => routes.map((r) => `src${r}.ts`));
      await typeCheck(files);
      return { code: 'export const app = 1;\n'.repeat(3), files, fileCount: files.length, token: 'ghp_R8s7T6u5V4w3X2y1Z0a9B8c7D6e5F4g3H2i1' };
    };
    const build = logger.wrap({ agentName: 'builder2', taskType: 'code_generation' }, generate, {
      describe: (spec) => `Generate ${spec.appName}`,
      verify: async (r) => r.fileCount === 2,
      context: (spec) => ({ app: spec.appName }),
    });
    const res = await build({ appName: 'shop', routes: ['login', 'register'] });
    expect(res.fileCount).toBe(2);
    await logger.flush();
    const [o] = await outcomes('builder2');
    expect(o).toMatchObject({
      taskDescription: 'Generate shop',
      success: true,
      verified: true,
      toolsUsed: ['tsc'],
      context: { app: 'shop' },
      result: { code: 'export const app = 1;\n'.repeat(3), files: ['src/login.ts', 'src/register.ts'], fileCount: 2, token: '[REDACTED:sensitive-key]' },
    });
    expect(o!.executionPath.map((s) => [s.name, s.kind, s.ok])).toEqual([
      ['plan routes', 'step', true],
      ['write files', 'step', true],
      ['tsc', 'tool', true],
    ]);
    expect(o!.durationMs).toBeGreaterThanOrEqual(o!.executionPath[2]!.durationMs);
    expect(Date.parse(o!.finishedAt) - Date.parse(o!.startedAt)).toBeCloseTo(o!.durationMs, -1);
    const [ex] = await examples('builder2');
    expect(ex!.plan.toolsSequence).toEqual(['tsc']);
    expect(ex!.plan.strategy).toContain('plan routes → write files → [tsc]');
  });

  it("verify, not the agent's claim, decides verified; a throwing or hanging verify means not verified", async () => {
    const logger = newLogger();
    const meta = { agentName: 'verifier', taskType: 'qa' };
    await logger.wrap(meta, async () => ({ passed: 3, failed: 1 }), { verify: (r) => r.failed === 0 })();
    await logger.wrap(meta, async () => ({ passed: 4, failed: 0 }), { verify: (r) => r.failed === 0 })();
    logger.wrap(meta, () => 1, { verify: () => { throw new Error('verifier crashed'); } })();
    logger.wrap(meta, () => 2, { verify: () => new Promise<boolean>(() => {}), verifyTimeoutMs: 30 })();
    logger.wrap(meta, () => ({ success: false }), { verify: () => true })(); // agent says it failed: never verified
    await logger.flush();
    const stored = await outcomes('verifier');
    const byResult = (r: unknown) => stored.find((o) => JSON.stringify(o.result) === JSON.stringify(r))!;
    expect(byResult({ passed: 3, failed: 1 }).verified).toBe(false);
    expect(byResult({ passed: 4, failed: 0 }).verified).toBe(true);
    expect(byResult(1).verified).toBe(false);
    expect(byResult(2).verified).toBe(false);
    expect(byResult({ success: false })).toMatchObject({ success: false, verified: false });
    expect(errors.filter((e) => e.code === 'CALLBACK_FAILED').map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('verifier crashed'), expect.stringContaining('did not settle')]),
    );
  });

  it('callbacks that throw never reach the caller', async () => {
    const logger = newLogger();
    const fn = logger.wrap({ agentName: 'cb', taskType: 't' }, (x: number) => x * 2, {
      describe: () => { throw new Error('d'); },
      context: () => { throw new Error('c'); },
      result: () => { throw new Error('r'); },
      success: () => { throw new Error('s'); },
    });
    expect(fn(21)).toBe(42);
    await logger.flush();
    const [o] = await outcomes('cb');
    expect(o).toMatchObject({ success: false, result: null, taskDescription: 't' });
    expect(errors.filter((e) => e.code === 'CALLBACK_FAILED')).toHaveLength(4);
  });

  it('uses a custom success() and result(), and the first string argument as description', async () => {
    const logger = newLogger();
    const fn = logger.wrap({ agentName: 'custom', taskType: 't' }, (task: string) => ({ exit: 0, big: 'x'.repeat(10) , task}), {
      success: (r) => r.exit === 0,
      result: (r) => ({ exit: r.exit }),
    });
    fn('Run integration tests');
    await logger.flush();
    const [o] = await outcomes('custom');
    expect(o).toMatchObject({ taskDescription: 'Run integration tests', success: true, result: { exit: 0 } });
  });

  it("keeps fn's exact type", () => {
    const logger = newLogger();
    const sync = (a: number, b: string): { n: number; s: string } => ({ n: a, s: b });
    const async = async (spec: { appName: string }): Promise<string[]> => [spec.appName];
    expectTypeOf(logger.wrap({ agentName: 'a', taskType: 't' }, sync)).toEqualTypeOf<typeof sync>();
    expectTypeOf(logger.wrap({ agentName: 'a', taskType: 't' }, async)).toEqualTypeOf<typeof async>();
    expectTypeOf(recordStep('s', () => 1)).toEqualTypeOf<number>();
    expectTypeOf(recordTool('t', async () => 'x')).toEqualTypeOf<Promise<string>>();
  });

  it('rejects invalid meta at wrap time', () => {
    const logger = newLogger();
    expect(() => logger.wrap({ agentName: '', taskType: 't' }, () => 1)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => logger.wrap({ agentName: 'a', taskType: 't' }, 5 as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it('stores (redacted) a call whose successful step names hold secrets, alongside failing tool calls', async () => {
    const logger = newLogger();
    const token = 'glpat-Zq8Xw7Vu6Ts5Rq4Po3Nm';
    const call = logger.wrap({ agentName: 'secretive', taskType: 't' }, async () => {
      recordStep(`push with ${token}`, () => 1);
      await recordTool(`deploy ${token}`, async () => {
        throw new Error(`denied for ${token}`);
      }).catch(() => undefined);
      return { ok: true };
    });
    await call();
    await logger.flush();
    expect(errors).toEqual([]);
    const [o] = await outcomes('secretive');
    expect(o!.executionPath.map((s) => [s.name, s.ok, s.error ?? null])).toEqual([
      ['push with [REDACTED:gitlab-token]', true, null],
      ['deploy [REDACTED:gitlab-token]', false, 'Error: denied for [REDACTED:gitlab-token]'],
    ]);
    expect(JSON.stringify(o)).not.toContain(token);
  });

  it('counts steps beyond maxSteps in context.droppedSteps', async () => {
    const logger = newLogger({ maxSteps: 3 });
    logger.wrap({ agentName: 'many', taskType: 't' }, () => {
      for (let i = 0; i < 10; i++) recordStep(`s${i}`, () => i);
    })();
    await logger.flush();
    const [o] = await outcomes('many');
    expect(o!.executionPath).toHaveLength(3);
    expect(o!.context).toEqual({ droppedSteps: 7 });
  });

  it('drops (and reports) outcomes of calls that finish after close()', async () => {
    const logger = newLogger();
    let release!: () => void;
    const slow = logger.wrap({ agentName: 'late', taskType: 't' }, () => new Promise<number>((r) => (release = () => r(1))));
    const p = slow();
    await logger.close();
    release();
    expect(await p).toBe(1);
    expect(logger.stats().dropped.closed).toBe(1);
    expect(errors.some((e) => e.code === 'CLOSED')).toBe(true);
  });
});

describe('extraction', () => {
  it('warms its evidence from the store: a new logger sees earlier outcomes of the same task type', async () => {
    const first = newLogger();
    const steps = [{ name: 'plan' }, { name: 'tsc', kind: 'tool' as const }];
    for (let i = 0; i < 4; i++) {
      first.logOutcome({ agentName: 'warm', taskType: 'build', success: true, verified: true, executionPath: steps, durationMs: 100 + i });
    }
    await first.flush();
    const firstConfidences = (await examples('warm')).map((e) => e.plan.confidence).sort();
    const second = newLogger();
    const o = second.logOutcome({ agentName: 'warm', taskType: 'build', success: true, verified: true, executionPath: steps, durationMs: 50 });
    await second.flush();
    const ex = (await examples('warm')).find((e) => e.outcome.outcomeId === o.outcomeId)!;
    expect(ex.plan.successFactors).toEqual(expect.arrayContaining(['same tool sequence as 4 earlier successful runs']));
    expect(ex.plan.confidence).toBeGreaterThan(Math.max(...firstConfidences));
  });

  it('skips malformed stored records when warming, and retries a warm-up that failed', async () => {
    await ts.store.put(namespaces.outcomes('acme', 'warm2'), 'junk', { taskType: 'build', outcomeId: 'junk', note: 'not an outcome' });
    const faulty = new FaultyStore(ts.store);
    const logger = newLogger({ store: faulty, retry: { initialDelayMs: 1, maxDelayMs: 1 } });
    faulty.fault = 'throw';
    const first = logger.logOutcome({ agentName: 'warm2', taskType: 'build', success: true, verified: true });
    await eventually(() => errors.some((e) => e.code === 'STORE_READ_FAILED'));
    faulty.heal();
    await logger.flush();
    await new Promise((r) => setTimeout(r, 5)); // past retryAfterMs
    const second = logger.logOutcome({ agentName: 'warm2', taskType: 'build', success: true, verified: true });
    await logger.flush();
    expect(faulty.searchCalls).toBeGreaterThanOrEqual(2); // warmed again once the store was back
    const byId = new Map((await examples('warm2')).map((e) => [e.outcome.outcomeId, e]));
    expect(byId.get(first.outcomeId)!.plan.successFactors).not.toContain('same tool sequence as 1 earlier successful runs');
    expect(byId.get(second.outcomeId)!.plan.successFactors).toContain('same tool sequence as 1 earlier successful runs');
  });

  it('stores the outcome without an example when the extractor fails, and reports it', async () => {
    const broken: PlanExtractor = { id: 'rules@9', extract: () => { throw new Error('extractor bug'); } };
    const invalidPlan: PlanExtractor = { id: 'rules@8', extract: (o) => ({ ...createRulesExtractor().extract(o, { sameTaskDurationsMs: [], medianDurationMs: undefined, sameToolSequenceCount: 0, windowSize: 0 }), confidence: 7 }) };
    const foreign: PlanExtractor = { id: 'rules@7', extract: (o) => ({ ...createRulesExtractor().extract(o, { sameTaskDurationsMs: [], medianDurationMs: undefined, sameToolSequenceCount: 0, windowSize: 0 }), outcomeIds: ['other'] }) };
    for (const extractor of [broken, invalidPlan, foreign]) {
      const logger = newLogger({ extractor });
      logger.logOutcome({ agentName: `fail-${extractor.id.replace('@', '')}`, taskType: 't', success: true, verified: true });
      await logger.flush();
      expect(await outcomes(`fail-${extractor.id.replace('@', '')}`)).toHaveLength(1);
      expect(await examples(`fail-${extractor.id.replace('@', '')}`)).toHaveLength(0);
      expect(logger.stats().extractionFailures).toBe(1);
    }
    expect(errors.filter((e) => e.code === 'EXTRACTION_FAILED')).toHaveLength(3);
  });

  it('runs a slow (model) extractor up to extractConcurrency at a time, with evidence taken in log order', async () => {
    let running = 0;
    let maxRunning = 0;
    const seen: number[] = [];
    const slow: PlanExtractor = {
      id: 'llm:slow',
      extract: async (o, evidence) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        seen.push(evidence.sameToolSequenceCount);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return { ...createRulesExtractor().extract(o, evidence), extractor: 'llm:slow' };
      },
    };
    const logger = newLogger({ extractor: slow, extractConcurrency: 3 });
    for (let i = 0; i < 8; i++) logger.logOutcome({ agentName: 'slowx', taskType: 't', success: true, verified: true });
    await logger.flush();
    expect(maxRunning).toBe(3);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // each saw exactly the ones logged before it
    expect(await examples('slowx')).toHaveLength(8);
  });

  it('survives an extractor that breaks even its error path: the outcome is still written, the error reported', async () => {
    let reads = 0;
    const hostile = {
      get id(): string {
        if (++reads > 1) throw new Error('id getter exploded');
        return 'rules@5';
      },
      extract: () => {
        throw new Error('extract failed');
      },
    } as PlanExtractor;
    const logger = newLogger({ extractor: hostile, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
    logger.logOutcome({ agentName: 'hostile', taskType: 't', success: true, verified: true });
    await logger.flush();
    expect(await outcomes('hostile')).toHaveLength(1);
    expect(errors.some((e) => e.code === 'STORE_WRITE_FAILED' && e.message.includes('id getter exploded'))).toBe(true);
  });

  it('redacts what an extractor returns', async () => {
    const leaky: PlanExtractor = {
      id: 'llm:leaky',
      extract: (o) => ({ ...createRulesExtractor().extract(o, { sameTaskDurationsMs: [], medianDurationMs: undefined, sameToolSequenceCount: 0, windowSize: 0 }), extractor: 'llm:leaky', strategy: 'login with password=hunter2 then deploy' }),
    };
    const logger = newLogger({ extractor: leaky });
    logger.logOutcome({ agentName: 'leaky', taskType: 't', success: true, verified: true });
    await logger.flush();
    const [ex] = await examples('leaky');
    expect(ex!.plan.strategy).toBe('login with password=[REDACTED:secret-assignment] then deploy');
  });
});
