/** Aggregates for the statistics API: counts grouped by one dimension. */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from './client';
import { countersCurrent, liveBucketsSql, liveGroupedCountSql, liveTotalSql } from './counters';
import type { CountedTerm } from './filters';
import { COUNTED_TYPES, ENTITIES, type CountedType, type GroupedType, type TotalKey } from './entities';
import { recordCountries, recordFields, records } from './schema';

export interface Bucket<K> {
  key: K;
  count: number;
}

export type RecordDimension = 'kind' | 'status' | 'pillar' | 'year' | 'field' | 'country';

/**
 * `key, count` rows: the records `where` matches (the public ones a records filter picks) per value
 * of one dimension, largest first (years: latest first). Read by `countRecordsBy` and, as part of
 * its one statement, by the compiled read path. Where the live-row counters can tell them
 * (`counted`: the same filter as counter terms, see `liveGroupedCountSql`), they are read from
 * the counters while those are current, and counted over the rows otherwise (100k records with
 * long texts: a country's records by kind 43 ms, a span of years' by field 40 ms, counted).
 */
export function recordBucketsSql(dimension: RecordDimension, where: SQL, counted?: readonly CountedTerm[] | null): SQL {
  const fromCounters = counted ? liveGroupedCountSql('records', dimension, counted) : null;
  const rows = countedBucketsSql(dimension, where);
  if (!fromCounters) return rows;
  const current = countersCurrent();
  // The rows are counted only while the counters are not current: a LIMIT of 0 reads none.
  return sql`SELECT nullif(key, '') AS key, count FROM (${fromCounters}) WHERE ${current} UNION ALL SELECT key, count FROM (SELECT key, count FROM (${rows}) LIMIT (CASE WHEN ${current} THEN 0 ELSE -1 END)) ORDER BY ${sql.raw(
    dimension === 'year' ? 'key DESC' : 'count DESC, key',
  )}`;
}

function countedBucketsSql(dimension: RecordDimension, where: SQL): SQL {
  if (dimension === 'field' || dimension === 'country') {
    const [link, column] = dimension === 'field' ? [recordFields, recordFields.field] : [recordCountries, recordCountries.countryCode];
    return sql`SELECT ${column} AS key, count(*) AS count FROM ${link} INNER JOIN ${records} ON ${eq(records.id, link.recordId)} WHERE ${where} GROUP BY ${column} ORDER BY count(*) DESC, ${column}`;
  }
  const column = records[dimension];
  const order = dimension === 'year' ? sql`${column} DESC, ${column}` : sql`count(*) DESC, ${column}`;
  return sql`SELECT ${column} AS key, count(*) AS count FROM ${records} WHERE ${where} GROUP BY ${column} ORDER BY ${order}`;
}

/** Counts the records `where` matches (the public ones a records filter picks), grouped by one dimension, largest first. */
export async function countRecordsBy(
  db: Database,
  dimension: RecordDimension,
  where: SQL,
  counted?: readonly CountedTerm[] | null,
): Promise<Bucket<string | number | null>[]> {
  return bucketsOf(await db.all<{ key: string | number | null; count: number }>(recordBucketsSql(dimension, where, counted)));
}

const bucketsOf = <K>(rows: { key: K; count: number }[]): Bucket<K>[] => rows.map((row) => ({ key: row.key, count: Number(row.count) }));

/** `key, count` rows of all public records per value of one dimension, from the counters (src/db/counters.ts). */
export const liveRecordBucketsSql = (dimension: RecordDimension): SQL =>
  liveBucketsSql('CooperationRecord', dimension, dimension === 'year' ? 'valueDescending' : 'count');

/**
 * Counts all public records (no filter) grouped by one dimension, as `countRecordsBy` does, from
 * the counters (src/db/counters.ts) instead of the rows.
 */
export async function countLiveRecordsBy(db: Database, dimension: RecordDimension): Promise<Bucket<string | number | null>[]> {
  return bucketsOf(await db.all<{ key: string | number | null; count: number }>(liveRecordBucketsSql(dimension)));
}

/** `key, count` rows of live `type` rows per value of one of its enum columns (registry: `groupings`), largest first. */
export const groupedBucketsSql = (type: GroupedType, column: string): SQL => liveBucketsSql(type, column, 'count');

/** Counts live rows of `type` grouped by one of its enum columns (registry: `groupings`), largest first. */
export async function countGroupedBy(db: Database, type: GroupedType, column: string): Promise<Bucket<string>[]> {
  return bucketsOf(await db.all<{ key: string; count: number }>(groupedBucketsSql(type, column)));
}

/** How many live rows each counted entity has (registry: `total`), keyed by its relations key. */
export type Totals = Record<TotalKey, number>;

/** One row: the total of every counted entity, in a column named by its relations key. */
export function totalsSql(): SQL {
  const total = (type: CountedType): SQL => sql`${liveTotalSql(type)} AS ${sql.identifier(ENTITIES[type].key)}`;
  return sql`SELECT ${sql.join(COUNTED_TYPES.map(total), sql`, `)}`;
}

/** Totals of every counted entity, in one statement. */
export async function countTotals(db: Database): Promise<Totals> {
  const [row] = await db.all<Record<TotalKey, number>>(totalsSql());
  return Object.fromEntries(COUNTED_TYPES.map((type) => [ENTITIES[type].key, Number(row?.[ENTITIES[type].key] ?? 0)])) as Totals;
}
