// Every SQL statement about leads and their stage history. Callers get and give domain objects (camelCase);
// rows (snake_case, as stored) stay in this file.

import { BantError, invalidInput } from '../domain/errors.js';
import { foldText } from '../domain/foldText.js';
import { displayName, LEAD_FIELDS, nameKey, type CustomFields, type Lead, type LeadFields, type LeadRef } from '../domain/lead.js';
import { funnelRank, type Stage, type StageChangeCause } from '../domain/stages.js';
import { eraseOldPageVersions } from './eraseTraces.js';
import type { Db } from './openDatabase.js';
import { stageDaysAdjuster } from './stageDays.js';

interface LeadRow {
  id: number;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  title: string | null;
  phone: string | null;
  country: string | null;
  industry: string | null;
  employees: number | null;
  annual_revenue: number | null;
  source: string | null;
  owner: string | null;
  external_id: string | null;
  stage: Stage;
  score: number | null;
  follow_up_on: string | null;
  custom: string;
  import_id?: number | null;
  created_at: string;
  updated_at: string;
  stage_changed_at: string;
  forgotten_at: string | null;
}

function leadRowToLead(row: LeadRow): Lead {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    title: row.title,
    phone: row.phone,
    country: row.country,
    industry: row.industry,
    employees: row.employees,
    annualRevenue: row.annual_revenue,
    source: row.source,
    owner: row.owner,
    externalId: row.external_id,
    stage: row.stage,
    score: row.score,
    followUpOn: row.follow_up_on,
    custom: JSON.parse(row.custom) as CustomFields,
    importId: row.import_id ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stageChangedAt: row.stage_changed_at,
    forgottenAt: row.forgotten_at,
  };
}

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

interface StageHistoryRow {
  id: number;
  lead_id: number;
  from_stage: Stage | null;
  to_stage: Stage;
  at: string;
  by: string | null;
  reason: string | null;
  cause: StageChangeCause;
}

function stageHistoryRowToStageChange(row: StageHistoryRow): StageChange {
  return {
    id: row.id,
    leadId: row.lead_id,
    fromStage: row.from_stage,
    toStage: row.to_stage,
    at: row.at,
    by: row.by,
    reason: row.reason,
    cause: row.cause,
  };
}

/** Who, when and why a stage changed; the from and to stages come from the lead and the move. */
export interface ChangeContext {
  at: string;
  by: string | null;
  cause: StageChangeCause;
  reason?: string | null;
}

export interface NewLead {
  fields: Partial<LeadFields>;
  stage: Stage;
  custom: CustomFields;
  followUpOn?: string | null;
}

export const SORTABLE_FIELDS = [
  'id', 'email', 'first_name', 'last_name', 'company', 'title', 'country', 'industry', 'employees',
  'annual_revenue', 'source', 'owner', 'stage', 'score', 'follow_up_on', 'created_at', 'updated_at',
] as const;
export type SortableField = (typeof SORTABLE_FIELDS)[number];

export interface LeadFilter {
  stages?: Stage[];
  owner?: string;
  source?: string;
  search?: string;
  sort?: { field: SortableField; descending: boolean };
  limit?: number;
  offset?: number;
}

const FIELD_COLUMNS = LEAD_FIELDS.map((field) => field.name);

export class LeadRepository {
  private readonly adjustStageDays;

  constructor(private readonly db: Db) {
    this.adjustStageDays = stageDaysAdjuster(db);
  }

  /** Runs `work` in one write transaction, taken at once so that concurrent writers queue instead of failing. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  createLead(lead: NewLead, change: ChangeContext): Lead {
    const values: Record<string, unknown> = {};
    for (const field of LEAD_FIELDS) values[field.name] = lead.fields[field.prop] ?? null;
    try {
      const { id } = this.db
        .prepare(
          `INSERT INTO leads (${FIELD_COLUMNS.join(', ')}, name_key, stage, reached_rank, follow_up_on, custom, created_at, updated_at, stage_changed_at)
           VALUES (${FIELD_COLUMNS.map((c) => `@${c}`).join(', ')}, @name_key, @stage, @reached_rank, @follow_up_on, @custom, @at, @at, @at)
           RETURNING id`,
        )
        .get({
          ...values,
          name_key: nameKey(lead.fields),
          stage: lead.stage,
          reached_rank: funnelRank(lead.stage),
          follow_up_on: lead.followUpOn ?? null,
          custom: JSON.stringify(lead.custom),
          at: change.at,
        }) as {
        id: number;
      };
      this.appendStageChange(id, null, lead.stage, change);
      this.adjustStageDays(lead.stage, change.at, 1);
      return this.getLead(id);
    } catch (error) {
      throw this.mapUniqueViolation(error, lead.fields);
    }
  }

  getLead(id: number): Lead {
    const row = this.db.prepare('SELECT * FROM leads WHERE id = ?').get(id) as LeadRow | undefined;
    if (!row) throw new Error(`lead ${id} vanished inside its own transaction`);
    return leadRowToLead(row);
  }

  /** A numeric ref is an id first, then an external id (HubSpot's record ids are numbers too). */
  findLead(ref: LeadRef): Lead | undefined {
    let row: LeadRow | undefined;
    if (ref.kind === 'id') {
      row = (this.db.prepare('SELECT * FROM leads WHERE id = ?').get(ref.id) ??
        this.db.prepare('SELECT * FROM leads WHERE external_id = ?').get(ref.text)) as LeadRow | undefined;
    } else if (ref.kind === 'email') {
      row = this.db.prepare('SELECT * FROM leads WHERE email = ?').get(ref.email) as LeadRow | undefined;
    } else {
      row = this.db.prepare('SELECT * FROM leads WHERE external_id = ?').get(ref.externalId) as LeadRow | undefined;
    }
    return row ? leadRowToLead(row) : undefined;
  }

  findLeadIdByEmail(email: string): number | undefined {
    return (this.db.prepare('SELECT id FROM leads WHERE email = ?').get(email) as { id: number } | undefined)?.id;
  }

  findLeadIdByExternalId(externalId: string): number | undefined {
    return (this.db.prepare('SELECT id FROM leads WHERE external_id = ?').get(externalId) as { id: number } | undefined)?.id;
  }

  /**
   * One page of matching leads, and whether more follow. No total: counting a large table costs more than
   * the rest of `leads list` (start-up time is a target), and one row more tells whether to offer a next page.
   */
  listLeads(filter: LeadFilter): { leads: Lead[]; more: boolean } {
    const { whereSql, params } = this.whereClause(filter);
    const sort = filter.sort ?? { field: 'id', descending: false };
    const direction = sort.descending ? 'DESC' : 'ASC';
    // NULLs last whichever the direction (a list sorted by score shows scored leads first). Sorting by id
    // alone lets SQLite walk the table in order instead of sorting it: that is what keeps the default fast.
    const orderSql = sort.field === 'id' ? `id ${direction}` : `${sort.field} IS NULL, ${sort.field} ${direction}, id ${direction}`;
    const limit = filter.limit === undefined ? -1 : filter.limit + 1;
    const rows = this.db
      .prepare(`SELECT * FROM leads WHERE ${whereSql} ORDER BY ${orderSql} LIMIT ? OFFSET ?`)
      .all(...params, limit, filter.offset ?? 0) as LeadRow[];
    const more = filter.limit !== undefined && rows.length > filter.limit;
    return { leads: (more ? rows.slice(0, filter.limit) : rows).map(leadRowToLead), more };
  }

  /** Every matching lead, one at a time, in id order: an export of a million leads never holds them all. */
  *iterateLeads(filter: LeadFilter): Generator<Lead> {
    const { whereSql, params } = this.whereClause(filter);
    for (const row of this.db.prepare(`SELECT * FROM leads WHERE ${whereSql} ORDER BY id`).iterate(...params)) {
      yield leadRowToLead(row as LeadRow);
    }
  }

  /** The custom field names used by the matching leads, in the order they first appear. */
  customFieldNames(filter: LeadFilter): string[] {
    const { whereSql, params } = this.whereClause(filter);
    const rows = this.db
      .prepare(`SELECT key FROM leads, json_each(leads.custom) WHERE ${whereSql} GROUP BY key ORDER BY min(leads.id), min(json_each.id)`)
      .all(...params) as { key: string }[];
    return rows.map((row) => row.key);
  }

  private whereClause(filter: LeadFilter): { whereSql: string; params: unknown[] } {
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
      where.push(
        `bant_fold(concat_ws(' ', first_name, last_name, email, company, title, external_id)) LIKE ? ESCAPE '\\'`,
      );
      params.push(`%${foldText(filter.search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    return { whereSql: where.join(' AND '), params };
  }

  updateLead(id: number, fields: Partial<LeadFields>, custom: CustomFields, at: string): Lead {
    // The name key follows the lead: an edit that gives it an email drops it, one that removes the last
    // email or external id gives it one (and is refused if another lead already has that name).
    const merged = { ...this.getLead(id), ...fields };
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
      throw this.mapUniqueViolation(error, merged);
    }
    return this.getLead(id);
  }

  /**
   * The qualification queue: MQLs, and nurturing leads whose follow-up is due; best score, then oldest, first.
   * A scan of the table (no index on stage: every index slows each imported row).
   */
  qualificationQueue(today: string, limit = 200): Lead[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM leads
         WHERE forgotten_at IS NULL AND (stage = 'mql' OR (stage = 'nurturing' AND follow_up_on <= ?))
         ORDER BY score IS NULL, score DESC, created_at, id LIMIT ?`,
      )
      .all(today, limit) as LeadRow[];
    return rows.map(leadRowToLead);
  }

  /** Leads in nurturing with their follow-up dates, due first; with `dueBy`, only those due by then. */
  nurturing(dueBy?: string): Lead[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM leads WHERE forgotten_at IS NULL AND stage = 'nurturing' ${dueBy ? 'AND follow_up_on <= ?' : ''}
         ORDER BY follow_up_on IS NULL, follow_up_on, id`,
      )
      .all(...(dueBy ? [dueBy] : [])) as LeadRow[];
    return rows.map(leadRowToLead);
  }

  /** After a qualification: the lead's score, and its follow-up date when it stays in nurturing. */
  setQualificationResult(id: number, score: number, followUpOn: string | null, at: string): void {
    this.db.prepare('UPDATE leads SET score = ?, follow_up_on = ?, updated_at = ? WHERE id = ?').run(score, followUpOn, at, id);
  }

  assignOwner(ids: number[], owner: string, at: string): void {
    const statement = this.db.prepare('UPDATE leads SET owner = ?, updated_at = ? WHERE id = ?');
    for (const id of ids) statement.run(owner, at, id);
  }

  /** Moves a lead and appends the history row; the caller has checked that the move is allowed. */
  changeStage(lead: Lead, to: Stage, change: ChangeContext, followUpOn: string | null): Lead {
    this.db
      .prepare('UPDATE leads SET stage = ?, reached_rank = max(reached_rank, ?), follow_up_on = ?, stage_changed_at = ?, updated_at = ? WHERE id = ?')
      .run(to, funnelRank(to), followUpOn, change.at, change.at, lead.id);
    this.appendStageChange(lead.id, lead.stage, to, change);
    this.adjustStageDays(lead.stage, lead.stageChangedAt, -1);
    this.adjustStageDays(to, change.at, 1);
    return this.getLead(lead.id);
  }

  stageHistory(leadId: number): StageChange[] {
    const rows = this.db.prepare('SELECT * FROM stage_history WHERE lead_id = ? ORDER BY id').all(leadId) as StageHistoryRow[];
    return rows.map(stageHistoryRowToStageChange);
  }

  /**
   * Erases the person (GDPR/RGPD article 17): every field that describes them and the free-text reasons of
   * their history. What stays is anonymous: the stage, the dates, the owner and source, and the moves.
   */
  forgetLead(id: number, at: string): void {
    const erased = LEAD_FIELDS.filter((field) => field.name !== 'owner' && field.name !== 'source')
      .map((field) => `${field.name} = NULL`)
      .join(', ');
    this.db
      .prepare(`UPDATE leads SET ${erased}, name_key = NULL, custom = '{}', follow_up_on = NULL, forgotten_at = coalesce(forgotten_at, ?), updated_at = ? WHERE id = ?`)
      .run(at, at, id);
    this.db.prepare('UPDATE stage_history SET reason = NULL WHERE lead_id = ? AND reason IS NOT NULL').run(id);
  }

  /** See eraseTraces.ts: once an erasure is committed, no older copy of the text stays in the files. */
  eraseOldPageVersions(): boolean {
    return eraseOldPageVersions(this.db);
  }

  private appendStageChange(leadId: number, from: Stage | null, to: Stage, change: ChangeContext): void {
    this.db
      .prepare('INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(leadId, from, to, change.at, change.by, change.reason ?? null, change.cause);
  }

  private mapUniqueViolation(error: unknown, fields: Partial<LeadFields>): unknown {
    if (error instanceof BantError) return error;
    const { code, message } = error as { code?: string; message?: string };
    if (code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
    if (message?.includes('leads.name_key')) {
      const key = nameKey(fields);
      const row = key === null ? undefined : (this.db.prepare('SELECT * FROM leads WHERE name_key = ?').get(key) as LeadRow | undefined);
      return invalidInput('lead.duplicateName', { name: row ? displayName(leadRowToLead(row)) : '', id: row?.id ?? '?' });
    }
    if (message?.includes('leads.email')) {
      const id = fields.email ? this.findLeadIdByEmail(fields.email) : undefined;
      return invalidInput('lead.duplicateEmail', { email: fields.email ?? '', id: id ?? '?' });
    }
    const id = fields.externalId ? this.findLeadIdByExternalId(fields.externalId) : undefined;
    return invalidInput('lead.duplicateExternalId', { externalId: fields.externalId ?? '', id: id ?? '?' });
  }
}
