import { invalidInput } from '../domain/errors.js';
import { hasIdentity, parseLeadFields, type CustomFields, type Lead, type LeadFieldName } from '../domain/lead.js';
import { planLeadCreation } from '../domain/planStageChange.js';
import { CREATION_STAGES, isStage, type Stage } from '../domain/stages.js';
import { shippedScoringModel } from '../scoring/loadScoringModel.js';
import { prepareScoring, rescoreLeads, transactionTarget, type Scoring } from '../scoring/rescoreLeads.js';
import type { Store } from '../store/store.js';

export interface AddLeadInput {
  /** Field texts as typed; parsed and validated here. */
  texts: Partial<Record<LeadFieldName, string>>;
  custom: CustomFields;
  stage: string;
}

/**
 * Creates one lead and its first history row, and scores it (who it is may make it an MQL at once), in one
 * transaction.
 */
export async function addLead(
  store: Store,
  input: AddLeadInput,
  who: { at: string; by: string; today: string },
  scoring: Scoring = prepareScoring(shippedScoringModel()),
): Promise<Lead> {
  const stage = checkCreationStage(input.stage);
  const fields = parseLeadFields(input.texts);
  if (fields instanceof Error) throw fields;
  if (!hasIdentity(fields)) throw invalidInput('lead.noIdentity');
  const plan = planLeadCreation(stage, { ...who, cause: 'manual' });
  return store.transaction(async (tx) => {
    const lead = await tx.leads.create({ fields, custom: input.custom }, plan);
    await rescoreLeads(transactionTarget(tx), [lead.id], scoring, { asOf: who.at, ...who });
    return (await tx.leads.get(lead.id))!;
  });
}

export function checkCreationStage(stage: string): Stage {
  if (!isStage(stage) || !(CREATION_STAGES as readonly string[]).includes(stage)) {
    throw invalidInput('lead.badCreationStage', { stage, allowed: CREATION_STAGES.join(', ') });
  }
  return stage;
}
