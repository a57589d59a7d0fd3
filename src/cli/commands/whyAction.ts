// What `bant why` does; loaded only when it runs.

import { notFound } from '../../domain/errors.js';
import type { QualificationRecord } from '../../domain/qualification.js';
import { displayName } from '../../domain/lead.js';
import { movesToQualifiable, stageCommands } from '../../domain/stages.js';
import { findLeadOrFail } from '../../leads/findLeadOrFail.js';
import { loadFramework } from '../../qualify/loadFramework.js';
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
  await explain(ctx, displayName(lead), qualification);
}

/** Criterion by criterion: the answers, the status, the rule that gave it; then the policy and the decision. */
async function explain(ctx: Context, name: string, q: QualificationRecord): Promise<void> {
  const { t, out, lang } = ctx;
  // Question and criterion labels come from the framework in use; the rules' words were stored with the decision.
  const framework = loadFramework(ctx.io.env.BANT_FRAMEWORK || undefined);
  const criterionOrder = framework.criteria.map((criterion) => criterion.id);
  const labelOf = (criterion: string) => framework.criteria.find((c) => c.id === criterion)?.label[lang] ?? criterion;
  ctx.print(out.bold(t('why.title', { name, date: (q.decidedAt ?? '').slice(0, 16).replace('T', ' '), sdr: q.sdr, framework: `${q.frameworkId} v${q.frameworkVersion}` })));
  await printTable(
    ctx,
    [
      { header: t('qualify.criterion'), value: (c) => labelOf(c.criterion) },
      {
        header: t('qualify.answers'),
        value: (c) => {
          // In the framework's question order; answers to questions it no longer has come last.
          const order = framework.criteria.flatMap((criterion) => criterion.questions.map((question) => question.id));
          return Object.entries(q.answers)
            .filter(([id]) => id.startsWith(`${c.criterion}.`))
            .sort(([a], [b]) => (order.indexOf(a) >>> 0) - (order.indexOf(b) >>> 0))
            .map(([id, value]) => answerLabel(ctx, framework, id, value))
            .join(' · ');
        },
      },
      { header: t('qualify.status'), value: (c) => t(`status.${c.status}`) },
      { header: t('why.rule'), value: (c) => c.explain?.[lang] ?? t('why.noRule') },
    ],
    // In the framework's order; criteria it no longer has come last.
    [...q.criteria].sort((a, b) => (criterionOrder.indexOf(a.criterion) >>> 0) - (criterionOrder.indexOf(b.criterion) >>> 0)),
  );
  const policy = q.policy;
  if (policy) {
    const disqualify = policy.disqualifyWhenUnmet.map(labelOf).join(', ');
    const stages = { sql: stageLabel(ctx, 'sql'), disqualified: stageLabel(ctx, 'disqualified'), nurturing: stageLabel(ctx, 'nurturing') };
    ctx.print(policy.kind === 'all' ? t('why.policyAll', { disqualify, ...stages }) : t('why.policyThreshold', { min: policy.min, disqualify, ...stages }));
  }
  ctx.print(t('qualify.decisionLine', { decision: out.bold(stageLabel(ctx, q.decision ?? '')), score: q.score ?? '' }));
  if (q.overrideReason) ctx.print(t('why.override', { stage: stageLabel(ctx, q.finalStage ?? ''), reason: q.overrideReason }));
  for (const [criterion, note] of Object.entries(q.notes)) ctx.print(`${out.dim(t('why.note', { criterion: labelOf(criterion) }))} ${note}`);
}
