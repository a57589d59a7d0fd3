import type { Command } from 'commander';
import { toIsoDate } from '../../domain/dates.js';
import type { Lead } from '../../domain/lead.js';
import type { Context } from '../context.js';
import { leadCsvColumns, leadToJson } from '../leadViews.js';
import { printRecords } from '../render.js';

const DAY_MS = 86_400_000;

export function registerNurtureCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  program
    .command('nurture')
    .description(t('help.nurture'))
    .option('--due', t('help.dueOption'))
    .addHelpText('after', `\n${t('help.nurtureExamples')}`)
    .action(async (options: { due?: boolean }) => {
      const today = toIsoDate(ctx.now());
      const leads = await (await ctx.store()).leads.nurturing(options.due ? today : undefined);
      const when = (lead: Lead) => {
        if (!lead.followUpOn) return '';
        const days = Math.round((Date.parse(lead.followUpOn) - Date.parse(today)) / DAY_MS);
        return days < 0 ? ctx.out.red(t('nurture.overdue', { days: -days })) : days === 0 ? ctx.out.yellow(t('nurture.today')) : t('nurture.inDays', { days });
      };
      const columns =
        ctx.format === 'csv'
          ? leadCsvColumns(leads)
          : [
              { header: t('column.id'), value: (lead: Lead) => lead.id },
              { header: t('column.name'), value: (lead: Lead) => [lead.firstName, lead.lastName].filter(Boolean).join(' ') },
              { header: t('field.company'), value: (lead: Lead) => lead.company },
              { header: t('column.followUpOn'), value: (lead: Lead) => lead.followUpOn },
              { header: t('nurture.due'), value: when },
              { header: t('field.owner'), value: (lead: Lead) => lead.owner },
              { header: t('column.score'), value: (lead: Lead) => lead.score },
            ];
      await printRecords(ctx, columns, leads, leadToJson);
      if (ctx.format === 'table' && leads.length === 0) ctx.say(t(options.due ? 'nurture.noneDue' : 'nurture.none'));
    });
}
