// The entry point: builds the program, runs it, and turns whatever ended the run into words and an exit
// code. The only place that sets the exit code.

import path from 'node:path';
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';
import { Context } from './cli/context.js';
import { environmentWithConfig, PATH_SETTINGS, readConfig, SETTINGS } from './cli/configFile.js';
import { DEFAULT_BUSY_TIMEOUT_SECONDS, isPostgresUrl, redactUrl, storeFault } from './store/openStore.js';
import { BantError, EXIT_CODES, usageError } from './domain/errors.js';
import { detectLang, isLang, loadLanguage } from './i18n/translate.js';
import { isGoneOutput, watchTerminal } from './cli/terminal.js';

export async function run(argv: string[], ctx: Context): Promise<number> {
  const program = buildProgram(ctx);
  // A settings file bant cannot use is said, never fatal: the command goes on with the defaults.
  for (const problem of ctx.config.problems) ctx.say(`${ctx.err.yellow(ctx.t('config.warning'))} ${ctx.t(problem.key, problem.params)}`);
  try {
    // As --lang refuses a language bant does not speak, so does its variable when it is the one in use,
    // rather than ignore it.
    const langVariable = ctx.io.env.BANT_LANG;
    const langFlag = argv.some((arg) => arg === '--lang' || arg.startsWith('--lang='));
    if (langVariable && !isLang(langVariable) && !langFlag) throw usageError('cli.badLangVariable', { value: langVariable });
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_CODES.ok;
  } catch (error) {
    return report(error, ctx, argv.includes('--debug'));
  } finally {
    await ctx.close();
  }
}

function report(error: unknown, ctx: Context, debug: boolean): number {
  const { t } = ctx;
  const bad = (text: string) => ctx.say(`${ctx.err.red(t('error.prefix'))} ${text}`);
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return EXIT_CODES.ok; // --help, --version
    // A group without its subcommand (`bant config`): commander has printed the group's help on stderr,
    // which says what to type; its placeholder message "(outputHelp)" would say nothing.
    if (error.code === 'commander.help') return EXIT_CODES.usage;
    bad(commanderMessage(error, ctx));
    ctx.say(t('error.seeHelp'));
    return EXIT_CODES.usage;
  }
  const known = error instanceof BantError ? error : worldFault(error, ctx);
  if (known) {
    const message = t(known.key, known.params);
    bad(message);
    settingBehind(known, message, ctx);
    if (debug) ctx.say((error as Error).stack ?? '');
    return known.exitCode;
  }
  bad(t('error.unexpected', { message: error instanceof Error ? error.message : String(error) }));
  if (debug) ctx.say(error instanceof Error ? (error.stack ?? '') : '');
  else ctx.say(t('error.debugHint'));
  return EXIT_CODES.unexpected;
}

/**
 * A database, framework or scoring model named by the settings file and refused: the error names the value, the
 * user may not remember where it comes from (they did not type it). Say it, with how to change it.
 */
function settingBehind(error: BantError, message: string, ctx: Context): void {
  for (const setting of SETTINGS) {
    const value = ctx.config.values[setting.key];
    if (!value || !setting.env || !ctx.config.fromConfig.has(setting.env) || !(PATH_SETTINGS as readonly string[]).includes(setting.key)) continue;
    // A database in a folder that does not exist is said by its folder. A PostgreSQL URL is never printed
    // whole (it may hold a password): any PostgreSQL fault names the server the setting points at.
    const named = isPostgresUrl(value) ? error.key.startsWith('pg.') : [value, path.dirname(value)].some((text) => text.length > 1 && message.includes(text));
    if (named) ctx.say(ctx.t('config.behindError', { name: setting.key, value: isPostgresUrl(value) ? redactUrl(value) : value, file: ctx.config.file }));
  }
}

/** A database that is busy, read-only, full or damaged is the world's fault, not a bug: exit 3 with words. */
function worldFault(error: unknown, ctx: Context): BantError | undefined {
  let busyTimeoutSeconds = DEFAULT_BUSY_TIMEOUT_SECONDS;
  try {
    busyTimeoutSeconds = ctx.busyTimeoutSeconds();
  } catch {
    // a bad BANT_BUSY_TIMEOUT was reported already, or is not what went wrong
  }
  return storeFault(error, ctx.storeTarget, busyTimeoutSeconds);
}

/** Commander's error messages are English; its codes and the names it quotes let us say them in any language. */
function commanderMessage(error: CommanderError, ctx: Context): string {
  const quoted = [...error.message.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? '');
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(error.message)?.[1];
  const hint = suggestion ? ` ${ctx.t('cli.didYouMean', { suggestion })}` : '';
  switch (error.code) {
    case 'commander.unknownCommand':
      return ctx.t('cli.unknownCommand', { command: quoted[0] ?? '' }) + hint;
    case 'commander.unknownOption':
      return ctx.t('cli.unknownOption', { option: quoted[0] ?? '' }) + hint;
    case 'commander.missingArgument':
      return ctx.t('cli.missingArgument', { argument: quoted[0] ?? '' });
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue':
      return ctx.t('cli.missingOptionValue', { option: quoted[0] ?? '' });
    case 'commander.invalidArgument': {
      const allowed = /Allowed choices are (.*)\./.exec(error.message)?.[1] ?? '';
      // "option '--format <format>' argument 'xml' is invalid" names the option first; "command-argument
      // value 'x' is invalid for argument 'report'" names the value first.
      const [option, value] = error.message.includes('command-argument') ? [quoted[1], quoted[0]] : [quoted[0], quoted[1]];
      return ctx.t('cli.invalidChoice', { option: option ?? '', value: value ?? '', allowed });
    }
    case 'commander.excessArguments':
      return ctx.t('cli.excessArguments');
    default:
      return error.message.replace(/^error: /, '');
  }
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url.endsWith('/dist/main.js');
if (isEntryPoint) {
  const releaseTerminal = watchTerminal(process.stdin);
  // `bant leads list | head`: when the reader goes away, stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    if (!isGoneOutput(error)) throw error;
  });
  // A terminal that has closed fails reads, raw mode and messages with EIO: no reason to crash. The open
  // prompt ends as on Ctrl-C (src/cli/prompter.ts), and bant ends with its own exit code.
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (!isGoneOutput(error)) throw error;
  });
  process.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (!isGoneOutput(error)) throw error;
  });
  const argv = process.argv.slice(2);
  // The settings file fills in the environment variables the environment leaves unset (src/cli/configFile.ts).
  const config = readConfig(process.env);
  const { env, fromConfig } = environmentWithConfig(process.env, config);
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env };
  const lang = detectLang(argv, env);
  await loadLanguage(lang);
  const ctx = new Context(io, lang, undefined, undefined, { ...config, fromConfig });
  process.exitCode = await run(argv, ctx);
  releaseTerminal();
}
