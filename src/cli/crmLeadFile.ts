// A lead import file for the account executive's CRM (`bant export --to salesforce|hubspot`): the headers
// the CRM's import maps by itself, values in its vocabulary (src/domain/crmVocabulary.ts), and what the SDR
// learned in one text a person reads: the qualification's answers, statuses, decision, score and notes.
//
// Salesforce: the Data Import Wizard's labels for leads (Salesforce Help, "Field Mapping for Importing
// Leads"); the description goes in Description. HubSpot: its contact import's property labels (HubSpot
// Knowledge Base, "Set up your import files", "Import contacts"); HubSpot contacts have no description
// property, so the text is a note (Note body, Activity date), kept on the contact when the file is imported
// as contacts and notes. Custom fields follow, under their own names.

import { HUBSPOT_STAGE, isSalesforceLeadId, SALESFORCE_LEAD_STATUS, type Crm } from '../domain/crmVocabulary.js';
import type { Framework } from '../domain/framework.js';
import type { Lead } from '../domain/lead.js';
import type { QualificationRecord } from '../domain/qualification.js';
import { formatNumber } from '../i18n/translate.js';
import type { Context } from './context.js';
import { answerLabel } from './interview.js';
import { stageLabel } from './leadViews.js';
import type { Column } from './render.js';

/** A lead handed off, with its latest qualification and the framework that decided it, when it has one. */
export interface HandOff {
  lead: Lead;
  qualification?: QualificationRecord;
  framework?: Framework;
}

/** Every column the file has, custom fields last. */
export function crmColumns(ctx: Context, crm: Crm, customNames: readonly string[]): Column<HandOff>[] {
  const custom = customNames.map((name): Column<HandOff> => ({ header: name, value: ({ lead }) => lead.custom[name] }));
  const description = (handOff: HandOff) => handOffDescription(ctx, handOff);
  if (crm === 'salesforce') {
    return [
      // A lead that came from Salesforce (its export's Id) updates that lead instead of making a second one.
      { header: 'Lead ID', value: ({ lead }) => (isSalesforceLeadId(lead.externalId) ? lead.externalId : '') },
      { header: 'First Name', value: ({ lead }) => lead.firstName },
      { header: 'Last Name', value: ({ lead }) => lead.lastName },
      { header: 'Company', value: ({ lead }) => lead.company },
      { header: 'Title', value: ({ lead }) => lead.title },
      { header: 'Email', value: ({ lead }) => lead.email },
      { header: 'Phone', value: ({ lead }) => lead.phone },
      { header: 'Country', value: ({ lead }) => lead.country },
      { header: 'Industry', value: ({ lead }) => lead.industry },
      { header: 'No. of Employees', value: ({ lead }) => lead.employees },
      { header: 'Annual Revenue', value: ({ lead }) => lead.annualRevenue },
      { header: 'Lead Source', value: ({ lead }) => lead.source },
      { header: 'Lead Status', value: ({ lead }) => SALESFORCE_LEAD_STATUS[lead.stage] },
      { header: 'Record Owner', value: ({ lead }) => lead.owner },
      { header: 'Description', value: description },
      ...custom,
    ];
  }
  return [
    { header: 'Email', value: ({ lead }) => lead.email },
    { header: 'First Name', value: ({ lead }) => lead.firstName },
    { header: 'Last Name', value: ({ lead }) => lead.lastName },
    { header: 'Company Name', value: ({ lead }) => lead.company },
    { header: 'Job Title', value: ({ lead }) => lead.title },
    { header: 'Phone Number', value: ({ lead }) => lead.phone },
    { header: 'Country/Region', value: ({ lead }) => lead.country },
    { header: 'Industry', value: ({ lead }) => lead.industry },
    { header: 'Number of Employees', value: ({ lead }) => lead.employees },
    { header: 'Annual Revenue', value: ({ lead }) => lead.annualRevenue },
    { header: 'Lifecycle Stage', value: ({ lead }) => HUBSPOT_STAGE[lead.stage].lifecycleStage },
    { header: 'Lead Status', value: ({ lead }) => HUBSPOT_STAGE[lead.stage].leadStatus },
    // HubSpot assigns an owner by the user's email address; a name would fail the row.
    { header: 'Contact owner', value: ({ lead }) => (lead.owner?.includes('@') ? lead.owner : '') },
    { header: 'Note body', value: description },
    { header: 'Activity date', value: ({ lead, qualification }) => (qualification?.decidedAt ?? lead.updatedAt).slice(0, 10) },
    ...custom,
  ];
}

/**
 * What the account executive reads about the lead, in the SDR's language: the latest qualification (when,
 * who, under which framework, decision and score), each criterion's status and answers with the SDR's note,
 * an override and its reason, the follow-up; then bant's stage, score, source and owner, and its lead id.
 */
export function handOffDescription(ctx: Context, { lead, qualification: q, framework }: HandOff): string {
  const { t, lang } = ctx;
  const lines: string[] = [];
  if (q) {
    const frameworkName = framework?.name[lang] ?? q.frameworkId;
    lines.push(t('handOff.qualified', { framework: frameworkName, date: (q.decidedAt ?? '').slice(0, 10), sdr: q.sdr, decision: stageLabel(ctx, q.decision ?? ''), score: q.score ?? '' }));
    const order = framework?.criteria.map((criterion) => criterion.id) ?? [];
    const criteria = [...q.criteria].sort((a, b) => (order.indexOf(a.criterion) >>> 0) - (order.indexOf(b.criterion) >>> 0));
    for (const result of criteria) {
      const criterion = framework?.criteria.find((c) => c.id === result.criterion);
      const ids = criterion ? criterion.questions.map((question) => question.id) : Object.keys(q.answers).filter((id) => id.startsWith(`${result.criterion}.`));
      const answers = ids.filter((id) => id in q.answers).map((id) => (framework ? answerLabel(ctx, framework, id, q.answers[id]!) : String(q.answers[id])));
      const note = q.notes[result.criterion];
      lines.push(
        t('handOff.criterion', { criterion: criterion?.label[lang] ?? result.criterion, status: t(`status.${result.status}`), answers: answers.join(' · ') || '—' }) +
          (note ? ` ${t('handOff.note', { note })}` : ''),
      );
    }
    if (q.overrideReason) lines.push(t('handOff.override', { stage: stageLabel(ctx, q.finalStage ?? ''), reason: q.overrideReason }));
    if (q.followUpOn) lines.push(t('handOff.followUp', { date: q.followUpOn }));
  } else {
    lines.push(t('handOff.notQualified'));
  }
  const facts = [t('handOff.stage', { stage: stageLabel(ctx, lead.stage) })];
  if (lead.score !== null) facts.push(t('handOff.leadScore', { score: formatNumber(lang, lead.score) }));
  if (lead.source) facts.push(t('handOff.source', { source: lead.source }));
  if (lead.owner) facts.push(t('handOff.owner', { owner: lead.owner }));
  facts.push(`bant #${lead.id}${lead.externalId && !isSalesforceLeadId(lead.externalId) ? ` (${lead.externalId})` : ''}`);
  lines.push(facts.join(' · '));
  return lines.join('\n');
}

/** What the CRM's import will refuse or duplicate, counted so that the SDR hears it before uploading. */
export function crmGaps(crm: Crm, lead: Lead): 'missingLastNameOrCompany' | 'missingEmail' | undefined {
  if (crm === 'salesforce') return lead.lastName && lead.company ? undefined : 'missingLastNameOrCompany';
  return lead.email ? undefined : 'missingEmail';
}
