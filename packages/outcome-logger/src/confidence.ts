import type { ProductionOutcome } from '@genesis/schemas';
import type { ExtractionEvidence } from './types.js';

/** The parts of a plan's confidence, each in [0, 1]. */
export interface ConfidenceParts {
  /** Path efficiency: share of steps that succeeded × share of distinct step names (retries cost). 0.5 with no steps. */
  efficiency: number;
  /** Speed against earlier successes of the same taskType: min(1, (median + 1) / (duration + 1)); 0.5 with < 3. */
  speed: number;
  /** Corroboration by earlier successes with the same tool sequence: n / (n + 1). */
  corroboration: number;
  /** 0.3·efficiency + 0.3·speed + 0.4·corroboration. */
  quality: number;
  /** Verified success: 0.5 + 0.5·quality; unverified success: 0.2 + 0.3·quality; failure: 0.2·quality. */
  confidence: number;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/**
 * The evidence-based confidence of a plan extracted from `outcome` (see the README for the formula). Verified
 * successes land in [0.5, 1], unverified successes in [0.2, 0.5], failures in [0, 0.2].
 */
export function computeConfidence(outcome: ProductionOutcome, evidence: ExtractionEvidence): ConfidenceParts {
  const steps = outcome.executionPath;
  let efficiency = 0.5;
  if (steps.length > 0) {
    let ok = 0;
    const names = new Set<string>();
    for (const s of steps) {
      if (s.ok) ok++;
      names.add(`${s.kind}:${s.name}`);
    }
    efficiency = (ok / steps.length) * (names.size / steps.length);
  }
  const median = evidence.medianDurationMs;
  const speed = median === undefined ? 0.5 : Math.min(1, (median + 1) / (outcome.durationMs + 1));
  const n = Math.max(0, evidence.sameToolSequenceCount);
  const corroboration = n / (n + 1);
  const quality = 0.3 * efficiency + 0.3 * speed + 0.4 * corroboration;
  const confidence = outcome.success ? (outcome.verified ? 0.5 + 0.5 * quality : 0.2 + 0.3 * quality) : 0.2 * quality;
  return {
    efficiency: round(efficiency),
    speed: round(speed),
    corroboration: round(corroboration),
    quality: round(quality),
    confidence: Math.min(1, Math.max(0, round(confidence))),
  };
}
