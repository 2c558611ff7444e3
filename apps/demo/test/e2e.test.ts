import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '@genesis/memory-store';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { DemoError } from '../src/errors.js';
import { runDemo } from '../src/run-demo.js';
import type { DemoEvent } from '../src/types.js';
import type { DemoReport } from '../src/report.js';
import { buildWorkload } from '../src/workload.js';
import { recompute, type Recomputed } from './recompute.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'dist', 'cli.js');
const SEED = 7;
const TENANT = `demo-small-s${SEED}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genesis-demo-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (t: string) => out.push(t), isTTY: false, columns: 120 },
      stderr: { write: (t: string) => err.push(t) },
      env: {},
    },
  };
}

/** The report without what may differ between two runs of the same seed (timings, sessions, clocks, paths). */
function stable(report: DemoReport) {
  const strip = ({ durationMs: _d, ...rest }: { durationMs: number }) => rest;
  return {
    successRate: report.successRate,
    tasks: report.tasks.map((t) => ({
      ...t,
      before: strip(t.before),
      after: strip(t.after),
      learning: t.learning ? strip(t.learning) : null,
    })),
    learning: report.learning,
    promotion: report.promotion,
    seeds: report.seeds,
    workload: report.workload,
    operators: report.operators,
  };
}

function checkAgainstStore(report: DemoReport, r: Recomputed): void {
  const workload = buildWorkload('small');
  expect(report.tasks.map((t) => t.taskId)).toEqual(workload.map((t) => t.taskId));
  for (const row of report.tasks) {
    for (const phase of ['before', 'after'] as const) {
      const expected = r[phase][row.taskId]!;
      expect({ task: row.taskId, phase, ...row[phase], durationMs: 0, sourceId: '' }).toEqual({
        task: row.taskId,
        phase,
        ...expected,
        durationMs: 0,
        sourceId: '',
      });
    }
    const l = r.learning[row.taskId];
    if (row.learning) {
      expect(l, `evolution run of ${row.taskId}`).toBeDefined();
      expect(row.learning.evaluations).toBe(l!.evaluations);
      // Every evaluation is a stored trajectory: nothing counted that was not executed, nothing executed uncounted.
      expect(l!.storedTrajectories).toBe(l!.evaluations);
      expect(row.learning.iterations).toBe(l!.iterations);
      expect(row.learning.bestScore).toBe(l!.bestScore);
      expect(row.learning.stoppedBecause).toBe(l!.stoppedBecause);
      expect(row.learning.winner).toEqual(l!.winner);
      expect(row.learning.productionSeeds).toBe(l!.productionSeeds);
    } else {
      expect(l).toBeUndefined();
    }
    const strategy = r.strategies.find((s) => s.problemId === row.taskId);
    if (row.promotion?.promoted) {
      expect(strategy).toBeDefined();
      expect(row.promotion.version).toBe(strategy!.version);
      expect(row.promotion.heldOutScore).toBe(strategy!.heldOutScore);
    } else {
      expect(strategy).toBeUndefined();
    }
  }
  // Totals.
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  expect(report.successRate.before.rate).toBe(round(r.rateBefore));
  expect(report.successRate.after.rate).toBe(round(r.rateAfter));
  expect(report.learning.evolved).toBe(Object.keys(r.learning).length);
  expect(report.learning.evaluations).toBe(Object.values(r.learning).reduce((a, l) => a + l.evaluations, 0));
  expect(report.learning.iterations).toBe(Object.values(r.learning).reduce((a, l) => a + l.iterations, 0));
  expect(report.learning.solved).toBe(Object.values(r.learning).filter((l) => l.bestScore >= 1).length);
  const perOperator: Record<string, { generated: number; evaluated: number; improved: number; bestScore: number; wins: number }> = {};
  const stopped: Record<string, number> = {};
  for (const l of Object.values(r.learning)) {
    for (const [op, s] of Object.entries(
      l.perOperator as Record<string, { generated: number; evaluated: number; improved: number; bestScore: number }>,
    )) {
      const o = (perOperator[op] ??= { generated: 0, evaluated: 0, improved: 0, bestScore: 0, wins: 0 });
      o.generated += s.generated;
      o.evaluated += s.evaluated;
      o.improved += s.improved;
      o.bestScore = Math.max(o.bestScore, s.bestScore);
    }
    if (l.winnerOperator) perOperator[l.winnerOperator]!.wins++;
    stopped[l.stoppedBecause] = (stopped[l.stoppedBecause] ?? 0) + 1;
  }
  expect(report.learning.perOperator).toEqual(perOperator);
  expect(report.learning.stoppedBecause).toEqual(stopped);
  expect(report.promotion.promoted).toBe(r.strategies.length);
  expect(report.promotion.attempted).toBe(Object.keys(r.learning).length);
  expect(report.promotion.rejected).toBe(Object.keys(r.learning).length - r.strategies.length);
  expect(report.records.evolutionRuns).toBe(Object.keys(r.learning).length);
  expect(report.records.outcomes).toEqual(r.records.outcomes);
  expect(report.records.verifiedOutcomes).toEqual(r.records.verified);
  expect(report.records.trainingExamples).toBe(r.records.training);
  expect(report.records.strategies).toBe(r.strategies.length);
  // Which production runs seeded which wins: the report's lineage walk agrees with the winners' recorded lineage.
  const reported: Record<string, string[]> = {};
  for (const s of report.seeds) (reported[s.taskId] ??= []).push(s.fromTask ?? '?');
  for (const k of Object.keys(reported)) reported[k]!.sort();
  expect(reported).toEqual(r.seedTasks);
  const reportedOutcomes: Record<string, { outcomeId: string; confidence: number | null }[]> = {};
  for (const s of report.seeds) (reportedOutcomes[s.taskId] ??= []).push({ outcomeId: s.outcomeId!, confidence: s.confidence });
  for (const k of Object.keys(reportedOutcomes)) reportedOutcomes[k]!.sort((a, b) => (a.outcomeId < b.outcomeId ? -1 : 1));
  expect(reportedOutcomes).toEqual(r.seedOutcomes);
}

describe('pnpm demo, end to end at small size', () => {
  let first: DemoReport;

  it('runs the whole loop through the CLI, improves the success rate, and every number matches the store', async () => {
    const db = `file:${join(dir, 'run.db')}`;
    const out = join(dir, 'out');
    const c = capture();
    const code = await main(
      ['--size', 'small', '--db', db, '--out', out, '--seed', String(SEED), '--telemetry', 'console', '--progress', 'plain'],
      c.io,
    );
    const stdout = c.out.join('');
    expect(code, c.err.join('')).toBe(0);
    first = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as DemoReport;
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('# Genesis Darwin — continuous-improvement report');
    // Plain progress lines and the readable report.
    expect(stdout).toContain('▶ Phase 1 — production');
    expect(stdout).toContain('✔ Phase 2 — learning (SE-Darwin)');
    expect(stdout).toMatch(/success rate\s+\d+\.\d% \(\d+\/9\)\s+→\s+\d+\.\d% \(\d+\/9\)/);
    // The OpenTelemetry SDK saw the packages' instruments.
    expect(stdout).toContain('se_darwin.trajectories.generated');
    expect(stdout).toContain('se_darwin.production_trajectories_loaded');
    expect(stdout).toContain('genesis.outcome_logger.outcomes.logged');

    expect(first.workload).toEqual({ total: 9, function: 8, backend: 1 });
    expect(first.successRate.before.succeeded).toBeLessThan(first.successRate.before.total);
    expect(first.successRate.after.rate).toBeGreaterThan(first.successRate.before.rate);
    expect(first.tasks.some((t) => t.change === 'fixed' && t.after.source === 'strategy')).toBe(true);
    // Every production trajectory credited with a win came from a task that passed QA in production.
    for (const s of first.seeds) expect(first.tasks.find((t) => t.taskId === s.fromTask)?.before.success, s.fromTask ?? '?').toBe(true);

    const store = await openStore(db);
    try {
      checkAgainstStore(first, await recompute(store, TENANT, buildWorkload('small')));
    } finally {
      await store.close();
    }
  }, 120_000);

  it('resumes after kill -9, stops cleanly on Ctrl-C (SIGINT to the process group), resumes on rerun, and ends with the same numbers as an uninterrupted run', async () => {
    expect(existsSync(CLI), 'build the demo first (dist/cli.js)').toBe(true);
    const db = `file:${join(dir, 'interrupted.db')}`;
    const out = join(dir, 'out-interrupted');
    const args = ['--no-node-snapshot', CLI, '--size', 'small', '--db', db, '--out', out, '--seed', String(SEED), '--progress', 'plain'];
    const run = (interruptOn?: RegExp, signal: NodeJS.Signals = 'SIGINT') =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        // Its own process group, so the interrupt reaches it the way Ctrl-C does: the CLI, its sandbox hosts and any
        // backend QA started all get SIGINT at once.
        const child = spawn(process.execPath, args, {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, GENESIS_TELEMETRY: 'none' },
          detached: true,
        });
        let stdout = '';
        let stderr = '';
        let sent = false;
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (interruptOn && !sent && interruptOn.test(stdout)) {
            sent = true;
            process.kill(-child.pid!, signal);
          }
        });
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });

    // First a crash: kill -9 in the middle of production (nothing is flushed or closed).
    const killed = await run(/\[3\/9\]/, 'SIGKILL');
    expect(killed.code).toBeNull();
    // Then Ctrl-C in the middle of learning: after the first evolution run finished.
    const stopped = await run(/\[1\/\d+\] \S+ — best/);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('run the same command again to resume');
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    const store = await openStore(db);
    const state = (await store.get(['demo', TENANT], 'state'))!.value as { phase: string; learning: object };
    await store.close();
    expect(state.phase).toBe('learning');

    const resumed = await run();
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(stopped.stdout).toContain('Resuming the unfinished run of tenant demo-small-s7 at production-before');
    expect(resumed.stdout).toContain('Resuming the unfinished run of tenant demo-small-s7 at learning');
    expect(resumed.stdout).toContain('▶ Phase 2 — learning (SE-Darwin) (resumed)');
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as DemoReport;
    expect(report.sessions).toBe(3);
    // Same seed, same numbers: the interrupted-and-resumed run equals the uninterrupted one (timings aside).
    expect(stable(report)).toEqual(stable(first));
    const check = await openStore(db);
    try {
      checkAgainstStore(report, await recompute(check, TENANT, buildWorkload('small')));
    } finally {
      await check.close();
    }
  }, 120_000);

  it('stops in-process through its AbortSignal at any phase and resumes to the same report', async () => {
    const db = `file:${join(dir, 'aborted.db')}`;
    const phases: string[] = [];
    // Stop once in production, once in learning, once in promotion: each rerun continues where the last stopped.
    for (const stopIn of ['production-before', 'learning', 'promotion'] as const) {
      const controller = new AbortController();
      const error = await runDemo({
        size: 'small',
        db,
        out: false,
        seed: SEED,
        signal: controller.signal,
        onEvent: (e: DemoEvent) => {
          if (e.type === 'task_done' && e.phase === stopIn && e.index === 1) controller.abort();
          if (e.type === 'evolution' && stopIn === 'learning' && e.event.type === 'candidate_evaluated') controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(DemoError.isInstance(error) && error.code === 'ABORTED', String(error)).toBe(true);
      const store = await openStore(db);
      phases.push(((await store.get(['demo', TENANT], 'state'))!.value as { phase: string }).phase);
      await store.close();
    }
    expect(phases).toEqual(['production-before', 'learning', 'promotion']);
    const report = await runDemo({ size: 'small', db, out: join(dir, 'out-aborted'), seed: SEED });
    expect(report.sessions).toBe(4);
    expect(stable(report)).toEqual(stable(first));
    expect(existsSync(join(dir, 'out-aborted', 'report.md'))).toBe(true);
    // A finished run is started over on the next call, from a clean tenant.
    const events: DemoEvent[] = [];
    const again = await runDemo({ size: 'small', db, out: false, seed: SEED, onEvent: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ type: 'info', message: expect.stringContaining('Starting over') });
    expect(again.sessions).toBe(1);
    expect(stable(again)).toEqual(stable(first));
  }, 120_000);

  const pg = process.env.GENESIS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
  it('runs on PostgreSQL with --db postgres://…, and the report matches the records there', async () => {
    const c = capture();
    const seed = SEED;
    const code = await main(['--size', 'small', '--db', pg, '--out', join(dir, 'out-pg'), '--seed', String(seed), '--fresh', '--json'], c.io);
    expect(code, c.err.join('')).toBe(0);
    const report = JSON.parse(c.out.join('')) as DemoReport;
    expect(report.store).toBe(pg.replace(/:[^:@/]+@/, ':***@'));
    expect(report.successRate.after.rate).toBeGreaterThan(report.successRate.before.rate);
    const store = await openStore(pg);
    try {
      checkAgainstStore(report, await recompute(store, `demo-small-s${seed}`, buildWorkload('small')));
    } finally {
      await store.close();
    }
  }, 120_000);

  it('uses a model for SE-Darwin when one is configured: its code is executed like any candidate and gated on held-out tests', async () => {
    type Result = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;
    const answers: Record<string, string> = {
      keepNegative: 'function keepNegative(values) {\n  return values.filter((x) => x < 0);\n}',
      countDifferent: 'function countDifferent(values, target) {\n  return values.filter((x) => x !== target).length;\n}',
      // Overfitted to the visible tests: passes them all, fails the held-out ones.
      primesBelow: 'function primesBelow(limit) {\n  return { 7: [2, 3, 5], 2: [], 0: [], 10: [2, 3, 5, 7], 12: [2, 3, 5, 7, 11] }[limit] ?? [];\n}',
    };
    const model = new MockLanguageModelV3({
      modelId: 'mock-coder',
      doGenerate: async (options) => {
        const prompt = options.prompt
          .map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => ('text' in p ? p.text : '')).join('')))
          .join('\n');
        const entry = Object.keys(answers).find((e) => prompt.includes(e));
        const text = entry ? `\`\`\`js\n${answers[entry]}\n\`\`\`` : 'no idea';
        return {
          content: [{ type: 'text', text }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: { inputTokens: { total: 100, noCache: 100, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 40, text: 40, reasoning: undefined } },
          warnings: [],
        } as Result;
      },
    });
    const db = `file:${join(dir, 'llm.db')}`;
    const report = await runDemo({ size: 'small', db, out: false, seed: SEED, model });
    expect(report.operators).toBe('llm:mock-coder');
    expect(model.doGenerateCalls.length).toBeGreaterThan(0);
    const byId = Object.fromEntries(report.tasks.map((t) => [t.taskId, t]));
    expect(byId['keep-negative']).toMatchObject({ change: 'fixed', after: { source: 'strategy' }, promotion: { promoted: true } });
    expect(byId['count-other']).toMatchObject({ change: 'fixed', after: { source: 'strategy' }, promotion: { promoted: true } });
    // The overfitted answer reached score 1 on the visible tests, and the held-out gate kept it out of production.
    expect(byId['primes-below']!.learning!.bestScore).toBe(1);
    expect(byId['primes-below']).toMatchObject({ change: 'still failing', promotion: { promoted: false, heldOutScore: 0 } });
    const store = await openStore(db);
    try {
      checkAgainstStore(report, await recompute(store, TENANT, buildWorkload('small')));
    } finally {
      await store.close();
    }
  }, 120_000);

  it('reaches an OpenAI-compatible endpoint configured through GENESIS_LLM_* (a local HTTP server speaking the API)', async () => {
    const requests: { model: string; auth: string | undefined }[] = [];
    const answers: Record<string, string> = {
      keepNegative: 'function keepNegative(values) {\n  return values.filter((x) => x < 0);\n}',
      countDifferent: 'function countDifferent(values, target) {\n  return values.filter((x) => x !== target).length;\n}',
    };
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const json = JSON.parse(body) as { model: string; messages: { content: string }[] };
        requests.push({ model: json.model, auth: req.headers.authorization });
        const prompt = json.messages.map((m) => m.content).join('\n');
        const entry = Object.keys(answers).find((e) => prompt.includes(e));
        const content = entry ? `\`\`\`js\n${answers[entry]}\n\`\`\`` : 'I cannot help with that.';
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion',
            created: 1_790_000_000,
            model: json.model,
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const c = capture();
      c.io.env = { GENESIS_LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, GENESIS_LLM_MODEL: 'fake-coder', GENESIS_LLM_API_KEY: 'sk-test-123' };
      const code = await main(['--size', 'small', '--db', `file:${join(dir, 'endpoint.db')}`, '--seed', String(SEED), '--json', '--out', join(dir, 'out-endpoint')], c.io);
      expect(code, c.err.join('')).toBe(0);
      expect(c.err.join('')).toContain('operators: LLM fake-coder (GENESIS_LLM_*)');
      const report = JSON.parse(c.out.join('')) as DemoReport;
      expect(report.operators).toBe('llm:fake-coder');
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((r) => r.model === 'fake-coder' && r.auth === 'Bearer sk-test-123')).toBe(true);
      const byId = Object.fromEntries(report.tasks.map((t) => [t.taskId, t]));
      expect(byId['keep-negative']).toMatchObject({ change: 'fixed', after: { source: 'strategy' } });
      expect(byId['count-other']).toMatchObject({ change: 'fixed', after: { source: 'strategy' } });
    } finally {
      server.close();
    }
  }, 120_000);
});
