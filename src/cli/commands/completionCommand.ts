import { Argument, type Command } from 'commander';
import type { Context } from '../context.js';

// Here rather than beside the scripts: those (11 KB of text) load only when a script is asked for, not at
// every start of bant.
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function registerCompletionCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('completion')
    .description(t('help.completion'))
    .addArgument(new Argument('<shell>', t('help.completionShell')).choices(SHELLS))
    .addHelpText('after', `\n${t('help.completionExamples')}`)
    .action(async (shell: Shell) => {
      const [{ completionScript }, { completionTree }] = await Promise.all([import('../completionScripts.js'), import('../completionTree.js')]);
      // Read from the program as it is now, every command registered: the script cannot drift from them.
      ctx.print(completionScript(shell, completionTree(program, { helpCommand: t('help.helpCommand'), helpOption: t('help.helpOption') })));
    });
}
