// Training rows for the learning tests: a lead with only the fields given, and its activity counts.

import type { TrainingRow } from '../../src/domain/learning/trainingSet.js';
import type { ScorableLead } from '../../src/domain/scoreLead.js';

export function scorableLead(fields: Partial<ScorableLead> = {}): ScorableLead {
  return {
    email: null, firstName: null, lastName: null, company: null, title: null, phone: null, country: null, industry: null,
    employees: null, annualRevenue: null, source: null, owner: null, externalId: null, custom: {}, ...fields,
  };
}

export function trainingRow(id: number, label: 0 | 1, fields: Partial<ScorableLead> = {}, activityCounts: Record<string, number> = {}, currentScore?: number): TrainingRow {
  const row: TrainingRow = { id, label, lead: scorableLead(fields), activityCounts };
  if (currentScore !== undefined) row.currentScore = currentScore;
  return row;
}

/** A small, well-mixed, seeded generator (mulberry32), so generated data sets are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
