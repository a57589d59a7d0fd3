// The commander program: global options, and one register function per command group. Help texts come
// from the catalog, so `bant --help --lang fr` is French from the first line to the last.

import { type Argument, Command, Help, Option } from 'commander';
import { LANGUAGES } from '../i18n/translate.js';
import { registerActivityCommands } from './commands/activityCommand.js';
import { registerDbCommands } from './commands/dbCommand.js';
import { registerDemoCommand } from './commands/demoCommand.js';
import { registerExportCommand } from './commands/exportCommand.js';
import { registerFrameworksCommands } from './commands/frameworksCommand.js';
import { registerImportCommand } from './commands/importCommand.js';
import { registerInitCommand } from './commands/initCommand.js';
import { registerNurtureCommand } from './commands/nurtureCommand.js';
import { registerQualifyCommand } from './commands/qualifyCommand.js';
import { registerReportCommand } from './commands/reportCommand.js';
import { registerScoreCommand } from './commands/scoreCommand.js';
import { registerWhyCommand } from './commands/whyCommand.js';
import { registerLeadsCommands } from './commands/leadsCommands.js';
import { registerStageCommand } from './commands/stageCommand.js';
import { registerCompletionCommand } from './commands/completionCommand.js';
import { registerConfigCommands } from './commands/configCommand.js';
import { FORMAT_CHOICES, type Context, type GlobalOptions } from './context.js';
import packageJson from '../../package.json' with { type: 'json' };

export function buildProgram(ctx: Context): Command {
  const { t } = ctx;
  const program = new Command('bant');

  // Errors are printed (translated) by main.ts; commander only reports them.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: () => undefined,
    })
    .configureHelp(localisedHelp(ctx))
    .helpOption('-h, --help', t('help.helpOption'))
    .helpCommand('help [command]', t('help.helpCommand'))
    .showSuggestionAfterError(true)
    .description(t('help.program'))
    .version(packageJson.version, '-V, --version', t('help.versionOption'))
    .addOption(new Option('--db <path>', t('help.dbOption')))
    .addOption(new Option('--format <format>', t('help.formatOption')).choices(FORMAT_CHOICES).default('table'))
    .addOption(new Option('--no-color', t('help.noColorOption')))
    .addOption(new Option('--lang <lang>', t('help.langOption')).choices(LANGUAGES))
    .addOption(new Option('--debug', t('help.debugOption')))
    .addHelpText('after', `\n${t('help.programExamples')}`)
    .hook('preAction', (_program, action) => ctx.applyGlobalOptions(action.optsWithGlobals<GlobalOptions>(), action));
  // The settings file's format sits between commander's default and the command line, as commander's own
  // 'config' source does: --format still wins.
  const configuredFormat = ctx.config.values.format;
  if (configuredFormat) program.setOptionValueWithSource('format', configuredFormat, 'config');

  registerInitCommand(program, ctx);
  registerLeadsCommands(program, ctx);
  registerStageCommand(program, ctx);
  registerQualifyCommand(program, ctx);
  registerWhyCommand(program, ctx);
  registerFrameworksCommands(program, ctx);
  registerNurtureCommand(program, ctx);
  registerReportCommand(program, ctx);
  registerDemoCommand(program, ctx);
  registerImportCommand(program, ctx);
  registerActivityCommands(program, ctx);
  registerScoreCommand(program, ctx);
  registerExportCommand(program, ctx);
  registerDbCommands(program, ctx);
  registerConfigCommands(program, ctx);
  registerCompletionCommand(program, ctx);
  return program;
}

/** Commander's own words ("Usage:", "Options:") go through the catalog too. */
function localisedHelp(ctx: Context): Partial<Help> {
  const titles: Record<string, string> = {
    'Usage:': ctx.t('help.usage'),
    'Options:': ctx.t('help.options'),
    'Commands:': ctx.t('help.commands'),
    'Arguments:': ctx.t('help.arguments'),
    'Global Options:': ctx.t('help.globalOptions'),
  };
  return {
    showGlobalOptions: true,
    styleTitle: (title: string) => ctx.out.bold(titles[title] ?? title),
    // Commander adds "(choices: …)" and "(default: …)" in English, to options and arguments (`bant report
    // <report>`); say them in the user's language.
    optionDescription: (option: Option) => withChoicesAndDefault(ctx, option.description, option.argChoices, option.defaultValue),
    argumentDescription: (argument: Argument) => withChoicesAndDefault(ctx, argument.description, argument.argChoices, argument.defaultValue),
  };
}

function withChoicesAndDefault(ctx: Context, description: string, choices: readonly string[] | undefined, defaultValue: unknown): string {
  const extras: string[] = [];
  if (choices) extras.push(ctx.t('help.choices', { choices: choices.join(', ') }));
  if (defaultValue !== undefined && typeof defaultValue !== 'boolean' && !(Array.isArray(defaultValue) && defaultValue.length === 0)) {
    extras.push(ctx.t('help.default', { value: String(defaultValue) }));
  }
  if (!extras.length) return description;
  return description ? `${description} (${extras.join(', ')})` : `(${extras.join(', ')})`;
}

/** For repeatable options: `--stage mql --stage sql`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
