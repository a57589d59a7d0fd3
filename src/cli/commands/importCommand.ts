import fs from 'node:fs';
import { addAbortSignal, type Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import { toIsoDate } from '../../domain/dates.js';
import { BantError, invalidInput, notFound } from '../../domain/errors.js';
import { DUPLICATE_POLICIES, ENCODINGS, PARALLEL_FROM_BYTES } from '../../import/importChoices.js';
import type { ImportOptions, ImportResult } from '../../import/importLeads.js';
import { STAGES } from '../../domain/stages.js';
import type { Context } from '../context.js';
import { abortOnInterrupt } from '../interrupt.js';
import { checkOutputPath, OutputFile, type OutputTarget } from '../outputFile.js';
import { createProgress } from '../progress.js';
import { printCsv, printJson, toCsvLine } from '../render.js';

/** As commander hands them over: the import's own options, with lists and flags still as typed. */
type ImportCommandOptions = Pick<ImportOptions, 'map' | 'delimiter' | 'encoding' | 'onDuplicate' | 'stage' | 'source' | 'owner'> & {
  nullValues?: string;
  rejects?: string;
  dryRun?: boolean;
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
    .option('--rejects <file>', t('help.rejectsOption'))
    .option('--dry-run', t('help.dryRunOption'))
    .addHelpText('after', `\n${t('help.importExamples')}`)
    .action(async (file: string, options: ImportCommandOptions) => {
      const [{ importLeads }, { parseDelimiterOption }] = await Promise.all([import('../../import/importLeads.js'), import('../../import/sniffCsv.js')]);
      const delimiter = options.delimiter === undefined ? undefined : parseDelimiterOption(options.delimiter);
      // Refused before anything is read or written: `--rejects` naming the list itself would replace it.
      const rejectsTarget = options.rejects === undefined ? undefined : checkOutputPath(options.rejects, { inputs: file === '-' ? [] : [file], database: ctx.dbPath });
      const { stream, size } = openInput(ctx, file);
      const db = await ctx.database();
      const controller = new AbortController();
      const stopListening = abortOnInterrupt(controller);
      const progress = createProgress(ctx, size);
      const rejects = rejectsTarget ? new RejectsFile(rejectsTarget) : undefined;
      let result: ImportResult;
      try {
        const now = ctx.now();
        result = await importLeads(
          db,
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
            dryRun: Boolean(options.dryRun),
            parallel: size === undefined || size > PARALLEL_FROM_BYTES,
          },
          { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) },
          {
            signal: controller.signal,
            onProgress: (rows, bytes) => progress.update(rows, bytes),
            onHeader: (headers, fileDelimiter) => rejects?.start(headers, fileDelimiter),
            onReject: (fields, rejection) => rejects?.add(fields, rejection.line, describe(ctx, rejection.error)),
            beforeCommit: () => rejects?.flush(),
          },
        );
        rejects?.finish();
      } catch (error) {
        rejects?.discard();
        throw error;
      } finally {
        progress.done();
        stopListening();
        stream.destroy();
      }
      report(ctx, result, options);
    });
}

function openInput(ctx: Context, file: string): { stream: Readable; size?: number } {
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

function report(ctx: Context, result: ImportResult, options: ImportCommandOptions): void {
  const { t } = ctx;
  const summary = { importId: result.importId, rows: result.rows, created: result.created, updated: result.updated, skipped: result.skipped, rejected: result.rejected };
  if (ctx.format === 'json') printJson(ctx, summary);
  else if (ctx.format === 'csv') printCsv(ctx, Object.keys(summary).map((key) => ({ header: key, value: (s: typeof summary) => s[key as keyof typeof summary] })), [summary]);
  else ctx.print(t(result.dryRun ? 'import.summaryDryRun' : 'import.summary', { ...summary, importId: result.importId ?? '-' }));

  if (!result.recognised.identity && result.rows > 0) ctx.say(ctx.err.yellow(t('import.noIdentityColumn')));
  for (const rejection of result.firstRejections.slice(0, SHOWN_REJECTIONS)) {
    ctx.say(`${ctx.err.yellow(t('import.rejectedLine', { line: rejection.line }))} ${describe(ctx, rejection.error)}`);
  }
  if (result.rejected > SHOWN_REJECTIONS) ctx.say(t(options.rejects ? 'import.moreRejectionsInFile' : 'import.moreRejections', { count: result.rejected - SHOWN_REJECTIONS, file: options.rejects ?? '' }));
  else if (result.rejected > 0 && options.rejects) ctx.say(t('import.rejectsWritten', { file: options.rejects }));
  if (result.dryRun) ctx.say(t('import.dryRunNote'));
}

/** The rejected rows under the file's own header plus `line` and `error`, ready to fix and import again. */
class RejectsFile {
  private out: OutputFile | undefined;
  private delimiter = ',';

  constructor(private readonly target: OutputTarget) {}

  start(headers: string[], delimiter: string): void {
    this.delimiter = delimiter;
    this.out = new OutputFile(this.target);
    this.out.write(toCsvLine([...headers, 'line', 'error'], delimiter));
  }

  add(fields: string[], line: number, error: string): void {
    this.out?.write(toCsvLine([...fields, String(line), error], this.delimiter));
  }

  /** Every rejected row on disk before the import commits; the file takes its name only after. */
  flush(): void {
    this.out?.flush();
  }

  finish(): void {
    this.out?.commit();
  }

  discard(): void {
    this.out?.discard();
  }
}
