import {
  ExtractedPlan,
  SCHEMA_VERSION,
  safeParseRecord,
  type JsonValue,
  type ProductionOutcome,
  type TrainingExample,
} from '@genesis/schemas';
import type { Redactor } from './redact.js';
import { VALID_BY_CONSTRUCTION } from './rules-extractor.js';
import { storableJson } from './to-json.js';
import type { ExtractionEvidence, PlanExtractor } from './types.js';

/**
 * Runs the extractor on a verified success and pairs the plan with its outcome. The plan is validated (unless the
 * extractor is the built-in one, valid by construction), must cite the outcome and its tenant, and is redacted like
 * the outcome: a model's answer is exported text too. Throws on any failure.
 */
export async function extractTrainingExample(
  outcome: ProductionOutcome,
  evidence: ExtractionEvidence,
  deps: { extractor: PlanExtractor; redactor: Redactor; now: () => number },
): Promise<TrainingExample> {
  const { extractor } = deps;
  const raw = await extractor.extract(outcome, evidence);
  let plan: ExtractedPlan;
  if ((extractor as { [VALID_BY_CONSTRUCTION]?: boolean })[VALID_BY_CONSTRUCTION] === true) plan = raw;
  else {
    const parsed = safeParseRecord(ExtractedPlan, 'ExtractedPlan', raw);
    if (!parsed.ok) throw parsed.error;
    plan = parsed.value;
  }
  if (!plan.outcomeIds.includes(outcome.outcomeId) || plan.tenantId !== outcome.tenantId) {
    throw new Error('the plan does not cite the outcome it was extracted from, or names another tenant');
  }
  const redacted = storableJson(deps.redactor.redact(plan as unknown as JsonValue)) as unknown as ExtractedPlan;
  return {
    schemaVersion: SCHEMA_VERSION,
    exampleId: outcome.outcomeId,
    tenantId: outcome.tenantId,
    agentName: outcome.agentName,
    taskType: outcome.taskType,
    outcome,
    plan: redacted,
    createdAt: new Date(deps.now()).toISOString(),
  };
}
