import { Option, type Command } from 'commander';
import { DATE_ORDERS, ENCODINGS } from '../../import/importChoices.js';
import type { Context } from '../context.js';
import { collect } from '../program.js';

export interface ActivityAddOptions {
  at?: string;
  source?: string;
  set: string[];
  scoring?: string;
}

export interface ActivityImportCommandOptions {
  map?: string;
  delimiter?: string;
  encoding?: (typeof ENCODINGS)[number];
  nullValues?: string;
  dateOrder?: (typeof DATE_ORDERS)[number];
  source?: string;
  createLeads?: boolean;
  rejects?: string;
  dryRun?: boolean;
  scoring?: string;
}

export function registerActivityCommands(program: Command, ctx: Context): void {
  const { t } = ctx;
  const activity = program.command('activity').description(t('help.activity')).addHelpText('after', `\n${t('help.activityExamples')}`);

  activity
    .command('add')
    .description(t('help.activityAdd'))
    .argument('<ref>', t('help.refArgument'))
    .argument('<type>', t('help.activityTypeArgument'))
    .option('--at <date>', t('help.activityAtOption'))
    .option('--source <source>', t('help.activitySourceOption'))
    .option('--set <name=value>', t('help.activitySetOption'), collect, [])
    .option('--scoring <file>', t('help.scoringOption'))
    .addHelpText('after', `\n${t('help.activityAddExamples')}`)
    .action(async (ref: string, type: string, options: ActivityAddOptions) => {
      const { runActivityAdd } = await import('./activityAction.js');
      await runActivityAdd(ctx, ref, type, options);
    });

  activity
    .command('import')
    .description(t('help.activityImport'))
    .argument('<file>', t('help.importFile'))
    .option('--map <pairs>', t('help.activityMapOption'))
    .option('--delimiter <char>', t('help.delimiterOption'))
    .addOption(new Option('--encoding <name>', t('help.encodingOption')).choices(ENCODINGS))
    .option('--null-values <list>', t('help.nullValuesOption'))
    .addOption(new Option('--date-order <order>', t('help.dateOrderOption')).choices(DATE_ORDERS))
    .option('--source <source>', t('help.activityImportSourceOption'))
    .option('--create-leads', t('help.createLeadsOption'))
    .option('--rejects <file>', t('help.rejectsOption'))
    .option('--dry-run', t('help.dryRunOption'))
    .option('--scoring <file>', t('help.scoringOption'))
    .addHelpText('after', `\n${t('help.activityImportExamples')}`)
    .action(async (file: string, options: ActivityImportCommandOptions) => {
      const { runActivityImport } = await import('./activityAction.js');
      await runActivityImport(ctx, file, options);
    });

  activity
    .command('list')
    .description(t('help.activityList'))
    .argument('<ref>', t('help.refArgument'))
    .addHelpText('after', `\n${t('help.activityListExamples')}`)
    .action(async (ref: string) => {
      const { runActivityList } = await import('./activityAction.js');
      await runActivityList(ctx, ref);
    });
}
