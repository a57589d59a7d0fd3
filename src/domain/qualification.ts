// A qualification as it is kept: an interview of one lead by one SDR, a draft while answers come in, then
// decided, with what it was decided under (framework, policy) and the statuses `why` and the gaps report read.

import type { Decision } from './evaluateQualification.js';
import type { Answers, AnswerValue, CriterionStatus, Policy, Text } from './framework.js';
import type { Stage } from './stages.js';

/**
 * Which framework a qualification is decided under: its id and version as the file says, and the hash of its
 * whole content, kept once in the store, so that `why` and the reports explain it even after the file changed.
 */
export interface FrameworkStamp {
  id: string;
  version: number;
  hash: string;
}

export interface CriterionRecord {
  criterion: string;
  status: CriterionStatus;
  /** Index of the rule that gave the status, and its words at the time (what `why` shows). */
  rule: number | null;
  explain: Text | null;
}

export interface QualificationRecord {
  id: number;
  leadId: number;
  status: 'draft' | 'done';
  sdr: string;
  frameworkId: string;
  frameworkVersion: number;
  /** Null for qualifications recorded before bant kept frameworks (schema 5). */
  frameworkHash: string | null;
  answers: Answers;
  /** Optional questions asked and left unanswered (in a draft), so that a resumed interview skips them. */
  skipped: string[];
  notes: Record<string, string>;
  decision: Decision | null;
  finalStage: Stage | null;
  overrideReason: string | null;
  score: number | null;
  followUpOn: string | null;
  reasons: { criterion: string; status: CriterionStatus }[] | null;
  policy: Policy | null;
  criteria: CriterionRecord[];
  startedAt: string;
  decidedAt: string | null;
}

export interface DecisionToRecord {
  leadId: number;
  /** The draft the interview saved its answers in, which becomes the decided qualification. */
  draftId: number | undefined;
  sdr: string;
  framework: FrameworkStamp & { policy: Policy };
  answers: Answers;
  notes: Record<string, string>;
  decision: Decision;
  finalStage: Stage;
  overrideReason: string | null;
  score: number;
  followUpOn: string | null;
  reasons: { criterion: string; status: CriterionStatus }[];
  criteria: CriterionRecord[];
  startedAt: string;
  at: string;
}

/** An answer as a draft keeps it: `null` for an optional question asked and left unanswered. */
export type DraftAnswer = AnswerValue | null;

/** Who is working on a lead in `bant qualify`, and until when (a team shares one queue). */
export interface Claim {
  leadId: number;
  sdr: string;
  claimedAt: string;
  expiresAt: string;
}

/** A claim lasts this long unless the decision or Ctrl-C ends it first. */
export const CLAIM_MINUTES = 30;
