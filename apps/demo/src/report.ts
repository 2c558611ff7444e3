import type { DemoSize, TelemetryMode } from './args.js';
import type { Phase } from './types.js';

/** A rate with its parts. */
export interface Rate {
  succeeded: number;
  total: number;
  /** succeeded / total, rounded to 4 decimals (0 when total is 0). */
  rate: number;
}

/** One production run of a task, as reported. */
export interface TaskRunRow {
  success: boolean;
  passed: number;
  total: number;
  /** `skill`, `strategy`, `model`, `generator` or `none`. */
  source: string;
  sourceId: string;
  durationMs: number;
}

/** What SE-Darwin did for a task. */
export interface LearningRow {
  runId: string;
  bestScore: number;
  evaluations: number;
  iterations: number;
  stoppedBecause: string;
  productionSeeds: number;
  /** Wall time of the evolution run (summed across resumes). */
  durationMs: number;
  winner: { trajectoryId: string; operator: string; generation: number } | null;
}

/** What the held-out gate decided for a task. */
export interface PromotionRow {
  promoted: boolean;
  heldOutScore: number;
  version: number | null;
  strategyId: string | null;
  reason: string;
}

/** One row of the per-task table. */
export interface TaskRow {
  taskId: string;
  kind: 'function' | 'backend';
  taskType: string;
  before: TaskRunRow;
  learning: LearningRow | null;
  promotion: PromotionRow | null;
  after: TaskRunRow;
  /** `fixed` (failed before, passes after), `kept` (passed both), `still failing`, `regressed`. */
  change: 'fixed' | 'kept' | 'still failing' | 'regressed';
}

/** Which production trajectory a winning solution descends from. */
export interface SeedCredit {
  /** The task SE-Darwin solved. */
  taskId: string;
  winnerTrajectoryId: string;
  /** The production trajectory in the winner's lineage. */
  seedTrajectoryId: string;
  outcomeId: string | null;
  planId: string | null;
  /** The production task whose verified run it came from (the outcome's problemId / app). */
  fromTask: string | null;
  fromTaskType: string | null;
  /** Plan confidence of the seed. */
  confidence: number | null;
}

/** What one operator did across every learning run. */
export interface OperatorRow {
  generated: number;
  evaluated: number;
  improved: number;
  bestScore: number;
  /** Winning trajectories (score 1) this operator produced. */
  wins: number;
}

/** The demo's report: every number in it can be recomputed from the store's records. */
export interface DemoReport {
  format: 1;
  tenantId: string;
  seed: number;
  size: DemoSize;
  /** The store URL with any password removed. */
  store: string;
  /** `deterministic@1` or the model's operators name. */
  operators: string;
  telemetry: TelemetryMode;
  /** Processes that worked on this run (more than 1 when it was resumed). */
  sessions: number;
  startedAt: string;
  finishedAt: string;
  workload: { total: number; function: number; backend: number };
  successRate: { before: Rate; after: Rate };
  tasks: TaskRow[];
  learning: {
    evolved: number;
    solved: number;
    evaluations: number;
    iterations: number;
    perOperator: Record<string, OperatorRow>;
    stoppedBecause: Record<string, number>;
  };
  promotion: { attempted: number; promoted: number; rejected: number };
  seeds: SeedCredit[];
  records: {
    outcomes: Record<string, number>;
    verifiedOutcomes: Record<string, number>;
    trainingExamples: number;
    strategies: number;
    evolutionRuns: number;
  };
  timings: { phasesMs: Partial<Record<Phase, number>>; totalMs: number };
}

/** Builds a rate (4-decimal rounding keeps JSON stable across runs). */
export function rate(succeeded: number, total: number): Rate {
  return { succeeded, total, rate: total === 0 ? 0 : Math.round((succeeded / total) * 10_000) / 10_000 };
}

/** Removes a password from a connection URL (`postgres://user:secret@host` → `postgres://user:***@host`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}

const pct = (r: Rate): string => `${(r.rate * 100).toFixed(1)}%`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

function runCell(run: TaskRunRow): string {
  const mark = run.success ? '✓' : '✗';
  return `${mark} ${run.passed}/${run.total} ${run.source}`;
}

function learningCell(row: TaskRow): string {
  if (!row.learning) return '—';
  const l = row.learning;
  const winner = l.winner ? ` ${l.winner.operator}` : '';
  return `${l.bestScore.toFixed(2)} in ${l.evaluations} ev, ${secs(l.durationMs)}${winner}`;
}

function promotionCell(row: TaskRow): string {
  if (!row.promotion) return '—';
  const p = row.promotion;
  return p.promoted ? `v${p.version} (held-out ${p.heldOutScore.toFixed(2)})` : `rejected (held-out ${p.heldOutScore.toFixed(2)})`;
}

const PHASE_NAMES: Record<Phase, string> = {
  'production-before': 'production',
  learning: 'learning',
  promotion: 'promotion',
  'production-after': 'production again',
};

/** The report as readable text for a terminal. */
export function renderText(report: DemoReport): string {
  const { before, after } = report.successRate;
  const out: string[] = [];
  out.push('Genesis Darwin — continuous-improvement report');
  out.push('');
  out.push(`  success rate   ${pct(before)} (${before.succeeded}/${before.total})  →  ${pct(after)} (${after.succeeded}/${after.total})`);
  out.push(
    `  learning       ${report.learning.solved}/${report.learning.evolved} failed tasks solved by SE-Darwin in ${report.learning.evaluations} sandboxed evaluations (${report.operators})`,
  );
  out.push(
    `  promotion      ${report.promotion.promoted} promoted, ${report.promotion.rejected} rejected by the held-out gate`,
  );
  out.push(
    `  workload       ${report.workload.total} tasks (${report.workload.function} functions, ${report.workload.backend} backends), size ${report.size}, seed ${report.seed}`,
  );
  out.push('');
  out.push(
    ...table(
      ['task', 'before', 'SE-Darwin', 'promotion', 'after', ''],
      report.tasks.map((t) => [t.taskId, runCell(t.before), learningCell(t), promotionCell(t), runCell(t.after), t.change]),
    ).map((l) => `  ${l}`),
  );
  out.push('');
  out.push('  operators (all learning runs)');
  out.push(
    ...table(
      ['operator', 'generated', 'evaluated', 'improved', 'best', 'wins'],
      Object.entries(report.learning.perOperator).map(([op, s]) => [
        op,
        String(s.generated),
        String(s.evaluated),
        String(s.improved),
        s.bestScore.toFixed(2),
        String(s.wins),
      ]),
    ).map((l) => `    ${l}`),
  );
  if (report.seeds.length > 0) {
    out.push('');
    out.push('  production trajectories behind the wins');
    for (const s of report.seeds) {
      out.push(
        `    ${s.taskId} ← ${s.fromTask ?? '?'} (${s.fromTaskType ?? '?'}), outcome ${s.outcomeId ?? '?'}, plan confidence ${s.confidence?.toFixed(2) ?? '?'}`,
      );
    }
  }
  out.push('');
  const phases = Object.entries(report.timings.phasesMs)
    .map(([p, ms]) => `${PHASE_NAMES[p as Phase]} ${secs(ms)}`)
    .join(', ');
  out.push(`  timings        ${phases}; total ${secs(report.timings.totalMs)}${report.sessions > 1 ? ` over ${report.sessions} sessions` : ''}`);
  const outcomes = Object.entries(report.records.outcomes)
    .map(([agent, n]) => `${n} ${agent}`)
    .join(', ');
  out.push(
    `  records        outcomes: ${outcomes}; ${report.records.trainingExamples} training examples; ${report.records.strategies} strategy versions; ${report.records.evolutionRuns} evolution runs`,
  );
  out.push(`  store          ${report.store} (tenant ${report.tenantId})`);
  return out.join('\n');
}

/** The report as Markdown. */
export function renderMarkdown(report: DemoReport): string {
  const { before, after } = report.successRate;
  const md: string[] = [];
  md.push('# Genesis Darwin — continuous-improvement report', '');
  md.push(`Seed ${report.seed}, size ${report.size}, operators \`${report.operators}\`, store \`${report.store}\`, tenant \`${report.tenantId}\`.`, '');
  md.push('| | before | after |', '|---|---|---|');
  md.push(`| success rate | ${pct(before)} (${before.succeeded}/${before.total}) | ${pct(after)} (${after.succeeded}/${after.total}) |`, '');
  md.push(
    `SE-Darwin evolved ${report.learning.evolved} failed tasks and solved ${report.learning.solved} in ${report.learning.evaluations} sandboxed evaluations over ${report.learning.iterations} generations; ${report.promotion.promoted} winners passed the held-out gate, ${report.promotion.rejected} were rejected.`,
    '',
  );
  md.push('## Tasks', '');
  md.push('| task | kind | before | SE-Darwin | promotion | after | change |', '|---|---|---|---|---|---|---|');
  for (const t of report.tasks) {
    md.push(`| ${t.taskId} | ${t.kind} | ${runCell(t.before)} | ${learningCell(t)} | ${promotionCell(t)} | ${runCell(t.after)} | ${t.change} |`);
  }
  md.push('', '## Operators', '');
  md.push('| operator | generated | evaluated | improved | best score | wins |', '|---|---|---|---|---|---|');
  for (const [op, s] of Object.entries(report.learning.perOperator)) {
    md.push(`| ${op} | ${s.generated} | ${s.evaluated} | ${s.improved} | ${s.bestScore.toFixed(2)} | ${s.wins} |`);
  }
  md.push('', '## Production trajectories behind the wins', '');
  if (report.seeds.length === 0) md.push('None: no win descends from a production trajectory.');
  else {
    md.push('| solved task | seeded by task | task type | outcome | plan | confidence |', '|---|---|---|---|---|---|');
    for (const s of report.seeds) {
      md.push(
        `| ${s.taskId} | ${s.fromTask ?? '?'} | ${s.fromTaskType ?? '?'} | \`${s.outcomeId ?? '?'}\` | \`${s.planId ?? '?'}\` | ${s.confidence?.toFixed(2) ?? '?'} |`,
      );
    }
  }
  md.push('', '## Timings', '');
  md.push('| phase | wall time |', '|---|---|');
  for (const [p, ms] of Object.entries(report.timings.phasesMs)) md.push(`| ${PHASE_NAMES[p as Phase]} | ${secs(ms)} |`);
  md.push(`| total | ${secs(report.timings.totalMs)} |`, '');
  md.push('## Records in the store', '');
  for (const [agent, n] of Object.entries(report.records.outcomes)) {
    md.push(`- outcomes of \`${agent}\`: ${n} (${report.records.verifiedOutcomes[agent] ?? 0} verified)`);
  }
  md.push(`- training examples: ${report.records.trainingExamples}`);
  md.push(`- strategy versions: ${report.records.strategies}`);
  md.push(`- evolution runs: ${report.records.evolutionRuns}`);
  return `${md.join('\n')}\n`;
}
