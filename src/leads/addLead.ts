import type { LeadRepository } from '../db/leadRepository.js';
import { invalidInput } from '../domain/errors.js';
import { hasIdentity, parseLeadFields, type CustomFields, type Lead, type LeadFieldName } from '../domain/lead.js';
import { CREATION_STAGES, isStage, type Stage } from '../domain/stages.js';

export interface AddLeadInput {
  /** Field texts as typed; parsed and validated here. */
  texts: Partial<Record<LeadFieldName, string>>;
  custom: CustomFields;
  stage: string;
}

/** Creates one lead and its first history row, in one transaction. */
export function addLead(leads: LeadRepository, input: AddLeadInput, who: { at: string; by: string }): Lead {
  const stage = checkCreationStage(input.stage);
  const fields = parseLeadFields(input.texts);
  if (fields instanceof Error) throw fields;
  if (!hasIdentity(fields)) throw invalidInput('lead.noIdentity');
  return leads.transaction(() => leads.createLead({ fields, stage, custom: input.custom }, { ...who, cause: 'manual' }));
}

export function checkCreationStage(stage: string): Stage {
  if (!isStage(stage) || !(CREATION_STAGES as readonly string[]).includes(stage)) {
    throw invalidInput('lead.badCreationStage', { stage, allowed: CREATION_STAGES.join(', ') });
  }
  return stage;
}
