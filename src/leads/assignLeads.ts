import { usageError } from '../domain/errors.js';
import type { Lead } from '../domain/lead.js';
import type { Store } from '../store/store.js';
import { findLeadOrFail } from './findLeadOrFail.js';

/** Gives leads an owner, all or none: one unknown ref and nothing changes. */
export async function assignLeads(store: Store, refs: string[], owner: string, at: string): Promise<Lead[]> {
  const name = owner.trim();
  if (!name) throw usageError('lead.ownerBlank');
  return store.transaction(async (tx) => {
    const found: Lead[] = [];
    for (const ref of refs) found.push(await findLeadOrFail(tx.leads, ref));
    const ids = [...new Set(found.map((lead) => lead.id))];
    await tx.leads.assignOwner(ids, name, at);
    const assigned: Lead[] = [];
    for (const id of ids) assigned.push((await tx.leads.get(id))!);
    return assigned;
  });
}
