/**
 * The data version: a value that changes whenever the data the API serves changes. Every write
 * records a change-history row in its own batch (src/db/writes.ts), and the seed records its
 * version in app_meta, so the newest history id and the seed version together name the state of
 * the data. Response caches key their entries on it instead of tracking entities one by one.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client';

/** The statement that reads it, as column `version`. */
export const DATA_VERSION_QUERY = sql`SELECT coalesce((SELECT max(id) FROM change_history), 0) || '.' || coalesce((SELECT value FROM app_meta WHERE key = 'seed_version'), '') AS version`;

/** The version a row of DATA_VERSION_QUERY names. */
export const dataVersionOf = (row: { version?: unknown } | undefined): string => (row?.version == null ? '0.' : String(row.version));

export async function readDataVersion(db: Database): Promise<string> {
  const [row] = await db.all<{ version: string }>(DATA_VERSION_QUERY);
  return dataVersionOf(row);
}
