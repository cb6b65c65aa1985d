/**
 * Serves a local database file over libSQL's HTTP protocol (Hrana over HTTP, as Turso speaks it), so
 * that `wrangler dev` can run the Worker against a local database exactly as it runs against Turso:
 *
 *   npm run db:serve                     # migrates and seeds data/brics.db, serves it on :8080
 *   echo 'LIBSQL_URL=http://127.0.0.1:8080' > .dev.vars && npm run worker:dev   # in another shell
 *
 * Options (environment): DB_FILE (default data/brics.db), DB_PORT (default 8080), DB_HOST (default 127.0.0.1).
 * Local development only: no authentication, no TLS.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configOrExit, readDatabaseServerConfig } from '../../../src/config';
import { createNodeDatabase } from '../../../src/db/client';
import { prepareDatabase } from '../../../src/db/setup';
import { startHranaServer } from './server';

/** Where the database file is and where to serve it: DB_FILE, DB_PORT, DB_HOST (src/config.ts). */
function serverSettings(): { file: string; port: number; host: string } {
  const config = configOrExit(readDatabaseServerConfig);
  return { file: resolve(config.DB_FILE), port: config.DB_PORT, host: config.DB_HOST };
}

const { file, port, host } = serverSettings();

mkdirSync(dirname(file), { recursive: true });
const db = createNodeDatabase({ url: `file:${file}` });
const seed = await prepareDatabase(db);
db.$client.close();

const server = await startHranaServer({ dbPath: file, port, host });
console.log(
  JSON.stringify({ level: 'info', message: 'libSQL HTTP server listening', url: server.url, file, seeded: seed.applied }),
);
console.log(`For wrangler dev, put this in .dev.vars:\nLIBSQL_URL=${server.url}`);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
