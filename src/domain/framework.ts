// A qualification framework as data (PRODUCT.md, "Qualification"): criteria, their questions, the rules
// that turn answers into a status, weights, and the policy that turns statuses into a decision.
// `parseFramework` checks a framework read from JSON and names the first bad path in it.

import { invalidInput } from './errors.js';

export const CRITERION_STATUSES = ['met', 'partial', 'unmet', 'unknown'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

export const QUESTION_KINDS = ['select', 'number', 'confirm', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export type Text = { en: string; fr: string };
export type AnswerValue = string | number | boolean;
export type Answers = Record<string, AnswerValue>;

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

export type Policy = { kind: 'all'; disqualifyWhenUnmet: string[] } | { kind: 'threshold'; min: number; disqualifyWhenUnmet: string[] };

export interface Framework {
  id: string;
  version: number;
  name: Text;
  params: Record<string, number>;
  policy: Policy;
  followUp: { question: string; days: Record<string, number>; defaultDays: number };
  criteria: Criterion[];
}

export function allQuestions(framework: Framework): Question[] {
  return framework.criteria.flatMap((criterion) => criterion.questions);
}

/** Checks untrusted JSON; the error names the path, like `criteria[1].rules[2].when`, and what is wrong there. */
export function parseFramework(data: unknown): Framework {
  const fail = (path: string, problem: string): never => {
    throw invalidInput('framework.invalid', { path, problem });
  };
  const object = (value: unknown, path: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(path, 'must be an object');
  const array = (value: unknown, path: string): unknown[] => (Array.isArray(value) ? value : fail(path, 'must be a list'));
  const string = (value: unknown, path: string): string => (typeof value === 'string' && value.trim() !== '' ? value : fail(path, 'must be a non-empty text'));
  const number = (value: unknown, path: string): number => (typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'must be a number'));
  const text = (value: unknown, path: string): Text => {
    const o = object(value, path);
    return { en: string(o.en, `${path}.en`), fr: string(o.fr, `${path}.fr`) };
  };

  const root = object(data, 'framework');
  const params: Record<string, number> = {};
  for (const [name, value] of Object.entries(root.params === undefined ? {} : object(root.params, 'params'))) params[name] = number(value, `params.${name}`);

  const criteria: Criterion[] = array(root.criteria, 'criteria').map((raw, c) => {
    const path = `criteria[${c}]`;
    const o = object(raw, path);
    const weight = number(o.weight, `${path}.weight`);
    if (weight <= 0) fail(`${path}.weight`, 'must be above 0');
    const questions: Question[] = array(o.questions, `${path}.questions`).map((rawQuestion, q) => {
      const qPath = `${path}.questions[${q}]`;
      const qo = object(rawQuestion, qPath);
      const kind = string(qo.kind, `${qPath}.kind`) as QuestionKind;
      if (!QUESTION_KINDS.includes(kind)) fail(`${qPath}.kind`, `must be one of ${QUESTION_KINDS.join(', ')}`);
      const question: Question = { id: string(qo.id, `${qPath}.id`), kind, required: qo.required === true, text: text(qo.text, `${qPath}.text`) };
      if (kind === 'select') {
        question.options = array(qo.options, `${qPath}.options`).map((rawOption, i) => {
          const oo = object(rawOption, `${qPath}.options[${i}]`);
          return { value: string(oo.value, `${qPath}.options[${i}].value`), label: text(oo.label, `${qPath}.options[${i}].label`) };
        });
        if (question.options.length === 0) fail(`${qPath}.options`, 'must list at least one option');
      }
      if (qo.min !== undefined) question.min = number(qo.min, `${qPath}.min`);
      if (qo.max !== undefined) question.max = number(qo.max, `${qPath}.max`);
      if (qo.integer === true) question.integer = true;
      if (qo.shownWhen !== undefined) question.shownWhen = object(qo.shownWhen, `${qPath}.shownWhen`) as When;
      return question;
    });
    const rules: Rule[] = array(o.rules, `${path}.rules`).map((rawRule, r) => {
      const rPath = `${path}.rules[${r}]`;
      const ro = object(rawRule, rPath);
      const status = string(ro.status, `${rPath}.status`) as CriterionStatus;
      if (!CRITERION_STATUSES.includes(status)) fail(`${rPath}.status`, `must be one of ${CRITERION_STATUSES.join(', ')}`);
      return { status, when: object(ro.when, `${rPath}.when`) as When, explain: text(ro.explain, `${rPath}.explain`) };
    });
    return { id: string(o.id, `${path}.id`), weight, label: text(o.label, `${path}.label`), questions, rules };
  });
  if (criteria.length === 0) fail('criteria', 'must list at least one criterion');

  // Every question id a rule, a shownWhen or the follow-up names must exist, with values it can take.
  const byId = new Map<string, Question>();
  criteria.forEach((criterion, c) =>
    criterion.questions.forEach((question, q) => {
      if (byId.has(question.id)) fail(`criteria[${c}].questions[${q}].id`, `"${question.id}" is used twice`);
      byId.set(question.id, question);
    }),
  );
  const checkWhen = (when: When, path: string) => {
    for (const [questionId, condition] of Object.entries(when)) {
      const question = byId.get(questionId);
      if (!question) fail(`${path}.${questionId}`, `question "${questionId}" does not exist`);
      object(condition, `${path}.${questionId}`);
      for (const key of Object.keys(condition)) {
        if (!['in', 'notIn', 'gte', 'lt', 'missing'].includes(key)) fail(`${path}.${questionId}.${key}`, 'must be one of in, notIn, gte, lt, missing');
      }
      for (const key of ['gte', 'lt'] as const) {
        const bound = condition[key];
        if (typeof bound === 'string' && !(bound.slice(1) in params)) fail(`${path}.${questionId}.${key}`, `"${bound}" is not in params`);
      }
      for (const key of ['in', 'notIn'] as const) {
        const values = condition[key];
        if (values === undefined) continue;
        array(values, `${path}.${questionId}.${key}`);
        const allowed = allowedValues(question!);
        for (const value of values) if (allowed && !allowed.includes(value)) fail(`${path}.${questionId}.${key}`, `${JSON.stringify(value)} is not an answer "${questionId}" can take`);
      }
    }
  };
  criteria.forEach((criterion, c) => {
    criterion.rules.forEach((rule, r) => checkWhen(rule.when, `criteria[${c}].rules[${r}].when`));
    criterion.questions.forEach((question, q) => question.shownWhen && checkWhen(question.shownWhen, `criteria[${c}].questions[${q}].shownWhen`));
  });

  const rawPolicy = object(root.policy, 'policy');
  const kind = string(rawPolicy.kind, 'policy.kind');
  const disqualifyWhenUnmet = (rawPolicy.disqualifyWhenUnmet === undefined ? [] : array(rawPolicy.disqualifyWhenUnmet, 'policy.disqualifyWhenUnmet')).map((id, i) => {
    const criterionId = string(id, `policy.disqualifyWhenUnmet[${i}]`);
    if (!criteria.some((criterion) => criterion.id === criterionId)) fail(`policy.disqualifyWhenUnmet[${i}]`, `criterion "${criterionId}" does not exist`);
    return criterionId;
  });
  let policy: Policy;
  if (kind === 'all') policy = { kind, disqualifyWhenUnmet };
  else if (kind === 'threshold') {
    const min = number(rawPolicy.min, 'policy.min');
    if (!Number.isInteger(min) || min < 1 || min > criteria.length) fail('policy.min', `must be a whole number from 1 to ${criteria.length}`);
    policy = { kind, min, disqualifyWhenUnmet };
  } else return fail('policy.kind', 'must be "all" or "threshold"');

  const rawFollowUp = object(root.followUp, 'followUp');
  const followUpQuestion = string(rawFollowUp.question, 'followUp.question');
  if (!byId.has(followUpQuestion)) fail('followUp.question', `question "${followUpQuestion}" does not exist`);
  const days: Record<string, number> = {};
  for (const [answer, value] of Object.entries(object(rawFollowUp.days, 'followUp.days'))) days[answer] = number(value, `followUp.days.${answer}`);

  return {
    id: string(root.id, 'id'),
    version: number(root.version, 'version'),
    name: text(root.name, 'name'),
    params,
    policy,
    followUp: { question: followUpQuestion, days, defaultDays: number(rawFollowUp.defaultDays, 'followUp.defaultDays') },
    criteria,
  };
}

function allowedValues(question: Question): AnswerValue[] | undefined {
  if (question.kind === 'select') return question.options!.map((option) => option.value);
  if (question.kind === 'confirm') return [true, false];
  return undefined;
}
