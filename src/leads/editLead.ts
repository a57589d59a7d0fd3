import type { LeadRepository } from '../db/leadRepository.js';
import { invalidInput } from '../domain/errors.js';
import { hasIdentity, parseLeadFields, type CustomFields, type Lead, type LeadFieldName } from '../domain/lead.js';
import { findLeadOrFail } from './findLeadOrFail.js';

export interface LeadChanges {
  /** Field texts as typed; an empty text clears the field. */
  texts: Partial<Record<LeadFieldName, string>>;
  set: CustomFields;
  unset: string[];
}

export function editLead(leads: LeadRepository, ref: string, changes: LeadChanges, at: string): Lead {
  return leads.transaction(() => {
    const lead = findLeadOrFail(leads, ref);
    const fields = parseLeadFields(changes.texts);
    if (fields instanceof Error) throw fields;
    if (!hasIdentity({ ...lead, ...fields })) throw invalidInput('lead.noIdentity');
    const custom = { ...lead.custom, ...changes.set };
    for (const name of changes.unset) {
      if (!(name in custom)) throw invalidInput('lead.noSuchCustomField', { name, ref });
      delete custom[name];
    }
    return leads.updateLead(lead.id, fields, custom, at);
  });
}
