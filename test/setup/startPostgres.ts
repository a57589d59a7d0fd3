// Vitest global setup: one throwaway PostgreSQL cluster for the whole test run (scripts/postgresCluster.mjs),
// stopped and removed afterwards. No manual step and no docker. Tests reach it through test/helpers/engines.ts.

import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from '../../scripts/postgresCluster.mjs';

export { SECRET_PASSWORD, SECRET_ROLE } from '../../scripts/postgresCluster.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    postgresBin: string;
  }
}

export default async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  // Durability off: the cluster is thrown away, and fsync on every commit would slow the suite down.
  const cluster = await startPostgresCluster({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', shared_buffers: '64MB' });
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresBin', cluster.bin);
  return () => cluster.stop();
}
