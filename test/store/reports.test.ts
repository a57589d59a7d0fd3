// Each report on a database built through the real commands, at set dates, with the numbers worked out
// by hand in the comments; on each engine, and then the same story on both engines giving the same JSON.

import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/store/postgres/connectPostgres.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';
import { whatReportsRead } from '../../src/store/sqlite/migrations/009_what_reports_read.js';
import { openSqliteDatabase } from '../../src/store/sqlite/openSqliteDatabase.js';
import type { Engine, ReportFilter, ReportReads } from '../../src/store/store.js';
import { ENGINES, execTarget, freshTarget, openTargetStore, queryTarget } from '../helpers/engines.js';
import { bantAt, fileWith, tellStory } from '../helpers/runInProcess.js';
import { fullStory } from '../helpers/stories.js';
import { expectCriterionDaysInStep, expectReachedRankInStep, expectStageDaysInStep } from '../helpers/storeChecks.js';

const MET = { 'budget.status': 'allocated', 'authority.role': 'decision_maker', 'timeline.horizon': '1_3m', 'need.pain': 'manual work', 'need.severity': 4, 'need.fit': 'yes' };

/**
 * 2026-01-10 09:00  A (mql, alice, webinar), B (lead, bob, salon), C (prospect, alice, salon) created
 * 2026-01-12 09:00  B → mql; alice qualifies A: all met → sql
 * 2026-02-01 09:00  D created (mql, bob, webinar); bob qualifies B: budget planned, timeline 3_6m → nurturing
 * 2026-03-01 09:00  bob qualifies D: need fit no → disqualified
 * reports on 2026-03-10
 */
async function story(engine: Engine) {
  const db = await freshTarget(engine);
  await tellStory(db, [
    ['2026-01-10T09:00:00Z', ['leads', 'add', '--company', 'A', '--stage', 'mql', '--owner', 'alice', '--source', 'webinar']],
    ['2026-01-10T09:00:00Z', ['leads', 'add', '--company', 'B', '--stage', 'lead', '--owner', 'bob', '--source', 'salon']],
    ['2026-01-10T09:00:00Z', ['leads', 'add', '--company', 'C', '--stage', 'prospect', '--owner', 'alice', '--source', 'salon']],
    ['2026-01-12T09:00:00Z', ['stage', '2', 'mql']],
    ['2026-01-12T09:00:00Z', ['qualify', '1', '--sdr', 'alice', '--answers', fileWith('a.json', MET)]],
    ['2026-02-01T09:00:00Z', ['leads', 'add', '--company', 'D', '--stage', 'mql', '--owner', 'bob', '--source', 'webinar']],
    ['2026-02-01T09:00:00Z', ['qualify', '2', '--sdr', 'bob', '--answers', fileWith('b.json', { ...MET, 'budget.status': 'planned', 'timeline.horizon': '3_6m' })]],
    ['2026-03-01T09:00:00Z', ['qualify', '4', '--sdr', 'bob', '--answers', fileWith('d.json', { ...MET, 'need.fit': 'no' })]],
  ]);
  const report = async (...args: string[]) => {
    const result = await bantAt(db, '2026-03-10T12:00:00Z', ['report', ...args, '--format', 'json']);
    if (result.code !== 0) throw new Error(result.err);
    return JSON.parse(result.out);
  };
  return { db, report };
}

describe.each(ENGINES)('reports on %s', (engine) => {
  it('a report reads one state of the database: a decision another SDR commits while it reads is not half counted', async () => {
    // The sdr report counts each SDR's decisions, then reads the middle ones by rank: a decision committed in
    // between would give a median of neither state. `bant report` reads in a snapshot, as here.
    const { db } = await story(engine);
    const store = await openTargetStore(db);
    try {
      const seen = await store.transaction(
        async ({ reports }) => {
          const first = await reports.sdr({});
          await bantAt(db, '2026-03-02T09:00:00Z', ['leads', 'add', '--company', 'E', '--stage', 'mql', '--owner', 'alice']);
          const decided = await bantAt(db, '2026-03-02T10:00:00Z', ['qualify', '5', '--sdr', 'alice', '--answers', fileWith('e.json', MET)]);
          expect(decided.code).toBe(0);
          expect(await reports.sdr({})).toEqual(first);
          return first;
        },
        { snapshot: true },
      );
      expect((await store.reports.sdr({})).outcomes).not.toEqual(seen.outcomes);
    } finally {
      await store.close();
    }
  });

  it('pipeline: every stage, zeros too; filtered by period and owner; split by source', async () => {
    const { report } = await story(engine);
    const counts = (json: { rows: { stage: string; count: number }[] }) => Object.fromEntries(json.rows.map((row) => [row.stage, row.count]));
    expect(counts(await report('pipeline'))).toEqual({ prospect: 1, lead: 0, mql: 0, sql: 1, customer: 0, nurturing: 1, disqualified: 1 });
    expect(counts(await report('pipeline', '--since', '2026-02-01'))).toMatchObject({ disqualified: 1, sql: 0, prospect: 0 });
    expect(counts(await report('pipeline', '--owner', 'alice'))).toMatchObject({ prospect: 1, sql: 1, nurturing: 0 });
    const bySource = await report('pipeline', '--by', 'source');
    expect(bySource.rows.filter((row: { count: number }) => row.count > 0)).toEqual([
      { source: 'salon', stage: 'prospect', count: 1 },
      { source: 'salon', stage: 'nurturing', count: 1 },
      { source: 'webinar', stage: 'sql', count: 1 },
      { source: 'webinar', stage: 'disqualified', count: 1 },
    ]);
  });

  it('funnel: from the history, each lead counted once at the furthest step it reached', async () => {
    const { report } = await story(engine);
    // A mql→sql (3), B lead→mql→nurturing (2), C prospect (0), D mql→disqualified (2).
    expect(await report('funnel')).toMatchObject({
      created: 4,
      steps: [
        { stage: 'lead', reached: 3, rate: 75 },
        { stage: 'mql', reached: 3, rate: 100 },
        { stage: 'sql', reached: 1, rate: 33.3 },
        { stage: 'customer', reached: 0, rate: 0 },
      ],
      overall: 0,
    });
    expect((await report('funnel', '--until', '2026-01-31')).created).toBe(3);
  });

  it('the furthest step kept on each lead agrees with its history', async () => {
    const { db } = await story(engine);
    expect(await expectReachedRankInStep(db)).toEqual([3, 2, 0, 2]);
  });

  it('gaps: statuses per criterion over the qualifications, and what sent leads to nurturing', async () => {
    const { report } = await story(engine);
    const gaps = await report('gaps');
    expect(gaps).toMatchObject({ qualifications: 3, nurturing: 1 });
    const byCriterion = Object.fromEntries(gaps.criteria.map((row: { criterion: string }) => [row.criterion, row]));
    expect(byCriterion.budget).toEqual({ framework: 'bant', criterion: 'budget', met: 2, partial: 1, unmet: 0, unknown: 0, sentToNurturing: 1, nurturingShare: 100 });
    expect(byCriterion.authority).toMatchObject({ met: 3, sentToNurturing: 0, nurturingShare: 0 });
    expect(byCriterion.timeline).toMatchObject({ met: 2, partial: 1, sentToNurturing: 1 });
    expect(byCriterion.need).toMatchObject({ met: 2, unmet: 1, sentToNurturing: 0 });
    expect((await report('gaps', '--since', '2026-02-15')).qualifications).toBe(1);
  });

  it('sdr: outcomes, SQL rate and median time from reaching mql to the decision', async () => {
    const { report } = await story(engine);
    // alice: A, mql at 01-10 09:00, decided 01-12 09:00 → 48 h. bob: B 01-12 → 02-01 (480 h), D 02-01 → 03-01 (672 h).
    expect((await report('sdr')).sdrs).toEqual([
      { sdr: 'bob', qualifications: 2, sql: 0, nurturing: 1, disqualified: 1, sqlRate: 0, medianHoursToDecision: 576 },
      { sdr: 'alice', qualifications: 1, sql: 1, nurturing: 0, disqualified: 0, sqlRate: 100, medianHoursToDecision: 48 },
    ]);
  });

  it('sdr: the median of an odd and of an even number of decisions, within the period', async () => {
    // Five mql leads from 01-01 00:00; eve decides after 1, 2, 4 and 8 hours (a median of 3), then 16 (4).
    const db = await freshTarget(engine);
    const hours = [1, 2, 4, 8, 16];
    await tellStory(db, [
      ...hours.map((_, index) => ['2026-01-01T00:00:00Z', ['leads', 'add', '--company', `E${index + 1}`, '--stage', 'mql']] as [string, string[]]),
      ...hours.slice(0, 4).map((after, index) => [`2026-01-01T${String(after).padStart(2, '0')}:00:00Z`, ['qualify', String(index + 1), '--sdr', 'eve', '--answers', fileWith('met.json', MET)]] as [string, string[]]),
    ]);
    const median = async (...args: string[]) => {
      const result = await bantAt(db, '2026-03-10T12:00:00Z', ['report', 'sdr', ...args, '--format', 'json']);
      return JSON.parse(result.out).sdrs.map((row: { sdr: string; qualifications: number; medianHoursToDecision: number }) => [row.sdr, row.qualifications, row.medianHoursToDecision]);
    };
    expect(await median()).toEqual([['eve', 4, 3]]);
    await tellStory(db, [['2026-01-01T16:00:00Z', ['qualify', '5', '--sdr', 'eve', '--answers', fileWith('met.json', MET)]]]);
    expect(await median()).toEqual([['eve', 5, 4]]);
    // Those decided from 01-01 02:00 on (a store filter can be any instant): 2, 4, 8 and 16 hours.
    const store = await openTargetStore(db);
    expect((await store.reports.sdr({ from: '2026-01-01T02:00:00.000Z' })).hoursToDecision).toEqual([{ sdr: 'eve', hours: 4 }, { sdr: 'eve', hours: 8 }]);
    await expectCriterionDaysInStep(db);
  });

  it('gaps counted from the days kept agree with gaps counted from the criteria', async () => {
    const { db } = await story(engine);
    await expectCriterionDaysInStep(db);
    const store = await openTargetStore(db);
    // Whole days are summed from criterion_days; the same bounds as instants count the criteria themselves.
    const pairs: [ReportFilter, ReportFilter][] = [
      [{}, { from: '2000-01-01T00:00:00.000Z' }],
      [{ from: '2026-02-01' }, { from: '2026-02-01T00:00:00.000Z' }],
      [{ to: '2026-03-01' }, { to: '2026-03-01T00:00:00.000Z' }],
    ];
    for (const [days, instants] of pairs) {
      const counted = await store.reports.gaps(instants);
      expect(counted.frameworks.length).toBeGreaterThan(0);
      expect(await store.reports.gaps(days)).toEqual(counted);
    }
  });

  it('a database from before the step "what the reports read": its decisions get their hours, and their criteria counted by day', async () => {
    // The database stops one short of the step (both engines number their steps alike).
    const before = MIGRATIONS.indexOf(whatReportsRead);
    const db = await freshTarget(engine);
    if (engine === 'sqlite') openSqliteDatabase(db, { migrateTo: before }).close();
    else {
      const client = new pg.Client({ connectionString: db });
      await client.connect();
      await migratePostgres(client, 'test', before);
      await client.end();
    }
    const at = '2026-01-01T00:00:00.000Z';
    await execTarget(db, "INSERT INTO leads (id, company, stage, created_at, updated_at, stage_changed_at) VALUES (1, 'A', 'sql', ?, ?, ?), (2, 'B', 'nurturing', ?, ?, ?), (3, 'C', 'mql', ?, ?, ?)", ...Array(9).fill(at));
    const decided = `INSERT INTO qualifications (id, lead_id, status, sdr, framework_id, framework_version, decision, final_stage, score, reasons, policy, started_at, decided_at, reached_mql_at)
                     VALUES (?, ?, ?, 'alice', 'bant', 1, ?, ?, 50, '[]', '{}', ?, ?, ?)`;
    await execTarget(db, decided, 1, 1, 'done', 'sql', 'sql', at, '2026-01-02T12:30:00.000Z', at);
    await execTarget(db, decided, 2, 2, 'done', 'nurturing', 'nurturing', at, '2026-01-03T06:00:00.000Z', at);
    await execTarget(db, decided, 3, 3, 'draft', null, null, at, null, null);
    await execTarget(
      db,
      `INSERT INTO qualification_criteria (qualification_id, criterion, status) VALUES
       (1, 'budget', 'met'), (1, 'need', 'met'), (2, 'budget', 'partial'), (2, 'need', 'met')`,
    );
    await openTargetStore(db);
    expect(await queryTarget(db, 'SELECT id, hours_to_decision FROM qualifications ORDER BY id')).toEqual([
      { id: 1, hours_to_decision: 36.5 },
      { id: 2, hours_to_decision: 54 },
      { id: 3, hours_to_decision: null },
    ]);
    expect(await queryTarget(db, 'SELECT framework_id, day, criterion, status, nurturing, count FROM criterion_days ORDER BY day, criterion')).toEqual([
      { framework_id: 'bant', day: '2026-01-02', criterion: 'budget', status: 'met', nurturing: 0, count: 1 },
      { framework_id: 'bant', day: '2026-01-02', criterion: 'need', status: 'met', nurturing: 0, count: 1 },
      { framework_id: 'bant', day: '2026-01-03', criterion: 'budget', status: 'partial', nurturing: 1, count: 1 },
      { framework_id: 'bant', day: '2026-01-03', criterion: 'need', status: 'met', nurturing: 1, count: 1 },
    ]);
    const sdr = await bantAt(db, '2026-03-10T12:00:00Z', ['report', 'sdr', '--format', 'json']);
    expect(JSON.parse(sdr.out).sdrs).toMatchObject([{ sdr: 'alice', qualifications: 2, medianHoursToDecision: 45.3 }]);
  });

  it('aging: days in the current stage, and open leads older than the threshold, oldest first', async () => {
    const { report } = await story(engine);
    const aging = await report('aging', '--older-than', '30');
    const byStage = Object.fromEntries(aging.stages.map((row: { stage: string }) => [row.stage, row]));
    // On 2026-03-10: C prospect since 01-10 (59 days), A sql since 01-12 (57), B nurturing since 02-01 (37), D disqualified since 03-01 (9).
    expect(byStage.prospect).toEqual({ stage: 'prospect', leads: 1, medianDays: 59, p90Days: 59 });
    expect(byStage.sql).toMatchObject({ leads: 1, medianDays: 57 });
    expect(byStage.disqualified).toMatchObject({ leads: 1, medianDays: 9 });
    expect(byStage.mql).toEqual({ stage: 'mql', leads: 0, medianDays: null, p90Days: null });
    expect(aging.stale.map((lead: { name: string; days: number }) => [lead.name, lead.days])).toEqual([['C', 59], ['A', 57], ['B', 37]]);
    expect((await report('aging', '--older-than', '40')).stale).toHaveLength(2);
  });

  it('the days kept per stage agree with the leads, and filtered aging and pipeline count from the leads alike', async () => {
    const { db, report } = await story(engine);
    await expectStageDaysInStep(db);
    const unfiltered = await report('aging');
    const filtered = await report('aging', '--since', '2000-01-01');
    expect(filtered.stages).toEqual(unfiltered.stages);
    // The unfiltered pipeline sums stage_days; filtered, it counts the leads: the same numbers.
    expect((await report('pipeline', '--since', '2000-01-01')).rows).toEqual((await report('pipeline')).rows);
  });

  it('an empty database: zeros everywhere, not an error', async () => {
    const db = await freshTarget(engine);
    for (const name of ['pipeline', 'funnel', 'gaps', 'sdr', 'aging']) {
      const result = await bantAt(db, '2026-03-10T12:00:00Z', ['report', name]);
      expect(result.code, `${name}: ${result.err}`).toBe(0);
    }
    const funnel = JSON.parse((await bantAt(db, '2026-03-10T12:00:00Z', ['report', 'funnel', '--format', 'json'])).out);
    expect(funnel).toMatchObject({ created: 0, overall: null, steps: [{ reached: 0, rate: null }, {}, {}, {}] });
  });

  it.each([
    [['report', 'funnel', '--since', 'yesterday'], 2, /'yesterday' is not a date/],
    [['report', 'funnel', '--since', '2026-03-01', '--until', '2026-02-01'], 2, /--since \(2026-03-01\) is after --until \(2026-02-01\)/],
    [['report', 'forecast'], 2, /'forecast' is not a valid value for report/],
    [['report', 'pipeline', '--by', 'country'], 2, /'country' is not a valid value for --by/],
    [['report', 'funnel', '--by', 'owner'], 2, /--by splits the pipeline report only/],
  ])('%j is exit %i', async (args, code, message) => {
    const db = await freshTarget(engine);
    const result = await bantAt(db, '2026-03-10T12:00:00Z', args);
    expect(result.err).toMatch(message);
    expect(result.code).toBe(code);
  });
});

const COMPARED_REPORTS = [
  ['pipeline'], ['pipeline', '--by', 'owner'], ['pipeline', '--by', 'source'], ['pipeline', '--owner', 'ALICE'], ['pipeline', '--since', '2026-01-10'],
  ['funnel'], ['funnel', '--until', '2026-01-31'], ['funnel', '--source', 'webinar'],
  ['gaps'], ['gaps', '--owner', 'bob'], ['gaps', '--since', '2026-02-01'],
  // alice's one decision before 01-13 came 48 h 15 min after the lead reached mql: a median of 48.25 h, shown as 48.3.
  ['sdr'], ['sdr', '--since', '2026-02-01', '--until', '2026-03-02'], ['sdr', '--until', '2026-01-13'],
  ['aging'], ['aging', '--older-than', '10'], ['aging', '--source', 'salon'], ['aging', '--owner', 'alice', '--older-than', '0'],
  ['scores'], ['scores', '--since', '2026-02-01'], ['scores', '--owner', 'bob'],
];

describe('the same story on both engines', () => {
  it('gives the same JSON for every report, filtered or not', async () => {
    const [sqlite, postgres] = await Promise.all(ENGINES.map((engine) => fullStory(engine)));
    expect(await queryTarget(postgres!, 'SELECT count(*) AS n FROM leads')).toEqual(await queryTarget(sqlite!, 'SELECT count(*) AS n FROM leads'));
    for (const args of COMPARED_REPORTS) {
      const [onSqlite, onPostgres] = await Promise.all([sqlite!, postgres!].map((db) => bantAt(db, '2026-03-10T12:00:00Z', ['report', ...args, '--format', 'json'])));
      expect(onSqlite!.code, `${args.join(' ')}: ${onSqlite!.err}`).toBe(0);
      expect.soft(onPostgres!.out, `report ${args.join(' ')}`).toBe(onSqlite!.out);
    }
  });

  it('gives the same counts from every store.reports method', async () => {
    const [sqlite, postgres] = await Promise.all(ENGINES.map(async (engine) => openTargetStore(await fullStory(engine))));
    const filters: ReportFilter[] = [{}, { from: '2026-01-10' }, { to: '2026-02-01T10:00:00.000Z' }, { owner: 'ALICE' }, { source: 'salon', from: '2026-01-01', to: '2026-03-01' }];
    for (const filter of filters) {
      const both = async <T>(read: (reports: ReportReads) => Promise<T>) => Promise.all([read(sqlite!.reports), read(postgres!.reports)]);
      const same = async <T>(what: string, read: (reports: ReportReads) => Promise<T>) => {
        const [onSqlite, onPostgres] = await both(read);
        expect.soft(JSON.stringify(onPostgres), `${what} ${JSON.stringify(filter)}`).toBe(JSON.stringify(onSqlite));
      };
      // Where the interface promises no order (counts per group, per day; hours per decision), rows are compared as sets.
      const unordered = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
      await same('stageCounts', (reports) => reports.stageCounts(filter));
      await same('stageCounts by owner', async (reports) => unordered(await reports.stageCounts(filter, 'owner')));
      await same('stageCounts by source', async (reports) => unordered(await reports.stageCounts(filter, 'source')));
      await same('funnel', (reports) => reports.funnel(filter));
      await same('gaps', (reports) => reports.gaps(filter));
      await same('sdr', async (reports) => {
        const { outcomes, hoursToDecision } = await reports.sdr(filter);
        return { outcomes, hoursToDecision: unordered(hoursToDecision) };
      });
      await same('stageEntryDays', async (reports) => unordered(await reports.stageEntryDays(filter)));
      await same('staleLeads', (reports) => reports.staleLeads(filter, '2026-03-01', 50));
      await same('scoreBands', async (reports) => unordered(await reports.scoreBands(filter, 10)));
      await same('nearThreshold', (reports) => reports.nearThreshold(filter, { fit: 15, engagement: 25, total: 60 }, 20, 5));
    }
  });
});
