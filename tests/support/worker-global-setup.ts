/**
 * Global setup of the `workers` test project (runs in Node): a seeded libSQL database served over
 * the libSQL remote protocol at a fixed loopback port, which the Worker under test reaches over
 * HTTP as it reaches Turso in production; and dist/assets, which wrangler.toml's `[assets]` needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeDatabase } from '../../src/db/client';
import { prepareDatabase } from '../../src/db/setup';
import { copyGraphiQLAssets } from '../../src/scripts/copy-graphiql-assets';
import { startHranaServer } from './libsql-server/server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set in vitest.config.ts; the Worker's LIBSQL_URL points there. */
    workerDatabasePort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = project.config.provide?.workerDatabasePort;
  if (port === undefined) throw new Error('vitest.config.ts must provide workerDatabasePort');
  copyGraphiQLAssets();
  const directory = mkdtempSync(join(tmpdir(), 'brics-worker-'));
  const dbPath = join(directory, 'worker.db');
  const db = createNodeDatabase({ url: `file:${dbPath}` });
  await prepareDatabase(db);
  db.$client.close();
  const server = await startHranaServer({ dbPath, port });
  return async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  };
}
