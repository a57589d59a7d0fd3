// The one way a lead's stage changes (PRODUCT.md, "Stages"): a pure function checks the move against the
// stage table for what caused it, and plans everything the store must write with it — the lead's new
// stage and follow-up date, the history row, and the counters the reports read (the furthest funnel step
// reached, and leads per stage per day entered). Manual moves, qualification, import and scoring all plan
// here; the store applies a plan and decides nothing.

import { addDays } from './dates.js';
import { invalidInput, usageError, type BantError } from './errors.js';
import {
  allowedManualMoves,
  canMoveManually,
  funnelRank,
  isQualifiable,
  movesToQualifiable,
  needsFollowUp,
  needsReason,
  QUALIFICATION_DECISIONS,
  stageCommands,
  type Stage,
  type StageChangeCause,
} from './stages.js';

/** Without a date, a lead sent to nurturing is followed up in 30 days (the framework's "unknown" delay). */
export const DEFAULT_NURTURE_DAYS = 30;

/** One row of the append-only stage history. */
export interface StageChange {
  id: number;
  leadId: number;
  fromStage: Stage | null;
  toStage: Stage;
  at: string;
  by: string | null;
  reason: string | null;
  cause: StageChangeCause;
}

/** +1 where a lead enters a stage on a day, -1 where it leaves the stage it entered on that day. */
export interface StageDaysDelta {
  stage: Stage;
  day: string;
  delta: number;
}

/** Everything a stage change writes; the store applies it only if the lead is still where it was read. */
export interface StageChangePlan {
  leadId: number;
  from: Stage;
  /** When the lead entered `from`: if its stage_changed_at differs now, someone moved it meanwhile. */
  fromSince: string;
  to: Stage;
  at: string;
  by: string | null;
  cause: StageChangeCause;
  reason: string | null;
  /** The lead's follow-up date after the move: only a nurturing lead has one. */
  followUpOn: string | null;
  /** funnelRank(to): the lead keeps the furthest funnel step it ever reached. */
  reachedRank: number;
  stageDays: StageDaysDelta[];
}

/** What a new lead starts with: its first stage, history row and counters. */
export interface CreationPlan {
  stage: Stage;
  at: string;
  by: string | null;
  cause: StageChangeCause;
  reason: string | null;
  followUpOn: string | null;
  reachedRank: number;
  stageDays: StageDaysDelta[];
}

export interface ChangeContext {
  at: string;
  by: string | null;
  cause: StageChangeCause;
  reason?: string | null;
  /** A follow-up date asked for (nurturing only); else the default delay from `today`. */
  followUpOn?: string | null;
  today: string;
}

/** The lead as the caller read it: enough to check the move and to detect a concurrent one. */
export interface LeadPosition {
  id: number;
  stage: Stage;
  stageChangedAt: string;
}

/**
 * Plans a move of `lead` to `to`, or returns why it is not allowed. The stage table depends on the cause:
 * by hand and by import, the manual moves of PRODUCT.md; by qualification, from mql or nurturing to a
 * decision; by scoring, only forward (prospect → lead, prospect or lead → mql).
 */
export function planStageChange(lead: LeadPosition, to: Stage, change: ChangeContext): StageChangePlan | BantError {
  const problem = checkMove(lead, to, change);
  if (problem) return problem;
  const reason = change.reason?.trim() || null;
  return {
    leadId: lead.id,
    from: lead.stage,
    fromSince: lead.stageChangedAt,
    to,
    at: change.at,
    by: change.by,
    cause: change.cause,
    reason,
    followUpOn: followUpFor(to, change),
    reachedRank: funnelRank(to),
    stageDays: [
      { stage: lead.stage, day: lead.stageChangedAt.slice(0, 10), delta: -1 },
      { stage: to, day: change.at.slice(0, 10), delta: 1 },
    ],
  };
}

export function planLeadCreation(stage: Stage, change: ChangeContext): CreationPlan {
  return {
    stage,
    at: change.at,
    by: change.by,
    cause: change.cause,
    reason: change.reason?.trim() || null,
    followUpOn: followUpFor(stage, change),
    reachedRank: funnelRank(stage),
    stageDays: [{ stage, day: change.at.slice(0, 10), delta: 1 }],
  };
}

function followUpFor(to: Stage, change: ChangeContext): string | null {
  if (!needsFollowUp(to)) return null;
  return change.followUpOn ?? addDays(change.today, DEFAULT_NURTURE_DAYS);
}

function checkMove(lead: LeadPosition, to: Stage, change: ChangeContext): BantError | undefined {
  const from = lead.stage;
  if (from === to) return invalidInput('stage.same', { id: lead.id, stage: to });
  switch (change.cause) {
    case 'manual':
      if (to === 'sql') {
        // The hint names commands the stage table allows, so that each one would succeed.
        if (isQualifiable(from)) return invalidInput('stage.sqlOnlyByQualify', { ref: lead.id, from });
        const moves = movesToQualifiable(from);
        if (!moves) return invalidInput('stage.sqlNeverFrom', { from });
        return invalidInput('stage.sqlOnlyByQualifyFromMql', { from, commands: stageCommands(lead.id, moves, `bant qualify ${lead.id}`) });
      }
      if (!canMoveManually(from, to)) {
        const allowed = allowedManualMoves(from);
        return invalidInput(allowed.length ? 'stage.forbidden' : 'stage.final', { from, to, allowed: allowed.join(', ') });
      }
      if (needsReason(to) && !change.reason?.trim()) return usageError('stage.reasonRequired', { stage: to });
      if (change.followUpOn && !needsFollowUp(to)) return usageError('stage.followUpOnlyForNurturing');
      return undefined;
    case 'import':
      return canMoveManually(from, to) ? undefined : invalidInput('import.forbiddenMove', { id: lead.id, from, to });
    case 'qualification':
      return isQualifiable(from) && (QUALIFICATION_DECISIONS as readonly Stage[]).includes(to)
        ? undefined
        : invalidInput('qualify.conflict', { id: lead.id, stage: from });
    case 'scoring':
      return isScoringMove(from, to) ? undefined : invalidInput('stage.notByScoring', { id: lead.id, from, to });
  }
}

/** Scoring only ever moves a lead forward through the top of the funnel. */
export function isScoringMove(from: Stage, to: Stage): boolean {
  return (from === 'prospect' && (to === 'lead' || to === 'mql')) || (from === 'lead' && to === 'mql');
}
