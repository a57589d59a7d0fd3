// A throwaway PostgreSQL cluster in a temp dir, on a free port of 127.0.0.1: the test suite and the bench
// each start one and stop it. The server programs are the machine's (Debian's `postgresql` package; .ci/run
// installs it when missing). initdb and postgres refuse to run as root, so as root they run as `postgres`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A role with a password, for the tests of a refused login; everyone else is trusted on loopback. */
export const SECRET_ROLE = 'bant_secret';
export const SECRET_PASSWORD = 'Sesame-0pen';

/** The folder of PostgreSQL's server programs: PG_BINDIR, else the newest under /usr/lib/postgresql, else the PATH. */
export function findServerPrograms() {
  const candidates = [process.env.PG_BINDIR ?? ''];
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const version of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, version, 'bin'));
  }
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) candidates.push(path.dirname(onPath));
  const found = candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')));
  if (!found) {
    throw new Error('PostgreSQL server programs (initdb, postgres) were not found: install them (apt-get install postgresql) or set PG_BINDIR.');
  }
  return found;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** As root, the cluster's programs run as `postgres` (or `nobody`). */
function serverUser() {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (id.status === 0) return { uid: Number(id.stdout.trim()), gid: Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to own the PostgreSQL cluster');
}

function asServerUser(user, command, args) {
  return user ? ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', command, ...args]] : [command, args];
}

const hasSetpriv = () => spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;

/**
 * The server, told to shut down (SIGINT, a fast shutdown) when the process that started it dies, however it
 * dies: a test run or bench stopped with Ctrl-C or killed would otherwise leave it running (as `postgres`,
 * it outlives us). setpriv sets that parent-death signal, after its change of user, and PostgreSQL keeps it.
 */
function serverCommand(user, command, args) {
  const [program, programArgs] = asServerUser(user, command, args);
  if (program === 'setpriv') return [program, ['--pdeathsig', 'SIGINT', ...programArgs]];
  return hasSetpriv() ? ['setpriv', ['--pdeathsig', 'SIGINT', program, ...programArgs]] : [program, programArgs];
}

/**
 * Folders of clusters whose runs were interrupted before they could remove them (the server stopped with
 * its parent, the folder stayed): removed at the next start, once no server runs in them. Only those older
 * than ten minutes, so as not to touch a cluster another run is creating at this moment.
 */
function removeLeftovers() {
  for (const name of fs.readdirSync(os.tmpdir()).filter((entry) => entry.startsWith('bant-pg-'))) {
    const dir = path.join(os.tmpdir(), name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs < 10 * 60_000) continue;
      const pidFile = path.join(dir, 'data', 'postmaster.pid');
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
      if (pid > 0 && isAlive(pid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run's, or gone meanwhile: left alone
    }
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

async function waitUntilReady(url, server, log) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the PostgreSQL server stopped at start:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the PostgreSQL server did not start within 30 s:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a cluster; `settings` are server settings (`-c name=value`). Returns the superuser's URL, the
 * server programs' folder, the postmaster's pid, and `stop()`.
 */
export async function startPostgresCluster(settings = {}) {
  const bin = findServerPrograms();
  const user = serverUser();
  removeLeftovers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bant-pg-'));
  const data = path.join(dir, 'data');
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const [initdb, initArgs] = asServerUser(user, path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  // The password role first: its logins are checked; everyone else on loopback is trusted (a throwaway cluster).
  fs.writeFileSync(path.join(data, 'pg_hba.conf'), `host all ${SECRET_ROLE} 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\nlocal all all trust\n`);
  const port = await freePort();
  const options = { listen_addresses: '127.0.0.1', max_connections: '300', ...settings };
  const [postgres, serverArgs] = serverCommand(user, path.join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir, ...Object.entries(options).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ]);
  let log = '';
  const server = spawn(postgres, serverArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (chunk) => (log += chunk.toString()));
  server.stderr.on('data', (chunk) => (log += chunk.toString()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilReady(url, server, () => log);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE ROLE ${SECRET_ROLE} LOGIN SUPERUSER PASSWORD '${SECRET_PASSWORD}'`);
  await admin.end();
  return {
    url,
    bin,
    /** The postmaster's process id (the server's processes are its children). */
    pid: server.pid,
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown (ends the sessions, stops at once).
      const stopped = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT');
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
