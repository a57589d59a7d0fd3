import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { cancelled, usageError } from '../../domain/errors.js';
import { CRMS, type Crm } from '../../domain/crmVocabulary.js';
import { isStage, STAGES, type Stage } from '../../domain/stages.js';
import type { Lead } from '../../domain/lead.js';
import type { Store } from '../../store/store.js';
import type { Context } from '../context.js';
import { abortOnInterrupt, letSignalsIn } from '../interrupt.js';
import { leadCsvColumns, leadToJson } from '../leadViews.js';
import type { HandOff } from '../crmLeadFile.js';
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
    .addOption(new Option('--to <crm>', t('help.toOption')).choices(CRMS))
    .addHelpText('after', `\n${t('help.exportExamples')}`)
    .action(async (options: { stage: string[]; output?: string; to?: Crm }, command: Command) => {
      const stages = options.stage.flatMap((value) => value.split(',')).map((value) => value.trim());
      for (const stage of stages) if (!isStage(stage)) throw usageError('stage.unknown', { stage });
      // A CRM's import file is CSV; a --format json asked for on this very command line cannot be honoured.
      if (options.to && ctx.format !== 'csv' && command.getOptionValueSourceWithGlobals('format') === 'cli') throw usageError('export.crmIsCsv', { crm: options.to });
      // Before the database is even opened: `-o` naming the database itself would replace it with a CSV.
      const target = options.output === undefined ? undefined : checkOutputPath(options.output, { inputs: [], database: ctx.dbFile });
      const store = await ctx.store();
      const filter = { stages: stages as Stage[] };
      const controller = new AbortController();
      const stopListening = abortOnInterrupt(controller);
      const file = target ? new OutputFile(target) : undefined;
      const write = file ? fileWriter(file, controller.signal) : streamWriter(ctx.io.stdout as Writable, controller.signal);
      let count = 0;
      const gaps = new Map<string, number>();
      try {
        if (options.to) {
          const crm = options.to;
          const { crmColumns, crmGaps } = await import('../crmLeadFile.js');
          const columns = crmColumns(ctx, crm, await store.leads.customFieldNames(filter));
          await write(toCsvLine(columns.map((column) => column.header)));
          for await (const batch of handOffs(ctx, store, store.leads.iterate(filter))) {
            for (const handOff of batch) {
              count++;
              const gap = crmGaps(crm, handOff.lead);
              if (gap) gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
              await write(toCsvLine(columns.map((column) => String(column.value(handOff) ?? ''))));
            }
          }
        } else if (ctx.format === 'json') {
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
      if (options.to) {
        ctx.say(t('export.doneTo', { count, crm: t(`crm.${options.to}`), target: options.output ?? 'stdout' }));
        for (const [gap, leads] of gaps) ctx.say(`${ctx.err.yellow(t('config.warning'))} ${t(`export.${gap}`, { count: leads, crm: t(`crm.${options.to}`) })}`);
      } else ctx.say(t('export.done', { count, target: options.output ?? 'stdout' }));
    });
}

const HAND_OFF_BATCH = 500;

/**
 * The leads in batches, each with its latest qualification and the framework that decided it: a few queries
 * per batch whatever its size (a per-lead read would be a round trip per lead on PostgreSQL).
 */
async function* handOffs(ctx: Context, store: Store, leads: AsyncIterable<Lead>): AsyncGenerator<HandOff[]> {
  const [{ FrameworkLibrary }, { loadFramework }] = await Promise.all([import('../../qualify/storedFramework.js'), import('../../qualify/loadFramework.js')]);
  const library = new FrameworkLibrary(store, () => loadFramework(ctx.io.env.BANT_FRAMEWORK || undefined));
  let batch: Lead[] = [];
  const complete = async (leadsOfBatch: Lead[]) => {
    const latest = await store.qualifications.latestForLeads(leadsOfBatch.map((lead) => lead.id));
    const out: HandOff[] = [];
    for (const lead of leadsOfBatch) {
      const qualification = latest.get(lead.id);
      out.push({ lead, qualification, framework: qualification ? (await library.frameworkOf(qualification)).framework : undefined });
    }
    return out;
  };
  for await (const lead of leads) {
    batch.push(lead);
    if (batch.length < HAND_OFF_BATCH) continue;
    yield await complete(batch);
    batch = [];
  }
  if (batch.length) yield await complete(batch);
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
