/** Node entry: the API on an embedded libSQL file (default) or a remote libSQL server. */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import { createApp } from './app';
import { DEFAULT_PORT, readConfig } from './config';
import { createNodeDatabase, DEFAULT_DATABASE_URL } from './db/client';
import { prepareDatabase } from './db/setup';
import { createNodeAssetHandler } from './graphiql/node-assets';
import { nodeSecurityOptions } from './plugins/security';

const config = readConfig(process.env);
const port = Number(process.env.PORT || DEFAULT_PORT);
const url = config.LIBSQL_URL ?? DEFAULT_DATABASE_URL;
if (url === DEFAULT_DATABASE_URL) mkdirSync('data', { recursive: true });

const db = createNodeDatabase({ url, authToken: config.LIBSQL_AUTH_TOKEN });
const seed = await prepareDatabase(db);
const app = createApp({ db, trace: config.GRAPHQL_TRACE, assets: createNodeAssetHandler(), security: nodeSecurityOptions(config) });

createServer(createServerAdapter(app.fetch)).listen(port, () => {
  console.log(
    JSON.stringify({
      level: 'info',
      message: 'listening',
      url: `http://localhost:${port}/graphql`,
      database: url.startsWith('file:') ? url : new URL(url).host,
      seeded: seed.applied,
    }),
  );
});
