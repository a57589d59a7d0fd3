import { Argument, Option, type Command } from 'commander';
import { GROUP_KEYS, type GroupKey } from '../../store/store.js';
import type { Context } from '../context.js';

export const REPORTS = ['pipeline', 'funnel', 'gaps', 'sdr', 'aging', 'scores'] as const;
export type ReportName = (typeof REPORTS)[number];

export interface ReportOptions {
  since?: string;
  until?: string;
  owner?: string;
  source?: string;
  by?: GroupKey;
  olderThan: string;
  scoring?: string;
}

export function registerReportCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('report')
    .description(t('help.report'))
    .addArgument(new Argument('<report>', t('help.reportArgument')).choices(REPORTS))
    .option('--since <date>', t('help.sinceOption'))
    .option('--until <date>', t('help.untilOption'))
    .option('--owner <name>', t('help.ownerFilterOption'))
    .option('--source <source>', t('help.sourceFilterOption'))
    .addOption(new Option('--by <key>', t('help.byOption')).choices(GROUP_KEYS))
    .option('--older-than <days>', t('help.olderThanOption'), '30')
    .option('--scoring <file>', t('help.reportScoringOption'))
    .addHelpText('after', `\n${t('help.reportExamples')}`)
    .action(async (report: ReportName, options: ReportOptions) => {
      const { runReport } = await import('./reportAction.js');
      await runReport(ctx, report, options);
    });
}
