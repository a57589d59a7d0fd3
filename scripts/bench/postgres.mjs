// PRODUCT.md, teams: on PostgreSQL, importing 1,000,000 rows at most 2.5x `psql \copy` of the same file into
// the same indexed table; every report on 1,000,000 leads (3,000,000 history rows) under 1 s; 8 processes x
// 25 qualifications at once on one database, all succeed, nothing lost. Runs on a throwaway cluster of the
// machine's PostgreSQL, with the server's default durability (fsync on), like a team's server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgresCluster } from '../postgresCluster.mjs';
import { generateLeads, HEADER } from './generateLeads.mjs';
import { fmt, printRow, timeInTurn } from './timing.mjs';

const RUNS = 3;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function withCluster(work) {
  // A server sized like a small team's (the defaults are for a laptop): 512 MB of buffers, checkpoints
  // spaced so that one import does not wait on several.
  const cluster = await startPostgresCluster({ shared_buffers: '512MB', max_wal_size: '4GB', work_mem: '16MB', maintenance_work_mem: '256MB' });
  try {
    await work(cluster);
  } finally {
    await cluster.stop();
  }
}

async function sql(url, text, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

function databaseUrl(cluster, name) {
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function freshDatabase(cluster, name) {
  await sql(cluster.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await sql(cluster.url, `CREATE DATABASE ${name}`);
  return databaseUrl(cluster, name);
}

/**
 * The CPU time (user + system, s) the server's processes have used so far: those that ended (the sessions, as
 * their postmaster counts them) and those still running. Linux only (/proc); undefined elsewhere.
 */
function serverCpu(postmaster) {
  try {
    const ticks = 100; // USER_HZ, 100 on every Linux
    const fields = (pid) => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const own = fields(postmaster);
    let total = Number(own[13]) + Number(own[14]); // cutime + cstime: the children that ended
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const child = fields(pid);
        if (Number(child[1]) === postmaster) total += Number(child[11]) + Number(child[12]);
      } catch {
        // gone meanwhile
      }
    }
    return total / ticks;
  } catch {
    return undefined;
  }
}

function timed(command, args, postmaster) {
  // GNU time reports the command's CPU time (user + system, every thread); on a machine others share, CPU
  // time moves much less than wall time, and says which side of the connection did the work.
  const useTime = fs.existsSync('/usr/bin/time');
  const serverBefore = serverCpu(postmaster);
  const start = process.hrtime.bigint();
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  // The session's process ends a moment after its client: wait for its time to be counted.
  spawnSync('sleep', ['0.3']);
  const serverAfter = serverCpu(postmaster);
  const [user, system] = useTime ? result.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [];
  return { seconds, cpu: user === undefined ? undefined : user + system, server: serverBefore === undefined ? undefined : serverAfter - serverBefore };
}

const cpuFigure = (runs) => (runs.every((run) => run !== undefined) ? `${median(runs).toFixed(2)} s` : 'n/a');

export async function benchPostgresImport({ dir, bin }) {
  // BANT_BENCH_ROWS=100000 measures one size (while working on the import: 1M rows take minutes).
  const sizes = process.env.BANT_BENCH_ROWS ? process.env.BANT_BENCH_ROWS.split(',').map(Number) : [100_000, 1_000_000];
  await withCluster(async (cluster) => {
    const psql = path.join(cluster.bin, 'psql');
    const psqlCommand = fs.existsSync(psql) ? psql : 'psql';
    process.stdout.write(`\nPostgreSQL import (target: at most 2.5x psql \\copy into the same indexed table; median of ${RUNS} runs)\n`);
    for (const rows of sizes) {
      const file = path.join(dir, `pg-leads-${rows}.csv`);
      await generateLeads(file, rows);
      const reference = [];
      const ours = [];
      const storedByPsql = [];
      const load = os.loadavg()[0].toFixed(2);
      const leadRows = path.join(dir, 'pg-leads.copy');
      const historyRows = path.join(dir, 'pg-history.copy');
      for (let run = 0; run < RUNS; run++) {
        const refUrl = await freshDatabase(cluster, 'bench_reference');
        await sql(refUrl, `CREATE TABLE leads (${HEADER.split(',').map((column) => `${column} text`).join(', ')}); CREATE UNIQUE INDEX leads_email ON leads (email);`);
        reference.push(timed(psqlCommand, [refUrl, '-qc', `\\copy leads FROM '${file}' CSV HEADER`], cluster.pid));
        const url = await freshDatabase(cluster, 'bench_bant');
        ours.push(timed(process.execPath, [bin, 'import', file, '--db', url], cluster.pid));
        // The server's share: psql itself loading the rows bant's import wrote (its leads and their creation
        // history, dumped as COPY text) into a new bant database, the same tables and indexes. No parsing, no
        // client work: what storing bant's rows costs the server, against the reference's narrower table.
        spawnSync(psqlCommand, [url, '-qc', `\\copy leads TO '${leadRows}'`, '-c', `\\copy stage_history TO '${historyRows}'`]);
        const copyUrl = await freshDatabase(cluster, 'bench_bant_rows');
        if (spawnSync(process.execPath, [bin, 'init', '--db', copyUrl]).status !== 0) throw new Error('bant init failed');
        storedByPsql.push(timed(psqlCommand, [copyUrl, '-qc', `\\copy leads FROM '${leadRows}'`, '-c', `\\copy stage_history FROM '${historyRows}'`], cluster.pid));
      }
      fs.rmSync(leadRows, { force: true });
      fs.rmSync(historyRows, { force: true });
      const wall = (runs) => median(runs.map((run) => run.seconds));
      const ratio = wall(ours) / wall(reference);
      const label = rows.toLocaleString('en');
      printRow(`psql \\copy, ${label} rows (reference)`, `${wall(reference).toFixed(2)} s`);
      printRow(`bant import on PostgreSQL, ${label} rows`, `${wall(ours).toFixed(2)} s`, `${ratio.toFixed(2)}x ${ratio <= 2.5 ? 'ok' : 'OVER TARGET'}`);
      printRow(`  CPU time, client: bant vs psql`, cpuFigure(ours.map((run) => run.cpu)), `vs ${cpuFigure(reference.map((run) => run.cpu))}`);
      printRow(`  CPU time, server: bant's vs psql's`, cpuFigure(ours.map((run) => run.server)), `vs ${cpuFigure(reference.map((run) => run.server))} (load average ${load} at start)`);
      const floor = wall(storedByPsql) / wall(reference);
      printRow(`  bant's rows, stored by psql \\copy`, `${wall(storedByPsql).toFixed(2)} s`, `${floor.toFixed(2)}x (the server's share, no client work)`);
      fs.rmSync(file, { force: true });
    }
  });
}

const LEADS = 1_000_000;

export async function benchPostgresReports({ bin }) {
  await withCluster(async (cluster) => {
    const url = await freshDatabase(cluster, 'bench_reports');
    if (spawnSync(process.execPath, [bin, 'init', '--db', url]).status !== 0) throw new Error('bant init failed');
    const started = Date.now();
    await fill(url);
    process.stdout.write(`\nPostgreSQL reports (target: each under 1 s; ${LEADS.toLocaleString('en')} leads, ${(3 * LEADS).toLocaleString('en')} history rows, 200,000 qualifications; fixture built in ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    const env = { ...process.env, BANT_DB: url, NO_COLOR: '1' };
    const cases = [['pipeline'], ['pipeline', '--by', 'owner'], ['funnel'], ['funnel', '--since', '2026-03-01'], ['gaps'], ['sdr'], ['aging']];
    const [node, ...medians] = timeInTurn(
      [{ command: process.execPath, args: ['-e', '0'], env }, ...cases.map((args) => ({ command: process.execPath, args: [bin, 'report', ...args, '--format', 'json'], env }))],
      { runs: 5, warmup: 1 },
    );
    printRow('node -e 0 (start-up, for reference)', fmt(node));
    cases.forEach((args, index) => printRow(`bant report ${args.join(' ')}`, fmt(medians[index]), medians[index] < 1000 ? 'ok' : 'OVER TARGET'));
  });
}

/** The same story as the SQLite reports bench (scripts/bench/reports.mjs), written by the server itself. */
async function fill(url) {
  await sql(
    url,
    `INSERT INTO leads (id, email, company, stage, reached_rank, owner, source, created_at, updated_at, stage_changed_at, follow_up_on)
     SELECT i, 'lead' || i || '@company' || (i % 9973) || '.example', 'Company ' || (i % 5000), s.stage,
            greatest(1, array_position(ARRAY['lead', 'mql', 'sql', 'customer'], CASE WHEN s.stage IN ('prospect', 'lead') THEN 'mql' ELSE s.stage END)),
            'owner' || (i % 12), 'source' || (i % 8), to_char(c.created, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            to_char(c.created + interval '2 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(c.created + interval '2 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            CASE WHEN s.stage = 'nurturing' THEN to_char(c.created + interval '32 days', 'YYYY-MM-DD') END
     FROM generate_series(1, ${LEADS}) AS i,
          LATERAL (SELECT (ARRAY['prospect', 'lead', 'mql', 'sql', 'customer', 'nurturing', 'disqualified'])[i % 7 + 1] AS stage) s,
          LATERAL (SELECT timestamp '2025-11-01' + (i % 365) * interval '1 day' + (i % 1440) * interval '1 minute' AS created) c`,
  );
  await sql(url, "SELECT setval(pg_get_serial_sequence('leads', 'id'), (SELECT max(id) FROM leads))");
  await sql(
    url,
    `INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, cause)
     SELECT id, NULL, 'prospect', created_at, 'import', 'import' FROM leads
     UNION ALL SELECT id, 'prospect', 'lead', created_at, 'alice', 'manual' FROM leads
     UNION ALL SELECT id, 'lead', CASE WHEN stage IN ('prospect', 'lead') THEN 'mql' ELSE stage END, stage_changed_at, 'alice', 'manual' FROM leads`,
  );
  await sql(
    url,
    `INSERT INTO qualifications (id, lead_id, status, sdr, framework_id, framework_version, decision, final_stage, score, reasons, policy, started_at, decided_at, reached_mql_at, hours_to_decision)
     SELECT id, id, 'done', 'sdr' || (id % 9), d.decision, 1, d.decision, d.decision, (id % 9) * 12.5, '[]', '{}', stage_changed_at, stage_changed_at, created_at,
            (extract(epoch FROM stage_changed_at::timestamptz) - extract(epoch FROM created_at::timestamptz))::float8 / 3600
     FROM leads, LATERAL (SELECT (ARRAY['sql', 'nurturing', 'disqualified'])[id % 3 + 1] AS decision) d WHERE id % 5 = 0`,
  );
  await sql(url, "UPDATE qualifications SET framework_id = 'bant'");
  await sql(
    url,
    `INSERT INTO qualification_criteria (qualification_id, criterion, status, rule)
     SELECT q.id, c.name, (ARRAY['met', 'partial', 'unmet', 'unknown'])[(q.id + c.n) % 4 + 1], 0
     FROM qualifications q, (VALUES (0, 'budget'), (1, 'authority'), (2, 'timeline'), (3, 'need')) AS c(n, name)`,
  );
  // What bant keeps up to date with each stage change and each decision, built here in one go.
  await sql(url, 'INSERT INTO stage_days (stage, day, count) SELECT stage, substr(stage_changed_at, 1, 10), count(*) FROM leads GROUP BY 1, 2');
  await sql(
    url,
    `INSERT INTO criterion_days (framework_id, day, criterion, status, nurturing, count)
     SELECT q.framework_id, substr(q.decided_at, 1, 10), c.criterion, c.status, (q.final_stage = 'nurturing')::integer, count(*)
     FROM qualification_criteria c JOIN qualifications q ON q.id = c.qualification_id GROUP BY 1, 2, 3, 4, 5`,
  );
  await sql(url, 'VACUUM ANALYZE');
}

const PROCESSES = 8;
const PER_PROCESS = 25;

/** Eight SDRs at once, each qualifying 25 leads one after the other, on one database. */
export async function benchPostgresTeam({ dir, bin }) {
  await withCluster(async (cluster) => {
    const url = await freshDatabase(cluster, 'bench_team');
    const count = PROCESSES * PER_PROCESS;
    const file = path.join(dir, 'team.csv');
    fs.writeFileSync(file, `email,stage\n${Array.from({ length: count }, (_, i) => `sdr.lead${i + 1}@example.com,mql`).join('\n')}\n`);
    if (spawnSync(process.execPath, [bin, 'import', file, '--db', url]).status !== 0) throw new Error('bant import failed');
    const answers = path.join(dir, 'answers.json');
    fs.writeFileSync(answers, JSON.stringify({ 'budget.status': 'allocated', 'authority.role': 'decision_maker', 'timeline.horizon': '1_3m', 'need.pain': 'Manual work', 'need.severity': 4, 'need.fit': 'yes' }));
    const started = Date.now();
    const failures = [];
    await Promise.all(
      Array.from({ length: PROCESSES }, async (_, sdr) => {
        for (let n = 0; n < PER_PROCESS; n++) {
          const lead = sdr * PER_PROCESS + n + 1;
          const code = await new Promise((resolve) => {
            const child = spawn(process.execPath, [bin, 'qualify', String(lead), '--answers', answers, '--sdr', `sdr${sdr}`, '--db', url], { stdio: ['ignore', 'ignore', 'pipe'] });
            let stderr = '';
            child.stderr.on('data', (chunk) => (stderr += chunk));
            child.on('exit', (exit) => resolve(exit === 0 ? 0 : `${exit}: ${stderr.trim()}`));
          });
          if (code !== 0) failures.push(`lead ${lead}: ${code}`);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const [{ qualifications, sqls }] = await sql(url, "SELECT (SELECT count(*) FROM qualifications WHERE status = 'done') AS qualifications, (SELECT count(*) FROM leads WHERE stage = 'sql') AS sqls");
    process.stdout.write(`\nPostgreSQL team (target: ${PROCESSES} processes x ${PER_PROCESS} qualifications at once, all succeed, nothing lost)\n`);
    printRow(`${count} qualifications by ${PROCESSES} processes`, `${seconds.toFixed(1)} s`, failures.length === 0 && Number(qualifications) === count && Number(sqls) === count ? 'ok' : `FAILED: ${failures.length} failures, ${qualifications} recorded, ${sqls} sql`);
    for (const failure of failures.slice(0, 5)) process.stdout.write(`    ${failure}\n`);
  });
}
