// Leads and their stage history in PostgreSQL.

import { invalidInput } from '../../domain/errors.js';
import { foldText } from '../../domain/foldText.js';
import { displayName, LEAD_FIELDS, nameKey, type CustomFields, type Lead, type LeadFields, type LeadRef } from '../../domain/lead.js';
import type { CreationPlan, StageChange, StageChangePlan, StageDaysDelta } from '../../domain/planStageChange.js';
import { leadRowToLead, stageHistoryRowToStageChange, type LeadRow, type StageHistoryRow } from '../rows.js';
import type { LeadFilter, LeadReads, LeadWrites, NewLead, QueuedLead } from '../store.js';
import type { PgConnection } from './PostgresStore.js';

const FIELD_COLUMNS = LEAD_FIELDS.map((field) => field.name);
const ITERATE_BATCH = 1000;

/** Numbered parameters ($1, $2…) for SQL built piece by piece. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export class PostgresLeads implements LeadReads, LeadWrites {
  constructor(private readonly pg: PgConnection) {}

  async get(id: number): Promise<Lead | undefined> {
    const [row] = await this.pg.query<LeadRow>('SELECT * FROM leads WHERE id = $1', [id]);
    return row ? leadRowToLead(row) : undefined;
  }

  async getForUpdate(id: number): Promise<Lead | undefined> {
    // The lock the later UPDATE of this lead needs, taken first: an import holds the leads table for its whole
    // transaction, and may update this very lead. Waiting for it here queues this writer behind the import;
    // locking the row first and the table later made each wait for the other (a deadlock).
    await this.pg.run('LOCK TABLE leads IN ROW EXCLUSIVE MODE');
    const [row] = await this.pg.query<LeadRow>('SELECT * FROM leads WHERE id = $1 FOR UPDATE', [id]);
    return row ? leadRowToLead(row) : undefined;
  }

  async find(ref: LeadRef): Promise<Lead | undefined> {
    let rows: LeadRow[];
    if (ref.kind === 'id') {
      // An id beyond PostgreSQL's integer is not an id: it can only be an external id.
      rows = ref.id <= 2_147_483_647 ? await this.pg.query<LeadRow>('SELECT * FROM leads WHERE id = $1', [ref.id]) : [];
      if (!rows.length) rows = await this.pg.query<LeadRow>('SELECT * FROM leads WHERE external_id = $1', [ref.text]);
    } else if (ref.kind === 'email') {
      rows = await this.pg.query<LeadRow>('SELECT * FROM leads WHERE email = $1', [ref.email]);
    } else {
      rows = await this.pg.query<LeadRow>('SELECT * FROM leads WHERE external_id = $1', [ref.externalId]);
    }
    return rows[0] ? leadRowToLead(rows[0]) : undefined;
  }

  async list(filter: LeadFilter): Promise<{ leads: Lead[]; more: boolean }> {
    const params = new Params();
    const where = whereClause(filter, params);
    const sort = filter.sort ?? { field: 'id', descending: false };
    const direction = sort.descending ? 'DESC' : 'ASC';
    // NULLs last whichever the direction, as on SQLite (texts compare by code point: the schema says so).
    const orderSql = sort.field === 'id' ? `id ${direction}` : `${sort.field} ${direction} NULLS LAST, id ${direction}`;
    const limit = filter.limit === undefined ? 'ALL' : params.add(filter.limit + 1);
    const rows = await this.pg.query<LeadRow>(`SELECT * FROM leads WHERE ${where} ORDER BY ${orderSql} LIMIT ${limit} OFFSET ${params.add(filter.offset ?? 0)}`, params.values);
    const more = filter.limit !== undefined && rows.length > filter.limit;
    return { leads: (more ? rows.slice(0, filter.limit) : rows).map(leadRowToLead), more };
  }

  async *iterate(filter: LeadFilter): AsyncIterable<Lead> {
    let after = 0;
    for (;;) {
      const params = new Params();
      const where = whereClause(filter, params);
      const rows = await this.pg.query<LeadRow>(`SELECT * FROM leads WHERE ${where} AND id > ${params.add(after)} ORDER BY id LIMIT ${ITERATE_BATCH}`, params.values);
      for (const row of rows) yield leadRowToLead(row);
      if (rows.length < ITERATE_BATCH) return;
      after = rows.at(-1)!.id;
    }
  }

  async customFieldNames(filter: LeadFilter): Promise<string[]> {
    const params = new Params();
    const where = whereClause(filter, params);
    const rows = await this.pg.query<{ key: string }>(
      `SELECT f.key FROM leads CROSS JOIN LATERAL json_each_text(leads.custom::json) WITH ORDINALITY AS f(key, value, position)
       WHERE ${where} GROUP BY f.key ORDER BY min(leads.id), min(f.position)`,
      params.values,
    );
    return rows.map((row) => row.key);
  }

  async history(leadId: number): Promise<StageChange[]> {
    const rows = await this.pg.query<StageHistoryRow>('SELECT * FROM stage_history WHERE lead_id = $1 ORDER BY id', [leadId]);
    return rows.map(stageHistoryRowToStageChange);
  }

  async qualificationQueue(today: string, now: string, limit: number): Promise<QueuedLead[]> {
    const rows = await this.pg.query<LeadRow & { claim_sdr: string | null; claim_claimed_at: string; claim_expires_at: string }>(
      `SELECT l.*, c.sdr AS claim_sdr, c.claimed_at AS claim_claimed_at, c.expires_at AS claim_expires_at
       FROM leads l LEFT JOIN claims c ON c.lead_id = l.id AND c.expires_at > $1
       WHERE l.forgotten_at IS NULL AND (l.stage = 'mql' OR (l.stage = 'nurturing' AND (l.follow_up_on <= $2 OR l.reengaged_at IS NOT NULL)))
       ORDER BY l.score DESC NULLS LAST, l.created_at, l.id LIMIT $3`,
      [now, today, limit],
    );
    return rows.map((row) => ({
      lead: leadRowToLead(row),
      claim: row.claim_sdr === null ? null : { leadId: row.id, sdr: row.claim_sdr, claimedAt: row.claim_claimed_at, expiresAt: row.claim_expires_at },
    }));
  }

  async nurturing(dueBy?: string): Promise<Lead[]> {
    const rows = await this.pg.query<LeadRow>(
      `SELECT * FROM leads WHERE forgotten_at IS NULL AND stage = 'nurturing' ${dueBy ? 'AND follow_up_on <= $1' : ''}
       ORDER BY follow_up_on NULLS LAST, id`,
      dueBy ? [dueBy] : [],
    );
    return rows.map(leadRowToLead);
  }

  async create(lead: NewLead, plan: CreationPlan): Promise<Lead> {
    const params = new Params();
    const values = LEAD_FIELDS.map((field) => params.add(lead.fields[field.prop] ?? null));
    const at = params.add(plan.at);
    await this.refuseTaken(lead.fields);
    let id: number;
    try {
      [{ id }] = (await this.pg.query<{ id: number }>(
        `INSERT INTO leads (${FIELD_COLUMNS.join(', ')}, name_key, stage, reached_rank, follow_up_on, custom, created_at, updated_at, stage_changed_at)
         VALUES (${values.join(', ')}, ${params.add(nameKey(lead.fields))}, ${params.add(plan.stage)}, ${params.add(plan.reachedRank)}, ${params.add(plan.followUpOn)}, ${params.add(JSON.stringify(lead.custom))}, ${at}, ${at}, ${at})
         RETURNING id`,
        params.values,
      )) as [{ id: number }];
    } catch (error) {
      throw await this.uniqueViolation(error, lead.fields);
    }
    await this.appendHistory(id, null, plan.stage, plan);
    await this.adjustStageDays(plan.stageDays);
    return (await this.get(id))!;
  }

  async update(id: number, fields: Partial<LeadFields>, custom: CustomFields, at: string): Promise<Lead> {
    // The name key follows the lead (see the SQLite engine).
    const merged = { ...(await this.get(id))!, ...fields };
    const params = new Params();
    const sets: string[] = [`name_key = ${params.add(nameKey(merged))}`];
    for (const field of LEAD_FIELDS) {
      if (field.prop in fields) sets.push(`${field.name} = ${params.add(fields[field.prop] ?? null)}`);
    }
    sets.push(`custom = ${params.add(JSON.stringify(custom))}`, `updated_at = ${params.add(at)}`);
    await this.refuseTaken(merged, id);
    try {
      await this.pg.run(`UPDATE leads SET ${sets.join(', ')} WHERE id = ${params.add(id)}`, params.values);
    } catch (error) {
      throw await this.uniqueViolation(error, merged);
    }
    return (await this.get(id))!;
  }

  async assignOwner(ids: number[], owner: string, at: string): Promise<void> {
    await this.pg.run('UPDATE leads SET owner = $1, updated_at = $2 WHERE id = ANY($3)', [owner, at, ids]);
  }

  async applyStageChange(plan: StageChangePlan): Promise<Lead> {
    const moved = await this.pg.run(
      `UPDATE leads SET stage = $1, reached_rank = greatest(reached_rank, $2), follow_up_on = $3, stage_changed_at = $4, updated_at = $4, reengaged_at = NULL
       WHERE id = $5 AND stage = $6 AND stage_changed_at = $7`,
      [plan.to, plan.reachedRank, plan.followUpOn, plan.at, plan.leadId, plan.from, plan.fromSince],
    );
    if (moved === 0) {
      const now = await this.get(plan.leadId);
      throw invalidInput('lead.moved', { id: plan.leadId, stage: now?.stage ?? '?' });
    }
    await this.appendHistory(plan.leadId, plan.from, plan.to, plan);
    await this.adjustStageDays(plan.stageDays);
    return (await this.get(plan.leadId))!;
  }

  async setQualificationResult(id: number, followUpOn: string | null, at: string): Promise<void> {
    await this.pg.run('UPDATE leads SET follow_up_on = $1, reengaged_at = NULL, updated_at = $2 WHERE id = $3', [followUpOn, at, id]);
  }

  async forget(id: number, at: string): Promise<void> {
    const erased = LEAD_FIELDS.filter((field) => field.name !== 'owner' && field.name !== 'source')
      .map((field) => `${field.name} = NULL`)
      .join(', ');
    await this.pg.run(`UPDATE leads SET ${erased}, name_key = NULL, custom = '{}', follow_up_on = NULL, forgotten_at = coalesce(forgotten_at, $1), updated_at = $1 WHERE id = $2`, [at, id]);
    await this.pg.run('UPDATE stage_history SET reason = NULL WHERE lead_id = $1 AND reason IS NOT NULL', [id]);
    await this.pg.run("UPDATE activities SET properties = '{}' WHERE lead_id = $1 AND properties <> '{}'", [id]);
  }

  private async appendHistory(leadId: number, from: string | null, to: string, change: { at: string; by: string | null; reason: string | null; cause: string }): Promise<void> {
    await this.pg.run('INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      leadId, from, to, change.at, change.by, change.reason, change.cause,
    ]);
  }

  private async adjustStageDays(deltas: readonly StageDaysDelta[]): Promise<void> {
    for (const { stage, day, delta } of deltas) {
      await this.pg.run('INSERT INTO stage_days (stage, day, count) VALUES ($1, $2, $3) ON CONFLICT (stage, day) DO UPDATE SET count = stage_days.count + excluded.count', [
        stage, day, delta,
      ]);
    }
  }

  /**
   * Looks before writing, so that the message can name the lead holding the email or external id: once a
   * statement has failed, PostgreSQL takes no other query in the transaction.
   */
  private async refuseTaken(fields: Partial<LeadFields>, exceptId = 0): Promise<void> {
    if (fields.email) {
      const [row] = await this.pg.query<{ id: number }>('SELECT id FROM leads WHERE email = $1 AND id <> $2', [fields.email, exceptId]);
      if (row) throw invalidInput('lead.duplicateEmail', { email: fields.email, id: row.id });
    }
    if (fields.externalId) {
      const [row] = await this.pg.query<{ id: number }>('SELECT id FROM leads WHERE external_id = $1 AND id <> $2', [fields.externalId, exceptId]);
      if (row) throw invalidInput('lead.duplicateExternalId', { externalId: fields.externalId, id: row.id });
    }
    const key = nameKey(fields);
    if (key !== null) {
      const [row] = await this.pg.query<LeadRow>('SELECT * FROM leads WHERE name_key = $1 AND id <> $2', [key, exceptId]);
      if (row) throw invalidInput('lead.duplicateName', { name: displayName(leadRowToLead(row)), id: row.id });
    }
  }

  /** Another writer took the email or external id between the look and the write. */
  private async uniqueViolation(error: unknown, fields: Partial<LeadFields>): Promise<unknown> {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code !== '23505') return error;
    if (constraint === 'leads_by_email') return invalidInput('lead.duplicateEmail', { email: fields.email ?? '', id: '?' });
    if (constraint === 'leads_by_name_key') return invalidInput('lead.duplicateName', { name: '', id: '?' });
    return invalidInput('lead.duplicateExternalId', { externalId: fields.externalId ?? '', id: '?' });
  }
}

function whereClause(filter: LeadFilter, params: Params): string {
  const where: string[] = ['forgotten_at IS NULL'];
  if (filter.stages?.length) where.push(`stage = ANY(${params.add(filter.stages)})`);
  if (filter.owner !== undefined) where.push(`lower(owner) = lower(${params.add(filter.owner)})`);
  if (filter.source !== undefined) where.push(`lower(source) = lower(${params.add(filter.source)})`);
  if (filter.search) {
    const pattern = `%${foldText(filter.search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`bant_fold(concat_ws(' ', first_name, last_name, email, company, title, external_id)) LIKE ${params.add(pattern)}`);
  }
  return where.join(' AND ');
}
