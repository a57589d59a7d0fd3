import { Option, type Command } from 'commander';
import { QUALIFICATION_DECISIONS } from '../../domain/stages.js';
import type { Context } from '../context.js';
import type { QualifyOptions } from './qualifyAction.js';

export function registerQualifyCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('qualify')
    .description(t('help.qualify'))
    .argument('[ref]', t('help.qualifyRef'))
    .option('--sdr <name>', t('help.sdrOption'))
    .option('--answers <file>', t('help.answersOption'))
    .option('--resume', t('help.resumeOption'))
    .option('--dry-run', t('help.qualifyDryRunOption'))
    .addOption(new Option('--override <stage>', t('help.overrideOption')).choices(QUALIFICATION_DECISIONS))
    .option('--reason <text>', t('help.overrideReasonOption'))
    .option('--framework <id|file>', t('help.frameworkOption'))
    .addHelpText('after', `\n${t('help.qualifyExamples')}`)
    .action(async (ref: string | undefined, options: QualifyOptions) => {
      const { qualify } = await import('./qualifyAction.js');
      await qualify(ctx, ref, options);
    });
}

