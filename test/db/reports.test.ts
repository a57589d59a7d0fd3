// Each report on a database built through the real commands, at set dates, with the numbers worked out
// by hand in the comments.

import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Context } from '../../src/cli/context.js';
import { run } from '../../src/main.js';
import { queryDb } from '../helpers/queryDb.js';
import { tempDir } from '../helpers/tempDir.js';

async function bantAt(db: string, now: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ctx = new Context({ stdin: new PassThrough(), stdout, stderr, env: { BANT_DB: db, NO_COLOR: '1' } }, 'en', () => new Date(now));
  const code = await run(args, ctx);
  return { code, out, err };
}

const MET = { 'budget.status': 'allocated', 'authority.role': 'decision_maker', 'timeline.horizon': '1_3m', 'need.pain': 'manual work', 'need.severity': 4, 'need.fit': 'yes' };

/**
 * 2026-01-10 09:00  A (mql, alice, webinar), B (lead, bob, salon), C (prospect, alice, salon) created
 * 2026-01-12 09:00  B → mql; alice qualifies A: all met → sql
 * 2026-02-01 09:00  D created (mql, bob, webinar); bob qualifies B: budget planned, timeline 3_6m → nurturing
 * 2026-03-01 09:00  bob qualifies D: need fit no → disqualified
 * reports on 2026-03-10
 */
async function story() {
  const dir = tempDir();
  const db = path.join(dir, 'bant.db');
  const answers = (name: string, content: object) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const steps: [string, string[]][] = [
    ['2026-01-10T09:00:00Z', ['leads', 'add', '--company', 'A', '--stage', 'mql', '--owner', 'alice', '--source', 'webinar']],
    ['2026-01-10T09:00:00Z', ['leads', 'add', '--company', 'B', '--stage', 'lead', '--owner', 'bob', '--source', 'salon']],
    ['2026-01-10T09:00:00Z', ['leads', 'add', '--company', 'C', '--stage', 'prospect', '--owner', 'alice', '--source', 'salon']],
    ['2026-01-12T09:00:00Z', ['stage', '2', 'mql']],
    ['2026-01-12T09:00:00Z', ['qualify', '1', '--sdr', 'alice', '--answers', answers('a', MET)]],
    ['2026-02-01T09:00:00Z', ['leads', 'add', '--company', 'D', '--stage', 'mql', '--owner', 'bob', '--source', 'webinar']],
    ['2026-02-01T09:00:00Z', ['qualify', '2', '--sdr', 'bob', '--answers', answers('b', { ...MET, 'budget.status': 'planned', 'timeline.horizon': '3_6m' })]],
    ['2026-03-01T09:00:00Z', ['qualify', '4', '--sdr', 'bob', '--answers', answers('d', { ...MET, 'need.fit': 'no' })]],
  ];
  for (const [now, args] of steps) {
    const result = await bantAt(db, now, args);
    if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.err}`);
  }
  const report = async (...args: string[]) => {
    const result = await bantAt(db, '2026-03-10T12:00:00Z', ['report', ...args, '--format', 'json']);
    if (result.code !== 0) throw new Error(result.err);
    return JSON.parse(result.out);
  };
  return { db, report };
}

describe('reports', () => {
  it('pipeline: every stage, zeros too; filtered by period and owner; split by source', async () => {
    const { report } = await story();
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
    const { report } = await story();
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
    const { db } = await story();
    const rows = queryDb<{ id: number; kept: number; fromHistory: number }>(
      db,
      `SELECT l.id, l.reached_rank AS kept,
              (SELECT max(CASE h.to_stage WHEN 'lead' THEN 1 WHEN 'mql' THEN 2 WHEN 'sql' THEN 3 WHEN 'customer' THEN 4 ELSE 0 END)
               FROM stage_history h WHERE h.lead_id = l.id) AS fromHistory
       FROM leads l ORDER BY l.id`,
    );
    expect(rows.map((row) => row.kept)).toEqual([3, 2, 0, 2]);
    for (const row of rows) expect(row.kept, `lead ${row.id}`).toBe(row.fromHistory);
  });

  it('gaps: statuses per criterion over the qualifications, and what sent leads to nurturing', async () => {
    const { report } = await story();
    const gaps = await report('gaps');
    expect(gaps).toMatchObject({ qualifications: 3, nurturing: 1 });
    const byCriterion = Object.fromEntries(gaps.criteria.map((row: { criterion: string }) => [row.criterion, row]));
    expect(byCriterion.budget).toEqual({ criterion: 'budget', met: 2, partial: 1, unmet: 0, unknown: 0, sentToNurturing: 1, nurturingShare: 100 });
    expect(byCriterion.authority).toMatchObject({ met: 3, sentToNurturing: 0, nurturingShare: 0 });
    expect(byCriterion.timeline).toMatchObject({ met: 2, partial: 1, sentToNurturing: 1 });
    expect(byCriterion.need).toMatchObject({ met: 2, unmet: 1, sentToNurturing: 0 });
    expect((await report('gaps', '--since', '2026-02-15')).qualifications).toBe(1);
  });

  it('sdr: outcomes, SQL rate and median time from reaching mql to the decision', async () => {
    const { report } = await story();
    // alice: A, mql at 01-10 09:00, decided 01-12 09:00 → 48 h. bob: B 01-12 → 02-01 (480 h), D 02-01 → 03-01 (672 h).
    expect((await report('sdr')).sdrs).toEqual([
      { sdr: 'bob', qualifications: 2, sql: 0, nurturing: 1, disqualified: 1, sqlRate: 0, medianHoursToDecision: 576 },
      { sdr: 'alice', qualifications: 1, sql: 1, nurturing: 0, disqualified: 0, sqlRate: 100, medianHoursToDecision: 48 },
    ]);
  });

  it('aging: days in the current stage, and open leads older than the threshold, oldest first', async () => {
    const { report } = await story();
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

  it('the days kept per stage agree with the leads, and filtered aging counts from the leads alike', async () => {
    const { db, report } = await story();
    const kept = queryDb(db, 'SELECT stage, day, count FROM stage_days WHERE count <> 0 ORDER BY stage, day');
    const counted = queryDb(db, 'SELECT stage, substr(stage_changed_at, 1, 10) AS day, count(*) AS count FROM leads GROUP BY 1, 2 ORDER BY 1, 2');
    expect(kept).toEqual(counted);
    const unfiltered = await report('aging');
    const filtered = await report('aging', '--since', '2000-01-01');
    expect(filtered.stages).toEqual(unfiltered.stages);
  });

  it('an empty database: zeros everywhere, not an error', async () => {
    const db = path.join(tempDir(), 'empty.db');
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
    const db = path.join(tempDir(), 'bant.db');
    const result = await bantAt(db, '2026-03-10T12:00:00Z', args);
    expect(result.err).toMatch(message);
    expect(result.code).toBe(code);
  });
});
