// PRODUCT.md: importing 5,000,000 activities takes at most 2.5x the sqlite3 shell's .import of the same file;
// `bant score --all` on 1,000,000 leads with 5,000,000 activities takes under 30 s (aim: 10), memory bounded.
//
// One database serves both sections: 1,000,000 leads imported (not timed), then the activity file imported
// (section `activities`, beside the shell's .import of that file into a table with a unique index on who, what
// and when, as bant's unique index on the event), then every lead scored again (section `score-all`).
// `BANT_BENCH_ACTIVITY_LEADS=100000 BANT_BENCH_ACTIVITIES=500000 npm run bench -- activities score-all` for a
// quicker run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLeads } from './generateLeads.mjs';
import { printRow } from './timing.mjs';

const LEADS = Number(process.env.BANT_BENCH_ACTIVITY_LEADS) || 1_000_000;
const EVENTS = Number(process.env.BANT_BENCH_ACTIVITIES) || 5_000_000;
const DAY = 86_400_000;

// GNU time gives the peak resident memory and the CPU time (user + sys): on a shared machine the wall time
// alone says little, so both are printed, with the load average when the command ended.
function timed(command, args, env = process.env) {
  const useTime = fs.existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  const [peakKb, user, sys] = useTime ? result.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [];
  return { seconds, peakMb: peakKb ? peakKb / 1024 : undefined, cpu: useTime ? user + sys : undefined, load: os.loadavg()[0], stdout: result.stdout };
}

const cpuNote = (run) => `${run.cpu === undefined ? '' : `cpu ${run.cpu.toFixed(2)} s, `}load ${run.load.toFixed(2)}`;

/** Roughly what marketing tools send: many opens and page views, few replies and demo requests. */
const TYPES = [
  ['email.read', 0.36], ['page.hit', 0.3], ['email.click', 0.14], ['delivered', 0.05], ['form.submitted', 0.04], ['asset.download', 0.03],
  ['emailsReplied', 0.025], ['demo_request', 0.01], ['hardBounce', 0.01], ['unsubscribed', 0.01], ['Webinar Attended', 0.015],
];
const URLS = ['https://acme.io/pricing', 'https://acme.io/blog/scoring-101', 'https://acme.io/blog/bant', 'https://acme.io/', 'https://acme.io/features', 'https://acme.io/fr/tarifs'];
const CAMPAIGNS = ['spring-launch', 'webinar-06', 'newsletter-42'];

/** `events` events of the leads generateLeads wrote (lead1 … leadN), in time order as tools export them. */
export async function generateActivities(file, leads, events) {
  let seed = 7;
  const random = () => {
    // xorshift32: every bit of the state changes, unlike a linear congruence read as a double.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const out = fs.createWriteStream(file);
  const write = (text) => (out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve)));
  await write('email,type,occurred_at,url,campaign\n');
  // A year of events ending an hour ago, a millisecond apart at least: no two rows are the same event.
  const end = Date.now() - 3_600_000;
  const step = Math.floor((365 * DAY) / events);
  let batch = '';
  for (let n = 0; n < events; n++) {
    const lead = 1 + Math.floor(random() * leads);
    let r = random();
    let type = TYPES.at(-1)[0];
    for (const [name, share] of TYPES) {
      if (r < share) {
        type = name;
        break;
      }
      r -= share;
    }
    const url = type === 'page.hit' || type === 'email.click' ? URLS[Math.floor(random() * URLS.length)] : '';
    const campaign = type.startsWith('page') ? '' : CAMPAIGNS[Math.floor(random() * CAMPAIGNS.length)];
    const at = new Date(end - (events - n) * step).toISOString();
    batch += `lead${lead}@company${lead % 9973}.example,${type},${at},${url},${campaign}\n`;
    if (n % 10_000 === 9_999) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise((resolve) => out.end(resolve));
}

/** The database both sections use: the leads, and (once the activities section ran) their events. */
async function prepare(dir, bin) {
  const db = path.join(dir, 'activities-bench.db');
  const events = path.join(dir, `activities-${EVENTS}.csv`);
  if (!fs.existsSync(db)) {
    const leads = path.join(dir, `activity-leads-${LEADS}.csv`);
    await generateLeads(leads, LEADS);
    const started = Date.now();
    timed(process.execPath, [bin, 'import', leads, '--db', db]);
    fs.rmSync(leads, { force: true });
    process.stdout.write(`  (${LEADS.toLocaleString('en')} leads imported in ${((Date.now() - started) / 1000).toFixed(0)} s, not timed)\n`);
  }
  if (!fs.existsSync(events)) await generateActivities(events, LEADS, EVENTS);
  return { db, events };
}

export async function benchActivities({ dir, bin }) {
  if (spawnSync('sqlite3', ['--version']).status !== 0) {
    process.stdout.write('\nActivities: the sqlite3 shell is missing (apt-get install sqlite3); skipped.\n');
    return;
  }
  process.stdout.write(`\nActivity import (target: at most 2.5x the sqlite3 shell's .import of the same file; ${EVENTS.toLocaleString('en')} events of ${LEADS.toLocaleString('en')} leads)\n`);
  const { db, events } = await prepare(dir, bin);
  const size = fs.statSync(events).size;
  const refDb = path.join(dir, 'activities-ref.db');
  spawnSync('sqlite3', [refDb, 'CREATE TABLE activities (email TEXT, type TEXT, occurred_at TEXT, url TEXT, campaign TEXT); CREATE UNIQUE INDEX activities_event ON activities (email, type, occurred_at);']);
  const reference = timed('sqlite3', [refDb, `.import --csv --skip 1 ${events} activities`]);
  fs.rmSync(refDb, { force: true });
  const ours = timed(process.execPath, [bin, 'activity', 'import', events, '--db', db, '--format', 'json']);
  const summary = JSON.parse(ours.stdout);
  const ratio = ours.seconds / reference.seconds;
  printRow(`sqlite3 .import (reference)`, `${reference.seconds.toFixed(2)} s`, `${(size / 1e6).toFixed(0)} MB file, ${cpuNote(reference)}`);
  printRow(`bant activity import`, `${ours.seconds.toFixed(2)} s`, `${ratio.toFixed(2)}x ${ratio <= 2.5 ? 'ok' : 'OVER TARGET'}, ${cpuNote(ours)}`);
  // bant parses in a worker thread while it writes: its CPU time counts both threads, the shell's one.
  if (ours.cpu !== undefined && reference.cpu) printRow('  cpu time, bant / sqlite3', `${(ours.cpu / reference.cpu).toFixed(2)}x`);
  printRow('  of which leads scored again', summary.rescored.toLocaleString('en'), `${summary.promoted.lead.toLocaleString('en')} → lead, ${summary.promoted.mql.toLocaleString('en')} → mql`);
  if (ours.peakMb) printRow('bant activity import peak memory', `${ours.peakMb.toFixed(0)} MB`);
  printRow('  rate', `${Math.round(EVENTS / ours.seconds).toLocaleString('en')} events/s`);
}

export async function benchScoreAll({ dir, bin }) {
  process.stdout.write(`\nScore --all (target: ${LEADS.toLocaleString('en')} leads with ${EVENTS.toLocaleString('en')} activities under 30 s, aim 10 s; memory bounded)\n`);
  const { db, events } = await prepare(dir, bin);
  const [{ n }] = JSON.parse(spawnSync('sqlite3', ['-json', db, 'SELECT count(*) AS n FROM activities']).stdout || '[{"n":0}]');
  if (n === 0) {
    const started = Date.now();
    timed(process.execPath, [bin, 'activity', 'import', events, '--db', db]);
    process.stdout.write(`  (${EVENTS.toLocaleString('en')} activities imported in ${((Date.now() - started) / 1000).toFixed(0)} s, not timed)\n`);
  }
  const dry = timed(process.execPath, [bin, 'score', '--all', '--dry-run', '--db', db, '--format', 'json']);
  const run = timed(process.execPath, [bin, 'score', '--all', '--db', db, '--format', 'json']);
  const summary = JSON.parse(run.stdout);
  printRow('bant score --all --dry-run', `${dry.seconds.toFixed(2)} s`, `${dry.peakMb ? `peak ${dry.peakMb.toFixed(0)} MB, ` : ''}${cpuNote(dry)}`);
  printRow('bant score --all', `${run.seconds.toFixed(2)} s`, `${run.seconds < 30 ? (run.seconds < 10 ? 'ok (under the 10 s aim)' : 'ok') : 'OVER TARGET'}${run.peakMb ? `, peak ${run.peakMb.toFixed(0)} MB` : ''}, ${cpuNote(run)}`);
  printRow('  leads scored, changed', `${summary.scored.toLocaleString('en')}`, `${summary.changed.toLocaleString('en')} changed`);
  printRow('  rate', `${Math.round(summary.scored / run.seconds).toLocaleString('en')} leads/s`);
}
