import { parseIsoDate } from '../domain/dates.js';
import { invalidInput, usageError } from '../domain/errors.js';
import type { Lead } from '../domain/lead.js';
import { planStageChange } from '../domain/planStageChange.js';
import { isStage } from '../domain/stages.js';
import type { Store } from '../store/store.js';
import { findLeadOrFail } from './findLeadOrFail.js';

export interface StageMove {
  ref: string;
  to: string;
  reason?: string;
  followUpOn?: string;
}

export interface StageMoveResult {
  lead: Lead;
  from: Lead['stage'];
  changed: boolean;
}

/** A manual move (`bant stage`), checked against the stage table; one transaction with its history row. */
export async function changeLeadStage(store: Store, move: StageMove, who: { at: string; by: string; today: string }): Promise<StageMoveResult> {
  const to = move.to;
  if (!isStage(to)) throw usageError('stage.unknown', { stage: to });
  const followUpOn = move.followUpOn === undefined ? undefined : parseIsoDate(move.followUpOn);
  if (move.followUpOn !== undefined && !followUpOn) throw invalidInput('stage.badFollowUp', { value: move.followUpOn });

  return store.transaction(async (tx) => {
    const lead = await findLeadOrFail(tx.leads, move.ref);
    const from = lead.stage;
    if (from === to) return { lead, from, changed: false };
    const plan = planStageChange(lead, to, { ...who, cause: 'manual', reason: move.reason, followUpOn });
    if (plan instanceof Error) throw plan;
    return { lead: await tx.leads.applyStageChange(plan), from, changed: true };
  });
}
