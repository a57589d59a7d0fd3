// The MQL threshold of a scoring model, checked against a lead's scores: whether it is met, by which way,
// and how far a lead is from each way (for `bant score why` and for the reason of a promotion).

import type { MqlThreshold } from './scoringModel.js';

export type ScoreMeasure = 'fit' | 'engagement' | 'total';

export interface MqlPart {
  measure: ScoreMeasure;
  score: number;
  threshold: number;
  /** Points still missing: 0 when the score is at or over the threshold. */
  short: number;
}

/** One way to be an MQL: fit and engagement minimums together, or a total. */
export interface MqlWay {
  way: 'fitAndEngagement' | 'total';
  met: boolean;
  parts: MqlPart[];
}

export interface Scores {
  fit: number;
  engagement: number;
  total: number;
}

/** The ways the threshold gives, each checked; the lead is an MQL when any is met. */
export function checkMql(mql: MqlThreshold, scores: Scores): MqlWay[] {
  const part = (measure: ScoreMeasure, threshold: number): MqlPart => {
    const score = scores[measure];
    // Scores have one decimal; rounding keeps 60 - 59.9 from printing as 0.10000000000000142.
    const short = score >= threshold ? 0 : Math.max(0.1, Math.round((threshold - score) * 10) / 10);
    return { measure, score, threshold, short };
  };
  const ways: MqlWay[] = [];
  const pair: MqlPart[] = [];
  if (mql.fit !== undefined) pair.push(part('fit', mql.fit));
  if (mql.engagement !== undefined) pair.push(part('engagement', mql.engagement));
  if (pair.length > 0) ways.push({ way: 'fitAndEngagement', met: pair.every((p) => p.short === 0), parts: pair });
  if (mql.total !== undefined) {
    const total = part('total', mql.total);
    ways.push({ way: 'total', met: total.short === 0, parts: [total] });
  }
  return ways;
}

/** The hot path's check: no allocation. Same answer as `checkMql(...).some((way) => way.met)`. */
export function meetsMql(mql: MqlThreshold, fit: number, engagement: number, total: number): boolean {
  const hasPair = mql.fit !== undefined || mql.engagement !== undefined;
  if (hasPair && (mql.fit === undefined || fit >= mql.fit) && (mql.engagement === undefined || engagement >= mql.engagement)) return true;
  return mql.total !== undefined && total >= mql.total;
}

/** "total 64 ≥ 60", "fit 25 ≥ 20 and engagement 31 ≥ 20": the met ways, in a notation that needs no translation. */
export function describeMqlCrossing(ways: readonly MqlWay[]): string {
  return ways
    .filter((way) => way.met)
    .map((way) => way.parts.map((p) => `${p.measure} ${p.score} ≥ ${p.threshold}`).join(' and '))
    .join('; ');
}
