/** Applies migrations (and the seed) to LIBSQL_URL, or to the embedded default database. */
import { configOrExit, readConfig } from '../config';
import { openNodeDatabase } from '../db/client';
import { prepareDatabase } from '../db/setup';

const config = configOrExit(readConfig);
const db = openNodeDatabase({ url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN, timeoutMs: config.DATABASE_TIMEOUT_MS });
const result = await prepareDatabase(db, {
  seed: !process.argv.includes('--no-seed'),
  notice: ({ type, rows }) => console.log(`Indexing ${rows} ${type} rows written without the API for search…`),
});
console.log('Migrations applied.');
if (result) {
  console.log(
    result.applied
      ? `Seeded ${result.created} rows; refreshed ${result.updated ?? 0} unedited seed rows; re-derived ${result.textsCorrected ?? 0} Traditional texts.`
      : 'Seed already applied.',
  );
}
