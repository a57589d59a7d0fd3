import type { Command } from 'commander';
import type { Context } from '../context.js';

export function registerFrameworksCommands(program: Command, ctx: Context): void {
  const { t } = ctx;
  const frameworks = program.command('frameworks').description(t('help.frameworks')).addHelpText('after', `\n${t('help.frameworksExamples')}`);
  frameworks
    .command('list')
    .description(t('help.frameworksList'))
    .addHelpText('after', `\n${t('help.frameworksExamples')}`)
    .action(async () => {
      const { listFrameworks } = await import('./frameworksAction.js');
      await listFrameworks(ctx);
    });
  frameworks
    .command('show')
    .description(t('help.frameworksShow'))
    .argument('<id|file>', t('help.frameworksRef'))
    .addHelpText('after', `\n${t('help.frameworksExamples')}`)
    .action(async (ref: string) => {
      const { showFramework } = await import('./frameworksAction.js');
      showFramework(ctx, ref);
    });
  frameworks
    .command('check')
    .description(t('help.frameworksCheck'))
    .argument('<file>', t('help.frameworksRef'))
    .addHelpText('after', `\n${t('help.frameworksExamples')}`)
    .action(async (ref: string) => {
      const { checkFramework } = await import('./frameworksAction.js');
      checkFramework(ctx, ref);
    });
}
