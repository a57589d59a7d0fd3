import { notFound } from '../domain/errors.js';
import { parseLeadRef, type Lead } from '../domain/lead.js';
import type { LeadReads } from '../store/store.js';

/** The lead a command line names (id, email or external id); a forgotten lead is as good as gone. */
export async function findLeadOrFail(leads: LeadReads, refText: string, options: { includeForgotten?: boolean } = {}): Promise<Lead> {
  const lead = await leads.find(parseLeadRef(refText));
  if (!lead || (lead.forgottenAt && !options.includeForgotten)) throw notFound('lead.notFound', { ref: refText });
  return lead;
}
