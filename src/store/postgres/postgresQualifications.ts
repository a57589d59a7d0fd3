// Qualifications in PostgreSQL: drafts saved answer by answer, decisions, and the claims of a shared queue.

import type { Claim, DecisionToRecord, DraftAnswer, FrameworkStamp, QualificationRecord } from '../../domain/qualification.js';
import { claimRowToClaim, groupLatest, qualificationRowToRecord, type AnswerRow, type ClaimRow, type CriterionRow, type QualificationRow } from '../rows.js';
import type { QualificationReads, QualificationWrites } from '../store.js';
import type { PgConnection } from './PostgresStore.js';

/**
 * Hours from the lead reaching mql ($14) to the decision ($13), kept with the decision for the sdr report; the
 * schema step 'what the reports read' computed them alike for older decisions. Exact seconds (extract gives
 * a numeric), then hours as a float.
 */
const HOURS_TO_DECISION = '(extract(epoch FROM $13::text::timestamptz) - extract(epoch FROM $14::text::timestamptz))::float8 / 3600';

export class PostgresQualifications implements QualificationReads, QualificationWrites {
  constructor(private readonly pg: PgConnection) {}

  async findDraft(leadId: number, sdr: string): Promise<QualificationRecord | undefined> {
    const [row] = await this.pg.query<QualificationRow>("SELECT * FROM qualifications WHERE lead_id = $1 AND sdr = $2 AND status = 'draft'", [leadId, sdr]);
    return row ? this.toRecord(row) : undefined;
  }

  async listForLead(leadId: number): Promise<QualificationRecord[]> {
    const rows = await this.pg.query<QualificationRow>("SELECT * FROM qualifications WHERE lead_id = $1 AND status = 'done' ORDER BY id", [leadId]);
    // One after the other: a connection runs one query at a time (node-postgres deprecates queueing them).
    const records: QualificationRecord[] = [];
    for (const row of rows) records.push(await this.toRecord(row));
    return records;
  }

  async latestForLeads(leadIds: readonly number[]): Promise<Map<number, QualificationRecord>> {
    const latest = "SELECT max(id) FROM qualifications WHERE status = 'done' AND lead_id = ANY($1::integer[]) GROUP BY lead_id";
    const ids = [[...leadIds]];
    const rows = await this.pg.query<QualificationRow>(`SELECT * FROM qualifications WHERE id IN (${latest})`, ids);
    const answers = await this.pg.query<AnswerRow & { qualification_id: number }>(
      `SELECT qualification_id, question_id, value FROM qualification_answers WHERE qualification_id IN (${latest}) ORDER BY question_id`,
      ids,
    );
    const criteria = await this.pg.query<CriterionRow & { qualification_id: number }>(
      `SELECT qualification_id, criterion, status, rule, explain FROM qualification_criteria WHERE qualification_id IN (${latest}) ORDER BY criterion`,
      ids,
    );
    return groupLatest(rows, answers, criteria);
  }

  async claimOf(leadId: number, now: string): Promise<Claim | undefined> {
    const [row] = await this.pg.query<ClaimRow>('SELECT * FROM claims WHERE lead_id = $1 AND expires_at > $2', [leadId, now]);
    return row ? claimRowToClaim(row) : undefined;
  }

  async startDraft(leadId: number, sdr: string, framework: FrameworkStamp, at: string): Promise<number> {
    const [row] = await this.pg.query<{ id: number }>(
      "INSERT INTO qualifications (lead_id, status, sdr, framework_id, framework_version, framework_hash, started_at) VALUES ($1, 'draft', $2, $3, $4, $5, $6) RETURNING id",
      [leadId, sdr, framework.id, framework.version, framework.hash, at],
    );
    return row!.id;
  }

  async saveAnswer(qualificationId: number, questionId: string, value: DraftAnswer): Promise<void> {
    await this.pg.run(
      `INSERT INTO qualification_answers (qualification_id, question_id, value) VALUES ($1, $2, $3)
       ON CONFLICT (qualification_id, question_id) DO UPDATE SET value = excluded.value`,
      [qualificationId, questionId, JSON.stringify(value)],
    );
  }

  async saveNote(qualificationId: number, criterion: string, note: string): Promise<void> {
    const [row] = await this.pg.query<{ notes: string }>('SELECT notes FROM qualifications WHERE id = $1 FOR UPDATE', [qualificationId]);
    const notes = { ...(JSON.parse(row!.notes) as Record<string, string>), [criterion]: note };
    await this.pg.run('UPDATE qualifications SET notes = $1 WHERE id = $2', [JSON.stringify(notes), qualificationId]);
  }

  async discardDraft(qualificationId: number): Promise<void> {
    await this.pg.run('DELETE FROM qualification_answers WHERE qualification_id = $1', [qualificationId]);
    await this.pg.run("DELETE FROM qualifications WHERE id = $1 AND status = 'draft'", [qualificationId]);
  }

  async recordDecision(decision: DecisionToRecord): Promise<number> {
    const [{ at: reachedMqlAt }] = (await this.pg.query<{ at: string | null }>("SELECT max(at) AS at FROM stage_history WHERE lead_id = $1 AND to_stage = 'mql'", [
      decision.leadId,
    ])) as [{ at: string | null }];
    const values = [
      decision.sdr, decision.framework.id, decision.framework.version, decision.framework.hash, JSON.stringify(decision.notes), decision.decision, decision.finalStage,
      decision.overrideReason, decision.score, decision.followUpOn, JSON.stringify(decision.reasons), JSON.stringify(decision.framework.policy), decision.at,
      reachedMqlAt,
    ];
    let id = decision.draftId;
    if (id === undefined) {
      const [row] = await this.pg.query<{ id: number }>(
        `INSERT INTO qualifications (sdr, framework_id, framework_version, framework_hash, notes, decision, final_stage, override_reason, score, follow_up_on, reasons, policy, decided_at, reached_mql_at, hours_to_decision, lead_id, status, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, ${HOURS_TO_DECISION}, $15, 'done', $16) RETURNING id`,
        [...values, decision.leadId, decision.startedAt],
      );
      id = row!.id;
    } else {
      await this.pg.run(
        `UPDATE qualifications SET sdr = $1, framework_id = $2, framework_version = $3, framework_hash = $4, notes = $5, decision = $6, final_stage = $7,
           override_reason = $8, score = $9, follow_up_on = $10, reasons = $11, policy = $12, decided_at = $13, reached_mql_at = $14,
           hours_to_decision = ${HOURS_TO_DECISION}, status = 'done' WHERE id = $15`,
        [...values, id],
      );
      await this.pg.run('DELETE FROM qualification_answers WHERE qualification_id = $1', [id]);
    }
    const answers = Object.entries(decision.answers);
    if (answers.length) {
      await this.pg.run('INSERT INTO qualification_answers (qualification_id, question_id, value) SELECT $1, * FROM unnest($2::text[], $3::text[])', [
        id,
        answers.map(([questionId]) => questionId),
        answers.map(([, value]) => JSON.stringify(value)),
      ]);
    }
    await this.pg.run(
      'INSERT INTO qualification_criteria (qualification_id, criterion, status, rule, explain) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[])',
      [
        id,
        decision.criteria.map((c) => c.criterion),
        decision.criteria.map((c) => c.status),
        decision.criteria.map((c) => c.rule),
        decision.criteria.map((c) => (c.explain ? JSON.stringify(c.explain) : null)),
      ],
    );
    // The gaps report reads these counts, not the criteria: rows upserted in key order, so that two SDRs
    // deciding at once wait for each other rather than deadlock.
    await this.pg.run(
      `INSERT INTO criterion_days (framework_id, day, criterion, status, nurturing, count)
       SELECT $1, $2, criterion, status, $3, count(*) FROM unnest($4::text[], $5::text[]) AS c(criterion, status) GROUP BY 3, 4 ORDER BY 3, 4
       ON CONFLICT (framework_id, day, criterion, status, nurturing) DO UPDATE SET count = criterion_days.count + excluded.count`,
      [decision.framework.id, decision.at.slice(0, 10), decision.finalStage === 'nurturing' ? 1 : 0, decision.criteria.map((c) => c.criterion), decision.criteria.map((c) => c.status)],
    );
    return id;
  }

  async claim(claim: Claim, now: string): Promise<Claim> {
    await this.pg.run(
      `INSERT INTO claims (lead_id, sdr, claimed_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (lead_id) DO UPDATE SET sdr = excluded.sdr, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
       WHERE claims.sdr = excluded.sdr OR claims.expires_at <= $5`,
      [claim.leadId, claim.sdr, claim.claimedAt, claim.expiresAt, now],
    );
    const [row] = await this.pg.query<ClaimRow>('SELECT * FROM claims WHERE lead_id = $1', [claim.leadId]);
    return claimRowToClaim(row!);
  }

  async release(leadId: number, sdr: string): Promise<void> {
    await this.pg.run('DELETE FROM claims WHERE lead_id = $1 AND sdr = $2', [leadId, sdr]);
  }

  async eraseWords(leadId: number): Promise<void> {
    const drafts = "SELECT id FROM qualifications WHERE lead_id = $1 AND status = 'draft'";
    await this.pg.run(`DELETE FROM qualification_answers WHERE qualification_id IN (${drafts})`, [leadId]);
    await this.pg.run(`DELETE FROM qualification_criteria WHERE qualification_id IN (${drafts})`, [leadId]);
    await this.pg.run("DELETE FROM qualifications WHERE lead_id = $1 AND status = 'draft'", [leadId]);
    // Every answer that is a text goes (see the SQLite engine: a text cannot be told from a select option).
    await this.pg.run(
      "DELETE FROM qualification_answers WHERE qualification_id IN (SELECT id FROM qualifications WHERE lead_id = $1) AND json_typeof(value::json) = 'string'",
      [leadId],
    );
    await this.pg.run("UPDATE qualifications SET notes = '{}', override_reason = NULL WHERE lead_id = $1", [leadId]);
  }

  private async toRecord(row: QualificationRow): Promise<QualificationRecord> {
    const answers = await this.pg.query<AnswerRow>('SELECT question_id, value FROM qualification_answers WHERE qualification_id = $1 ORDER BY question_id', [row.id]);
    const criteria = await this.pg.query<CriterionRow>(
      'SELECT criterion, status, rule, explain FROM qualification_criteria WHERE qualification_id = $1 ORDER BY criterion',
      [row.id],
    );
    return qualificationRowToRecord(row, answers, criteria);
  }
}
