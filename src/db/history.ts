/**
 * Reading the change history that every write records (src/db/writes.ts): one entity's page of
 * changes, on its own or as SQL selected with the entity's row.
 */
import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import type { WritableType } from './entities';
import { changeHistory, type ChangeAction } from './schema';

type Row = Record<string, unknown>;

export interface ChangeRecord {
  id: number;
  entityType: string;
  entityId: number;
  version: number;
  action: ChangeAction;
  actorName: string;
  changedAt: string;
  before: Row | null;
  after: Row | null;
}

/** One page of an entity's history, newest first, and the total number of entries. */
export async function readHistory(
  db: Database,
  type: WritableType,
  entityId: number,
  page: { limit: number; offset: number },
): Promise<{ entries: ChangeRecord[]; totalCount: number }> {
  const where = and(eq(changeHistory.entityType, type), eq(changeHistory.entityId, entityId));
  const [rows, totals] = await db.batch([
    db.select().from(changeHistory).where(where).orderBy(sql`${changeHistory.version} DESC`).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(changeHistory).where(where),
  ]);
  return { totalCount: totals[0]?.total ?? 0, entries: rows.map(changeFromRow) };
}

/**
 * One page of an entity's history (newest first) as a JSON array, over the entity's key column:
 * selected with the entity's own row, so the history of every row in a list comes in the same
 * statement as the list. `history.ts` reads it back with `historyFromJson`.
 */
export function historyPageSql(type: WritableType, entityId: SQLiteColumn, page: { limit: number; offset: number }): SQL {
  return sql`(SELECT json_group_array(json_object('id', h.id, 'entityType', h.entity_type, 'entityId', h.entity_id, 'version', h.version,
    'action', h.action, 'actorName', h.actor_name, 'changedAt', h.changed_at, 'before', h.before, 'after', h.after))
    FROM (SELECT * FROM ${changeHistory} AS h WHERE h.entity_type = ${type} AND h.entity_id = ${entityId}
          ORDER BY h.version DESC LIMIT ${page.limit} OFFSET ${page.offset}) AS h)`;
}

/** The number of changes to an entity, over its key column (see `historyPageSql`). */
export function historyCountSql(type: WritableType, entityId: SQLiteColumn): SQL {
  return sql`(SELECT count(*) FROM ${changeHistory} AS h WHERE h.entity_type = ${type} AND h.entity_id = ${entityId})`;
}

type StoredChange = Omit<ChangeRecord, 'before' | 'after'> & { before: string | null; after: string | null };

const changeFromRow = (row: StoredChange): ChangeRecord => ({
  id: row.id,
  entityType: row.entityType,
  entityId: row.entityId,
  version: row.version,
  action: row.action,
  actorName: row.actorName,
  changedAt: row.changedAt,
  before: row.before === null ? null : (JSON.parse(row.before) as Row),
  after: row.after === null ? null : (JSON.parse(row.after) as Row),
});

/** The entries of a page read by `historyPageSql`. */
export function historyFromJson(json: string): ChangeRecord[] {
  return (JSON.parse(json) as StoredChange[]).map(changeFromRow);
}
