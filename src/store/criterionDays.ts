// criterion_days (schema step 'what the reports read') counts the criteria of the qualifications decided each day: both engines sum
// it for the gaps report when the filter is whole days, and count the criteria themselves otherwise.

import type { ReportFilter } from './store.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether the gaps counts can come from criterion_days: a period of whole days (a decision's day is the start
 * of its decided_at, so `decided_at >= from` and `day >= from` agree), and no owner or source (which are the
 * lead's, not the day's).
 */
export function countedByDay(filter: ReportFilter): boolean {
  return filter.owner === undefined && filter.source === undefined && [filter.from, filter.to].every((bound) => bound === undefined || DAY.test(bound));
}
