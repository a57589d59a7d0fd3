import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { cancelled, usageError } from '../../domain/errors.js';
import { isStage, STAGES, type Stage } from '../../domain/stages.js';
import type { Context } from '../context.js';
import { abortOnInterrupt, letSignalsIn } from '../interrupt.js';
import { leadCsvColumns, leadToJson } from '../leadViews.js';
import { checkOutputPath, OutputFile } from '../outputFile.js';
import { collect } from '../program.js';
import { toCsvLine } from '../render.js';

export function registerExportCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('export')
    .description(t('help.export'))
    .option('--stage <stage>', t('help.stageFilterOption', { stages: STAGES.join(', ') }), collect, [])
    .option('-o, --output <file>', t('help.outputOption'))
    .addHelpText('after', `\n${t('help.exportExamples')}`)
    .action(async (options: { stage: string[]; output?: string }) => {
      const stages = options.stage.flatMap((value) => value.split(',')).map((value) => value.trim());
      for (const stage of stages) if (!isStage(stage)) throw usageError('stage.unknown', { stage });
      // Before the database is even opened: `-o` naming the database itself would replace it with a CSV.
      const target = options.output === undefined ? undefined : checkOutputPath(options.output, { inputs: [], database: ctx.dbFile });
      const store = await ctx.store();
      const filter = { stages: stages as Stage[] };
      const controller = new AbortController();
      const stopListening = abortOnInterrupt(controller);
      const file = target ? new OutputFile(target) : undefined;
      const write = file ? fileWriter(file, controller.signal) : streamWriter(ctx.io.stdout as Writable, controller.signal);
      let count = 0;
      try {
        if (ctx.format === 'json') {
          await write('[');
          for await (const lead of store.leads.iterate(filter)) await write(`${count++ ? ',' : ''}\n  ${JSON.stringify(leadToJson(lead))}`);
          await write(count ? '\n]\n' : ']\n');
        } else {
          const columns = leadCsvColumns([], await store.leads.customFieldNames(filter));
          await write(toCsvLine(columns.map((column) => column.header)));
          for await (const lead of store.leads.iterate(filter)) {
            count++;
            await write(toCsvLine(columns.map((column) => String(column.value(lead) ?? ''))));
          }
        }
        file?.commit();
      } catch (error) {
        file?.discard();
        throw error;
      } finally {
        stopListening();
      }
      ctx.say(t('export.done', { count, target: options.output ?? 'stdout' }));
    });
}

/** Each time a chunk reaches the disk, pending signals get their turn: Ctrl-C stops a long export. */
function fileWriter(file: OutputFile, signal: AbortSignal): (text: string) => Promise<void> {
  return async (text) => {
    if (!file.write(text)) return;
    await letSignalsIn();
    if (signal.aborted) throw cancelled('export.cancelled');
  };
}

/** To standard output, with its back-pressure; every 256 KB pending signals get their turn too. */
function streamWriter(out: Writable, signal: AbortSignal): (text: string) => Promise<void> {
  let sinceLastLook = 0;
  return async (text) => {
    sinceLastLook += text.length;
    if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
    else if (sinceLastLook < 256 * 1024) return;
    sinceLastLook = 0;
    await letSignalsIn();
    if (signal.aborted) throw cancelled('export.cancelled');
  };
}
