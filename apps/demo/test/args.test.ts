import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMETHEUS_PORT, HELP, parseCli, resolveDbUrl } from '../src/args.js';
import { DemoError } from '../src/errors.js';

describe('parseCli', () => {
  it('fills defaults, resolving the default libSQL file and output folder against the invoking directory', () => {
    const o = parseCli([], {}, '/home/me/proj');
    expect(o).toMatchObject({
      size: 'default',
      db: 'file:/home/me/proj/.genesis/genesis.db',
      out: '/home/me/proj/demo-output',
      seed: 42,
      telemetry: 'none',
      prometheusPort: DEFAULT_PROMETHEUS_PORT,
      fresh: false,
      concurrency: 2,
      json: false,
      progress: 'auto',
      help: false,
    });
  });

  it('reads every flag, and skips the `--` pnpm passes through', () => {
    const o = parseCli(
      ['--', '--size', 'small', '--db', 'postgres://u:pw@127.0.0.1:5432/x', '--out', 'rep', '--seed=-3', '--telemetry', 'prometheus',
        '--prometheus-port', '9999', '--otlp-endpoint', 'http://c:4318', '--fresh', '--concurrency', '3', '--json', '--progress', 'plain'],
      {},
      '/w',
    );
    expect(o).toMatchObject({
      size: 'small', db: 'postgres://u:pw@127.0.0.1:5432/x', out: '/w/rep', seed: -3, telemetry: 'prometheus', prometheusPort: 9999,
      otlpEndpoint: 'http://c:4318', fresh: true, concurrency: 3, json: true, progress: 'plain',
    });
  });

  it('takes environment variables when flags are absent, flags winning over them', () => {
    const env = { GENESIS_DEMO_SIZE: 'small', GENESIS_DB_URL: ':memory:', GENESIS_DEMO_SEED: '9', GENESIS_TELEMETRY: 'console', GENESIS_DEMO_OUT: '/abs/out', INIT_CWD: '/init' };
    expect(parseCli([], env)).toMatchObject({ size: 'small', db: ':memory:', seed: 9, telemetry: 'console', out: '/abs/out', cwd: '/init' });
    expect(parseCli(['--seed', '1', '--size', 'default'], env)).toMatchObject({ seed: 1, size: 'default' });
  });

  it('rejects bad input with a typed error naming the flag', () => {
    const bad: [string[], RegExp][] = [
      [['--size', 'huge'], /--size: must be one of small, default/],
      [['--seed', '1.5'], /--seed: seed must be an integer/],
      [['--seed', '99999999999999999999'], /--seed: seed is out of range/],
      [['--telemetry', 'jaeger'], /--telemetry/],
      [['--concurrency', '0'], /--concurrency: must be an integer in 1..64/],
      [['--prometheus-port', '70000'], /--prometheus-port: must be an integer in 0..65535/],
      [['--progress', 'fancy'], /--progress/],
      [['--nope'], /Unknown option '--nope'.*--help/],
      [['stray'], /--help/],
    ];
    for (const [argv, message] of bad) {
      let error: unknown;
      try {
        parseCli(argv, {}, '/w');
      } catch (e) {
        error = e;
      }
      expect(DemoError.isInstance(error), argv.join(' ')).toBe(true);
      expect((error as DemoError).code).toBe('INVALID_OPTION');
      expect((error as Error).message).toMatch(message);
    }
    expect(() => parseCli([], { GENESIS_DEMO_SEED: 'x' }, '/w')).toThrow(/GENESIS_DEMO_SEED/);
  });

  it('documents every flag in --help', () => {
    for (const flag of ['--size', '--db', '--out', '--seed', '--telemetry', '--prometheus-port', '--otlp-endpoint', '--fresh', '--concurrency', '--json', '--progress', '--help', '--version', 'GENESIS_LLM_BASE_URL', 'GENESIS_LLM_MODEL', 'GENESIS_LLM_API_KEY']) {
      expect(HELP).toContain(flag);
    }
    expect(parseCli(['-h'], {}, '/w').help).toBe(true);
  });
});

describe('resolveDbUrl', () => {
  it('makes file paths absolute and leaves other URLs alone', () => {
    expect(resolveDbUrl('file:./a.db', '/w')).toBe('file:/w/a.db');
    expect(resolveDbUrl('a.db', '/w')).toBe('file:/w/a.db');
    expect(resolveDbUrl('file:/abs/a.db', '/w')).toBe('file:/abs/a.db');
    expect(resolveDbUrl(':memory:', '/w')).toBe(':memory:');
    expect(resolveDbUrl('file::memory:', '/w')).toBe('file::memory:');
    expect(resolveDbUrl('postgres://postgres@127.0.0.1:5432/test', '/w')).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(resolveDbUrl('libsql://db.example.com', '/w')).toBe('libsql://db.example.com');
  });
});
