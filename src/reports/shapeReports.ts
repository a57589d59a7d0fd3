// From the counts SQLite returns to the reports people read: every stage shown (zeros too), rates with one
// decimal, medians and percentiles. Plain functions over plain data.

import { FUNNEL_STAGES, STAGES, type Stage } from '../domain/stages.js';


/** Percentage with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** The value below which `share` of the weighted values fall (nearest rank), from value → count pairs: the
 * aging report works on a histogram of days, so it never holds one number per lead. */
export function weightedPercentile(counts: readonly { value: number; count: number }[], share: number): number | null {
  const sorted = [...counts].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, entry) => sum + entry.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(share * total));
  let seen = 0;
  for (const entry of sorted) {
    seen += entry.count;
    if (seen >= rank) return entry.value;
  }
  return sorted.at(-1)!.value;
}

/** The middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface PipelineRow {
  group?: string | null;
  stage: Stage;
  count: number;
}

/** Every stage, in funnel order, for each group (one group when not split). */
export function shapePipeline(rows: readonly { group: string | null; stage: Stage; count: number }[], split: boolean): PipelineRow[] {
  const groups = split ? [...new Set(rows.map((row) => row.group))].sort((a, b) => (a ?? '').localeCompare(b ?? '')) : [null];
  return groups.flatMap((group) =>
    STAGES.map((stage) => {
      const count = rows.filter((row) => (!split || row.group === group) && row.stage === stage).reduce((sum, row) => sum + row.count, 0);
      return split ? { group, stage, count } : { stage, count };
    }),
  );
}

export interface FunnelStep {
  stage: (typeof FUNNEL_STAGES)[number];
  reached: number;
  /** From the step before (the first step: from the leads created). */
  rate: number | null;
}

/** `reached[i]`: leads that got at least as far as FUNNEL_STAGES[i]. */
export function shapeFunnel(created: number, reached: readonly number[]): { created: number; steps: FunnelStep[]; overall: number | null } {
  let previous = created;
  const steps = FUNNEL_STAGES.map((stage, index) => {
    const step = { stage, reached: reached[index] ?? 0, rate: percent(reached[index] ?? 0, previous) };
    const reachedHere = step.reached;
    previous = reachedHere;
    return step;
  });
  return { created, steps, overall: percent(steps.at(-1)!.reached, created) };
}

export interface GapRow {
  /** The framework the qualifications were decided under (its id: its versions together). */
  framework: string;
  criterion: string;
  met: number;
  partial: number;
  unmet: number;
  unknown: number;
  /** Nurturing decisions under this framework where this criterion was not met, and their share of them. */
  sentToNurturing: number;
  nurturingShare: number | null;
}

export interface GapFramework {
  framework: string;
  qualifications: number;
  nurturing: number;
}

/**
 * Per framework (most used first): its criteria in its own order, zeros included, then any others its
 * qualifications recorded; within a framework, the criteria most often behind a nurturing decision first.
 */
export function shapeGaps(
  frameworks: readonly {
    frameworkId: string;
    /** The framework's criteria in its order, when its content is known. */
    criteriaOrder: readonly string[];
    qualifications: number;
    nurturing: number;
    criteria: readonly { criterion: string; met: number; partial: number; unmet: number; unknown: number; sentToNurturing: number }[];
  }[],
): { qualifications: number; nurturing: number; frameworks: GapFramework[]; criteria: GapRow[] } {
  const criteria = frameworks.flatMap((framework) => {
    const ids = [...new Set([...framework.criteriaOrder, ...framework.criteria.map((row) => row.criterion)])];
    const rows = ids.map((criterion) => {
      const row = framework.criteria.find((r) => r.criterion === criterion) ?? { met: 0, partial: 0, unmet: 0, unknown: 0, sentToNurturing: 0 };
      return {
        framework: framework.frameworkId,
        criterion,
        met: row.met,
        partial: row.partial,
        unmet: row.unmet,
        unknown: row.unknown,
        sentToNurturing: row.sentToNurturing,
        nurturingShare: percent(row.sentToNurturing, framework.nurturing),
      };
    });
    // A stable sort: criteria sent to nurturing equally often keep the framework's order.
    return rows.sort((a, b) => b.sentToNurturing - a.sentToNurturing);
  });
  return {
    qualifications: frameworks.reduce((sum, framework) => sum + framework.qualifications, 0),
    nurturing: frameworks.reduce((sum, framework) => sum + framework.nurturing, 0),
    frameworks: frameworks.map(({ frameworkId, qualifications, nurturing }) => ({ framework: frameworkId, qualifications, nurturing })),
    criteria,
  };
}

export interface SdrRow {
  sdr: string;
  qualifications: number;
  sql: number;
  nurturing: number;
  disqualified: number;
  sqlRate: number | null;
  /** Median hours from the lead reaching mql to the decision. */
  medianHoursToDecision: number | null;
}

export function shapeSdr(data: {
  outcomes: readonly { sdr: string; qualifications: number; sql: number; nurturing: number; disqualified: number }[];
  hoursToDecision: readonly { sdr: string; hours: number }[];
}): SdrRow[] {
  return data.outcomes.map((row) => {
    // The store gives the one or two decisions in the middle of each SDR's: their median is the SDR's.
    const hours = median(data.hoursToDecision.filter((entry) => entry.sdr === row.sdr).map((entry) => entry.hours));
    return { ...row, sqlRate: percent(row.sql, row.qualifications), medianHoursToDecision: hours === null ? null : Math.round(hours * 10) / 10 };
  });
}

export interface AgingRow {
  stage: Stage;
  leads: number;
  medianDays: number | null;
  p90Days: number | null;
}

/** Days in the current stage, per stage, from how many leads entered it on each day. */
export function shapeAging(entryDays: readonly { stage: Stage; day: string; count: number }[], today: string): AgingRow[] {
  const dayMs = 86_400_000;
  return STAGES.map((stage) => {
    const ages = entryDays.filter((row) => row.stage === stage).map((row) => ({ value: Math.max(0, Math.round((Date.parse(today) - Date.parse(row.day)) / dayMs)), count: row.count }));
    return {
      stage,
      leads: ages.reduce((sum, age) => sum + age.count, 0),
      medianDays: weightedPercentile(ages, 0.5),
      p90Days: weightedPercentile(ages, 0.9),
    };
  });
}

export interface ScoreBandRow {
  /** The band holds scores from `from` (included) to `to` (excluded). */
  from: number;
  to: number;
  leads: number;
  /** Leads whose outcome is known (reached sql, disqualified, or qualified), and how many of them converted. */
  withOutcome: number;
  converted: number;
  conversionRate: number | null;
}

/** Every band from the lowest to the highest score seen, empty ones too, lowest first; and how many leads are not scored yet. */
export function shapeScoreBands(
  counts: readonly { band: number | null; leads: number; withOutcome: number; converted: number }[],
  width: number,
): { bands: ScoreBandRow[]; unscored: number } {
  const scored = counts.filter((row): row is typeof row & { band: number } => row.band !== null);
  const unscored = counts.filter((row) => row.band === null).reduce((sum, row) => sum + row.leads, 0);
  if (scored.length === 0) return { bands: [], unscored };
  const byBand = new Map(scored.map((row) => [row.band, row]));
  const low = Math.min(...byBand.keys());
  const high = Math.max(...byBand.keys());
  const bands: ScoreBandRow[] = [];
  for (let band = low; band <= high; band++) {
    const row = byBand.get(band) ?? { leads: 0, withOutcome: 0, converted: 0 };
    bands.push({ from: band * width, to: (band + 1) * width, leads: row.leads, withOutcome: row.withOutcome, converted: row.converted, conversionRate: percent(row.converted, row.withOutcome) });
  }
  return { bands, unscored };
}
