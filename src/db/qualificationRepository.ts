// Every SQL statement about qualifications: drafts saved answer by answer, and decisions.

import type { Decision } from '../domain/evaluateQualification.js';
import type { Answers, AnswerValue, CriterionStatus, Policy, Text } from '../domain/framework.js';
import type { Stage } from '../domain/stages.js';
import type { Db } from './openDatabase.js';

export interface QualificationRecord {
  id: number;
  leadId: number;
  status: 'draft' | 'done';
  sdr: string;
  frameworkId: string;
  frameworkVersion: number;
  answers: Answers;
  /** Optional questions asked and left unanswered (in a draft), so that a resumed interview skips them. */
  skipped: string[];
  notes: Record<string, string>;
  decision: Decision | null;
  finalStage: Stage | null;
  overrideReason: string | null;
  score: number | null;
  followUpOn: string | null;
  reasons: { criterion: string; status: CriterionStatus }[] | null;
  policy: Policy | null;
  criteria: { criterion: string; status: CriterionStatus; rule: number | null; explain: Text | null }[];
  startedAt: string;
  decidedAt: string | null;
}

interface QualificationRow {
  id: number;
  lead_id: number;
  status: 'draft' | 'done';
  sdr: string;
  framework_id: string;
  framework_version: number;
  notes: string;
  decision: Decision | null;
  final_stage: Stage | null;
  override_reason: string | null;
  score: number | null;
  follow_up_on: string | null;
  reasons: string | null;
  policy: string | null;
  started_at: string;
  decided_at: string | null;
}

export interface DecisionToRecord {
  leadId: number;
  draftId: number | undefined;
  sdr: string;
  framework: { id: string; version: number; policy: Policy };
  answers: Answers;
  notes: Record<string, string>;
  decision: Decision;
  finalStage: Stage;
  overrideReason: string | null;
  score: number;
  followUpOn: string | null;
  reasons: { criterion: string; status: CriterionStatus }[];
  criteria: { criterion: string; status: CriterionStatus; rule: number | null; explain: Text | null }[];
  startedAt: string;
  at: string;
}

export class QualificationRepository {
  /** When the lead last reached mql (its history), for the time-to-decision of the sdr report. */
  reachedMqlAt(leadId: number): string | null {
    return (this.db.prepare("SELECT max(at) AS at FROM stage_history WHERE lead_id = ? AND to_stage = 'mql'").get(leadId) as { at: string | null }).at;
  }

  constructor(private readonly db: Db) {}

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  findDraft(leadId: number, sdr: string): QualificationRecord | undefined {
    const row = this.db.prepare("SELECT * FROM qualifications WHERE lead_id = ? AND sdr = ? AND status = 'draft'").get(leadId, sdr) as QualificationRow | undefined;
    return row ? this.toRecord(row) : undefined;
  }

  startDraft(leadId: number, sdr: string, framework: { id: string; version: number }, at: string): number {
    return Number(
      this.db
        .prepare("INSERT INTO qualifications (lead_id, status, sdr, framework_id, framework_version, started_at) VALUES (?, 'draft', ?, ?, ?, ?)")
        .run(leadId, sdr, framework.id, framework.version, at).lastInsertRowid,
    );
  }

  /** `null`: an optional question asked and left unanswered. */
  saveAnswer(qualificationId: number, questionId: string, value: AnswerValue | null): void {
    this.db
      .prepare('INSERT INTO qualification_answers (qualification_id, question_id, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value')
      .run(qualificationId, questionId, JSON.stringify(value));
  }

  saveNote(qualificationId: number, criterion: string, note: string): void {
    this.db.prepare('UPDATE qualifications SET notes = json_set(notes, ?, ?) WHERE id = ?').run(`$.${criterion}`, note, qualificationId);
  }

  discardDraft(id: number): void {
    this.db.prepare('DELETE FROM qualification_answers WHERE qualification_id = ?').run(id);
    this.db.prepare("DELETE FROM qualifications WHERE id = ? AND status = 'draft'").run(id);
  }

  /** Writes a decided qualification: the draft becomes it, or a new row when there was none. */
  recordDecision(decision: DecisionToRecord): number {
    let id = decision.draftId;
    const values = [
      decision.sdr, decision.framework.id, decision.framework.version, JSON.stringify(decision.notes), decision.decision, decision.finalStage,
      decision.overrideReason, decision.score, decision.followUpOn, JSON.stringify(decision.reasons), JSON.stringify(decision.framework.policy), decision.at,
    ];
    if (id === undefined) {
      id = Number(
        this.db
          .prepare(
            `INSERT INTO qualifications (lead_id, status, sdr, framework_id, framework_version, notes, decision, final_stage, override_reason, score, follow_up_on, reasons, policy, decided_at, started_at, reached_mql_at)
             VALUES (?, 'done', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(decision.leadId, ...values, decision.startedAt, this.reachedMqlAt(decision.leadId)).lastInsertRowid,
      );
    } else {
      this.db
        .prepare(
          `UPDATE qualifications SET status = 'done', sdr = ?, framework_id = ?, framework_version = ?, notes = ?, decision = ?, final_stage = ?,
             override_reason = ?, score = ?, follow_up_on = ?, reasons = ?, policy = ?, decided_at = ?, reached_mql_at = ? WHERE id = ?`,
        )
        .run(...values, this.reachedMqlAt(decision.leadId), id);
      this.db.prepare('DELETE FROM qualification_answers WHERE qualification_id = ?').run(id);
    }
    const answer = this.db.prepare('INSERT INTO qualification_answers (qualification_id, question_id, value) VALUES (?, ?, ?)');
    for (const [questionId, value] of Object.entries(decision.answers)) answer.run(id, questionId, JSON.stringify(value));
    const criterion = this.db.prepare('INSERT INTO qualification_criteria (qualification_id, criterion, status, rule, explain) VALUES (?, ?, ?, ?, ?)');
    for (const result of decision.criteria) criterion.run(id, result.criterion, result.status, result.rule, result.explain ? JSON.stringify(result.explain) : null);
    return id;
  }

  /**
   * Erases the person's words from their qualifications (`leads forget`): drafts go entirely; decided ones
   * keep their decision, statuses and score (the anonymous counts of the reports) but lose their notes, the
   * override's reason and every text answer. Without the framework that asked them, a text answer cannot
   * be told from a select option, so every answer that is a text goes; the reports count statuses, not answers.
   */
  eraseWords(leadId: number): void {
    const drafts = "SELECT id FROM qualifications WHERE lead_id = ? AND status = 'draft'";
    this.db.prepare(`DELETE FROM qualification_answers WHERE qualification_id IN (${drafts})`).run(leadId);
    this.db.prepare(`DELETE FROM qualification_criteria WHERE qualification_id IN (${drafts})`).run(leadId);
    this.db.prepare("DELETE FROM qualifications WHERE lead_id = ? AND status = 'draft'").run(leadId);
    this.db
      .prepare("DELETE FROM qualification_answers WHERE qualification_id IN (SELECT id FROM qualifications WHERE lead_id = ?) AND json_type(value) = 'text'")
      .run(leadId);
    this.db.prepare("UPDATE qualifications SET notes = '{}', override_reason = NULL WHERE lead_id = ?").run(leadId);
  }

  /** Every decided qualification of a lead, oldest first (drafts are work in progress, not attempts). */
  listForLead(leadId: number): QualificationRecord[] {
    const rows = this.db.prepare("SELECT * FROM qualifications WHERE lead_id = ? AND status = 'done' ORDER BY id").all(leadId) as QualificationRow[];
    return rows.map((row) => this.toRecord(row));
  }

  latestForLead(leadId: number): QualificationRecord | undefined {
    return this.listForLead(leadId).at(-1);
  }

  private toRecord(row: QualificationRow): QualificationRecord {
    const answers: Answers = {};
    const skipped: string[] = [];
    for (const answer of this.db.prepare('SELECT question_id, value FROM qualification_answers WHERE qualification_id = ?').all(row.id) as { question_id: string; value: string }[]) {
      const value = JSON.parse(answer.value) as AnswerValue | null;
      if (value === null) skipped.push(answer.question_id);
      else answers[answer.question_id] = value;
    }
    const criteria = (this.db.prepare('SELECT criterion, status, rule, explain FROM qualification_criteria WHERE qualification_id = ?').all(row.id) as {
      criterion: string;
      status: CriterionStatus;
      rule: number | null;
      explain: string | null;
    }[]).map((c) => ({ ...c, explain: c.explain ? (JSON.parse(c.explain) as Text) : null }));
    return {
      id: row.id,
      leadId: row.lead_id,
      status: row.status,
      sdr: row.sdr,
      frameworkId: row.framework_id,
      frameworkVersion: row.framework_version,
      answers,
      skipped,
      notes: JSON.parse(row.notes) as Record<string, string>,
      decision: row.decision,
      finalStage: row.final_stage,
      overrideReason: row.override_reason,
      score: row.score,
      followUpOn: row.follow_up_on,
      reasons: row.reasons ? (JSON.parse(row.reasons) as QualificationRecord['reasons']) : null,
      policy: row.policy ? (JSON.parse(row.policy) as Policy) : null,
      criteria,
      startedAt: row.started_at,
      decidedAt: row.decided_at,
    };
  }
}
