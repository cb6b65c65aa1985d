/**
 * Seeding one entity from its catalogue list, the same way for every entity: rows by the generic
 * mapping (seeder.ts), deferred references once every row exists, link rows, and on an existing
 * database the refresh of rows nobody has edited. Rows are keyed by slug and inserted only when
 * missing; links and deferred references are written only for rows this run created.
 */
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { ENTITIES } from '../entities';
import { citations } from '../schema';
import type { SeedEntry } from './catalogue';
import { referenceValue, rowValues, type Resolve, type Seeder, type SeededType, type Transaction } from './seeder';
import type { CitationSource } from './sources';

type SluggedTable = SQLiteTable & { id: SQLiteColumn; slug: SQLiteColumn; version: SQLiteColumn };
const tableOf = (type: SeededType) => ENTITIES[type].table as unknown as SluggedTable;

export interface Created {
  item: SeedEntry;
  id: number;
}

/** Every row of the type by slug. */
export async function idsBySlug(tx: Transaction, type: SeededType): Promise<Map<string, number>> {
  const table = tableOf(type);
  const rows = (await tx.select({ id: table.id, slug: table.slug }).from(table as SQLiteTable)) as { id: number; slug: string }[];
  return new Map(rows.map((row) => [row.slug, row.id]));
}

/** Inserts the entries that have no row yet; returns the ones this run created, in catalogue order. */
export async function insertEntries(
  tx: Transaction,
  type: SeededType,
  seeder: Seeder,
  entries: readonly SeedEntry[],
  resolve: Resolve,
): Promise<Created[]> {
  if (entries.length === 0) return [];
  const table = tableOf(type);
  const inserted = (await tx
    .insert(table)
    .values(entries.map((item) => rowValues(type, seeder, item, resolve)) as never)
    .onConflictDoNothing()
    .returning({ id: table.id, slug: table.slug })) as { id: number; slug: string }[];
  const createdIds = new Map(inserted.map((row) => [row.slug, row.id]));
  return entries.flatMap((item) => {
    const id = createdIds.get(item.slug);
    return id === undefined ? [] : [{ item, id }];
  });
}

/** References within the type (parents), set on created rows once every row of the type exists. */
export async function setDeferredReferences(tx: Transaction, type: SeededType, seeder: Seeder, created: readonly Created[], resolve: Resolve) {
  const deferred = Object.entries(seeder.references ?? {}).filter(([, reference]) => reference.deferred);
  if (deferred.length === 0) return;
  const table = tableOf(type);
  for (const { item, id } of created) {
    for (const [property, reference] of deferred) {
      const slug = (item as unknown as Record<string, unknown>)[property];
      if (slug === undefined) continue;
      await tx
        .update(table)
        .set({ [reference.column]: referenceValue(reference, slug, resolve) } as never)
        .where(eq(table.id, id));
    }
  }
}

/** Link rows of created rows (or, with `refreshedOnly`, the refreshed links of rows being refreshed). */
export async function insertLinks(tx: Transaction, seeder: Seeder, owners: readonly Created[], resolve: Resolve, refreshedOnly = false) {
  for (const link of seeder.links ?? []) {
    if (refreshedOnly && !link.refreshed) continue;
    const rows = owners.flatMap(({ item, id }) => link.rows(item, resolve).map((row) => ({ [link.column]: id, ...row })));
    if (rows.length > 0) await tx.insert(link.table).values(rows as never);
  }
}

/** Citation rows of created rows: each citation of the entry, resolved to its source. */
export function citationRows(type: SeededType, created: readonly Created[], citationSource: CitationSource) {
  const column = ENTITIES[type].citationColumn;
  return created.flatMap(({ item, id }) => item.citations.map((citation) => ({ [column]: id, ...citationSource(citation) })));
}

/**
 * Seed rows that no one has edited (version 1: never updated, archived or restored) take the
 * catalogue's current values, citations and refreshed links, so a corrected claim reaches
 * databases seeded before the correction. Rows someone has edited are left alone. Returns how
 * many rows changed.
 */
export async function refreshEntries(
  tx: Transaction,
  type: SeededType,
  seeder: Seeder,
  entries: readonly SeedEntry[],
  createdSlugs: ReadonlySet<string>,
  resolve: Resolve,
  citationSource: CitationSource,
): Promise<number> {
  const candidates = entries.map((item) => item.slug).filter((slug) => !createdSlugs.has(slug));
  if (candidates.length === 0) return 0;
  const table = tableOf(type);
  const rows = (await tx
    .select({ id: table.id, slug: table.slug })
    .from(table as SQLiteTable)
    .where(and(inArray(table.slug, candidates), eq(table.version, 1)))) as { id: number; slug: string }[];
  const untouched = new Map(rows.map((row) => [row.slug, row.id]));
  const citationColumn = citations[ENTITIES[type].citationColumn];
  let changed = 0;
  for (const item of entries) {
    const id = untouched.get(item.slug);
    if (id === undefined) continue;
    await tx.update(table).set(rowValues(type, seeder, item, resolve) as never).where(eq(table.id, id));
    await tx.delete(citations).where(eq(citationColumn, id));
    const cited = citationRows(type, [{ item, id }], citationSource);
    if (cited.length > 0) await tx.insert(citations).values(cited as never);
    for (const link of seeder.links ?? []) {
      if (!link.refreshed) continue;
      const owner = (link.table as unknown as Record<string, SQLiteColumn>)[link.column]!;
      await tx.delete(link.table).where(eq(owner, id) as SQL);
    }
    await insertLinks(tx, seeder, [{ item, id }], resolve, true);
    changed += 1;
  }
  return changed;
}
