import type { Command } from 'commander';
import type { Context } from '../context.js';

export interface LearnOptions {
  holdout?: string;
  precision?: string;
  seed?: string;
  output?: string;
  ignore?: string;
  scoring?: string;
}

/** `bant score learn`, under `bant score`. */
export function registerScoreLearnCommand(score: Command, ctx: Context): void {
  const { t } = ctx;
  score
    .command('learn')
    .description(t('help.scoreLearn'))
    .option('--holdout <share>', t('help.holdoutOption'))
    .option('--precision <share>', t('help.precisionOption'))
    .option('--seed <n>', t('help.seedOption'))
    .option('-o, --output <file>', t('help.learnOutputOption'))
    .option('--ignore <fields>', t('help.ignoreOption'))
    .option('--scoring <file>', t('help.scoringOption'))
    .addHelpText('after', `\n${t('help.scoreLearnExamples')}`)
    .action(async function (this: Command) {
      // `score` has a --scoring option too: commander gives it to `score` whichever side of `learn` it was typed.
      const options = this.optsWithGlobals<LearnOptions>();
      const { runLearn } = await import('./learnAction.js');
      await runLearn(ctx, options);
    });
}
