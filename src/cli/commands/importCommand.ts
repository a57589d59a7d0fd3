import fs from 'node:fs';
import { addAbortSignal, type Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import { toIsoDate } from '../../domain/dates.js';
import { BantError, invalidInput, notFound } from '../../domain/errors.js';
import { DATE_ORDERS, DUPLICATE_POLICIES, ENCODINGS, PARALLEL_FROM_BYTES } from '../../import/importChoices.js';
import type { ImportOptions, ImportResult, Rejection, SkippedDuplicate } from '../../import/importLeads.js';
import type { ColumnUse } from '../../import/previewColumns.js';
import { STAGES } from '../../domain/stages.js';
import type { Context } from '../context.js';
import { abortOnInterrupt } from '../interrupt.js';
import { checkOutputPath } from '../outputFile.js';
import { RejectsFile } from '../rejectsFile.js';
import { createProgress } from '../progress.js';
import { printCsv, printJson } from '../render.js';

/** As commander hands them over: the import's own options, with lists and flags still as typed. */
type ImportCommandOptions = Pick<ImportOptions, 'map' | 'delimiter' | 'encoding' | 'onDuplicate' | 'stage' | 'source' | 'owner' | 'dateOrder'> & {
  nullValues?: string;
  rejects?: string;
  dryRun?: boolean;
  scoring?: string;
};

const SHOWN_REJECTIONS = 10;

export function registerImportCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('import')
    .description(t('help.import'))
    .argument('<file>', t('help.importFile'))
    .option('--map <pairs>', t('help.mapOption'))
    .option('--delimiter <char>', t('help.delimiterOption'))
    .addOption(new Option('--encoding <name>', t('help.encodingOption')).choices(ENCODINGS))
    .addOption(new Option('--on-duplicate <policy>', t('help.onDuplicateOption')).choices(DUPLICATE_POLICIES).default('skip'))
    .option('--stage <stage>', t('help.importStageOption', { stages: STAGES.join(', ') }), 'lead')
    .option('--source <source>', t('help.importSourceOption'))
    .option('--owner <name>', t('help.importOwnerOption'))
    .option('--null-values <list>', t('help.nullValuesOption'))
    .addOption(new Option('--date-order <order>', t('help.dateOrderOption')).choices(DATE_ORDERS))
    .option('--rejects <file>', t('help.rejectsOption'))
    .option('--dry-run', t('help.dryRunOption'))
    .option('--scoring <file>', t('help.scoringOption'))
    .addHelpText('after', `\n${t('help.importExamples')}`)
    .action(async (file: string, options: ImportCommandOptions) => {
      const [{ importLeads }, { parseDelimiterOption }, { previewColumns }] = await Promise.all([
        import('../../import/importLeads.js'),
        import('../../import/sniffCsv.js'),
        import('../../import/previewColumns.js'),
      ]);
      const delimiter = options.delimiter === undefined ? undefined : parseDelimiterOption(options.delimiter);
      // New and updated leads are scored as they are written: a model that does not check out stops the import first.
      const { loadScoringModel } = await import('../../scoring/loadScoringModel.js');
      const scoring = loadScoringModel(options.scoring, ctx.io.env);
      // Refused before anything is read or written: `--rejects` naming the list itself would replace it.
      const rejectsTarget = options.rejects === undefined ? undefined : checkOutputPath(options.rejects, { inputs: file === '-' ? [] : [file], database: ctx.dbFile });
      const { stream, size } = openInput(ctx, file);
      const store = await ctx.store();
      const controller = new AbortController();
      const stopListening = abortOnInterrupt(controller);
      const progress = createProgress(ctx, size);
      const rejects = rejectsTarget ? new RejectsFile(rejectsTarget) : undefined;
      // Kept to show when every row is rejected: the import then fails, and these say why.
      const firstRejections: Rejection[] = [];
      let result: ImportResult;
      try {
        const now = ctx.now();
        result = await importLeads(
          store,
          addAbortSignal(controller.signal, stream) as AsyncIterable<Uint8Array>,
          file === '-' ? 'stdin' : file,
          {
            map: options.map,
            delimiter,
            encoding: options.encoding,
            onDuplicate: options.onDuplicate,
            stage: options.stage,
            source: options.source,
            owner: options.owner,
            nullValues: options.nullValues?.split(',') ?? [],
            dateOrder: options.dateOrder,
            listSkipped: Boolean(rejects),
            dryRun: Boolean(options.dryRun),
            parallel: size === undefined || size > PARALLEL_FROM_BYTES,
            scoring,
          },
          { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) },
          {
            signal: controller.signal,
            onProgress: (rows, bytes) => progress.update(rows, bytes),
            onHeader: (headers, fileDelimiter) => rejects?.start(headers, fileDelimiter),
            onReject: (fields, rejection) => {
              if (firstRejections.length < SHOWN_REJECTIONS) firstRejections.push(rejection);
              rejects?.add(fields, rejection.line, describe(ctx, rejection.error));
            },
            onSkip: (fields, skipped) => rejects?.add(fields, skipped.line, duplicateText(ctx, skipped)),
            beforeCommit: () => rejects?.flush(),
          },
        );
        rejects?.finish();
      } catch (error) {
        if (error instanceof BantError && error.key === 'import.allRejected') {
          // Every row rejected: the rejects file says why row by row, and the first reasons go on screen.
          rejects?.finish();
          showRejections(ctx, firstRejections);
        } else rejects?.discard();
        throw error;
      } finally {
        progress.done();
        stopListening();
        stream.destroy();
      }
      report(ctx, result, previewColumns(result.headers, result.plan), options);
    });
}

/** The file to import, or stdin for `-`; its size when known (the progress bar, the worker thread). */
export function openInput(ctx: Context, file: string): { stream: Readable; size?: number } {
  if (file === '-') return { stream: ctx.io.stdin as Readable };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw notFound('import.fileNotFound', { file });
  }
  if (stat.isDirectory()) throw invalidInput('import.isFolder', { file });
  return { stream: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), size: stat.size };
}

function describe(ctx: Context, error: BantError): string {
  return ctx.t(error.key, error.params);
}

function duplicateText(ctx: Context, skipped: SkippedDuplicate): string {
  const { id, email, externalId } = skipped.duplicateOf;
  return ctx.t('import.duplicateOf', { id, lead: email ?? externalId ?? `#${id}` });
}

/** The first rejected rows on stderr: their line and why. */
export function showRejections(ctx: Context, rejections: readonly Rejection[]): void {
  for (const rejection of rejections.slice(0, SHOWN_REJECTIONS)) {
    ctx.say(`${ctx.err.yellow(ctx.t('import.rejectedLine', { line: rejection.line }))} ${describe(ctx, rejection.error)}`);
  }
}

function report(ctx: Context, result: ImportResult, columns: readonly ColumnUse[], options: ImportCommandOptions): void {
  const { t } = ctx;
  const summary = { importId: result.importId, rows: result.rows, created: result.created, updated: result.updated, skipped: result.skipped, rejected: result.rejected };
  if (result.dryRun && ctx.format === 'table') printPreview(ctx, columns, result.dateOrder);
  if (ctx.format === 'json') printJson(ctx, result.dryRun ? { ...summary, columns: columns.map(columnJson), dateOrder: result.dateOrder?.order ?? null } : summary);
  else if (ctx.format === 'csv') printCsv(ctx, Object.keys(summary).map((key) => ({ header: key, value: (s: typeof summary) => s[key as keyof typeof summary] })), [summary]);
  else ctx.print(t(result.dryRun ? 'import.summaryDryRun' : 'import.summary', { ...summary, importId: result.importId ?? '-' }));

  showRejections(ctx, result.firstRejections);
  if (result.rejected > SHOWN_REJECTIONS) ctx.say(t(options.rejects ? 'import.moreRejectionsInFile' : 'import.moreRejections', { count: result.rejected - SHOWN_REJECTIONS, file: options.rejects ?? '' }));
  else if (result.rejected > 0 && options.rejects) ctx.say(t('import.rejectsWritten', { file: options.rejects }));
  if (result.skipped > 0) ctx.say(t(options.rejects ? 'import.skippedInFile' : 'import.skippedHint', { file: options.rejects ?? '' }));
  if (result.dryRun) ctx.say(t('import.dryRunNote'));
}

/** The dry run's preview, on stderr: each column → the field it feeds, a custom field, or ignored. */
function printPreview(ctx: Context, columns: readonly ColumnUse[], dateOrder: ImportResult['dateOrder']): void {
  const { t, err } = ctx;
  const label = (use: ColumnUse) => use.header || t('import.previewNoHeader', { n: use.index + 1 });
  const width = Math.min(32, Math.max(...columns.map((use) => label(use).length)));
  ctx.say(err.bold(t('import.previewTitle')));
  for (const use of columns) {
    let target: string;
    if ('custom' in use) target = err.dim(t('import.previewCustom', { name: use.custom }));
    else if ('ignored' in use) target = err.dim(t(use.ignored === 'noHeader' ? 'import.previewNoHeaderTarget' : 'import.previewIgnored'));
    else if (use.field === 'full_name') target = t('import.previewFullName');
    else if (use.field === 'created_at' && dateOrder) {
      target = t('import.previewDates', { field: use.field, order: t(`import.dateOrder.${dateOrder.order}`), reason: t(`import.dateReason.${dateOrder.reason}`) });
    } else target = use.field;
    ctx.say(`  ${label(use).padEnd(width)}  → ${target}`);
  }
}

function columnJson(use: ColumnUse): Record<string, string | number> {
  if ('custom' in use) return { header: use.header, custom: use.custom };
  if ('ignored' in use) return { header: use.header, ignored: use.ignored };
  return { header: use.header, field: use.field };
}
