// The scenario schema refuses crypto.sentiment.attention + attentionPersistence ≥ 1 (an exploding attention variance
// made BTC's price NaN, and the btc study lost runs to it), naming both paths; below 1 is accepted.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { ScenarioError } from '../../src/sim/scenario/problems.js';

function problemsOf(sets: string[]): string[] {
  try {
    loadScenario('hayes-2024', sets);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: expected ${p.expected}`);
    throw e;
  }
  return [];
}

describe('crypto.sentiment: attention + attentionPersistence', () => {
  it('is refused at 1 or more, naming both paths and the sum', () => {
    const [p, ...rest] = problemsOf(['crypto.sentiment.attention=0.2']);
    expect(rest).toEqual([]);
    expect(p).toBe('crypto.sentiment: expected crypto.sentiment.attention + crypto.sentiment.attentionPersistence below 1 ' +
      '(the attention variance would not settle; here 0.2 + 0.8 = 1)');
    expect(problemsOf(['crypto.sentiment.attention=0.05', 'crypto.sentiment.attentionPersistence=0.99'])[0]).toContain('0.05 + 0.99 = 1.04');
  });
  it('is accepted below 1 (the default 0.06 + 0.8, and the btc study\'s upper end 0.19 + 0.8)', () => {
    expect(problemsOf([])).toEqual([]);
    expect(problemsOf(['crypto.sentiment.attention=0.19'])).toEqual([]);
  });
});
