// Checks a framework read from JSON (a shipped one, or a team's own file) before any question is asked, and
// names the path of every problem, like `criteria[1].rules[2].when.authority.rol`, so that `bant frameworks
// check` lists them all at once. The problems are messages (catalog keys), said in the user's language.

import { BantError, invalidInput, type Message, type MessageParams } from './errors.js';
import { checkValue, isShown, missingAnswers } from './evaluateQualification.js';
import {
  allowedValues,
  CONDITION_KEYS,
  CRITERION_STATUSES,
  POLICY_KINDS,
  QUESTION_KINDS,
  type Answers,
  type Condition,
  type Criterion,
  type CriterionStatus,
  type Framework,
  type Policy,
  type Question,
  type Rule,
  type Text,
  type When,
} from './framework.js';

export interface FrameworkProblem {
  /** Where in the file: `criteria[0].questions[1].id`. */
  path: string;
  message: Message;
}

const ROOT_KEYS = ['id', 'version', 'name', 'params', 'policy', 'followUp', 'criteria', 'exampleAnswers'];
const CRITERION_KEYS = ['id', 'weight', 'label', 'questions', 'rules'];
const QUESTION_KEYS = ['id', 'kind', 'required', 'text', 'options', 'min', 'max', 'integer', 'shownWhen'];
const OPTION_KEYS = ['value', 'label'];
const RULE_KEYS = ['status', 'when', 'explain'];
const POLICY_KEYS = ['kind', 'min', 'requireMet', 'disqualifyWhenUnmet'];
const FOLLOW_UP_KEYS = ['question', 'days', 'defaultDays'];
/** A framework id is typed on the command line and names a file: no spaces, no slashes. */
const FRAMEWORK_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Every problem of a framework file; the framework itself only when there is none. */
export function checkFramework(data: unknown): { framework: Framework | undefined; problems: FrameworkProblem[] } {
  const check = new Checker();
  const framework = check.framework(data);
  return { framework: check.problems.length === 0 ? framework : undefined, problems: check.problems };
}

/** The framework, or exit 3 naming the first problem's path (and how many more there are). */
export function parseFramework(data: unknown, file = ''): Framework {
  const { framework, problems } = checkFramework(data);
  if (framework) return framework;
  const [first] = problems;
  const params: MessageParams = { file, path: first!.path, problem: first!.message, more: problems.length - 1 };
  throw invalidInput(problems.length > 1 ? 'framework.invalidMore' : 'framework.invalid', params);
}

class Checker {
  readonly problems: FrameworkProblem[] = [];

  problem(path: string, key: string, params: MessageParams = {}): undefined {
    this.problems.push({ path, message: { key: `frameworkProblem.${key}`, params } });
    return undefined;
  }

  framework(data: unknown): Framework | undefined {
    const root = this.object(data, '(file)');
    if (!root) return undefined;
    this.onlyKeys(root, '', ROOT_KEYS);
    const id = this.text(root.id, 'id');
    if (id !== undefined && !FRAMEWORK_ID.test(id)) this.problem('id', 'badFrameworkId', { id });
    const version = this.number(root.version, 'version');
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) this.problem('version', 'notAVersion');
    const name = this.localized(root.name, 'name');
    const params = this.params(root.params);
    const criteria = this.criteria(root.criteria);
    if (!criteria) return undefined;

    // Every question once, with its criterion and its place in the interview (what shownWhen may read).
    const questions = new Map<string, { question: Question; criterion: number; order: number; path: string }>();
    criteria.forEach((criterion, c) =>
      criterion.questions.forEach((question, q) => {
        const path = `criteria[${c}].questions[${q}].id`;
        const earlier = questions.get(question.id);
        if (earlier) this.problem(path, 'duplicateId', { id: question.id, first: earlier.path });
        else questions.set(question.id, { question, criterion: c, order: questions.size, path });
      }),
    );
    const seenCriteria = new Map<string, number>();
    criteria.forEach((criterion, c) => {
      const first = seenCriteria.get(criterion.id);
      if (first !== undefined) this.problem(`criteria[${c}].id`, 'duplicateId', { id: criterion.id, first: `criteria[${first}].id` });
      else seenCriteria.set(criterion.id, c);
    });

    criteria.forEach((criterion, c) => {
      const before = this.problems.length;
      criterion.rules.forEach((rule, r) => {
        const path = `criteria[${c}].rules[${r}].when`;
        for (const [questionId, condition] of Object.entries(rule.when)) {
          const known = questions.get(questionId);
          if (!known) {
            this.problem(`${path}.${questionId}`, 'unknownQuestion', { id: questionId });
            continue;
          }
          // A rule reads its own criterion's answers: `why` and the gaps report explain a criterion by them.
          if (known.criterion !== c) {
            this.problem(`${path}.${questionId}`, 'otherCriterionQuestion', { id: questionId, owner: criteria[known.criterion]!.id, criterion: criterion.id });
            continue;
          }
          this.condition(condition, known.question, params, `${path}.${questionId}`);
        }
      });
      criterion.questions.forEach((question, q) => {
        if (!question.shownWhen) return;
        const path = `criteria[${c}].questions[${q}].shownWhen`;
        const own = questions.get(question.id)!;
        for (const [questionId, condition] of Object.entries(question.shownWhen)) {
          const known = questions.get(questionId);
          if (!known) this.problem(`${path}.${questionId}`, 'unknownQuestion', { id: questionId });
          else if (known.order >= own.order) this.problem(`${path}.${questionId}`, 'askedLater', { id: questionId });
          else this.condition(condition, known.question, params, `${path}.${questionId}`);
        }
      });
      // Only when the rules themselves check out: a broken rule would otherwise be reported twice.
      if (this.problems.length === before && !criterion.rules.some((rule, r) => rule.status === 'met' && canBeReached(criterion.rules, r) && canHold(rule.when, questions, params))) {
        this.problem(`criteria[${c}].rules`, 'noMetRule', { criterion: criterion.id });
      }
    });

    const policy = this.policy(root.policy, criteria);
    const followUp = this.followUp(root.followUp, questions);
    if (id === undefined || version === undefined || !name || !policy || !followUp || this.problems.length) return undefined;
    const framework: Framework = { id, version, name, params, policy, followUp, criteria };
    if (root.exampleAnswers !== undefined) framework.exampleAnswers = this.exampleAnswers(root.exampleAnswers, framework);
    return framework;
  }

  private params(raw: unknown): Record<string, number> {
    const params: Record<string, number> = {};
    const o = raw === undefined ? {} : this.object(raw, 'params');
    for (const [name, value] of Object.entries(o ?? {})) {
      const number = this.number(value, `params.${name}`);
      if (number !== undefined) params[name] = number;
    }
    return params;
  }

  private criteria(raw: unknown): Criterion[] | undefined {
    const list = this.list(raw, 'criteria');
    if (!list) return undefined;
    if (list.length === 0) return this.problem('criteria', 'noCriteria');
    const criteria = list.map((item, c) => this.criterion(item, `criteria[${c}]`));
    return criteria.every((criterion) => criterion !== undefined) ? (criteria as Criterion[]) : undefined;
  }

  private criterion(raw: unknown, path: string): Criterion | undefined {
    const o = this.object(raw, path);
    if (!o) return undefined;
    this.onlyKeys(o, path, CRITERION_KEYS);
    const id = this.text(o.id, `${path}.id`);
    const weight = this.number(o.weight, `${path}.weight`);
    if (weight !== undefined && weight <= 0) this.problem(`${path}.weight`, 'notPositive');
    const label = this.localized(o.label, `${path}.label`);
    const questions = this.list(o.questions, `${path}.questions`)?.map((item, q) => this.question(item, `${path}.questions[${q}]`));
    if (questions?.length === 0) this.problem(`${path}.questions`, 'noQuestions');
    const rules = this.list(o.rules, `${path}.rules`)?.map((item, r) => this.rule(item, `${path}.rules[${r}]`));
    if (id === undefined || weight === undefined || !label || !questions || !rules) return undefined;
    if (questions.some((question) => !question) || rules.some((rule) => !rule)) return undefined;
    return { id, weight, label, questions: questions as Question[], rules: rules as Rule[] };
  }

  private question(raw: unknown, path: string): Question | undefined {
    const o = this.object(raw, path);
    if (!o) return undefined;
    this.onlyKeys(o, path, QUESTION_KEYS);
    const id = this.text(o.id, `${path}.id`);
    const kind = this.oneOf(o.kind, `${path}.kind`, QUESTION_KINDS);
    const text = this.localized(o.text, `${path}.text`);
    const required = o.required === undefined ? false : this.boolean(o.required, `${path}.required`);
    if (id === undefined || !kind || !text || required === undefined) return undefined;
    const question: Question = { id, kind, required, text };
    if (kind === 'select') {
      const options = this.list(o.options, `${path}.options`);
      if (options?.length === 0) this.problem(`${path}.options`, 'noOptions');
      const seen = new Set<string>();
      question.options = (options ?? []).flatMap((item, i) => {
        const optionPath = `${path}.options[${i}]`;
        const oo = this.object(item, optionPath);
        if (!oo) return [];
        this.onlyKeys(oo, optionPath, OPTION_KEYS);
        const value = this.text(oo.value, `${optionPath}.value`);
        const label = this.localized(oo.label, `${optionPath}.label`);
        if (value !== undefined && seen.has(value)) this.problem(`${optionPath}.value`, 'duplicateOption', { value });
        if (value !== undefined) seen.add(value);
        return value !== undefined && label ? [{ value, label }] : [];
      });
    } else if (o.options !== undefined) this.problem(`${path}.options`, 'optionsOnlyForSelect');
    for (const bound of ['min', 'max'] as const) {
      if (o[bound] === undefined) continue;
      if (kind !== 'number') this.problem(`${path}.${bound}`, 'boundsOnlyForNumber');
      const value = this.number(o[bound], `${path}.${bound}`);
      if (value !== undefined) question[bound] = value;
    }
    if (question.min !== undefined && question.max !== undefined && question.min > question.max) this.problem(`${path}.max`, 'maxBelowMin', { min: question.min });
    if (o.integer !== undefined && this.boolean(o.integer, `${path}.integer`)) question.integer = true;
    if (o.shownWhen !== undefined) {
      const when = this.when(o.shownWhen, `${path}.shownWhen`);
      if (when) question.shownWhen = when;
    }
    return question;
  }

  private rule(raw: unknown, path: string): Rule | undefined {
    const o = this.object(raw, path);
    if (!o) return undefined;
    this.onlyKeys(o, path, RULE_KEYS);
    const status = this.oneOf<CriterionStatus>(o.status, `${path}.status`, CRITERION_STATUSES);
    const when = this.when(o.when, `${path}.when`);
    const explain = this.localized(o.explain, `${path}.explain`);
    return status && when && explain ? { status, when, explain } : undefined;
  }

  private when(raw: unknown, path: string): When | undefined {
    const o = this.object(raw, path);
    if (!o) return undefined;
    for (const [questionId, condition] of Object.entries(o)) {
      const co = this.object(condition, `${path}.${questionId}`);
      if (co) this.onlyKeys(co, `${path}.${questionId}`, CONDITION_KEYS);
    }
    return o as When;
  }

  /** A condition on a known question: values it can take, bounds on numbers, params that exist. */
  private condition(condition: Condition, question: Question, params: Record<string, number>, path: string): void {
    if (typeof condition !== 'object' || condition === null) return; // reported by when()
    const allowed = allowedValues(question);
    for (const key of ['in', 'notIn'] as const) {
      const values = condition[key];
      if (values === undefined) continue;
      if (!this.list(values, `${path}.${key}`)) continue;
      for (const value of values) {
        if (allowed ? !allowed.includes(value) : typeof value !== (question.kind === 'number' ? 'number' : 'string')) {
          this.problem(`${path}.${key}`, 'notAnAnswer', { value: JSON.stringify(value) ?? String(value), id: question.id });
        }
      }
    }
    for (const key of ['gte', 'lt'] as const) {
      const bound = condition[key];
      if (bound === undefined) continue;
      if (question.kind !== 'number') this.problem(`${path}.${key}`, 'boundOnNonNumber', { id: question.id });
      else if (typeof bound === 'string') {
        if (!bound.startsWith('$') || !(bound.slice(1) in params)) this.problem(`${path}.${key}`, 'unknownParam', { name: bound });
      } else this.number(bound, `${path}.${key}`);
    }
    if (condition.missing !== undefined) this.boolean(condition.missing, `${path}.missing`);
  }

  private policy(raw: unknown, criteria: readonly Criterion[]): Policy | undefined {
    const o = this.object(raw, 'policy');
    if (!o) return undefined;
    this.onlyKeys(o, 'policy', POLICY_KEYS);
    const kind = this.oneOf(o.kind, 'policy.kind', POLICY_KINDS);
    const criterionIds = (key: 'requireMet' | 'disqualifyWhenUnmet') =>
      (o[key] === undefined ? [] : (this.list(o[key], `policy.${key}`) ?? [])).flatMap((item, i) => {
        const id = this.text(item, `policy.${key}[${i}]`);
        if (id === undefined) return [];
        if (criteria.some((criterion) => criterion.id === id)) return [id];
        this.problem(`policy.${key}[${i}]`, 'unknownCriterion', { id });
        return [];
      });
    const requireMet = criterionIds('requireMet');
    const disqualifyWhenUnmet = criterionIds('disqualifyWhenUnmet');
    if (kind === 'all') return { kind, requireMet, disqualifyWhenUnmet };
    if (kind !== 'threshold') return undefined;
    const min = this.number(o.min, 'policy.min');
    if (min === undefined) return undefined;
    if (min > criteria.length) return this.problem('policy.min', 'thresholdAboveCriteria', { min, count: criteria.length });
    if (!Number.isInteger(min) || min < 1) return this.problem('policy.min', 'notAThreshold', { count: criteria.length });
    return { kind, min, requireMet, disqualifyWhenUnmet };
  }

  private followUp(raw: unknown, questions: ReadonlyMap<string, { question: Question }>): Framework['followUp'] | undefined {
    const o = this.object(raw, 'followUp');
    if (!o) return undefined;
    this.onlyKeys(o, 'followUp', FOLLOW_UP_KEYS);
    const questionId = this.text(o.question, 'followUp.question');
    const question = questionId === undefined ? undefined : questions.get(questionId)?.question;
    if (questionId !== undefined && !question) this.problem('followUp.question', 'unknownQuestion', { id: questionId });
    const days: Record<string, number> = {};
    const allowed = question && allowedValues(question)?.map(String);
    for (const [answer, value] of Object.entries(this.object(o.days, 'followUp.days') ?? {})) {
      if (allowed && !allowed.includes(answer)) this.problem(`followUp.days.${answer}`, 'notAnAnswer', { value: JSON.stringify(answer), id: question!.id });
      const count = this.days(value, `followUp.days.${answer}`);
      if (count !== undefined) days[answer] = count;
    }
    const defaultDays = this.days(o.defaultDays, 'followUp.defaultDays');
    return questionId !== undefined && defaultDays !== undefined ? { question: questionId, days, defaultDays } : undefined;
  }

  /** Answers `bant demo` gives: each checked as a file's answers are, and all that the interview needs. */
  private exampleAnswers(raw: unknown, framework: Framework): Answers | undefined {
    const o = this.object(raw, 'exampleAnswers');
    if (!o) return undefined;
    const questions = new Map(framework.criteria.flatMap((criterion) => criterion.questions).map((question) => [question.id, question]));
    const answers: Answers = {};
    for (const [id, value] of Object.entries(o)) {
      const question = questions.get(id);
      if (!question) {
        this.problem(`exampleAnswers.${id}`, 'unknownQuestion', { id });
        continue;
      }
      try {
        answers[id] = checkValue(question, value);
      } catch (error) {
        if (!(error instanceof BantError)) throw error;
        this.problems.push({ path: `exampleAnswers.${id}`, message: { key: error.key, params: error.params } });
      }
    }
    for (const id of Object.keys(answers)) {
      if (!isShown(questions.get(id)!, answers, framework.params)) this.problem(`exampleAnswers.${id}`, 'notAsked', { id });
    }
    const missing = missingAnswers(framework, answers);
    if (missing.length) this.problem('exampleAnswers', 'missingAnswers', { ids: missing.join(', ') });
    return answers;
  }

  // ---- The shapes of JSON values ----

  private object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return this.problem(path, 'notAnObject');
  }

  private list(value: unknown, path: string): unknown[] | undefined {
    return Array.isArray(value) ? value : this.problem(path, 'notAList');
  }

  private text(value: unknown, path: string): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value : this.problem(path, 'notText');
  }

  private number(value: unknown, path: string): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) ? value : this.problem(path, 'notANumber');
  }

  private days(value: unknown, path: string): number | undefined {
    const number = this.number(value, path);
    if (number !== undefined && (!Number.isInteger(number) || number < 0)) return this.problem(path, 'notDays');
    return number;
  }

  private boolean(value: unknown, path: string): boolean | undefined {
    return typeof value === 'boolean' ? value : this.problem(path, 'notBoolean');
  }

  private localized(value: unknown, path: string): Text | undefined {
    const o = this.object(value, path);
    if (!o) return undefined;
    const en = this.text(o.en, `${path}.en`);
    const fr = this.text(o.fr, `${path}.fr`);
    return en !== undefined && fr !== undefined ? { en, fr } : undefined;
  }

  private oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    return this.problem(path, 'notOneOf', { allowed: allowed.join(', ') });
  }

  /** A misspelt key (`shownwhen`) would otherwise be ignored without a word; `$` and `_` keys are comments. */
  private onlyKeys(o: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(o)) {
      if (allowed.includes(key) || key.startsWith('$') || key.startsWith('_')) continue;
      this.problem(path ? `${path}.${key}` : key, 'unknownKey', { allowed: allowed.join(', ') });
    }
  }
}

/** A rule after one that always holds (`when: {}`) is never reached. */
function canBeReached(rules: readonly Rule[], index: number): boolean {
  return !rules.slice(0, index).some((rule) => Object.keys(rule.when).length === 0);
}

/** Whether some answers could make these conditions hold (`in: []`, `gte: 5, lt: 3`... never can). */
function canHold(when: When, questions: ReadonlyMap<string, { question: Question }>, params: Record<string, number>): boolean {
  return Object.entries(when).every(([questionId, condition]) => conditionCanHold(condition, questions.get(questionId)!.question, params));
}

function conditionCanHold(condition: Condition, question: Question, params: Record<string, number>): boolean {
  const bound = (limit: number | string) => (typeof limit === 'string' ? params[limit.slice(1)]! : limit);
  const needsAnswer = condition.in !== undefined || condition.gte !== undefined || condition.lt !== undefined || condition.missing === false;
  if (condition.missing === true) return !needsAnswer && !(question.required && !question.shownWhen);
  const notIn = condition.notIn ?? [];
  if (condition.in && condition.in.every((value) => notIn.includes(value))) return false;
  const allowed = allowedValues(question);
  if (needsAnswer && !condition.in && allowed && allowed.every((value) => notIn.includes(value))) return false;
  if (condition.gte !== undefined || condition.lt !== undefined) {
    const low = Math.max(condition.gte !== undefined ? bound(condition.gte) : -Infinity, question.min ?? -Infinity);
    const below = condition.lt !== undefined ? bound(condition.lt) : Infinity;
    if (!(low < below && low <= (question.max ?? Infinity))) return false;
  }
  return true;
}
