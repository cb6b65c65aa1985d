/** Aggregates for the statistics API: counts grouped by one dimension. */
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from './client';
import { liveBucketsSql, liveTotalSql } from './counters';
import { COUNTED_TYPES, ENTITIES, type CountedType, type GroupedType, type TotalKey } from './entities';
import { recordCountries, recordFields, records } from './schema';

export interface Bucket<K> {
  key: K;
  count: number;
}

export type RecordDimension = 'kind' | 'status' | 'pillar' | 'year' | 'field' | 'country';

/** Counts the records `where` matches (the public ones a records filter picks), grouped by one dimension, largest first. */
export async function countRecordsBy(
  db: Database,
  dimension: RecordDimension,
  where: SQL,
): Promise<Bucket<string | number | null>[]> {
  const value = sql<number>`count(*)`.mapWith(Number);
  if (dimension === 'field') {
    const rows = await db
      .select({ key: recordFields.field, count: value })
      .from(recordFields)
      .innerJoin(records, eq(records.id, recordFields.recordId))
      .where(where)
      .groupBy(recordFields.field)
      .orderBy(desc(value), recordFields.field);
    return rows;
  }
  if (dimension === 'country') {
    const rows = await db
      .select({ key: recordCountries.countryCode, count: value })
      .from(recordCountries)
      .innerJoin(records, eq(records.id, recordCountries.recordId))
      .where(where)
      .groupBy(recordCountries.countryCode)
      .orderBy(desc(value), recordCountries.countryCode);
    return rows;
  }
  const column = records[dimension];
  return db
    .select({ key: column, count: value })
    .from(records)
    .where(where)
    .groupBy(column)
    .orderBy(dimension === 'year' ? desc(column) : desc(value), column);
}

/**
 * Counts all public records (no filter) grouped by one dimension, as `countRecordsBy` does, from
 * the counters (src/db/counters.ts) instead of the rows.
 */
export async function countLiveRecordsBy(db: Database, dimension: RecordDimension): Promise<Bucket<string | number | null>[]> {
  const rows = await db.all<{ key: string | number | null; count: number }>(
    liveBucketsSql('CooperationRecord', dimension, dimension === 'year' ? 'valueDescending' : 'count'),
  );
  return rows.map((row) => ({ key: row.key, count: Number(row.count) }));
}

/** Counts live rows of `type` grouped by one of its enum columns (registry: `groupings`), largest first. */
export async function countGroupedBy(db: Database, type: GroupedType, column: string): Promise<Bucket<string>[]> {
  const rows = await db.all<{ key: string; count: number }>(liveBucketsSql(type, column, 'count'));
  return rows.map((row) => ({ key: row.key, count: Number(row.count) }));
}

/** How many live rows each counted entity has (registry: `total`), keyed by its relations key. */
export type Totals = Record<TotalKey, number>;

/** Totals of every counted entity, in one statement. */
export async function countTotals(db: Database): Promise<Totals> {
  const total = (type: CountedType): SQL => sql`${liveTotalSql(type)} AS ${sql.identifier(ENTITIES[type].key)}`;
  const [row] = await db.all<Record<TotalKey, number>>(sql`SELECT ${sql.join(COUNTED_TYPES.map(total), sql`, `)}`);
  return Object.fromEntries(COUNTED_TYPES.map((type) => [ENTITIES[type].key, Number(row?.[ENTITIES[type].key] ?? 0)])) as Totals;
}
