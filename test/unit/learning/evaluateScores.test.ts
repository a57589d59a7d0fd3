// The measures of the learning report, on cases small enough to count by hand.

import { describe, expect, it } from 'vitest';
import { areaUnderCurve, liftByDecile, suggestThreshold } from '../../../src/domain/learning/evaluateScores.js';

describe('areaUnderCurve', () => {
  it('is the share of (converted, not converted) pairs ordered right, a tie counting half', () => {
    // Converted scored 2 and 3, the others 1 and 2: pairs (2,1) 1, (2,2) ½, (3,1) 1, (3,2) 1 → 3.5 / 4.
    expect(areaUnderCurve([1, 2, 2, 3], [0, 1, 0, 1])).toBe(0.875);
  });

  it('is 1 for a perfect order, 0 for the reverse, ½ when every score is the same', () => {
    expect(areaUnderCurve([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(areaUnderCurve([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
    expect(areaUnderCurve([5, 5, 5, 5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('does not depend on the order of the leads', () => {
    expect(areaUnderCurve([3, 1, 2, 2], [1, 0, 1, 0])).toBe(0.875);
  });

  it('is NaN without both classes', () => {
    expect(areaUnderCurve([1, 2], [1, 1])).toBeNaN();
  });
});

describe('liftByDecile', () => {
  it('splits the leads, best scored first, into tenths with their conversion rate and lift', () => {
    // 20 leads scored 20 down to 1; the 4 best converted, and one more in the middle.
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i);
    const labels = scores.map((score) => (score > 16 || score === 10 ? 1 : 0));
    const deciles = liftByDecile(scores, labels, scores.map((_, i) => i + 1));
    expect(deciles).toHaveLength(10);
    expect(deciles[0]).toEqual({ decile: 1, leads: 2, conversions: 2, rate: 1, lift: 4, lowestScore: 19, highestScore: 20 });
    expect(deciles[1]).toMatchObject({ decile: 2, conversions: 2, lift: 4, lowestScore: 17, highestScore: 18 });
    expect(deciles[5]).toMatchObject({ decile: 6, conversions: 1, rate: 0.5, lift: 2 });
    expect(deciles[9]).toMatchObject({ decile: 10, conversions: 0, lift: 0, lowestScore: 1 });
  });

  it('orders leads of equal score by id, so the table does not depend on the order they came in', () => {
    const forward = liftByDecile([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const backward = liftByDecile([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(backward).toEqual(forward);
    expect(forward[0]!.conversions).toBe(1);
  });

  it('has fewer rows than ten when there are fewer than ten leads', () => {
    expect(liftByDecile([3, 2, 1], [1, 0, 0], [1, 2, 3]).map((decile) => decile.leads)).toEqual([1, 1, 1]);
  });
});

describe('suggestThreshold', () => {
  // Scores best first: at ≥10 1 of 2 converted, ≥8 2 of 3, ≥6 3 of 5, ≥4 3 of 6, ≥2 4 of 7, ≥0 4 of 8.
  const scores = [10, 10, 8, 6, 6, 4, 2, 0];
  const labels = [1, 0, 1, 1, 0, 0, 1, 0];

  it('is the lowest score at or above which the share asked converted, with the conversions it keeps', () => {
    expect(suggestThreshold(scores, labels, 0.6)).toEqual({ precision: 0.6, score: 6, precisionReached: 0.6, conversionsKept: 0.75, leadsAbove: 5 / 8 });
  });

  it('takes leads of one score together: a threshold is a score, not a rank', () => {
    // At ≥10 only half converted: the score 10 cannot be cut between its two leads.
    expect(suggestThreshold(scores, labels, 0.65).score).toBe(8);
  });

  it('is null when no score reaches the precision asked', () => {
    expect(suggestThreshold(scores, labels, 1)).toMatchObject({ score: null, conversionsKept: 0 });
  });

  it('may be the lowest score of all when every lead qualifies', () => {
    expect(suggestThreshold(scores, labels, 0.5)).toMatchObject({ score: 0, conversionsKept: 1, leadsAbove: 1 });
  });
});
