// The seeds' stages in the words of the CRMs an account executive works in, for `bant export --to`.
// Salesforce: the default Lead Status picklist of current orgs (New, Working, Nurturing, Qualified,
// Unqualified). HubSpot: the default Lifecycle Stage (Subscriber, Lead, Marketing Qualified Lead, Sales
// Qualified Lead, Opportunity, Customer, Evangelist, Other) and Lead Status (New, Open, In Progress, Open Deal,
// Unqualified, Attempted to Contact, Connected, Bad Timing) options, by label: their imports take labels.

import type { Stage } from './stages.js';

export const CRMS = ['salesforce', 'hubspot'] as const;
export type Crm = (typeof CRMS)[number];

/**
 * Salesforce has no customer lead: a lead that became one was converted, and Qualified is the converted
 * status of the default picklist. An MQL is New to sales until someone works it.
 */
export const SALESFORCE_LEAD_STATUS: Record<Stage, string> = {
  prospect: 'New',
  lead: 'New',
  mql: 'New',
  sql: 'Qualified',
  customer: 'Qualified',
  nurturing: 'Nurturing',
  disqualified: 'Unqualified',
};

/**
 * A prospect has shown no interest yet: no lifecycle stage (Subscriber would say it opted in to emails). A
 * nurtured lead goes back to Lead, not now (Bad Timing); a disqualified one is Other, Unqualified. An SQL was
 * spoken to: Connected.
 */
export const HUBSPOT_STAGE: Record<Stage, { lifecycleStage: string; leadStatus: string }> = {
  prospect: { lifecycleStage: '', leadStatus: 'New' },
  lead: { lifecycleStage: 'Lead', leadStatus: 'New' },
  mql: { lifecycleStage: 'Marketing Qualified Lead', leadStatus: 'New' },
  sql: { lifecycleStage: 'Sales Qualified Lead', leadStatus: 'Connected' },
  customer: { lifecycleStage: 'Customer', leadStatus: '' },
  nurturing: { lifecycleStage: 'Lead', leadStatus: 'Bad Timing' },
  disqualified: { lifecycleStage: 'Other', leadStatus: 'Unqualified' },
};

/** A Salesforce Lead record id (key prefix 00Q, 15 or 18 characters): an import with it updates that lead. */
export function isSalesforceLeadId(text: string | null): text is string {
  return text !== null && /^00Q[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/.test(text);
}
