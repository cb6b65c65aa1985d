/** Which rows `node` and `nodes` may return to the current request: the visibility rule by ID. */
import { and, inArray } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import { ENTITIES, type WritableType } from './entities';
import { photos } from './schema';
import { visibleRow, type RuledTable } from './visibility';

/** The relations (and visibility rule) name of each type `node` can check. */
const RULED_TABLE_OF_TYPE: Record<WritableType | 'Photo', RuledTable> = {
  ...(Object.fromEntries(Object.entries(ENTITIES).map(([type, entity]) => [type, entity.key])) as Record<WritableType, RuledTable>),
  Photo: 'photos',
};
export type CheckedType = keyof typeof RULED_TABLE_OF_TYPE;
export const CHECKED_TYPES = Object.keys(RULED_TABLE_OF_TYPE) as CheckedType[];

/** Which of these rows exist and are visible to the current request: for `node` lookups. */
export async function visibleIds(db: Database, type: CheckedType, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const table = (type === 'Photo' ? photos : ENTITIES[type].table) as unknown as SQLiteTable & { id: SQLiteColumn };
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(and(inArray(table.id, [...ids]), visibleRow(RULED_TABLE_OF_TYPE[type], table)));
  return new Set(rows.map((row) => Number(row.id)));
}
