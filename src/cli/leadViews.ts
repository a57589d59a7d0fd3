// How a lead looks on screen and in scripts: table columns, the card, JSON and CSV shapes.

import { displayName, LEAD_FIELDS, type Lead } from '../domain/lead.js';
import type { StageChange } from '../domain/planStageChange.js';
import type { Framework } from '../domain/framework.js';
import type { QualificationRecord } from '../domain/qualification.js';
import { formatNumber } from '../i18n/translate.js';
import type { Context } from './context.js';
import type { Column } from './render.js';

export function leadListColumns(ctx: Context): Column<Lead>[] {
  const { t } = ctx;
  return [
    { header: t('column.id'), value: (lead) => lead.id },
    { header: t('column.name'), value: (lead) => [lead.firstName, lead.lastName].filter(Boolean).join(' ') },
    { header: t('field.company'), value: (lead) => lead.company },
    { header: t('field.email'), value: (lead) => lead.email },
    { header: t('column.stage'), value: (lead) => stageLabel(ctx, lead.stage) },
    { header: t('field.owner'), value: (lead) => lead.owner },
    { header: t('column.score'), value: (lead) => lead.score },
    { header: t('column.followUpOn'), value: (lead) => lead.followUpOn },
  ];
}

/**
 * Every stored field under its field name, then one column per custom field: the CSV of `leads list` and
 * `export`, which `bant import` reads back. bant's own id is `bant_id`, so that it is never taken for the
 * `Id` of a Salesforce export.
 */
export function leadCsvColumns(leads: readonly Lead[], customNames = [...new Set(leads.flatMap((lead) => Object.keys(lead.custom)))]): Column<Lead>[] {
  return [
    { header: 'bant_id', value: (lead) => lead.id },
    ...LEAD_FIELDS.map((field): Column<Lead> => ({ header: field.name, value: (lead) => lead[field.prop] })),
    { header: 'stage', value: (lead) => lead.stage },
    { header: 'score', value: (lead) => lead.score },
    { header: 'fit_score', value: (lead) => lead.fitScore },
    { header: 'engagement_score', value: (lead) => lead.engagementScore },
    { header: 'follow_up_on', value: (lead) => lead.followUpOn },
    { header: 'created_at', value: (lead) => lead.createdAt },
    { header: 'updated_at', value: (lead) => lead.updatedAt },
    ...customNames.map((name): Column<Lead> => ({ header: name, value: (lead) => lead.custom[name] })),
  ];
}

/** The JSON scripts read: the lead as the domain has it, without internal bookkeeping. */
export function leadToJson(lead: Lead): Record<string, unknown> {
  const { forgottenAt, importId, ...rest } = lead;
  return { ...rest, ...(forgottenAt ? { forgottenAt } : {}), ...(importId ? { importId } : {}) };
}

export function stageLabel(ctx: Context, stage: string): string {
  return ctx.t(`stage.${stage}`);
}

export function printLeadCard(ctx: Context, lead: Lead): void {
  const { t, out } = ctx;
  ctx.print(`${out.bold(`#${lead.id} ${displayName(lead)}`)}  ${out.cyan(stageLabel(ctx, lead.stage))}`);
  if (lead.forgottenAt) ctx.print(out.yellow(t('lead.forgottenOn', { date: lead.forgottenAt.slice(0, 10) })));
  const rows: [string, string | number | null][] = LEAD_FIELDS.map((field) => [t(`field.${field.name}`), lead[field.prop]]);
  const score =
    lead.score === null
      ? null
      : t('lead.scoreDetail', { total: formatNumber(ctx.lang, lead.score), fit: formatNumber(ctx.lang, lead.fitScore ?? 0), engagement: formatNumber(ctx.lang, lead.engagementScore ?? 0) });
  rows.push([t('column.score'), score]);
  if (lead.reengagedAt) rows.push([t('column.reengaged'), lead.reengagedAt.slice(0, 10)]);
  rows.push([t('column.followUpOn'), lead.followUpOn], [t('column.createdAt'), lead.createdAt], [t('column.updatedAt'), lead.updatedAt]);
  const shown = rows.filter(([, value]) => value !== null && value !== '');
  const width = Math.max(...shown.map(([label]) => label.length));
  for (const [label, value] of shown) ctx.print(`  ${out.dim(label.padEnd(width))}  ${typeof value === 'number' ? formatNumber(ctx.lang, value) : value}`);
  const custom = Object.entries(lead.custom);
  if (custom.length) {
    ctx.print(`\n${out.bold(t('lead.customFields'))}`);
    const customWidth = Math.max(...custom.map(([name]) => name.length));
    for (const [name, value] of custom) ctx.print(`  ${out.dim(name.padEnd(customWidth))}  ${value}`);
  }
}

/**
 * A qualification's history row keeps the criteria that were not met as `budget: partial, need: unmet` (ids, so
 * that the stored text does not depend on a language); people read them as "Budget (partial)".
 */
export function reasonText(ctx: Context, change: StageChange, criterionLabel: (id: string) => string): string | null {
  if (!change.reason || change.cause !== 'qualification') return change.reason;
  const parts = change.reason.split(', ').map((part) => /^([\w.-]+): (met|partial|unmet|unknown)$/.exec(part));
  if (parts.some((part) => !part)) return change.reason; // an override's reason, in the SDR's own words
  return parts.map((part) => `${criterionLabel(part![1]!)} (${ctx.t(`status.${part![2]}`)})`).join(', ');
}

export function stageHistoryColumns(ctx: Context, criterionLabel: (id: string) => string = (id) => id): Column<StageChange>[] {
  const { t } = ctx;
  return [
    { header: t('column.at'), value: (change) => change.at.replace('T', ' ').slice(0, 19) },
    { header: t('column.from'), value: (change) => (change.fromStage ? stageLabel(ctx, change.fromStage) : '') },
    { header: t('column.to'), value: (change) => stageLabel(ctx, change.toStage) },
    { header: t('column.cause'), value: (change) => t(`cause.${change.cause}`) },
    { header: t('column.by'), value: (change) => change.by },
    { header: t('column.reason'), value: (change) => reasonText(ctx, change, criterionLabel) },
  ];
}

/**
 * Every qualification attempt of a lead, as `leads show` lists them: each with the framework it was decided
 * under and its criteria, named as that framework named them (`frameworkOf`).
 */
export function qualificationColumns(ctx: Context, frameworkOf: (q: QualificationRecord) => Framework | undefined): Column<QualificationRecord>[] {
  const { t, lang } = ctx;
  const criteria = (q: QualificationRecord) => {
    const framework = frameworkOf(q);
    const order = framework?.criteria.map((criterion) => criterion.id) ?? [];
    return [...q.criteria]
      .sort((a, b) => (order.indexOf(a.criterion) >>> 0) - (order.indexOf(b.criterion) >>> 0))
      .map((c) => `${framework?.criteria.find((criterion) => criterion.id === c.criterion)?.label[lang] ?? c.criterion}: ${t(`status.${c.status}`)}`)
      .join(', ');
  };
  return [
    { header: t('column.at'), value: (q) => (q.decidedAt ?? '').replace('T', ' ').slice(0, 16) },
    { header: t('column.by'), value: (q) => q.sdr },
    { header: t('column.framework'), value: (q) => `${q.frameworkId} v${q.frameworkVersion}` },
    { header: t('qualify.criteria'), value: criteria },
    { header: t('qualify.decision'), value: (q) => stageLabel(ctx, q.decision ?? '') },
    { header: t('column.to'), value: (q) => stageLabel(ctx, q.finalStage ?? '') },
    { header: t('column.score'), value: (q) => q.score },
    { header: t('column.followUpOn'), value: (q) => q.followUpOn },
    { header: t('column.reason'), value: (q) => q.overrideReason },
  ];
}
