// What `bant activity add|import|list` do at the terminal; loaded only when one of them runs. The use cases
// are in src/activities/.

import { addAbortSignal } from 'node:stream';
import { addActivity } from '../../activities/addActivity.js';
import { importActivities, type ActivityImportResult } from '../../activities/importActivities.js';
import type { ActivityColumnPlan } from '../../activities/mapActivityHeaders.js';
import type { Activity } from '../../domain/activity.js';
import { toIsoDate } from '../../domain/dates.js';
import { BantError, usageError } from '../../domain/errors.js';
import { displayName } from '../../domain/lead.js';
import type { Rejection } from '../../import/importLeads.js';
import { PARALLEL_FROM_BYTES } from '../../import/importChoices.js';
import { findLeadOrFail } from '../../leads/findLeadOrFail.js';
import type { Context } from '../context.js';
import { abortOnInterrupt } from '../interrupt.js';
import { checkOutputPath } from '../outputFile.js';
import { createProgress } from '../progress.js';
import { RejectsFile } from '../rejectsFile.js';
import { printCsv, printJson, printRecords } from '../render.js';
import { scoringFor } from '../scoringOption.js';
import type { ActivityAddOptions, ActivityImportCommandOptions } from './activityCommand.js';
import { openInput, showRejections } from './importCommand.js';
import { describeRescored, rescoredJson } from './scoreViews.js';

const SHOWN_REJECTIONS = 10;

export async function runActivityAdd(ctx: Context, ref: string, type: string, options: ActivityAddOptions): Promise<void> {
  const { t } = ctx;
  const properties = parseProperties(options.set);
  const scoring = await scoringFor(ctx, options.scoring);
  const now = ctx.now();
  const who = { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) };
  const added = await addActivity(await ctx.store(), { ref, type, at: options.at, source: options.source, properties }, who, scoring);
  const { lead, activity } = added;
  if (ctx.format === 'json') {
    printJson(ctx, { added: added.added, activity: activityJson(activity), ...(added.rescored ? rescoredJson(added.rescored) : { leadId: lead.id, stage: lead.stage }) });
    return;
  }
  if (ctx.format === 'csv') return printCsv(ctx, activityColumns(ctx, false), [activity]);
  const name = displayName(lead);
  const when = shortInstant(activity.occurredAt);
  if (!added.added) {
    ctx.say(t('activity.alreadyThere', { id: lead.id, name, activity: activity.id, type: activity.type, when }));
    return;
  }
  ctx.say(t('activity.added', { activity: activity.id, type: activity.type, when, id: lead.id, name }));
  if (added.rescored) ctx.say(describeRescored(ctx, added.rescored));
}

export async function runActivityList(ctx: Context, ref: string): Promise<void> {
  const store = await ctx.store();
  const lead = await findLeadOrFail(store.leads, ref);
  const activities = await store.activities.forLead(lead.id);
  await printRecords(ctx, activityColumns(ctx, ctx.format === 'table'), activities, activityJson);
  if (ctx.format === 'table') ctx.say(ctx.t('activity.listed', { count: activities.length, id: lead.id, name: displayName(lead) }));
}

export async function runActivityImport(ctx: Context, file: string, options: ActivityImportCommandOptions): Promise<void> {
  const { parseDelimiterOption } = await import('../../import/sniffCsv.js');
  const delimiter = options.delimiter === undefined ? undefined : parseDelimiterOption(options.delimiter);
  const scoring = await scoringFor(ctx, options.scoring);
  const rejectsTarget = options.rejects === undefined ? undefined : checkOutputPath(options.rejects, { inputs: file === '-' ? [] : [file], database: ctx.dbFile });
  const { stream, size } = openInput(ctx, file);
  const store = await ctx.store();
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller);
  const progress = createProgress(ctx, size);
  let rescoring: ReturnType<typeof createProgress> | undefined;
  const rejects = rejectsTarget ? new RejectsFile(rejectsTarget) : undefined;
  const firstRejections: Rejection[] = [];
  let result: ActivityImportResult;
  try {
    const now = ctx.now();
    result = await importActivities(
      store,
      addAbortSignal(controller.signal, stream) as AsyncIterable<Uint8Array>,
      file === '-' ? 'stdin' : file,
      {
        map: options.map,
        delimiter,
        encoding: options.encoding,
        nullValues: options.nullValues?.split(',') ?? [],
        dateOrder: options.dateOrder,
        source: options.source,
        createLeads: Boolean(options.createLeads),
        listSkipped: Boolean(rejects),
        dryRun: Boolean(options.dryRun),
        parallel: size === undefined || size > PARALLEL_FROM_BYTES,
      },
      { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) },
      scoring,
      {
        signal: controller.signal,
        onProgress: (rows, bytes) => progress.update(rows, bytes),
        onRescoring: (done) => {
          if (!rescoring) {
            progress.done();
            rescoring = createProgress(ctx, undefined, 'score.progress');
          }
          rescoring.update(done, 0);
        },
        onHeader: (headers, fileDelimiter) => rejects?.start(headers, fileDelimiter),
        onReject: (fields, rejection) => {
          if (firstRejections.length < SHOWN_REJECTIONS) firstRejections.push(rejection);
          rejects?.add(fields, rejection.line, ctx.t(rejection.error.key, rejection.error.params));
        },
        onSkip: (fields, line) => rejects?.add(fields, line, ctx.t('activity.skippedRow')),
        beforeCommit: () => rejects?.flush(),
      },
    );
    rejects?.finish();
  } catch (error) {
    if (error instanceof BantError && error.key === 'import.allRejected') {
      rejects?.finish();
      showRejections(ctx, firstRejections);
    } else rejects?.discard();
    throw error;
  } finally {
    progress.done();
    rescoring?.done();
    stopListening();
    stream.destroy();
  }
  reportImport(ctx, result, options);
}

function reportImport(ctx: Context, result: ActivityImportResult, options: ActivityImportCommandOptions): void {
  const { t } = ctx;
  const { scoring } = result;
  const summary = {
    importId: result.importId,
    rows: result.rows,
    created: result.created,
    updated: result.updated,
    skipped: result.skipped,
    rejected: result.rejected,
    leadsCreated: result.leadsCreated,
    unscored: result.unscored,
    rescored: scoring.scored,
    promoted: { lead: scoring.toLead, mql: scoring.toMql },
    reengaged: scoring.reengaged,
  };
  if (result.dryRun && ctx.format === 'table') printPreview(ctx, result.plan, result.headers, result.dateOrder);
  if (ctx.format === 'json') {
    printJson(ctx, result.dryRun ? { ...summary, columns: columnsJson(result.plan, result.headers), dateOrder: result.dateOrder?.order ?? null } : summary);
  } else if (ctx.format === 'csv') {
    const flat = { ...summary, unscored: Object.entries(result.unscored).map(([type, count]) => `${type}:${count}`).join(' '), promoted: undefined, toLead: scoring.toLead, toMql: scoring.toMql };
    const keys = Object.keys(flat).filter((key) => key !== 'promoted') as (keyof typeof flat)[];
    printCsv(ctx, keys.map((key) => ({ header: key, value: (s: typeof flat) => s[key] as string | number | null })), [flat]);
  } else {
    const { rows, created, skipped, rejected } = summary;
    ctx.print(t(result.dryRun ? 'activity.summaryDryRun' : 'activity.summary', { rows, created, skipped, rejected, importId: result.importId ?? '-' }));
    if (result.leadsCreated > 0) ctx.print(t('activity.leadsCreated', { count: result.leadsCreated }));
    ctx.print(t('activity.rescoredSummary', { count: scoring.scored, toLead: scoring.toLead, toMql: scoring.toMql, reengaged: scoring.reengaged }));
    const unscored = Object.entries(result.unscored);
    if (unscored.length) ctx.print(t('activity.unscored', { types: unscored.map(([type, count]) => `${type} (${count})`).join(', ') }));
  }
  showRejections(ctx, result.firstRejections);
  if (result.rejected > SHOWN_REJECTIONS) ctx.say(t(options.rejects ? 'import.moreRejectionsInFile' : 'import.moreRejections', { count: result.rejected - SHOWN_REJECTIONS, file: options.rejects ?? '' }));
  else if (result.rejected > 0 && options.rejects) ctx.say(t('import.rejectsWritten', { file: options.rejects }));
  if (result.rejected > 0 && !options.createLeads && result.firstRejections.some((rejection) => rejection.error.key === 'activity.unknownLead')) {
    ctx.say(t('activity.createLeadsHint'));
  }
  if (result.dryRun) ctx.say(t('import.dryRunNote'));
}

/** The dry run's preview, on stderr: each column → the field it gives, or the property it is kept as. */
function printPreview(ctx: Context, plan: ActivityColumnPlan, headers: readonly string[], dateOrder: ActivityImportResult['dateOrder']): void {
  const { t, err } = ctx;
  const rows = columnsJson(plan, headers);
  const width = Math.min(32, Math.max(...rows.map((row) => row.header.length || 12)));
  ctx.say(err.bold(t('import.previewTitle')));
  for (const row of rows) {
    let target: string;
    if ('property' in row) target = err.dim(t('activity.previewProperty', { name: row.property }));
    else if ('ignored' in row) target = err.dim(t('import.previewNoHeaderTarget'));
    else if (row.field === 'occurred_at' && dateOrder) {
      target = t('import.previewDates', { field: row.field, order: t(`import.dateOrder.${dateOrder.order}`), reason: t(`import.dateReason.${dateOrder.reason}`) });
    } else target = row.field;
    ctx.say(`  ${(row.header || t('import.previewNoHeader', { n: row.index + 1 })).padEnd(width)}  → ${target}`);
  }
}

function columnsJson(plan: ActivityColumnPlan, headers: readonly string[]) {
  const rows: ({ index: number; header: string } & ({ field: string } | { property: string } | { ignored: 'noHeader' }))[] = [
    ...plan.columns.map((column) => ({ index: column.index, header: column.header, ...column.target })),
    ...plan.ignored.map(({ index }) => ({ index, header: headers[index] ?? '', ignored: 'noHeader' as const })),
  ];
  return rows.sort((a, b) => a.index - b.index);
}

/** `--set url=https://acme.io/pricing --set campaign=spring`: property name = value. */
function parseProperties(pairs: readonly string[]): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals).trim();
    if (equals <= 0 || name === '') throw usageError('activity.badSet', { value: pair });
    properties[name] = pair.slice(equals + 1);
  }
  return properties;
}

function shortInstant(instant: string): string {
  return instant.slice(0, 16).replace('T', ' ');
}

function activityColumns(ctx: Context, table: boolean) {
  const { t } = ctx;
  const properties = (activity: Activity) =>
    Object.entries(activity.properties)
      .map(([name, value]) => `${name}=${value}`)
      .join(table ? '\n' : '; ');
  return [
    { header: table ? t('column.id') : 'id', value: (activity: Activity) => activity.id },
    { header: table ? t('activity.when') : 'occurred_at', value: (activity: Activity) => (table ? shortInstant(activity.occurredAt) : activity.occurredAt) },
    { header: table ? t('activity.type') : 'type', value: (activity: Activity) => activity.type },
    { header: table ? t('activity.source') : 'source', value: (activity: Activity) => activity.source },
    { header: table ? t('activity.properties') : 'properties', value: properties },
  ];
}

export function activityJson(activity: Activity) {
  return { id: activity.id, leadId: activity.leadId, type: activity.type, occurredAt: activity.occurredAt, source: activity.source, properties: activity.properties };
}
