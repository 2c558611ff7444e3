import type { EvolutionEvent } from '@genesis/se-darwin';
import type { TestCase } from '@genesis/sandbox';
import type { ApiRoute } from '@genesis/agents';
import type { DemoSize, TelemetryMode } from './args.js';

/** A function-level task: the Builder implements `entry`, QA runs `tests` in the sandbox. */
export interface FunctionTaskDef {
  kind: 'function';
  taskId: string;
  taskType: string;
  description: string;
  entry: string;
  signature: string;
  /** What QA runs in production and what SE-Darwin evolves against. */
  tests: TestCase[];
  /** Never shown to the Builder or to SE-Darwin's operators: they gate promotion. */
  heldOutTests: TestCase[];
}

/** A backend task: the Builder generates an HTTP service, QA starts it and exercises it over HTTP. */
export interface BackendTaskDef {
  kind: 'backend';
  taskId: string;
  taskType: string;
  description: string;
  appName: string;
  apiRoutes: ApiRoute[];
  authRequired: boolean;
}

/** One task of the workload. */
export type TaskDef = FunctionTaskDef | BackendTaskDef;

/** The demo's phases, in order. */
export type Phase = 'production-before' | 'learning' | 'promotion' | 'production-after';

/** How each phase is named in progress lines. */
export const PHASE_TITLES: Record<Phase, string> = {
  'production-before': 'Phase 1 — production',
  learning: 'Phase 2 — learning (SE-Darwin)',
  promotion: 'Phase 3 — promotion (held-out gate)',
  'production-after': 'Phase 3b — production again',
};

/** Progress events of {@link runDemo}, for displays. */
export type DemoEvent =
  | { type: 'info'; message: string }
  | { type: 'phase_started'; phase: Phase; title: string; total: number; resumed: boolean }
  | { type: 'phase_finished'; phase: Phase; title: string; summary: string; durationMs: number }
  | {
      type: 'task_done';
      phase: Phase;
      phaseTitle: string;
      taskId: string;
      index: number;
      total: number;
      success: boolean;
      /** Worth a permanent line even on a terminal (a failure, a change from before). */
      notable: boolean;
      detail: string;
    }
  | { type: 'evolution'; taskId: string; index: number; total: number; event: EvolutionEvent };

/** Options of {@link runDemo}. */
export interface DemoOptions {
  size?: DemoSize;
  /** Store URL (`file:…`, `:memory:`, `postgres://…`). Default `file:./.genesis/genesis.db`. */
  db?: string;
  /** Output folder for report.json and report.md; `false` writes nothing. Default `./demo-output`. */
  out?: string | false;
  seed?: number;
  /** Discard an earlier unfinished run of the same seed and size instead of resuming it. */
  fresh?: boolean;
  /** Candidates executed at once, and sandbox hosts. Default 2. */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (event: DemoEvent) => void;
  /**
   * A language model for SE-Darwin's operators (any AI SDK model). Default: none — the deterministic program-edit
   * operators do the work. The CLI builds one from GENESIS_LLM_BASE_URL / GENESIS_LLM_MODEL / GENESIS_LLM_API_KEY.
   */
  model?: import('ai').LanguageModel;
  /** SE-Darwin operators to use instead (overrides `model`); default the deterministic program-edit operators. */
  operators?: import('@genesis/se-darwin').Operators;
  /** Shown in the report; the CLI passes the mode it started. */
  telemetry?: TelemetryMode;
}
