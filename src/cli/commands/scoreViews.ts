// How a rescored lead reads, in words and in JSON: for `bant score`, `bant activity add`, and whatever else
// rescores one lead and says so.

import { displayName } from '../../domain/lead.js';
import { formatNumber } from '../../i18n/translate.js';
import type { Rescored } from '../../scoring/rescoreLeads.js';
import type { Context } from '../context.js';
import { stageLabel } from '../leadViews.js';

/** "Lead #4 Jeanne Martin: fit 20, engagement 35, total 55." and, on further lines, what that did to its stage. */
export function describeRescored(ctx: Context, rescored: Rescored): string {
  const { t } = ctx;
  const { lead, result, promotion } = rescored;
  const lines = [
    t('score.line', {
      id: lead.id,
      name: displayName(lead),
      fit: formatNumber(ctx.lang, result.fit),
      engagement: formatNumber(ctx.lang, result.engagement),
      total: formatNumber(ctx.lang, result.total),
    }),
  ];
  if (promotion) lines.push(t('score.promoted', { from: stageLabel(ctx, promotion.from), to: stageLabel(ctx, promotion.to), reason: promotion.reason }));
  if (rescored.reengaged) lines.push(t('score.reengagedLine', { id: lead.id }));
  return lines.join('\n');
}

export function rescoredJson(rescored: Rescored) {
  const { lead, result, promotion } = rescored;
  return {
    leadId: lead.id,
    fit: result.fit,
    engagement: result.engagement,
    total: result.total,
    mql: result.mql,
    changed: rescored.changed,
    stage: promotion ? promotion.to : lead.stage,
    promotion: promotion && { from: promotion.from, to: promotion.to, reason: promotion.reason },
    reengaged: rescored.reengaged,
  };
}
