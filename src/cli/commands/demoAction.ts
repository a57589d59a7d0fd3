// What `bant demo` does; loaded only when it runs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { importActivities } from '../../activities/importActivities.js';
import { toIsoDate } from '../../domain/dates.js';
import { displayName } from '../../domain/lead.js';
import { importLeads } from '../../import/importLeads.js';
import { shippedDataFile } from '../../shippedData.js';
import type { Context } from '../context.js';
import { printJson, printTable } from '../render.js';
import { shapePipeline } from '../../reports/shapeReports.js';
import { explainScore } from '../../scoring/explainScore.js';
import { qualificationQueue } from '../../qualify/qualifyLead.js';
import { scoringFor } from '../scoringOption.js';
import { qualify } from './qualifyAction.js';
import { pipelineBarColumns } from './reportAction.js';
import { printWhy, whyJson } from './scoreAction.js';

export async function runDemo(ctx: Context, options: { framework?: string; scoring?: string } = {}): Promise<void> {
  const { t } = ctx;
  const scoring = await scoringFor(ctx, options.scoring);
  if (!ctx.dbGiven) ctx.useDatabaseAt(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bant-demo-')), 'bant.db'));
  const store = await ctx.store();
  const now = ctx.now();
  const who = { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) };
  const sample = shippedDataFile('sample-leads.csv');
  const loaded = await importLeads(store, fs.createReadStream(sample), 'sample-leads.csv', { onDuplicate: 'skip', stage: 'lead', nullValues: [], dryRun: false, scoring: scoring.model }, who);
  ctx.say(t('demo.loaded', { created: loaded.created, path: ctx.dbLocation }));
  // What the sample leads did, brought up to the last few weeks, so that decay leaves the demo as it was meant.
  const events = recentSampleActivities(fs.readFileSync(shippedDataFile('sample-activities.csv'), 'utf8'), now);
  const activities = await importActivities(store, Readable.from([Buffer.from(events)]), 'sample-activities.csv', { nullValues: [], createLeads: false, dryRun: false }, who, scoring);
  ctx.say(t('demo.activitiesLoaded', { created: activities.created, leads: activities.scoring.scored, toLead: activities.scoring.toLead, toMql: activities.scoring.toMql }));

  const [queued] = await qualificationQueue(store, now, 1);
  const lead = queued?.lead;
  let qualification;
  if (lead) {
    ctx.say(ctx.interactive ? t('demo.interview', { name: displayName(lead) }) : t('demo.scripted', { name: displayName(lead) }));
    // Without a terminal, the framework's own example answers: a lead that is not quite ready.
    qualification = await qualify(ctx, String(lead.id), { keepJson: true, framework: options.framework, exampleAnswers: !ctx.interactive });
  }

  const rows = shapePipeline(await store.reports.stageCounts({}), false);
  // Why that lead was first in the queue: its lead score, rule by rule (the BANT score is the qualification's).
  const why = lead ? await explainScore(store, String(lead.id), scoring, { now: now.toISOString() }) : undefined;
  if (ctx.format === 'json') {
    const pipeline = Object.fromEntries(rows.map((row) => [row.stage, row.count]));
    printJson(ctx, {
      database: ctx.dbLocation,
      created: loaded.created,
      activities: { created: activities.created, promoted: { lead: activities.scoring.toLead, mql: activities.scoring.toMql } },
      qualification: qualification ?? null,
      pipeline,
      scoreWhy: why ? whyJson(why, scoring) : null,
    });
  } else {
    ctx.print(`\n${ctx.out.bold(t('demo.pipeline'))}`);
    await printTable(ctx, pipelineBarColumns(ctx, rows), rows);
    if (why) {
      ctx.print(`\n${ctx.out.bold(t('demo.scoreWhy', { id: why.lead.id }))}`);
      await printWhy(ctx, why, scoring);
    }
  }
  ctx.say(t('demo.next', { path: ctx.dbLocation }));
}

/**
 * The sample activities moved in time so that the newest happened an hour ago: written once with fixed dates,
 * they would fade a little more every day the demo is run (points have half-lives).
 */
export function recentSampleActivities(text: string, now: Date): string {
  const instants = [...text.matchAll(ISO_INSTANT)].map((match) => Date.parse(match[0]));
  if (instants.length === 0) return text;
  const shift = now.getTime() - 3_600_000 - Math.max(...instants);
  return text.replace(ISO_INSTANT, (instant) => new Date(Date.parse(instant) + shift).toISOString());
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z\b/g;
