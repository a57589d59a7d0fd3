// Every stage of the seeds has a value in each CRM's documented vocabulary (test/fixtures/crm/README.md):
// a value outside the target's picklist would be dropped or refused by its import.

import { describe, expect, it } from 'vitest';
import { HUBSPOT_STAGE, isSalesforceLeadId, SALESFORCE_LEAD_STATUS } from '../../src/domain/crmVocabulary.js';
import { STAGES } from '../../src/domain/stages.js';

// Salesforce's default Lead Status picklist in current orgs (Sales Cloud's lead path).
const SALESFORCE_LEAD_STATUSES = ['New', 'Working', 'Nurturing', 'Qualified', 'Unqualified'];
// HubSpot's "How do I import contacts": the Lifecycle stage values an import takes.
const HUBSPOT_LIFECYCLE_STAGES = ['Subscriber', 'Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity', 'Customer', 'Evangelist', 'Other'];
// HubSpot's eight default Lead status options.
const HUBSPOT_LEAD_STATUSES = ['New', 'Open', 'In Progress', 'Open Deal', 'Unqualified', 'Attempted to Contact', 'Connected', 'Bad Timing'];

describe('the stages in the CRMs’ words', () => {
  it('every stage maps to a Salesforce Lead Status of the default picklist', () => {
    for (const stage of STAGES) expect(SALESFORCE_LEAD_STATUSES).toContain(SALESFORCE_LEAD_STATUS[stage]);
  });

  it('every stage maps to a HubSpot Lifecycle Stage and Lead Status of its defaults, or leaves them empty', () => {
    for (const stage of STAGES) {
      const { lifecycleStage, leadStatus } = HUBSPOT_STAGE[stage];
      expect(['', ...HUBSPOT_LIFECYCLE_STAGES]).toContain(lifecycleStage);
      expect(['', ...HUBSPOT_LEAD_STATUSES]).toContain(leadStatus);
    }
    // The funnel reads in order in HubSpot as in bant.
    expect(['lead', 'mql', 'sql', 'customer'].map((stage) => HUBSPOT_STAGE[stage as 'lead'].lifecycleStage)).toEqual(['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Customer']);
  });

  it('knows a Salesforce Lead id (00Q, 15 or 18 characters) from another CRM id', () => {
    expect(isSalesforceLeadId('00Q5g00000AbCdE')).toBe(true);
    expect(isSalesforceLeadId('00Q5g00000AbCdEFGH')).toBe(true);
    expect(isSalesforceLeadId('0035g00000AbCdEFGH')).toBe(false); // a contact
    expect(isSalesforceLeadId('CRM-1004')).toBe(false);
    expect(isSalesforceLeadId(null)).toBe(false);
  });
});
