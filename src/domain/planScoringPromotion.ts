// What a score may do to a lead's stage (PRODUCT.md, "Promotion"): move it forward, never back. A `prospect`
// that showed interest becomes a `lead`; a `prospect` or `lead` at or over the MQL threshold becomes an `mql`
// (a prospect may go straight there). Every other stage is left alone: `mql` is already there, `sql` and
// `customer` are past it, `disqualified` and `nurturing` were decided by a person. A nurturing lead that
// comes back is not moved either: `isReengaged` marks it due in the qualify queue.

import type { Activity } from './activity.js';
import { checkMql, describeMqlCrossing, type MqlPart } from './checkMql.js';
import type { LeadScorer, ScorableLead, ScoreResult } from './scoreLead.js';
import type { ScoringModel } from './scoringModel.js';
import type { Stage } from './stages.js';

export type ScoringTrigger =
  | { kind: 'interest'; activityId: number; type: string; occurredAt: string }
  | { kind: 'mql'; crossed: MqlPart[] };

export interface ScoringPromotion {
  from: Stage;
  to: 'lead' | 'mql';
  trigger: ScoringTrigger;
  /**
   * For the stage history, in a notation that reads the same in English and French, as qualification reasons
   * do: `interest: email_click #812` or `total 64 ≥ 60` (`fit 25 ≥ 20 and engagement 31 ≥ 20`).
   */
  reason: string;
}

/** The stage change scoring asks for, or null when the lead stays where it is. */
export function planScoringPromotion(stage: Stage, score: ScoreResult, model: ScoringModel): ScoringPromotion | null {
  if (stage !== 'prospect' && stage !== 'lead') return null;
  if (score.mql) {
    const met = checkMql(model.mql, score).filter((way) => way.met);
    return { from: stage, to: 'mql', trigger: { kind: 'mql', crossed: met.flatMap((way) => way.parts) }, reason: describeMqlCrossing(met) };
  }
  if (stage === 'prospect' && score.firstInterest) {
    const { activityId, type, occurredAt } = score.firstInterest;
    return { from: stage, to: 'lead', trigger: { kind: 'interest', activityId, type, occurredAt }, reason: `interest: ${type} #${activityId}` };
  }
  return null;
}

/**
 * A nurturing lead is re-engaged when it is at or over the MQL threshold now, and would not be without the
 * activities that happened after `since`: what it did after the SDR's last decision is what brought it back.
 * `since` is the last qualification's decision time, or, for a lead never qualified, when it entered nurturing.
 * So a lead kept over the threshold by old activities is not re-engaged (the SDR decided knowing them), nor
 * one that only edits or the fading of old bad points brought back (nothing new was done).
 */
export function isReengaged(scorer: LeadScorer, lead: ScorableLead & { stage: Stage }, activities: readonly Activity[], since: string, asOf: string): boolean {
  if (lead.stage !== 'nurturing') return false;
  const sinceMs = Date.parse(since);
  const before = activities.filter((activity) => Date.parse(activity.occurredAt) <= sinceMs);
  if (before.length === activities.length) return false;
  return scorer(lead, activities, asOf).mql && !scorer(lead, before, asOf).mql;
}
