// PRODUCT.md: importing 1,000,000 rows takes at most 2.5x the time the sqlite3 shell takes to .import the
// same file into a table with the same unique email index; peak memory under 256 MB, the same at 100k and 1M.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateLeads, HEADER } from './generateLeads.mjs';
import { printRow } from './timing.mjs';

const RUNS = 3;

function timed(command, args, env = process.env) {
  // GNU time reports the peak resident memory and the CPU time (user + system, every thread): on a machine
  // others share, the CPU time moves much less than the wall time. Without it, only the duration is measured.
  const useTime = fs.existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...args], { env, encoding: 'utf8' })
    : spawnSync(command, args, { env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  const [peakKb, user, system] = useTime ? result.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [];
  return { seconds, peakMb: peakKb ? peakKb / 1024 : undefined, cpu: user === undefined ? undefined : user + system };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchImport({ dir, bin }) {
  if (spawnSync('sqlite3', ['--version']).status !== 0) {
    process.stdout.write('\nImport: the sqlite3 shell is missing (apt-get install sqlite3); skipped.\n');
    return;
  }
  process.stdout.write(`\nImport (target: at most 2.5x the sqlite3 shell's .import; peak memory under 256 MB; median of ${RUNS} runs)\n`);
  for (const rows of [100_000, 1_000_000]) {
    const file = path.join(dir, `leads-${rows}.csv`);
    await generateLeads(file, rows);
    const columns = HEADER.split(',');
    const reference = [];
    const ours = [];
    const peaks = [];
    const referenceCpu = [];
    const oursCpu = [];
    for (let run = 0; run < RUNS; run++) {
      const refDb = path.join(dir, `ref-${rows}-${run}.db`);
      const create = `CREATE TABLE leads (${columns.map((c) => `${c} TEXT`).join(', ')}); CREATE UNIQUE INDEX leads_email ON leads (email);`;
      spawnSync('sqlite3', [refDb, create]);
      const ref = timed('sqlite3', [refDb, `.import --csv --skip 1 ${file} leads`]);
      reference.push(ref.seconds);
      if (ref.cpu !== undefined) referenceCpu.push(ref.cpu);
      const db = path.join(dir, `bant-${rows}-${run}.db`);
      const result = timed(process.execPath, [bin, 'import', file, '--db', db]);
      ours.push(result.seconds);
      if (result.cpu !== undefined) oursCpu.push(result.cpu);
      if (result.peakMb) peaks.push(result.peakMb);
      for (const f of [refDb, db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    }
    const ratio = median(ours) / median(reference);
    const label = rows.toLocaleString('en');
    printRow(`sqlite3 .import, ${label} rows (reference)`, `${median(reference).toFixed(2)} s`);
    printRow(`bant import, ${label} rows`, `${median(ours).toFixed(2)} s`, `${ratio.toFixed(2)}x ${ratio <= 2.5 ? 'ok' : 'OVER TARGET'}`);
    if (oursCpu.length) printRow(`  CPU time (user + system), bant vs sqlite3`, `${median(oursCpu).toFixed(2)} s`, `vs ${median(referenceCpu).toFixed(2)} s: ${(median(oursCpu) / median(referenceCpu)).toFixed(2)}x`);
    if (peaks.length) printRow(`bant import peak memory, ${label} rows`, `${Math.max(...peaks).toFixed(0)} MB`, Math.max(...peaks) < 256 ? 'ok' : 'OVER TARGET');
    printRow(`  rate`, `${Math.round(rows / median(ours)).toLocaleString('en')} rows/s`);
    fs.rmSync(file, { force: true });
  }
}
