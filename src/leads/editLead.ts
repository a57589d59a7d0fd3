import { invalidInput } from '../domain/errors.js';
import { hasIdentity, parseLeadFields, type CustomFields, type Lead, type LeadFieldName } from '../domain/lead.js';
import { toIsoDate } from '../domain/dates.js';
import { shippedScoringModel } from '../scoring/loadScoringModel.js';
import { prepareScoring, rescoreLeads, transactionTarget, type Scoring } from '../scoring/rescoreLeads.js';
import type { Store } from '../store/store.js';
import { findLeadOrFail } from './findLeadOrFail.js';

export interface LeadChanges {
  /** Field texts as typed; an empty text clears the field. */
  texts: Partial<Record<LeadFieldName, string>>;
  set: CustomFields;
  unset: string[];
}

/** Changes a lead's fields and scores it again (its fit may change, and with it its stage), in one transaction. */
export async function editLead(
  store: Store,
  ref: string,
  changes: LeadChanges,
  who: { at: string; by: string; today?: string },
  scoring: Scoring = prepareScoring(shippedScoringModel()),
): Promise<Lead> {
  const fields = parseLeadFields(changes.texts);
  if (fields instanceof Error) throw fields;
  const { at, by } = who;
  return store.transaction(async (tx) => {
    const lead = await findLeadOrFail(tx.leads, ref);
    if (!hasIdentity({ ...lead, ...fields })) throw invalidInput('lead.noIdentity');
    const custom = { ...lead.custom, ...changes.set };
    for (const name of changes.unset) {
      if (!(name in custom)) throw invalidInput('lead.noSuchCustomField', { name, ref });
      delete custom[name];
    }
    await tx.leads.update(lead.id, fields, custom, at);
    await rescoreLeads(transactionTarget(tx), [lead.id], scoring, { asOf: at, at, by, today: who.today ?? toIsoDate(new Date(at)) });
    return (await tx.leads.get(lead.id))!;
  });
}
