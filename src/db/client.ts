/**
 * Database factories. Node reaches an embedded libSQL file or a remote server through
 * `@libsql/client`; the Worker uses the HTTP-only build (see client-web.ts). Both return the same
 * Drizzle database type, so everything above src/db/ is runtime-agnostic.
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { meterClient } from './meter';
import { relations } from './relations';

export type Database = LibSQLDatabase<typeof relations> & { $client: Client };

export interface DatabaseConfig {
  url: string;
  authToken?: string | undefined;
}

/** The embedded default: a file inside the project, created on first start. */
export const DEFAULT_DATABASE_URL = 'file:data/brics.db';

export function createNodeDatabase(config: DatabaseConfig): Database {
  const client = createClient({ url: config.url, authToken: config.authToken });
  return drizzle({ client: meterClient(client), relations });
}
