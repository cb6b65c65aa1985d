/**
 * Numbers in JSON that SQLite builds. Its JSON functions write a REAL with 15 significant digits
 * (0.1 + 0.2 as 0.3, 33.333333333333336 as 33.3333333333333), so a value read back from them would
 * not be the one stored, where the driver's own value is exact. Every REAL that goes into such
 * JSON (compiled reads, search hits, history snapshots) goes through here.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** `printf` with n significant digits: text that JSON reads as a number (`5.0`, `1.0e+15`). */
const digits = (value: SQL, n: 15 | 16 | 17) => sql`printf(${sql.raw(`'%!.${n}g'`)}, ${value})`;

/**
 * A REAL as a JSON number that reads back as the same double: the shortest of 15 or 16
 * significant digits that does, else 17, which always does.
 */
export function exactReal(value: SQL): SQL {
  const tier = (n: 15 | 16) => sql`WHEN CAST(${digits(value, n)} AS REAL) = ${value} THEN json(${digits(value, n)})`;
  return sql`(CASE WHEN ${value} IS NULL THEN NULL ${tier(15)} ${tier(16)} ELSE json(${digits(value, 17)}) END)`;
}

/** A column's value as SQLite-built JSON should hold it: a REAL column's exactly, others as they are. */
export function columnJson(column: SQLiteColumn, reference: SQL = sql`${column}`): SQL {
  return column.columnType === 'SQLiteReal' ? exactReal(reference) : reference;
}
