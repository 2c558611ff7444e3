import type { Bundle } from './bundle.js';

/** One V8 coverage range: character offsets into the script and how often the block ran. */
export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

/** One function of a V8 precise-coverage script entry. */
export interface V8Function {
  functionName: string;
  ranges: V8Range[];
  isBlockCoverage: boolean;
}

/** Covered and total counts with their percentage (0..100, one decimal). */
export interface CoverageCount {
  covered: number;
  total: number;
  pct: number;
}

/** Coverage of one generated source file. */
export interface FileCoverage {
  path: string;
  lines: CoverageCount;
  functions: CoverageCount;
  /** The first uncovered statements (compiled JavaScript, trimmed), to say where tests did not reach. */
  uncovered: string[];
}

/** V8 coverage of the code under test, per generated file and in total. */
export interface CoverageReport {
  source: 'v8';
  lines: CoverageCount;
  functions: CoverageCount;
  files: FileCoverage[];
}

function count(covered: number, total: number): CoverageCount {
  return { covered, total, pct: total === 0 ? 100 : Math.round((covered / total) * 1000) / 10 };
}

/**
 * Turns V8 block coverage of a bundle into line and function coverage of each generated file. A line counts when
 * it holds code (not blank, not only a comment, not an import); it is covered when the innermost V8 range holding
 * its first character ran at least once — the rule v8-to-istanbul applies.
 */
export function coverageFromV8(bundle: Pick<Bundle, 'text' | 'sources'>, functions: V8Function[]): CoverageReport {
  const lines = bundle.text.split('\n');
  const lineStart: number[] = [];
  let offset = 0;
  for (const l of lines) {
    lineStart.push(offset);
    offset += l.length + 1;
  }
  const ranges = functions.flatMap((f) => f.ranges).sort((a, b) => b.endOffset - b.startOffset - (a.endOffset - a.startOffset));
  const countAt = (pos: number): number => {
    // Ranges sorted widest first: the last one containing pos is the innermost.
    let result = 0;
    for (const r of ranges) if (r.startOffset <= pos && pos < r.endOffset) result = r.count;
    return result;
  };
  const files = new Map<string, { linesCovered: number; linesTotal: number; fnCovered: number; fnTotal: number; uncovered: string[] }>();
  const fileOf = (line: number) => bundle.sources.find((s) => line >= s.startLine && line <= s.endLine)?.path;
  const entry = (path: string) => {
    let e = files.get(path);
    if (!e) {
      e = { linesCovered: 0, linesTotal: 0, fnCovered: 0, fnTotal: 0, uncovered: [] };
      files.set(path, e);
    }
    return e;
  };
  for (const source of bundle.sources) {
    const e = entry(source.path);
    for (let line = source.startLine; line <= source.endLine; line++) {
      const text = lines[line - 1] ?? '';
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*') || trimmed.startsWith('import ')) continue;
      const pos = (lineStart[line - 1] ?? 0) + (text.length - text.trimStart().length);
      e.linesTotal++;
      if (countAt(pos) > 0) e.linesCovered++;
      else if (e.uncovered.length < 10) e.uncovered.push(trimmed.slice(0, 160));
    }
  }
  for (const f of functions) {
    const first = f.ranges[0];
    if (!first || f.functionName === '' && first.startOffset === 0) continue; // the module itself
    const line = lineStart.findLastIndex((s) => s <= first.startOffset) + 1;
    const path = fileOf(line);
    if (!path) continue;
    const e = entry(path);
    e.fnTotal++;
    if (first.count > 0) e.fnCovered++;
  }
  const out: FileCoverage[] = [...files.entries()]
    .map(([path, e]) => ({ path, lines: count(e.linesCovered, e.linesTotal), functions: count(e.fnCovered, e.fnTotal), uncovered: e.uncovered }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const sum = (pick: (f: FileCoverage) => CoverageCount) =>
    count(out.reduce((n, f) => n + pick(f).covered, 0), out.reduce((n, f) => n + pick(f).total, 0));
  return { source: 'v8', lines: sum((f) => f.lines), functions: sum((f) => f.functions), files: out };
}
