// The SQL aggregates behind `bant report` in SQLite: counts come out of SQLite, never lists of leads.
// Shaping (rates, medians, percentiles) is done by the plain functions of src/reports.

import type { MqlThreshold } from '../../domain/scoringModel.js';
import { STAGES, type Stage } from '../../domain/stages.js';
import { countedByDay } from '../criterionDays.js';
import { KNOWN_OUTCOME, LEAD_NAME, nearThresholdSql } from '../scoreSql.js';
import type { GapCounts, GroupKey, LeadNearThreshold, ReportFilter, ReportReads, ScoreBandCounts, SdrCounts, StaleLead } from '../store.js';
import type { Db } from './openSqliteDatabase.js';

export class SqliteReports implements ReportReads {
  constructor(private readonly db: Db) {}

  /**
   * Leads per stage (and per owner or source), among the leads created in the period. One count per
   * stage with FILTER: a single pass, where GROUP BY stage would sort a million rows.
   */
  async stageCounts(filter: ReportFilter, by?: GroupKey): Promise<{ group: string | null; stage: Stage; count: number }[]> {
    const { sql, params } = leadWhere(filter, 'l.created_at');
    if (by) {
      // Split by owner or source: bant_tally counts (group, stage) pairs in one pass, without sorting.
      const { tally } = this.db.prepare(`SELECT bant_tally(l.${by}, l.stage) AS tally FROM leads l WHERE ${sql}`).get(...params) as { tally: string | null };
      return (JSON.parse(tally ?? '[]') as [string | null, Stage, number][]).map(([group, stage, count]) => ({ group, stage, count }));
    }
    if (params.length === 0) return STAGES.map((stage) => ({ group: null, stage, count: this.stageTotals().get(stage) ?? 0 }));
    const counts = STAGES.map((stage, index) => `count(*) FILTER (WHERE l.stage = '${stage}') AS s${index}`).join(', ');
    const [row] = this.db.prepare(`SELECT ${counts} FROM leads l WHERE ${sql}`).all(...params) as Record<string, number>[];
    return STAGES.map((stage, index) => ({ group: null, stage, count: row?.[`s${index}`] ?? 0 }));
  }

  /**
   * Of the leads created in the period: how many there are, and how many the history took at least as far
   * as each funnel step (leads.reached_rank is kept up to date with every history row).
   */
  async funnel(filter: ReportFilter): Promise<{ created: number; reached: number[] }> {
    const { sql, params } = leadWhere(filter, 'l.created_at');
    const row = this.db
      .prepare(
        `SELECT count(*) AS created, count(*) FILTER (WHERE l.reached_rank >= 1) AS r1, count(*) FILTER (WHERE l.reached_rank >= 2) AS r2,
                count(*) FILTER (WHERE l.reached_rank >= 3) AS r3, count(*) FILTER (WHERE l.reached_rank >= 4) AS r4
         FROM leads l WHERE ${sql}`,
      )
      .get(...params) as { created: number; r1: number; r2: number; r3: number; r4: number };
    return { created: row.created, reached: [row.r1, row.r2, row.r3, row.r4] };
  }

  /**
   * Over the qualifications decided in the period, per framework they were decided under: statuses per
   * criterion, and what sent leads to nurturing.
   */
  async gaps(filter: ReportFilter): Promise<GapCounts> {
    const { sql, params, from } = qualificationWhere(filter);
    const frameworks = this.db
      .prepare(
        `SELECT q.framework_id AS frameworkId, count(*) AS qualifications, coalesce(sum(q.final_stage = 'nurturing'), 0) AS nurturing
         ${from} WHERE ${sql} GROUP BY q.framework_id ORDER BY 2 DESC, 1`,
      )
      .all(...params) as { frameworkId: string; qualifications: number; nurturing: number }[];
    // The latest recorded qualification names the framework's criteria: the rowid read backwards stops at it.
    const latest = this.db.prepare(`SELECT q.framework_hash AS hash ${from} WHERE ${sql} AND q.framework_id = @framework ORDER BY q.id DESC LIMIT 1`);
    // Whole days and no owner or source: summed from criterion_days (kept by every decision), a few thousand
    // rows. Otherwise counted from the criteria: qualification_criteria is stored in criterion order, so
    // criteria group without sorting. Either way several frameworks are counted apart in the same one pass (a
    // FILTER per framework), not by a GROUP BY on the framework, which would sort every row (0.9 s instead of
    // 0.55 s for two frameworks on 800,000 criteria).
    const byDay = countedByDay(filter);
    const counts = (framework: string) => {
      const of = frameworks.length > 1 ? ` AND ${byDay ? '' : 'q.'}framework_id = @f${frameworks.findIndex((row) => row.frameworkId === framework)}` : '';
      const count = (condition: string) => (byDay ? `coalesce(sum(count) FILTER (WHERE ${condition}${of}), 0)` : `count(*) FILTER (WHERE ${condition}${of})`);
      const status = byDay ? 'status' : 'c.status';
      return [
        count('1'), count(`${status} = 'met'`), count(`${status} = 'partial'`), count(`${status} = 'unmet'`), count(`${status} = 'unknown'`),
        count(`${status} <> 'met' AND ${byDay ? 'nurturing = 1' : "q.final_stage = 'nurturing'"}`),
      ].join(', ');
    };
    const days = byDay ? leadWhere(filter, 'day') : undefined;
    const rows = frameworks.length
      ? (this.db
          .prepare(
            days
              ? `SELECT criterion, ${frameworks.map((row) => counts(row.frameworkId)).join(', ')} FROM criterion_days WHERE ${days.sql} GROUP BY criterion`
              : `SELECT c.criterion, ${frameworks.map((row) => counts(row.frameworkId)).join(', ')}
                 FROM qualification_criteria c JOIN qualifications q ON q.id = c.qualification_id ${from.includes('JOIN leads') ? 'JOIN leads l ON l.id = q.lead_id' : ''}
                 WHERE ${sql} GROUP BY c.criterion`,
          )
          .raw(true)
          .all(...(days?.params ?? params), Object.fromEntries(frameworks.map((row, index) => [`f${index}`, row.frameworkId]))) as (string | number)[][])
      : [];
    return {
      frameworks: frameworks.map((row, index) => ({
        ...row,
        latestHash: (latest.get(...params, { framework: row.frameworkId }) as { hash: string | null } | undefined)?.hash ?? null,
        criteria: rows
          .map((values) => {
            const [total, met, partial, unmet, unknown, sentToNurturing] = values.slice(1 + index * 6, 7 + index * 6) as number[];
            return { criterion: values[0] as string, total: total!, met: met!, partial: partial!, unmet: unmet!, unknown: unknown!, sentToNurturing: sentToNurturing! };
          })
          .filter((counted) => counted.total > 0)
          .map(({ total: _, ...counted }) => counted),
      })),
    };
  }

  /** Per SDR: qualifications and their outcomes, and the hours from reaching mql to the decisions in the middle. */
  async sdr(filter: ReportFilter): Promise<SdrCounts> {
    const { sql, params, from } = qualificationWhere(filter);
    const counted = this.db
      .prepare(
        `SELECT q.sdr AS sdr, count(*) AS qualifications, sum(q.final_stage = 'sql') AS sql, sum(q.final_stage = 'nurturing') AS nurturing,
                sum(q.final_stage = 'disqualified') AS disqualified, count(q.hours_to_decision) AS timed
         ${from} WHERE ${sql} GROUP BY 1 ORDER BY 2 DESC, 1`,
      )
      .all(...params) as (SdrCounts['outcomes'][number] & { timed: number })[];
    // qualifications_by_sdr holds each SDR's decisions in order of hours (kept with each decision; decisions of
    // leads that never went through mql have none): the one or two in the middle are read there, past the first half.
    const middle = this.db.prepare(
      `SELECT q.hours_to_decision AS hours ${from} WHERE ${sql} AND q.sdr = ? AND q.hours_to_decision IS NOT NULL ORDER BY q.hours_to_decision LIMIT ? OFFSET ?`,
    );
    const hoursToDecision = counted.flatMap(({ sdr, timed }) =>
      timed === 0 ? [] : (middle.all(...params, sdr, 2 - (timed % 2), Math.floor((timed - 1) / 2)) as { hours: number }[]).map(({ hours }) => ({ sdr, hours })),
    );
    const outcomes = counted.map(({ timed: _, ...outcome }) => outcome);
    return { outcomes, hoursToDecision };
  }

  /**
   * How many leads entered their current stage on each day: enough for medians and percentiles in days.
   * Unfiltered, straight from stage_days (kept up to date with every stage change); filtered by period,
   * owner or source, counted from the leads, which sorts them (about a second per million).
   */
  /** Leads per stage, summed from stage_days (each lead counts once, on the day it entered its stage): no scan of the leads. */
  private stageTotals(): Map<string, number> {
    const rows = this.db.prepare('SELECT stage, sum(count) AS count FROM stage_days GROUP BY stage').all() as { stage: string; count: number }[];
    return new Map(rows.map((row) => [row.stage, row.count]));
  }

  async stageEntryDays(filter: ReportFilter): Promise<{ stage: Stage; day: string; count: number }[]> {
    const { sql, params } = leadWhere(filter, 'l.created_at');
    if (params.length === 0) {
      return this.db.prepare('SELECT stage, day, count FROM stage_days WHERE count <> 0').all() as { stage: Stage; day: string; count: number }[];
    }
    return this.db
      .prepare(`SELECT l.stage AS stage, substr(l.stage_changed_at, 1, 10) AS day, count(*) AS count FROM leads l WHERE ${sql} GROUP BY 1, 2`)
      .all(...params) as { stage: Stage; day: string; count: number }[];
  }

  /** Open leads (not customer, not disqualified) in their stage since before `before`, oldest first. */
  async staleLeads(filter: ReportFilter, before: string, limit: number): Promise<StaleLead[]> {
    const { sql, params } = leadWhere(filter, 'l.created_at');
    return this.db
      .prepare(
        `SELECT l.id, coalesce(nullif(concat_ws(' ', l.first_name, l.last_name), ''), l.company, l.email, l.external_id, '#' || l.id) AS name,
                l.stage, l.stage_changed_at AS since, l.owner
         FROM leads l WHERE ${sql} AND l.forgotten_at IS NULL AND l.stage NOT IN ('customer', 'disqualified') AND l.stage_changed_at < ?
         ORDER BY l.stage_changed_at, l.id LIMIT ?`,
      )
      .all(...params, before, limit) as { id: number; name: string; stage: Stage; since: string; owner: string | null }[];
  }

  async scoreBands(filter: ReportFilter, width: number): Promise<ScoreBandCounts[]> {
    const { sql, params } = leadWhere(filter, 'l.created_at');
    return this.db
      .prepare(
        `SELECT CAST(floor(l.score / ?) AS INTEGER) AS band, count(*) AS leads, count(*) FILTER (WHERE ${KNOWN_OUTCOME}) AS withOutcome,
                count(*) FILTER (WHERE l.reached_rank >= 3) AS converted
         FROM leads l WHERE ${sql} GROUP BY 1`,
      )
      .all(width, ...params) as ScoreBandCounts[];
  }

  async nearThreshold(filter: ReportFilter, threshold: MqlThreshold, margin: number, limit: number): Promise<{ count: number; leads: LeadNearThreshold[] }> {
    const { sql, params } = leadWhere(filter, 'l.created_at');
    const near = nearThresholdSql(threshold, margin, (value) => {
      params.push(value);
      return '?';
    });
    const where = `${sql} AND ${near}`;
    const { count } = this.db.prepare(`SELECT count(*) AS count FROM leads l WHERE ${where}`).get(...params) as { count: number };
    const leads = this.db
      .prepare(`SELECT l.id, ${LEAD_NAME} AS name, l.stage, l.fit_score AS fit, l.engagement_score AS engagement, l.score AS total FROM leads l WHERE ${where} ORDER BY l.score DESC, l.id LIMIT ?`)
      .all(...params, limit) as LeadNearThreshold[];
    return { count, leads };
  }
}

function leadWhere(filter: ReportFilter, dateColumn: string): { sql: string; params: unknown[] } {
  const where = ['1'];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (filter.from) add(`${dateColumn} >= ?`, filter.from);
  if (filter.to) add(`${dateColumn} < ?`, filter.to);
  if (filter.owner !== undefined) add('l.owner = ? COLLATE NOCASE', filter.owner);
  if (filter.source !== undefined) add('l.source = ? COLLATE NOCASE', filter.source);
  return { sql: where.join(' AND '), params };
}

/** Qualifications decided in the period; the leads are joined only when owner or source filter them. */
function qualificationWhere(filter: ReportFilter): { sql: string; params: unknown[]; from: string } {
  const { sql, params } = leadWhere(filter, 'q.decided_at');
  const needsLeads = filter.owner !== undefined || filter.source !== undefined;
  return { sql: `q.status = 'done' AND ${sql}`, params, from: `FROM qualifications q${needsLeads ? ' JOIN leads l ON l.id = q.lead_id' : ''}` };
}
