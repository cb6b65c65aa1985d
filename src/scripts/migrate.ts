/** Applies migrations (and the seed) to LIBSQL_URL, or to the embedded default database. */
import { configOrExit, readConfig } from '../config';
import { openNodeDatabase } from '../db/client';
import { prepareCounters } from '../db/counters';
import { prepareChangeFeed } from '../db/feed';
import { migrateDatabase } from '../db/migrate';
import { seedDatabase } from '../db/seed/apply';

const config = configOrExit(readConfig);
const db = openNodeDatabase({ url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN, timeoutMs: config.DATABASE_TIMEOUT_MS });
await migrateDatabase(db);
// The statistics counters' triggers (derived from the entity registry) and their first count.
await prepareCounters(db);
console.log('Migrations applied.');
if (!process.argv.includes('--no-seed')) {
  const result = await seedDatabase(db);
  console.log(
    result.applied
      ? `Seeded ${result.created} rows; refreshed ${result.updated ?? 0} unedited seed rows; re-derived ${result.textsCorrected ?? 0} Traditional texts.`
      : 'Seed already applied.',
  );
}
// The change feed's cursor key, and creation entries for rows written without history (the seed's).
await prepareChangeFeed(db);
