import type { Problem } from '../../src/operators/types.js';
import { copyTests } from './harness.js';
import type { RepairProblem, TransferFamily } from './types.js';

/** A repair problem as SEDarwin sees it: the buggy program is the starter code; held-out tests are kept aside. */
export function repairToProblem(p: RepairProblem): Problem {
  return {
    problemId: `repair-${p.id}`,
    taskType: 'repair',
    description: p.description,
    entry: p.entry,
    signature: p.signature,
    starterCode: p.buggy,
    language: 'js',
    tests: copyTests(p.tests),
    heldOutTests: copyTests(p.heldOut),
  };
}

/** A transfer target as SEDarwin sees it: a stub that returns nothing useful is the starter code. */
export function transferToProblem(f: TransferFamily): Problem {
  const params = /\(([^)]*)\)/.exec(f.target.signature)?.[1]?.split(',').map((s) => s.split(':')[0]!.trim()).filter(Boolean) ?? [];
  return {
    problemId: `transfer-${f.id}`,
    taskType: f.target.taskType,
    description: f.target.description,
    entry: f.target.entry,
    signature: f.target.signature,
    starterCode: `function ${f.target.entry}(${params.join(', ')}) {\n  return undefined;\n}\n`,
    language: 'js',
    tests: copyTests(f.target.tests),
    heldOutTests: copyTests(f.target.heldOut),
  };
}
