/** Aggregates for the statistics API: counts grouped by one dimension. */
import { count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import { recordWhere, type RecordFilter } from './filters';
import {
  branchCentres,
  indicators,
  institutions,
  networks,
  planTargets,
  recordCountries,
  recordFields,
  records,
} from './schema';

export interface Bucket<K> {
  key: K;
  count: number;
}

export type RecordDimension = 'kind' | 'status' | 'pillar' | 'year' | 'field' | 'country';

/** Counts non-archived records matching `filter`, grouped by one dimension, largest first. */
export async function countRecordsBy(
  db: Database,
  dimension: RecordDimension,
  filter?: RecordFilter | null,
): Promise<Bucket<string | number | null>[]> {
  const where = recordWhere(records, filter);
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

type Grouped = typeof branchCentres.kind | typeof branchCentres.status | typeof networks.kind | typeof networks.status | typeof institutions.type;

async function countBy(db: Database, table: typeof branchCentres | typeof networks | typeof institutions, column: Grouped) {
  const value = count();
  return db
    .select({ key: column, count: value })
    .from(table)
    .where(isNull(table.archivedAt))
    .groupBy(column)
    .orderBy(desc(value), column) as Promise<Bucket<string>[]>;
}

export const countBranchCentresByKind = (db: Database) => countBy(db, branchCentres, branchCentres.kind);
export const countBranchCentresByStatus = (db: Database) => countBy(db, branchCentres, branchCentres.status);
export const countNetworksByKind = (db: Database) => countBy(db, networks, networks.kind);
export const countInstitutionsByType = (db: Database) => countBy(db, institutions, institutions.type);

export interface Totals {
  institutions: number;
  branchCentres: number;
  networks: number;
  records: number;
  indicators: number;
  planTargets: number;
}

/** Totals of every public entity, in one statement. */
export async function countTotals(db: Database): Promise<Totals> {
  const live = (table: SQLiteTable & { archivedAt: SQLiteColumn }): SQL =>
    sql`(SELECT count(*) FROM ${table} WHERE ${table.archivedAt} IS NULL)`;
  const [row] = await db.all<Record<keyof Totals, number>>(
    sql`SELECT ${live(institutions)} AS institutions, ${live(branchCentres)} AS branchCentres, ${live(networks)} AS networks, ${live(records)} AS records, ${live(indicators)} AS indicators, ${live(planTargets)} AS planTargets`,
  );
  return {
    institutions: Number(row?.institutions ?? 0),
    branchCentres: Number(row?.branchCentres ?? 0),
    networks: Number(row?.networks ?? 0),
    records: Number(row?.records ?? 0),
    indicators: Number(row?.indicators ?? 0),
    planTargets: Number(row?.planTargets ?? 0),
  };
}

