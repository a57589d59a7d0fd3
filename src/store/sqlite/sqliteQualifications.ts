// Qualifications in SQLite: drafts saved answer by answer, decisions, and the claims of a shared queue.

import type { Claim, DecisionToRecord, DraftAnswer, FrameworkStamp, QualificationRecord } from '../../domain/qualification.js';
import { claimRowToClaim, groupLatest, qualificationRowToRecord, type AnswerRow, type ClaimRow, type CriterionRow, type QualificationRow } from '../rows.js';
import type { QualificationReads, QualificationWrites } from '../store.js';
import type { Db } from './openSqliteDatabase.js';

/**
 * Hours from the lead reaching mql to the decision (parameters: the decision's time, then mql's), kept with
 * the decision for the sdr report; the schema step 'what the reports read' computed them alike for older
 * decisions. A julian day is a float that loses the last fraction of a millisecond (48.25 h came out
 * 48.2499…, then 48.2 once rounded): rounded to the millisecond, it is exact, and the same as PostgreSQL's.
 */
const HOURS_TO_DECISION = 'round((julianday(?) - julianday(?)) * 86400000) / 3600000.0';

export class SqliteQualifications implements QualificationReads, QualificationWrites {
  constructor(private readonly db: Db) {}

  async findDraft(leadId: number, sdr: string): Promise<QualificationRecord | undefined> {
    const row = this.db.prepare("SELECT * FROM qualifications WHERE lead_id = ? AND sdr = ? AND status = 'draft'").get(leadId, sdr) as QualificationRow | undefined;
    return row ? this.toRecord(row) : undefined;
  }

  async listForLead(leadId: number): Promise<QualificationRecord[]> {
    const rows = this.db.prepare("SELECT * FROM qualifications WHERE lead_id = ? AND status = 'done' ORDER BY id").all(leadId) as QualificationRow[];
    return rows.map((row) => this.toRecord(row));
  }

  async latestForLeads(leadIds: readonly number[]): Promise<Map<number, QualificationRecord>> {
    const ids = JSON.stringify(leadIds);
    const latest = "SELECT max(id) FROM qualifications WHERE status = 'done' AND lead_id IN (SELECT value FROM json_each(?)) GROUP BY lead_id";
    const rows = this.db.prepare(`SELECT * FROM qualifications WHERE id IN (${latest})`).all(ids) as QualificationRow[];
    const answers = this.db.prepare(`SELECT qualification_id, question_id, value FROM qualification_answers WHERE qualification_id IN (${latest}) ORDER BY question_id`).all(ids) as (AnswerRow & { qualification_id: number })[];
    const criteria = this.db
      .prepare(`SELECT qualification_id, criterion, status, rule, explain FROM qualification_criteria WHERE qualification_id IN (${latest}) ORDER BY criterion`)
      .all(ids) as (CriterionRow & { qualification_id: number })[];
    return groupLatest(rows, answers, criteria);
  }

  async claimOf(leadId: number, now: string): Promise<Claim | undefined> {
    const row = this.db.prepare('SELECT * FROM claims WHERE lead_id = ? AND expires_at > ?').get(leadId, now) as ClaimRow | undefined;
    return row ? claimRowToClaim(row) : undefined;
  }

  async startDraft(leadId: number, sdr: string, framework: FrameworkStamp, at: string): Promise<number> {
    return Number(
      this.db
        .prepare("INSERT INTO qualifications (lead_id, status, sdr, framework_id, framework_version, framework_hash, started_at) VALUES (?, 'draft', ?, ?, ?, ?, ?)")
        .run(leadId, sdr, framework.id, framework.version, framework.hash, at).lastInsertRowid,
    );
  }

  async saveAnswer(qualificationId: number, questionId: string, value: DraftAnswer): Promise<void> {
    this.db
      .prepare('INSERT INTO qualification_answers (qualification_id, question_id, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value')
      .run(qualificationId, questionId, JSON.stringify(value));
  }

  async saveNote(qualificationId: number, criterion: string, note: string): Promise<void> {
    const row = this.db.prepare('SELECT notes FROM qualifications WHERE id = ?').get(qualificationId) as { notes: string };
    const notes = { ...(JSON.parse(row.notes) as Record<string, string>), [criterion]: note };
    this.db.prepare('UPDATE qualifications SET notes = ? WHERE id = ?').run(JSON.stringify(notes), qualificationId);
  }

  async discardDraft(qualificationId: number): Promise<void> {
    this.db.prepare('DELETE FROM qualification_answers WHERE qualification_id = ?').run(qualificationId);
    this.db.prepare("DELETE FROM qualifications WHERE id = ? AND status = 'draft'").run(qualificationId);
  }

  async recordDecision(decision: DecisionToRecord): Promise<number> {
    // When the lead last reached mql (its history): the time to decision of the sdr report runs from there.
    const { at: reachedMqlAt } = this.db.prepare("SELECT max(at) AS at FROM stage_history WHERE lead_id = ? AND to_stage = 'mql'").get(decision.leadId) as {
      at: string | null;
    };
    const values = [
      decision.sdr, decision.framework.id, decision.framework.version, decision.framework.hash, JSON.stringify(decision.notes), decision.decision, decision.finalStage,
      decision.overrideReason, decision.score, decision.followUpOn, JSON.stringify(decision.reasons), JSON.stringify(decision.framework.policy), decision.at,
      reachedMqlAt,
    ];
    let id = decision.draftId;
    if (id === undefined) {
      id = Number(
        this.db
          .prepare(
            `INSERT INTO qualifications (sdr, framework_id, framework_version, framework_hash, notes, decision, final_stage, override_reason, score, follow_up_on, reasons, policy, decided_at, reached_mql_at, hours_to_decision, lead_id, status, started_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${HOURS_TO_DECISION}, ?, 'done', ?)`,
          )
          .run(...values, decision.at, reachedMqlAt, decision.leadId, decision.startedAt).lastInsertRowid,
      );
    } else {
      this.db
        .prepare(
          `UPDATE qualifications SET sdr = ?, framework_id = ?, framework_version = ?, framework_hash = ?, notes = ?, decision = ?, final_stage = ?, override_reason = ?,
             score = ?, follow_up_on = ?, reasons = ?, policy = ?, decided_at = ?, reached_mql_at = ?, hours_to_decision = ${HOURS_TO_DECISION}, status = 'done'
           WHERE id = ?`,
        )
        .run(...values, decision.at, reachedMqlAt, id);
      this.db.prepare('DELETE FROM qualification_answers WHERE qualification_id = ?').run(id);
    }
    const answer = this.db.prepare('INSERT INTO qualification_answers (qualification_id, question_id, value) VALUES (?, ?, ?)');
    for (const [questionId, value] of Object.entries(decision.answers)) answer.run(id, questionId, JSON.stringify(value));
    const criterion = this.db.prepare('INSERT INTO qualification_criteria (qualification_id, criterion, status, rule, explain) VALUES (?, ?, ?, ?, ?)');
    for (const result of decision.criteria) criterion.run(id, result.criterion, result.status, result.rule, result.explain ? JSON.stringify(result.explain) : null);
    // The gaps report reads these counts, not the criteria.
    const counted = this.db.prepare(
      `INSERT INTO criterion_days (framework_id, day, criterion, status, nurturing, count) VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT DO UPDATE SET count = count + 1`,
    );
    for (const result of decision.criteria) {
      counted.run(decision.framework.id, decision.at.slice(0, 10), result.criterion, result.status, decision.finalStage === 'nurturing' ? 1 : 0);
    }
    return id;
  }

  async claim(claim: Claim, now: string): Promise<Claim> {
    this.db
      .prepare(
        `INSERT INTO claims (lead_id, sdr, claimed_at, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (lead_id) DO UPDATE SET sdr = excluded.sdr, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
         WHERE claims.sdr = excluded.sdr OR claims.expires_at <= ?`,
      )
      .run(claim.leadId, claim.sdr, claim.claimedAt, claim.expiresAt, now);
    return claimRowToClaim(this.db.prepare('SELECT * FROM claims WHERE lead_id = ?').get(claim.leadId) as ClaimRow);
  }

  async release(leadId: number, sdr: string): Promise<void> {
    this.db.prepare('DELETE FROM claims WHERE lead_id = ? AND sdr = ?').run(leadId, sdr);
  }

  async eraseWords(leadId: number): Promise<void> {
    const drafts = "SELECT id FROM qualifications WHERE lead_id = ? AND status = 'draft'";
    this.db.prepare(`DELETE FROM qualification_answers WHERE qualification_id IN (${drafts})`).run(leadId);
    this.db.prepare(`DELETE FROM qualification_criteria WHERE qualification_id IN (${drafts})`).run(leadId);
    this.db.prepare("DELETE FROM qualifications WHERE lead_id = ? AND status = 'draft'").run(leadId);
    // Without the framework that asked them, a text answer cannot be told from a select option: every
    // answer that is a text goes (the reports count statuses, not answers).
    this.db
      .prepare("DELETE FROM qualification_answers WHERE qualification_id IN (SELECT id FROM qualifications WHERE lead_id = ?) AND json_type(value) = 'text'")
      .run(leadId);
    this.db.prepare("UPDATE qualifications SET notes = '{}', override_reason = NULL WHERE lead_id = ?").run(leadId);
  }

  private toRecord(row: QualificationRow): QualificationRecord {
    const answers = this.db.prepare('SELECT question_id, value FROM qualification_answers WHERE qualification_id = ? ORDER BY question_id').all(row.id) as AnswerRow[];
    const criteria = this.db.prepare('SELECT criterion, status, rule, explain FROM qualification_criteria WHERE qualification_id = ? ORDER BY criterion').all(row.id) as CriterionRow[];
    return qualificationRowToRecord(row, answers, criteria);
  }
}
