/** Brings a database up to date: migrations and the statistics counters, then the idempotent seed and the change feed's setup. */
import type { Database } from './client';
import { prepareCounters } from './counters';
import { prepareChangeFeed } from './feed';
import { migrateDatabase } from './migrate';
import { seedDatabase, type SeedResult } from './seed/apply';
import { releaseConverters } from './text';

export async function prepareDatabase(db: Database): Promise<SeedResult> {
  await migrateDatabase(db);
  await prepareCounters(db);
  const seed = await seedDatabase(db);
  // The seed converts its Chinese text; the server need not keep the dictionaries for that.
  releaseConverters();
  await prepareChangeFeed(db);
  return seed;
}
