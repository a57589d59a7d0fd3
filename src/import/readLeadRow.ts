// One CSV row → a lead to write, or the reason it is rejected. Pure: the import loop calls it a million
// times, so it does no I/O and allocates little.

import { parseIsoDate } from '../domain/dates.js';
import { invalidInput, type BantError } from '../domain/errors.js';
import { foldText } from '../domain/foldText.js';
import { hasIdentity, LEAD_FIELDS, nameKey, parseFieldValue, type CustomFields, type LeadFieldSpec } from '../domain/lead.js';
import { isStage, type Stage } from '../domain/stages.js';
import { splitFullName } from '../domain/splitFullName.js';
import type { ColumnPlan, ImportField } from './mapHeaders.js';
import { CreationDateReader } from './readCreationDate.js';

/** A longer field is a broken file or an attack, not a lead's data. */
export const MAX_FIELD_LENGTH = 1_048_576;

export interface LeadDraft {
  /** The lead fields' values in LEAD_FIELDS order, null where the row has none: an array is much quicker to fill and read than an object keyed by names. */
  values: (string | number | null)[];
  custom: CustomFields;
  /** For a lead known only by its name: its key (src/domain/lead.ts). */
  nameKey?: string | null;
  /** The stage the file gives, if any; the import's default applies to new leads otherwise. */
  stage?: Stage;
  followUpOn?: string;
  createdAt?: string;
}

export interface RowOptions {
  /** Values that mean "empty" in this file (compared trimmed and case-insensitively), like "Select" or "N/A". */
  nullValues: ReadonlySet<string>;
  /** Reads the file's creation dates (it learns their day/month order from the column). */
  creationDates?: CreationDateReader;
}

/** Stage words found in CRM exports, folded; anything else in a stage column is rejected. */
const STAGE_VALUES: Record<string, Stage> = {
  subscriber: 'prospect',
  marketingqualifiedlead: 'mql',
  salesqualifiedlead: 'sql',
  opportunity: 'sql',
  client: 'customer',
  evangelist: 'customer',
  nurture: 'nurturing',
  disqualifie: 'disqualified',
  unqualified: 'disqualified',
  // Pipeline words of Odoo, Krayin and Salesforce opportunities whose meaning is not in doubt.
  new: 'lead',
  nouveau: 'lead',
  won: 'customer',
  closedwon: 'customer',
  gagne: 'customer',
  lost: 'disqualified',
  closedlost: 'disqualified',
  perdu: 'disqualified',
};

/** A list holds a handful of distinct stage texts, a million times over: each is worked out once. */
const knownStageTexts = new Map<string, Stage | undefined>();

export function parseStageValue(text: string): Stage | undefined {
  let stage = knownStageTexts.get(text);
  if (stage === undefined && !knownStageTexts.has(text)) {
    const key = foldText(text).replace(/[^a-z]/g, '');
    stage = isStage(key) ? key : STAGE_VALUES[key];
    if (knownStageTexts.size < 1000) knownStageTexts.set(text, stage);
  }
  return stage;
}

const FIELD_SPECS = new Map<string, { spec: LeadFieldSpec; index: number }>(LEAD_FIELDS.map((spec, index) => [spec.name, { spec, index }]));
const at = (name: string) => LEAD_FIELDS.findIndex((field) => field.name === name);
/** Where the fields that make an identity sit among the values. */
export const VALUE_INDEX = { email: at('email'), externalId: at('external_id'), firstName: at('first_name'), lastName: at('last_name'), company: at('company') } as const;
const NO_VALUES: readonly null[] = LEAD_FIELDS.map(() => null);

export function readLeadRow(row: readonly string[], plan: ColumnPlan, options: RowOptions): LeadDraft | BantError {
  const draft: LeadDraft = { values: NO_VALUES.slice(), custom: {} };
  for (const column of plan.columns) {
    const raw = row[column.index];
    if (raw === undefined) continue;
    if (raw.length > MAX_FIELD_LENGTH) return invalidInput('import.fieldTooLong', { column: column.header, length: raw.length, max: MAX_FIELD_LENGTH });
    const text = raw.trim();
    if (text === '' || (options.nullValues.size > 0 && options.nullValues.has(text.toLowerCase()))) continue;
    if ('custom' in column.target) {
      draft.custom[column.target.custom] = text;
      continue;
    }
    const problem = applyField(draft, column.target.field, text, column.header, options);
    if (problem) return problem;
  }
  const values = draft.values;
  const identity = {
    email: values[VALUE_INDEX.email] as string | null,
    externalId: values[VALUE_INDEX.externalId] as string | null,
    firstName: values[VALUE_INDEX.firstName] as string | null,
    lastName: values[VALUE_INDEX.lastName] as string | null,
    company: values[VALUE_INDEX.company] as string | null,
  };
  if (!hasIdentity(identity)) return invalidInput('lead.noIdentity');
  draft.nameKey = nameKey(identity);
  return draft;
}

function applyField(draft: LeadDraft, field: ImportField, text: string, header: string, options: RowOptions): BantError | undefined {
  switch (field) {
    case 'stage': {
      const stage = parseStageValue(text);
      if (!stage) return invalidInput('import.badStage', { value: text, column: header });
      draft.stage = stage;
      return undefined;
    }
    case 'follow_up_on': {
      const date = parseIsoDate(text.slice(0, 10));
      if (!date) return invalidInput('import.badDate', { value: text, column: header });
      draft.followUpOn = date;
      return undefined;
    }
    case 'created_at': {
      const at = (options.creationDates ??= new CreationDateReader(new Date().toISOString())).read(text);
      if (at === 'unreadable') return invalidInput('import.badCreationDate', { value: text, column: header });
      if (at === 'future') return invalidInput('import.futureCreationDate', { value: text, column: header });
      draft.createdAt = at;
      return undefined;
    }
    case 'full_name': {
      // Only planned when the file has no first or last name column (see planColumns).
      const name = splitFullName(text);
      draft.values[VALUE_INDEX.firstName] = name.firstName;
      draft.values[VALUE_INDEX.lastName] = name.lastName;
      return undefined;
    }
    case 'bant_id':
    case 'updated_at':
    case 'score':
    case 'fit_score':
    case 'engagement_score':
      // bant's own bookkeeping in an export: the importing database keeps its own ids and dates, and computes
      // its own scores from its model (a score is never taken from a file: it would not say why)
      return undefined;
    default: {
      const { spec, index } = FIELD_SPECS.get(field)!;
      const value = parseFieldValue(spec, text);
      if (value instanceof Error) return value;
      draft.values[index] = value;
      return undefined;
    }
  }
}
