// Vitest global setup: a throwaway PostgreSQL cluster for the whole test run, in a temp dir, on a free
// port of 127.0.0.1, stopped and removed afterwards. No manual step and no docker: the server programs of
// the machine's PostgreSQL (Debian's `postgresql` package; .ci/run installs it when missing). initdb refuses
// to run as root, so as root the cluster belongs to the `postgres` user.
//
// Tests get the superuser's URL with inject('postgresUrl') (see test/helpers/engines.ts). One role has a
// password, for the tests of a refused login: bant_secret / BANT_SECRET_PASSWORD.

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const SECRET_ROLE = 'bant_secret';
export const SECRET_PASSWORD = 'Sesame-0pen';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    postgresBin: string;
  }
}

/** The folder of PostgreSQL's server programs: PG_BINDIR, else the newest under /usr/lib/postgresql, else the PATH. */
function findServerPrograms(): string {
  const candidates = [process.env.PG_BINDIR ?? ''];
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const version of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, version, 'bin'));
  }
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) candidates.push(path.dirname(onPath));
  const found = candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')));
  if (!found) {
    throw new Error('PostgreSQL server programs (initdb, postgres) were not found: install them (apt-get install postgresql) or set PG_BINDIR. The PostgreSQL tests cannot run without them.');
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** As root, the cluster's programs run as `postgres` (or `nobody`): initdb and postgres refuse root. */
function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (id.status === 0) return { name, uid: Number(id.stdout.trim()), gid: Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to own the test cluster');
}

function asServerUser(user: ReturnType<typeof serverUser>, command: string, args: string[]): [string, string[]] {
  return user ? ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', command, ...args]] : [command, args];
}

async function waitUntilReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the test PostgreSQL server stopped at start:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the test PostgreSQL server did not start within 30 s:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export default async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  const bin = findServerPrograms();
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bant-pg-'));
  const data = path.join(dir, 'data');
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const [initdb, initArgs] = asServerUser(user, path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  // The password role first: its logins are checked; everyone else on loopback is trusted (a test cluster).
  fs.writeFileSync(
    path.join(data, 'pg_hba.conf'),
    `host all ${SECRET_ROLE} 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\nlocal all all trust\n`,
  );
  const port = await freePort();
  // Durability off: a test cluster is thrown away, and fsync on every commit would slow the suite down.
  const [postgres, serverArgs] = asServerUser(user, path.join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'shared_buffers=64MB',
  ]);
  let log = '';
  const server = spawn(postgres, serverArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilReady(url, server, () => log);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE ROLE ${SECRET_ROLE} LOGIN SUPERUSER PASSWORD '${SECRET_PASSWORD}'`);
  await admin.end();

  project.provide('postgresUrl', url);
  project.provide('postgresBin', bin);
  return async () => {
    // SIGINT: PostgreSQL's fast shutdown (ends the sessions, stops at once).
    const stopped = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGINT');
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
