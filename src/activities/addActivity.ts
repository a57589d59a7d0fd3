// `bant activity add`: one event of one lead, written with the lead's new scores (and the move they may bring)
// in one transaction. The same event given twice (same type, time and properties) is stored once.

import type { Activity } from '../domain/activity.js';
import { normaliseActivityType } from '../domain/activity.js';
import { activityEventKey } from '../domain/activityKey.js';
import { usageError } from '../domain/errors.js';
import type { Lead } from '../domain/lead.js';
import { CreationDateReader } from '../import/readCreationDate.js';
import { findLeadOrFail } from '../leads/findLeadOrFail.js';
import { rescoreLeads, transactionTarget, type Rescored, type Scoring } from '../scoring/rescoreLeads.js';
import type { Store } from '../store/store.js';

export interface ActivityToAdd {
  ref: string;
  /** As typed: a tool's event name or bant's (`email.read`, `Ouverture`, `email_open`). */
  type: string;
  /** When it happened, as typed (`2026-03-02 09:30`, `02/03/2026`…); now when not given. */
  at?: string;
  source?: string;
  properties: Record<string, string>;
}

export interface AddedActivity {
  lead: Lead;
  activity: Activity;
  /** False when the lead had that same event already: nothing was written. */
  added: boolean;
  rescored: Rescored | undefined;
}

export async function addActivity(store: Store, input: ActivityToAdd, who: { at: string; by: string; today: string }, scoring: Scoring): Promise<AddedActivity> {
  const type = normaliseActivityType(input.type);
  if (type === '') throw usageError('activity.badTypeOption', { value: input.type });
  const occurredAt = readOccurredAt(input.at, who.at);
  const properties = Object.fromEntries(Object.entries(input.properties).filter(([, value]) => value.trim() !== ''));
  return store.transaction(async (tx) => {
    const found = await findLeadOrFail(tx.leads, input.ref);
    // Locked until the end (PostgreSQL): two events of one lead at once are scored one after the other.
    await tx.leads.getForUpdate(found.id);
    const { activity, added } = await tx.activities.add(
      { leadId: found.id, type, occurredAt, source: input.source?.trim() || null, properties, eventKey: activityEventKey(type, occurredAt, properties) },
      who.at,
    );
    let rescored: Rescored | undefined;
    if (added) await rescoreLeads(transactionTarget(tx), [found.id], scoring, { asOf: who.at, ...who }, (one) => (rescored = one));
    return { lead: (await tx.leads.get(found.id))!, activity, added, rescored };
  });
}

/** `--at`, read as an import reads dates; an event cannot have happened later than now. */
export function readOccurredAt(text: string | undefined, now: string): string {
  if (text === undefined) return now;
  const at = new CreationDateReader(now).read(text);
  if (at === 'unreadable') throw usageError('activity.badAt', { value: text });
  if (at === 'future') throw usageError('activity.futureAt', { value: text });
  return at;
}
