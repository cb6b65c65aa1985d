/** Brings a database up to date: migrations, then the idempotent seed and the change feed's setup. */
import type { Database } from './client';
import { prepareChangeFeed } from './feed';
import { migrateDatabase } from './migrate';
import { seedDatabase, type SeedResult } from './seed/apply';

export async function prepareDatabase(db: Database): Promise<SeedResult> {
  await migrateDatabase(db);
  const seed = await seedDatabase(db);
  await prepareChangeFeed(db);
  return seed;
}
