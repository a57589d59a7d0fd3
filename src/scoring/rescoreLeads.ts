// Rescoring (PRODUCT.md, "When scores change"): a lead's scores computed again from its fields and activities,
// written where they changed, and what they decide about its stage: a promotion (prospect → lead on interest,
// → mql over the threshold) planned by the one stage-change planner with cause `scoring`, or a nurturing lead
// marked re-engaged. Every write that touches a lead calls this in its own transaction, on the leads it touched;
// `bant score` calls it on the leads asked for.
//
// Decisions are the domain's (scoreLead, planScoringPromotion, isReengaged, planStageChange); this reads,
// decides through them, and writes.

import { BantError } from '../domain/errors.js';
import type { Lead } from '../domain/lead.js';
import { isReengaged, planScoringPromotion, type ScoringPromotion } from '../domain/planScoringPromotion.js';
import { planStageChange, type StageChangePlan } from '../domain/planStageChange.js';
import { compileScoringModel, type LeadScorer, type ScoreResult } from '../domain/scoreLead.js';
import type { ScoringModel } from '../domain/scoringModel.js';
import type { LeadToScore, ScoresToWrite, StoreTx } from '../store/store.js';

/** A model and its compiled scorer: compiled once per command, used for every lead. */
export interface Scoring {
  model: ScoringModel;
  scorer: LeadScorer;
}

export function prepareScoring(model: ScoringModel): Scoring {
  return { model, scorer: compileScoringModel(model) };
}

/** As of when scores are computed (`asOf`, an ISO instant), and who and when moves a lead because of them. */
export interface ScoringMoment {
  asOf: string;
  at: string;
  by: string;
  today: string;
}

/** What rescoring writes through: the store's transaction, or an import's writer (which numbers its own rows). */
export interface RescoreTarget {
  read(ids: readonly number[]): Promise<LeadToScore[]>;
  writeScores(scores: readonly ScoresToWrite[]): Promise<void>;
  move(plan: StageChangePlan): Promise<unknown>;
}

export function transactionTarget(tx: StoreTx): RescoreTarget {
  return {
    read: (ids) => tx.scoring.leadsToScore(ids),
    writeScores: (scores) => tx.scoring.writeScores(scores),
    move: (plan) => tx.leads.applyStageChange(plan),
  };
}

/** One lead rescored: its new scores, whether they changed, the promotion it got, whether it is re-engaged. */
export interface Rescored {
  lead: Lead;
  result: ScoreResult;
  changed: boolean;
  promotion: ScoringPromotion | null;
  reengaged: boolean;
}

export interface RescoreCounts {
  scored: number;
  changed: number;
  toLead: number;
  toMql: number;
  reengaged: number;
}

export function emptyCounts(): RescoreCounts {
  return { scored: 0, changed: 0, toLead: 0, toMql: 0, reengaged: 0 };
}

/** Leads looked up a few hundred at a time: a million touched leads never sit in memory together. */
const CHUNK = 500;

/** Rescores the leads with these ids (forgotten ones are left alone); `onScored` sees each. */
export async function rescoreLeads(
  target: RescoreTarget,
  ids: Iterable<number>,
  scoring: Scoring,
  moment: ScoringMoment,
  onScored?: (rescored: Rescored) => void,
): Promise<RescoreCounts> {
  const counts = emptyCounts();
  let chunk: number[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await rescorePage(target, await target.read(chunk), scoring, moment, counts, onScored);
    chunk = [];
  };
  for (const id of ids) {
    chunk.push(id);
    if (chunk.length === CHUNK) await flush();
  }
  await flush();
  return counts;
}

/** Rescores leads already read (a page of `bant score --all`), adding to `counts`. */
export async function rescorePage(
  target: RescoreTarget,
  page: readonly LeadToScore[],
  scoring: Scoring,
  moment: ScoringMoment,
  counts: RescoreCounts,
  onScored?: (rescored: Rescored) => void,
): Promise<void> {
  const { model, scorer } = scoring;
  const writes: ScoresToWrite[] = [];
  const moves: StageChangePlan[] = [];
  for (const { lead, activities, lastQualifiedAt } of page) {
    const result = scorer(lead, activities, moment.asOf);
    // New activity since the SDR's last decision (or since it entered nurturing) brought it back: due at once.
    const reengaged = lead.stage === 'nurturing' && isReengaged(scorer, lead, activities, lastQualifiedAt ?? lead.stageChangedAt, moment.asOf);
    const reengagedAt = reengaged ? (lead.reengagedAt ?? moment.at) : null;
    const changed =
      lead.scoredAt === null || lead.fitScore !== result.fit || lead.engagementScore !== result.engagement || lead.score !== result.total || lead.reengagedAt !== reengagedAt;
    if (changed) writes.push({ id: lead.id, fit: result.fit, engagement: result.engagement, total: result.total, scoredAt: moment.asOf, reengagedAt });
    const promotion = planScoringPromotion(lead.stage, result, model);
    if (promotion) {
      const plan = planStageChange(lead, promotion.to, { at: moment.at, by: moment.by, cause: 'scoring', reason: promotion.reason, today: moment.today });
      // planScoringPromotion only asks for the moves the stage table gives scoring: a refusal here is a bug.
      if (plan instanceof BantError) throw new Error(`scoring planned a move the stage table refuses: ${plan.key}`);
      moves.push(plan);
      if (promotion.to === 'mql') counts.toMql++;
      else counts.toLead++;
    }
    counts.scored++;
    if (changed) counts.changed++;
    if (reengaged) counts.reengaged++;
    onScored?.({ lead, result, changed, promotion, reengaged });
  }
  await target.writeScores(writes);
  for (const plan of moves) await target.move(plan);
}
