// PRODUCT.md: every report on 1,000,000 leads with 3,000,000 history rows (and, from issue 5, 200,000
// qualifications) in under a second. The fixture is written straight into a bant-initialised file.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fmt, printRow, timeInTurn } from './timing.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const LEADS = 1_000_000;
const QUALIFICATIONS = 200_000;
const DAY = 86_400_000;
const START = Date.UTC(2025, 10, 1);

export function benchReports({ dir, bin }) {
  const db = path.join(dir, 'reports.db');
  const init = spawnSync(process.execPath, [bin, 'init', '--db', db]);
  if (init.status !== 0) throw new Error(`bant init failed: ${init.stderr}`);
  const started = Date.now();
  fill(db);
  process.stdout.write(`\nReports (target: each under 1 s; ${LEADS.toLocaleString('en')} leads, ${(3 * LEADS).toLocaleString('en')} history rows, ${QUALIFICATIONS.toLocaleString('en')} qualifications; fixture built in ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  const env = { ...process.env, BANT_DB: db, NO_COLOR: '1' };
  const cases = [
    ['pipeline'], ['pipeline', '--by', 'owner'], ['funnel'], ['funnel', '--since', '2026-03-01'],
    ['gaps'], ['sdr'], ['aging'],
  ];
  const [node, ...medians] = timeInTurn(
    [{ command: process.execPath, args: ['-e', '0'], env }, ...cases.map((args) => ({ command: process.execPath, args: [bin, 'report', ...args, '--format', 'json'], env }))],
    { runs: 5, warmup: 1 },
  );
  printRow('node -e 0 (start-up, for reference)', fmt(node));
  cases.forEach((args, index) => printRow(`bant report ${args.join(' ')}`, fmt(medians[index]), medians[index] < 1000 ? 'ok' : 'OVER TARGET'));
}

function fill(file) {
  const db = new Database(file);
  db.pragma('cache_size = -65536');
  const stages = ['prospect', 'lead', 'mql', 'sql', 'customer', 'nurturing', 'disqualified'];
  const lead = db.prepare(
    `INSERT INTO leads (email, company, stage, reached_rank, owner, source, created_at, updated_at, stage_changed_at, follow_up_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const history = db.prepare('INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, cause) VALUES (?, ?, ?, ?, ?, ?)');
  const qualification = db.prepare(
    `INSERT INTO qualifications (lead_id, status, sdr, framework_id, framework_version, decision, final_stage, score, reasons, policy, started_at, decided_at, reached_mql_at, hours_to_decision)
     VALUES (?, 'done', ?, 'bant', 1, ?, ?, ?, '[]', '{}', ?, ?, ?, ?)`,
  );
  const criterion = db.prepare('INSERT INTO qualification_criteria (qualification_id, criterion, status, rule) VALUES (?, ?, ?, 0)');
  const statuses = ['met', 'partial', 'unmet', 'unknown'];
  db.transaction(() => {
    for (let i = 1; i <= LEADS; i++) {
      const created = START + (i % 365) * DAY + (i % 1440) * 60_000;
      const iso = (ms) => new Date(ms).toISOString();
      const final = stages[i % stages.length];
      const changed = created + 2 * DAY;
      const last = final === 'prospect' || final === 'lead' ? 'mql' : final;
      // The furthest funnel step its history (below) takes it to: lead, then the last move.
      const reached = Math.max(1, ['lead', 'mql', 'sql', 'customer'].indexOf(last) + 1);
      lead.run(`lead${i}@company${i % 9973}.example`, `Company ${i % 5000}`, final, reached, `owner${i % 12}`, `source${i % 8}`, iso(created), iso(changed), iso(changed), final === 'nurturing' ? iso(changed + 30 * DAY).slice(0, 10) : null);
      // Three moves a lead: created as prospect, to lead, then to its current stage (or mql).
      history.run(i, null, 'prospect', iso(created), 'import', 'import');
      history.run(i, 'prospect', 'lead', iso(created + DAY), 'alice', 'manual');
      history.run(i, 'lead', last, iso(changed), 'alice', 'manual');
      if (i % 5 === 0) {
        const decision = ['sql', 'nurturing', 'disqualified'][i % 3];
        const q = Number(qualification.run(i, `sdr${i % 9}`, decision, decision, (i % 9) * 12.5, iso(changed), iso(changed), iso(created + DAY), (changed - created - DAY) / 3_600_000).lastInsertRowid);
        for (const [index, name] of ['budget', 'authority', 'timeline', 'need'].entries()) criterion.run(q, name, statuses[(i + index) % 4]);
      }
    }
  })();
  // What bant keeps up to date with each stage change and each decision, built here in one go.
  db.exec("INSERT INTO stage_days (stage, day, count) SELECT stage, substr(stage_changed_at, 1, 10), count(*) FROM leads GROUP BY 1, 2");
  db.exec(`INSERT INTO criterion_days (framework_id, day, criterion, status, nurturing, count)
           SELECT q.framework_id, substr(q.decided_at, 1, 10), c.criterion, c.status, q.final_stage = 'nurturing', count(*)
           FROM qualification_criteria c JOIN qualifications q ON q.id = c.qualification_id GROUP BY 1, 2, 3, 4, 5`);
  db.close();
}
