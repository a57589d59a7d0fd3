import type { LeadRepository } from '../db/leadRepository.js';
import { usageError } from '../domain/errors.js';
import type { Lead } from '../domain/lead.js';
import { findLeadOrFail } from './findLeadOrFail.js';

/** Gives leads an owner, all or none: one unknown ref and nothing changes. */
export function assignLeads(leads: LeadRepository, refs: string[], owner: string, at: string): Lead[] {
  const name = owner.trim();
  if (!name) throw usageError('lead.ownerBlank');
  return leads.transaction(() => {
    const found = refs.map((ref) => findLeadOrFail(leads, ref));
    const ids = [...new Set(found.map((lead) => lead.id))];
    leads.assignOwner(ids, name, at);
    return ids.map((id) => leads.getLead(id));
  });
}
