/**
 * SQL that builds a read operation's response JSON in SQLite (`json_object`, `json_group_array`),
 * so that a whole selection — lists, connections, relations — is ONE statement. The GraphQL side
 * (src/graphql/compiled-read.ts) walks the selection and calls these builders; relations, their
 * visibility rules (`where` on a relation) and filters come from the database's own relations
 * config through drizzle's `relationToSQL`/`relationsFilterToSQL`, so this reads exactly the rows
 * the relational query builder would.
 */
import { and, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
  One,
  relationToSQL,
  relationsFilterToSQL,
  getTableAsAliasSQL,
  type AnyRelations,
  type Relation,
  type TableRelationalConfig,
} from 'drizzle-orm/relations';
import { alias, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Locale } from './enums';
import type { Database } from './client';
import { DATA_VERSION_QUERY, dataVersionOf } from './data-version';
import { executeLast } from './meter';
import { PARSER_STACK_ENTRIES, parserDepth } from './parser-depth';

/** A table under its own alias in the statement, with its relations config. */
export interface Scope {
  name: string;
  table: SQLiteTable;
  config: TableRelationalConfig;
  columns: Record<string, SQLiteColumn>;
  /**
   * The scope's rows in a FROM clause, under its alias: the table, or once objects are read over
   * the scope (`JsonStatement.objectOf`), the view that builds them. Decided when the statement is
   * rendered, so a FROM written before its objects were compiled reads them too.
   */
  source: SQLWrapper;
}

/** The objects of one scope, built by a view of its table (see `JsonStatement.objectOf`). */
interface ObjectView {
  name: string;
  table: SQLiteTable;
  objects: SQL[];
}

/**
 * Hands out statement-unique table aliases, and keeps the subqueries the statement evaluates once
 * and the views that build its objects.
 */
export class JsonStatement {
  private next = 0;
  private readonly once: { name: string; body: SQL }[] = [];
  private readonly views = new Map<string, ObjectView>();
  constructor(readonly relations: AnyRelations) {}

  /**
   * A JSON object built over the rows of `scope`, as a column of the scope's view: the view
   * (`WITH <scope>v AS NOT MATERIALIZED (SELECT <scope>.*, <object> AS __o0 … FROM <table> AS
   * <scope>)`) takes the scope's place in every FROM that reads it, and the object is read as
   * `<scope>.__o0`. SQLite's parser has a fixed stack (about 100 entries), and every object,
   * subquery and function call an expression is nested in takes some of it: written inline, a
   * selection nested a few relations deep under a page overflowed it. As a view, each object is
   * parsed at the top of the statement, beside the others, however deep it is in the response.
   * SQLite flattens the view into each subquery that reads it (a plain SELECT of one table, used
   * in a FROM of its own), so the rows are read as before; NOT MATERIALIZED keeps a view read in
   * several places (a page's alternatives) from being computed whole. Like any value out of a
   * subquery, the column is JSON text without SQLite's JSON subtype: nest it through `json()`.
   */
  objectOf(scope: Scope, object: SQL): SQL {
    let view = this.views.get(scope.name);
    if (!view) {
      view = { name: `${scope.name}v`, table: scope.table, objects: [] };
      this.views.set(scope.name, view);
    }
    const column = `__o${view.objects.length}`;
    view.objects.push(object);
    return sql`${sql.identifier(scope.name)}.${sql.identifier(column)}`;
  }

  /**
   * A subquery that SQLite evaluates once however many places read it: a `MATERIALIZED` CTE of
   * the whole statement, named by the returned SQL (`SELECT … FROM <name>`). SQLite evaluates an
   * uncorrelated scalar subquery once per place it appears, so one written out three times ran
   * three times.
   */
  evaluatedOnce(body: SQL): SQL {
    const name = `once${this.once.length}`;
    this.once.push({ name, body });
    return sql.raw(name);
  }

  /**
   * The whole statement: `data` as column `data`, after the once-evaluated subqueries. They lead
   * the statement rather than wrap the data in another subquery: SQLite's parser has a fixed
   * depth, and a nested selection under a filtered list already came close to it.
   */
  statementOf(data: SQL): SQL {
    const once = this.once.map(({ name, body }) => sql`${sql.raw(name)} AS MATERIALIZED (${body})`);
    const views = [...this.views.entries()].map(
      ([alias, view]) =>
        sql`${sql.identifier(view.name)} AS NOT MATERIALIZED (SELECT ${sql.identifier(alias)}.*, ${sql.join(
          view.objects.map((object, index) => sql`${object} AS ${sql.identifier(`__o${index}`)}`),
          sql`, `,
        )} FROM ${getTableAsAliasSQL(view.table as never)})`,
    );
    const ctes = [...once, ...views];
    if (ctes.length === 0) return sql`SELECT ${data} AS data`;
    return sql`WITH ${sql.join(ctes, sql`, `)} SELECT ${data} AS data`;
  }

  scope(tableName: string): Scope {
    const config = this.relations[tableName];
    if (!config) throw new Error(`no table ${tableName}`);
    const name = `j${this.next++}`;
    const table = alias(config.table as SQLiteTable, name) as unknown as SQLiteTable;
    const views = this.views;
    const source: SQLWrapper & { shouldOmitSQLParens(): boolean } = {
      getSQL: () => {
        const view = views.get(name);
        return view ? sql`${sql.identifier(view.name)} AS ${sql.identifier(name)}` : getTableAsAliasSQL(table as never);
      },
      shouldOmitSQLParens: () => true,
    };
    return { name, table, config, columns: table as unknown as Record<string, SQLiteColumn>, source };
  }
}

/** `json_object(k1, v1, …)` from already-built value expressions. Nested JSON is passed through `json()`. */
export function jsonObject(pairs: readonly (readonly [string, SQL])[]): SQL {
  if (pairs.length === 0) return sql`json_object()`;
  return sql`json_object(${sql.join(
    pairs.map(([key, value]) => sql`${sql.raw(quoteString(key))}, ${value}`),
    sql`, `,
  )})`;
}

/** A nested JSON value coming out of a subquery, which loses SQLite's JSON subtype on the way. */
export const nested = (subquery: SQL): SQL => sql`json((${subquery}))`;

export const literal = (value: string | number | boolean | null): SQL => {
  if (value === null) return sql`null`;
  if (typeof value === 'boolean') return sql.raw(`json('${value}')`);
  if (typeof value === 'number') return sql.raw(String(value));
  return sql.raw(quoteString(value));
};

/** A GraphQL Boolean from an integer column. */
export const booleanColumn = (column: SQLiteColumn): SQL =>
  sql`(CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN json('true') ELSE json('false') END)`;

/** A SQL string literal. */
export const quoteString = (value: string) => `'${value.replaceAll("'", "''")}'`;

const SUFFIX: Record<Locale, string> = { ZH_HANS: 'ZhHans', ZH_HANT: 'ZhHant', EN: 'En' };

/** A localised text in `order`, skipping empty texts (src/graphql/localized.ts' `pickLocale`). */
export function localizedText(scope: Scope, property: string, order: readonly Locale[], fallback: '' | null): SQL {
  const parts = order.map((locale) => sql`nullif(${scope.columns[`${property}${SUFFIX[locale]}`]!}, '')`);
  return sql`coalesce(${sql.join(parts, sql`, `)}, ${fallback === null ? sql`null` : sql.raw("''")})`;
}

const SCRIPT_SUFFIX = { zhHans: 'ZhHans', zhHant: 'ZhHant', en: 'En' } as const;

/** One script's column of a localised text. */
export const localizedScript = (scope: Scope, property: string, script: keyof typeof SCRIPT_SUFFIX): SQL =>
  sql`${scope.columns[`${property}${SCRIPT_SUFFIX[script]}`]!}`;

/** `object`, or null when the text is missing in every script (a nullable `…Translations`). */
export function unlessAllMissing(scope: Scope, property: string, object: SQL): SQL {
  const missing = (Object.keys(SCRIPT_SUFFIX) as (keyof typeof SCRIPT_SUFFIX)[]).map((script) => sql`${localizedScript(scope, property, script)} IS NULL`);
  return sql`(CASE WHEN ${sql.join(missing, sql` AND `)} THEN NULL ELSE ${object} END)`;
}

/** A stored full date cut to the precision the sources vouch for (`truncateDate` in the record type). */
export function partialDate(scope: Scope, property: string): SQL {
  const precision = scope.columns.datePrecision!;
  return sql`substr(${scope.columns[property]!}, 1, CASE ${precision} WHEN 'YEAR' THEN 4 WHEN 'MONTH' THEN 7 ELSE 10 END)`;
}

/** `'Type:' || key`, base64-encoded into a global ID after the statement (SQLite has no base64). */
export const globalIdSource = (typename: string, key: SQLiteColumn): SQL => sql`${sql.raw(quoteString(`${typename}:`))} || ${key}`;

/** A relational-query `orderBy` object (`{ column: 'asc' | 'desc' }`) over a scope, as SQL. */
export function orderBySql(scope: Scope, orderBy: Record<string, 'asc' | 'desc'>): SQL {
  return sql.join(
    Object.entries(orderBy).map(([key, direction]) => sql`${scope.columns[key]!} ${sql.raw(direction === 'asc' ? 'ASC' : 'DESC')}`),
    sql`, `,
  );
}

/** A relational-query `where` object over a scope, through drizzle's own translation. */
export function whereSql(statement: JsonStatement, scope: Scope, where: Record<string, unknown> | undefined): SQL | undefined {
  if (!where) return undefined;
  return relationsFilterToSQL(scope.table as never, where as never, scope.config.relations, statement.relations);
}

export interface RelationRead {
  /** The target table's scope, for building the selected value over it. */
  target: Scope;
  /** FROM … WHERE … (join to the parent, the relation's own `where`, the field's `where`). */
  from: SQL;
  where: SQL | undefined;
  /**
   * The same FROM over the table itself, never the view of the target's objects: for reading the
   * rows without them (a count), which would otherwise expand the view and everything it nests
   * once more at each level.
   */
  tableFrom: SQL;
  one: boolean;
}

/** The rows a relation of `parent` reaches, as drizzle's relational queries read them. */
export function relationRead(
  statement: JsonStatement,
  parent: Scope,
  name: string,
  fieldWhere: Record<string, unknown> | undefined,
): RelationRead | null {
  const relation = parent.config.relations[name] as Relation | undefined;
  if (!relation) return null;
  const target = statement.scope(relation.targetTableName);
  const through = relation.throughTable ? alias(relation.throughTable as SQLiteTable, `${target.name}t`) : undefined;
  const { filter, joinCondition } = relationToSQL(relation, parent.table as never, target.table as never, through as never);
  const fromOf = (source: SQLWrapper) => (through ? sql`${source} INNER JOIN ${getTableAsAliasSQL(through as never)} ON ${joinCondition}` : sql`${source}`);
  return {
    target,
    from: fromOf(target.source),
    tableFrom: fromOf(getTableAsAliasSQL(target.table as never)),
    where: and(filter, whereSql(statement, target, fieldWhere)),
    one: relation instanceof One,
  };
}

/** `FROM` of a root list: the table (or the view of its objects) under its alias. */
export const tableFrom = (scope: Scope): SQL => sql`${scope.source}`;

/** A single related object (or null). */
export function oneObject(read: { from: SQL; where: SQL | undefined }, object: SQL): SQL {
  return nested(sql`SELECT ${object} FROM ${read.from}${read.where ? sql` WHERE ${read.where}` : sql``} LIMIT 1`);
}

/** A list of related objects in order. */
export function objectList(read: { from: SQL; where: SQL | undefined }, object: SQL, orderBy: SQL | undefined, limit?: number): SQL {
  return nested(
    sql`SELECT json_group_array(json(x.v)) FROM (SELECT ${object} AS v FROM ${read.from}${read.where ? sql` WHERE ${read.where}` : sql``}${
      orderBy ? sql` ORDER BY ${orderBy}` : sql``
    }${limit !== undefined ? sql` LIMIT ${sql.raw(String(limit))}` : sql``}) AS x`,
  );
}

/** One column of the related rows as a JSON array of plain values, in the column's order. */
export function valueList(read: { from: SQL; where: SQL | undefined }, column: SQLiteColumn): SQL {
  return nested(
    sql`SELECT json_group_array(x.v) FROM (SELECT ${column} AS v FROM ${read.from}${read.where ? sql` WHERE ${read.where}` : sql``} ORDER BY ${column} ASC) AS x`,
  );
}

/** What a connection page needs besides its rows' JSON. */
export interface PageParts {
  /** Row-level JSON of a node for `nodes`, over the target scope. */
  node?: SQL;
  /** Row-level JSON of a node for `edges { node }`, when its selection differs. */
  edgeNode?: SQL;
  /** Cursor values of a row (its ordering columns), as a JSON array. */
  cursor: SQL;
  /** Rows in the page; the statement reads one more to know whether a next page exists. */
  size: number;
}

/**
 * One page of a connection as a JSON object of aggregates over `size + 1` ordered rows: `nodes`,
 * `edgeNodes` and `cursors` (raw ordering values, encoded after the statement). The row beyond
 * the page only says whether a next page exists; the GraphQL side drops it. (No window function:
 * numbering the rows made SQLite sort the page into a temporary b-tree once more.)
 */
export function connectionPage(read: { from: SQL; where: SQL | undefined; alternatives?: readonly PlanAlternative[] }, orderBy: SQL, parts: PageParts): SQL {
  const rows = (where: SQL | undefined, limit: SQL) =>
    sql`SELECT ${parts.node ?? sql`null`} AS v, ${parts.edgeNode ?? sql`null`} AS e, ${parts.cursor} AS c FROM ${read.from}${
      where ? sql` WHERE ${where}` : sql``
    } ORDER BY ${orderBy} LIMIT ${limit}`;
  const size = sql.raw(String(parts.size + 1));
  // Alternatives: each reads the page its own way; their limits let exactly one of them read rows.
  const page = read.alternatives
    ? sql.join(
        read.alternatives.map((alternative) => sql`SELECT * FROM (${rows(alternative.where, sql`(CASE WHEN ${alternative.when} THEN ${size} ELSE 0 END)`)})`),
        sql` UNION ALL `,
      )
    : rows(read.where, size);
  // Which alternative read the page, named in the page's JSON (for tests and plans; not in the response).
  const readBy = read.alternatives
    ? sql`, 'readBy', CASE ${sql.join(
        read.alternatives.map((alternative) => sql`WHEN ${alternative.when} THEN ${sql.raw(quoteString(alternative.name))}`),
        sql` `,
      )} END`
    : sql``;
  return nested(
    sql`SELECT json_object('nodes', ${parts.node ? sql`json_group_array(json(p.v))` : sql`json_array()`}, 'edgeNodes', ${
      parts.edgeNode ? sql`json_group_array(json(p.e))` : sql`json_array()`
    }, 'cursors', json_group_array(json(p.c))${readBy}) FROM (${page}) AS p`,
  );
}

/**
 * One way of reading a page, taken when `when` holds (a condition on no row: SQLite tests it
 * once, as the LIMIT, before reading any row). The alternatives of a page must exclude each other.
 */
export interface PlanAlternative {
  /** How it reads the page, e.g. `walk` or `sort`. */
  name: string;
  where: SQL | undefined;
  when: SQL;
}

/** One index seek of a keyset page: its own scope's rows, condition and ordering. */
export interface SeekBranch {
  from: SQL;
  where: SQL | undefined;
  /** Absent for a branch that takes all its rows (its limit then says how many there are). */
  orderBy?: SQL;
  /** The row's key (its integer primary key). */
  key: SQL;
  /** How many rows it reads: a page and one more unless given (e.g. gated by a decision on no row). */
  limit?: SQL;
}

/**
 * `key IN (…)`: the keys a page past a keyset position can hold, each branch an index seek of at
 * most one page. SQLite seeks a row-value comparison `(a, id) < (x, y)` on `a` alone when `id` is
 * the rowid, then walks every row that shares `x` (a deep page among 40k records of one date:
 * 9 ms); `a = x AND id < y` and `a < x` are each a seek. The page still applies its whole filter,
 * keyset and ordering to these candidates, so it reads the same rows.
 */
export function seekCandidates(key: SQL, branches: readonly SeekBranch[], size: number): SQL {
  return sql`${key} IN (${branchKeys(branches, size)})`;
}

/** The keys the branches read, one subquery (`SELECT k … UNION ALL …`). */
export function branchKeys(branches: readonly SeekBranch[], size: number): SQL {
  const limit = sql.raw(String(size + 1));
  return sql.join(
    branches.map(
      (branch) =>
        sql`SELECT k FROM (SELECT ${branch.key} AS k FROM ${branch.from}${branch.where ? sql` WHERE ${branch.where}` : sql``}${
          branch.orderBy ? sql` ORDER BY ${branch.orderBy}` : sql``
        } LIMIT ${branch.limit ?? limit})`,
    ),
    sql` UNION ALL `,
  );
}

/** `count(*)` of the rows a list reads (its where, no page). */
export function rowCount(read: { from: SQL; where: SQL | undefined }): SQL {
  return sql`(SELECT count(*) FROM ${read.from}${read.where ? sql` WHERE ${read.where}` : sql``})`;
}

/** How a list's `totalCount` is read: its rows, and what may answer without counting them all. */
export interface CountRead {
  from: SQL;
  where: SQL | undefined;
  /**
   * A count known otherwise (counters, or a count up to a cap that the statement makes anyway):
   * `count` is the total whenever `exact` holds, both read from `from` if given.
   */
  known?: { from?: SQL; exact: SQL; count: SQL };
}

/**
 * The exact number of rows a list reads: the known count when it is exact, else every row
 * counted. SQLite evaluates only the CASE branch taken.
 */
export function exactCount(read: CountRead): SQL {
  const full = rowCount(read);
  const known = read.known;
  if (!known) return full;
  return sql`(SELECT CASE WHEN ${known.exact} THEN ${known.count} ELSE ${full} END${known.from ? sql` FROM ${known.from}` : sql``})`;
}

/** The text and parameters of a statement. */
function renderJsonStatementText(db: Database, statement: SQL): { sql: string; params: unknown[] } {
  return (db as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(statement);
}

/** A statement SQLite's parser would refuse as too deeply nested (src/db/parser-depth.ts); the read is the resolvers'. */
export class StatementTooDeep extends Error {}

/**
 * Renders once, for caching by document: the text and parameters of the statement. A statement
 * estimated to overflow SQLite's parser stack is refused here, so that its read goes to the
 * resolvers at once instead of after a failed statement, every time.
 */
export function renderJsonStatement(db: Database, statement: JsonStatement, data: SQL): { sql: string; params: unknown[] } {
  const query = renderJsonStatementText(db, statement.statementOf(data));
  const depth = parserDepth(query.sql);
  if (depth > PARSER_STACK_ENTRIES) throw new StatementTooDeep(`estimated to take ${depth} of the ${PARSER_STACK_ENTRIES} entries of SQLite's parser stack`);
  return query;
}

/**
 * Runs a rendered statement together with the data version (src/db/data-version.ts), as one batch
 * and one round trip: the version the response was read at, for its ETag.
 */
export async function runRenderedWithDataVersion(db: Database, query: { sql: string; params: unknown[] }): Promise<{ data: string; version: string }> {
  const version = renderJsonStatementText(db, DATA_VERSION_QUERY);
  const [versionRows, dataRows] = await db.$client.batch([{ sql: version.sql, args: version.params as never }, { sql: query.sql, args: query.params as never }], 'read');
  return { data: String(dataRows?.rows[0]?.data ?? 'null'), version: dataVersionOf(versionRows?.rows[0] as { version?: unknown } | undefined) };
}

/**
 * Runs a rendered statement. `atOnce` (prepared reads, which issue nothing else) sends it without
 * waiting for the batch window; within the pipeline it waits, so that reads issued around it — the
 * response cache's version check — share its round trip (sent at once, a cache miss cost more).
 */
export async function runRendered(db: Database, query: { sql: string; params: unknown[] }, { atOnce = false } = {}): Promise<string> {
  const statement = { sql: query.sql, args: query.params as never };
  const result = await (atOnce ? executeLast(db.$client, statement) : db.$client.execute(statement));
  return String(result.rows[0]?.data ?? 'null');
}
