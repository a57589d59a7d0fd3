// How good a score is at telling converted leads from the others, measured on leads it did not learn from:
// the AUC, the conversion rate per score decile (lift), and the MQL threshold a team could use.

/**
 * The area under the ROC curve: the chance that a converted lead scores above one that did not, a tie
 * counting half (the Mann–Whitney statistic with mid-ranks). 0.5 is a coin; 1 is perfect. NaN without both classes.
 */
export function areaUnderCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    // Ranks start..end−1 (from 1: start+1..end) share their mean.
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        positiveRankSum += midRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface Decile {
  /** 1 is the best-scored tenth. */
  decile: number;
  leads: number;
  conversions: number;
  rate: number;
  /** rate / the base rate of all the leads: 3 means three times as likely to convert as the average lead. */
  lift: number;
  lowestScore: number;
  highestScore: number;
}

/**
 * The leads sorted by score, best first, in ten groups as even as can be; leads with the same score are
 * ordered by id, so the table never depends on the order they came in.
 */
export function liftByDecile(scores: ArrayLike<number>, labels: ArrayLike<number>, ids: ArrayLike<number>): Decile[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || ids[a]! - ids[b]!);
  let conversions = 0;
  for (let i = 0; i < n; i++) conversions += labels[i]!;
  const baseRate = n > 0 ? conversions / n : 0;
  const deciles: Decile[] = [];
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * n) / 10);
    const to = Math.floor(((d + 1) * n) / 10);
    if (to === from) continue;
    let converted = 0;
    for (let k = from; k < to; k++) converted += labels[order[k]!]!;
    const rate = converted / (to - from);
    deciles.push({
      decile: d + 1,
      leads: to - from,
      conversions: converted,
      rate,
      lift: baseRate > 0 ? rate / baseRate : 0,
      lowestScore: scores[order[to - 1]!]!,
      highestScore: scores[order[from]!]!,
    });
  }
  return deciles;
}

export interface ThresholdSuggestion {
  /** The precision asked for: the share of leads at or above the threshold that should convert. */
  precision: number;
  /** The lowest score at or above which that share converted; null when no score reaches it. */
  score: number | null;
  /** The share that did convert at or above `score`. */
  precisionReached: number;
  /** The share of all conversions that scored at or above it: what the threshold keeps. */
  conversionsKept: number;
  /** The share of all leads at or above it: how many MQLs it would make. */
  leadsAbove: number;
}

/** The lowest score such that, of the leads scoring at least that, at least `precision` converted. */
export function suggestThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, precision: number): ThresholdSuggestion {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let totalConversions = 0;
  for (let i = 0; i < n; i++) totalConversions += labels[i]!;
  const suggestion: ThresholdSuggestion = { precision, score: null, precisionReached: 0, conversionsKept: 0, leadsAbove: 0 };
  let leads = 0;
  let conversions = 0;
  for (let start = 0; start < n; ) {
    // All leads with this score are in or out together: the threshold is a score, not a rank.
    let end = start;
    while (end < n && scores[order[end]!] === scores[order[start]!]) conversions += labels[order[end++]!]!;
    leads = end;
    if (conversions / leads >= precision) {
      suggestion.score = scores[order[start]!]!;
      suggestion.precisionReached = conversions / leads;
      suggestion.conversionsKept = totalConversions > 0 ? conversions / totalConversions : 0;
      suggestion.leadsAbove = leads / n;
    }
    start = end;
  }
  return suggestion;
}
