// `--scoring FILE` on every command that scores leads (every write to a lead does), else BANT_SCORING, else
// the shipped model: loaded and checked whole before anything is read or written.

import type { Command } from 'commander';
import type { Scoring } from '../scoring/rescoreLeads.js';
import type { Context } from './context.js';

export function addScoringOption(command: Command, ctx: Context): Command {
  return command.option('--scoring <file>', ctx.t('help.scoringOption'));
}

/** Loaded when a command runs, not when bant starts: start-up time is a target (PRODUCT.md). */
export async function scoringFor(ctx: Context, file: string | undefined): Promise<Scoring> {
  const [{ loadScoringModel }, { prepareScoring }] = await Promise.all([import('../scoring/loadScoringModel.js'), import('../scoring/rescoreLeads.js')]);
  return prepareScoring(loadScoringModel(file, ctx.io.env));
}
