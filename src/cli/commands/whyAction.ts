// What `bant why` does; loaded only when it runs.

import { notFound } from '../../domain/errors.js';
import type { Framework } from '../../domain/framework.js';
import type { QualificationRecord } from '../../domain/qualification.js';
import { displayName } from '../../domain/lead.js';
import { movesToQualifiable, stageCommands } from '../../domain/stages.js';
import { findLeadOrFail } from '../../leads/findLeadOrFail.js';
import { loadFramework } from '../../qualify/loadFramework.js';
import { FrameworkLibrary } from '../../qualify/storedFramework.js';
import type { Context } from '../context.js';
import { answerLabel } from '../interview.js';
import { stageLabel } from '../leadViews.js';
import { printJson, printTable } from '../render.js';

export async function runWhy(ctx: Context, ref: string): Promise<void> {
  const store = await ctx.store();
  const lead = await findLeadOrFail(store.leads, ref);
  const qualification = (await store.qualifications.listForLead(lead.id)).at(-1);
  if (!qualification) {
    const moves = movesToQualifiable(lead.stage);
    if (!moves) throw notFound('why.noneNeverQualifiable', { id: lead.id, stage: lead.stage });
    throw notFound('why.none', { id: lead.id, commands: stageCommands(lead.id, moves, `bant qualify ${lead.id}`) });
  }
  if (ctx.format === 'json') return printJson(ctx, qualification);
  // The framework the decision was made under, as it was then: labels, questions and their order.
  const library = new FrameworkLibrary(store, () => loadFramework(ctx.io.env.BANT_FRAMEWORK || undefined));
  const { framework, kept } = await library.frameworkOf(qualification);
  if (!kept) ctx.say(ctx.err.dim(ctx.t(framework ? 'why.frameworkNotKept' : 'why.frameworkUnknown', { framework: qualification.frameworkId })));
  await explain(ctx, displayName(lead), qualification, framework);
}

interface WhyRow {
  criterion: string;
  label: string;
  answers: string;
  status: string;
  rule: string;
}

/** Criterion by criterion: the answers, the status, the rule that gave it; then the policy and the decision. */
async function explain(ctx: Context, name: string, q: QualificationRecord, framework: Framework | undefined): Promise<void> {
  const { t, out, lang } = ctx;
  const labelOf = (criterion: string) => framework?.criteria.find((c) => c.id === criterion)?.label[lang] ?? criterion;
  const answerText = (ids: readonly string[], named = false) =>
    ids
      .filter((id) => id in q.answers)
      .map((id) => {
        const answer = framework ? answerLabel(ctx, framework, id, q.answers[id]!) : String(q.answers[id]);
        return named ? `${id}: ${answer}` : answer;
      })
      .join(' · ');
  // Answers go under the criterion whose questions they answer, in the framework's order: its structure
  // decides, never the shape of a question's id (a budget question may be called `bstatus`).
  const ownQuestions = (criterion: string) => framework?.criteria.find((c) => c.id === criterion)?.questions.map((question) => question.id) ?? [];
  const criterionOrder = framework?.criteria.map((criterion) => criterion.id) ?? [];
  const rows: WhyRow[] = [...q.criteria]
    // In the framework's order; criteria it does not have come last.
    .sort((a, b) => (criterionOrder.indexOf(a.criterion) >>> 0) - (criterionOrder.indexOf(b.criterion) >>> 0))
    .map((c) => ({
      criterion: c.criterion,
      label: labelOf(c.criterion),
      answers: answerText(ownQuestions(c.criterion)),
      status: t(`status.${c.status}`),
      rule: c.explain?.[lang] ?? t('why.noRule'),
    }));
  const placed = new Set(q.criteria.flatMap((c) => ownQuestions(c.criterion)));
  const others = Object.keys(q.answers).filter((id) => !placed.has(id));
  if (others.length) rows.push({ criterion: '', label: t('why.otherAnswers'), answers: answerText(others, true), status: '', rule: '' });

  ctx.print(out.bold(t('why.title', { name, date: (q.decidedAt ?? '').slice(0, 16).replace('T', ' '), sdr: q.sdr, framework: `${q.frameworkId} v${q.frameworkVersion}` })));
  await printTable(
    ctx,
    [
      { header: t('qualify.criterion'), value: (row: WhyRow) => row.label },
      { header: t('qualify.answers'), value: (row) => row.answers },
      { header: t('qualify.status'), value: (row) => row.status },
      { header: t('why.rule'), value: (row) => row.rule },
    ],
    rows,
  );
  const policy = q.policy;
  if (policy) {
    const disqualify = policy.disqualifyWhenUnmet.map(labelOf).join(', ') || t('why.nothing');
    const stages = { sql: stageLabel(ctx, 'sql'), disqualified: stageLabel(ctx, 'disqualified'), nurturing: stageLabel(ctx, 'nurturing') };
    ctx.print(policy.kind === 'all' ? t('why.policyAll', { disqualify, ...stages }) : t('why.policyThreshold', { min: policy.min, disqualify, ...stages }));
    if (policy.requireMet.length) ctx.print(t('why.policyRequireMet', { criteria: policy.requireMet.map(labelOf).join(', ') }));
  }
  ctx.print(t('qualify.decisionLine', { decision: out.bold(stageLabel(ctx, q.decision ?? '')), score: q.score ?? '' }));
  if (q.overrideReason) ctx.print(t('why.override', { stage: stageLabel(ctx, q.finalStage ?? ''), reason: q.overrideReason }));
  for (const [criterion, note] of Object.entries(q.notes)) ctx.print(`${out.dim(t('why.note', { criterion: labelOf(criterion) }))} ${note}`);
}
