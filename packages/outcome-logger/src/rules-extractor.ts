import { createHash } from 'node:crypto';
import { SCHEMA_VERSION, type ExtractedPlan, type JsonValue, type ProductionOutcome } from '@genesis/schemas';
import { computeConfidence } from './confidence.js';
import { toolSequence } from './evidence.js';
import { detectReasoningPattern } from './reasoning-pattern.js';
import type { ExtractionEvidence, PlanExtractor } from './types.js';

/** The rules extractor: synchronous, so its plans can be used without awaiting. */
export interface RulesExtractor extends PlanExtractor {
  extract(outcome: ProductionOutcome, evidence: ExtractionEvidence): ExtractedPlan;
}

/** Options for {@link createRulesExtractor}. */
export interface RulesExtractorOptions {
  /** Clock for `createdAt`, epoch ms. Default Date.now. */
  now?: () => number;
}

const MAX_LIST = 10;

/**
 * Marks the built-in extractor, whose plans are valid by construction (every list and string is clipped to the
 * schema's bounds; a property test holds it to that), so the writer can skip re-validating them.
 */
export const VALID_BY_CONSTRUCTION = Symbol.for('genesis.outcome-logger.valid-by-construction');
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A stable plan id derived from the outcome id and the extractor, so a retried write never duplicates a plan. */
export function planIdFor(outcomeId: string, extractorId: string): string {
  const id = `plan:${extractorId}:${outcomeId}`;
  return id.length <= 256 ? id : `plan:${createHash('sha256').update(id).digest('hex')}`;
}

function codeOf(result: JsonValue): string | undefined {
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    const code = (result as Record<string, JsonValue>).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function pathSummary(outcome: ProductionOutcome): string {
  const parts: string[] = [];
  let last = '';
  let count = 0;
  const push = (): void => {
    if (count > 0) parts.push(count > 1 ? `${last} ×${count}` : last);
  };
  for (const s of outcome.executionPath) {
    const label = s.kind === 'tool' ? `[${s.name}]` : s.name;
    if (label === last) {
      count++;
      continue;
    }
    push();
    last = label;
    count = 1;
  }
  push();
  if (parts.length === 0) return 'a single call with no recorded steps';
  const shown = parts.length > 24 ? [...parts.slice(0, 23), `… ${parts.length - 23} more`] : parts;
  return shown.map((p) => clip(p, 80)).join(' → ');
}

function decisions(outcome: ProductionOutcome, tools: readonly string[]): string[] {
  const out: string[] = [];
  for (const tool of tools.slice(0, 5)) out.push(`use tool ${clip(tool, 100)}`);
  const steps = outcome.executionPath;
  const failed = new Set<string>();
  for (const s of steps) {
    const key = `${s.kind}:${s.name}`;
    if (failed.has(key) && s.ok) out.push(`retry ${clip(s.name, 100)} after it failed`);
    if (!s.ok) failed.add(key);
  }
  const lastFailed = steps.findLastIndex((s) => !s.ok);
  if (outcome.success && lastFailed !== -1 && lastFailed < steps.length - 1) {
    out.push(`continue past the failure of ${clip((steps[lastFailed] as { name: string }).name, 100)}`);
  }
  const r = outcome.result;
  if (r && typeof r === 'object' && !Array.isArray(r)) {
    const keys = Object.keys(r).slice(0, 8);
    if (keys.length > 0) out.push(`return ${keys.map((k) => clip(k, 40)).join(', ')}`);
  }
  return [...new Set(out)].slice(0, MAX_LIST);
}

function factors(
  outcome: ProductionOutcome,
  evidence: ExtractionEvidence,
  parts: ReturnType<typeof computeConfidence>,
): { success: string[]; failure: string[] } {
  const success: string[] = [];
  const failure: string[] = [];
  const steps = outcome.executionPath;
  const failedSteps = steps.filter((s) => !s.ok);
  const median = evidence.medianDurationMs;
  if (outcome.success) {
    if (outcome.verified) success.push('success verified independently of the agent');
    else failure.push('success claimed by the agent but not verified');
    if (steps.length > 0 && failedSteps.length === 0) success.push(`all ${steps.length} steps succeeded`);
    if (median !== undefined && outcome.durationMs <= median) {
      success.push(
        `took ${Math.round(outcome.durationMs)} ms, at or under the median ${Math.round(median)} ms of ${evidence.sameTaskDurationsMs.length} earlier runs`,
      );
    }
    if (evidence.sameToolSequenceCount > 0) {
      success.push(`same tool sequence as ${evidence.sameToolSequenceCount} earlier successful runs`);
    }
    const code = codeOf(outcome.result);
    if (code !== undefined) success.push(`produced code (${code.split('\n').length} lines)`);
  } else if (!outcome.error && failedSteps.length === 0) {
    failure.push('reported failure without an error or a failed step');
  }
  if (outcome.error) failure.push(clip(`${outcome.error.type}: ${outcome.error.message}`, 300));
  for (const s of failedSteps.slice(0, 5)) {
    failure.push(clip(`${s.kind} ${s.name} failed${s.error ? `: ${s.error}` : ''}`, 300));
  }
  if (median !== undefined && parts.speed < 0.5) {
    failure.push(`slow: ${Math.round(outcome.durationMs)} ms against a median of ${Math.round(median)} ms`);
  }
  if (parts.efficiency < 1 && steps.length > 0 && failedSteps.length === 0) {
    failure.push('repeated steps (redundant work on the path)');
  }
  return { success: success.slice(0, MAX_LIST), failure: failure.slice(0, MAX_LIST) };
}

/**
 * The deterministic extractor `rules@1`: strategy from the execution path, reasoning pattern from its shape, key
 * decisions (tools chosen, retries, recovery), success and failure factors, and an evidence-based confidence
 * (see {@link computeConfidence}). Runs in microseconds; no I/O.
 *
 * @example
 * const logger = new OutcomeLogger({ store, tenantId: 'acme', extractor: createRulesExtractor() })
 */
export function createRulesExtractor(options: RulesExtractorOptions = {}): RulesExtractor {
  const now = options.now ?? Date.now;
  const id = 'rules@1';
  const extractor: RulesExtractor = {
    id,
    extract(outcome: ProductionOutcome, evidence: ExtractionEvidence): ExtractedPlan {
      const tools = toolSequence(outcome);
      const pattern = detectReasoningPattern(outcome.executionPath);
      const parts = computeConfidence(outcome, evidence);
      const { success, failure } = factors(outcome, evidence, parts);
      const code = codeOf(outcome.result);
      const strategy = clip(
        `${outcome.taskType} (${pattern.replace('_', ' ')}): ${pathSummary(outcome)}` +
          (code !== undefined ? `; returns code (${code.length} chars)` : ''),
        16_384,
      );
      return {
        schemaVersion: SCHEMA_VERSION,
        planId: planIdFor(outcome.outcomeId, id),
        outcomeIds: [outcome.outcomeId],
        tenantId: outcome.tenantId,
        agentName: outcome.agentName,
        taskType: outcome.taskType,
        strategy,
        reasoningPattern: pattern,
        toolsSequence: tools.slice(0, 1000).map((t) => clip(t, 4096)),
        keyDecisions: decisions(outcome, tools),
        successFactors: success,
        failureFactors: failure,
        confidence: parts.confidence,
        extractor: id,
        status: 'candidate',
        createdAt: new Date(now()).toISOString(),
      };
    },
  };
  Object.defineProperty(extractor, VALID_BY_CONSTRUCTION, { value: true });
  return extractor;
}
