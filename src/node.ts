/** Node entry: the API on an embedded libSQL file (default) or a remote libSQL server. */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import { createApp } from './app';
import { DEFAULT_PORT, readConfig } from './config';
import { createNodeDatabase, databaseFileProbe, DEFAULT_DATABASE_URL } from './db/client';
import { databaseFault } from './db/faults';
import { prepareDatabase } from './db/setup';
import { createNodeAssetHandler } from './graphiql/node-assets';
import { nodeSecurityOptions } from './plugins/security';

const config = readConfig(process.env);
const port = Number(process.env.PORT || DEFAULT_PORT);
const url = config.LIBSQL_URL ?? DEFAULT_DATABASE_URL;
if (url === DEFAULT_DATABASE_URL) mkdirSync('data', { recursive: true });

const where = url.startsWith('file:') ? url : new URL(url).host;

/** Start-up against a database that cannot be used ends here, with one readable line. */
function failStart(error: unknown): never {
  const fault = databaseFault(error);
  const reason = fault?.message ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
  console.error(JSON.stringify({ level: 'error', message: 'cannot start: database unusable', database: where, reason }));
  process.exit(1);
}

let db: ReturnType<typeof createNodeDatabase>;
let seed: Awaited<ReturnType<typeof prepareDatabase>>;
try {
  db = createNodeDatabase({ url, authToken: config.LIBSQL_AUTH_TOKEN, timeoutMs: config.DATABASE_TIMEOUT_MS });
  seed = await prepareDatabase(db);
} catch (error) {
  failStart(error);
}
const app = createApp({
  db,
  trace: config.GRAPHQL_TRACE,
  assets: createNodeAssetHandler(),
  security: nodeSecurityOptions(config),
  requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  readinessProbes: [databaseFileProbe(url)].filter((probe) => probe !== undefined),
  trustedOperations: { only: config.TRUSTED_OPERATIONS_ONLY },
});

createServer(createServerAdapter(app.fetch)).listen(port, () => {
  console.log(
    JSON.stringify({
      level: 'info',
      message: 'listening',
      url: `http://localhost:${port}/graphql`,
      database: where,
      seeded: seed.applied,
    }),
  );
});
