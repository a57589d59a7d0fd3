// The one place that knows @inquirer/prompts. Commands ask through the Prompter interface, so tests can
// answer with a scripted prompter and a person answers through the real one. Prompts draw on stderr:
// stdout stays for data.

import { cancelled } from '../domain/errors.js';
import type { Translate } from '../i18n/translate.js';
import type { Io } from './context.js';

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  input(question: { message: string; default?: string; required?: boolean; validate?: (value: string) => true | string }): Promise<string>;
  select<T extends string>(question: { message: string; choices: readonly Choice<T>[]; default?: T }): Promise<T>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
  /** A list filtered as the person types. */
  search<T extends string>(question: { message: string; source: (term: string | undefined) => readonly Choice<T>[] }): Promise<T>;
}

/** The value of the line shown when a search finds nothing; disabled, so it can never be chosen. */
const NO_MATCH = '\u0000no-match';
type PromptContext = { input: Io['stdin']; output: Io['stderr']; signal?: AbortSignal };

export function createInquirerPrompter(io: Io, t: Translate): Prompter {
  const context = { input: io.stdin, output: io.stderr };
  // The key hints under lists ("↑↓ navigate • ⏎ select") in the user's language.
  const theme = { style: { keysHelpTip: (keys: [string, string][]) => keys.map(([key, action]) => `${key} ${t(`prompt.${action}`)}`).join(' • ') } };
  // Loaded on first use: @inquirer/prompts is the heaviest import and most runs never prompt.
  const prompts = import('@inquirer/prompts');
  // The terminal closing (SIGHUP) ends the interview like Ctrl-C: the open prompt, or the next one if it
  // comes while an answer is being saved (a round trip to a PostgreSQL server takes a while). The command
  // then stops the way it does on Ctrl-C, answers saved so far kept, instead of being killed wherever it is.
  const hangUp = new AbortController();
  process.on('SIGHUP', () => hangUp.abort());
  const ask = async <T>(run: (p: Awaited<typeof prompts>, context: PromptContext) => Promise<T>): Promise<T> => {
    if (hangUp.signal.aborted) throw cancelled();
    try {
      return await run(await prompts, { ...context, signal: hangUp.signal });
    } catch (error) {
      // Ctrl-C (or the terminal closing) while a prompt is open.
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw cancelled();
      throw error;
    }
  };
  // confirm's words come from its theme: the hint shows their first letters, (O/n) in French, and typing any
  // start of them answers (o, oui, n, non; y and n are always understood too).
  const yes = t('qualify.yes');
  const no = t('qualify.no');
  const confirmTheme = { keywords: { yes, no, error: () => t('prompt.yesNoError', { yes: yes[0]!, no: no[0]! }) } };
  // search says "No results found" in English when nothing matches; a disabled line in the user's language says it instead.
  const nothing = { value: NO_MATCH, name: t('prompt.noResults'), disabled: ' ' };
  return {
    input: (question) => ask((p, c) => p.input(question, c)),
    select: (question) => ask((p, c) => p.select({ ...question, choices: [...question.choices], pageSize: 12, theme }, c)),
    confirm: (question) => ask((p, c) => p.confirm({ ...question, theme: confirmTheme }, c)),
    // The no-match line is disabled, so what search returns is always one of the question's values.
    search: <T extends string>(question: Parameters<Prompter['search']>[0] & { source: (term: string | undefined) => readonly Choice<T>[] }) =>
      ask((p, c) =>
        p.search<string>(
          {
            message: question.message,
            source: (term) => {
              const found = question.source(term);
              return found.length === 0 && term ? [nothing] : [...found];
            },
            pageSize: 12,
            theme,
          },
          c,
        ),
      ) as Promise<T>,
  };
}
