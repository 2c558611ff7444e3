import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'se-darwin-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const child = join(import.meta.dirname, 'fixtures', 'resume-child.ts');

interface Line {
  evaluated?: string;
  reused?: boolean;
  generation?: number;
  done?: { iterations: number; evaluations: number; stoppedBecause: string; archive: unknown[][] };
}

function start(url: string, runId: string, mode: 'fresh' | 'resume', onLine?: (l: Line, p: ChildProcess) => void) {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, url, runId, mode], {
    cwd: join(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let buffer = '';
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffer.slice(0, nl)) as Line;
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      onLine?.(line, proc);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, lines, exited, stderr: () => stderr };
}

describe('kill -9 and resume', () => {
  it('continues the same run: same generation count, nothing evaluated twice but the in-flight ones, same archive', async () => {
    const straight = start(`file:${join(dir, 'a.db')}`, 'R', 'fresh');
    const s = await straight.exited;
    expect(s.code, straight.stderr()).toBe(0);
    const expected = straight.lines.find((l) => l.done)!.done!;
    expect(expected.iterations).toBe(6);

    const url = `file:${join(dir, 'b.db')}`;
    // Kill in the middle of generation 2 (after generations 0 and 1 finished and 2 candidates of 2 are in).
    let finished = 0;
    let afterGen = 0;
    const first = start(url, 'R', 'fresh', (line, p) => {
      if (line.generation !== undefined) finished++;
      else if (line.evaluated && finished === 2 && ++afterGen === 2) p.kill('SIGKILL');
    });
    const k = await first.exited;
    expect(k.signal).toBe('SIGKILL');
    expect(first.lines.some((l) => l.done)).toBe(false);
    const before = first.lines.filter((l) => l.evaluated).map((l) => l.evaluated!);

    const second = start(url, 'R', 'resume');
    const r = await second.exited;
    expect(r.code, second.stderr()).toBe(0);
    const done = second.lines.find((l) => l.done)!.done!;
    const fresh = second.lines.filter((l) => l.evaluated && !l.reused).map((l) => l.evaluated!);
    const reused = second.lines.filter((l) => l.evaluated && l.reused).map((l) => l.evaluated!);

    expect(done.iterations).toBe(expected.iterations);
    expect(done.evaluations).toBe(expected.evaluations);
    // Nothing that finished before the kill was executed again.
    expect(fresh.filter((id) => before.includes(id))).toEqual([]);
    expect(reused.length).toBeGreaterThanOrEqual(2);
    // Every candidate of the uninterrupted run was evaluated exactly once across the two processes, plus at most
    // the ones in flight at the kill (bounded by the concurrency).
    const all = straight.lines.filter((l) => l.evaluated).map((l) => l.evaluated!);
    expect(new Set([...before, ...fresh])).toEqual(new Set(all));
    expect(before.length + fresh.length).toBe(all.length);
    expect(done.archive).toEqual(expected.archive);
  }, 120_000);
});
