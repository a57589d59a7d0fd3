// PRODUCT.md: `bant --version` and `bant leads list --limit 20` at most 2× the time of `node -e 0`,
// here on a database of 100,000 leads.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fmt, printRow, timeInTurn } from './timing.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

export function benchStartup({ dir, bin }) {
  const db = path.join(dir, 'startup.db');
  const init = spawnSync(process.execPath, [bin, 'init', '--db', db]);
  if (init.status !== 0) throw new Error(`bant init failed: ${init.stderr}`);
  fillLeads(db, 100_000);
  const env = { ...process.env, BANT_DB: db, NO_COLOR: '1' };

  process.stdout.write('\nStart-up (target: at most 2x node -e 0; database of 100,000 leads)\n');
  const cases = [['--version'], ['leads', 'list', '--limit', '20'], ['leads', 'list', '--limit', '20', '--format', 'json']];
  const [node, ...medians] = timeInTurn([
    { command: process.execPath, args: ['-e', '0'], env },
    ...cases.map((args) => ({ command: process.execPath, args: [bin, ...args], env })),
  ]);
  printRow('node -e 0 (reference)', fmt(node));
  cases.forEach((args, index) => {
    const ratio = medians[index] / node;
    printRow(`bant ${args.join(' ')}`, fmt(medians[index]), `${ratio.toFixed(2)}x ${ratio <= 2 ? 'ok' : 'OVER TARGET'}`);
  });
}

/** Fixture only: leads written straight into a bant-initialised file, the way a big import leaves them. */
function fillLeads(file, count) {
  const db = new Database(file);
  const insert = db.prepare(
    `INSERT INTO leads (email, first_name, last_name, company, stage, source, owner, employees, created_at, updated_at, stage_changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const stages = ['prospect', 'lead', 'mql', 'nurturing', 'sql', 'customer', 'disqualified'];
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      insert.run(`lead${i}@company${i % 5000}.com`, `First${i}`, `Last${i}`, `Company ${i % 5000}`, stages[i % stages.length], `source${i % 8}`, `owner${i % 12}`, i % 5000, at, at, at);
    }
  })();
  db.close();
}
