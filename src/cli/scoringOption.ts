// `--scoring FILE` on every command that scores leads (every write to a lead does), else BANT_SCORING, else
// the shipped model: loaded and checked whole before anything is read or written.

import type { Command } from 'commander';
import { loadScoringModel } from '../scoring/loadScoringModel.js';
import { prepareScoring, type Scoring } from '../scoring/rescoreLeads.js';
import type { Context } from './context.js';

export function addScoringOption(command: Command, ctx: Context): Command {
  return command.option('--scoring <file>', ctx.t('help.scoringOption'));
}

export function scoringFor(ctx: Context, file: string | undefined): Scoring {
  return prepareScoring(loadScoringModel(file, ctx.io.env));
}
