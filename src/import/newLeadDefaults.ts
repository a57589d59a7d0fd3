// What an import gives a new lead that its row does not say: the import's stage, source and owner, a follow-up
// date for a lead created in nurturing, and the import's time as its creation date. One function, used where
// rows become leads: by the database half (rows as values), or by the parser itself (rows as text rows).

import type { Stage } from '../domain/stages.js';
import { LEAD_FIELDS } from '../domain/lead.js';

export interface NewLeadDefaults {
  stage: Stage;
  source?: string;
  owner?: string;
  /** The follow-up date of a lead created in nurturing whose row gives none. */
  followUpOn: string;
  /** The import's time (ISO 8601). */
  at: string;
  /** Who imports: the creation history says so. */
  by: string;
}

const SOURCE = LEAD_FIELDS.findIndex((field) => field.name === 'source');
const OWNER = LEAD_FIELDS.findIndex((field) => field.name === 'owner');

/** `values` (in LEAD_FIELDS order) gets the import's source and owner where it has none; it is changed in place. */
export function withNewLeadDefaults(
  values: (string | number | null)[],
  row: { stage: Stage | null; followUpOn: string | null; createdAt: string | null },
  defaults: NewLeadDefaults,
): { values: (string | number | null)[]; stage: Stage; followUpOn: string | null; createdAt: string } {
  if (values[SOURCE] === null && defaults.source) values[SOURCE] = defaults.source;
  if (values[OWNER] === null && defaults.owner) values[OWNER] = defaults.owner;
  const stage = row.stage ?? defaults.stage;
  return {
    values,
    stage,
    followUpOn: stage === 'nurturing' ? (row.followUpOn ?? defaults.followUpOn) : null,
    // The file's own creation date, when it has one: the lead has been at its stage since then, as far as
    // anyone knows, so reports count its age and period from it.
    createdAt: row.createdAt ?? defaults.at,
  };
}
