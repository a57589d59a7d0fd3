import { Argument, type Command } from 'commander';
import { SETTING_KEYS } from '../configFile.js';
import type { Context } from '../context.js';

export function registerConfigCommands(program: Command, ctx: Context): void {
  const { t } = ctx;
  const config = program.command('config').description(t('help.config')).addHelpText('after', `\n${t('help.configExamples')}`);
  // The key is checked by the action, not by commander's choices: an unknown key is invalid input (exit 3)
  // naming the keys, as a bad value is.
  const key = () => new Argument('<key>', t('help.configKey', { keys: SETTING_KEYS.join(', ') }));
  config
    .command('list')
    .description(t('help.configList'))
    .addHelpText('after', `\n${t('help.configExamples')}`)
    .action(async (_options: unknown, command: Command) => {
      const { listSettings } = await import('./configAction.js');
      await listSettings(ctx, command);
    });
  config
    .command('get')
    .description(t('help.configGet'))
    .addArgument(key())
    .addHelpText('after', `\n${t('help.configExamples')}`)
    .action(async (name: string, _options: unknown, command: Command) => {
      const { getSetting } = await import('./configAction.js');
      getSetting(ctx, command, name);
    });
  config
    .command('set')
    .description(t('help.configSet'))
    .addArgument(key())
    .argument('<value>', t('help.configValue'))
    .addHelpText('after', `\n${t('help.configExamples')}`)
    .action(async (name: string, value: string) => {
      const { setSetting } = await import('./configAction.js');
      setSetting(ctx, name, value);
    });
  config
    .command('unset')
    .description(t('help.configUnset'))
    .addArgument(key())
    .addHelpText('after', `\n${t('help.configExamples')}`)
    .action(async (name: string) => {
      const { unsetSetting } = await import('./configAction.js');
      unsetSetting(ctx, name);
    });
}
