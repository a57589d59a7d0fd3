// The qualification interview as an SDR lives it: the lead's card, each criterion's questions (the
// conditional ones only when they apply), an optional note per criterion, then the summary and the choice
// to confirm or override. Every answer is handed to `save` as soon as it is given: Ctrl-C loses nothing.

import { checkValue, isShown, MAX_TEXT_ANSWER, textAnswerProblem, type Decision, type Evaluation } from '../domain/evaluateQualification.js';
import type { Answers, AnswerValue, CriterionStatus, Framework, Question } from '../domain/framework.js';
import { displayName, type Lead } from '../domain/lead.js';
import { parseNumber } from '../domain/parseNumber.js';
import type { QualificationRecord } from '../domain/qualification.js';
import type { Override } from '../qualify/qualifyLead.js';
import { formatNumber } from '../i18n/translate.js';
import type { Context } from './context.js';
import { stageLabel } from './leadViews.js';
import type { Prompter } from './prompter.js';
import { printTable } from './render.js';

export interface InterviewSaver {
  /** `null` when an optional question is left unanswered. */
  answer(questionId: string, value: AnswerValue | null): Promise<void>;
  note(criterion: string, note: string): Promise<void>;
}

export function printLeadHeader(ctx: Context, lead: Lead, attempts: QualificationRecord[]): void {
  const { t, err } = ctx;
  const line = (label: string, value: string | number | null) => value !== null && value !== '' && ctx.say(`  ${err.dim(label.padEnd(12))} ${value}`);
  ctx.say(`\n${err.bold(`#${lead.id} ${displayName(lead)}`)}  ${err.cyan(stageLabel(ctx, lead.stage))}`);
  line(t('field.title'), lead.title);
  line(t('field.company'), lead.company);
  line(t('field.source'), lead.source);
  line(t('column.score'), lead.score === null ? null : formatNumber(ctx.lang, lead.score));
  for (const attempt of attempts) {
    line(t('qualify.previous'), `${attempt.decidedAt?.slice(0, 10)} ${attempt.sdr}: ${stageLabel(ctx, attempt.finalStage ?? '')} (${attempt.score === null ? '' : formatNumber(ctx.lang, attempt.score)})`);
  }
}

export async function askQuestions(
  ctx: Context,
  prompter: Prompter,
  framework: Framework,
  answers: Answers,
  skipped: Set<string>,
  notes: Record<string, string>,
  save: InterviewSaver,
): Promise<void> {
  const { lang, t, err } = ctx;
  for (const criterion of framework.criteria) {
    const pending = criterion.questions.filter((question) => !(question.id in answers) && !skipped.has(question.id));
    if (pending.length === 0 && criterion.id in notes) continue;
    ctx.say(`\n${err.bold(criterion.label[lang])}`);
    for (const question of criterion.questions) {
      if (question.id in answers || skipped.has(question.id) || !isShown(question, answers, framework.params)) continue;
      const value = await askQuestion(ctx, prompter, question);
      if (value === undefined) skipped.add(question.id);
      else answers[question.id] = value;
      await save.answer(question.id, value ?? null);
    }
    if (!(criterion.id in notes)) {
      // Saved even when empty: a resumed interview does not ask again for a note that was skipped.
      const typed = await prompter.input({ message: t('qualify.note', { criterion: criterion.label[lang] }), validate: (text) => checkTypedText(ctx, text, false) });
      const note = textAnswerProblem(typed) === 'answers.emptyText' ? '' : typed.trim();
      notes[criterion.id] = note;
      await save.note(criterion.id, note);
    }
  }
}

async function askQuestion(ctx: Context, prompter: Prompter, question: Question): Promise<AnswerValue | undefined> {
  const message = question.text[ctx.lang];
  switch (question.kind) {
    case 'select':
      return prompter.select({ message, choices: question.options!.map((option) => ({ value: option.value, name: option.label[ctx.lang] })) });
    case 'confirm':
      return prompter.confirm({ message });
    case 'number': {
      const text = await prompter.input({
        message,
        validate: (typed) => {
          if (typed.trim() === '') return question.required ? ctx.t('qualify.required') : true;
          const parsed = parseNumber(typed);
          try {
            checkValue(question, parsed ?? typed);
            return true;
          } catch (error) {
            // A person reads the question on screen: the message says what to type, without the question's id.
            const e = error as { key: string; params: Record<string, string | number> };
            return ctx.t(e.key.replace(/^answers\./, 'prompt.'), e.params);
          }
        },
      });
      return text.trim() === '' ? undefined : parseNumber(text)!;
    }
    case 'text': {
      const text = await prompter.input({ message, validate: (typed) => checkTypedText(ctx, typed, question.required) });
      return textAnswerProblem(text) === 'answers.emptyText' ? undefined : text.trim();
    }
  }
}

/** Blank (spaces, NUL, zero-width characters) is no answer; too long is refused at once, while typing. */
function checkTypedText(ctx: Context, typed: string, required: boolean): true | string {
  const problem = textAnswerProblem(typed);
  if (problem === 'answers.textTooLong') return ctx.t('qualify.textTooLong', { length: typed.trim().length, max: MAX_TEXT_ANSWER });
  if (problem === 'answers.emptyText' && required) return ctx.t('qualify.required');
  return true;
}

const STATUS_COLOURS: Record<CriterionStatus, 'green' | 'yellow' | 'red' | 'gray'> = { met: 'green', partial: 'yellow', unmet: 'red', unknown: 'gray' };

export function answerLabel(ctx: Context, framework: Framework, questionId: string, value: AnswerValue): string {
  const question = framework.criteria.flatMap((criterion) => criterion.questions).find((q) => q.id === questionId);
  if (question?.kind === 'select') return question.options!.find((option) => option.value === value)?.label[ctx.lang] ?? String(value);
  if (typeof value === 'boolean') return ctx.t(value ? 'qualify.yes' : 'qualify.no');
  return String(value);
}

/** The summary table (criterion, answers, status in colour), then the decision, score, reasons and follow-up. */
export async function printSummary(ctx: Context, framework: Framework, evaluation: Evaluation): Promise<void> {
  const { t, out, lang } = ctx;
  const rows = framework.criteria.map((criterion) => ({ criterion, result: evaluation.criteria[criterion.id]! }));
  await printTable(
    ctx,
    [
      { header: t('qualify.criterion'), value: (row) => row.criterion.label[lang] },
      { header: t('qualify.answers'), value: (row) => Object.entries(row.result.answers).map(([id, value]) => answerLabel(ctx, framework, id, value)).join(' · ') },
      { header: t('qualify.status'), value: (row) => out[STATUS_COLOURS[row.result.status]](t(`status.${row.result.status}`)) },
    ],
    rows,
  );
  ctx.print(t('qualify.decisionLine', { decision: out.bold(decisionLabel(ctx, evaluation.decision)), score: evaluation.score }));
  const notMet = evaluation.reasons.map((r) => `${framework.criteria.find((c) => c.id === r.criterion)!.label[lang]} (${t(`status.${r.status}`)})`);
  if (notMet.length) ctx.print(t('qualify.notMetLine', { criteria: notMet.join(', ') }));
  if (evaluation.followUpOn) ctx.print(t('qualify.followUpLine', { date: evaluation.followUpOn }));
}

export function decisionLabel(ctx: Context, decision: string): string {
  return stageLabel(ctx, decision);
}

/** Confirm the decision, or override it with a reason that is recorded. */
export async function confirmDecision(ctx: Context, prompter: Prompter, decision: Decision): Promise<Override | undefined> {
  const { t } = ctx;
  const choice = await prompter.select({
    message: t('qualify.confirmQuestion'),
    choices: [
      { value: 'confirm', name: t('qualify.confirmChoice', { decision: decisionLabel(ctx, decision) }) },
      { value: 'override', name: t('qualify.overrideChoice') },
    ],
  });
  if (choice === 'confirm') return undefined;
  const others = (['sql', 'nurturing', 'disqualified'] as const).filter((stage) => stage !== decision);
  const stage = await prompter.select({ message: t('qualify.overrideTo'), choices: others.map((value) => ({ value, name: decisionLabel(ctx, value) })) });
  const reason = await prompter.input({ message: t('qualify.overrideReason'), validate: (typed) => typed.trim() !== '' || t('qualify.required') });
  return { stage, reason: reason.trim() };
}
