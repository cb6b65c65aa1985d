/**
 * Who may see which rows: the one rule for archived data, applied wherever a row can be reached.
 *
 * A row is visible to a caller without the admin scope when it is not archived and, for rows that
 * only exist to link or depict others (participations, memberships, photos), when what it links or
 * depicts is visible too. Callers with the admin scope see everything.
 *
 * The rule is attached to every relation that leads to such a table (see `relations.ts`), so
 * to-one relations answer null, connections and their `totalCount` leave the rows out, and the
 * same SQL serves root lists, filters by ID and `node` lookups. Whether the current request may
 * see archived rows lives in a per-request scope, set once when the caller is known.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ENTITIES, WRITABLE_TYPES, type WritableType } from './entities';
import { institutions, networkMembers, networks, participants, photos, records, indicators } from './schema';

interface VisibilityScope {
  includeArchived: boolean;
}

const storage = new AsyncLocalStorage<VisibilityScope>();

/** Runs one request's work in its own scope; archived rows stay hidden until `revealArchived`. */
export function withVisibilityScope<T>(work: () => T): T {
  return storage.run({ includeArchived: false }, work);
}

/** Lets the rest of the current request see archived rows (the caller has the admin scope). */
export function revealArchived(): void {
  const scope = storage.getStore();
  if (scope) scope.includeArchived = true;
}

/** Whether the current request sees archived rows. Outside a request scope: no. */
export function archivedVisible(): boolean {
  return storage.getStore()?.includeArchived ?? false;
}

type Archivable = { archivedAt: SQLiteColumn };

const notArchived = (table: Archivable): SQL => sql`${table.archivedAt} is null`;

/** `exists` a visible row of `table` whose id is `reference` (a column of the outer row). */
const live = (table: typeof institutions | typeof networks | typeof indicators, reference: SQLWrapper): SQL =>
  sql`exists (select 1 from ${table} where ${table.id} = ${reference} and ${table.archivedAt} is null)`;

/** `exists` a visible institution whose id is `reference` (a column, or a value). */
export const liveInstitution = (reference: SQLWrapper): SQL => live(institutions, reference);

/** `exists` a visible network whose id is `reference` (a column, or a value). */
export const liveNetwork = (reference: SQLWrapper): SQL => live(networks, reference);

/**
 * `exists` a visible record whose id is `reference`, found by its live key (`live_id`) in the
 * narrow `records_live_ids` index: by `id`, SQLite reads the record's row, past its long texts.
 */
const liveRecord = (reference: SQLWrapper): SQL =>
  sql`exists (select 1 from ${records} where ${records.liveId} = ${reference} and ${records.archivedAt} is null)`;

/** A nullable reference is fine when empty, else it must lead to a visible row. */
const liveOrNone = (table: typeof institutions | typeof indicators, reference: SQLiteColumn): SQL =>
  sql`(${reference} is null or ${live(table, reference)})`;

/**
 * The public rule per table, as SQL over a (possibly aliased) table. Tables not listed here are
 * always visible (countries, sources, citations, tracks …: they are reached only through rows that
 * are themselves checked).
 */
export const PUBLIC_ROW_RULES = {
  // Every entity of the registry hides its archived rows; links add the rule for their ends below.
  ...(Object.fromEntries(WRITABLE_TYPES.map((type) => [ENTITIES[type].key, notArchived])) as Record<
    (typeof ENTITIES)[WritableType]['key'],
    (t: Archivable) => SQL
  >),
  participants: (t: typeof participants) =>
    sql`${notArchived(t)} and ${liveInstitution(t.institutionId)} and ${liveRecord(t.recordId)}`,
  networkMembers: (t: typeof networkMembers) =>
    sql`${notArchived(t)} and ${live(institutions, t.institutionId)} and ${live(networks, t.networkId)}`,
  photos: (t: typeof photos) =>
    sql`(${t.recordId} is null or ${liveRecord(t.recordId)}) and ${liveOrNone(institutions, t.institutionId)} and ${liveOrNone(indicators, t.indicatorId)}`,
} as const;

export type RuledTable = keyof typeof PUBLIC_ROW_RULES;

/** Whether rows of this (drizzle relations) table name are subject to the rule. */
export function isRuledTable(name: string): name is RuledTable {
  return Object.hasOwn(PUBLIC_ROW_RULES, name);
}

/** The visibility condition for the current request over a row of `name`; undefined when all rows show. */
export function visibleRow(name: RuledTable, table: unknown): SQL | undefined {
  if (archivedVisible()) return undefined;
  return (PUBLIC_ROW_RULES[name] as (t: unknown) => SQL)(table);
}

/** The public condition, whoever asks: lists, counts, search and statistics show what everyone sees. */
export function publicRow(name: RuledTable, table: unknown): SQL {
  return (PUBLIC_ROW_RULES[name] as (t: unknown) => SQL)(table);
}
