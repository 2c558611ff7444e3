import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DemoError } from './errors.js';

/** Workload size: `small` for CI (a few tasks), `default` for the full demo (≥ 30 tasks). */
export type DemoSize = 'small' | 'default';

/** Where the OpenTelemetry SDK sends spans and metrics. */
export type TelemetryMode = 'console' | 'otlp' | 'prometheus' | 'none';

/** Options parsed from the command line and the environment. */
export interface CliOptions {
  help: boolean;
  version: boolean;
  size: DemoSize;
  db: string;
  out: string;
  seed: number;
  telemetry: TelemetryMode;
  prometheusPort: number;
  otlpEndpoint: string | undefined;
  fresh: boolean;
  concurrency: number;
  json: boolean;
  progress: 'auto' | 'tty' | 'plain';
  /** Base directory relative paths were resolved against. */
  cwd: string;
}

/** The default store: an embedded libSQL file. */
export const DEFAULT_DB = 'file:./.genesis/genesis.db';
/** Where report.json and report.md go by default. */
export const DEFAULT_OUT = './demo-output';
/** The seed when none is given. */
export const DEFAULT_SEED = 42;
/** Port of the Prometheus scrape endpoint (the exporter's conventional one). */
export const DEFAULT_PROMETHEUS_PORT = 9464;

/** The text `--help` prints: every flag and environment variable. */
export const HELP = `genesis-demo — the Genesis Darwin continuous-improvement loop, end to end

Usage
  pnpm demo [-- <flags>]            from the repository root (builds first)
  node --no-node-snapshot apps/demo/dist/cli.js [flags]

What it does
  1. production   Builder + QA agents process a workload (function tasks and HTTP backends);
                  every run is logged as an outcome, verified successes become plans
  2. learning     SE-Darwin evolves a solution for every task that failed, seeded from the
                  production trajectories, every candidate executed in the sandbox
  3. promotion    winners pass the held-out gate and become strategies; production runs again
  4. report       success rate before → after, per-task table, evaluations, operators, seeds,
                  timings — printed, and written as report.json and report.md

Flags
  --size <small|default>     workload size (default: default; small = CI smoke)      [GENESIS_DEMO_SIZE]
  --db <url>                 store URL: file:<path> (libSQL), :memory:, postgres://…  [GENESIS_DB_URL]
                             (default: ${DEFAULT_DB}, relative to where you ran the command)
  --out <dir>                folder for report.json and report.md (default: ${DEFAULT_OUT})   [GENESIS_DEMO_OUT]
  --seed <int>               seed of every random choice; the same seed gives the same report
                             numbers (timings aside) (default: ${DEFAULT_SEED})               [GENESIS_DEMO_SEED]
  --telemetry <mode>         console | otlp | prometheus | none (default: none)     [GENESIS_TELEMETRY]
                             otlp sends to OTEL_EXPORTER_OTLP_ENDPOINT (default http://127.0.0.1:4318)
  --prometheus-port <port>   scrape endpoint on 127.0.0.1 for --telemetry prometheus
                             (default: ${DEFAULT_PROMETHEUS_PORT}; 0 picks a free port)
  --otlp-endpoint <url>      OTLP/HTTP base URL (overrides OTEL_EXPORTER_OTLP_ENDPOINT)
  --fresh                    forget an unfinished run with the same seed and size and start over
                             (default: an unfinished run is resumed, a finished one is started over)
  --concurrency <n>          candidates executed at once and sandbox hosts (default: 2)
  --json                     print the report as JSON on stdout instead of the readable summary
  --progress <auto|tty|plain>  live progress line (tty) or plain lines (default: auto)
  -h, --help                 this text
  -v, --version              the demo's version

Model (optional; without one the deterministic program-edit operators do the work)
  GENESIS_LLM_BASE_URL       OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1
  GENESIS_LLM_MODEL          model name, e.g. qwen2.5-coder:7b
  GENESIS_LLM_API_KEY        API key, if the endpoint needs one

Ctrl-C stops cleanly (the store is flushed and closed); run the same command again to resume.
`;

function parseSeed(raw: string, where: string): number {
  if (!/^-?\d+$/.test(raw.trim())) throw new DemoError('INVALID_OPTION', `${where}: seed must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new DemoError('INVALID_OPTION', `${where}: seed is out of range`);
  return n;
}

function parseInteger(raw: string, where: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max)
    throw new DemoError('INVALID_OPTION', `${where}: must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
}

function oneOf<T extends string>(raw: string, allowed: readonly T[], where: string): T {
  if (!(allowed as readonly string[]).includes(raw))
    throw new DemoError('INVALID_OPTION', `${where}: must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/**
 * Resolves a store URL given on the command line: a bare path or a relative `file:` path is made absolute against
 * `cwd` (so the printed path is the real one); other URLs (`:memory:`, `postgres://…`, `libsql://…`) pass unchanged.
 */
export function resolveDbUrl(db: string, cwd: string): string {
  if (db === ':memory:' || /^[a-z][a-z0-9+.-]*:\/\//i.test(db)) return db;
  const path = db.startsWith('file:') ? db.slice('file:'.length) : db;
  if (path === ':memory:') return db;
  return `file:${isAbsolute(path) ? path : resolve(cwd, path)}`;
}

/**
 * Parses the demo's command line (flags win over environment variables). Throws `DemoError` (`INVALID_OPTION`)
 * naming the flag for bad input.
 */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): CliOptions {
  // `pnpm demo -- --seed 7` may hand us a leading `--`.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        size: { type: 'string' },
        db: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        telemetry: { type: 'string' },
        'prometheus-port': { type: 'string' },
        'otlp-endpoint': { type: 'string' },
        fresh: { type: 'boolean' },
        concurrency: { type: 'string' },
        json: { type: 'boolean' },
        progress: { type: 'string' },
      },
    });
  } catch (error) {
    throw new DemoError('INVALID_OPTION', `${(error as Error).message} (see --help)`, { cause: error });
  }
  const v = parsed.values;
  const base = cwd ?? env.INIT_CWD ?? process.cwd();
  const size = oneOf(v.size ?? env.GENESIS_DEMO_SIZE ?? 'default', ['small', 'default'] as const, '--size');
  const telemetry = oneOf(
    v.telemetry ?? env.GENESIS_TELEMETRY ?? 'none',
    ['console', 'otlp', 'prometheus', 'none'] as const,
    '--telemetry',
  );
  const seedRaw = v.seed ?? env.GENESIS_DEMO_SEED;
  const out = v.out ?? env.GENESIS_DEMO_OUT ?? DEFAULT_OUT;
  return {
    help: v.help ?? false,
    version: v.version ?? false,
    size,
    db: resolveDbUrl(v.db ?? env.GENESIS_DB_URL ?? DEFAULT_DB, base),
    out: isAbsolute(out) ? out : resolve(base, out),
    seed: seedRaw === undefined ? DEFAULT_SEED : parseSeed(seedRaw, v.seed !== undefined ? '--seed' : 'GENESIS_DEMO_SEED'),
    telemetry,
    prometheusPort:
      v['prometheus-port'] === undefined ? DEFAULT_PROMETHEUS_PORT : parseInteger(v['prometheus-port'], '--prometheus-port', 0, 65535),
    otlpEndpoint: v['otlp-endpoint'] ?? env.OTEL_EXPORTER_OTLP_ENDPOINT,
    fresh: v.fresh ?? false,
    concurrency: v.concurrency === undefined ? 2 : parseInteger(v.concurrency, '--concurrency', 1, 64),
    json: v.json ?? false,
    progress: oneOf(v.progress ?? 'auto', ['auto', 'tty', 'plain'] as const, '--progress'),
    cwd: base,
  };
}
