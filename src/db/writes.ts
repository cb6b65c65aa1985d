/**
 * Every write of the API. Each write is ONE `db.batch`, which libSQL runs as a single transaction
 * (on the Worker: one HTTP request to Turso, no interactive transaction). Inside it:
 *
 * 1. the change-history row is inserted by `INSERT … SELECT … WHERE` the row still has the
 *    version the caller read, capturing the row before the change as JSON;
 * 2. the row is updated `WHERE id = ? AND version = ?`, bumping the version;
 * 3. every later statement (the history row's `after`, link tables, search index) is guarded by
 *    `EXISTS (history row with this write's operation id)`, so it lands only when 1–2 did;
 * 4. a final SELECT reports whether the history row exists, i.e. whether the write applied.
 *
 * A stale version therefore changes nothing at all, and the caller learns the current version.
 * A short read before the batch checks the version early and loads what the search index needs;
 * the batch's guards still decide, so a write that races past the read is refused, not merged.
 */
import { and, eq, getColumns, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import { beginWrite, DatabaseFault, databaseFault, WriteOutcomeUnknown } from './faults';
import { columnJson } from './json-numbers';
import { changeHistory, indicatorFields, planTargetFields, recordCountries, recordFields, type ChangeAction } from './schema';
import { indexedTerms, searchDocument, searchRowsOf, SEARCHABLE_TYPES, type SearchableType } from './search';
import { ENTITIES, type WritableType } from './entities';
import { archivedVisible } from './visibility';
import {
  constraintFailure,
  missingReference,
  REFERENCE_NAMES,
  referenceQuery,
  staleVersion,
  type Reference,
  type WriteFailure,
} from './write-failures';

export type { Reference, WriteFailure } from './write-failures';

export { WRITABLE_TYPES, type WritableType } from './entities';

/** Each writable type's table. */
export const WRITABLE_TABLES = Object.fromEntries(
  Object.entries(ENTITIES).map(([type, entity]) => [type, entity.table]),
) as { [T in WritableType]: (typeof ENTITIES)[T]['table'] };

/** The columns every writable table shares; the tables are handled generically through them. */
type WritableTable = SQLiteTable & {
  id: SQLiteColumn;
  version: SQLiteColumn;
  archivedAt: SQLiteColumn;
  updatedAt: SQLiteColumn;
  createdAt: SQLiteColumn;
};
type Row = Record<string, unknown>;

function tableOf(type: WritableType): WritableTable {
  return WRITABLE_TABLES[type] as unknown as WritableTable;
}

/** Who makes a change. */
export interface Actor {
  keyId: number;
  name: string;
}

/**
 * Rows of link tables that belong to the written entity: fields (of a cooperation record, an
 * indicator or a plan target) and countries (of a cooperation record).
 */
export interface RecordLinks {
  fields?: readonly string[] | undefined;
  countries?: readonly string[] | undefined;
}

export type WriteResult = { ok: true; id: number; version: number } | { ok: false; failure: WriteFailure };

// ---------------------------------------------------------------------------------------------
// Link tables

/** A link table: the row it belongs to (`owner`) and the value it lists. */
interface LinkTable {
  table: SQLiteTable;
  owner: SQLiteColumn;
  value: SQLiteColumn;
  /** Property names of `owner` and `value`. */
  keys: [string, string];
}

const link = <T extends SQLiteTable>(table: T, owner: keyof T & string, value: keyof T & string): LinkTable => ({
  table,
  owner: table[owner] as SQLiteColumn,
  value: table[value] as SQLiteColumn,
  keys: [owner, value],
});

/**
 * The link tables each entity type owns, by the name of their list in `RecordLinks` and in the
 * entity's change snapshots: a write replaces them and its history records them with the row.
 */
const OWNED_LINKS: Partial<Record<WritableType, Partial<Record<keyof RecordLinks, LinkTable>>>> = {
  CooperationRecord: { fields: link(recordFields, 'recordId', 'field'), countries: link(recordCountries, 'recordId', 'countryCode') },
  Indicator: { fields: link(indicatorFields, 'indicatorId', 'field') },
  PlanTarget: { fields: link(planTargetFields, 'planTargetId', 'field') },
};

const ownedLinks = (type: WritableType) => Object.entries(OWNED_LINKS[type] ?? {}) as [keyof RecordLinks, LinkTable][];

/** The written entity's ID, as the write's history row holds it (none when the write did not apply). */
const writtenEntity = (db: Database, operationId: string) =>
  db.select({ id: changeHistory.entityId }).from(changeHistory).where(eq(changeHistory.operationId, operationId));

/** Replaces the entity's rows of a link table with `values`, guarded by the write's history row. */
function replaceLinks(db: Database, operationId: string, target: LinkTable, values: readonly string[]): BatchItem<'sqlite'>[] {
  const [ownerKey, valueKey] = target.keys;
  return [
    db.delete(target.table).where(inArray(target.owner, writtenEntity(db, operationId))),
    ...[...new Set(values)].map((value) =>
      db.insert(target.table).select(
        db
          .select({ [ownerKey]: changeHistory.entityId, [valueKey]: sql`${value}` })
          .from(changeHistory)
          .where(eq(changeHistory.operationId, operationId)) as never,
      ),
    ),
  ];
}

/** Replaces the entity's linked lists that the write gives (fields, countries). */
function linkStatements(db: Database, type: WritableType, operationId: string, links: RecordLinks | undefined): BatchItem<'sqlite'>[] {
  return ownedLinks(type).flatMap(([name, table]) => {
    const values = links?.[name];
    return values ? replaceLinks(db, operationId, table, values) : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Row snapshots and search documents

/** `json_object('prop', "column", …)` of a table's row, with property names as keys. */
export function rowJson(type: WritableType, tableAlias?: string): SQL {
  const table = tableOf(type);
  // Generated columns (the records' date key) follow from the others: not part of a change.
  const stored = Object.entries(getColumns(table)).filter(([, column]) => !column.generated);
  const pairs = stored.map(([property, column]) => {
    const name = tableAlias ? `${tableAlias}."${column.name}"` : `"${column.name}"`;
    return sql`${sql.raw(`'${property}'`)}, ${columnJson(column as SQLiteColumn, sql.raw(name))}`;
  });
  // The linked lists (fields, countries) are part of the entity: sorted, they go with its columns.
  const owner = tableAlias ? sql.raw(`${tableAlias}.id`) : sql`${table.id}`;
  const list = (name: string, links: LinkTable) =>
    sql`${sql.raw(`'${name}'`)}, (SELECT json_group_array(value) FROM (SELECT ${links.value} AS value FROM ${links.table} WHERE ${links.owner} = ${owner} ORDER BY value))`;
  const extras = ownedLinks(type).map(([name, table]) => list(name, table));
  return sql`json_object(${sql.join([...pairs, ...extras], sql`, `)})`;
}

function isSearchable(type: WritableType): type is SearchableType {
  return (SEARCHABLE_TYPES as readonly WritableType[]).includes(type);
}

/** Statements that re-index an entity, guarded so they run only when this write applied. */
function searchStatements(db: Database, type: WritableType, operationId: string, row: Row | null): BatchItem<'sqlite'>[] {
  if (!isSearchable(type)) return [];
  const applied = sql`EXISTS (SELECT 1 FROM change_history WHERE operation_id = ${operationId})`;
  const statements: BatchItem<'sqlite'>[] = [
    db.run(
      sql`DELETE FROM search_index WHERE rowid IN (${searchRowsOf(type, sql`(SELECT entity_id FROM change_history WHERE operation_id = ${operationId})`)}) AND ${applied}`,
    ),
  ];
  if (row) {
    const terms = indexedTerms(searchDocument(type, row));
    statements.push(
      db.run(
        sql`INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) SELECT ${type}, entity_id, ${terms.title}, ${terms.body}, ${terms.unigrams} FROM change_history WHERE operation_id = ${operationId}`,
      ),
    );
  }
  return statements;
}

/**
 * The history row of a write, taken from the row it changes: only there when `where` still holds.
 * Written out in SQL: it is the statement that decides whether the write applied, and proxies in
 * front of the database (and the fault tests) recognise a write by its `INSERT INTO change_history`.
 */
function historyInsert(
  db: Database,
  table: WritableTable,
  where: SQL | undefined,
  entry: { operationId: string; type: WritableType; version: SQL | SQLiteColumn; action: ChangeAction; actor: Actor; changedAt: string; before: SQL | null },
): BatchItem<'sqlite'> {
  return db.run(
    sql`INSERT INTO change_history (operation_id, entity_type, entity_id, version, action, actor_key_id, actor_name, changed_at, before, after)
        SELECT ${entry.operationId}, ${entry.type}, ${table.id}, ${entry.version}, ${entry.action}, ${entry.actor.keyId}, ${entry.actor.name}, ${entry.changedAt}, ${entry.before ?? sql`NULL`}, NULL
        FROM ${table} WHERE ${where}`,
  );
}

/** Completes the history row with the row as stored after the write. */
function historyAfter(db: Database, type: WritableType, operationId: string): BatchItem<'sqlite'> {
  const table = tableOf(type);
  return db
    .update(changeHistory)
    .set({ after: sql`(SELECT ${rowJson(type)} FROM ${table} WHERE ${table.id} = ${changeHistory.entityId})` })
    .where(eq(changeHistory.operationId, operationId));
}

function appliedCheck(db: Database, operationId: string) {
  return db
    .select({ version: changeHistory.version, entityId: changeHistory.entityId })
    .from(changeHistory)
    .where(eq(changeHistory.operationId, operationId));
}

type BatchTuple = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

/** Runs read-only statements in one round trip. */
async function readAll(db: Database, statements: BatchItem<'sqlite'>[]): Promise<unknown[][]> {
  if (statements.length === 0) return [];
  return (await db.batch(statements as BatchTuple)) as unknown as unknown[][];
}

const now = () => new Date().toISOString();

// ---------------------------------------------------------------------------------------------
// Writes

/** Inserts a new entity at version 1, with its history row and search entry, in one batch. */
export async function createEntity(
  db: Database,
  type: WritableType,
  actor: Actor,
  values: Row,
  options: { references?: Reference[]; links?: RecordLinks } = {},
): Promise<WriteResult> {
  const references = options.references ?? [];
  const missing = missingReference(references, await readAll(db, references.map((r) => referenceQuery(db, r))));
  if (missing) return { ok: false, failure: missing };

  const table = tableOf(type);
  const operationId = crypto.randomUUID();
  const timestamp = now();
  const statements: BatchItem<'sqlite'>[] = [
    db
      .insert(table)
      .values({ ...values, version: 1, archivedAt: null, createdAt: timestamp, updatedAt: timestamp } as never)
      .returning({ id: table.id }),
    historyInsert(db, table, eq(table.id, sql`last_insert_rowid()`), {
      operationId,
      type,
      version: table.version,
      action: 'CREATE',
      actor,
      changedAt: timestamp,
      before: null,
    }),
    ...linkStatements(db, type, operationId, options.links),
    historyAfter(db, type, operationId),
    ...searchStatements(db, type, operationId, values),
    appliedCheck(db, operationId),
  ];
  const outcome = await runGuardedBatch(db, type, statements);
  if (!outcome.ok) return outcome;
  if (!outcome.applied) throw new Error(`Creating a ${type} did not record its history.`);
  return { ok: true, id: outcome.applied.entityId, version: outcome.applied.version };
}

/**
 * Sends a write's statements as one batch. A constraint violation becomes a typed failure; the
 * batch's last statement (`appliedCheck`) says whether the guarded write took effect.
 */
async function runGuardedBatch(
  db: Database,
  type: WritableType,
  statements: BatchItem<'sqlite'>[],
): Promise<{ ok: true; applied: { version: number; entityId: number } | undefined } | { ok: false; failure: WriteFailure }> {
  let results: unknown[];
  if (!beginWrite()) throw new DatabaseFault('TIMEOUT', 'The request ran out of time before the change was sent.', false);
  try {
    results = (await db.batch(statements as BatchTuple)) as unknown[];
  } catch (error) {
    // Sent but not answered (a timeout, a dropped connection): the database may have applied it.
    const fault = databaseFault(error);
    if (fault) throw fault.maybeApplied ? new WriteOutcomeUnknown(fault) : fault;
    return { ok: false, failure: constraintFailure(error, type) };
  }
  const [applied] = results.at(-1) as { version: number; entityId: number }[];
  return { ok: true, applied };
}

type Transition = 'UPDATE' | 'ARCHIVE' | 'RESTORE';

async function changeEntity(
  db: Database,
  type: WritableType,
  actor: Actor,
  target: { id: number; version: number; path: string[] },
  action: Transition,
  patch: Row,
  options: { references?: Reference[]; links?: RecordLinks } = {},
): Promise<WriteResult> {
  const table = tableOf(type);
  const references = options.references ?? [];
  const [current, ...referenceResults] = await readAll(db, [
    db.select().from(table).where(eq(table.id, target.id)),
    ...references.map((r) => referenceQuery(db, r)),
  ]);
  const found = (current as Row[] | undefined)?.[0];
  const name = REFERENCE_NAMES[type];
  // Archived rows exist only for callers who may see them; others get the answer for a missing row.
  const row = found && (found.archivedAt === null || archivedVisible()) ? found : undefined;
  if (!row) {
    return { ok: false, failure: { kind: 'NOT_FOUND', message: `${target.path.join('.')}: no ${name} with this ID.`, path: target.path } };
  }
  const currentVersion = Number(row.version);
  const archived = row.archivedAt !== null;
  if (action === 'UPDATE' && archived) {
    return { ok: false, failure: { kind: 'CONFLICT', reason: 'ARCHIVED', message: `The ${name} is archived; restore it before updating it.`, currentVersion } };
  }
  if (action === 'ARCHIVE' && archived) {
    return { ok: false, failure: { kind: 'CONFLICT', reason: 'ARCHIVED', message: `The ${name} is already archived.`, currentVersion } };
  }
  if (action === 'RESTORE' && !archived) {
    return { ok: false, failure: { kind: 'CONFLICT', reason: 'NOT_ARCHIVED', message: `The ${name} is not archived.`, currentVersion } };
  }
  if (currentVersion !== target.version) return { ok: false, failure: staleVersion(name, target.version, currentVersion) };
  const missing = missingReference(references, referenceResults);
  if (missing) return { ok: false, failure: missing };

  const operationId = crypto.randomUUID();
  const timestamp = now();
  // The row's own archived state is what the transition starts from (not a visibility rule).
  const expected = and(
    eq(table.id, target.id),
    eq(table.version, target.version),
    action === 'RESTORE' ? isNotNull(table.archivedAt) : isNull(table.archivedAt),
  );
  const merged: Row = { ...row, ...patch };
  const statements: BatchItem<'sqlite'>[] = [
    historyInsert(db, table, expected, {
      operationId,
      type,
      version: sql`${table.version} + 1`,
      action,
      actor,
      changedAt: timestamp,
      before: rowJson(type),
    }),
    db
      .update(table)
      .set({ ...patch, version: sql`${table.version} + 1`, updatedAt: timestamp } as never)
      .where(expected),
    ...linkStatements(db, type, operationId, options.links),
    historyAfter(db, type, operationId),
    ...searchStatements(db, type, operationId, action === 'ARCHIVE' ? null : merged),
    appliedCheck(db, operationId),
  ];
  const outcome = await runGuardedBatch(db, type, statements);
  if (!outcome.ok) return outcome;
  if (outcome.applied) return { ok: true, id: target.id, version: outcome.applied.version };
  // Another write got in between the read and the batch: report the version it left.
  const [latest] = await db.select({ version: table.version }).from(table).where(eq(table.id, target.id));
  return { ok: false, failure: staleVersion(name, target.version, latest ? Number(latest.version) : null) };
}

export function updateEntity(
  db: Database,
  type: WritableType,
  actor: Actor,
  target: { id: number; version: number; path: string[] },
  patch: Row,
  options: { references?: Reference[]; links?: RecordLinks } = {},
): Promise<WriteResult> {
  return changeEntity(db, type, actor, target, 'UPDATE', patch, options);
}

/** Soft-deletes an entity: it leaves lists, search and public `node` lookups, and can be restored. */
export function archiveEntity(db: Database, type: WritableType, actor: Actor, target: { id: number; version: number; path: string[] }) {
  return changeEntity(db, type, actor, target, 'ARCHIVE', { archivedAt: now() });
}

export function restoreEntity(db: Database, type: WritableType, actor: Actor, target: { id: number; version: number; path: string[] }) {
  return changeEntity(db, type, actor, target, 'RESTORE', { archivedAt: null });
}
