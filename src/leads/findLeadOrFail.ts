import type { LeadRepository } from '../db/leadRepository.js';
import { notFound } from '../domain/errors.js';
import { parseLeadRef, type Lead } from '../domain/lead.js';

/** The lead a command line names (id, email or external id); a forgotten lead is as good as gone. */
export function findLeadOrFail(leads: LeadRepository, refText: string, options: { includeForgotten?: boolean } = {}): Lead {
  const lead = leads.findLead(parseLeadRef(refText));
  if (!lead || (lead.forgottenAt && !options.includeForgotten)) throw notFound('lead.notFound', { ref: refText });
  return lead;
}
