import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of a process, from /proc (undefined if it is gone or a zombie). */
export function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; fields after it are space-separated.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z') return undefined; // a zombie has exited
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

/** Every live descendant of `root` (default: this process), read from /proc. */
export function descendants(root = process.pid): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const ppid = parentOf(pid);
    if (ppid === undefined) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const next = children.get(stack.pop() as number) ?? [];
    out.push(...next);
    stack.push(...next);
  }
  return out.sort((a, b) => a - b);
}

/** Command line of a process. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Environment of a process as raw text (NUL-separated). */
export function environmentOf(pid: number): string {
  return readFileSync(`/proc/${pid}/environ`, 'utf8');
}

/** Waits until `check` passes or `ms` elapse. */
export async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

/** True while a process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  return parentOf(pid) !== undefined;
}
