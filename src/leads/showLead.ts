import type { Lead } from '../domain/lead.js';
import type { StageChange } from '../domain/planStageChange.js';
import type { QualificationRecord } from '../domain/qualification.js';
import type { Store } from '../store/store.js';
import { findLeadOrFail } from './findLeadOrFail.js';

/** A lead with everything that happened to it: its stage history and every qualification attempt. */
export async function showLead(store: Store, ref: string): Promise<{ lead: Lead; history: StageChange[]; qualifications: QualificationRecord[] }> {
  const lead = await findLeadOrFail(store.leads, ref, { includeForgotten: true });
  return { lead, history: await store.leads.history(lead.id), qualifications: await store.qualifications.listForLead(lead.id) };
}
