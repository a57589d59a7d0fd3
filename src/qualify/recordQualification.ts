// The one write of a qualification: the qualification, its answers and statuses, the lead's new stage and
// its history row, in one transaction; or nothing, if the lead changed since the interview began.

import type { LeadRepository } from '../db/leadRepository.js';
import type { QualificationRepository } from '../db/qualificationRepository.js';
import { invalidInput } from '../domain/errors.js';
import { finalOutcome, type Evaluation } from '../domain/evaluateQualification.js';
import type { Answers, Framework } from '../domain/framework.js';
import { isQualifiable } from '../domain/stages.js';
import type { Lead } from '../domain/lead.js';

export interface Override {
  stage: 'sql' | 'nurturing' | 'disqualified';
  reason: string;
}

export interface QualificationToRecord {
  /** The lead as it was when the interview began: if it moved since, someone else got there first. */
  lead: Lead;
  draftId: number | undefined;
  sdr: string;
  framework: Framework;
  answers: Answers;
  notes: Record<string, string>;
  evaluation: Evaluation;
  override: Override | undefined;
  startedAt: string;
  at: string;
  today: string;
}

/** Only MQL and nurturing leads are qualified; the error names the command that would move this one. */
export function checkQualifiable(lead: Lead): void {
  if (isQualifiable(lead.stage)) return;
  const key =
    lead.stage === 'prospect' || lead.stage === 'lead'
      ? 'qualify.notYetMql'
      : lead.stage === 'disqualified'
        ? 'qualify.disqualified'
        : 'qualify.alreadyQualified';
  throw invalidInput(key, { id: lead.id, stage: lead.stage });
}

export function recordQualification(leads: LeadRepository, qualifications: QualificationRepository, record: QualificationToRecord): { qualificationId: number; lead: Lead } {
  const { evaluation, override } = record;
  const { stage: finalStage, followUpOn } = finalOutcome(record.framework, record.answers, evaluation, override?.stage, record.today);
  return leads.transaction(() => {
    const now = leads.getLead(record.lead.id);
    if (now.stage !== record.lead.stage || now.stageChangedAt !== record.lead.stageChangedAt || now.forgottenAt) {
      throw invalidInput('qualify.conflict', { id: now.id, stage: now.stage });
    }
    const qualificationId = qualifications.recordDecision({
      leadId: now.id,
      draftId: record.draftId,
      sdr: record.sdr,
      framework: { id: record.framework.id, version: record.framework.version, policy: record.framework.policy },
      answers: record.answers,
      notes: Object.fromEntries(Object.entries(record.notes).filter(([, note]) => note !== '')),
      decision: evaluation.decision,
      finalStage,
      overrideReason: override?.reason ?? null,
      score: evaluation.score,
      followUpOn,
      reasons: evaluation.reasons,
      criteria: record.framework.criteria.map((criterion) => {
        const result = evaluation.criteria[criterion.id]!;
        return { criterion: criterion.id, status: result.status, rule: result.rule, explain: result.rule === null ? null : criterion.rules[result.rule]!.explain };
      }),
      startedAt: record.startedAt,
      at: record.at,
    });
    // The history keeps why: the override's reason, else the criteria that were not met.
    const reason = override?.reason ?? (evaluation.reasons.map((r) => `${r.criterion}: ${r.status}`).join(', ') || null);
    if (finalStage !== now.stage) leads.changeStage(now, finalStage, { at: record.at, by: record.sdr, cause: 'qualification', reason }, followUpOn);
    leads.setQualificationResult(now.id, evaluation.score, followUpOn, record.at);
    return { qualificationId, lead: leads.getLead(now.id) };
  });
}
