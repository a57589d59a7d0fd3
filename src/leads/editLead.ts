import { invalidInput } from '../domain/errors.js';
import { hasIdentity, parseLeadFields, type CustomFields, type Lead, type LeadFieldName } from '../domain/lead.js';
import type { Store } from '../store/store.js';
import { findLeadOrFail } from './findLeadOrFail.js';

export interface LeadChanges {
  /** Field texts as typed; an empty text clears the field. */
  texts: Partial<Record<LeadFieldName, string>>;
  set: CustomFields;
  unset: string[];
}

export async function editLead(store: Store, ref: string, changes: LeadChanges, at: string): Promise<Lead> {
  const fields = parseLeadFields(changes.texts);
  if (fields instanceof Error) throw fields;
  return store.transaction(async (tx) => {
    const lead = await findLeadOrFail(tx.leads, ref);
    if (!hasIdentity({ ...lead, ...fields })) throw invalidInput('lead.noIdentity');
    const custom = { ...lead.custom, ...changes.set };
    for (const name of changes.unset) {
      if (!(name in custom)) throw invalidInput('lead.noSuchCustomField', { name, ref });
      delete custom[name];
    }
    return tx.leads.update(lead.id, fields, custom, at);
  });
}
