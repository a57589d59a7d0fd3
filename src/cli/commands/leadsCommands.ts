import type { Command } from 'commander';
import { toIsoDate } from '../../domain/dates.js';
import { usageError } from '../../domain/errors.js';
import {
  checkCustomFieldName,
  displayName,
  isValidEmail,
  LEAD_FIELDS,
  normaliseEmail,
  type CustomFields,
  type LeadFieldName,
} from '../../domain/lead.js';
import { CREATION_STAGES, isStage, STAGES, type Stage } from '../../domain/stages.js';
import { assignLeads } from '../../leads/assignLeads.js';
import { findLeadOrFail } from '../../leads/findLeadOrFail.js';
import { forgetLead } from '../../leads/forgetLead.js';
import { showLead } from '../../leads/showLead.js';
import { SORTABLE_FIELDS, type SortableField } from '../../store/store.js';
import type { Context } from '../context.js';
import { leadCsvColumns, leadListColumns, leadToJson, printLeadCard, qualificationColumns, stageHistoryColumns, stageLabel } from '../leadViews.js';
import { parseCount } from '../parseCount.js';
import { collect } from '../program.js';
import { printCsv, printJson, printRecords, printTable } from '../render.js';
import { addScoringOption, scoringFor } from '../scoringOption.js';

/** Table output pages by default; scripts asking for JSON or CSV get every match unless they say --limit. */
const DEFAULT_TABLE_LIMIT = 50;

type FieldOptions = Partial<Record<string, string>> & { set?: string[] };

export function registerLeadsCommands(program: Command, ctx: Context): void {
  const { t } = ctx;
  const leads = program.command('leads').description(t('help.leads')).addHelpText('after', `\n${t('help.leadsExamples')}`);

  const add = leads.command('add').description(t('help.leadsAdd'));
  addFieldOptions(add, ctx);
  add.option('--stage <stage>', t('help.creationStageOption', { stages: CREATION_STAGES.join(', ') }));
  addScoringOption(add, ctx)
    .addHelpText('after', `\n${t('help.leadsAddExamples')}`)
    .action(async (options: FieldOptions & { stage?: string; scoring?: string }) => {
      const scoring = await scoringFor(ctx, options.scoring);
      const texts = fieldTexts(options);
      const custom = parseSetOptions(options.set ?? []);
      let stage = options.stage;
      if (!LEAD_IDENTITY_FIELDS.some((name) => texts[name]?.trim())) {
        if (!ctx.interactive) throw usageError('lead.identityRequired');
        stage = await promptForNewLead(ctx, texts, stage);
      }
      const now = ctx.now();
      // Loaded here, not at start-up: adding a lead scores it, and the scoring code is not small.
      const { addLead } = await import('../../leads/addLead.js');
      const lead = await addLead(await ctx.store(), { texts, custom, stage: stage ?? 'lead' }, { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) }, scoring);
      ctx.say(t('lead.added', { id: lead.id, name: displayName(lead), stage: stageLabel(ctx, lead.stage) }));
      printLead(ctx, lead);
    });

  leads
    .command('list')
    .description(t('help.leadsList'))
    .option('--stage <stage>', t('help.stageFilterOption', { stages: STAGES.join(', ') }), collect, [])
    .option('--owner <name>', t('help.ownerFilterOption'))
    .option('--source <source>', t('help.sourceFilterOption'))
    .option('--search <text>', t('help.searchOption'))
    .option('--sort <field>', t('help.sortOption', { fields: SORTABLE_FIELDS.join(', ') }))
    .option('--limit <n>', t('help.limitOption', { n: DEFAULT_TABLE_LIMIT }))
    .option('--offset <n>', t('help.offsetOption'), '0')
    .addHelpText('after', `\n${t('help.leadsListExamples')}`)
    .action(async (options: { stage: string[]; owner?: string; source?: string; search?: string; sort?: string; limit?: string; offset: string }) => {
      const stages = options.stage.flatMap((value) => value.split(',')).map((value) => value.trim());
      for (const stage of stages) if (!isStage(stage)) throw usageError('stage.unknown', { stage });
      const limit = options.limit === undefined ? (ctx.format === 'table' ? DEFAULT_TABLE_LIMIT : undefined) : parseCount('--limit', options.limit);
      const offset = parseCount('--offset', options.offset);
      const store = await ctx.store();
      const { leads: found, more } = await store.leads.list({
        stages: stages as Stage[],
        owner: options.owner,
        source: options.source,
        search: options.search,
        sort: options.sort === undefined ? undefined : parseSort(options.sort),
        limit,
        offset,
      });
      await printRecords(ctx, ctx.format === 'csv' ? leadCsvColumns(found) : leadListColumns(ctx), found, leadToJson);
      if (ctx.format === 'table') {
        if (found.length === 0) ctx.say(t('list.none'));
        else ctx.say(t('list.showing', { from: offset + 1, to: offset + found.length }) + (more ? ` ${t('list.more', { offset: offset + found.length })}` : ''));
      }
    });

  leads
    .command('show')
    .description(t('help.leadsShow'))
    .argument('<ref>', t('help.refArgument'))
    .addHelpText('after', `\n${t('help.leadsShowExamples')}`)
    .action(async (ref: string) => {
      const store = await ctx.store();
      const { lead, history, qualifications } = await showLead(store, ref);
      if (ctx.format === 'json') return printJson(ctx, { ...leadToJson(lead), history, qualifications });
      if (ctx.format === 'csv') return printCsv(ctx, leadCsvColumns([lead]), [lead]);
      printLeadCard(ctx, lead);
      ctx.print(`\n${ctx.out.bold(t('lead.history'))}`);
      await printTable(ctx, stageHistoryColumns(ctx, await criterionLabels(ctx)), history);
      if (qualifications.length) {
        // Each attempt with the framework it was decided under (loaded only here: start-up time is a target).
        const [{ FrameworkLibrary }, { loadFramework }] = await Promise.all([import('../../qualify/storedFramework.js'), import('../../qualify/loadFramework.js')]);
        const library = new FrameworkLibrary(store, () => loadFramework(ctx.io.env.BANT_FRAMEWORK || undefined));
        const frameworks = new Map(await Promise.all(qualifications.map(async (q) => [q.id, (await library.frameworkOf(q)).framework] as const)));
        ctx.print(`\n${ctx.out.bold(t('lead.qualifications'))}`);
        await printTable(ctx, qualificationColumns(ctx, (q) => frameworks.get(q.id)), qualifications);
      }
    });

  const edit = leads.command('edit').description(t('help.leadsEdit')).argument('<ref>', t('help.refArgument'));
  addFieldOptions(edit, ctx);
  edit.option('--unset <name>', t('help.unsetOption'), collect, []);
  addScoringOption(edit, ctx)
    .addHelpText('after', `\n${t('help.leadsEditExamples')}`)
    .action(async (ref: string, options: FieldOptions & { unset: string[]; scoring?: string }) => {
      const texts = fieldTexts(options);
      const set = parseSetOptions(options.set ?? []);
      if (!Object.keys(texts).length && !Object.keys(set).length && !options.unset.length) throw usageError('lead.nothingToEdit');
      const scoring = await scoringFor(ctx, options.scoring);
      const now = ctx.now();
      const { editLead } = await import('../../leads/editLead.js');
      const lead = await editLead(await ctx.store(), ref, { texts, set, unset: options.unset }, { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) }, scoring);
      ctx.say(t('lead.edited', { id: lead.id, name: displayName(lead) }));
      printLead(ctx, lead);
    });

  leads
    .command('assign')
    .description(t('help.leadsAssign'))
    .argument('<ref...>', t('help.refsArgument'))
    .requiredOption('--owner <name>', t('help.ownerOption'))
    .addHelpText('after', `\n${t('help.leadsAssignExamples')}`)
    .action(async (refs: string[], options: { owner: string }) => {
      const assigned = await assignLeads(await ctx.store(), refs, options.owner, ctx.now().toISOString());
      ctx.say(t('lead.assigned', { count: assigned.length, owner: options.owner.trim() }));
      if (ctx.format !== 'table') await printRecords(ctx, leadCsvColumns(assigned), assigned, leadToJson);
    });

  leads
    .command('forget')
    .description(t('help.leadsForget'))
    .argument('<ref>', t('help.refArgument'))
    .option('-y, --yes', t('help.yesOption'))
    .addHelpText('after', `\n${t('help.leadsForgetExamples')}`)
    .action(async (ref: string, options: { yes?: boolean }) => {
      const store = await ctx.store();
      // A forgotten lead can be forgotten again (by its id): that removes copies a reader kept alive last time.
      const lead = await findLeadOrFail(store.leads, ref, { includeForgotten: true });
      if (!options.yes) {
        if (!ctx.interactive) throw usageError('forget.needsYes', { ref });
        const prompter = await ctx.prompter();
        const sure = await prompter.confirm({ message: t('forget.confirm', { id: lead.id, name: displayName(lead) }), default: false });
        if (!sure) {
          ctx.say(t('forget.kept'));
          return;
        }
      }
      const { lead: forgotten, traceless } = await forgetLead(store, String(lead.id), ctx.now().toISOString());
      ctx.say(t('forget.done', { id: forgotten.id }));
      if (!traceless) ctx.say(ctx.err.yellow(t('forget.copiesLeft', { file: ctx.dbLocation, id: forgotten.id })));
      if (ctx.format === 'json') printJson(ctx, leadToJson(forgotten));
    });
}

const LEAD_IDENTITY_FIELDS: readonly LeadFieldName[] = ['email', 'external_id', 'first_name', 'last_name', 'company'];

function addFieldOptions(command: Command, ctx: Context): void {
  for (const field of LEAD_FIELDS) command.option(`--${field.flag} <value>`, ctx.t(`field.${field.name}`));
  command.option('--set <name=value>', ctx.t('help.setOption'), collect, []);
}

/** Commander names options in camelCase after their flag (`--first-name` → firstName). */
function fieldTexts(options: FieldOptions): Partial<Record<LeadFieldName, string>> {
  const texts: Partial<Record<LeadFieldName, string>> = {};
  for (const field of LEAD_FIELDS) {
    const key = field.flag.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
    const value = options[key];
    if (typeof value === 'string') texts[field.name] = value;
  }
  return texts;
}

function parseSetOptions(pairs: string[]): CustomFields {
  const custom: CustomFields = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw usageError('lead.badSet', { value: pair });
    const name = pair.slice(0, equals).trim();
    const problem = checkCustomFieldName(name);
    if (problem) throw problem;
    custom[name] = pair.slice(equals + 1);
  }
  return custom;
}

/** `--sort score` ascending, `--sort -score` descending. */
function parseSort(text: string): { field: SortableField; descending: boolean } {
  const descending = text.startsWith('-');
  const field = (descending ? text.slice(1) : text).replace(/-/g, '_');
  if (!(SORTABLE_FIELDS as readonly string[]).includes(field)) {
    throw usageError('list.badSort', { field: text, fields: SORTABLE_FIELDS.join(', ') });
  }
  return { field: field as SortableField, descending };
}

function printLead(ctx: Context, lead: Parameters<typeof leadToJson>[0]): void {
  if (ctx.format === 'json') printJson(ctx, leadToJson(lead));
  else if (ctx.format === 'csv') printCsv(ctx, leadCsvColumns([lead]), [lead]);
  else printLeadCard(ctx, lead);
}

/** At a terminal, `bant leads add` with no identity asks for the usual fields; Enter skips one. */
async function promptForNewLead(ctx: Context, texts: Partial<Record<LeadFieldName, string>>, stage: string | undefined): Promise<string> {
  const { t } = ctx;
  const prompter = await ctx.prompter();
  const asked: LeadFieldName[] = ['email', 'first_name', 'last_name', 'company', 'title'];
  for (const name of asked) {
    if (texts[name] !== undefined) continue;
    const answer = await prompter.input({
      message: t(`field.${name}`),
      validate: name === 'email' ? (value) => !value.trim() || isValidEmail(normaliseEmail(value)) || t('lead.invalidEmail', { value }) : undefined,
    });
    if (answer.trim()) texts[name] = answer;
  }
  if (!LEAD_IDENTITY_FIELDS.some((name) => texts[name]?.trim())) throw usageError('lead.identityRequired');
  if (stage) return stage;
  return prompter.select({
    message: t('column.stage'),
    choices: CREATION_STAGES.map((value) => ({ value, name: stageLabel(ctx, value) })),
    default: 'lead',
  });
}

/** Criterion id → its label in the framework in use, for history rows written by qualifications. */
async function criterionLabels(ctx: Context): Promise<(id: string) => string> {
  const { loadFramework } = await import('../../qualify/loadFramework.js');
  try {
    const framework = loadFramework(ctx.io.env.BANT_FRAMEWORK || undefined);
    return (id) => framework.criteria.find((criterion) => criterion.id === id)?.label[ctx.lang] ?? id;
  } catch {
    return (id) => id; // a framework file that no longer loads: the ids still say which criterion
  }
}
