/**
 * How fields are read in SQL on the compiled read path (src/graphql/compiled-read.ts), declared
 * beside their resolvers from the same column, relation, filter or ordering, so both paths read
 * the same values.
 */
import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import { and, eq, is, SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { publicRow, type RuledTable } from '../db/visibility';
import type { RootConnection, RootObject } from './compiled-read';

type Ordering = Record<string, 'asc' | 'desc'>;

/** A list filter as `defineListFilter` builds it (src/graphql/list-filter.ts). */
interface ListFilter<T> {
  where(table: T, filter: Record<string, unknown> | null | undefined, options?: { page?: boolean }): SQL;
  /** Fields that take a global ID: Pothos decodes them for resolvers only. */
  nodeFields: readonly string[];
}

/** Positions that stand for cursors while a plan compiles (`withCursorPositions`). */
let boundPositions: ReadonlyMap<string, unknown[]> | undefined;

/**
 * Compiles with `positions` standing for the ordering values of those cursors: statement
 * placeholders that each request fills from its own cursor (src/graphql/plan-variables.ts).
 */
export function withCursorPositions<T>(positions: ReadonlyMap<string, unknown[]>, compile: () => T): T {
  if (positions.size === 0) return compile();
  const before = boundPositions;
  boundPositions = positions;
  try {
    return compile();
  } finally {
    boundPositions = before;
  }
}

/** The ordering values a keyset cursor holds (`DC:` and the values), or null for any other cursor. */
export function cursorPosition(cursor: string): unknown[] | null {
  const bound = boundPositions?.get(cursor);
  if (bound) return bound;
  const decoded = decodeBase64(cursor);
  if (!decoded.startsWith('DC:')) return null;
  const values = decodeCursorChunk(decoded.slice(3));
  return Array.isArray(values) ? values : [values];
}

/**
 * A root connection over `table` in a fixed order (ending in the primary key), narrowed by its
 * list filter: what `drizzleConnection`'s resolver reads with `filter.where` and `orderBy`.
 */
export function filteredList<T>(table: string, filter: ListFilter<T>, orderBy: Ordering): RootConnection & { orderBy(): Ordering } {
  return {
    table,
    where: (aliased, args, _context, purpose) => {
      const given = args.filter as Record<string, unknown> | null | undefined;
      if (given && filter.nodeFields.some((name) => given[name] != null)) return null;
      return filter.where(aliased as T, given, { page: purpose === 'page' });
    },
    orderBy: () => orderBy,
    keyset: (aliased, args) => orderedKeyset(aliased, orderBy, args),
  };
}

/**
 * `after`/`before` as one row-value comparison on the ordering columns, which SQLite seeks with.
 * It matches the connection's own keyset only when every column is NOT NULL and all run the same
 * way; any other ordering is left to the resolvers.
 */
function orderedKeyset(table: SQLiteTable, orderBy: Ordering, args: Record<string, unknown>): SQL[] {
  const keys = Object.keys(orderBy);
  const columns = keys.map((key) => (table as unknown as Record<string, SQLiteColumn>)[key]);
  const directions = new Set(Object.values(orderBy));
  if (directions.size !== 1 || columns.some((column) => !column?.notNull)) throw new Error('keyset needs one direction over NOT NULL columns');
  const ascending = directions.has('asc');
  const filters: SQL[] = [];
  for (const [cursor, greater] of [
    [args.after, ascending],
    [args.before, !ascending],
  ] as const) {
    if (typeof cursor !== 'string') continue;
    const values = cursorPosition(cursor);
    if (!values || values.length !== columns.length) throw new Error('cursor of another ordering');
    const left = sql.join(columns.map((column) => sql`${column!}`), sql`, `);
    const right = sql.join(values.map((value) => sql`${value}`), sql`, `);
    filters.push(greater ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`);
  }
  return filters;
}

/** One row by its slug, as the public sees it (null when archived): `record(slug:)`, `institution(slug:)`. */
export function rowBySlug(table: RuledTable): RootObject & { where(table: unknown, args: { slug?: unknown }): SQL } {
  return {
    table,
    // A slug from a variable is a placeholder each request fills (`bound`).
    where: (aliased, args) =>
      and(eq((aliased as unknown as { slug: SQLiteColumn }).slug, is(args.slug, SQL) ? args.slug : String(args.slug)), publicRow(table, aliased))!,
    bound: ['slug'],
  };
}

/**
 * A field that returns one column as stored (`ifNull` standing in for a null): its selection,
 * resolver and SQL from one name. Spread into `t.field({ type, description, ...fromColumn('x') })`.
 */
export function fromColumn<K extends string>(column: K, options: { ifNull?: string } = {}) {
  const { ifNull } = options;
  return {
    select: { columns: { [column]: true } as Record<K, true> },
    resolve: (row: Record<K, unknown>) => (ifNull === undefined ? row[column] : (row[column] ?? ifNull)) as never,
    extensions: { sqlRead: { column, ...(ifNull === undefined ? {} : { ifNull }) } },
  };
}

/**
 * A list of one column of a related table's rows, sorted, e.g. a record's fields from its link
 * table: its selection, resolver and SQL from one relation and column name.
 */
export function linkedValues<R extends string, C extends string>(relation: R, column: C) {
  return {
    select: { with: { [relation]: { columns: { [column]: true }, orderBy: { [column]: 'asc' } } } as Record<R, { columns: Record<C, true>; orderBy: Record<C, 'asc'> }> },
    resolve: (row: Record<R, Record<C, unknown>[]>) => row[relation].map((entry) => entry[column]) as never,
    extensions: {
      pothosDrizzleLoaded: (row: Partial<Record<R, unknown>>) => row[relation] !== undefined,
      sqlRead: { linkedValues: { relation, column } },
    },
  };
}
