// What `bant score learn` does at the terminal; loaded only when it runs. The use case is
// src/scoring/learnFromOutcomes.ts, the learning itself src/domain/learning/.
//
// Where things go: the report on stdout (a table, or JSON with --format json); the model into the file of
// `-o FILE`, checked before any lead is read and written whole or not at all. With `-o -` the model is what
// stdout carries, and the report moves to stderr. Without -o nothing is written: the same data and seed give
// the same model, so the command can be run again with -o once the report looks right.

import { checkLearnOptions, type LearningStep, type PointsOf } from '../../domain/learning/learnScoringModel.js';
import type { Decile } from '../../domain/learning/evaluateScores.js';
import { invalidInput } from '../../domain/errors.js';
import { formatDecimal } from '../../i18n/translate.js';
import { learnFromOutcomes, type LearnedFromOutcomes } from '../../scoring/learnFromOutcomes.js';
import type { Scoring } from '../../scoring/rescoreLeads.js';
import { scoringModelText } from '../../scoring/scoringModelText.js';
import type { Context } from '../context.js';
import { checkOutputPath, OutputFile } from '../outputFile.js';
import { parseCount } from '../parseCount.js';
import { printJson, printTable, type Column } from '../render.js';
import { scoringFor } from '../scoringOption.js';
import type { LearnOptions } from './learnCommand.js';

export async function runLearn(ctx: Context, options: LearnOptions): Promise<void> {
  const holdout = share(options.holdout, 'learn.badHoldout');
  const precision = share(options.precision, 'learn.badPrecision');
  const seed = options.seed === undefined ? undefined : parseCount('--seed', options.seed);
  const ignore = options.ignore?.split(',').map((field) => field.trim()).filter(Boolean);
  checkLearnOptions({ holdout, precision });
  const toStdout = options.output === '-';
  // Before any lead is read: a model that could not be written would be learned for nothing.
  const target = options.output === undefined || toStdout ? undefined : checkOutputPath(options.output, { inputs: [], database: ctx.dbFile });
  const scoring = await scoringFor(ctx, options.scoring);
  const store = await ctx.store();

  const progress = learningProgress(ctx);
  let result: LearnedFromOutcomes;
  try {
    result = await learnFromOutcomes(store, scoring, { holdout, precision, seed, ignore, onProgress: progress.show });
  } finally {
    progress.done();
  }

  const text = scoringModelText(result.learned.model);
  const rules = result.learned.model.fit.rules.length + result.learned.model.engagement.rules.length;
  if (target) {
    const file = new OutputFile(target);
    try {
      file.write(text);
      file.commit();
    } catch (error) {
      file.discard();
      throw error;
    }
  } else if (toStdout) ctx.print(text);

  // With -o -, stdout is the model's: the report goes where messages go.
  const reportCtx = toStdout ? withStdoutOnStderr(ctx) : ctx;
  if (ctx.format === 'json') printJson(reportCtx, learnJson(result, scoring, options.output ?? null));
  else await printReport(reportCtx, result, scoring);
  if (target) ctx.say(ctx.t('learn.written', { file: options.output!, rules }));
  else if (toStdout) ctx.say(ctx.t('learn.writtenToStdout', { rules }));
  else ctx.say(ctx.t('learn.notWritten'));
}

/** A share typed on the command line (0.3, or 0,3 as French writes it); anything else is refused as out of range. */
function share(text: string | undefined, refusal: 'learn.badHoldout' | 'learn.badPrecision'): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*\d*[.,]?\d+\s*$/.test(text) ? Number(text.trim().replace(',', '.')) : NaN;
  if (Number.isNaN(value)) throw invalidInput(refusal, { value: text });
  return value;
}

/** One line on stderr, redrawn in place, naming the step; only on a terminal. */
function learningProgress(ctx: Context): { show: (step: LearningStep | { phase: 'reading'; leads: number }) => void; done: () => void } {
  const stream = ctx.io.stderr;
  if (!stream.isTTY) return { show: () => undefined, done: () => undefined };
  const { t } = ctx;
  const started = Date.now();
  const numbers = new Intl.NumberFormat(ctx.lang);
  let drawn = false;
  return {
    show(step) {
      let line: string;
      if (step.phase === 'reading') {
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        line = t('learn.progressReading', { count: numbers.format(step.leads), rows: step.leads, rate: numbers.format(Math.round(step.leads / seconds)) });
      } else if (step.phase === 'features') line = t('learn.progressFeatures');
      else if (step.phase === 'fitting') line = t('learn.progressFitting', { step: step.iteration });
      else line = t('learn.progressEvaluating');
      stream.write(`\r${line}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

/** The same context, its `print` going to stderr (tables included). */
function withStdoutOnStderr(ctx: Context): Context {
  return Object.create(ctx, { print: { value: (text: string) => ctx.say(text.replace(/\n$/, '')) } }) as Context;
}

const percent = (ctx: Context, share: number) => new Intl.NumberFormat(ctx.lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
const fieldName = (field: string) => field.replace(/^custom\./, '');

async function printReport(ctx: Context, { learned, withoutOutcome }: LearnedFromOutcomes, scoring: Scoring): Promise<void> {
  const { t, lang, out } = ctx;
  const { outcomes, evaluation, features } = learned;
  ctx.print(
    t('learn.summary', {
      leads: outcomes.leads,
      converted: outcomes.converted,
      rate: percent(ctx, outcomes.converted / outcomes.leads),
      learning: outcomes.learning,
      heldOut: outcomes.heldOut,
    }),
  );
  if (withoutOutcome > 0) ctx.print(t('learn.withoutOutcome', { count: withoutOutcome }));
  ctx.print(out.bold(t('learn.auc', { auc: formatDecimal(lang, evaluation.auc, 3) })));
  if (evaluation.currentAuc !== null) {
    const model = scoring.model;
    ctx.print(t('learn.currentAuc', { model: model.name[lang], id: model.id, version: model.version, auc: formatDecimal(lang, evaluation.currentAuc, 3) }));
  }

  ctx.print(`\n${t('learn.decilesTitle')}`);
  const deciles: Column<Decile>[] = [
    { header: t('learn.decile'), value: (d) => d.decile },
    { header: t('learn.scores'), value: (d) => (d.lowestScore === d.highestScore ? `${d.lowestScore}` : `${d.lowestScore} … ${d.highestScore}`) },
    { header: t('learn.leads'), value: (d) => d.leads },
    { header: t('learn.converted'), value: (d) => d.conversions },
    { header: t('learn.rate'), value: (d) => percent(ctx, d.rate) },
    { header: t('learn.lift'), value: (d) => formatDecimal(lang, d.lift, 2) },
  ];
  await printTable(ctx, deciles, evaluation.deciles);

  const points: Column<PointsOf>[] = [
    { header: t('learn.points'), value: (p) => (p.points > 0 ? `+${p.points}` : `${p.points}`) },
    { header: t('learn.rule'), value: (p) => p.label[lang] },
    { header: t('learn.ruleLeads'), value: (p) => p.leads },
  ];
  for (const [title, list] of [
    ['learn.positiveTitle', evaluation.strongestPositive],
    ['learn.negativeTitle', evaluation.strongestNegative],
  ] as const) {
    if (list.length === 0) continue;
    ctx.print(`\n${t(title)}`);
    await printTable(ctx, points, list);
  }

  const threshold = evaluation.threshold;
  ctx.print('');
  if (threshold.score !== null) {
    ctx.print(
      out.bold(
        t('learn.threshold', {
          score: threshold.score,
          reached: percent(ctx, threshold.precisionReached),
          asked: percent(ctx, threshold.precision),
          kept: percent(ctx, threshold.conversionsKept),
          above: percent(ctx, threshold.leadsAbove),
        }),
      ),
    );
  } else ctx.print(t('learn.noThreshold', { asked: percent(ctx, threshold.precision), score: learned.model.mql.total ?? 0 }));

  ctx.print(`\n${t('learn.used', { count: features.used.length, fields: features.used.map((f) => fieldName(f.field)).join(', ') })}`);
  if (features.excluded.length > 0) {
    ctx.print(t('learn.excludedTitle'));
    const byReason = new Map<string, string[]>();
    for (const { field, reason } of features.excluded) byReason.set(reason, [...(byReason.get(reason) ?? []), fieldName(field)]);
    for (const [reason, fields] of byReason) ctx.print(t('learn.excludedLine', { reason: t(`learn.excluded.${reason}`), fields: fields.join(', ') }));
  }
}

function learnJson({ learned, withoutOutcome }: LearnedFromOutcomes, scoring: Scoring, output: string | null) {
  const { model, outcomes, evaluation, features, fit } = learned;
  return {
    model: { file: output, id: model.id, version: model.version, rules: model.fit.rules.length + model.engagement.rules.length, mql: model.mql },
    outcomes: { ...outcomes, withoutOutcome },
    auc: evaluation.auc,
    current: { id: scoring.model.id, version: scoring.model.version, auc: evaluation.currentAuc },
    baseRate: evaluation.baseRate,
    deciles: evaluation.deciles,
    strongestPositive: evaluation.strongestPositive,
    strongestNegative: evaluation.strongestNegative,
    threshold: evaluation.threshold,
    features,
    fit,
  };
}
