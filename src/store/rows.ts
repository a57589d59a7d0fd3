// Rows as both engines store them (snake_case, JSON as text) and the one mapping from each row to the domain
// object the rest of bant uses (Kysely's `userRowToUser`).

import type { Activity } from '../domain/activity.js';
import type { LeadToScore } from './store.js';
import type { Decision } from '../domain/evaluateQualification.js';
import type { Answers, AnswerValue, CriterionStatus, Policy, Text } from '../domain/framework.js';
import type { CustomFields, Lead } from '../domain/lead.js';
import type { StageChange } from '../domain/planStageChange.js';
import type { Claim, QualificationRecord } from '../domain/qualification.js';
import type { Stage, StageChangeCause } from '../domain/stages.js';

export interface LeadRow {
  id: number;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  title: string | null;
  phone: string | null;
  country: string | null;
  industry: string | null;
  employees: number | null;
  annual_revenue: number | null;
  source: string | null;
  owner: string | null;
  external_id: string | null;
  stage: Stage;
  score: number | null;
  fit_score: number | null;
  engagement_score: number | null;
  scored_at: string | null;
  reengaged_at: string | null;
  follow_up_on: string | null;
  custom: string;
  import_id: number | null;
  created_at: string;
  updated_at: string;
  stage_changed_at: string;
  forgotten_at: string | null;
}

export function leadRowToLead(row: LeadRow): Lead {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    title: row.title,
    phone: row.phone,
    country: row.country,
    industry: row.industry,
    employees: row.employees,
    annualRevenue: row.annual_revenue,
    source: row.source,
    owner: row.owner,
    externalId: row.external_id,
    stage: row.stage,
    score: row.score,
    fitScore: row.fit_score ?? null,
    engagementScore: row.engagement_score ?? null,
    scoredAt: row.scored_at ?? null,
    reengagedAt: row.reengaged_at ?? null,
    followUpOn: row.follow_up_on,
    custom: JSON.parse(row.custom) as CustomFields,
    importId: row.import_id ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stageChangedAt: row.stage_changed_at,
    forgottenAt: row.forgotten_at,
  };
}

export interface StageHistoryRow {
  id: number;
  lead_id: number;
  from_stage: Stage | null;
  to_stage: Stage;
  at: string;
  by: string | null;
  reason: string | null;
  cause: StageChangeCause;
}

export function stageHistoryRowToStageChange(row: StageHistoryRow): StageChange {
  return { id: row.id, leadId: row.lead_id, fromStage: row.from_stage, toStage: row.to_stage, at: row.at, by: row.by, reason: row.reason, cause: row.cause };
}

export interface QualificationRow {
  id: number;
  lead_id: number;
  status: 'draft' | 'done';
  sdr: string;
  framework_id: string;
  framework_version: number;
  framework_hash: string | null;
  notes: string;
  decision: Decision | null;
  final_stage: Stage | null;
  override_reason: string | null;
  score: number | null;
  follow_up_on: string | null;
  reasons: string | null;
  policy: string | null;
  started_at: string;
  decided_at: string | null;
}

export interface AnswerRow {
  question_id: string;
  value: string;
}

export interface CriterionRow {
  criterion: string;
  status: CriterionStatus;
  rule: number | null;
  explain: string | null;
}

/** A qualification with its answers (a null value: an optional question skipped) and statuses. */
export function qualificationRowToRecord(row: QualificationRow, answerRows: readonly AnswerRow[], criterionRows: readonly CriterionRow[]): QualificationRecord {
  const answers: Answers = {};
  const skipped: string[] = [];
  for (const answer of answerRows) {
    const value = JSON.parse(answer.value) as AnswerValue | null;
    if (value === null) skipped.push(answer.question_id);
    else answers[answer.question_id] = value;
  }
  return {
    id: row.id,
    leadId: row.lead_id,
    status: row.status,
    sdr: row.sdr,
    frameworkId: row.framework_id,
    frameworkVersion: row.framework_version,
    frameworkHash: row.framework_hash ?? null,
    answers,
    skipped,
    notes: JSON.parse(row.notes) as Record<string, string>,
    decision: row.decision,
    finalStage: row.final_stage,
    overrideReason: row.override_reason,
    score: row.score,
    followUpOn: row.follow_up_on,
    reasons: row.reasons ? (JSON.parse(row.reasons) as QualificationRecord['reasons']) : null,
    policy: row.policy ? policyFromJson(row.policy) : null,
    criteria: criterionRows.map((c) => ({ criterion: c.criterion, status: c.status, rule: c.rule, explain: c.explain ? (JSON.parse(c.explain) as Text) : null })),
    startedAt: row.started_at,
    decidedAt: row.decided_at,
  };
}

/** A policy as kept with a decision; those kept before `requireMet` existed required nothing more. */
function policyFromJson(json: string): Policy {
  const policy = JSON.parse(json) as Policy;
  return { ...policy, requireMet: policy.requireMet ?? [] };
}

export interface ClaimRow {
  lead_id: number;
  sdr: string;
  claimed_at: string;
  expires_at: string;
}

export function claimRowToClaim(row: ClaimRow): Claim {
  return { leadId: row.lead_id, sdr: row.sdr, claimedAt: row.claimed_at, expiresAt: row.expires_at };
}

/** Qualification rows with their answers and criteria, read in bulk, as records by lead. */
export function groupLatest(
  rows: readonly QualificationRow[],
  answers: readonly (AnswerRow & { qualification_id: number })[],
  criteria: readonly (CriterionRow & { qualification_id: number })[],
): Map<number, QualificationRecord> {
  const answersOf = new Map<number, AnswerRow[]>();
  for (const answer of answers) answersOf.set(answer.qualification_id, answersOf.get(answer.qualification_id) ?? []).get(answer.qualification_id)!.push(answer);
  const criteriaOf = new Map<number, CriterionRow[]>();
  for (const criterion of criteria) criteriaOf.set(criterion.qualification_id, criteriaOf.get(criterion.qualification_id) ?? []).get(criterion.qualification_id)!.push(criterion);
  return new Map(rows.map((row) => [row.lead_id, qualificationRowToRecord(row, answersOf.get(row.id) ?? [], criteriaOf.get(row.id) ?? [])]));
}

export interface ActivityRow {
  id: number;
  lead_id: number;
  type: string;
  occurred_at: string;
  source: string | null;
  properties: string;
}

export function activityRowToActivity(row: ActivityRow): Activity {
  return { id: row.id, leadId: row.lead_id, type: row.type, occurredAt: row.occurred_at, source: row.source, properties: JSON.parse(row.properties) as Record<string, string> };
}

/** A lead row as scoring reads it: with its last qualification's decision time (a nurturing lead's, else null). */
export type LeadToScoreRow = LeadRow & { last_qualified_at: string | null };

/**
 * Pairs leads (id order) with their activities (lead order): each lead's are sorted oldest first here, by
 * time then id, rather than by the database, which would sort the whole page's rows (SQLite in a temporary B-tree).
 */
export function withActivities(leads: readonly LeadToScoreRow[], rows: readonly ActivityRow[]): LeadToScore[] {
  const result: LeadToScore[] = [];
  let next = 0;
  for (const row of leads) {
    while (next < rows.length && rows[next]!.lead_id < row.id) next++;
    const activities: Activity[] = [];
    while (next < rows.length && rows[next]!.lead_id === row.id) activities.push(activityRowToActivity(rows[next++]!));
    activities.sort(oldestFirst);
    result.push({ lead: leadRowToLead(row), activities, lastQualifiedAt: row.last_qualified_at ?? null });
  }
  return result;
}

function oldestFirst(a: Activity, b: Activity): number {
  // ISO 8601 instants written alike (UTC, milliseconds) compare as text.
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id - b.id;
}
