// `npm run bench [section...]`: measures PRODUCT.md's performance targets and prints figures, each beside
// a reference measured in the same run. It never fails on timing: figures are for people to read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchActivities, benchScoreAll } from './bench/activities.mjs';
import { benchImport } from './bench/importSpeed.mjs';
import { benchLearning } from './bench/learning.mjs';
import { benchPostgresImport, benchPostgresReports, benchPostgresTeam } from './bench/postgres.mjs';
import { benchReports } from './bench/reports.mjs';
import { benchScoring } from './bench/scoring.mjs';
import { benchStartup } from './bench/startup.mjs';

const bin = fileURLToPath(new URL('../bin/bant.js', import.meta.url));
const sections = {
  startup: benchStartup,
  import: benchImport,
  reports: benchReports,
  'pg-import': benchPostgresImport,
  'pg-reports': benchPostgresReports,
  'pg-team': benchPostgresTeam,
  scoring: benchScoring,
  activities: benchActivities,
  'score-all': benchScoreAll,
  learning: benchLearning,
};
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(sections);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bant-bench-'));
process.stdout.write(`bant bench on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}\n`);
try {
  for (const name of wanted) {
    const section = sections[name];
    if (!section) throw new Error(`unknown bench section '${name}'; choose from: ${Object.keys(sections).join(', ')}`);
    await section({ dir, bin });
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
