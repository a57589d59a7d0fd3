// What `bant completion` completes, read from the commander program itself (its commands, arguments, options
// and their choices), so that the shell scripts never drift from the commands. Values commander knows nothing
// of (stages on a --stage that takes lists, framework ids, sortable fields, setting keys) come from the same
// lists the commands check them against, found by the name of the placeholder (`<stage>`, `<id|file>`).

import type { Argument, Command, Option } from 'commander';
import { STAGES } from '../domain/stages.js';
import { shippedFrameworkIds } from '../qualify/loadFramework.js';
import { SORTABLE_FIELDS } from '../store/store.js';
import { PATH_SETTINGS, SETTING_CHOICES, SETTING_KEYS } from './configFile.js';

/** What may follow an option or stand at a position: words, and whether file names are welcome too. */
export interface ValueSpec {
  words: string[];
  files: boolean;
  /** For a value that depends on the argument before it (`bant config set lang <TAB>`): by that argument. */
  byPrevious?: Record<string, ValueSpec>;
}

export interface CompletionOption {
  /** `-o`, `--output` */
  flags: string[];
  description: string;
  /** Undefined for a switch (`--dry-run`). */
  value?: ValueSpec;
}

export interface CompletionCommand {
  /** The words that lead to it: [] for bant itself, ['leads', 'add']. */
  path: string[];
  description: string;
  subcommands: { name: string; description: string }[];
  /** Its own options and, for every command, bant's global ones. */
  options: CompletionOption[];
  /** One per positional argument; the last repeats when it is variadic (`<ref...>`). */
  args: ValueSpec[];
  variadic: boolean;
}

const NOTHING: ValueSpec = { words: [], files: false };

/**
 * Every command of the program, bant itself first, parents before their subcommands. `texts` describes what
 * commander adds by itself: the `help` command and the `-h, --help` option of each command.
 */
export function completionTree(program: Command, texts: { helpCommand: string; helpOption: string }): CompletionCommand[] {
  const globals = program.options.map(toCompletionOption);
  const commands: CompletionCommand[] = [];
  const visit = (command: Command, path: string[]) => {
    const subcommands = command.commands.map((sub) => ({ name: sub.name(), description: sub.description() }));
    // commander adds `help [command]` by itself; it completes the commands it can explain.
    if (path.length === 0) subcommands.push({ name: 'help', description: texts.helpCommand });
    const own = path.length === 0 ? [] : command.options.map(toCompletionOption);
    const help = [{ flags: ['-h', '--help'], description: texts.helpOption }];
    commands.push({
      path,
      description: command.description(),
      subcommands,
      options: [...own, ...help, ...globals],
      args: command.registeredArguments.map((argument) => argumentValues(argument, path)),
      variadic: command.registeredArguments.at(-1)?.variadic ?? false,
    });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  const root = commands[0]!;
  commands.push({ path: ['help'], description: texts.helpCommand, subcommands: [], options: globals, args: [{ words: root.subcommands.map((s) => s.name), files: false }], variadic: false });
  return commands;
}

function toCompletionOption(option: Option): CompletionOption {
  const flags = [option.short, option.long].filter((flag): flag is string => Boolean(flag));
  const takesValue = option.required || option.optional;
  return { flags, description: option.description, ...(takesValue ? { value: optionValues(option) } : {}) };
}

function optionValues(option: Option): ValueSpec {
  if (option.argChoices) return { words: [...option.argChoices], files: false };
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? '';
  return valuesNamed(placeholder);
}

function argumentValues(argument: Argument, path: string[]): ValueSpec {
  if (argument.argChoices) return { words: [...argument.argChoices], files: false };
  if (path.join(' ') === 'config set' && argument.name() === 'value') return settingValues();
  return valuesNamed(argument.name());
}

/** Values by the placeholder's name, for options and arguments commander has no choices for. */
function valuesNamed(placeholder: string): ValueSpec {
  const name = placeholder.replace(/\.\.\.$/, '');
  if (name === 'stage') return { words: [...STAGES], files: false };
  if (name === 'id|file') return { words: shippedFrameworkIds(), files: true };
  if (name === 'field') return { words: [...SORTABLE_FIELDS], files: false };
  if (name === 'key') return { words: [...SETTING_KEYS], files: false };
  if (/file|path|^from$|^to$/.test(name)) return { words: [], files: true };
  return NOTHING;
}

/** `bant config set <key> <value>`: the value's completions depend on the key. */
function settingValues(): ValueSpec {
  const byPrevious: Record<string, ValueSpec> = {};
  for (const key of SETTING_KEYS) {
    const choices = SETTING_CHOICES[key];
    if (choices) byPrevious[key] = { words: [...choices], files: false };
    else if (key === 'framework') byPrevious[key] = { words: shippedFrameworkIds(), files: true };
    else if ((PATH_SETTINGS as readonly string[]).includes(key)) byPrevious[key] = { words: [], files: true };
  }
  return { words: [], files: false, byPrevious };
}
