// What `bant report` does; loaded only when it runs. Aggregates from the store (src/store/*/…Reports.ts) →
// shaping (src/reports/shapeReports.ts) → a table with bars, JSON or CSV.

import type { GapCounts, ReportFilter, ReportReads } from '../../store/store.js';
import { addDays, toIsoDate } from '../../domain/dates.js';
import { usageError } from '../../domain/errors.js';
import type { Framework } from '../../domain/framework.js';
import { reportPeriod } from '../../reports/period.js';
import { shapeAging, shapeFunnel, shapeGaps, shapePipeline, shapeScoreBands, shapeSdr, type GapRow, type PipelineRow, type ScoreBandRow } from '../../reports/shapeReports.js';
import type { LeadNearThreshold } from '../../store/store.js';
import { scoringFor } from '../scoringOption.js';
import { STAGES } from '../../domain/stages.js';
import { formatDecimal, formatNumber } from '../../i18n/translate.js';
import type { Context } from '../context.js';
import { stageLabel } from '../leadViews.js';
import { parseCount } from '../parseCount.js';
import { printCsv, printJson, printTable, type Column } from '../render.js';
import type { ReportName, ReportOptions } from './reportCommand.js';

const BAR_WIDTH = 24;
const STALE_LIMIT = 50;
/** Score bands of ten points; "just under the threshold" is within ten points of it. */
const BAND_WIDTH = 10;
const NEAR_MARGIN = 10;
const NEAR_LIMIT = 10;

export async function runReport(ctx: Context, report: ReportName, options: ReportOptions): Promise<void> {
  const today = toIsoDate(ctx.now());
  const period = reportPeriod(options.since, options.until, today);
  if (options.by && report !== 'pipeline') throw usageError('report.byOnlyPipeline');
  if (options.scoring && report !== 'scores') throw usageError('report.scoringOnlyScores');
  const filter: ReportFilter = { from: period.from, to: period.to, owner: options.owner, source: options.source };
  const store = await ctx.store();
  const header = { report, since: period.since ?? null, until: period.until ?? null, owner: options.owner ?? null, source: options.source ?? null };
  // A report reads in several queries (the sdr report counts, then reads the middle decisions by their rank):
  // all of them see one state of the database, or a decision another SDR commits in between would mix two.
  await store.transaction(({ reports }) => readAndShow(ctx, report, options, reports, filter, header, today), { snapshot: true });
}

async function readAndShow(ctx: Context, report: ReportName, options: ReportOptions, reports: ReportReads, filter: ReportFilter, header: Header, today: string): Promise<void> {
  switch (report) {
    case 'pipeline':
      return pipeline(ctx, header, shapePipeline(await reports.stageCounts(filter, options.by), Boolean(options.by)), options.by);
    case 'funnel': {
      const counts = await reports.funnel(filter);
      return funnel(ctx, header, shapeFunnel(counts.created, counts.reached));
    }
    case 'gaps':
      return gaps(ctx, header, await reports.gaps(filter));
    case 'sdr':
      return sdr(ctx, header, shapeSdr(await reports.sdr(filter)));
    case 'aging': {
      const olderThan = parseCount('--older-than', options.olderThan);
      const stale = (await reports.staleLeads(filter, addDays(today, -olderThan), STALE_LIMIT)).map((lead) => ({ ...lead, days: daysSince(lead.since, today) }));
      return aging(ctx, { ...header, today, olderThanDays: olderThan }, shapeAging(await reports.stageEntryDays(filter), today), stale);
    }
    case 'scores': {
      const { model } = await scoringFor(ctx, options.scoring);
      const { bands, unscored } = shapeScoreBands(await reports.scoreBands(filter, BAND_WIDTH), BAND_WIDTH);
      const near = await reports.nearThreshold(filter, model.mql, NEAR_MARGIN, NEAR_LIMIT);
      return scores(ctx, { ...header, model: { id: model.id, version: model.version }, threshold: model.mql, bandWidth: BAND_WIDTH }, bands, unscored, near);
    }
  }
}

type Header = Record<string, unknown>;

function bar(count: number, max: number): string {
  return '█'.repeat(max === 0 ? 0 : Math.round((count / max) * BAR_WIDTH));
}

/** A rate for people: one decimal, in the language's way (62.3 % or 62,3 %); JSON and CSV keep the number. */
function rate(ctx: Context, value: number | null): string {
  return value === null ? '-' : `${formatDecimal(ctx.lang, value, 1)} %`;
}

function daysSince(instant: string, today: string): number {
  return Math.max(0, Math.floor((Date.parse(today) - Date.parse(instant.slice(0, 10))) / 86_400_000));
}

async function output<T>(ctx: Context, json: unknown, columns: Column<T>[], rows: T[]): Promise<void> {
  if (ctx.format === 'json') printJson(ctx, json);
  else if (ctx.format === 'csv') printCsv(ctx, columns, rows);
  else await printTable(ctx, columns, rows);
}

/** Stage, count and a bar: the pipeline as `report pipeline` and `demo` draw it. */
export function pipelineBarColumns(ctx: Context, rows: readonly PipelineRow[]): Column<PipelineRow>[] {
  const max = Math.max(0, ...rows.map((row) => row.count));
  return [
    { header: ctx.t('column.stage'), value: (row) => stageLabel(ctx, row.stage) },
    { header: ctx.t('report.leads'), value: (row) => row.count },
    { header: '', value: (row) => bar(row.count, max) },
  ];
}

async function pipeline(ctx: Context, header: Header, rows: PipelineRow[], by: string | undefined): Promise<void> {
  const { t } = ctx;
  const json = { ...header, by: by ?? null, rows: rows.map((row) => (by ? { [by]: row.group ?? null, stage: row.stage, count: row.count } : { stage: row.stage, count: row.count })) };
  if (ctx.format === 'table' && !by) return printTable(ctx, pipelineBarColumns(ctx, rows), rows);
  if (ctx.format !== 'table') {
    const columns: Column<PipelineRow>[] = [
      ...(by ? [{ header: by, value: (row: PipelineRow) => row.group ?? '' }] : []),
      { header: 'stage', value: (row) => row.stage },
      { header: 'count', value: (row) => row.count },
    ];
    return output(ctx, json, columns, rows);
  }
  // Split by owner or source: one line per group, one column per stage.
  const groups = [...new Set(rows.map((row) => row.group ?? null))];
  const table = groups.map((group) => ({ group, counts: STAGES.map((stage) => rows.find((row) => row.group === group && row.stage === stage)?.count ?? 0) }));
  await printTable(
    ctx,
    [
      { header: t(`field.${by}`), value: (row) => row.group ?? t('report.none') },
      ...STAGES.map((stage, index) => ({ header: stageLabel(ctx, stage), value: (row: (typeof table)[number]) => row.counts[index] })),
      { header: t('report.total'), value: (row) => row.counts.reduce((sum, count) => sum + count, 0) },
    ],
    table,
  );
}

async function funnel(ctx: Context, header: Header, data: ReturnType<typeof shapeFunnel>): Promise<void> {
  const { t } = ctx;
  const max = Math.max(data.created, ...data.steps.map((step) => step.reached));
  const table = ctx.format === 'table';
  await output(
    ctx,
    { ...header, ...data },
    [
      { header: table ? t('column.stage') : 'stage', value: (step) => (table ? stageLabel(ctx, step.stage) : step.stage) },
      { header: table ? t('report.reached') : 'reached', value: (step) => step.reached },
      { header: table ? t('report.rateFromPrevious') : 'rate', value: (step) => (table ? rate(ctx, step.rate) : step.rate) },
      ...(table ? [{ header: '', value: (step: (typeof data.steps)[number]) => bar(step.reached, max) }] : []),
    ],
    data.steps,
  );
  if (table) ctx.print(t('report.funnelTotals', { created: data.created, overall: rate(ctx, data.overall) }));
}

/**
 * Each qualification counted under the framework it was decided under, with that framework's labels and
 * order (the latest kept content of each id); a period that mixes frameworks gets one table per framework.
 */
async function gaps(ctx: Context, header: Header, raw: GapCounts): Promise<void> {
  const { t, lang, out } = ctx;
  // Only this report reads frameworks: their checker loads here, not at every report.
  const [{ FrameworkLibrary }, { loadFramework }] = await Promise.all([import('../../qualify/storedFramework.js'), import('../../qualify/loadFramework.js')]);
  const current = () => loadFramework(ctx.io.env.BANT_FRAMEWORK || undefined);
  const library = new FrameworkLibrary(await ctx.store(), current);
  // No qualification yet: the framework in use now, its criteria at zero.
  const counted = raw.frameworks.length ? raw.frameworks : [{ frameworkId: current().id, latestHash: null, qualifications: 0, nurturing: 0, criteria: [] }];
  const known = new Map<string, Framework | undefined>();
  for (const group of counted) known.set(group.frameworkId, (await library.frameworkOf({ frameworkId: group.frameworkId, frameworkHash: group.latestHash })).framework);
  const data = shapeGaps(counted.map((group) => ({ ...group, criteriaOrder: known.get(group.frameworkId)?.criteria.map((criterion) => criterion.id) ?? [] })));
  const label = (row: GapRow) => known.get(row.framework)?.criteria.find((criterion) => criterion.id === row.criterion)?.label[lang] ?? row.criterion;
  const table = ctx.format === 'table';
  const columns: Column<GapRow>[] = [
    ...(table ? [] : [{ header: 'framework', value: (row: GapRow) => row.framework }]),
    { header: table ? t('qualify.criterion') : 'criterion', value: (row) => (table ? label(row) : row.criterion) },
    { header: table ? t('status.met') : 'met', value: (row) => row.met },
    { header: table ? t('status.partial') : 'partial', value: (row) => row.partial },
    { header: table ? t('status.unmet') : 'unmet', value: (row) => row.unmet },
    { header: table ? t('status.unknown') : 'unknown', value: (row) => row.unknown },
    { header: table ? t('report.sentToNurturing') : 'sentToNurturing', value: (row) => row.sentToNurturing },
    { header: table ? t('report.nurturingShare') : 'nurturingShare', value: (row) => (table ? rate(ctx, row.nurturingShare) : row.nurturingShare) },
  ];
  if (!table) return output(ctx, { ...header, ...data }, columns, data.criteria);
  if (data.frameworks.length === 1) {
    await printTable(ctx, columns, data.criteria);
  } else {
    for (const group of data.frameworks) {
      const name = known.get(group.framework)?.name[lang] ?? group.framework;
      ctx.print(`\n${out.bold(t('report.gapsFramework', { name, id: group.framework, qualifications: group.qualifications, nurturing: group.nurturing }))}`);
      await printTable(ctx, columns, data.criteria.filter((row) => row.framework === group.framework));
    }
  }
  ctx.print(t('report.gapsTotals', { qualifications: data.qualifications, nurturing: data.nurturing }));
}

async function sdr(ctx: Context, header: Header, rows: ReturnType<typeof shapeSdr>): Promise<void> {
  const { t } = ctx;
  const table = ctx.format === 'table';
  await output(
    ctx,
    { ...header, sdrs: rows },
    [
      { header: table ? t('report.sdr') : 'sdr', value: (row) => row.sdr },
      { header: table ? t('report.qualifications') : 'qualifications', value: (row) => row.qualifications },
      { header: 'sql', value: (row) => row.sql },
      { header: table ? stageLabel(ctx, 'nurturing') : 'nurturing', value: (row) => row.nurturing },
      { header: table ? stageLabel(ctx, 'disqualified') : 'disqualified', value: (row) => row.disqualified },
      { header: table ? t('report.sqlRate') : 'sqlRate', value: (row) => (table ? rate(ctx, row.sqlRate) : row.sqlRate) },
      { header: table ? t('report.medianHours') : 'medianHoursToDecision', value: (row) => row.medianHoursToDecision ?? (table ? '-' : null) },
    ],
    rows,
  );
  if (table && rows.length === 0) ctx.say(t('report.noQualifications'));
}

async function aging(
  ctx: Context,
  header: Header & { olderThanDays: number },
  stages: ReturnType<typeof shapeAging>,
  stale: { id: number; name: string; stage: string; since: string; days: number; owner: string | null }[],
): Promise<void> {
  const { t } = ctx;
  const table = ctx.format === 'table';
  await output(
    ctx,
    { ...header, stages, stale },
    [
      { header: table ? t('column.stage') : 'stage', value: (row) => (table ? stageLabel(ctx, row.stage) : row.stage) },
      { header: table ? t('report.leads') : 'leads', value: (row) => row.leads },
      { header: table ? t('report.medianDays') : 'medianDays', value: (row) => row.medianDays ?? (table ? '-' : null) },
      { header: table ? t('report.p90Days') : 'p90Days', value: (row) => row.p90Days ?? (table ? '-' : null) },
    ],
    stages,
  );
  if (!table) return;
  ctx.print(`\n${ctx.out.bold(t('report.stale', { days: header.olderThanDays }))}`);
  if (stale.length === 0) return ctx.print(t('report.noneStale'));
  await printTable(
    ctx,
    [
      { header: t('column.id'), value: (lead) => lead.id },
      { header: t('column.name'), value: (lead) => lead.name },
      { header: t('column.stage'), value: (lead) => stageLabel(ctx, lead.stage) },
      { header: t('report.since'), value: (lead) => lead.since.slice(0, 10) },
      { header: t('report.days'), value: (lead) => lead.days },
      { header: t('field.owner'), value: (lead) => lead.owner },
    ],
    stale,
  );
}

/**
 * How leads spread over score bands (a histogram), how many sit just under the MQL threshold, and, where
 * outcomes are known, how many converted per band: does the score predict anything?
 */
async function scores(
  ctx: Context,
  header: Header & { threshold: { fit?: number; engagement?: number; total?: number } },
  bands: ScoreBandRow[],
  unscored: number,
  near: { count: number; leads: LeadNearThreshold[] },
): Promise<void> {
  const { t, lang } = ctx;
  const table = ctx.format === 'table';
  const max = Math.max(0, ...bands.map((band) => band.leads));
  const number = (value: number) => formatNumber(lang, value);
  const columns: Column<ScoreBandRow>[] = table
    ? [
        // Scores have one decimal: the band 10 – 19.9 holds 10 up to, not including, 20.
        { header: t('report.scoreBand'), value: (band) => `${number(band.from)} – ${number(Math.round((band.to - 0.1) * 10) / 10)}` },
        { header: t('report.leads'), value: (band) => band.leads },
        { header: '', value: (band) => bar(band.leads, max) },
        { header: t('report.withOutcome'), value: (band) => band.withOutcome },
        { header: t('report.converted'), value: (band) => band.converted },
        { header: t('report.conversionRate'), value: (band) => rate(ctx, band.conversionRate) },
      ]
    : [
        { header: 'from', value: (band) => band.from },
        { header: 'to', value: (band) => band.to },
        { header: 'leads', value: (band) => band.leads },
        { header: 'withOutcome', value: (band) => band.withOutcome },
        { header: 'converted', value: (band) => band.converted },
        { header: 'conversionRate', value: (band) => band.conversionRate },
      ];
  await output(ctx, { ...header, bands, unscored, nearThreshold: { margin: NEAR_MARGIN, ...near } }, columns, bands);
  if (!table) return;
  if (bands.length === 0) ctx.print(t('report.noScores'));
  if (unscored > 0) ctx.print(t('report.unscored', { count: unscored }));
  const threshold = header.threshold;
  const ways = [
    ...(threshold.fit !== undefined || threshold.engagement !== undefined
      ? [[threshold.fit !== undefined ? `fit ≥ ${number(threshold.fit)}` : '', threshold.engagement !== undefined ? `engagement ≥ ${number(threshold.engagement)}` : ''].filter(Boolean).join(' & ')]
      : []),
    ...(threshold.total !== undefined ? [`total ≥ ${number(threshold.total)}`] : []),
  ];
  ctx.print(`\n${ctx.out.bold(t('report.nearThreshold', { count: near.count, margin: NEAR_MARGIN, threshold: ways.join(' | ') }))}`);
  if (near.leads.length === 0) return;
  await printTable(
    ctx,
    [
      { header: t('column.id'), value: (lead) => lead.id },
      { header: t('column.name'), value: (lead) => lead.name },
      { header: t('column.stage'), value: (lead) => stageLabel(ctx, lead.stage) },
      { header: t('scoreWhy.fit'), value: (lead) => lead.fit },
      { header: t('scoreWhy.engagement'), value: (lead) => lead.engagement },
      { header: t('scoreWhy.total'), value: (lead) => lead.total },
    ],
    near.leads,
  );
}
