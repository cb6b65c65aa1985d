/** Brings a database up to date: migrations, then the idempotent seed. */
import type { Database } from './client';
import { migrateDatabase } from './migrate';
import { seedDatabase, type SeedResult } from './seed/apply';

export async function prepareDatabase(db: Database): Promise<SeedResult> {
  await migrateDatabase(db);
  return seedDatabase(db);
}
