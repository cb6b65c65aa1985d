/**
 * Reads that checks of a write need before it is sent: the stored row an update is merged into,
 * and the ancestors of a would-be parent (a hierarchy must not loop back on itself).
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from './client';
import { institutions, records } from './schema';
import { WRITABLE_TABLES, type WritableType } from './writes';

/** The stored row of an entity, as the write layer sees it (property names as keys), or null. */
export async function storedRow(db: Database, type: WritableType, id: number): Promise<Record<string, unknown> | null> {
  const table = WRITABLE_TABLES[type] as unknown as typeof institutions;
  const [row] = await db.select().from(table).where(eq(table.id, id));
  return (row as Record<string, unknown> | undefined) ?? null;
}

const HIERARCHIES = { Institution: institutions, CooperationRecord: records } as const;
export type HierarchyType = keyof typeof HIERARCHIES;

/**
 * Whether making `parentId` the parent of `id` would close a loop: `id` itself, or `id` among the
 * parent's ancestors. The walk is bounded, so an existing loop in the data cannot hang it.
 */
export async function wouldCloseLoop(db: Database, type: HierarchyType, id: number, parentId: number): Promise<boolean> {
  if (id === parentId) return true;
  const table = HIERARCHIES[type];
  const [row] = await db.all<{ found: number }>(sql`
    WITH RECURSIVE ancestors(id, depth) AS (
      SELECT ${table.parentId}, 1 FROM ${table} WHERE ${table.id} = ${parentId}
      UNION
      SELECT ${table.parentId}, ancestors.depth + 1 FROM ${table} JOIN ancestors ON ${table.id} = ancestors.id
      WHERE ancestors.depth < 1000
    )
    SELECT count(*) AS found FROM ancestors WHERE id = ${id}`);
  return Number(row?.found ?? 0) > 0;
}
