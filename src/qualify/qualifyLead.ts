// The qualification of one lead as a use case, apart from any terminal: claim the lead for the SDR (a team
// shares one queue), keep the interview's answers in a draft as they come (Ctrl-C or a dropped call loses
// nothing), and record the decision in one transaction that refuses to write if the lead moved meanwhile.
// The command asks the questions and shows the results; this decides nothing the domain can decide.

import { invalidInput } from '../domain/errors.js';
import { finalOutcome, type Evaluation } from '../domain/evaluateQualification.js';
import type { Answers, AnswerValue, Framework } from '../domain/framework.js';
import type { Lead } from '../domain/lead.js';
import { planStageChange } from '../domain/planStageChange.js';
import { CLAIM_MINUTES, type Claim, type QualificationRecord } from '../domain/qualification.js';
import { isQualifiable, movesToQualifiable, stageCommands } from '../domain/stages.js';
import { findLeadOrFail } from '../leads/findLeadOrFail.js';
import type { QueuedLead, Store, StoredFramework, StoreTx } from '../store/store.js';
import { frameworkToStore } from './storedFramework.js';

export interface Override {
  stage: 'sql' | 'nurturing' | 'disqualified';
  reason: string;
}

/** Only MQL and nurturing leads are qualified; the error names the commands (from the stage table) that would move this one. */
export function checkQualifiable(lead: Lead): void {
  if (isQualifiable(lead.stage)) return;
  const moves = movesToQualifiable(lead.stage);
  if (!moves) throw invalidInput('qualify.neverQualifiable', { id: lead.id, stage: lead.stage });
  throw invalidInput('qualify.notQualifiable', { id: lead.id, stage: lead.stage, commands: stageCommands(lead.id, moves) });
}

/** The queue as an SDR sees it: MQLs and due nurturing leads, best first, with who is on each already. */
export async function qualificationQueue(store: Store, now: Date, limit = 200): Promise<QueuedLead[]> {
  return store.leads.qualificationQueue(now.toISOString().slice(0, 10), now.toISOString(), limit);
}

export interface OpenedQualification {
  lead: Lead;
  /** Earlier decided qualifications of this lead, oldest first. */
  attempts: QualificationRecord[];
  /** What this SDR left unfinished on this lead (Ctrl-C, a dropped call). */
  draft: QualificationRecord | undefined;
}

/**
 * Finds the lead, checks it can be qualified, and claims it for the SDR for CLAIM_MINUTES: another SDR's
 * live claim is exit 3, naming them. `dryRun` looks without claiming.
 */
export async function openQualification(store: Store, ref: string, sdr: string, now: Date, options: { dryRun?: boolean } = {}): Promise<OpenedQualification> {
  const lead = await findLeadOrFail(store.leads, ref);
  checkQualifiable(lead);
  if (!options.dryRun) await claimLead(store, lead.id, sdr, now);
  return { lead, attempts: await store.qualifications.listForLead(lead.id), draft: await store.qualifications.findDraft(lead.id, sdr) };
}

async function claimLead(store: Store, leadId: number, sdr: string, now: Date): Promise<Claim> {
  const at = now.toISOString();
  const wanted: Claim = { leadId, sdr, claimedAt: at, expiresAt: new Date(now.getTime() + CLAIM_MINUTES * 60_000).toISOString() };
  const holder = await store.transaction((tx) => tx.qualifications.claim(wanted, at));
  if (holder.sdr !== sdr) throw invalidInput('qualify.claimed', { id: leadId, sdr: holder.sdr, until: holder.expiresAt.slice(11, 16) });
  return holder;
}

/** Ends the SDR's claim on the lead (Ctrl-C after the draft is saved, a dry run, a refusal). */
export async function releaseLead(store: Store, leadId: number, sdr: string): Promise<void> {
  await store.transaction((tx) => tx.qualifications.release(leadId, sdr));
}

export async function discardDraft(store: Store, draftId: number): Promise<void> {
  await store.transaction((tx) => tx.qualifications.discardDraft(draftId));
}

/**
 * Keeps an interview's answers and notes as they are given, each in its own small transaction, in a draft
 * created with the first of them.
 */
export class DraftKeeper {
  private readonly framework: StoredFramework;

  constructor(
    private readonly store: Store,
    private readonly leadId: number,
    private readonly sdr: string,
    framework: Framework,
    readonly startedAt: string,
    public draftId: number | undefined,
  ) {
    this.framework = frameworkToStore(framework);
  }

  async answer(questionId: string, value: AnswerValue | null): Promise<void> {
    await this.store.transaction(async (tx) => tx.qualifications.saveAnswer(await this.ensureDraft(tx), questionId, value));
  }

  async note(criterion: string, note: string): Promise<void> {
    await this.store.transaction(async (tx) => tx.qualifications.saveNote(await this.ensureDraft(tx), criterion, note));
  }

  private async ensureDraft(tx: StoreTx): Promise<number> {
    if (this.draftId === undefined) {
      // A resumed interview goes on under the framework it began with: the draft names it by its hash.
      await tx.frameworks.keep(this.framework, this.startedAt);
      this.draftId = await tx.qualifications.startDraft(this.leadId, this.sdr, this.framework, this.startedAt);
    }
    return this.draftId;
  }
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

/**
 * The one write of a qualification: the qualification, its answers and statuses, the lead's new stage and
 * its history row, the end of the claim; or nothing, if the lead changed since the interview began.
 */
export async function recordQualification(store: Store, record: QualificationToRecord): Promise<{ qualificationId: number; lead: Lead }> {
  const { evaluation, override } = record;
  const { stage: finalStage, followUpOn } = finalOutcome(record.framework, record.answers, evaluation, override?.stage, record.today);
  const framework = frameworkToStore(record.framework);
  return store.transaction(async (tx) => {
    const now = await tx.leads.getForUpdate(record.lead.id);
    if (!now || now.stage !== record.lead.stage || now.stageChangedAt !== record.lead.stageChangedAt || now.forgottenAt) {
      throw invalidInput('qualify.conflict', { id: record.lead.id, stage: now?.stage ?? '?' });
    }
    // The whole framework is kept (once per content) with the decision: `why` explains it with these rules
    // even after the file changed.
    await tx.frameworks.keep(framework, record.at);
    const qualificationId = await tx.qualifications.recordDecision({
      leadId: now.id,
      draftId: record.draftId,
      sdr: record.sdr,
      framework: { id: framework.id, version: framework.version, hash: framework.hash, policy: record.framework.policy },
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
    if (finalStage !== now.stage) {
      // The history keeps why: the override's reason, else the criteria that were not met.
      const reason = override?.reason ?? (evaluation.reasons.map((r) => `${r.criterion}: ${r.status}`).join(', ') || null);
      const plan = planStageChange(now, finalStage, { at: record.at, by: record.sdr, cause: 'qualification', reason, followUpOn, today: record.today });
      if (plan instanceof Error) throw plan;
      await tx.leads.applyStageChange(plan);
    }
    await tx.leads.setQualificationResult(now.id, followUpOn, record.at);
    await tx.qualifications.release(now.id, record.sdr);
    return { qualificationId, lead: (await tx.leads.get(now.id))! };
  });
}
