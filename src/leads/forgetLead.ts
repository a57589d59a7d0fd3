import type { Lead } from '../domain/lead.js';
import type { Store } from '../store/store.js';
import { findLeadOrFail } from './findLeadOrFail.js';

/** Erases the person behind a lead; the anonymous row stays so that stage counts and the funnel stay true. */
export async function forgetLead(store: Store, ref: string, at: string): Promise<Lead> {
  return store.transaction(async (tx) => {
    const lead = await findLeadOrFail(tx.leads, ref);
    await tx.leads.forget(lead.id, at);
    return (await tx.leads.get(lead.id))!;
  });
}
