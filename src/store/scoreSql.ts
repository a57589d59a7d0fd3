// SQL both engines share for the scores report: the same words in SQLite's and PostgreSQL's dialects.

import type { MqlThreshold } from '../domain/scoringModel.js';

/**
 * A lead's outcome is known once it reached sql (converted), was disqualified, or was qualified (and never
 * reached sql: not converted); the qualifications are looked at last, only for the leads still in doubt.
 */
export const KNOWN_OUTCOME = `(l.reached_rank >= 3 OR l.stage = 'disqualified' OR EXISTS (SELECT 1 FROM qualifications q WHERE q.lead_id = l.id AND q.status = 'done'))`;

/** What a person calls the lead (src/domain/lead.ts displayName). */
export const LEAD_NAME = `coalesce(nullif(concat_ws(' ', l.first_name, l.last_name), ''), l.company, l.email, l.external_id, '#' || l.id)`;

/**
 * Prospects and leads (not forgotten, scored) that do not meet the MQL threshold, as meetsMql reads it, but are
 * within `margin` points of one of its ways, on each of that way's parts. `param` adds a parameter and
 * returns its placeholder.
 */
export function nearThresholdSql(threshold: MqlThreshold, margin: number, param: (value: number) => string): string {
  const ways = (shift: number) => {
    const parts: string[] = [];
    const pair: string[] = [];
    if (threshold.fit !== undefined) pair.push(`l.fit_score >= ${param(threshold.fit - shift)}`);
    if (threshold.engagement !== undefined) pair.push(`l.engagement_score >= ${param(threshold.engagement - shift)}`);
    if (pair.length) parts.push(`(${pair.join(' AND ')})`);
    if (threshold.total !== undefined) parts.push(`l.score >= ${param(threshold.total - shift)}`);
    return parts.join(' OR ');
  };
  return `l.forgotten_at IS NULL AND l.stage IN ('prospect', 'lead') AND l.score IS NOT NULL AND NOT (${ways(0)}) AND (${ways(margin)})`;
}
