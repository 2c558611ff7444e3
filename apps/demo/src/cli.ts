import { HELP, parseCli, type CliOptions } from './args.js';
import { DemoError } from './errors.js';
import { modelFromEnv } from './model.js';
import { ProgressReporter } from './progress.js';
import { redactUrl, renderText } from './report.js';
import { startTelemetry, type Telemetry } from './telemetry.js';

const VERSION = '0.0.0';

/** Streams the CLI writes to (injectable for tests). */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

async function scrape(url: string): Promise<string[]> {
  try {
    const text = await (await fetch(url)).text();
    return text.split('\n').filter((l) => /^(se_darwin_|genesis_|gen_ai_|outcome)/.test(l) && !/_bucket\{/.test(l));
  } catch {
    return [];
  }
}

/**
 * Runs the demo CLI: parses flags, starts telemetry, runs the loop with live progress, prints the report. Ctrl-C
 * aborts cleanly (a second Ctrl-C exits at once). Returns the process exit code: 0 done, 1 failed, 2 bad flags,
 * 130 stopped (rerun to resume).
 */
export async function main(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  let cli: CliOptions;
  try {
    cli = parseCli(argv, io.env);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (cli.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (cli.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const tty = cli.progress === 'tty' || (cli.progress === 'auto' && io.stdout.isTTY === true && !cli.json);
  const progressOut = cli.json ? io.stderr : io.stdout;
  const progress = new ProgressReporter({ write: (t) => progressOut.write(t), tty, columns: io.stdout.columns ?? 100 });
  let telemetry: Telemetry | undefined;
  try {
    const model = modelFromEnv(io.env);
    telemetry = await startTelemetry({
      mode: cli.telemetry,
      prometheusPort: cli.prometheusPort,
      ...(cli.otlpEndpoint ? { otlpEndpoint: cli.otlpEndpoint } : {}),
      write: (line) => {
        progress.clear();
        progressOut.write(`${line}\n`);
      },
    });
    progress.permanent(`Genesis Darwin demo — size ${cli.size}, seed ${cli.seed}, store ${redactUrl(cli.db)}`);
    progress.permanent(telemetry.description);
    if (model) progress.permanent(`operators: LLM ${typeof model === 'string' ? model : model.modelId} (GENESIS_LLM_*)`);
    // Imported after the SDK is registered, so every package's instruments bind to it.
    const { runDemo, writeReport } = await import('./run-demo.js');
    const report = await runDemo({
      size: cli.size,
      db: cli.db,
      out: false,
      seed: cli.seed,
      fresh: cli.fresh,
      concurrency: cli.concurrency,
      telemetry: cli.telemetry,
      ...(signal ? { signal } : {}),
      ...(model ? { model } : {}),
      onEvent: (e) => progress.handle(e),
    });
    const files = await writeReport(report, cli.out);
    progress.clear();
    if (cli.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      io.stdout.write(`\n${renderText(report)}\n\n`);
      io.stdout.write(`Report written to ${files.markdown} and ${files.json}\n`);
    }
    if (telemetry.mode === 'prometheus') {
      const url = /http:\/\/\S+/.exec(telemetry.description)?.[0];
      const lines = url ? await scrape(url) : [];
      progressOut.write(`\nPrometheus scrape of ${url} (se_darwin_* and outcome series):\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
    }
    return 0;
  } catch (error) {
    progress.clear();
    if (DemoError.isInstance(error) && error.code === 'ABORTED') {
      io.stderr.write(`\nStopped. Progress is saved in the store; run the same command again to resume.\n`);
      return 130;
    }
    if (DemoError.isInstance(error) && error.code === 'INVALID_OPTION') {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    io.stderr.write(`\nThe demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await telemetry?.shutdown();
  }
}

/* c8 ignore start -- the process entry point; the e2e test spawns it */
if (process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1])) {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (name: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) {
      process.stderr.write(`\n${name} again: exiting now.\n`);
      process.exit(130);
    }
    process.stderr.write(`\n${name}: stopping cleanly (flushing the store)… press Ctrl-C again to force.\n`);
    controller.abort(new DemoError('ABORTED', `stopped by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }, controller.signal).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
/* c8 ignore stop */
