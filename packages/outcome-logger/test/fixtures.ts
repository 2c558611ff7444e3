import { SCHEMA_VERSION, type ExecutionStep, type ProductionOutcome } from '@genesis/schemas';
import type { ExtractionEvidence } from '../src/types.js';

/** A canonical outcome for extractor tests, with overrides. */
export function outcome(overrides: Partial<ProductionOutcome> = {}): ProductionOutcome {
  return {
    schemaVersion: SCHEMA_VERSION,
    outcomeId: 'o-1',
    tenantId: 'acme',
    agentName: 'builder',
    taskType: 'code_generation',
    taskDescription: 'Generate a REST backend',
    executionPath: [],
    toolsUsed: [],
    result: null,
    success: true,
    verified: true,
    durationMs: 100,
    startedAt: '2026-11-26T04:00:00.000Z',
    finishedAt: '2026-11-26T04:00:00.100Z',
    context: {},
    ...overrides,
  };
}

export const step = (name: string, kind: ExecutionStep['kind'] = 'step', ok = true, error?: string): ExecutionStep => ({
  name,
  kind,
  durationMs: 1,
  ok,
  ...(error ? { error } : {}),
});

export const noEvidence: ExtractionEvidence = {
  sameTaskDurationsMs: [],
  medianDurationMs: undefined,
  sameToolSequenceCount: 0,
  windowSize: 0,
};
