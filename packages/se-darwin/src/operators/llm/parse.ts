/** Largest code an LLM operator accepts from a model (bytes of source). */
export const MAX_MODEL_CODE = 200_000;

/** What was read from a model's reply. */
export interface ParsedReply {
  code: string;
  strategy: string;
}

const FENCE = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)```/g;

/**
 * Reads `STRATEGY: …` and the code from a model reply: the first fenced block that mentions `entry` (else the first
 * fenced block), or, with no fences, the whole reply when it plainly is code defining `entry`. Returns null for
 * anything else (prose, an empty or oversized block). Nothing in the reply is trusted beyond this: the code is
 * executed in the sandbox and scored by tests like any other candidate.
 */
export function parseModelReply(text: unknown, entry: string): ParsedReply | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const strategyMatch = /^[ \t>*_#-]*strategy[*_]*\s*:\s*(.+)$/im.exec(text);
  const strategy = (strategyMatch?.[1] ?? '').trim().slice(0, 2000);
  const mentions = new RegExp(`\\b${entry.replace(/\$/g, '\\$')}\\b`);
  const blocks: string[] = [];
  for (const m of text.matchAll(FENCE)) blocks.push(m[2] ?? '');
  let code: string | undefined;
  if (blocks.length > 0) code = blocks.find((b) => mentions.test(b)) ?? blocks[0];
  else {
    const trimmed = text.trim();
    const definesEntry = new RegExp(
      `^(export\\s+)?(async\\s+)?function\\s*\\*?\\s*${entry}\\b|^(export\\s+)?(const|let|var)\\s+${entry}\\s*=`,
      'm',
    );
    const prose = trimmed.split('\n').some((line) => /^[A-Z][a-z]+( [a-z]+){3,}[.:]?$/.test(line.trim()));
    if (definesEntry.test(trimmed) && !prose) code = trimmed.replace(/^strategy\s*:.*$/im, '').trim();
  }
  if (code === undefined) return null;
  code = code.trim();
  if (code.length === 0 || code.length > MAX_MODEL_CODE) return null;
  return { code, strategy };
}
