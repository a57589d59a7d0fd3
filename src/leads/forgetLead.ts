import type { LeadRepository } from '../db/leadRepository.js';
import type { QualificationRepository } from '../db/qualificationRepository.js';
import type { Lead } from '../domain/lead.js';
import { findLeadOrFail } from './findLeadOrFail.js';

export interface ForgetResult {
  lead: Lead;
  /** False when another process was reading, so older copies stay in the -wal until the next checkpoint. */
  traceless: boolean;
}

/**
 * Erases the person behind a lead (GDPR/RGPD): their fields, custom fields, the reasons of their history,
 * and their words in qualifications (answers, notes, override reasons, drafts). The anonymous row stays so
 * that stage counts and the funnel stay true. Then the database files are rid of older copies of the text.
 */
export function forgetLead(leads: LeadRepository, qualifications: QualificationRepository, ref: string, at: string): ForgetResult {
  const lead = leads.transaction(() => {
    const found = findLeadOrFail(leads, ref, { includeForgotten: true });
    leads.forgetLead(found.id, at);
    qualifications.eraseWords(found.id);
    return leads.getLead(found.id);
  });
  return { lead, traceless: leads.eraseOldPageVersions() };
}
