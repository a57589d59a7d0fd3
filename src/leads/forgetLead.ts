import type { LeadRepository } from '../db/leadRepository.js';
import type { Lead } from '../domain/lead.js';
import { findLeadOrFail } from './findLeadOrFail.js';

/** Erases the person behind a lead; the anonymous row stays so that stage counts and the funnel stay true. */
export function forgetLead(leads: LeadRepository, ref: string, at: string): Lead {
  return leads.transaction(() => {
    const lead = findLeadOrFail(leads, ref);
    leads.forgetLead(lead.id, at);
    return leads.getLead(lead.id);
  });
}
