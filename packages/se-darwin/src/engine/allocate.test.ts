import { describe, expect, it } from 'vitest';
import { emptyInsights } from '../insights.js';
import { allocateSlots } from './allocate.js';

describe('allocateSlots', () => {
  const all = new Set(['revision', 'recombination', 'refinement'] as const);

  it('gives every applicable operator a slot, the rest by weight', () => {
    expect(allocateSlots(8, all, emptyInsights())).toEqual({ revision: 4, recombination: 2, refinement: 2 });
    expect(allocateSlots(3, all, emptyInsights())).toEqual({ revision: 1, recombination: 1, refinement: 1 });
  });

  it('shifts slots toward operators that improved before', () => {
    const insights = emptyInsights();
    insights.operators.refinement = { attempts: 10, improvements: 9 };
    insights.operators.revision = { attempts: 10, improvements: 0 };
    const out = allocateSlots(10, all, insights);
    expect(out.refinement!).toBeGreaterThan(out.revision!);
    expect(Object.values(out).reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('with fewer slots than operators picks the strongest; nothing applicable gives nothing', () => {
    expect(allocateSlots(1, all, emptyInsights())).toEqual({ revision: 1 });
    expect(allocateSlots(5, new Set(), emptyInsights())).toEqual({});
    expect(allocateSlots(4, new Set(['refinement'] as const), emptyInsights())).toEqual({ refinement: 4 });
  });
});
