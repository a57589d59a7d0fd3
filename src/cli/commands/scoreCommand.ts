import type { Command } from 'commander';
import type { Context } from '../context.js';
import { registerScoreLearnCommand } from './learnCommand.js';

export interface ScoreOptions {
  all?: boolean;
  asOf?: string;
  dryRun?: boolean;
  scoring?: string;
}

export function registerScoreCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  const score = program
    .command('score')
    .description(t('help.score'))
    .argument('[refs...]', t('help.scoreRefsArgument'))
    .option('--all', t('help.scoreAllOption'))
    .option('--as-of <date>', t('help.asOfOption'))
    .option('--dry-run', t('help.scoreDryRunOption'))
    .option('--scoring <file>', t('help.scoringOption'))
    .addHelpText('after', `\n${t('help.scoreExamples')}`)
    .action(async (refs: string[], options: ScoreOptions) => {
      const { runScore } = await import('./scoreAction.js');
      await runScore(ctx, refs, options);
    });

  score
    .command('why')
    .description(t('help.scoreWhy'))
    .argument('<ref>', t('help.refArgument'))
    .option('--as-of <date>', t('help.whyAsOfOption'))
    .option('--scoring <file>', t('help.scoringOption'))
    .addHelpText('after', `\n${t('help.scoreWhyExamples')}`)
    .action(async function (this: Command, ref: string) {
      // `score` has the same options: commander gives them to it, whichever side of `why` they were typed.
      const options = this.optsWithGlobals<ScoreOptions>();
      const { runScoreWhy } = await import('./scoreAction.js');
      await runScoreWhy(ctx, ref, options);
    });

  registerScoreLearnCommand(score, ctx);
}
