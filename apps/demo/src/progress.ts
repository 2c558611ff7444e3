import type { DemoEvent } from './types.js';

/** Where progress goes: a stream-like writer and whether it is an interactive terminal. */
export interface ProgressOptions {
  write: (text: string) => void;
  /** A live, rewritten status line (terminal) or one plain line per event (logs, CI, pipes). */
  tty: boolean;
  /** Terminal width for the status line (default 100). */
  columns?: number;
  /** Clock for the spinner and rates. */
  now?: () => number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function pct(n: number, d: number): string {
  return d === 0 ? '0%' : `${Math.round((100 * n) / d)}%`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Renders demo events: on a terminal, one status line rewritten in place plus a permanent line per finished
 * phase and notable result; elsewhere, plain timestamp-free lines (so logs diff cleanly between runs).
 */
export class ProgressReporter {
  private status = '';
  private frame = 0;
  private readonly columns: number;

  constructor(private readonly options: ProgressOptions) {
    this.columns = Math.max(40, options.columns ?? 100);
  }

  /** Handles one event. */
  handle(event: DemoEvent): void {
    const line = this.lineFor(event);
    if (line.permanent !== undefined) this.permanent(line.permanent);
    if (line.status !== undefined) this.setStatus(line.status);
  }

  /** Prints a line that stays (above the status line on a terminal). */
  permanent(text: string): void {
    if (this.options.tty) {
      this.options.write(`\r\x1b[2K${text}\n`);
      if (this.status) this.options.write(this.status);
    } else {
      this.options.write(`${text}\n`);
    }
  }

  /** Clears the status line (call before printing anything else). */
  clear(): void {
    if (this.options.tty && this.status) this.options.write('\r\x1b[2K');
    this.status = '';
  }

  private setStatus(text: string): void {
    if (!this.options.tty) return;
    const spin = SPINNER[this.frame++ % SPINNER.length];
    const full = `${spin} ${text}`;
    this.status = full.length > this.columns - 1 ? `${full.slice(0, this.columns - 2)}…` : full;
    this.options.write(`\r\x1b[2K${this.status}`);
  }

  private lineFor(event: DemoEvent): { permanent?: string; status?: string } {
    switch (event.type) {
      case 'info':
        return { permanent: event.message };
      case 'phase_started':
        return { permanent: `▶ ${event.title}${event.resumed ? ' (resumed)' : ''}`, status: `${event.title}…` };
      case 'phase_finished':
        return { permanent: `✔ ${event.title} — ${event.summary} (${seconds(event.durationMs)})` };
      case 'task_done': {
        const mark = event.success ? '✓' : '✗';
        const text = `  ${mark} [${event.index}/${event.total}] ${event.taskId} — ${event.detail}`;
        // On a terminal only failures and changes are worth a permanent line; the status line shows the rest.
        if (this.options.tty && event.success && !event.notable) {
          return { status: `${event.phaseTitle}: ${event.index}/${event.total} (${pct(event.index, event.total)}) ${event.taskId}` };
        }
        return {
          permanent: text,
          status: `${event.phaseTitle}: ${event.index}/${event.total} (${pct(event.index, event.total)})`,
        };
      }
      case 'evolution': {
        const e = event.event;
        const prefix = `learning ${event.index}/${event.total} ${event.taskId}`;
        if (e.type === 'candidate_evaluated')
          return { status: `${prefix}: gen ${e.generation}, ${e.evaluations} evaluations, last ${e.trajectory.operator} ${e.trajectory.score.toFixed(2)}` };
        if (e.type === 'new_best') {
          const text = `    ↑ ${event.taskId}: gen ${e.generation} ${e.trajectory.operator} → ${e.trajectory.score.toFixed(2)} (was ${e.previousScore.toFixed(2)})`;
          return this.options.tty ? { status: text.trim() } : { permanent: text };
        }
        if (e.type === 'done')
          return {
            permanent: `  ${e.bestScore >= 1 ? '✓' : '✗'} [${event.index}/${event.total}] ${event.taskId} — best ${e.bestScore.toFixed(2)} after ${e.evaluations} evaluations, ${e.iterations} generations (${e.stoppedBecause})`,
          };
        if (e.type === 'run_started')
          return {
            status: `${prefix}: ${e.resumed ? `resuming at gen ${e.generation}` : 'started'}, ${e.productionSeeds} production seeds`,
          };
        return {};
      }
      default:
        return {};
    }
  }
}
