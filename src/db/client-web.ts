/** The Worker's database: libSQL over HTTP (Turso in production). */
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Database, DatabaseConfig } from './client';
import { DEFAULT_DATABASE_TIMEOUT_MS, deadlineFetch } from './faults';
import { meterClient } from './meter';
import { relations } from './relations';
import { withRelationalDepth } from './relational-depth';

export function createWebDatabase(config: DatabaseConfig): Database {
  const client = createClient({
    url: config.url,
    authToken: config.authToken,
    // Without it, a stalled database holds the request until the platform gives up.
    fetch: deadlineFetch(config.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS),
  });
  return withRelationalDepth(drizzle({ client: meterClient(client), relations }) as unknown as Database);
}
