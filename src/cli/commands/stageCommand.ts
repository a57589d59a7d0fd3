import type { Command } from 'commander';
import { toIsoDate } from '../../domain/dates.js';
import { displayName } from '../../domain/lead.js';
import { STAGES } from '../../domain/stages.js';
import { changeLeadStage } from '../../leads/changeLeadStage.js';
import type { Context } from '../context.js';
import { leadToJson, stageLabel } from '../leadViews.js';
import { printJson } from '../render.js';

export function registerStageCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('stage')
    .description(t('help.stage'))
    .argument('<ref>', t('help.refArgument'))
    .argument('<stage>', t('help.stageArgument', { stages: STAGES.join(', ') }))
    .option('--reason <text>', t('help.reasonOption'))
    .option('--follow-up-on <date>', t('help.followUpOption'))
    .addHelpText('after', `\n${t('help.stageExamples')}`)
    .action(async (ref: string, stage: string, options: { reason?: string; followUpOn?: string }) => {
      const now = ctx.now();
      const result = await changeLeadStage(
        await ctx.store(),
        { ref, to: stage, reason: options.reason, followUpOn: options.followUpOn },
        { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) },
      );
      const name = displayName(result.lead);
      if (!result.changed) ctx.say(t('stage.unchanged', { id: result.lead.id, name, stage: stageLabel(ctx, result.lead.stage) }));
      else {
        const followUp = result.lead.followUpOn ? t('stage.followUp', { date: result.lead.followUpOn }) : '';
        ctx.say(t('stage.moved', { id: result.lead.id, name, from: stageLabel(ctx, result.from), to: stageLabel(ctx, result.lead.stage) }) + followUp);
      }
      if (ctx.format === 'json') printJson(ctx, { ...leadToJson(result.lead), previousStage: result.from, changed: result.changed });
    });
}
