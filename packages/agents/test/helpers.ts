import { bundleGenerated } from '../src/qa/bundle.js';
import { removeBundle, startBackend } from '../src/qa/backend-process.js';
import { runHttpCases, type CaseOutcome } from '../src/qa/http-runner.js';
import type { HttpSuite } from '../src/qa/plan-suites.js';
import type { CoverageReport } from '../src/qa/coverage.js';
import type { GeneratedFile } from '../src/types.js';

/** Bundles, starts and tests generated files without the QA agent (no logger involved). */
export async function serveAndTest(
  files: GeneratedFile[],
  suite: HttpSuite,
  entry = 'src/server.ts',
): Promise<{ cases: CaseOutcome[]; coverage?: CoverageReport; exitCode: number | null }> {
  const bundle = await bundleGenerated(files, entry);
  const secret = 's'.repeat(48);
  try {
    const running = await startBackend({ bundle, env: { JWT_SECRET: secret } });
    let cases: CaseOutcome[] = [];
    let stopped: Awaited<ReturnType<typeof running.stop>>;
    try {
      cases = await runHttpCases({
        baseUrl: running.baseUrl,
        cases: suite.cases,
        ...(suite.tokens ? { tokens: { ...suite.tokens, secret } } : {}),
      });
    } finally {
      stopped = await running.stop();
    }
    return { cases, exitCode: stopped.exitCode, ...(stopped.coverage ? { coverage: stopped.coverage } : {}) };
  } finally {
    await removeBundle(bundle);
  }
}

/** Replaces `from` in the file at `path` (throws if absent, so a mutation that does nothing cannot pass silently). */
export function mutate(files: GeneratedFile[], path: string, from: string | RegExp, to: string): GeneratedFile[] {
  return files.map((f) => {
    if (f.path !== path) return f;
    const content = f.content.replace(from, to);
    if (content === f.content) throw new Error(`mutation of ${path} changed nothing`);
    return { ...f, content };
  });
}
