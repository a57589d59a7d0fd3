// What `bant score` and `bant score why` do at the terminal; loaded only when they run. The use cases are in
// src/scoring/.

import type { Activity } from '../../domain/activity.js';
import type { MqlWay } from '../../domain/checkMql.js';
import { toIsoDate } from '../../domain/dates.js';
import { cancelled, usageError } from '../../domain/errors.js';
import { displayName } from '../../domain/lead.js';
import type { Contribution } from '../../domain/scoreLead.js';
import { formatDecimal, formatNumber } from '../../i18n/translate.js';
import { explainScore, type ScoreExplanation } from '../../scoring/explainScore.js';
import type { Scoring } from '../../scoring/rescoreLeads.js';
import { parseAsOf, scoreAllLeads, scoreNamedLeads } from '../../scoring/scoreLeads.js';
import type { Context } from '../context.js';
import { abortOnInterrupt } from '../interrupt.js';
import { stageLabel } from '../leadViews.js';
import { createProgress } from '../progress.js';
import { printJson, printTable, type Column } from '../render.js';
import { scoringFor } from '../scoringOption.js';
import type { ScoreOptions } from './scoreCommand.js';
import { describeRescored, rescoredJson } from './scoreViews.js';

export async function runScore(ctx: Context, refs: string[], options: ScoreOptions): Promise<void> {
  const { t } = ctx;
  if (refs.length === 0 && !options.all) throw usageError('score.nothingToScore');
  if (refs.length > 0 && options.all) throw usageError('score.refsAndAll');
  const now = ctx.now();
  const asOf = parseAsOf(options.asOf, now.toISOString());
  const dryRun = Boolean(options.dryRun);
  // Scores as of a day to come are a forecast: shown with --dry-run, never kept as if that day had come.
  if (asOf > now.toISOString() && !dryRun) throw usageError('score.futureAsOf', { value: options.asOf! });
  const scoring = await scoringFor(ctx, options.scoring);
  const moment = { asOf, at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) };
  const store = await ctx.store();
  if (refs.length > 0) {
    const rescored = await scoreNamedLeads(store, refs, scoring, moment, { dryRun });
    if (ctx.format === 'json') printJson(ctx, { asOf, dryRun, leads: rescored.map(rescoredJson) });
    else for (const one of rescored) ctx.print(describeRescored(ctx, one));
    if (dryRun) ctx.say(t('import.dryRunNote'));
    return;
  }
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller);
  const progress = createProgress(ctx, undefined, 'score.progress');
  let counts;
  try {
    counts = await scoreAllLeads(store, scoring, moment, { dryRun, signal: controller.signal, onPage: (so_far) => progress.update(so_far.scored, 0) });
  } finally {
    progress.done();
    stopListening();
  }
  const summary = { asOf, dryRun, scored: counts.scored, changed: counts.changed, promoted: { lead: counts.toLead, mql: counts.toMql }, reengaged: counts.reengaged };
  if (ctx.format === 'json') printJson(ctx, { ...summary, interrupted: counts.interrupted });
  else {
    const { scored, changed, toLead, toMql, reengaged } = counts;
    ctx.print(t(dryRun ? 'score.allSummaryDryRun' : 'score.allSummary', { scored, changed, toLead, toMql, reengaged, asOf: asOf.slice(0, 16).replace('T', ' ') }));
  }
  if (counts.interrupted) throw cancelled('score.interrupted', { count: counts.scored });
}

export async function runScoreWhy(ctx: Context, ref: string, options: ScoreOptions): Promise<void> {
  const now = ctx.now().toISOString();
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, now);
  const scoring = await scoringFor(ctx, options.scoring);
  const explanation = await explainScore(await ctx.store(), ref, scoring, { asOf, now });
  if (ctx.format === 'json') return printJson(ctx, whyJson(explanation, scoring));
  await printWhy(ctx, explanation, scoring);
}

function label(ctx: Context, scoring: Scoring, contribution: Contribution): string {
  const rules = contribution.group === 'fit' ? scoring.model.fit.rules : scoring.model.engagement.rules;
  return rules.find((rule) => rule.id === contribution.ruleId)?.label[ctx.lang] ?? contribution.ruleId;
}

function activityText(ctx: Context, contribution: Contribution, activities: Map<number, Activity>): string {
  if (contribution.activityId === undefined) return contribution.count === 0 ? ctx.t('scoreWhy.never') : '';
  const activity = activities.get(contribution.activityId);
  const what = activity ? `#${activity.id} ${activity.type} ${activity.occurredAt.slice(0, 10)}` : `#${contribution.activityId}`;
  return contribution.count === undefined ? what : ctx.t('scoreWhy.counted', { count: contribution.count, newest: what });
}

export async function printWhy(ctx: Context, explanation: ScoreExplanation, scoring: Scoring): Promise<void> {
  const { t, lang, out } = ctx;
  const { lead, result, ways } = explanation;
  const number = (value: number) => formatNumber(lang, value);
  const model = scoring.model;
  ctx.print(
    out.bold(t('scoreWhy.title', { id: lead.id, name: displayName(lead), stage: stageLabel(ctx, lead.stage) })) +
      `\n${t('scoreWhy.model', { model: model.name[lang], id: model.id, version: model.version, asOf: explanation.asOf.slice(0, 16).replace('T', ' ') })}`,
  );
  const columns: Column<Contribution>[] = [
    { header: t('scoreWhy.group'), value: (c) => t(`scoreWhy.${c.group}`) },
    { header: t('scoreWhy.rule'), value: (c) => label(ctx, scoring, c) },
    { header: t('scoreWhy.activity'), value: (c) => activityText(ctx, c, explanation.activities) },
    { header: t('scoreWhy.points'), value: (c) => c.rawPoints },
    { header: t('scoreWhy.decay'), value: (c) => (c.decayFactor === 1 ? '' : `×${formatDecimal(lang, c.decayFactor, 2)}`) },
    { header: t('scoreWhy.effective'), value: (c) => c.effectivePoints },
  ];
  if (result.contributions.length) await printTable(ctx, columns, result.contributions);
  else ctx.print(t('scoreWhy.noContribution'));
  for (const group of ['fit', 'engagement'] as const) {
    const capped = result.capped[group];
    if (capped) ctx.print(t('scoreWhy.capped', { group: t(`scoreWhy.${group}`), before: number(capped.before), cap: number(capped.cap) }));
  }
  ctx.print(out.bold(t('scoreWhy.totals', { fit: number(result.fit), engagement: number(result.engagement), total: number(result.total) })));
  ways.forEach((way, index) => ctx.print(describeWay(ctx, way, index > 0)));
  ctx.print(result.mql ? out.green(t('scoreWhy.isMql')) : t('scoreWhy.notMql', { short: number(closest(ways)) }));
  if (explanation.now) {
    const n = explanation.now;
    // Another moment asked for is not decay since the stored score: just the score today, beside it.
    ctx.print(t(explanation.asOfAsked ? 'scoreWhy.today' : 'scoreWhy.movedSince', { fit: number(n.fit), engagement: number(n.engagement), total: number(n.total), id: lead.id }));
  }
}

/** "MQL when fit 20 ≥ 15 and engagement 31 ≥ 25: met" / "or when total 51 ≥ 60: 9 points short". */
function describeWay(ctx: Context, way: MqlWay, another: boolean): string {
  const { t } = ctx;
  const parts = way.parts.map((part) => t('scoreWhy.part', { measure: t(`scoreWhy.${part.measure}`), threshold: formatNumber(ctx.lang, part.threshold), score: formatNumber(ctx.lang, part.score) }));
  const short = way.parts.reduce((sum, part) => sum + part.short, 0);
  const status = way.met ? t('scoreWhy.met') : t('scoreWhy.short', { points: formatNumber(ctx.lang, Math.round(short * 10) / 10) });
  // The colon is the language's: French puts a space before it.
  return `  ${t(another ? 'scoreWhy.orWay' : 'scoreWhy.way', { parts: parts.join(t('scoreWhy.and')), status })}`;
}

/** Points missing on the way nearest to being met. */
function closest(ways: readonly MqlWay[]): number {
  const missing = ways.map((way) => Math.round(way.parts.reduce((sum, part) => sum + part.short, 0) * 10) / 10);
  return Math.min(...missing);
}

export function whyJson(explanation: ScoreExplanation, scoring: Scoring) {
  const { lead, result } = explanation;
  return {
    leadId: lead.id,
    stage: lead.stage,
    model: { id: scoring.model.id, version: scoring.model.version },
    asOf: explanation.asOf,
    fit: result.fit,
    engagement: result.engagement,
    total: result.total,
    capped: result.capped,
    contributions: result.contributions.map((c) => {
      const activity = c.activityId === undefined ? undefined : explanation.activities.get(c.activityId);
      return {
        group: c.group,
        ruleId: c.ruleId,
        label: (c.group === 'fit' ? scoring.model.fit.rules : scoring.model.engagement.rules).find((rule) => rule.id === c.ruleId)?.label ?? null,
        activity: activity ? { id: activity.id, type: activity.type, occurredAt: activity.occurredAt } : null,
        count: c.count ?? null,
        rawPoints: c.rawPoints,
        decayFactor: Math.round(c.decayFactor * 10_000) / 10_000,
        effectivePoints: c.effectivePoints,
      };
    }),
    mql: { met: result.mql, ways: explanation.ways },
    stored: { fit: lead.fitScore, engagement: lead.engagementScore, total: lead.score, scoredAt: lead.scoredAt },
    now: explanation.now && { fit: explanation.now.fit, engagement: explanation.now.engagement, total: explanation.now.total },
  };
}
