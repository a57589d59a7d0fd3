// The heart of bant as a pure function (like changesets' assemble-release-plan): a framework and the
// answers in, a status per criterion, a decision, a score, a follow-up date and reasons out. No I/O.

import { addDays } from './dates.js';
import { invalidInput } from './errors.js';
import { allQuestions, type AnswerValue, type Answers, type Condition, type CriterionStatus, type Framework, type Question, type When } from './framework.js';

export type Decision = 'sql' | 'nurturing' | 'disqualified';

export interface CriterionResult {
  status: CriterionStatus;
  /** Index of the rule that gave the status; null when none held (status unknown). */
  rule: number | null;
  answers: Answers;
}

export interface Evaluation {
  criteria: Record<string, CriterionResult>;
  decision: Decision;
  /** Weighted share of met (1) and partial (0.5) criteria, 0-100, one decimal. */
  score: number;
  followUpOn: string | null;
  /** Each criterion not met, in framework order. */
  reasons: { criterion: string; status: CriterionStatus }[];
}

const STATUS_POINTS: Record<CriterionStatus, number> = { met: 1, partial: 0.5, unmet: 0, unknown: 0 };

export function evaluateQualification(framework: Framework, answers: Answers, today: string): Evaluation {
  const criteria: Record<string, CriterionResult> = {};
  for (const criterion of framework.criteria) {
    const own: Answers = {};
    for (const question of criterion.questions) if (question.id in answers) own[question.id] = answers[question.id]!;
    // A rule reads its own criterion's answers only (checkFramework refuses any other): the structure, not the ids, groups them.
    const rule = criterion.rules.findIndex((candidate) => whenHolds(candidate.when, own, framework.params));
    criteria[criterion.id] = { status: rule === -1 ? 'unknown' : criterion.rules[rule]!.status, rule: rule === -1 ? null : rule, answers: own };
  }
  const statuses = framework.criteria.map((criterion) => criteria[criterion.id]!.status);
  const met = statuses.filter((status) => status === 'met').length;
  const { policy } = framework;
  let decision: Decision;
  const policyHolds = policy.kind === 'all' ? met === statuses.length : met >= policy.min && !statuses.includes('unmet');
  if (policy.disqualifyWhenUnmet.some((id) => criteria[id]?.status === 'unmet')) decision = 'disqualified';
  else if (policyHolds && policy.requireMet.every((id) => criteria[id]?.status === 'met')) decision = 'sql';
  else decision = 'nurturing';

  const totalWeight = framework.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  const points = framework.criteria.reduce((sum, criterion) => sum + criterion.weight * STATUS_POINTS[criteria[criterion.id]!.status], 0);
  const score = Math.round((points / totalWeight) * 1000) / 10;

  const followUpOn = decision === 'nurturing' ? followUpDate(framework, answers, today) : null;
  const reasons = framework.criteria.filter((criterion) => criteria[criterion.id]!.status !== 'met').map((criterion) => ({ criterion: criterion.id, status: criteria[criterion.id]!.status }));
  return { criteria, decision, score, followUpOn, reasons };
}

/** When to follow up a lead sent to nurturing: from the timeline answer (the framework's follow-up question). */
export function followUpDate(framework: Framework, answers: Answers, today: string): string {
  // An answer the framework names a delay for; anything else (no answer, a value without a delay) takes the
  // default delay.
  const answer = answers[framework.followUp.question];
  const days = answer === undefined ? undefined : framework.followUp.days[String(answer)];
  return addDays(today, days ?? framework.followUp.defaultDays);
}

/**
 * Where the lead goes (the decision, or the SDR's override) and, in nurturing, when to follow it up: from
 * the timeline answer, whether the rules or the SDR sent it there.
 */
export function finalOutcome(
  framework: Framework,
  answers: Answers,
  evaluation: Pick<Evaluation, 'decision' | 'followUpOn'>,
  override: Decision | undefined,
  today: string,
): { stage: Decision; followUpOn: string | null } {
  const stage = override ?? evaluation.decision;
  if (stage !== 'nurturing') return { stage, followUpOn: null };
  return { stage, followUpOn: evaluation.followUpOn ?? followUpDate(framework, answers, today) };
}

export function whenHolds(when: When, answers: Answers, params: Record<string, number>): boolean {
  return Object.entries(when).every(([questionId, condition]) => conditionHolds(condition, answers[questionId], params));
}

function conditionHolds(condition: Condition, value: AnswerValue | undefined, params: Record<string, number>): boolean {
  const bound = (limit: number | string) => (typeof limit === 'string' ? params[limit.slice(1)]! : limit);
  if (condition.missing !== undefined && (value === undefined) !== condition.missing) return false;
  if (condition.in && (value === undefined || !condition.in.includes(value))) return false;
  if (condition.notIn && value !== undefined && condition.notIn.includes(value)) return false;
  if (condition.gte !== undefined && !(typeof value === 'number' && value >= bound(condition.gte))) return false;
  if (condition.lt !== undefined && !(typeof value === 'number' && value < bound(condition.lt))) return false;
  return true;
}

/** A question is asked when it has no shownWhen, or its conditions hold on the answers so far. */
export function isShown(question: Question, answers: Answers, params: Record<string, number>): boolean {
  return !question.shownWhen || whenHolds(question.shownWhen, answers, params);
}

/** The required questions still to ask, given the answers so far (conditional ones only when shown). */
export function missingAnswers(framework: Framework, answers: Answers): string[] {
  return allQuestions(framework)
    .filter((question) => question.required && !(question.id in answers) && isShown(question, answers, framework.params))
    .map((question) => question.id);
}

/**
 * Checks answers from a file or a script, strictly: an unknown question id, a value outside the options or
 * the bounds, or an answer to a question that would not be asked is an error naming the question.
 */
export function checkAnswers(framework: Framework, raw: unknown): Answers {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidInput('answers.notAnObject');
  const questions = new Map(allQuestions(framework).map((question) => [question.id, question]));
  const answers: Answers = {};
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const question = questions.get(id);
    if (!question) throw invalidInput('answers.unknownQuestion', { id: showValue(id).slice(1, -1), known: [...questions.keys()].join(', ') });
    answers[id] = checkValue(question, value);
  }
  for (const [id] of Object.entries(answers)) {
    if (!isShown(questions.get(id)!, answers, framework.params)) throw invalidInput('answers.notAsked', { id });
  }
  return answers;
}

export function checkValue(question: Question, value: unknown): AnswerValue {
  const shown = showValue(value);
  switch (question.kind) {
    case 'select': {
      const allowed = question.options!.map((option) => option.value);
      if (typeof value !== 'string' || !allowed.includes(value)) throw invalidInput('answers.notAnOption', { id: question.id, value: shown, allowed: allowed.join(', ') });
      return value;
    }
    case 'confirm':
      if (typeof value === 'boolean') return value;
      if (value === 'yes' || value === 'no') return value === 'yes';
      throw invalidInput('answers.notYesNo', { id: question.id, value: shown });
    case 'number': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        !(question.integer && !Number.isInteger(value)) &&
        !(question.min !== undefined && value < question.min) &&
        !(question.max !== undefined && value > question.max);
      if (!ok) {
        const key = question.max !== undefined ? 'answers.notInRange' : question.min !== undefined ? 'answers.notAtLeast' : 'answers.notANumber';
        throw invalidInput(question.integer ? `${key}Whole` : key, { id: question.id, value: shown, min: question.min ?? '', max: question.max ?? '' });
      }
      return value as number;
    }
    case 'text': {
      if (typeof value !== 'string') throw invalidInput('answers.notText', { id: question.id, value: shown });
      const problem = textAnswerProblem(value);
      if (problem) throw invalidInput(problem, { id: question.id, length: value.length, max: MAX_TEXT_ANSWER });
      return value.trim();
    }
  }
}

/** A text answer is a sentence or a page, not a file: longer than this, it is refused. */
export const MAX_TEXT_ANSWER = 5000;

/**
 * Why a typed or given text is not an answer: nothing but spaces, control characters (NUL...) or invisible
 * format characters (zero-width spaces...), or longer than MAX_TEXT_ANSWER.
 */
export function textAnswerProblem(text: string): 'answers.emptyText' | 'answers.textTooLong' | undefined {
  if (/^[\s\p{Cc}\p{Cf}]*$/u.test(text)) return 'answers.emptyText';
  if (text.trim().length > MAX_TEXT_ANSWER) return 'answers.textTooLong';
  return undefined;
}

/** An answer as a message quotes it: short, and never walking through a structure (a list nested 50,000 deep). */
export function showValue(value: unknown): string {
  if (Array.isArray(value)) return '[…]';
  if (typeof value === 'object' && value !== null) return '{…}';
  const text = typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value) : String(value);
  return text;
}
