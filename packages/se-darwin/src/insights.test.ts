import { describe, expect, it } from 'vitest';
import { creditInsights, emptyInsights, improvementRate, insightsToJson, mergeInsights, parseInsights } from './insights.js';

describe('insights', () => {
  it('credits operators, edits and seeds and merges', () => {
    const a = emptyInsights();
    creditInsights(a, { operator: 'revision', edits: ['flip', 'flip', 'swap'], seeds: ['s1'], improved: true });
    creditInsights(a, { operator: 'revision', edits: ['flip'], seeds: [], improved: false });
    expect(a.operators.revision).toEqual({ attempts: 2, improvements: 1 });
    expect(a.edits.flip).toEqual({ attempts: 2, improvements: 1 });
    expect(a.edits.swap).toEqual({ attempts: 1, improvements: 1 });
    expect(a.seeds.s1).toEqual({ attempts: 1, improvements: 1 });
    const merged = mergeInsights(a, a);
    expect(merged.operators.revision).toEqual({ attempts: 4, improvements: 2 });
    expect(a.operators.revision).toEqual({ attempts: 2, improvements: 1 });
  });

  it('smooths rates and parses stored JSON defensively', () => {
    expect(improvementRate(undefined)).toBe(0.5);
    expect(improvementRate({ attempts: 8, improvements: 8 })).toBe(0.9);
    const parsed = parseInsights({
      operators: { revision: { attempts: 3, improvements: 1 }, bad: { attempts: 1, improvements: 5 }, worse: 'x' },
      edits: null,
      seeds: [],
    });
    expect(parsed).toEqual({ operators: { revision: { attempts: 3, improvements: 1 } }, edits: {}, seeds: {} });
    expect(parseInsights(null)).toEqual(emptyInsights());
    expect(insightsToJson(parsed)).toEqual(parsed);
    const polluted = parseInsights(JSON.parse('{"operators":{"__proto__":{"attempts":1,"improvements":1}}}'));
    expect(({} as Record<string, unknown>).attempts).toBeUndefined();
    expect(Object.keys(polluted.operators)).toEqual([]);
  });
});
