/**
 * API keys from the command line:
 *   npm run keys -- create --name editor --scopes records:write
 *   npm run keys -- revoke editor          (by name or prefix)
 *   npm run keys -- list
 * The key is printed once at creation; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { configOrExit, readConfig } from '../config';
import { openNodeDatabase } from '../db/client';
import { createApiKey, KEY_SCOPES, listApiKeys, parseScopes, revokeApiKey } from '../db/keys';
import { prepareDatabase } from '../db/setup';

const USAGE = `usage:
  npm run keys -- create --name <name> --scopes <${KEY_SCOPES.join('|')}>[,…]
  npm run keys -- revoke <name or prefix>
  npm run keys -- list`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, scopes: { type: 'string' } },
});

const config = configOrExit(readConfig);
const db = openNodeDatabase({ url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN, timeoutMs: config.DATABASE_TIMEOUT_MS });

try {
  const [command, argument] = positionals;
  // Keys live in the same database as the data, so bring it up to date first.
  if (command === 'create' || command === 'revoke' || command === 'list') await prepareDatabase(db);
  if (command === 'create') {
    if (!values.name || !values.scopes) throw new Error(USAGE);
    const { key, info } = await createApiKey(db, { name: values.name, scopes: parseScopes(values.scopes) });
    console.log(`Created key "${info.name}" (prefix ${info.prefix}, scopes: ${info.scopes.join(' ')}).`);
    console.log('Store it now; it is not shown again:');
    console.log(key);
  } else if (command === 'revoke') {
    if (!argument) throw new Error(USAGE);
    if (!(await revokeApiKey(db, argument))) throw new Error(`No active key named or prefixed "${argument}".`);
    console.log(`Revoked "${argument}".`);
  } else if (command === 'list') {
    const keys = await listApiKeys(db);
    if (keys.length === 0) console.log('No keys.');
    for (const key of keys) {
      const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
      console.log(
        [key.name, key.prefix, key.scopes.join(' '), state, `created ${key.createdAt}`, `last used ${key.lastUsedAt ?? 'never'}`].join('\t'),
      );
    }
  } else {
    throw new Error(USAGE);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  db.$client.close();
}
