// `bant score`: leads scored again, as of now or of `--as-of` (decay moves scores as days pass: run it daily),
// with the promotions and re-engagements that follow. Named leads in one transaction; `--all` a page of leads
// per transaction, so that a million leads never sit in memory together, other bant processes get their turn
// between pages, and an interrupted run keeps what it did (rescoring again changes nothing).

import { parseIsoDate } from '../domain/dates.js';
import { usageError } from '../domain/errors.js';
import { findLeadOrFail } from '../leads/findLeadOrFail.js';
import type { Store } from '../store/store.js';
import { emptyCounts, rescoreLeads, rescorePage, transactionTarget, type Rescored, type RescoreCounts, type Scoring, type ScoringMoment } from './rescoreLeads.js';

export async function scoreNamedLeads(store: Store, refs: readonly string[], scoring: Scoring, moment: ScoringMoment, options: { dryRun: boolean }): Promise<Rescored[]> {
  const rescored: Rescored[] = [];
  await store.transaction(
    async (tx) => {
      const ids: number[] = [];
      for (const ref of refs) ids.push((await findLeadOrFail(tx.leads, ref)).id);
      await rescoreLeads(transactionTarget(tx), [...new Set(ids)].sort((a, b) => a - b), scoring, moment, (one) => rescored.push(one));
    },
    { rollback: options.dryRun },
  );
  return rescored;
}

const PAGE = 2000;

export async function scoreAllLeads(
  store: Store,
  scoring: Scoring,
  moment: ScoringMoment,
  options: { dryRun: boolean; signal?: AbortSignal; onPage?: (counts: RescoreCounts) => void },
): Promise<RescoreCounts & { interrupted: boolean }> {
  const counts = emptyCounts();
  let after = 0;
  for (;;) {
    if (options.signal?.aborted) return { ...counts, interrupted: true };
    const last = await store.transaction(
      async (tx) => {
        const page = await tx.scoring.pageToScore(after, PAGE);
        await rescorePage(transactionTarget(tx), page, scoring, moment, counts);
        return page.at(-1)?.lead.id;
      },
      { rollback: options.dryRun },
    );
    if (last === undefined) return { ...counts, interrupted: false };
    after = last;
    options.onPage?.(counts);
  }
}

/**
 * `--as-of`: a day (`2026-03-01`, taken at its end, UTC: everything that happened that day counts) or an
 * instant (`2026-03-01T09:00:00Z`, `2026-03-01T10:00+01:00`). Anything else, a day that does not exist
 * included, is a usage error.
 */
export function parseAsOf(text: string | undefined, now: string): string {
  if (text === undefined) return now;
  const trimmed = text.trim();
  const day = parseIsoDate(trimmed);
  if (day) return `${day}T23:59:59.999Z`;
  const instant = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.exec(trimmed);
  const ms = instant && parseIsoDate(instant[1]!) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(ms)) throw usageError('score.badAsOf', { value: text });
  return new Date(ms).toISOString();
}
