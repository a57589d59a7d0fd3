import type { Lead } from '../domain/lead.js';
import type { Store } from '../store/store.js';
import { findLeadOrFail } from './findLeadOrFail.js';

export interface ForgetResult {
  lead: Lead;
  /** False when another process was reading, so older copies stay in the files until the next checkpoint. */
  traceless: boolean;
}

/**
 * Erases the person behind a lead (GDPR/RGPD): their fields, custom fields, the reasons of their history,
 * and their words in qualifications (answers, notes, override reasons, drafts). The anonymous row stays so
 * that stage counts and the funnel stay true. Then the database is rid of older copies of the text. A
 * forgotten lead can be forgotten again by its id: that removes copies a reader kept alive the first time.
 */
export async function forgetLead(store: Store, ref: string, at: string): Promise<ForgetResult> {
  const lead = await store.transaction(async (tx) => {
    const found = await findLeadOrFail(tx.leads, ref, { includeForgotten: true });
    await tx.leads.forget(found.id, at);
    await tx.qualifications.eraseWords(found.id);
    return (await tx.leads.get(found.id))!;
  });
  return { lead, traceless: await store.eraseTraces() };
}
