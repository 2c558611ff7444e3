import { createSandbox, type Sandbox } from '@genesis/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRESH_PROBLEMS } from '../../../bench/problems/fresh-set.js';
import { REPAIR_PROBLEMS } from '../../../bench/problems/repair-set.js';
import { TRANSFER_FAMILIES } from '../../../bench/problems/transfer-set.js';
import { UNSEEN_PROBLEMS } from '../../../bench/problems/unseen-set.js';
import type { RepairProblem } from '../../../bench/problems/types.js';
import { adaptProgram } from '../../edits/adapt.js';

// The benchmark's problem sets are data that can be wrong; this checks them in the real sandbox on every CI run.
let sandbox: Sandbox;
beforeAll(() => {
  sandbox = createSandbox({ poolSize: 2 });
});
afterAll(async () => {
  await sandbox.close();
});

const run = (code: string, entry: string, tests: { args: unknown[]; expected: unknown }[]) =>
  sandbox.runTests({ code, entry, tests, language: 'js', timeoutMs: 1000 });

/** The defect is real: the correct version passes every test (held-out ones too), the buggy one fails a shown one. */
async function correctPassesBuggyFails(p: RepairProblem): Promise<void> {
  const good = await run(p.correct, p.entry, [...p.tests, ...p.heldOut]);
  expect(good.status).toBe('ok');
  expect(good.failed).toBe(0);
  const bad = await run(p.buggy, p.entry, p.tests);
  expect(bad.failed).toBeGreaterThan(0);
}

describe('repair problem set', () => {
  it('has at least 30 problems with distinct ids, each with tests and held-out tests', () => {
    expect(REPAIR_PROBLEMS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(REPAIR_PROBLEMS.map((p) => p.id)).size).toBe(REPAIR_PROBLEMS.length);
    for (const p of REPAIR_PROBLEMS) {
      expect(p.tests.length, p.id).toBeGreaterThanOrEqual(4);
      expect(p.heldOut.length, p.id).toBeGreaterThanOrEqual(3);
      expect(p.buggy, p.id).not.toBe(p.correct);
    }
  });

  it.each(REPAIR_PROBLEMS.map((p) => [p.id, p] as const))('%s: the correct version passes every test, the buggy one fails one', (_id, p) => correctPassesBuggyFails(p));
});

describe('fresh repair set (not used in development)', () => {
  it('has distinct ids, none shared with the repair set', () => {
    const ids = FRESH_PROBLEMS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(REPAIR_PROBLEMS.map((p) => p.id)).not.toContain(id);
  });

  it.each(FRESH_PROBLEMS.map((p) => [p.id, p] as const))('%s: the correct version passes every test, the buggy one fails one', (_id, p) => correctPassesBuggyFails(p));
});

describe('unseen repair set (written before reading the operators)', () => {
  it('has 16 problems with distinct ids, none shared with the repair or fresh sets', () => {
    const ids = UNSEEN_PROBLEMS.map((p) => p.id);
    expect(ids.length).toBe(16);
    expect(new Set(ids).size).toBe(ids.length);
    const known = [...REPAIR_PROBLEMS, ...FRESH_PROBLEMS].map((p) => p.id);
    for (const id of ids) expect(known).not.toContain(id);
  });

  it.each(UNSEEN_PROBLEMS.map((p) => [p.id, p] as const))('%s: the correct version passes every test, the buggy one fails one', (_id, p) => correctPassesBuggyFails(p));
});

describe('transfer families', () => {
  it('has at least 10 families', () => {
    expect(TRANSFER_FAMILIES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(TRANSFER_FAMILIES.map((f) => [f.id, f] as const))('%s: the reference solves the target; the adapted production code does not yet', async (_id, f) => {
    const ref = await run(f.target.reference, f.target.entry, [...f.target.tests, ...f.target.heldOut]);
    expect(ref.failed).toBe(0);
    const [adapted] = adaptProgram({ code: f.production.code, entry: f.target.entry, signature: f.target.signature, language: 'js' });
    expect(adapted).toBeDefined();
    const seeded = await run(adapted!.code, f.target.entry, f.target.tests);
    expect(seeded.status).toBe('ok');
    expect(seeded.failed).toBeGreaterThan(0);
  });
});
