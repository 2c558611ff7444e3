export { createDeterministicOperators, type DeterministicOperatorsOptions } from './deterministic-operators.js';
export type { EditKind } from '../../edits/edit.js';
