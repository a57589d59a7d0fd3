// `bant score why`: a lead's score taken apart (PRODUCT.md, "Explanation"): each rule that gave or took points,
// with the activity that earned them, the decay and the cap, and how far the lead is from the MQL threshold.
// Explained as of the moment its stored score was computed, so that the contributions add up to the score the
// lead shows; with `--as-of`, as of then instead. When time has moved the score since (decay), says so.

import type { Activity } from '../domain/activity.js';
import { checkMql, type MqlWay } from '../domain/checkMql.js';
import type { Lead } from '../domain/lead.js';
import type { ScoreResult } from '../domain/scoreLead.js';
import { findLeadOrFail } from '../leads/findLeadOrFail.js';
import type { Store } from '../store/store.js';
import type { Scoring } from './rescoreLeads.js';

export interface ScoreExplanation {
  lead: Lead;
  asOf: string;
  result: ScoreResult;
  ways: MqlWay[];
  /** The activities that earned points, by id. */
  activities: Map<number, Activity>;
  /** The score now, when it is not the one explained (time moved it, or `--as-of` named another moment). */
  now: ScoreResult | null;
  /** Whether the moment explained is the one `--as-of` asked for, rather than when the stored score was computed. */
  asOfAsked: boolean;
}

export async function explainScore(store: Store, ref: string, scoring: Scoring, options: { asOf?: string; now: string }): Promise<ScoreExplanation> {
  const lead = await findLeadOrFail(store.leads, ref);
  const activities = await store.activities.forLead(lead.id);
  const asOf = options.asOf ?? lead.scoredAt ?? options.now;
  const result = scoring.scorer(lead, activities, asOf);
  const current = asOf === options.now ? result : scoring.scorer(lead, activities, options.now);
  const moved = current.fit !== result.fit || current.engagement !== result.engagement;
  const byId = new Map(activities.map((activity) => [activity.id, activity]));
  const earned = new Map<number, Activity>();
  for (const contribution of result.contributions) {
    if (contribution.activityId !== undefined) earned.set(contribution.activityId, byId.get(contribution.activityId)!);
  }
  return { lead, asOf, result, ways: checkMql(scoring.model.mql, result), activities: earned, now: moved ? current : null, asOfAsked: options.asOf !== undefined };
}
