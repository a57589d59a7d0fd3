// A qualification framework as data (PRODUCT.md, "Qualification" and "Frameworks beyond BANT"): criteria,
// their questions, the rules that turn answers into a status, weights, and the policy that turns statuses
// into a decision. bant ships BANT, CHAMP and ANUM; nothing in the code knows their criteria.
// `checkFramework` (checkFramework.ts) checks a framework read from JSON and names the path of each problem.

export const CRITERION_STATUSES = ['met', 'partial', 'unmet', 'unknown'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

export const QUESTION_KINDS = ['select', 'number', 'confirm', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const POLICY_KINDS = ['all', 'threshold'] as const;

export type Text = { en: string; fr: string };
export type AnswerValue = string | number | boolean;
export type Answers = Record<string, AnswerValue>;

export const CONDITION_KEYS = ['in', 'notIn', 'gte', 'lt', 'missing'] as const;

/** One test on one question's answer. `$name` in gte/lt refers to the framework's params. */
export interface Condition {
  in?: AnswerValue[];
  notIn?: AnswerValue[];
  gte?: number | string;
  lt?: number | string;
  missing?: boolean;
}
/** Question id → condition; all must hold. `{}` always holds. */
export type When = Record<string, Condition>;

export interface Question {
  id: string;
  kind: QuestionKind;
  required: boolean;
  text: Text;
  options?: { value: string; label: Text }[];
  min?: number;
  max?: number;
  integer?: boolean;
  shownWhen?: When;
}

export interface Rule {
  status: CriterionStatus;
  /** Reads only the criterion's own questions. */
  when: When;
  explain: Text;
}

export interface Criterion {
  id: string;
  weight: number;
  label: Text;
  questions: Question[];
  /** The first rule whose conditions hold gives the status; none → unknown. */
  rules: Rule[];
}

/**
 * `all`: every criterion met → sql. `threshold`: at least `min` met and none unmet → sql. Either way, the
 * criteria in `requireMet` must be met for sql, and one in `disqualifyWhenUnmet` unmet disqualifies.
 */
export type Policy =
  | { kind: 'all'; requireMet: string[]; disqualifyWhenUnmet: string[] }
  | { kind: 'threshold'; min: number; requireMet: string[]; disqualifyWhenUnmet: string[] };

export interface Framework {
  id: string;
  version: number;
  name: Text;
  params: Record<string, number>;
  policy: Policy;
  /** Days to the next follow-up of a nurturing decision, by the answer to one question. */
  followUp: { question: string; days: Record<string, number>; defaultDays: number };
  criteria: Criterion[];
  /** What `bant demo` answers when nobody is at a terminal to do it. */
  exampleAnswers?: Answers;
}

export function allQuestions(framework: Framework): Question[] {
  return framework.criteria.flatMap((criterion) => criterion.questions);
}

export function findQuestion(framework: Framework, questionId: string): Question | undefined {
  for (const criterion of framework.criteria) {
    const question = criterion.questions.find((candidate) => candidate.id === questionId);
    if (question) return question;
  }
  return undefined;
}

/** The criterion a question belongs to: answers are grouped by the framework's structure, never by their ids. */
export function criterionOfQuestion(framework: Framework, questionId: string): string | undefined {
  return framework.criteria.find((criterion) => criterion.questions.some((question) => question.id === questionId))?.id;
}

/** The answers a select or confirm question can take; undefined for numbers and texts. */
export function allowedValues(question: Question): AnswerValue[] | undefined {
  if (question.kind === 'select') return (question.options ?? []).map((option) => option.value);
  if (question.kind === 'confirm') return [true, false];
  return undefined;
}
