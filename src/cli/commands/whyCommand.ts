import type { Command } from 'commander';
import type { Context } from '../context.js';

export function registerWhyCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('why')
    .description(t('help.why'))
    .argument('<ref>', t('help.refArgument'))
    .addHelpText('after', `\n${t('help.whyExamples')}`)
    .action(async (ref: string) => {
      const { runWhy } = await import('./whyAction.js');
      await runWhy(ctx, ref);
    });
}
