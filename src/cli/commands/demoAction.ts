// What `bant demo` does; loaded only when it runs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toIsoDate } from '../../domain/dates.js';
import { displayName } from '../../domain/lead.js';
import { importLeads } from '../../import/importLeads.js';
import { shippedDataFile } from '../../shippedData.js';
import type { Context } from '../context.js';
import { printJson, printTable } from '../render.js';
import { shapePipeline } from '../../reports/shapeReports.js';
import { qualificationQueue } from '../../qualify/qualifyLead.js';
import { qualify } from './qualifyAction.js';
import { pipelineBarColumns } from './reportAction.js';

export async function runDemo(ctx: Context, options: { framework?: string } = {}): Promise<void> {
  const { t } = ctx;
  if (!ctx.dbGiven) ctx.useDatabaseAt(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bant-demo-')), 'bant.db'));
  const store = await ctx.store();
  const now = ctx.now();
  const who = { at: now.toISOString(), by: ctx.actor, today: toIsoDate(now) };
  const sample = shippedDataFile('sample-leads.csv');
  const loaded = await importLeads(store, fs.createReadStream(sample), 'sample-leads.csv', { onDuplicate: 'skip', stage: 'lead', nullValues: [], dryRun: false }, who);
  ctx.say(t('demo.loaded', { created: loaded.created, path: ctx.dbLocation }));

  const [queued] = await qualificationQueue(store, now, 1);
  const lead = queued?.lead;
  let qualification;
  if (lead) {
    ctx.say(ctx.interactive ? t('demo.interview', { name: displayName(lead) }) : t('demo.scripted', { name: displayName(lead) }));
    // Without a terminal, the framework's own example answers: a lead that is not quite ready.
    qualification = await qualify(ctx, String(lead.id), { keepJson: true, framework: options.framework, exampleAnswers: !ctx.interactive });
  }

  const rows = shapePipeline(await store.reports.stageCounts({}), false);
  if (ctx.format === 'json') {
    const pipeline = Object.fromEntries(rows.map((row) => [row.stage, row.count]));
    printJson(ctx, { database: ctx.dbLocation, created: loaded.created, qualification: qualification ?? null, pipeline });
  } else {
    ctx.print(`\n${ctx.out.bold(t('demo.pipeline'))}`);
    await printTable(ctx, pipelineBarColumns(ctx, rows), rows);
  }
  ctx.say(t('demo.next', { path: ctx.dbLocation }));
}
