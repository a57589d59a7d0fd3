// A lead as the domain sees it, the fields a person or a file can set, and the rules they follow
// (PRODUCT.md, "Leads"). Plain data and pure functions: the CLI and the import both validate through here.

import { invalidInput, type BantError } from './errors.js';
import { foldText } from './foldText.js';
import { parseNumber } from './parseNumber.js';
import type { Stage } from './stages.js';

export type FieldKind = 'text' | 'email' | 'integer' | 'number';

/** Every field a lead has that a person or a file may set, in the order they are shown and exported. */
export const LEAD_FIELDS = [
  { name: 'email', prop: 'email', kind: 'email', flag: 'email' },
  { name: 'first_name', prop: 'firstName', kind: 'text', flag: 'first-name' },
  { name: 'last_name', prop: 'lastName', kind: 'text', flag: 'last-name' },
  { name: 'company', prop: 'company', kind: 'text', flag: 'company' },
  { name: 'title', prop: 'title', kind: 'text', flag: 'title' },
  { name: 'phone', prop: 'phone', kind: 'text', flag: 'phone' },
  { name: 'country', prop: 'country', kind: 'text', flag: 'country' },
  { name: 'industry', prop: 'industry', kind: 'text', flag: 'industry' },
  { name: 'employees', prop: 'employees', kind: 'integer', flag: 'employees' },
  { name: 'annual_revenue', prop: 'annualRevenue', kind: 'number', flag: 'revenue' },
  { name: 'source', prop: 'source', kind: 'text', flag: 'source' },
  { name: 'owner', prop: 'owner', kind: 'text', flag: 'owner' },
  { name: 'external_id', prop: 'externalId', kind: 'text', flag: 'external-id' },
] as const satisfies readonly { name: string; prop: string; kind: FieldKind; flag: string }[];

export type LeadFieldSpec = (typeof LEAD_FIELDS)[number];
export type LeadFieldName = LeadFieldSpec['name'];

export const LEAD_FIELD_NAMES: readonly LeadFieldName[] = LEAD_FIELDS.map((field) => field.name);

/** The values of a lead's own fields; a field is null when unknown. */
export type LeadFields = {
  [F in LeadFieldSpec as F['prop']]: F['kind'] extends 'integer' | 'number' ? number | null : string | null;
};

export type CustomFields = Record<string, string>;

/** Every lead field, unknown: what a lead given only a few fields has for the others. */
export const NO_LEAD_FIELDS = Object.fromEntries(LEAD_FIELDS.map((field) => [field.prop, null])) as LeadFields;

export interface Lead extends LeadFields {
  id: number;
  stage: Stage;
  /** The lead score (fit + engagement, src/domain/scoreLead.ts), kept for sorting; null until first scored. */
  score: number | null;
  fitScore: number | null;
  engagementScore: number | null;
  /** The moment the scores were computed as of. */
  scoredAt: string | null;
  /** A nurturing lead back over the MQL threshold by what it did since its last qualification: since when. */
  reengagedAt: string | null;
  followUpOn: string | null;
  custom: CustomFields;
  importId: number | null;
  createdAt: string;
  updatedAt: string;
  stageChangedAt: string;
  forgottenAt: string | null;
}

export function isLeadFieldName(name: string): name is LeadFieldName {
  return (LEAD_FIELD_NAMES as readonly string[]).includes(name);
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

export function normaliseEmail(text: string): string {
  return text.trim().toLowerCase();
}

export function isValidEmail(email: string): boolean {
  return EMAIL.test(email) && !email.includes('..');
}

/**
 * The largest number a lead field keeps exactly: 2^53 - 1. Beyond it a whole number loses its last digits
 * (and beyond 2^63 SQLite cannot store it as an integer at all); no headcount or revenue is that large.
 */
export const MAX_STORED_NUMBER = Number.MAX_SAFE_INTEGER;

/** A value quoted in a message stays readable, however long the cell. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/**
 * Turns one field's text into its value: trimmed, empty meaning "no value" (null), emails lower-cased and
 * checked, numbers parsed the way people write them. Returns a BantError rather than throwing so that the
 * import can collect reasons row by row.
 */
export function parseFieldValue(field: LeadFieldSpec, text: string): string | number | null | BantError {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  switch (field.kind) {
    case 'email': {
      const email = normaliseEmail(trimmed);
      return isValidEmail(email) ? email : invalidInput('lead.invalidEmail', { value: trimmed });
    }
    case 'integer': {
      const value = parseNumber(trimmed);
      if (value === undefined) return invalidInput('lead.notANumber', { field: field.name, value: trimmed });
      if (Math.abs(value) > MAX_STORED_NUMBER) return invalidInput('lead.numberTooLarge', { field: field.name, value: shorten(trimmed), max: MAX_STORED_NUMBER });
      if (!Number.isInteger(value)) return invalidInput('lead.notAWholeNumber', { field: field.name, value: trimmed });
      if (value < 0) return invalidInput('lead.negativeNumber', { field: field.name, value: trimmed });
      return value;
    }
    case 'number': {
      const value = parseNumber(trimmed);
      if (value === undefined) return invalidInput('lead.notANumber', { field: field.name, value: shorten(trimmed) });
      if (Math.abs(value) > MAX_STORED_NUMBER) return invalidInput('lead.numberTooLarge', { field: field.name, value: shorten(trimmed), max: MAX_STORED_NUMBER });
      if (value < 0) return invalidInput('lead.negativeNumber', { field: field.name, value: trimmed });
      return value;
    }
    case 'text':
      return trimmed;
  }
}

/** Parses the given fields' texts into values; the first invalid one is returned as an error. */
export function parseLeadFields(texts: Partial<Record<LeadFieldName, string>>): Partial<LeadFields> | BantError {
  const values: Record<string, string | number | null> = {};
  for (const field of LEAD_FIELDS) {
    const text = texts[field.name];
    if (text === undefined) continue;
    const value = parseFieldValue(field, text);
    if (value instanceof Error) return value;
    values[field.prop] = value;
  }
  return values as Partial<LeadFields>;
}

/** A lead must be findable again: by email, by its id in another system, or by a name (person or company). */
export function hasIdentity(fields: Partial<LeadFields>): boolean {
  return Boolean(fields.email || fields.externalId || fields.firstName || fields.lastName || fields.company);
}

/**
 * How a lead known only by its name is recognised (PRODUCT.md, "Leads"): its person name and company,
 * case, accents and spaces (zero-width ones too) ignored. A lead with an email or an external id is known
 * by those instead, and has no name key.
 */
export function nameKey(fields: Partial<Pick<LeadFields, 'email' | 'externalId' | 'firstName' | 'lastName' | 'company'>>): string | null {
  if (fields.email || fields.externalId) return null;
  const person = foldForKey(`${fields.firstName ?? ''}${fields.lastName ?? ''}`);
  const company = foldForKey(fields.company ?? '');
  // Neither part can hold a space once spaces are gone, so one space keeps "Ann" + "" apart from "" + "Ann".
  return person || company ? `${person} ${company}` : null;
}

function foldForKey(text: string): string {
  return foldText(text).replace(/[\s\p{Cf}]+/gu, '');
}

/** "Jeanne Martin", else the company, else the email, else the external id: what a person calls this lead. */
export function displayName(lead: Pick<Lead, 'firstName' | 'lastName' | 'company' | 'email' | 'externalId' | 'id'>): string {
  const person = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
  return person || lead.company || lead.email || lead.externalId || `#${lead.id}`;
}

/** Custom field names are kept as given, but must not hide a lead field or be blank. */
export function checkCustomFieldName(name: string): BantError | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return invalidInput('lead.customFieldBlank');
  if (isLeadFieldName(trimmed) || ['id', 'stage', 'score', 'follow_up_on', 'created_at', 'updated_at'].includes(trimmed)) {
    return invalidInput('lead.customFieldReserved', { name: trimmed });
  }
  return undefined;
}

/** How a command line or a prompt names a lead: a numeric id, an email, or an external id. */
export type LeadRef = { kind: 'id'; id: number; text: string } | { kind: 'email'; email: string } | { kind: 'externalId'; externalId: string };

export function parseLeadRef(text: string): LeadRef {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { kind: 'id', id: Number(trimmed), text: trimmed };
  if (trimmed.includes('@')) return { kind: 'email', email: normaliseEmail(trimmed) };
  return { kind: 'externalId', externalId: trimmed };
}
