/** Node entry: the API on an embedded libSQL file (default) or a remote libSQL server. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, readNodeConfig } from './config';
import { databaseFileProbe, nodeDatabaseUrl, openNodeDatabase, type Database } from './db/client';
import { databaseFault } from './db/faults';
import { prepareDatabase } from './db/setup';
import { createNodeAssetHandler } from './graphiql/node-assets';
import { createNodeListener } from './node-listener';
import { nodeRequestLogger } from './plugins/node-log';
import { nodeSecurityOptions } from './plugins/security/runtime-options';

/** Start-up that cannot go on ends here, with one readable line. */
function failStart(message: string, details: Record<string, string>): never {
  console.error(JSON.stringify({ level: 'error', message, ...details }));
  process.exit(1);
}

let config: ReturnType<typeof readNodeConfig>;
try {
  config = readNodeConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  failStart('cannot start: invalid configuration', { reason: error.message });
}

const url = nodeDatabaseUrl(config.LIBSQL_URL);
let db: Database;
let seed: Awaited<ReturnType<typeof prepareDatabase>>;
try {
  db = openNodeDatabase({ url, authToken: config.LIBSQL_AUTH_TOKEN, timeoutMs: config.DATABASE_TIMEOUT_MS });
  seed = await prepareDatabase(db, { notice: (notice) => console.log(JSON.stringify({ level: 'info', ...notice })) });
} catch (error) {
  const fault = databaseFault(error);
  const reason = fault?.message ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
  failStart('cannot start: database unusable', { database: where(url), reason });
}
const app = createApp({
  db,
  trace: config.GRAPHQL_TRACE,
  assets: createNodeAssetHandler(),
  security: nodeSecurityOptions(config),
  requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  readinessProbes: [databaseFileProbe(url)].filter((probe) => probe !== undefined),
  trustedOperations: { only: config.TRUSTED_OPERATIONS_ONLY },
  observability: { logger: nodeRequestLogger() },
  ...(config.RESPONSE_CACHE === 'off' ? { caching: { responseCache: false } } : {}),
});

const server = createServer(createNodeListener(app));
server.listen(config.PORT, () => {
  // The port bound, which PORT=0 leaves to the system.
  const { port } = server.address() as AddressInfo;
  console.log(
    JSON.stringify({
      level: 'info',
      message: 'listening',
      url: `http://localhost:${port}/graphql`,
      database: where(url),
      seeded: seed.applied,
    }),
  );
});

/** The database as the log names it: the file, or only the host of a remote server. */
function where(url: string): string {
  return url.startsWith('file:') ? url : URL.canParse(url) ? new URL(url).host : url;
}
