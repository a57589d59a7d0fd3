import type { Command } from 'commander';
import type { Context } from '../context.js';

export function registerDemoCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('demo')
    .description(t('help.demo'))
    .option('--framework <id|file>', t('help.frameworkOption'))
    .option('--scoring <file>', t('help.scoringOption'))
    .addHelpText('after', `\n${t('help.demoExamples')}`)
    .action(async (options: { framework?: string; scoring?: string }) => {
      const { runDemo } = await import('./demoAction.js');
      await runDemo(ctx, options);
    });
}
