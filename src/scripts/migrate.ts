/** Applies migrations (and the seed) to LIBSQL_URL, or to the embedded default database. */
import { mkdirSync } from 'node:fs';
import { readConfig } from '../config';
import { createNodeDatabase, DEFAULT_DATABASE_URL } from '../db/client';
import { prepareChangeFeed } from '../db/feed';
import { migrateDatabase } from '../db/migrate';
import { seedDatabase } from '../db/seed/apply';

const config = readConfig(process.env);
const url = config.LIBSQL_URL ?? DEFAULT_DATABASE_URL;
if (url === DEFAULT_DATABASE_URL) mkdirSync('data', { recursive: true });
const db = createNodeDatabase({ url, authToken: config.LIBSQL_AUTH_TOKEN });
await migrateDatabase(db);
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
