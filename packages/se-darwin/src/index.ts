export { createRng, type Rng } from './rng.js';
export type {
  Problem,
  Candidate,
  InsightStats,
  Insights,
  OperatorContext,
  Operators,
} from './operators/types.js';
