// The aggregates behind `bant report`, computed by the PostgreSQL server: counts come back, never lists of
// leads. The same numbers as the SQLite engine for the same data; shaping is done by src/reports.

import { STAGES, type Stage } from '../../domain/stages.js';
import type { MqlThreshold } from '../../domain/scoringModel.js';
import { countedByDay } from '../criterionDays.js';
import { KNOWN_OUTCOME, LEAD_NAME, nearThresholdSql } from '../scoreSql.js';
import type { FrameworkGapCounts, GapCounts, GroupKey, LeadNearThreshold, ReportFilter, ReportReads, ScoreBandCounts, SdrCounts, StaleLead } from '../store.js';
import { Params } from './postgresLeads.js';
import type { PgConnection } from './PostgresStore.js';

export class PostgresReports implements ReportReads {
  constructor(private readonly pg: PgConnection) {}

  /**
   * `fromIndexes`: a query that one of the reports' indexes (schema step 'what the reports read') answers alone,
   * no row of the table read. The planner is told two things for these, and only for these. The data is in the
   * server's memory, so random reads cost about what sequential ones do (random_page_cost 1.1; at the default
   * 4 it reads every row of the table instead of the index). And no parallel workers: each is another new
   * server process, which pays again for every page it touches first (on the bench's 2-core server, funnel on
   * 1,000,000 leads took 330 ms alone against 520 ms with two workers). Queries that read the rows keep the
   * server's settings, under which a parallel scan of the table is the better plan.
   */
  private async query<R extends object>(text: string, params: readonly unknown[], fromIndexes: boolean): Promise<R[]> {
    if (!fromIndexes) return this.pg.query<R>(text, params);
    await this.pg.run('SET random_page_cost = 1.1; SET max_parallel_workers_per_gather = 0');
    try {
      return await this.pg.query<R>(text, params);
    } finally {
      // A lost connection has no settings left to put back; the query's own error is the one worth telling.
      await this.pg.run('RESET random_page_cost; RESET max_parallel_workers_per_gather').catch(() => undefined);
    }
  }

  async stageCounts(filter: ReportFilter, by?: GroupKey): Promise<{ group: string | null; stage: Stage; count: number }[]> {
    const params = new Params();
    const where = leadWhere(filter, 'l.created_at', params);
    if (by) {
      const rows = await this.query<{ grp: string | null; stage: Stage; count: number }>(
        `SELECT l.${by} AS grp, l.stage, count(*) AS count FROM leads l WHERE ${where} GROUP BY 1, 2`,
        params.values,
        countedAlone(filter),
      );
      return rows.map((row) => ({ group: row.grp, stage: row.stage, count: row.count }));
    }
    // Unfiltered, summed from stage_days (each lead counts once, on the day it entered its stage): no scan of the leads.
    const rows =
      params.values.length === 0
        ? await this.pg.query<{ stage: Stage; count: number }>('SELECT stage, sum(count)::integer AS count FROM stage_days GROUP BY stage')
        : await this.query<{ stage: Stage; count: number }>(`SELECT l.stage, count(*) AS count FROM leads l WHERE ${where} GROUP BY 1`, params.values, countedAlone(filter));
    return STAGES.map((stage) => ({ group: null, stage, count: rows.find((row) => row.stage === stage)?.count ?? 0 }));
  }

  async funnel(filter: ReportFilter): Promise<{ created: number; reached: number[] }> {
    const params = new Params();
    const where = leadWhere(filter, 'l.created_at', params);
    const [row] = await this.query<{ created: number; r1: number; r2: number; r3: number; r4: number }>(
      `SELECT count(*) AS created, count(*) FILTER (WHERE l.reached_rank >= 1) AS r1, count(*) FILTER (WHERE l.reached_rank >= 2) AS r2,
              count(*) FILTER (WHERE l.reached_rank >= 3) AS r3, count(*) FILTER (WHERE l.reached_rank >= 4) AS r4
       FROM leads l WHERE ${where}`,
      params.values,
      // leads_counted without a period; leads_by_creation with one, when neither owner nor source filters.
      countedAlone(filter) || !byLead(filter),
    );
    return { created: row!.created, reached: [row!.r1, row!.r2, row!.r3, row!.r4] };
  }

  /** Per framework the qualifications of the period were decided under: statuses per criterion, what sent leads to nurturing. */
  async gaps(filter: ReportFilter): Promise<GapCounts> {
    const params = new Params();
    const { where, from } = qualificationWhere(filter, params);
    const frameworks = await this.query<{ frameworkId: string; qualifications: number; nurturing: number }>(
      `SELECT q.framework_id AS "frameworkId", count(*) AS qualifications, count(*) FILTER (WHERE q.final_stage = 'nurturing') AS nurturing
       ${from} WHERE ${where} GROUP BY q.framework_id ORDER BY 2 DESC, 1`,
      params.values,
      !byLead(filter),
    );
    // A period under one framework (the usual case) groups by criterion alone: a narrower key, a cheaper aggregate.
    const byFramework = frameworks.length > 1;
    const criteria = countedByDay(filter)
      ? await this.criterionDays(filter, byFramework)
      : await this.pg.query<CriterionCounts>(
          `SELECT ${byFramework ? 'q.framework_id' : 'NULL'} AS "frameworkId", c.criterion AS criterion,
                  count(*) FILTER (WHERE c.status = 'met') AS met, count(*) FILTER (WHERE c.status = 'partial') AS partial,
                  count(*) FILTER (WHERE c.status = 'unmet') AS unmet, count(*) FILTER (WHERE c.status = 'unknown') AS unknown,
                  count(*) FILTER (WHERE c.status <> 'met' AND q.final_stage = 'nurturing') AS "sentToNurturing"
           FROM qualification_criteria c JOIN qualifications q ON q.id = c.qualification_id ${from.includes('JOIN leads') ? 'JOIN leads l ON l.id = q.lead_id' : ''}
           WHERE ${where} GROUP BY ${byFramework ? 'q.framework_id, ' : ''}c.criterion ORDER BY ${byFramework ? '1, 2' : '2'}`,
          params.values,
        );
    // The latest recorded qualification names the framework's criteria: the primary key read backwards stops at it.
    const latestHash = async (framework: string) => {
      const [row] = await this.pg.query<{ hash: string | null }>(
        `SELECT q.framework_hash AS hash ${from} WHERE ${where} AND q.framework_id = $${params.values.length + 1} ORDER BY q.id DESC LIMIT 1`,
        [...params.values, framework],
      );
      return row?.hash ?? null;
    };
    const result: GapCounts = { frameworks: [] };
    for (const row of frameworks) {
      const counts = criteria.filter((c) => !byFramework || c.frameworkId === row.frameworkId).map(({ frameworkId: _, ...counted }) => counted);
      result.frameworks.push({ ...row, latestHash: await latestHash(row.frameworkId), criteria: counts });
    }
    return result;
  }

  /** The gaps counts summed from criterion_days (kept by every decision): a few thousand rows, not every criterion. */
  private criterionDays(filter: ReportFilter, byFramework: boolean): Promise<CriterionCounts[]> {
    const params = new Params();
    const where = ['true'];
    if (filter.from) where.push(`day >= ${params.add(filter.from)}`);
    if (filter.to) where.push(`day < ${params.add(filter.to)}`);
    const sum = (condition: string) => `coalesce(sum(count) FILTER (WHERE ${condition}), 0)::integer`;
    return this.pg.query<CriterionCounts>(
      `SELECT ${byFramework ? 'framework_id' : 'NULL'} AS "frameworkId", criterion, ${sum("status = 'met'")} AS met, ${sum("status = 'partial'")} AS partial,
              ${sum("status = 'unmet'")} AS unmet, ${sum("status = 'unknown'")} AS unknown, ${sum("status <> 'met' AND nurturing = 1")} AS "sentToNurturing"
       FROM criterion_days WHERE ${where.join(' AND ')} GROUP BY ${byFramework ? 'framework_id, ' : ''}criterion ORDER BY ${byFramework ? '1, 2' : '2'}`,
      params.values,
    );
  }

  async sdr(filter: ReportFilter): Promise<SdrCounts> {
    const params = new Params();
    const { where, from } = qualificationWhere(filter, params);
    const counted = await this.query<SdrCounts['outcomes'][number] & { timed: number }>(
      `SELECT q.sdr AS sdr, count(*) AS qualifications, count(*) FILTER (WHERE q.final_stage = 'sql') AS sql,
              count(*) FILTER (WHERE q.final_stage = 'nurturing') AS nurturing, count(*) FILTER (WHERE q.final_stage = 'disqualified') AS disqualified,
              count(q.hours_to_decision) AS timed
       ${from} WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`,
      params.values,
      !byLead(filter),
    );
    // qualifications_by_sdr holds each SDR's decisions in order of hours: the one or two in the middle are
    // read there, past the first half, without sorting anything or sending every decision over the wire.
    const timed = counted.filter((row) => row.timed > 0);
    const sdrs = params.add(timed.map((row) => row.sdr));
    const counts = params.add(timed.map((row) => row.timed));
    const hoursToDecision = timed.length === 0 ? [] : await this.query<{ sdr: string; hours: number }>(
      `SELECT s.sdr, m.hours FROM unnest(${sdrs}::text[], ${counts}::integer[]) AS s(sdr, timed),
       LATERAL (SELECT q.hours_to_decision AS hours ${from} WHERE ${where} AND q.sdr = s.sdr AND q.hours_to_decision IS NOT NULL
                ORDER BY q.hours_to_decision OFFSET (s.timed - 1) / 2 LIMIT 2 - s.timed % 2) m`,
      params.values,
      !byLead(filter),
    );
    return { outcomes: counted.map(({ timed: _, ...outcome }) => outcome), hoursToDecision };
  }

  async stageEntryDays(filter: ReportFilter): Promise<{ stage: Stage; day: string; count: number }[]> {
    const params = new Params();
    const where = leadWhere(filter, 'l.created_at', params);
    if (params.values.length === 0) return this.pg.query('SELECT stage, day, count FROM stage_days WHERE count <> 0');
    return this.pg.query(`SELECT l.stage AS stage, substr(l.stage_changed_at, 1, 10) AS day, count(*) AS count FROM leads l WHERE ${where} GROUP BY 1, 2`, params.values);
  }

  async staleLeads(filter: ReportFilter, before: string, limit: number): Promise<StaleLead[]> {
    const params = new Params();
    const where = leadWhere(filter, 'l.created_at', params);
    return this.pg.query<StaleLead>(
      `SELECT l.id, coalesce(nullif(concat_ws(' ', l.first_name, l.last_name), ''), l.company, l.email, l.external_id, '#' || l.id) AS name,
              l.stage, l.stage_changed_at AS since, l.owner
       FROM leads l WHERE ${where} AND l.forgotten_at IS NULL AND l.stage NOT IN ('customer', 'disqualified') AND l.stage_changed_at < ${params.add(before)}
       ORDER BY l.stage_changed_at, l.id LIMIT ${params.add(limit)}`,
      params.values,
    );
  }

  async scoreBands(filter: ReportFilter, width: number): Promise<ScoreBandCounts[]> {
    const params = new Params();
    const band = `floor(l.score / ${params.add(width)})::integer`;
    const where = leadWhere(filter, 'l.created_at', params);
    return this.pg.query<ScoreBandCounts>(
      `SELECT ${band} AS band, count(*) AS leads, count(*) FILTER (WHERE ${KNOWN_OUTCOME}) AS "withOutcome",
              count(*) FILTER (WHERE l.reached_rank >= 3) AS converted
       FROM leads l WHERE ${where} GROUP BY 1`,
      params.values,
    );
  }

  async nearThreshold(filter: ReportFilter, threshold: MqlThreshold, margin: number, limit: number): Promise<{ count: number; leads: LeadNearThreshold[] }> {
    const params = new Params();
    const where = `${leadWhere(filter, 'l.created_at', params)} AND ${nearThresholdSql(threshold, margin, (value) => `${params.add(value)}::float8`)}`;
    const [{ count }] = (await this.pg.query<{ count: number }>(`SELECT count(*) AS count FROM leads l WHERE ${where}`, params.values)) as [{ count: number }];
    const leads = await this.pg.query<LeadNearThreshold>(
      `SELECT l.id, ${LEAD_NAME} AS name, l.stage, l.fit_score AS fit, l.engagement_score AS engagement, l.score AS total
       FROM leads l WHERE ${where} ORDER BY l.score DESC, l.id LIMIT ${params.add(limit)}`,
      params.values,
    );
    return { count, leads };
  }
}

/** Whether owner or source filters: they are the lead's, so the qualifications' indexes cannot answer alone. */
function byLead(filter: ReportFilter): boolean {
  return filter.owner !== undefined || filter.source !== undefined;
}

/** Whether leads_counted answers alone: any owner or source, but no period (it has no creation date). */
function countedAlone(filter: ReportFilter): boolean {
  return filter.from === undefined && filter.to === undefined;
}

type CriterionCounts = FrameworkGapCounts['criteria'][number] & { frameworkId: string | null };

function leadWhere(filter: ReportFilter, dateColumn: string, params: Params): string {
  const where = ['true'];
  if (filter.from) where.push(`${dateColumn} >= ${params.add(filter.from)}`);
  if (filter.to) where.push(`${dateColumn} < ${params.add(filter.to)}`);
  if (filter.owner !== undefined) where.push(`lower(l.owner) = lower(${params.add(filter.owner)})`);
  if (filter.source !== undefined) where.push(`lower(l.source) = lower(${params.add(filter.source)})`);
  return where.join(' AND ');
}

/** Qualifications decided in the period; the leads are joined only when owner or source filter them. */
function qualificationWhere(filter: ReportFilter, params: Params): { where: string; from: string } {
  const where = leadWhere(filter, 'q.decided_at', params);
  const needsLeads = filter.owner !== undefined || filter.source !== undefined;
  return { where: `q.status = 'done' AND ${where}`, from: `FROM qualifications q${needsLeads ? ' JOIN leads l ON l.id = q.lead_id' : ''}` };
}
