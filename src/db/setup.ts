/**
 * Brings a database up to date: migrations and the statistics counters, then the idempotent seed,
 * the change feed's setup and a merged search index.
 */
import type { Database } from './client';
import { prepareCounters } from './counters';
import { prepareChangeFeed } from './feed';
import { migrateDatabase } from './migrate';
import { catchUpSearchIndex, compactSearchIndex } from './search';
import { seedDatabase, type SeedResult } from './seed/apply';
import { releaseConverters } from './text';

/** Work that takes a while at a start (indexing imported rows for search), told before it begins. */
export type PreparationNotice = (notice: { message: string; type: string; rows: number }) => void;

/**
 * `seed: false` leaves the seed out (`npm run db:migrate -- --no-seed`); the result is then null.
 * `notice` hears of long work before it begins.
 */
export async function prepareDatabase(db: Database, options?: { notice?: PreparationNotice }): Promise<SeedResult>;
export async function prepareDatabase(db: Database, options: { seed: boolean; notice?: PreparationNotice }): Promise<SeedResult | null>;
export async function prepareDatabase(db: Database, options: { seed?: boolean; notice?: PreparationNotice } = {}): Promise<SeedResult | null> {
  await migrateDatabase(db);
  // The statistics counters' triggers (derived from the entity registry) and their first count.
  await prepareCounters(db);
  const seed = options.seed === false ? null : await seedDatabase(db);
  // Rows written by other means than the API (an import, a data set loaded with SQL) become searchable.
  await catchUpSearchIndex(db, (type, rows) => options.notice?.({ message: 'indexing rows written without the API for search', type, rows }));
  // The seed (and the catch-up) converts Chinese text; the server need not keep the dictionaries for that.
  releaseConverters();
  // The change feed's cursor key, and creation entries for rows written without history (the seed's).
  await prepareChangeFeed(db);
  // Rows loaded by other means than the seed (an import, a data set written row by row) leave the
  // search index in many segments, each probed by every search; merging is instant when it is one.
  // Only an optimisation: a failure (another process's write lock, a remote deadline) leaves the
  // index as it was, and the start goes on.
  await compactSearchIndex(db).catch(() => undefined);
  return seed;
}
