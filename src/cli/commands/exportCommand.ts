import fs from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { invalidInput, usageError } from '../../domain/errors.js';
import { isStage, STAGES, type Stage } from '../../domain/stages.js';
import type { Context } from '../context.js';
import { leadCsvColumns, leadToJson } from '../leadViews.js';
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
      const store = await ctx.store();
      const filter = { stages: stages as Stage[] };
      // Written next to the target and renamed at the end: an interrupted export never leaves half a file.
      const tmp = options.output ? `${options.output}.partial` : undefined;
      let out: Writable;
      try {
        out = tmp ? fs.createWriteStream(tmp, { flags: 'w', mode: 0o600 }) : (ctx.io.stdout as Writable);
        if (tmp) fs.writeFileSync(tmp, '', { mode: 0o600 });
      } catch (error) {
        throw invalidInput('export.cannotWrite', { file: options.output ?? '', reason: (error as Error).message });
      }
      let count = 0;
      const write = async (text: string) => {
        if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
      };
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
      if (tmp && options.output) {
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
        fs.renameSync(tmp, options.output);
      }
      ctx.say(t('export.done', { count, target: options.output ?? 'stdout' }));
    });
}
