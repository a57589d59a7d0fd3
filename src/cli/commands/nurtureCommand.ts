import type { Command } from 'commander';
import { toIsoDate } from '../../domain/dates.js';
import type { Lead } from '../../domain/lead.js';
import type { Store } from '../../store/store.js';
import { allowCalendarFormat, CALENDAR_FORMAT, type Context } from '../context.js';
import type { FollowUp } from '../followUpCalendar.js';
import { leadCsvColumns, leadToJson } from '../leadViews.js';
import { printRecords } from '../render.js';

const DAY_MS = 86_400_000;

export function registerNurtureCommand(program: Command, ctx: Context): void {
  const { t } = ctx;
  const nurture = program
    .command('nurture')
    .description(t('help.nurture'))
    .option('--due', t('help.dueOption'))
    .addHelpText('after', `\n${t('help.nurtureExamples')}`)
    .action(async (options: { due?: boolean }) => {
      const today = toIsoDate(ctx.now());
      const store = await ctx.store();
      const leads = await store.leads.nurturing(options.due ? today : undefined);
      if (ctx.format === CALENDAR_FORMAT) {
        const { followUpCalendar } = await import('../followUpCalendar.js');
        const followUps = await withReasons(ctx, store, leads.filter((lead) => lead.followUpOn));
        ctx.io.stdout.write(await followUpCalendar(ctx, followUps));
        ctx.say(t('nurture.calendarDone', { count: followUps.length }));
        const undated = leads.length - followUps.length;
        if (undated) ctx.say(t('nurture.undated', { count: undated, stage: 'nurturing' }));
        return;
      }
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
  allowCalendarFormat(nurture);
}

/**
 * Why each lead is in nurturing, in words: the criteria its latest qualification did not meet (named as the
 * framework that decided it names them) and an override's reason; else the reason of the move that put it there.
 */
async function withReasons(ctx: Context, store: Store, leads: readonly Lead[]): Promise<FollowUp[]> {
  const { t, lang } = ctx;
  const latest = await store.qualifications.latestForLeads(leads.map((lead) => lead.id));
  const [{ FrameworkLibrary }, { loadFramework }] = await Promise.all([import('../../qualify/storedFramework.js'), import('../../qualify/loadFramework.js')]);
  const library = new FrameworkLibrary(store, () => loadFramework(ctx.io.env.BANT_FRAMEWORK || undefined));
  const followUps: FollowUp[] = [];
  for (const lead of leads) {
    const q = latest.get(lead.id);
    const reasons: string[] = [];
    if (q?.finalStage === 'nurturing') {
      const { framework } = await library.frameworkOf(q);
      const label = (criterion: string) => framework?.criteria.find((c) => c.id === criterion)?.label[lang] ?? criterion;
      for (const reason of q.reasons ?? []) reasons.push(`${label(reason.criterion)} (${t(`status.${reason.status}`)})`);
      if (q.overrideReason) reasons.push(q.overrideReason);
    } else {
      const move = (await store.leads.history(lead.id)).filter((change) => change.toStage === 'nurturing').at(-1);
      if (move?.reason) reasons.push(move.reason);
    }
    followUps.push({ lead, reasons });
  }
  return followUps;
}
