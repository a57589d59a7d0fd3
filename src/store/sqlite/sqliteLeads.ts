// Leads and their stage history in SQLite.

import { BantError, invalidInput } from '../../domain/errors.js';
import { foldText } from '../../domain/foldText.js';
import { displayName, LEAD_FIELDS, nameKey, type CustomFields, type Lead, type LeadFields, type LeadRef } from '../../domain/lead.js';
import type { CreationPlan, StageChange, StageChangePlan, StageDaysDelta } from '../../domain/planStageChange.js';
import type { Claim } from '../../domain/qualification.js';
import { leadRowToLead, stageHistoryRowToStageChange, type LeadRow, type StageHistoryRow } from '../rows.js';
import type { LeadFilter, LeadReads, LeadWrites, NewLead, QueuedLead } from '../store.js';
import type { Db } from './openSqliteDatabase.js';

const FIELD_COLUMNS = LEAD_FIELDS.map((field) => field.name);
const ITERATE_BATCH = 1000;

export class SqliteLeads implements LeadReads, LeadWrites {
  private readonly stageDaysStatement;
  private readonly historyStatement;

  constructor(private readonly db: Db) {
    this.stageDaysStatement = db.prepare('INSERT INTO stage_days (stage, day, count) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count');
    this.historyStatement = db.prepare('INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  async get(id: number): Promise<Lead | undefined> {
    const row = this.db.prepare('SELECT * FROM leads WHERE id = ?').get(id) as LeadRow | undefined;
    return row ? leadRowToLead(row) : undefined;
  }

  async getForUpdate(id: number): Promise<Lead | undefined> {
    return this.get(id); // the write transaction (BEGIN IMMEDIATE) already keeps every other writer out
  }

  async find(ref: LeadRef): Promise<Lead | undefined> {
    let row: LeadRow | undefined;
    if (ref.kind === 'id') {
      row = (this.db.prepare('SELECT * FROM leads WHERE id = ?').get(ref.id) ?? this.db.prepare('SELECT * FROM leads WHERE external_id = ?').get(ref.text)) as
        | LeadRow
        | undefined;
    } else if (ref.kind === 'email') {
      row = this.db.prepare('SELECT * FROM leads WHERE email = ?').get(ref.email) as LeadRow | undefined;
    } else {
      row = this.db.prepare('SELECT * FROM leads WHERE external_id = ?').get(ref.externalId) as LeadRow | undefined;
    }
    return row ? leadRowToLead(row) : undefined;
  }

  async list(filter: LeadFilter): Promise<{ leads: Lead[]; more: boolean }> {
    const { whereSql, params } = whereClause(filter);
    const sort = filter.sort ?? { field: 'id', descending: false };
    const direction = sort.descending ? 'DESC' : 'ASC';
    // NULLs last whichever the direction (a list sorted by score shows scored leads first). Sorting by id
    // alone lets SQLite walk the table in order instead of sorting it: that is what keeps the default fast.
    const orderSql = sort.field === 'id' ? `id ${direction}` : `${sort.field} IS NULL, ${sort.field} ${direction}, id ${direction}`;
    const limit = filter.limit === undefined ? -1 : filter.limit + 1;
    const rows = this.db.prepare(`SELECT * FROM leads WHERE ${whereSql} ORDER BY ${orderSql} LIMIT ? OFFSET ?`).all(...params, limit, filter.offset ?? 0) as LeadRow[];
    const more = filter.limit !== undefined && rows.length > filter.limit;
    return { leads: (more ? rows.slice(0, filter.limit) : rows).map(leadRowToLead), more };
  }

  async *iterate(filter: LeadFilter): AsyncIterable<Lead> {
    // Pages by id rather than one open statement: the caller awaits between leads (writing a file), and a
    // statement left open across awaits would block every other use of the connection.
    const { whereSql, params } = whereClause(filter);
    const statement = this.db.prepare(`SELECT * FROM leads WHERE ${whereSql} AND id > ? ORDER BY id LIMIT ${ITERATE_BATCH}`);
    let after = 0;
    for (;;) {
      const rows = statement.all(...params, after) as LeadRow[];
      for (const row of rows) yield leadRowToLead(row);
      if (rows.length < ITERATE_BATCH) return;
      after = rows.at(-1)!.id;
    }
  }

  async customFieldNames(filter: LeadFilter): Promise<string[]> {
    const { whereSql, params } = whereClause(filter);
    const rows = this.db
      .prepare(`SELECT key FROM leads, json_each(leads.custom) WHERE ${whereSql} GROUP BY key ORDER BY min(leads.id), min(json_each.id)`)
      .all(...params) as { key: string }[];
    return rows.map((row) => row.key);
  }

  async history(leadId: number): Promise<StageChange[]> {
    const rows = this.db.prepare('SELECT * FROM stage_history WHERE lead_id = ? ORDER BY id').all(leadId) as StageHistoryRow[];
    return rows.map(stageHistoryRowToStageChange);
  }

  /** A scan of the table (no index on stage: every index slows each imported row). */
  async qualificationQueue(today: string, now: string, limit: number): Promise<QueuedLead[]> {
    const rows = this.db
      .prepare(
        `SELECT l.*, c.sdr AS claim_sdr, c.claimed_at AS claim_claimed_at, c.expires_at AS claim_expires_at
         FROM leads l LEFT JOIN claims c ON c.lead_id = l.id AND c.expires_at > ?
         WHERE l.forgotten_at IS NULL AND (l.stage = 'mql' OR (l.stage = 'nurturing' AND (l.follow_up_on <= ? OR l.reengaged_at IS NOT NULL)))
         ORDER BY l.score IS NULL, l.score DESC, l.created_at, l.id LIMIT ?`,
      )
      .all(now, today, limit) as (LeadRow & { claim_sdr: string | null; claim_claimed_at: string; claim_expires_at: string })[];
    return rows.map((row) => ({ lead: leadRowToLead(row), claim: queuedClaim(row) }));
  }

  async nurturing(dueBy?: string): Promise<Lead[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM leads WHERE forgotten_at IS NULL AND stage = 'nurturing' ${dueBy ? 'AND follow_up_on <= ?' : ''}
         ORDER BY follow_up_on IS NULL, follow_up_on, id`,
      )
      .all(...(dueBy ? [dueBy] : [])) as LeadRow[];
    return rows.map(leadRowToLead);
  }

  async create(lead: NewLead, plan: CreationPlan): Promise<Lead> {
    const values: Record<string, unknown> = {};
    for (const field of LEAD_FIELDS) values[field.name] = lead.fields[field.prop] ?? null;
    let id: number;
    try {
      ({ id } = this.db
        .prepare(
          `INSERT INTO leads (${FIELD_COLUMNS.join(', ')}, name_key, stage, reached_rank, follow_up_on, custom, created_at, updated_at, stage_changed_at)
           VALUES (${FIELD_COLUMNS.map((c) => `@${c}`).join(', ')}, @name_key, @stage, @reached_rank, @follow_up_on, @custom, @at, @at, @at)
           RETURNING id`,
        )
        .get({ ...values, name_key: nameKey(lead.fields), stage: plan.stage, reached_rank: plan.reachedRank, follow_up_on: plan.followUpOn, custom: JSON.stringify(lead.custom), at: plan.at }) as {
        id: number;
      });
    } catch (error) {
      throw this.uniqueViolation(error, lead.fields);
    }
    this.historyStatement.run(id, null, plan.stage, plan.at, plan.by, plan.reason, plan.cause);
    this.adjustStageDays(plan.stageDays);
    return (await this.get(id))!;
  }

  async update(id: number, fields: Partial<LeadFields>, custom: CustomFields, at: string): Promise<Lead> {
    // The name key follows the lead: an edit that gives it an email drops it, one that removes the last
    // email or external id gives it one (and is refused if another lead already has that name).
    const merged = { ...(await this.get(id))!, ...fields };
    const sets: string[] = ['name_key = @name_key'];
    const params: Record<string, unknown> = { id, at, custom: JSON.stringify(custom), name_key: nameKey(merged) };
    for (const field of LEAD_FIELDS) {
      if (!(field.prop in fields)) continue;
      sets.push(`${field.name} = @${field.name}`);
      params[field.name] = fields[field.prop] ?? null;
    }
    try {
      this.db.prepare(`UPDATE leads SET ${[...sets, 'custom = @custom', 'updated_at = @at'].join(', ')} WHERE id = @id`).run(params);
    } catch (error) {
      throw this.uniqueViolation(error, merged);
    }
    return (await this.get(id))!;
  }

  async assignOwner(ids: number[], owner: string, at: string): Promise<void> {
    const statement = this.db.prepare('UPDATE leads SET owner = ?, updated_at = ? WHERE id = ?');
    for (const id of ids) statement.run(owner, at, id);
  }

  async applyStageChange(plan: StageChangePlan): Promise<Lead> {
    const moved = this.db
      .prepare(
        `UPDATE leads SET stage = ?, reached_rank = max(reached_rank, ?), follow_up_on = ?, stage_changed_at = ?, updated_at = ?, reengaged_at = NULL
         WHERE id = ? AND stage = ? AND stage_changed_at = ?`,
      )
      .run(plan.to, plan.reachedRank, plan.followUpOn, plan.at, plan.at, plan.leadId, plan.from, plan.fromSince);
    if (moved.changes === 0) throw this.moved(plan.leadId);
    this.historyStatement.run(plan.leadId, plan.from, plan.to, plan.at, plan.by, plan.reason, plan.cause);
    this.adjustStageDays(plan.stageDays);
    return (await this.get(plan.leadId))!;
  }

  async setQualificationResult(id: number, followUpOn: string | null, at: string): Promise<void> {
    this.db.prepare('UPDATE leads SET follow_up_on = ?, reengaged_at = NULL, updated_at = ? WHERE id = ?').run(followUpOn, at, id);
  }

  /**
   * Erases the person (GDPR/RGPD article 17): every field that describes them, the free-text reasons of their
   * history and the properties of their activities. What stays is anonymous: the stage, the dates, the owner
   * and source, the moves, and what kind of thing they did when.
   */
  async forget(id: number, at: string): Promise<void> {
    const erased = LEAD_FIELDS.filter((field) => field.name !== 'owner' && field.name !== 'source')
      .map((field) => `${field.name} = NULL`)
      .join(', ');
    // Forgetting again (to erase copies another process kept from being erased) keeps the first date.
    this.db
      .prepare(`UPDATE leads SET ${erased}, name_key = NULL, custom = '{}', follow_up_on = NULL, forgotten_at = coalesce(forgotten_at, ?), updated_at = ? WHERE id = ?`)
      .run(at, at, id);
    this.db.prepare('UPDATE stage_history SET reason = NULL WHERE lead_id = ? AND reason IS NOT NULL').run(id);
    this.db.prepare("UPDATE activities SET properties = '{}' WHERE lead_id = ? AND properties <> '{}'").run(id);
  }

  private adjustStageDays(deltas: readonly StageDaysDelta[]): void {
    for (const { stage, day, delta } of deltas) this.stageDaysStatement.run(stage, day, delta);
  }

  private moved(id: number): BantError {
    const now = this.db.prepare('SELECT stage FROM leads WHERE id = ?').get(id) as { stage: string } | undefined;
    return invalidInput('lead.moved', { id, stage: now?.stage ?? '?' });
  }

  private uniqueViolation(error: unknown, fields: Partial<LeadFields>): unknown {
    const { code, message } = error as { code?: string; message?: string };
    if (code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
    const idOf = (column: string, value: unknown) => (this.db.prepare(`SELECT id FROM leads WHERE ${column} = ?`).get(value) as { id: number } | undefined)?.id ?? '?';
    if (message?.includes('leads.name_key')) {
      const row = this.db.prepare('SELECT * FROM leads WHERE name_key = ?').get(nameKey(fields)) as LeadRow | undefined;
      return invalidInput('lead.duplicateName', { name: row ? displayName(leadRowToLead(row)) : '', id: row?.id ?? '?' });
    }
    if (message?.includes('leads.email')) return invalidInput('lead.duplicateEmail', { email: fields.email ?? '', id: idOf('email', fields.email) });
    return invalidInput('lead.duplicateExternalId', { externalId: fields.externalId ?? '', id: idOf('external_id', fields.externalId) });
  }
}

function queuedClaim(row: { id: number; claim_sdr: string | null; claim_claimed_at: string; claim_expires_at: string }): Claim | null {
  return row.claim_sdr === null ? null : { leadId: row.id, sdr: row.claim_sdr, claimedAt: row.claim_claimed_at, expiresAt: row.claim_expires_at };
}

function whereClause(filter: LeadFilter): { whereSql: string; params: unknown[] } {
  const where: string[] = ['forgotten_at IS NULL'];
  const params: unknown[] = [];
  if (filter.stages?.length) {
    where.push(`stage IN (${filter.stages.map(() => '?').join(', ')})`);
    params.push(...filter.stages);
  }
  if (filter.owner !== undefined) {
    where.push('owner = ? COLLATE NOCASE');
    params.push(filter.owner);
  }
  if (filter.source !== undefined) {
    where.push('source = ? COLLATE NOCASE');
    params.push(filter.source);
  }
  if (filter.search) {
    where.push(`bant_fold(concat_ws(' ', first_name, last_name, email, company, title, external_id)) LIKE ? ESCAPE '\\'`);
    params.push(`%${foldText(filter.search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { whereSql: where.join(' AND '), params };
}
