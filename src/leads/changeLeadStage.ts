import type { LeadRepository } from '../db/leadRepository.js';
import { addDays, parseIsoDate } from '../domain/dates.js';
import { invalidInput, usageError } from '../domain/errors.js';
import type { Lead } from '../domain/lead.js';
import { allowedManualMoves, canMoveManually, isQualifiable, isStage, movesToQualifiable, needsFollowUp, needsReason, stageCommands } from '../domain/stages.js';
import { findLeadOrFail } from './findLeadOrFail.js';

/** Without a date, a lead sent to nurturing by hand is followed up in 30 days (the framework's "unknown" delay). */
export const DEFAULT_NURTURE_DAYS = 30;

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
export function changeLeadStage(leads: LeadRepository, move: StageMove, who: { at: string; by: string; today: string }): StageMoveResult {
  const to = move.to;
  if (!isStage(to)) throw usageError('stage.unknown', { stage: to });
  const followUpOn = move.followUpOn === undefined ? undefined : parseIsoDate(move.followUpOn);
  if (move.followUpOn !== undefined && !followUpOn) throw invalidInput('stage.badFollowUp', { value: move.followUpOn });
  const reason = move.reason?.trim() || undefined;

  return leads.transaction(() => {
    const lead = findLeadOrFail(leads, move.ref);
    const from = lead.stage;
    if (from === to) return { lead, from, changed: false };
    if (to === 'sql') {
      if (isQualifiable(from)) throw invalidInput('stage.sqlOnlyByQualify', { ref: move.ref, from });
      const moves = movesToQualifiable(from);
      if (!moves) throw invalidInput('stage.sqlNeverFrom', { from });
      throw invalidInput('stage.sqlOnlyByQualifyFromMql', { from, commands: stageCommands(move.ref, moves, `bant qualify ${move.ref}`) });
    }
    if (!canMoveManually(from, to)) {
      const allowed = allowedManualMoves(from);
      throw invalidInput(allowed.length ? 'stage.forbidden' : 'stage.final', { from, to, allowed: allowed.join(', ') });
    }
    if (needsReason(to) && !reason) throw usageError('stage.reasonRequired', { stage: to });
    if (followUpOn && !needsFollowUp(to)) throw usageError('stage.followUpOnlyForNurturing');
    const nextFollowUp = needsFollowUp(to) ? (followUpOn ?? addDays(who.today, DEFAULT_NURTURE_DAYS)) : null;
    const moved = leads.changeStage(lead, to, { at: who.at, by: who.by, cause: 'manual', reason: reason ?? null }, nextFollowUp);
    return { lead: moved, from, changed: true };
  });
}
