/**
 * The compiled read path: a read operation whose every field says how it is read in SQL becomes
 * ONE SQLite statement that builds the JSON of `data` (src/db/json-read.ts); anything else runs
 * the ordinary resolvers. Pothos stays the single source of truth:
 * - exposed columns need nothing more (`pothosExposedField` on a drizzle type);
 * - relations and related connections are read through the field's own `pothosDrizzleSelect`
 *   (its `where`, `orderBy`, page size) and the database's relations config (joins and the
 *   relation-level `where`, e.g. archived-row visibility);
 * - custom fields declare their SQL next to themselves with `extensions: { sqlRead: … }`.
 * Values are passed through each type's own `serialize` after the statement, and a null where the
 * schema promises a value sends the operation to the resolvers, so errors stay theirs. Fields with
 * auth scopes, unknown arguments or anything unrecognised are never compiled. Plans are cached
 * per document, locale and viewer kind, and by the variables they read (src/graphql/plan-variables.ts):
 * a lookup by ID, a page after a cursor or a filtered list is one plan whatever the ID, cursor or
 * filter values.
 */
import { decodeBase64, encodeBase64, encodeCursorChunk, encodeCursorTuple } from '@pothos/core';
import { decodeGlobalID, offsetToCursor } from '@pothos/plugin-relay';
import { and, eq, getColumns, is, isNull, sql, SQL } from 'drizzle-orm';
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type ValueNode,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLLeafType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { AnyRelations } from 'drizzle-orm/relations';
import { decodeCanonicalGlobalID, decodedNodeIdOf, isWellFormedCursor } from './relay-arguments';
import type { FilterBinding } from './list-filter';
import { cursorPosition, withCursorPositions } from './sql-reads';
import { coercedVariables, VariableReads, type PlanDependencies, type Projection } from './plan-variables';
import { hasScope, type Context } from '../context';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../limits';
import type { Locale } from '../db/enums';
import { columnJson, exactReal } from '../db/json-numbers';
import {
  booleanColumn,
  connectionPage,
  globalIdSource,
  jsonObject,
  JsonStatement,
  literal,
  localizedText,
  localizedScript,
  nested,
  unlessAllMissing,
  oneObject,
  objectList,
  valueList,
  orderBySql,
  partialDate,
  relationRead,
  renderJsonStatement,
  exactCount,
  seekCandidates,
  branchKeys,
  tableFrom,
  type CountRead,
  type PlanAlternative,
  type Scope,
  type SeekBranch,
} from '../db/json-read';
import { countersCurrent } from '../db/counters';
import { BoundValue, filterGiven, type ConditionScope } from '../db/filters';
import { CHECKED_TYPES } from '../db/node-lookup';
import { isRuledTable, visibleRow, type RuledTable } from '../db/visibility';
import { matchedTerms, searchMatch, searchPageJson, snippetProperties, type SearchableType, type SearchMatch } from '../db/search';
import { snippetFor, type Snippet } from '../db/snippets';
import { searchQueryShape, type SearchRequest } from './search';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

/** How a custom field is read in SQL; set as `extensions: { sqlRead }` on the field. */
export type SqlRead =
  | { localized: string; nullable: boolean }
  | { localizedTranslations: string; nullable: boolean }
  | { partialDate: string }
  | { column: string; ifNull?: string }
  | { linkedValues: { relation: string; column: string } }
  | { rootConnection: RootConnection }
  | { rootList: RootList }
  | { rootObject: RootObject }
  | { search: SearchRead }
  | { aggregates: true }
  | { rows: RowsRead }
  | { rowValue: string }
  | { rowRelated: { table: string; column: string; value: string } }
  | { relatedCount: RelatedCount };

/**
 * A connection over a relation whose public `totalCount` the live-row counters can tell: the count
 * for the parent row (its scope's columns) and the field's arguments, valid while the counters are
 * current (`liveLinkRowsSql`), or null when they cannot tell it. Not used for callers who see
 * archived rows, whom the counters do not count for.
 */
export type RelatedCount = (parent: Record<string, SQLiteColumn>, args: Record<string, unknown>) => SQL | null;

/**
 * A field whose value is read from the rows of a statement (e.g. counts grouped by a column): a
 * list field makes one object of each row, in the statement's order; any other field, of its one
 * row. The row objects' fields read its columns: exposed ones by their name, others by `rowValue`,
 * and `rowRelated` reads the row of another table that a column names. Null: the resolvers answer.
 */
export type RowsRead = (args: Record<string, unknown>) => SQL | null;

/** A root list read from one table: its filter, its ordering and (for `after`/`before`) its keyset. */
export interface RootConnection {
  table: string;
  /**
   * The list's filter; `page` when it selects a page in order, `count` for `totalCount`. `once`
   * evaluates a query once for the statement (see `ConditionScope.once`).
   */
  where(table: SQLiteTable, args: Record<string, unknown>, context: Context, purpose: 'page' | 'count', options?: Pick<ConditionScope, 'once'>): SQL | null;
  orderBy(args: Record<string, unknown>): Record<string, 'asc' | 'desc'>;
  keyset?(table: SQLiteTable, args: Record<string, unknown>): SQL[];
  /** The list's exact count from the live-row counters, or null when they cannot tell it (`liveCountSql`). */
  counted?(args: Record<string, unknown>): SQL | null;
  /**
   * Where they cannot tell it, a count the list's matches reach at least, from the counters (e.g.
   * the most records of one of several countries listed), or null: when it reaches the cap of a
   * bounded count, the matches are not counted to decide how to read a page.
   */
  countedAtLeast?(args: Record<string, unknown>): SQL | null;
  /**
   * From the counters, the rows that collecting the matches through the count form reads where
   * that can be far more than the matches: a link filter with others, where SQLite walks the
   * other filters' index and probes the link's values (events since 2022 in a rare country: all
   * those events). Null where the count form reads about the matches only.
   */
  enumerated?(args: Record<string, unknown>): SQL | null;
  /**
   * From the counters, the rows a walk for a page passes at most where that is fewer than the
   * table's: a list split in parts (`parts`) walks only its parts' rows. Null: the whole table.
   */
  walked?(args: Record<string, unknown>): SQL | null;
  /**
   * The list's rows split in parts by the values of one list filter (a record's kinds), each part
   * read in page order from an index that leads with that column: `args` narrow the filter to
   * the part, `seek` is the condition its index seeks. Null: not split (see `partsMerged`).
   */
  parts?(args: Record<string, unknown>): ListPart[] | null;
}

/** One part of a list split by a filter's values (`RootConnection.parts`). */
export interface ListPart {
  args: Record<string, unknown>;
  seek(table: SQLiteTable): SQL;
}

/** A root field listing every row of a table in a fixed order (no page, no arguments). */
export interface RootList {
  table: string;
  orderBy: Record<string, 'asc' | 'desc'>;
}

/** A root field answering one row (or null) of a table, e.g. by its slug. */
export interface RootObject {
  table: string;
  /**
   * The row's filter. The arguments named in `bound` are only ever a value of the filter: when a
   * variable gives one, it arrives here as a statement placeholder (SQL) for each request to fill.
   */
  where(table: SQLiteTable, args: Record<string, unknown>): SQL;
  bound?: readonly string[];
}

/** How `search` reads its page (src/graphql/search.ts): the same window and placement as its resolver. */
export interface SearchRead {
  /** The window of the page; throws for input the resolvers refuse. */
  window(args: never): SearchRequest;
  /** Where the page's hits (those whose rows are there) start among all matches, and which are on it. */
  place<Hit>(window: SearchRequest, found: readonly Hit[], totalCount: number): { start: number; hits: Hit[] };
}

/** The order in which scripts are tried (src/graphql/localized.ts). */
const FALLBACK: Record<Locale, readonly Locale[]> = {
  ZH_HANS: ['ZH_HANS', 'ZH_HANT', 'EN'],
  ZH_HANT: ['ZH_HANT', 'ZH_HANS', 'EN'],
  EN: ['EN', 'ZH_HANS', 'ZH_HANT'],
};

class Unsupported extends Error {}
/** The statement's data needs the resolvers after all (a null where the schema promises a value). */
export class NeedsResolvers extends Error {}

const unsupported = (why: string): never => {
  throw new Unsupported(why);
};

type Finish = (value: unknown) => unknown;
interface Compiled {
  sql: SQL;
  finish: Finish;
}

export interface Plan {
  query: { sql: string; params: unknown[] };
  finish(data: unknown): Record<string, unknown>;
  /**
   * Root fields the statement leaves to the resolvers (fields without SQL, such as `rateLimit`):
   * the operation cut down to them, and every root response key in the operation's order, for
   * putting the two parts' data together.
   */
  resolved?: { document: DocumentNode; keys: ReadonlySet<string>; order: readonly string[] };
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  /** The coerced variables, each read recorded (`reads`). */
  variables: Record<string, unknown>;
  reads: VariableReads;
  context: Context;
  statement: JsonStatement;
  admin: boolean;
}

type Extensions = {
  pothosExposedField?: string;
  pothosDrizzleSelect?: unknown;
  pothosDrizzleLoaded?: unknown;
  pothosDrizzleTable?: { name: string };
  pothosOptions?: { authScopes?: unknown; extensions?: { sqlRead?: SqlRead }; resolve?: unknown };
};
const extensionsOf = (value: { extensions?: unknown }) => (value.extensions ?? {}) as Extensions;
const sqlReadOf = (field: GraphQLField<unknown, unknown>) => (field.extensions as { sqlRead?: SqlRead } | undefined)?.sqlRead;

// ------------------------------------------------------------------------------------------------
// Selections

function included(walk: Walk, node: { directives?: readonly unknown[] } & Parameters<typeof getDirectiveValues>[1]): boolean {
  if (!node.directives?.length) return true;
  const skip = getDirectiveValues(GraphQLSkipDirective, node, walk.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, walk.variables);
  return include?.if !== false;
}

function conditionMatches(walk: Walk, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true;
  const conditional = walk.schema.getType(condition);
  return !!conditional && isAbstractType(conditional) && walk.schema.isSubType(conditional, type);
}

/** The fields a selection asks of an object of `type`, grouped by response key (graphql-js' rules). */
function collectFields(walk: Walk, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(walk, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = fields.get(key);
        if (list) list.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (conditionMatches(walk, selection.typeCondition?.name.value, type)) visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = walk.fragments[name];
        if (fragment && conditionMatches(walk, fragment.typeCondition.name.value, type)) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}

const subSets = (nodes: readonly FieldNode[]) => nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

// ------------------------------------------------------------------------------------------------
// Finishing values after the statement

function nullable(type: GraphQLOutputType, finish: Finish): Finish {
  const nonNull = isNonNullType(type);
  return (value) => {
    if (value === null || value === undefined) {
      if (nonNull) throw new NeedsResolvers();
      return null;
    }
    return finish(value);
  };
}

function leafFinish(type: GraphQLOutputType, transform?: (value: unknown) => unknown): Finish {
  const named = getNamedType(type) as GraphQLLeafType;
  const inner = getNullableType(type);
  const serialize = (value: unknown) => {
    try {
      return named.serialize(transform ? transform(value) : value);
    } catch {
      throw new NeedsResolvers();
    }
  };
  if (isListType(inner)) {
    const item = nullable(inner.ofType, serialize);
    return nullable(type, (value) => (value as unknown[]).map(item));
  }
  return nullable(type, serialize);
}

function objectFinish(entries: readonly (readonly [string, Finish])[]): Finish {
  return (value) => {
    const object = value as Record<string, unknown>;
    for (const [key, finish] of entries) object[key] = finish(object[key]);
    return object;
  };
}

// ------------------------------------------------------------------------------------------------
// Objects of drizzle-backed types

/** A leaf field's column in the response JSON: a Boolean from its integer, a REAL with every digit. */
function leafColumn(named: GraphQLNamedType, column: SQLiteColumn): SQL {
  return named.name === 'Boolean' ? booleanColumn(column) : columnJson(column);
}

function assertNoAuth(value: { extensions?: unknown }): void {
  if (extensionsOf(value).pothosOptions?.authScopes !== undefined) unsupported('auth scopes');
}

/** The table's one primary-key column (under the scope's alias); undefined for a composite key. */
function singleKey(scope: Scope): SQLiteColumn | undefined {
  const property = singleKeyProperty(scope);
  return property === undefined ? undefined : scope.columns[property];
}

/** The property of the table's one primary-key column; undefined for a composite key. */
function singleKeyProperty(scope: Scope): string | undefined {
  const keys = Object.entries(getColumns(scope.config.table as SQLiteTable) as Record<string, SQLiteColumn>).filter(([, column]) => column.primary);
  return keys.length === 1 ? keys[0]![0] : undefined;
}

function primaryKey(scope: Scope): SQLiteColumn {
  return singleKey(scope) ?? unsupported('composite key');
}

/**
 * A selection on `type` as one JSON object: `__typename` as its name, every other field as
 * `compile` reads it.
 */
function compileSelection(
  walk: Walk,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  compile: (field: GraphQLField<unknown, unknown>, fieldNodes: readonly FieldNode[]) => Compiled,
): Compiled {
  const pairs: [string, SQL][] = [];
  const finishers: [string, Finish][] = [];
  for (const [key, fieldNodes] of collectFields(walk, type, selectionSets)) {
    const name = fieldNodes[0]!.name.value;
    if (name === '__typename') {
      pairs.push([key, literal(type.name)]);
      continue;
    }
    const field = type.getFields()[name] ?? unsupported(`no field ${type.name}.${name}`);
    const compiled = compile(field, fieldNodes);
    pairs.push([key, compiled.sql]);
    finishers.push([key, compiled.finish]);
  }
  return { sql: jsonObject(pairs), finish: objectFinish(finishers) };
}

function compileObject(walk: Walk, type: GraphQLObjectType, scope: Scope, nodes: readonly FieldNode[]): Compiled {
  assertNoAuth(type);
  const table = extensionsOf(type).pothosDrizzleTable;
  if (!table || table.name !== scope.config.name) unsupported(`${type.name} is not read from ${scope.config.name}`);
  const object = compileSelection(walk, type, subSets(nodes), (field, fieldNodes) => compileField(walk, type, scope, field, fieldNodes));
  // Built by the scope's view, so that its depth in the response adds nothing to the parser's stack.
  return { sql: walk.statement.objectOf(scope, object.sql), finish: object.finish };
}

function compileField(walk: Walk, parent: GraphQLObjectType, scope: Scope, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): Compiled {
  assertNoAuth(field);
  const extensions = extensionsOf(field);
  const args = getArgumentValues(field, nodes[0]!, walk.variables);
  const named = getNamedType(field.type);

  if (extensions.pothosExposedField) {
    if (field.args.length > 0) unsupported('exposed field with arguments');
    const column = scope.columns[extensions.pothosExposedField] ?? unsupported(`no column ${extensions.pothosExposedField}`);
    if (!isLeafType(named) || isListType(getNullableType(field.type))) unsupported('exposed non-leaf');
    return { sql: leafColumn(named, column), finish: leafFinish(field.type) };
  }

  if (field.name === 'id' && named.name === 'ID' && parent.getInterfaces().some((i) => i.name === 'Node')) {
    return { sql: globalIdSource(parent.name, primaryKey(scope)), finish: leafFinish(field.type, (value) => encodeBase64(String(value))) };
  }

  const declared = sqlReadOf(field);
  if (declared && 'localized' in declared) {
    const locale = (args.locale as Locale | null | undefined) ?? walk.context.locale;
    return { sql: localizedText(scope, declared.localized, FALLBACK[locale], declared.nullable ? null : ''), finish: leafFinish(field.type) };
  }
  if (declared && 'localizedTranslations' in declared) {
    const textType = getNamedType(field.type) as GraphQLObjectType;
    const pairs: [string, SQL][] = [];
    const finishers: [string, Finish][] = [];
    for (const [key, fieldNodes] of collectFields(walk, textType, subSets(nodes))) {
      const name = fieldNodes[0]!.name.value;
      if (name === '__typename') pairs.push([key, literal(textType.name)]);
      else if (name === 'zhHans' || name === 'zhHant' || name === 'en') {
        pairs.push([key, localizedScript(scope, declared.localizedTranslations, name)]);
        finishers.push([key, leafFinish(textType.getFields()[name]!.type)]);
      } else unsupported(`LocalizedText.${name}`);
    }
    const object = jsonObject(pairs);
    return {
      sql: declared.nullable ? unlessAllMissing(scope, declared.localizedTranslations, object) : object,
      finish: nullable(field.type, objectFinish(finishers)),
    };
  }
  if (declared && 'column' in declared) {
    const column = scope.columns[declared.column] ?? unsupported(`no column ${declared.column}`);
    const value = leafColumn(named, column);
    return { sql: declared.ifNull === undefined ? value : sql`coalesce(${value}, ${literal(declared.ifNull)})`, finish: leafFinish(field.type) };
  }
  if (declared && 'linkedValues' in declared) {
    const { relation, column } = declared.linkedValues;
    const read = relationRead(walk.statement, scope, relation, undefined) ?? unsupported(`no relation ${relation}`);
    const value = read.target.columns[column] ?? unsupported(`no column ${column}`);
    return { sql: valueList(read, value), finish: leafFinish(field.type) };
  }
  if (declared && 'partialDate' in declared) {
    return { sql: partialDate(scope, declared.partialDate), finish: leafFinish(field.type) };
  }

  if (isSelection(extensions.pothosDrizzleSelect)) return compileResolvedFromSelection(walk, scope, field, nodes, args, extensions.pothosDrizzleSelect);
  if (typeof extensions.pothosDrizzleSelect === 'function' && !extensions.pothosDrizzleLoaded) {
    // A select that depends on the arguments (not a relation's): what it names for these. Without
    // the request's context: the plan serves other requests (a select that reads it is refused).
    const planned = (extensions.pothosDrizzleSelect as DrizzleSelect)(args, NO_CONTEXT, (query) => query, () => new Set(), undefined);
    if (!isSelection(planned) || planned instanceof Promise) return unsupported('asynchronous selection');
    return compileResolvedFromSelection(walk, scope, field, nodes, args, planned);
  }
  if (typeof extensions.pothosDrizzleSelect === 'function' && extensions.pothosDrizzleLoaded) {
    const counted = declared && 'relatedCount' in declared ? declared.relatedCount : undefined;
    return isConnectionType(named) ? compileRelatedConnection(walk, scope, field, nodes, args, counted) : compileRelation(walk, scope, field, nodes, args);
  }
  return unsupported(`${parent.name}.${field.name} has no SQL`);
}

// ------------------------------------------------------------------------------------------------
// Fields computed by their resolver from what their `select` names

/** A field's fixed plugin-drizzle `select`: the columns and relations its resolver reads. */
interface Selection {
  columns?: Record<string, unknown>;
  with?: Record<string, unknown>;
  extras?: unknown;
  where?: unknown;
  orderBy?: unknown;
  limit?: unknown;
  offset?: unknown;
}

const isSelection = (value: unknown): value is Selection => typeof value === 'object' && value !== null && !Array.isArray(value);

type Resolver = (parent: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;

/**
 * What a resolver run after the statement gets as its context: nothing. One that reads it (or
 * `info`) throws, and the operation goes to the resolvers.
 */
const NO_CONTEXT = new Proxy(
  {},
  {
    get() {
      throw new NeedsResolvers();
    },
  },
);

/**
 * A row as the resolver would get it, holding only what the `select` named: reading anything else
 * sends the operation to the resolvers, rather than answering from a value that is not there.
 */
function selectedRow(row: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(row, {
    get(target, property, receiver) {
      if (typeof property === 'string' && !Reflect.has(target, property)) throw new NeedsResolvers();
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/** A field's own resolver, when it can run after the statement: synchronous, and not behind auth scopes. */
function syncResolverOf(field: GraphQLField<unknown, unknown>): Resolver {
  assertNoAuth(field);
  const resolve = extensionsOf(field).pothosOptions?.resolve;
  if (typeof resolve !== 'function') return unsupported(`${field.name} has no resolver`);
  if (resolve.constructor.name === 'AsyncFunction') unsupported(`${field.name} resolves asynchronously`);
  return resolve as Resolver;
}

/** The resolver's value for `parent`; anything but a plain value (a throw, a promise) is the resolvers' to answer. */
function resolvedValue(resolve: Resolver, parent: unknown, args: Record<string, unknown>): unknown {
  let value: unknown;
  try {
    value = resolve(parent, args, NO_CONTEXT, undefined);
  } catch {
    throw new NeedsResolvers();
  }
  if (typeof (value as { then?: unknown } | null)?.then === 'function') {
    (value as Promise<unknown>).then(undefined, () => {});
    throw new NeedsResolvers();
  }
  return value;
}

/**
 * The rows a `select` names over `scope` (its columns and relations, each relation with its own
 * `where`, order and limit, through the relations config as lists read them) as one JSON value,
 * and how to turn it back into the row drizzle would have loaded: driver values mapped by each
 * column, relations as rows or lists of rows.
 */
function selectionJson(walk: Walk, scope: Scope, selection: Selection, related = false): Compiled {
  if (selection.offset !== undefined) unsupported('selection with an offset');
  const pairs: [string, SQL][] = [];
  const decoders: [string, Finish][] = [];
  const columns = getColumns(scope.table) as Record<string, SQLiteColumn>;
  // A related row without `columns` would have all of them, blobs and JSON text included: left to
  // drizzle. The field's own row has the ones it names (added to what the parent's type selects).
  if (related && selection.columns === undefined) unsupported('related rows with every column');
  for (const [property, wanted] of Object.entries(selection.columns ?? {})) {
    if (wanted !== true) unsupported('selection of columns left out');
    const column = columns[property] ?? unsupported(`no column ${property}`);
    pairs.push([property, columnJson(scope.columns[property]!)]);
    decoders.push([property, (value) => (value === null || value === undefined ? null : column.mapFromDriverValue(value))]);
  }
  if (selection.extras !== undefined && (typeof selection.extras !== 'object' || selection.extras === null)) unsupported('extras of another shape');
  for (const [name, extra] of Object.entries((selection.extras ?? {}) as Record<string, unknown>)) {
    // Drizzle's extras: SQL over the row's table, here the parent's columns under their alias.
    const value = typeof extra === 'function' ? (extra as (table: unknown, operators: { sql: typeof sql }) => unknown)(scope.columns, { sql }) : extra;
    if (!is(value, SQL)) unsupported(`extra ${name} of another kind`);
    pairs.push([name, value as SQL]);
    // A value drizzle hands over as the driver returns it: JSON text stays text.
    decoders.push([name, (raw) => (raw !== null && typeof raw === 'object' ? JSON.stringify(raw) : raw)]);
  }
  for (const [name, nestedSelection] of Object.entries(selection.with ?? {})) {
    if (nestedSelection === true) unsupported('relation without a selection');
    if (!isSelection(nestedSelection)) return unsupported('relation selection of another shape');
    const read = relationRead(walk.statement, scope, name, nestedSelection.where as Record<string, unknown> | undefined) ?? unsupported(`no relation ${name}`);
    const inner = selectionJson(walk, read.target, nestedSelection, true);
    // Over the table itself: the rows' own JSON, not the view of the target's objects.
    const rows = { from: read.tableFrom, where: read.where };
    if (read.one) {
      pairs.push([name, oneObject(rows, inner.sql)]);
      decoders.push([name, (value) => (value === null || value === undefined ? null : inner.finish(value))]);
      continue;
    }
    const orderBy = nestedSelection.orderBy ?? { [singleKeyProperty(read.target) ?? unsupported('composite key')]: 'asc' };
    if (typeof orderBy !== 'object' || orderBy === null) unsupported('ordering by expression');
    const { limit } = nestedSelection;
    if (limit !== undefined && typeof limit !== 'number') return unsupported('limit of another kind');
    pairs.push([name, objectList(rows, inner.sql, orderBySql(read.target, orderBy as Record<string, 'asc' | 'desc'>), limit)]);
    decoders.push([name, (value) => (value as unknown[]).map(inner.finish)]);
  }
  return { sql: jsonObject(pairs), finish: (value) => selectedRow(objectFinish(decoders)(value) as Record<string, unknown>) };
}

/**
 * A field computed by its own resolver from the data its `select` names (plugin-drizzle): the
 * statement reads that data as JSON beside the parent row, and afterwards the resolver runs on it
 * as it would on the row drizzle loads. Its value is completed against the selection: exposed
 * fields read their property, others run their own (synchronous) resolvers.
 */
function compileResolvedFromSelection(
  walk: Walk,
  scope: Scope,
  field: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  args: Record<string, unknown>,
  selection: Selection,
): Compiled {
  const resolve = syncResolverOf(field);
  const validated = validatedArguments(field, args);
  const loaded = selectionJson(walk, scope, selection);
  const complete = resolvedFinish(walk, field.type, nodes);
  return { sql: loaded.sql, finish: (value) => complete(resolvedValue(resolve, loaded.finish(value), validated)) };
}

interface StandardSchema {
  '~standard': { validate(value: unknown): { value?: unknown; issues?: unknown } | Promise<unknown> };
}

/**
 * The arguments as the resolver gets them once plugin-validation has checked them against each
 * argument's rules (page sizes, cursors this API issued). Any value a rule refuses, and any kind
 * of argument this path does not check the same way (input objects, global IDs, rules over the
 * whole field), is the resolvers' to answer, with their error.
 */
function validatedArguments(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): Record<string, unknown> {
  if ((extensionsOf(field).pothosOptions as { validate?: unknown } | undefined)?.validate !== undefined) unsupported('rules over the whole field');
  const validated = { ...args };
  for (const argument of field.args) {
    const named = getNamedType(argument.type);
    if (isInputObjectType(named) || named.name === 'ID') unsupported(`argument ${argument.name} of another kind`);
    const value = args[argument.name];
    if (value === null || value === undefined) continue;
    const rules = (argument.extensions['@pothos/plugin-validation'] as { schemas?: StandardSchema[] } | undefined)?.schemas ?? [];
    let checked: unknown = value;
    for (const rule of rules) {
      const result = rule['~standard'].validate(checked);
      if (result instanceof Promise) return unsupported('asynchronous rule');
      if (result.issues) unsupported(`argument ${argument.name} the rules refuse`);
      checked = result.value;
    }
    validated[argument.name] = checked;
  }
  return validated;
}

/** Completes a value a resolver returned against its selection, as graphql-js would. */
function resolvedFinish(walk: Walk, type: GraphQLOutputType, nodes: readonly FieldNode[]): Finish {
  const inner = getNullableType(type);
  if (isListType(inner)) {
    const item = resolvedFinish(walk, inner.ofType, nodes);
    return nullable(type, (value) => {
      if (!Array.isArray(value)) throw new NeedsResolvers();
      return value.map(item);
    });
  }
  if (isLeafType(inner)) return leafFinish(type);
  if (!isObjectType(inner)) return unsupported('resolved value of an abstract type');
  // Entities and nodes: their fields' resolvers are wrapped by plugins (global IDs, loaders).
  if (extensionsOf(inner).pothosDrizzleTable || inner.getInterfaces().length > 0) unsupported(`resolved ${inner.name}`);
  assertNoAuth(inner);
  const entries: [string, (parent: Record<string, unknown>) => unknown][] = [];
  for (const [key, fieldNodes] of collectFields(walk, inner, subSets(nodes))) {
    const name = fieldNodes[0]!.name.value;
    if (name === '__typename') {
      entries.push([key, () => inner.name]);
      continue;
    }
    const child = inner.getFields()[name] ?? unsupported(`no field ${inner.name}.${name}`);
    assertNoAuth(child);
    const finish = resolvedFinish(walk, child.type, fieldNodes);
    const exposed = extensionsOf(child).pothosExposedField;
    if (exposed !== undefined) {
      entries.push([key, (parent) => finish(parent[exposed])]);
      continue;
    }
    // An ID a resolver gives is encoded by the relay plugin's wrapper, which this path does not run.
    if (getNamedType(child.type).name === 'ID') unsupported(`${inner.name}.${name} resolves an ID`);
    const resolve = syncResolverOf(child);
    const childArgs = validatedArguments(child, getArgumentValues(child, fieldNodes[0]!, walk.variables));
    entries.push([key, (parent) => finish(resolvedValue(resolve, parent, childArgs))]);
  }
  return nullable(type, (value) => {
    if (typeof value !== 'object') throw new NeedsResolvers();
    const object: Record<string, unknown> = {};
    for (const [key, read] of entries) object[key] = read(value as Record<string, unknown>);
    return object;
  });
}

const isConnectionType = (type: unknown): type is GraphQLObjectType => isObjectType(type) && !!type.getFields().pageInfo && !!type.getFields().edges;

type DrizzleSelect = (args: unknown, context: unknown, nested: (query: unknown) => unknown, selection: () => Set<string>, path: unknown) => unknown;

/** What the field's own planner asks for: `{ with: { relation: query } }`. */
function selectionOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, context: Context): { name: string; query: Record<string, unknown> } {
  const select = extensionsOf(field).pothosDrizzleSelect as DrizzleSelect;
  const planned = select(args, context, (query) => query, () => new Set(['nodes']), undefined) as { with?: Record<string, unknown>; extras?: unknown } | Promise<unknown>;
  if (!planned || planned instanceof Promise || !planned.with) return unsupported('asynchronous selection');
  const entries = Object.entries(planned.with);
  if (entries.length !== 1) unsupported('selection of several relations');
  const [name, query] = entries[0]!;
  if (!query || query instanceof Promise) unsupported('asynchronous relation query');
  const q = query as Record<string, unknown>;
  if (q.offset !== undefined || (q.with && Object.keys(q.with).length > 0) || (q.extras && Object.keys(q.extras).length > 0)) unsupported('relation query with extras');
  if (q.orderBy !== undefined && (typeof q.orderBy !== 'object' || q.orderBy === null)) unsupported('ordering by expression');
  return { name, query: q };
}

function compileRelation(walk: Walk, scope: Scope, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], args: Record<string, unknown>): Compiled {
  const { name, query } = selectionOf(field, args, walk.context);
  const read = relationRead(walk.statement, scope, name, query.where as Record<string, unknown> | undefined) ?? unsupported(`no relation ${name}`);
  const inner = getNullableType(field.type);
  const target = getNamedType(field.type);
  if (!isObjectType(target)) return unsupported('relation to an abstract type');
  const object = compileObject(walk, target, read.target, nodes);
  if (isListType(inner)) {
    if (read.one) unsupported('list over a one relation');
    const orderBy = query.orderBy ? orderBySql(read.target, query.orderBy as Record<string, 'asc' | 'desc'>) : unsupported('unordered list');
    const item = nullable(inner.ofType, object.finish);
    return {
      sql: objectList(read, object.sql, orderBy, typeof query.limit === 'number' ? query.limit : undefined),
      finish: nullable(field.type, (value) => (value as unknown[]).map(item)),
    };
  }
  if (!read.one) unsupported('single object over a many relation');
  // To-one relations hide an archived target from callers without the admin scope
  // (src/graphql/visibility.ts does it to the loaded row; here it is part of the lookup).
  const archivedAt = read.target.columns.archivedAt;
  const where = archivedAt && !walk.admin ? and(read.where, isNull(archivedAt)) : read.where;
  return { sql: oneObject({ from: read.from, where }, object.sql), finish: nullable(field.type, object.finish) };
}

// ------------------------------------------------------------------------------------------------
// Connections

interface PageRequest {
  size: number;
  after: boolean;
  before: boolean;
  /** `last`: the rows are read in the opposite order and the page turned back afterwards. */
  backward: boolean;
}

/** `first` (or the default) or `last`, within the page-size limits; anything else goes to the resolvers. */
function pageRequest(args: Record<string, unknown>): PageRequest {
  if (args.first != null && args.last != null) unsupported('first and last');
  const backward = args.last != null;
  const size = backward ? (args.last as number) : args.first == null ? DEFAULT_PAGE_SIZE : (args.first as number);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) unsupported('page size out of range');
  for (const cursor of [args.after, args.before]) {
    if (cursor != null && (typeof cursor !== 'string' || cursor.length > 1_000 || !isWellFormedCursor(cursor))) unsupported('malformed cursor');
  }
  return { size, after: args.after != null, before: args.before != null, backward };
}

/** The same ordering the other way round, for reading a `last` page. */
const reversed = (orderBy: Record<string, 'asc' | 'desc'>): Record<string, 'asc' | 'desc'> =>
  Object.fromEntries(Object.entries(orderBy).map(([key, direction]) => [key, direction === 'asc' ? 'desc' : 'asc']));

/** The plugin's cursor: base64 of `DC:` and the ordering values, each tagged with its type. */
function cursorOf(values: unknown): string {
  const list = values as unknown[];
  return encodeBase64(`DC:${list.length > 1 ? encodeCursorTuple(list) : encodeCursorChunk(list[0])}`);
}

/** Adds the primary key to an ordering that does not already end unique (as plugin-drizzle does). */
function withTieBreaker(scope: Scope, orderBy: Record<string, 'asc' | 'desc'>): Record<string, 'asc' | 'desc'> {
  const keys = Object.entries(getColumns(scope.config.table as SQLiteTable) as Record<string, SQLiteColumn>).filter(([, column]) => column.primary).map(([key]) => key);
  const entries = Object.entries(orderBy);
  if (keys.every((key) => key in orderBy)) return orderBy;
  const direction = entries.at(-1)?.[1] ?? 'asc';
  return { ...orderBy, ...Object.fromEntries(keys.filter((key) => !(key in orderBy)).map((key) => [key, direction])) };
}

function compileConnection(
  walk: Walk,
  connection: GraphQLObjectType,
  fieldType: GraphQLOutputType,
  nodes: readonly FieldNode[],
  read: { target: Scope; from: SQL; where: SQL | undefined; alternatives?: readonly PlanAlternative[] | undefined },
  count: CountRead | null,
  orderBy: Record<string, 'asc' | 'desc'>,
  page: PageRequest,
): Compiled {
  assertNoAuth(connection);
  const nodeType = getNamedType(connection.getFields().edges!.type) as GraphQLObjectType;
  const edgeNodeType = getNamedType(nodeType.getFields().node!.type);
  if (!isObjectType(edgeNodeType)) return unsupported('connection over an abstract type');
  const fields = collectFields(walk, connection, subSets(nodes));
  // `nodes` and `edges { node }` may select differently: each gets its own node JSON.
  const nodeObjects = new Map<string, Compiled>();
  const compileNodes = (key: string, selection: readonly FieldNode[]) => {
    nodeObjects.set(key, compileObject(walk, edgeNodeType, read.target, selection));
  };
  const edgePlans = new Map<string, { key: string; fields: Map<string, FieldNode[]> }>();
  for (const [key, fieldNodes] of fields) {
    const name = fieldNodes[0]!.name.value;
    if (name === 'nodes') compileNodes(`n:${key}`, fieldNodes);
    else if (name === 'edges') {
      const edgeSelection = collectFields(walk, nodeType, subSets(fieldNodes));
      const nodeKeys = [...edgeSelection.values()].filter((f) => f[0]!.name.value === 'node');
      if (nodeKeys.length > 1) unsupported('several node keys on an edge');
      const nodeSelection = nodeKeys.flat();
      for (const edgeNodes of edgeSelection.values()) {
        const edgeName = edgeNodes[0]!.name.value;
        if (!['node', 'cursor', '__typename'].includes(edgeName)) unsupported(`edge field ${edgeName}`);
      }
      if (nodeSelection.length > 0) compileNodes(`e:${key}`, nodeSelection);
      edgePlans.set(key, { key, fields: edgeSelection });
    } else if (!['totalCount', 'pageInfo', '__typename'].includes(name)) unsupported(`connection field ${name}`);
  }
  // The statement carries every distinct node JSON as its own aggregate.
  const objects = [...nodeObjects.entries()];
  if (objects.length > 2) unsupported('several node selections');
  const first = objects[0]?.[1];
  const second = objects[1]?.[1];
  const cursorColumns = Object.keys(orderBy).map((key) => read.target.columns[key] ?? unsupported(`no column ${key}`));
  const wantsCount = [...fields.values()].some((f) => f[0]!.name.value === 'totalCount');
  if (wantsCount && !count) unsupported('totalCount without a count');
  // A selection of `totalCount` alone (an institution's number of records) reads no page: for a
  // list under each of many parents, the page's rows were most of the statement's reads.
  const wantsPage = !wantsCount || [...fields.values()].some((f) => f[0]!.name.value !== 'totalCount' && f[0]!.name.value !== '__typename');
  const pairs: [string, SQL][] = [];
  if (wantsPage) {
    const pageSql = connectionPage(read, orderBySql(read.target, orderBy), {
      node: first?.sql,
      edgeNode: second?.sql,
      cursor: sql`json_array(${sql.join(cursorColumns.map((c) => columnJson(c)), sql`, `)})`,
      size: page.size,
    });
    pairs.push(['page', pageSql]);
  }
  if (wantsCount) pairs.push(['total', exactCount(count!)]);
  const aggregateOf = (key: string) => (objects[0]?.[0] === key ? 'nodes' : 'edgeNodes');
  const noPage = { nodes: [], edgeNodes: [], cursors: [] };

  const finish: Finish = (raw) => {
    const { page: rows = noPage, total } = raw as { page?: { nodes: unknown[]; edgeNodes: unknown[]; cursors: unknown[] }; total?: number };
    // The statement read one row beyond the page, to know whether another page follows.
    const more = rows.cursors.length > page.size;
    const cut = (list: unknown[]) => {
      const kept = more ? list.slice(0, page.size) : list;
      return page.backward ? kept.reverse() : kept;
    };
    const pageData = { nodes: cut(rows.nodes), edgeNodes: cut(rows.edgeNodes), cursors: cut(rows.cursors) };
    const result: Record<string, unknown> = {};
    for (const [key, fieldNodes] of fields) {
      const name = fieldNodes[0]!.name.value;
      if (name === '__typename') result[key] = connection.name;
      else if (name === 'totalCount') result[key] = total;
      else if (name === 'nodes') {
        const compiled = nodeObjects.get(`n:${key}`)!;
        const list = pageData[aggregateOf(`n:${key}`)] as unknown[];
        const listType = getNullableType(connection.getFields().nodes!.type);
        const item = nullable(isListType(listType) ? listType.ofType : listType, compiled.finish);
        result[key] = list.map(item);
      } else if (name === 'pageInfo') {
        const pageInfoType = getNamedType(connection.getFields().pageInfo!.type) as GraphQLObjectType;
        const info: Record<string, unknown> = {};
        for (const [infoKey, infoNodes] of collectFields(walk, pageInfoType, subSets(fieldNodes))) {
          const infoName = infoNodes[0]!.name.value;
          const cursors = pageData.cursors;
          if (infoName === '__typename') info[infoKey] = pageInfoType.name;
          // As plugin-drizzle reports them: a cursor on one side says a page lies there.
          else if (infoName === 'hasNextPage') info[infoKey] = page.before || (!page.backward && more);
          else if (infoName === 'hasPreviousPage') info[infoKey] = page.after || (page.backward && more);
          else if (infoName === 'startCursor') info[infoKey] = cursors.length > 0 ? cursorOf(cursors[0]) : null;
          else if (infoName === 'endCursor') info[infoKey] = cursors.length > 0 ? cursorOf(cursors.at(-1)) : null;
          else throw new NeedsResolvers();
        }
        result[key] = info;
      } else if (name === 'edges') {
        const plan = edgePlans.get(key)!;
        const compiled = nodeObjects.get(`e:${key}`);
        const list = compiled ? (pageData[aggregateOf(`e:${key}`)] as unknown[]) : pageData.cursors;
        result[key] = pageData.cursors.map((cursor, index) => {
          const edge: Record<string, unknown> = {};
          for (const [edgeKey, edgeNodes] of plan.fields) {
            const edgeName = edgeNodes[0]!.name.value;
            if (edgeName === '__typename') edge[edgeKey] = nodeType.name;
            else if (edgeName === 'cursor') edge[edgeKey] = cursorOf(cursor);
            // Every `node` key of one edge has the same merged selection.
            else edge[edgeKey] = nullable(nodeType.getFields().node!.type, compiled!.finish)(list[index]);
          }
          return edge;
        });
      }
    }
    return result;
  };
  return { sql: jsonObject(pairs), finish: nullable(fieldType, finish) };
}


function compileRelatedConnection(
  walk: Walk,
  scope: Scope,
  field: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  args: Record<string, unknown>,
  relatedCount?: RelatedCount,
): Compiled {
  const page = pageRequest(args);
  if (page.after || page.before) unsupported('nested page with a cursor');
  const { name, query } = selectionOf(field, args, walk.context);
  if (typeof query.limit !== 'number' || query.limit !== page.size + 1) unsupported('unexpected page size');
  const read = relationRead(walk.statement, scope, name, query.where as Record<string, unknown> | undefined) ?? unsupported(`no relation ${name}`);
  if (read.one) unsupported('connection over a one relation');
  const orderBy = (query.orderBy as Record<string, 'asc' | 'desc'> | undefined) ?? unsupported('unordered connection');
  const counted = relatedCount && !walk.admin ? relatedCount(scope.columns, args) : null;
  const count: CountRead = { from: read.tableFrom, where: read.where, known: counted ? { exact: countersCurrent(), count: counted } : undefined };
  return compileConnection(walk, getNamedType(field.type) as GraphQLObjectType, field.type, nodes, read, count, orderBy, page);
}

// ------------------------------------------------------------------------------------------------
// Variables the plan binds (src/graphql/plan-variables.ts)

/** A numeric key as the API writes it in a global ID; any other spelling is the resolvers' to refuse. */
const CANONICAL_KEY = /^(0|[1-9]\d{0,14})$/;

/** What of a global ID decides a node's statement: its type and whether its key is canonical. */
function nodeIdShape(id: unknown): string {
  if (typeof id !== 'string') return `not a string: ${typeof id}`;
  try {
    const decoded = decodeGlobalID(id);
    return `${decoded.typename}\u0000${CANONICAL_KEY.test(decoded.id)}`;
  } catch {
    return 'malformed';
  }
}

const nodeIdsShape = (ids: unknown) => (Array.isArray(ids) ? JSON.stringify(ids.map(nodeIdShape)) : `not a list: ${typeof ids}`);

/** A value the statement only binds: its kind alone keys the plan. */
const kindOfValue = (value: unknown) => (value === null ? 'null' : typeof value);

/** What of a cursor decides a page's statement: given or not, well formed, and the kinds of its values. */
function cursorShape(cursor: unknown): string {
  if (cursor === undefined || cursor === null) return String(cursor);
  if (typeof cursor !== 'string') return `not a string: ${typeof cursor}`;
  if (cursor.length > 1_000 || !isWellFormedCursor(cursor)) return 'malformed';
  const position = cursorPosition(cursor);
  if (!position) return 'offset';
  return JSON.stringify(position.map((value) => (value === null ? 'null' : typeof value === 'object' ? `object ${value.constructor?.name}` : typeof value)));
}

/**
 * A search's match with its expressions as placeholders when a variable gives the query: each
 * request's terms, worked out as the resolver works them out from its own window.
 */
function boundSearchMatch(
  walk: Walk,
  match: SearchMatch | null,
  variable: string | undefined,
  windowOf: (query: unknown) => SearchRequest,
): SearchMatch | null {
  if (!match || variable === undefined) return match;
  let last: { variables: Record<string, unknown>; match: SearchMatch } | undefined;
  const matchOf = (variables: Record<string, unknown>): SearchMatch => {
    if (last?.variables !== variables) {
      const window = windowOf(variables[variable]);
      last = { variables, match: searchMatch(window.query, window.types)! };
    }
    return last.match;
  };
  const expression = walk.reads.placeholder((variables) => matchOf(variables).expression);
  if (match.excluding === undefined) return { ...match, expression };
  return { ...match, expression, excluding: walk.reads.placeholder((variables) => matchOf(variables).excluding) };
}

/** The variables each variable-valued argument of `names` takes whole (`id: $id`), when nothing else in the field reads them. */
function variablesApart(node: FieldNode, names: readonly string[]): Map<string, string> {
  const apart = new Map<string, string>();
  if (names.length === 0 || !node.arguments?.length) return apart;
  const elsewhere = new Set<string>();
  for (const argument of node.arguments) {
    if (names.includes(argument.name.value) && argument.value.kind === Kind.VARIABLE) apart.set(argument.name.value, argument.value.name.value);
    else variablesIn(argument.value, elsewhere);
  }
  for (const [name, variable] of apart) if (elsewhere.has(variable)) apart.delete(name);
  return apart;
}

function variablesIn(value: ValueNode, found: Set<string>): void {
  if (value.kind === Kind.VARIABLE) found.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const item of value.values) variablesIn(item, found);
  else if (value.kind === Kind.OBJECT) for (const field of value.fields) variablesIn(field.value, found);
}

/**
 * The positions of the page's cursors that variables give, as placeholders: the keyset and seek
 * SQL built from them then binds each request's cursor. A cursor equal to the other one but given
 * another way keys the plan by its whole value instead (both would read the same positions).
 */
function boundCursorPositions(walk: Walk, args: Record<string, unknown>, apart: ReadonlyMap<string, string>): Map<string, unknown[]> {
  const positions = new Map<string, unknown[]>();
  const after = apart.get('after');
  const before = apart.get('before');
  for (const [name, variable, other, otherVariable] of [
    ['after', after, 'before', before],
    ['before', before, 'after', after],
  ] as const) {
    if (variable === undefined) continue;
    const cursor = args[name];
    if (cursor === args[other] && otherVariable !== variable) {
      void walk.variables[variable];
      continue;
    }
    walk.reads.project(variable, cursorShape);
    const position = typeof cursor === 'string' && cursorShape(cursor) !== 'malformed' ? cursorPosition(cursor) : null;
    if (!position) continue;
    positions.set(
      cursor as string,
      position.map((_, index) => walk.reads.placeholder((variables) => cursorPosition(variables[variable] as string)![index])),
    );
  }
  return positions;
}

/** How the fields of an argument's input type may be bound (src/graphql/list-filter.ts), if it is a filter. */
function filterBindingOf(type: GraphQLInputType | undefined): { type: GraphQLInputObjectType; binding: FilterBinding } | undefined {
  const input = type && getNullableType(type);
  const binding = isInputObjectType(input) ? (input.extensions as { filterBinding?: FilterBinding }).filterBinding : undefined;
  return binding && Object.keys(binding).length > 0 ? { type: input as GraphQLInputObjectType, binding } : undefined;
}

type FieldBinding = FilterBinding[string];

const kindOfBound = (value: unknown) => (typeof value === 'number' ? (Number.isSafeInteger(value) ? 'integer' : 'number') : typeof value);

/** What of a bound filter field's value decides the statement: null or not, a list's length, each value's kind, an ID's soundness. */
function boundShape(binding: FieldBinding, value: unknown): unknown {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return value.map((item) => boundShape(binding, item));
  if (typeof binding === 'object') return decodedNodeIdOf(value, binding.node) ? 'id' : 'unsound id';
  return kindOfBound(value);
}

/** One projection per kind of binding, so that plans compiled apart key by the same function (`PlanDependencies.sameAs`). */
const fieldProjections = new Map<string, Projection>();
function fieldProjection(binding: FieldBinding): Projection {
  const name = typeof binding === 'object' ? `node ${binding.node}` : binding;
  let projection = fieldProjections.get(name);
  if (!projection) {
    projection = (value) => JSON.stringify(boundShape(binding, value));
    fieldProjections.set(name, projection);
  }
  return projection;
}

/** A whole filter given by one variable keys by each field's presence, and by the bound fields' shapes and the others' values. */
const filterProjections = new WeakMap<GraphQLInputObjectType, Projection>();
function filterProjection(type: GraphQLInputObjectType, binding: FilterBinding): Projection {
  let projection = filterProjections.get(type);
  if (!projection) {
    const names = Object.keys(type.getFields());
    projection = (value) => {
      if (value === null || value === undefined || typeof value !== 'object') return String(value);
      const fields = value as Record<string, unknown>;
      return JSON.stringify(names.map((name) => (fields[name] === undefined ? [] : [binding[name] ? boundShape(binding[name], fields[name]) : fields[name]])));
    };
    filterProjections.set(type, projection);
  }
  return projection;
}

/**
 * A filter field's value with what the statement only binds as placeholders (`BoundValue`), each
 * worked out per request by `derive` from its variables; a list binds each of its values. An ID
 * the resolvers would refuse stays as given, for them to answer (its shape keys the plan).
 */
function boundFilterValue(walk: Walk, binding: FieldBinding, value: unknown, derive: (variables: Record<string, unknown>) => unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item, index) => boundFilterValue(walk, binding, item, (variables) => (derive(variables) as unknown[])[index]));
  const place = (from: (variables: Record<string, unknown>) => unknown) => walk.reads.placeholder(from);
  if (typeof binding === 'object') {
    if (!decodedNodeIdOf(value, binding.node)) return value;
    return new BoundValue('id', place, (variables) => decodeCanonicalGlobalID(derive(variables) as string));
  }
  return new BoundValue(kindOfBound(value), place, derive);
}

/**
 * The variables that give only fields a filter argument binds — the whole filter (`filter: $f`)
 * or one field of it (`filter: { yearFrom: $y }`) — when nothing else in the field reads them.
 */
function filterVariablesApart(field: GraphQLField<unknown, unknown>, node: FieldNode): Set<string> {
  const bound = new Set<string>();
  const elsewhere = new Set<string>();
  for (const argument of node.arguments ?? []) {
    const filter = filterBindingOf(field.args.find((candidate) => candidate.name === argument.name.value)?.type);
    if (filter && argument.value.kind === Kind.VARIABLE) bound.add(argument.value.name.value);
    else if (filter && argument.value.kind === Kind.OBJECT) {
      for (const given of argument.value.fields) {
        if (filter.binding[given.name.value] && given.value.kind === Kind.VARIABLE) bound.add(given.value.name.value);
        else variablesIn(given.value, elsewhere);
      }
    } else variablesIn(argument.value, elsewhere);
  }
  for (const variable of elsewhere) bound.delete(variable);
  return bound;
}

/**
 * The field's arguments with the filter values that `apart` variables give bound as placeholders
 * (`boundFilterValue`), the plan keyed by their shape only (`filterProjection`, `fieldProjection`).
 */
function boundFilterArguments(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode, args: Record<string, unknown>, apart: ReadonlySet<string>): Record<string, unknown> {
  if (apart.size === 0) return args;
  const result = { ...args };
  for (const argument of node.arguments ?? []) {
    const name = argument.name.value;
    const filter = filterBindingOf(field.args.find((candidate) => candidate.name === name)?.type);
    if (!filter) continue;
    const value = args[name] as Record<string, unknown> | null | undefined;
    if (argument.value.kind === Kind.VARIABLE) {
      const variable = argument.value.name.value;
      if (!apart.has(variable)) continue;
      walk.reads.project(variable, filterProjection(filter.type, filter.binding));
      if (!value) continue;
      result[name] = Object.fromEntries(
        Object.entries(value).map(([key, given]) => {
          const binding = filter.binding[key];
          return [key, binding ? boundFilterValue(walk, binding, given, (variables) => (variables[variable] as Record<string, unknown>)[key]) : given];
        }),
      );
    } else if (argument.value.kind === Kind.OBJECT && value) {
      const bound = { ...value };
      for (const given of argument.value.fields) {
        const binding = filter.binding[given.name.value];
        if (!binding || given.value.kind !== Kind.VARIABLE || !apart.has(given.value.name.value)) continue;
        const variable = given.value.name.value;
        walk.reads.project(variable, fieldProjection(binding));
        if (given.name.value in bound) bound[given.name.value] = boundFilterValue(walk, binding, bound[given.name.value], (variables) => variables[variable]);
      }
      result[name] = bound;
    }
  }
  return result;
}

/** A field's argument values, the filter values its variables give bound (`boundFilterArguments`) and `apart` read apart too. */
function argumentValues(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode, apart: Iterable<string> = []): Record<string, unknown> {
  const filterApart = filterVariablesApart(field, node);
  const args = walk.reads.readingApart(new Set([...apart, ...filterApart]), () => getArgumentValues(field, node, walk.variables));
  return boundFilterArguments(walk, field, node, args, filterApart);
}

// ------------------------------------------------------------------------------------------------
// Root fields

function compileRootField(walk: Walk, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): Compiled {
  assertNoAuth(field);
  const declared = sqlReadOf(field);
  const apart = variablesApart(nodes[0]!, boundArguments(field, declared));
  const args = argumentValues(walk, field, nodes[0]!, apart.values());
  if (declared && 'rootConnection' in declared) {
    const positions = boundCursorPositions(walk, args, apart);
    return withCursorPositions(positions, () => compileRootConnection(walk, field, nodes, args, declared.rootConnection));
  }
  return compileOtherRootField(walk, field, nodes, args, declared, apart);
}

/** `node(id:)` and `nodes(ids:)`: lookups by global ID over every node type. */
const isNodeLookup = (field: GraphQLField<unknown, unknown>, name: 'node' | 'nodes') =>
  field.name === name && field.args.length === 1 && field.args[0]!.name === (name === 'node' ? 'id' : 'ids');

/** The arguments of a root field whose variable the plan binds rather than keys by (src/graphql/plan-variables.ts). */
function boundArguments(field: GraphQLField<unknown, unknown>, declared: SqlRead | undefined): readonly string[] {
  if (isNodeLookup(field, 'node')) return ['id'];
  if (isNodeLookup(field, 'nodes')) return ['ids'];
  if (declared && 'rootConnection' in declared) return ['after', 'before'];
  if (declared && 'search' in declared) return ['query'];
  if (declared && 'rootObject' in declared) return declared.rootObject.bound ?? [];
  return [];
}

function compileRootConnection(walk: Walk, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], args: Record<string, unknown>, root: RootConnection): Compiled {
  const page = pageRequest(args);
  const scope = walk.statement.scope(root.table);
  const countScope = walk.statement.scope(root.table);
  const filter = root.where(scope.table, args, walk.context, 'page') ?? unsupported('filter the compiled path does not read');
  const keyset = page.after || page.before ? (root.keyset ?? unsupported('keyset'))(scope.table, args) : [];
  const orderBy = withTieBreaker(scope, root.orderBy(args));
  for (const cursor of [args.after, args.before]) {
    if (typeof cursor !== 'string') continue;
    // An offset cursor (another list's) is no position in this one: the resolvers refuse it.
    const position = cursorPosition(cursor) ?? unsupported('cursor that holds no position');
    if (position.length > Object.keys(orderBy).length) unsupported('cursor longer than the ordering');
  }
  const readOrder = page.backward ? reversed(orderBy) : orderBy;
  // The cursor the page is read from: `after` forward, `before` backward (the other one only bounds it).
  const start = page.backward ? (page.before && !page.after ? args.before : null) : page.after && !page.before ? args.after : null;
  const seeks = typeof start === 'string' ? seeksPastCursor(start, readOrder) : null;
  const seek = seeks ? seekPastCursor(walk, root, args, seeks, readOrder, page.size) : undefined;
  const where = and(filter, ...keyset, seek?.(scope));
  const counted = root.counted?.(args) ?? undefined;
  const few = filterGiven(args.filter as Record<string, unknown> | null | undefined)
    ? fewMatchesAlternatives(walk, root, args, scope, { size: page.size, order: readOrder, seeks, fromCursor: keyset.length > 0 || seek !== undefined }, and(filter, ...keyset), where, counted)
    : undefined;
  const read = { target: scope, from: tableFrom(scope), where, alternatives: few?.alternatives };
  const countFilter = root.where(countScope.table, args, walk.context, 'count', { once: onceFor(walk, args) })!;
  const count: CountRead = {
    from: tableFrom(countScope),
    where: countFilter,
    known: few ? { from: few.matches, exact: sql`whole`, count: sql`m` } : counted ? { exact: countersCurrent(), count: counted } : undefined,
  };
  return compileConnection(walk, getNamedType(field.type) as GraphQLObjectType, field.type, nodes, read, count, readOrder, page);
}

function compileOtherRootField(
  walk: Walk,
  field: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  args: Record<string, unknown>,
  declared: SqlRead | undefined,
  apart: ReadonlyMap<string, string>,
): Compiled {
  if (declared && 'rootList' in declared) {
    const { table, orderBy } = declared.rootList;
    const scope = walk.statement.scope(table);
    const list = getNullableType(field.type);
    const itemType = getNamedType(field.type);
    if (!isListType(list) || !isObjectType(itemType)) return unsupported('root list of another shape');
    const object = compileObject(walk, itemType, scope, nodes);
    const item = nullable(list.ofType, object.finish);
    return {
      sql: objectList({ from: tableFrom(scope), where: undefined }, object.sql, orderBySql(scope, orderBy)),
      finish: nullable(field.type, (value) => (value as unknown[]).map(item)),
    };
  }
  if (declared && 'rootObject' in declared) {
    const scope = walk.statement.scope(declared.rootObject.table);
    const objectType = getNamedType(field.type);
    if (!isObjectType(objectType)) return unsupported('root object of an abstract type');
    const object = compileObject(walk, objectType, scope, nodes);
    const values = { ...args };
    for (const [name, variable] of apart) {
      walk.reads.project(variable, kindOfValue);
      values[name] = walk.reads.placeholder((variables) => variables[variable]);
    }
    return {
      sql: oneObject({ from: tableFrom(scope), where: declared.rootObject.where(scope.table, values) }, object.sql),
      finish: nullable(field.type, object.finish),
    };
  }
  if (declared && 'search' in declared) return compileSearch(walk, field, nodes, args, declared.search, apart.get('query'));
  if (declared && 'aggregates' in declared) return compileAggregates(walk, field, nodes);
  if (isNodeLookup(field, 'node')) {
    const variable = apart.get('id');
    if (variable !== undefined) walk.reads.project(variable, nodeIdShape);
    return compileNode(walk, field.type, nodes, args.id, variable === undefined ? undefined : (variables) => variables[variable]);
  }
  if (isNodeLookup(field, 'nodes')) {
    const variable = apart.get('ids');
    if (variable !== undefined) walk.reads.project(variable, nodeIdsShape);
    const ids = args.ids as unknown[];
    if (!Array.isArray(ids) || ids.length > MAX_PAGE_SIZE) unsupported('too many ids');
    const itemType = (getNullableType(field.type) as { ofType: GraphQLOutputType }).ofType;
    const items = ids.map((id, index) =>
      compileNode(walk, itemType, nodes, id, variable === undefined ? undefined : (variables) => (variables[variable] as unknown[])[index]),
    );
    const itemFinishers = items.map((item) => item.finish);
    return {
      sql: sql`json_array(${sql.join(items.map((item) => item.sql), sql`, `)})`,
      finish: nullable(field.type, (value) => (value as unknown[]).map((item, index) => itemFinishers[index]!(item))),
    };
  }
  return unsupported(`Query.${field.name} has no SQL`);
}

// ------------------------------------------------------------------------------------------------
// Aggregates (statistics)

/** Statement-unique names for the row sources of `rows` fields. */
const rowSources = new WeakMap<JsonStatement, number>();

function rowSourceName(walk: Walk): string {
  const next = rowSources.get(walk.statement) ?? 0;
  rowSources.set(walk.statement, next + 1);
  return `r${next}`;
}

/** An object without a row of its own (`statistics`), every field of which is read from rows (`rows`). */
function compileAggregates(walk: Walk, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): Compiled {
  if (field.args.length > 0) unsupported('aggregates with arguments');
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return unsupported('aggregates of an abstract type');
  assertNoAuth(type);
  const object = compileSelection(walk, type, subSets(nodes), (child, fieldNodes) => {
    assertNoAuth(child);
    const declared = sqlReadOf(child);
    if (!declared || !('rows' in declared)) return unsupported(`${type.name}.${child.name} has no rows`);
    return compileRows(walk, child, fieldNodes, declared.rows);
  });
  return { sql: object.sql, finish: nullable(field.type, object.finish) };
}

function compileRows(walk: Walk, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], read: RowsRead): Compiled {
  const rows = read(argumentValues(walk, field, nodes[0]!)) ?? unsupported(`${field.name}: arguments the rows do not read`);
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return unsupported('rows of an abstract type');
  const source = rowSourceName(walk);
  const object = compileRowObject(walk, type, source, nodes);
  const inner = getNullableType(field.type);
  // An aggregate over an ordered subquery: SQLite does not flatten it, so the array keeps its order.
  if (isListType(inner)) {
    const item = nullable(inner.ofType, object.finish);
    return {
      sql: nested(sql`SELECT json_group_array(${object.sql}) FROM (${rows}) AS ${sql.raw(source)}`),
      finish: nullable(field.type, (value) => (value as unknown[]).map(item)),
    };
  }
  return { sql: nested(sql`SELECT ${object.sql} FROM (${rows}) AS ${sql.raw(source)} LIMIT 1`), finish: nullable(field.type, object.finish) };
}

function compileRowObject(walk: Walk, type: GraphQLObjectType, source: string, nodes: readonly FieldNode[]): Compiled {
  assertNoAuth(type);
  const column = (name: string) => sql.raw(`${source}.${JSON.stringify(name)}`);
  return compileSelection(walk, type, subSets(nodes), (field, fieldNodes) => {
    assertNoAuth(field);
    if (field.args.length > 0) unsupported(`${type.name}.${field.name} with arguments`);
    const declared = sqlReadOf(field);
    const named = getNamedType(field.type);
    const value = extensionsOf(field).pothosExposedField ?? (declared && 'rowValue' in declared ? declared.rowValue : undefined);
    if (value !== undefined) {
      if (!isLeafType(named) || isListType(getNullableType(field.type))) unsupported('row value of another shape');
      return { sql: named.name === 'Float' ? exactReal(column(value)) : column(value), finish: leafFinish(field.type) };
    }
    if (!declared || !('rowRelated' in declared)) return unsupported(`${type.name}.${field.name} has no SQL`);
    if (!isObjectType(named) || isListType(getNullableType(field.type))) return unsupported('related row of another shape');
    const { table, column: target, value: reference } = declared.rowRelated;
    const scope = walk.statement.scope(table);
    const targetColumn = scope.columns[target] ?? unsupported(`no column ${target}`);
    const object = compileObject(walk, named, scope, fieldNodes);
    return { sql: oneObject({ from: tableFrom(scope), where: sql`${targetColumn} = ${column(reference)}` }, object.sql), finish: nullable(field.type, object.finish) };
  });
}

// ------------------------------------------------------------------------------------------------
// Search

/** A hit as the search statement returns it: type, id, score (text), highlights, and its row's values. */
type RawHit = [SearchableType, number, string, string | null, string | null, string | null, unknown[] | null];

/** Most distinct node selections (`nodes`, aliased `edges { node }`) one search reads. */
const MAX_SEARCH_NODE_SELECTIONS = 4;

/**
 * `search(query:)`: the ranked page of hits, their rows and the count in the statement
 * (src/db/search.ts' `searchPageJson`, the resolver's SQL); cursors, `pageInfo` and snippets are
 * worked out after it with the resolver's own window, placement and snippet functions. Any input
 * those refuse, and any cursor that is not an offset, is left to the resolvers and their errors.
 */
function compileSearch(
  walk: Walk,
  field: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  args: Record<string, unknown>,
  read: SearchRead,
  /** The variable that gives the query text, if one does: its terms are then bound, not inlined. */
  queryVariable?: string,
): Compiled {
  if (queryVariable !== undefined) walk.reads.project(queryVariable, searchQueryShape);
  pageRequest(args);
  for (const cursor of [args.after, args.before]) {
    if (typeof cursor === 'string' && !/^OffsetConnection:\d{1,12}$/.test(decodeBase64(cursor))) unsupported('cursor that is not an offset');
  }
  let window: SearchRequest;
  try {
    window = read.window(args as never);
  } catch {
    return unsupported('search input the resolvers refuse');
  }
  const match = boundSearchMatch(walk, searchMatch(window.query, window.types), queryVariable, (query) => read.window({ ...args, query } as never));
  const connection = getNamedType(field.type) as GraphQLObjectType;
  assertNoAuth(connection);
  const edgeType = getNamedType(connection.getFields().edges!.type) as GraphQLObjectType;
  assertNoAuth(edgeType);
  const pageInfoType = getNamedType(connection.getFields().pageInfo!.type) as GraphQLObjectType;

  // Every selection of a hit's node gets its own place in the row's JSON array; the snippet's text last.
  const selections: (readonly FieldNode[])[] = [];
  const nodeSelection = (fieldNodes: readonly FieldNode[]) => {
    if (selections.length >= MAX_SEARCH_NODE_SELECTIONS) unsupported('too many node selections');
    return selections.push(fieldNodes) - 1;
  };
  type Part = (hit: PlacedHit) => unknown;
  const connectionFields = collectFields(walk, connection, subSets(nodes));
  const parts: [string, 'edges' | 'nodes' | 'pageInfo' | 'totalCount' | '__typename', Part | Map<string, Part> | number][] = [];
  let wantsSnippet = false;
  for (const [key, fieldNodes] of connectionFields) {
    const name = fieldNodes[0]!.name.value;
    if (name === '__typename' || name === 'totalCount') parts.push([key, name, 0]);
    else if (name === 'nodes') parts.push([key, name, nodeSelection(fieldNodes)]);
    else if (name === 'pageInfo') parts.push([key, name, 0]);
    else if (name === 'edges') {
      const edgeParts = new Map<string, Part>();
      for (const [edgeKey, edgeNodes] of collectFields(walk, edgeType, subSets(fieldNodes))) {
        const edgeName = edgeNodes[0]!.name.value;
        const edgeField = edgeType.getFields()[edgeName];
        if (edgeField) assertNoAuth(edgeField);
        if (edgeName === '__typename') edgeParts.set(edgeKey, () => edgeType.name);
        else if (edgeName === 'cursor') edgeParts.set(edgeKey, (hit) => hit.cursor);
        else if (edgeName === 'score') {
          const score = leafFinish(edgeField!.type);
          edgeParts.set(edgeKey, (hit) => score(Number(hit.raw[2])));
        } else if (edgeName === 'node') {
          const index = nodeSelection(edgeNodes);
          edgeParts.set(edgeKey, (hit) => hit.node(index));
        } else if (edgeName === 'snippet') {
          wantsSnippet = true;
          const locale = (getArgumentValues(edgeField!, edgeNodes[0]!, walk.variables).locale as Locale | null | undefined) ?? walk.context.locale;
          // Worked out after the statement as its resolvers work it out (markers included).
          const finish = resolvedFinish(walk, edgeField!.type, edgeNodes);
          edgeParts.set(edgeKey, (hit) => finish(hit.snippet(locale)));
        } else unsupported(`search edge field ${edgeName}`);
      }
      parts.push([key, name, edgeParts]);
    } else unsupported(`search connection field ${name}`);
  }

  // Each type's row read by the hit's id, only while it is not archived (the resolver's rule).
  const finishers = new Map<SearchableType, Finish[]>();
  const rowOf = (type: SearchableType, id: SQL): SQL => {
    const objectType = walk.schema.getType(type);
    if (!isObjectType(objectType)) return unsupported(`search type ${type}`);
    const table = extensionsOf(objectType).pothosDrizzleTable ?? unsupported(`${type} without a table`);
    const scope = walk.statement.scope(table.name);
    const objects = selections.map((selection) => compileObject(walk, objectType, scope, selection));
    finishers.set(type, objects.map((object) => object.finish));
    // Each object is its view's text (see `JsonStatement.objectOf`): nested in the array as JSON.
    const values = objects.map((object) => sql`json(${object.sql})`);
    if (wantsSnippet) values.push(jsonObject(snippetProperties(type).map((property) => [property, sql`${scope.columns[property] ?? unsupported(`no column ${property}`)}`])));
    const key = scope.columns.id ?? unsupported(`${type} without an id`);
    const archivedAt = scope.columns.archivedAt ?? unsupported(`${type} without archiving`);
    return sql`(SELECT json_array(${sql.join(values.length > 0 ? values : [sql`null`], sql`, `)}) FROM ${tableFrom(scope)} WHERE ${key} = ${id} AND ${archivedAt} IS NULL)`;
  };
  const page = searchPageJson(match, window, rowOf, { highlights: wantsSnippet });

  const finish: Finish = (value) => {
    const { total, hits: rawHits } = value as { total: number; hits: RawHit[] };
    const placed = read.place(window, rawHits.filter((hit) => hit[6] !== null), total);
    const hits = placed.hits.map((raw, index) => placedHit(raw, placed.start + index, finishers, selections.length));
    const result: Record<string, unknown> = {};
    for (const [key, name, part] of parts) {
      if (name === '__typename') result[key] = connection.name;
      else if (name === 'totalCount') result[key] = total;
      else if (name === 'nodes') result[key] = hits.map((hit) => hit.node(part as number));
      else if (name === 'edges') {
        const edgeParts = part as Map<string, Part>;
        result[key] = hits.map((hit) => {
          const edge: Record<string, unknown> = {};
          for (const [edgeKey, edgePart] of edgeParts) edge[edgeKey] = edgePart(hit);
          return edge;
        });
      } else {
        const info: Record<string, unknown> = {};
        for (const [infoKey, infoNodes] of collectFields(walk, pageInfoType, subSets(connectionFields.get(key)!))) {
          const infoName = infoNodes[0]!.name.value;
          if (infoName === '__typename') info[infoKey] = pageInfoType.name;
          else if (infoName === 'hasNextPage') info[infoKey] = placed.start + hits.length < total;
          else if (infoName === 'hasPreviousPage') info[infoKey] = placed.start > 0;
          else if (infoName === 'startCursor') info[infoKey] = hits[0]?.cursor ?? null;
          else if (infoName === 'endCursor') info[infoKey] = hits.at(-1)?.cursor ?? null;
          else throw new NeedsResolvers();
        }
        result[key] = info;
      }
    }
    return result;
  };
  return { sql: page, finish: nullable(field.type, finish) };
}

interface PlacedHit {
  raw: RawHit;
  cursor: string;
  /** The hit's node as the selection at `index` reads it. */
  node(index: number): unknown;
  snippet(locale: Locale): Snippet | null;
}

function placedHit(raw: RawHit, offset: number, finishers: Map<SearchableType, Finish[]>, selections: number): PlacedHit {
  const row = raw[6]!;
  return {
    raw,
    cursor: offsetToCursor(offset),
    node: (index) => finishers.get(raw[0])![index]!(row[index]),
    snippet: (locale) =>
      snippetFor({ type: raw[0], row: row[selections] as Record<string, unknown>, matched: matchedTerms({ title: raw[3], body: raw[4], unigrams: raw[5] }) }, locale),
  };
}

/**
 * For a page from a cursor over an ordering of several columns (the order it is read in): the
 * candidates past the cursor (see `seekCandidates`), one seek per ordering column — equal on the
 * columns before it, past the cursor on it — each under the list's own filter. Undefined when the
 * table has no single integer key; a cursor of one value has no seeks (a one-column comparison is
 * already one).
 */
function seekPastCursor(
  walk: Walk,
  root: RootConnection,
  args: Record<string, unknown>,
  /** The seeks past the cursor the page starts from (`seeksPastCursor`). */
  seeks: Seeks,
  orderBy: Record<string, 'asc' | 'desc'>,
  size: number,
): ((scope: Scope) => SQL) | undefined {
  const branches = seeks.map((conditions) => {
    const branch = walk.statement.scope(root.table);
    const keyColumn = primaryKeyOf(branch);
    const filter = root.where(branch.table, args, walk.context, 'page') ?? unsupported('filter the compiled path does not read');
    return { from: tableFrom(branch), where: and(filter, ...conditions(branch)), orderBy: orderBySql(branch, orderBy), key: keyColumn ? sql`${keyColumn}` : null };
  });
  if (branches.some((branch) => branch.key === null)) return undefined;
  return (scope) => seekCandidates(sql`${primaryKeyOf(scope)!}`, branches as SeekBranch[], size);
}

/**
 * The seeks past a cursor over an ordering of several columns, one per ordering column: equal on
 * the columns before it, past the cursor on it. Null when the cursor holds one value (a
 * one-column comparison is already a seek).
 */
type Seeks = ((scope: Scope) => SQL[])[];

function seeksPastCursor(cursor: string, orderBy: Record<string, 'asc' | 'desc'>): Seeks | null {
  const values = cursorPosition(cursor) ?? [];
  const ordering = Object.entries(orderBy).slice(0, values.length);
  if (values.length < 2) return null;
  return ordering.map((_, position) => (scope: Scope) =>
    ordering.slice(0, position + 1).map(([key, direction], index) => {
      const column = scope.columns[key] ?? unsupported(`no column ${key}`);
      if (index < position) return eq(column, values[index]);
      return direction === 'desc' ? sql`${column} < ${values[index]}` : sql`${column} > ${values[index]}`;
    }),
  );
}

/** The table's single integer primary key column (its rowid), if it has one. */
function primaryKeyOf(scope: Scope): SQLiteColumn | undefined {
  const key = singleKey(scope);
  return key?.columnType === 'SQLiteInteger' ? key : undefined;
}

/** The most matches a filtered page ever counts to choose how to read them (bounds that count). */
const MATCHES_COUNTED = 600;
/** How much more taking one match by key and sorting it costs than walking past one row (measured, rounded). */
const SORT_COST = 8;

/**
 * A filtered page walks the list in order and stops after a page of matches: cheap when matches
 * are dense, but a filter that matches little walks the whole list (100k records, SQLite alone:
 * `yearFrom: 2030` 4.4 ms, a country no clone has 11 ms; 1k: 0.2-0.6 ms). So the statement first
 * counts the matches m through the filter's indexes (its count form, at most MATCHES_COUNTED) and
 * takes them by key and sorts them when that is cheaper than the walk: when SORT_COST · m is below
 * the rows a walk reads for a page of (size + 1) evenly spread matches, (size + 1) · rows / m,
 * rows estimated by the largest key. Otherwise it walks as before, which stays short unless the
 * matches cluster far down the list (a status whose records all sort last still walks them); a
 * list split in parts (some kinds) reads part by part instead (`partsMerged`).
 * Where the live-row counters can tell m exactly (`counted`), it is read from them instead; m is
 * computed once per statement, and `matches` gives it (with `whole`: m is the exact total) to
 * `totalCount`, so a total under the cap or told by the counters reads no row again.
 */
function fewMatchesAlternatives(
  walk: Walk,
  root: RootConnection,
  args: Record<string, unknown>,
  scope: Scope,
  /** The page's size and reading order, the seeks past the cursor it is read from, and whether it starts past one. */
  page: { size: number; order: Record<string, 'asc' | 'desc'>; seeks: Seeks | null; fromCursor: boolean },
  pageWhere: SQL | undefined,
  walkWhere: SQL | undefined,
  counted: SQL | undefined,
): { alternatives: PlanAlternative[]; matches: SQL } | undefined {
  const key = primaryKeyOf(scope);
  const decided = decidedMatches(walk, root, args, page.size, counted);
  if (!key || !decided) return undefined;
  const few = sql`(SELECT few FROM ${decided})`;
  // Without a cursor, the page is the first size + 1 matches in order, which the collection
  // itself sorts out (its filter selects the same rows as the page's): the page then reads those
  // rows only, where it read and tested every match's row again (100k records with long texts,
  // an institution in 429: 2.7 → 0.7 ms in SQLite). After a cursor, the page sorts them all.
  const firstOfMatches = page.fromCursor ? undefined : firstMatchesByKey(walk, root, args, decided, page);
  const byKey = sql`${key} IN (${firstOfMatches ?? matchesByKey(walk, root, args, decided)})`;
  const merging = sql`(SELECT NOT few AND rows >= ${sql.raw(String(MERGED_ROWS))} FROM ${decided})`;
  const merged = partsMerged(walk, root, args, page, decided, merging);
  return {
    alternatives: [
      { name: 'sort', where: and(pageWhere, byKey), when: few },
      { name: 'walk', where: walkWhere, when: merged ? sql`(SELECT NOT few AND rows < ${sql.raw(String(MERGED_ROWS))} FROM ${decided})` : sql`NOT ${few}` },
      ...(merged ? [{ name: 'merge', where: and(pageWhere, sql`${key} IN (${merged})`), when: merging }] : []),
    ],
    matches: decided,
  };
}

/**
 * Below this many rows (estimated by the largest key) a split list still walks as a whole: the
 * walk then passes at most ~0.2 ms of index entries, and reading part by part costs a fixed
 * ~0.05-0.08 ms of CPU more per page (1k records, interleaved A/B).
 */
const MERGED_ROWS = 2_000;

/**
 * How many rows `args`'s filter matches, decided once for the statement (`m`, `whole`, `few`; see
 * `fewMatchesAlternatives`), or undefined for a table without a single integer key.
 */
function decidedMatches(walk: Walk, root: RootConnection, args: Record<string, unknown>, size: number, counted: SQL | undefined): SQL | undefined {
  const bounded = boundedMatches(walk, root, args);
  const estimated = walk.statement.scope(root.table);
  const estimatedKey = primaryKeyOf(estimated);
  if (!estimatedKey) return undefined;
  const rows = sql`(SELECT coalesce(max(${estimatedKey}), 0) FROM ${tableFrom(estimated)})`;
  const cap = sql.raw(String(MATCHES_COUNTED));
  // m: the matches, from the counters when they can tell (then exact), else counted up to the cap
  // (exact below it); `whole` says m is the exact total, which `totalCount` then reads.
  // Counted once for the whole statement (its own CTE: as a subquery SQLite would copy the count
  // into each place the decision below reads m), and decided once: the decision is read in three places.
  // e: the rows collecting the matches reads besides them, where the counters tell it (else 0).
  // w: the rows a walk passes, where the counters tell it is fewer than the table's (else null).
  const enumerated = root.enumerated?.(args);
  const walked = root.walked?.(args);
  // Without an exact count, a lower bound at the cap says m reaches it, without counting the
  // matches (countries CN, RU, IN, BR and ZA, skewed 100k: the count listed every link row of the
  // five, 55k, before its LIMIT). m is then the cap, not exact: `c` stays 0 and `whole` false.
  const atLeast = counted ? undefined : root.countedAtLeast?.(args);
  const matches = walk.statement.evaluatedOnce(
    counted
      ? sql`SELECT CASE WHEN c THEN ${counted} ELSE ${bounded} END AS m, c, ${enumerated ? sql`CASE WHEN c THEN ${enumerated} ELSE 0 END` : sql`0`} AS e, ${
          walked ? sql`CASE WHEN c THEN ${walked} END` : sql`NULL`
        } AS w FROM (SELECT ${countersCurrent()} AS c)`
      : atLeast
        ? sql`SELECT CASE WHEN ${countersCurrent()} AND ${atLeast} >= ${cap} THEN ${cap} ELSE ${bounded} END AS m, 0 AS c, 0 AS e, NULL AS w`
        : sql`SELECT ${bounded} AS m, 0 AS c, 0 AS e, NULL AS w`,
  );
  // `c` and `rows` are kept for the parts' decisions (`partDecided`).
  return walk.statement.evaluatedOnce(
    sql`SELECT m, c, ${rows} AS rows, c OR m < ${cap} AS whole, ${fewWhen(sql`coalesce(w, ${rows})`, size)} AS few FROM ${matches}`,
  );
}

/** The matches of `args`'s filter, counted through its indexes up to MATCHES_COUNTED (exact below it). */
function boundedMatches(walk: Walk, root: RootConnection, args: Record<string, unknown>): SQL {
  const scope = walk.statement.scope(root.table);
  return sql`(SELECT count(*) FROM (SELECT 1 FROM ${tableFrom(scope)} WHERE ${countFilterOf(walk, root, args)(scope.table)} LIMIT ${sql.raw(String(MATCHES_COUNTED))}))`;
}

/**
 * Whether m matches (a column) are few enough to take by key and sort, against a walk over `rows`
 * for a page of `size`: collecting them costs SORT_COST each, plus e (a column), the rows read
 * to find them besides (`RootConnection.enumerated`), about what a walk pays per row; a walk
 * passes `rows` (`RootConnection.walked` where the counters tell fewer). 100k records with long
 * texts, events since 2022 in a country in 1% of records (354): sorting them read all ~40k such
 * events, 11.8 ms, where the walk takes 0.9 ms.
 */
const fewWhen = (rows: SQL, size: number): SQL =>
  sql`m < ${sql.raw(String(MATCHES_COUNTED))} AND ${sql.raw(String(SORT_COST))} * m * m + e * m <= ${sql.raw(String(size + 1))} * ${rows}`;

/**
 * The same decision for one part of a split list (`m`, `few`), in one CTE: whether the counters
 * are current and the rows estimate come from the whole filter's (`decidedWhole`), and m is
 * computed once in a subquery that SQLite keeps apart (an OFFSET keeps it from being flattened,
 * which would copy the count into each place that reads m).
 */
function partDecided(walk: Walk, root: RootConnection, args: Record<string, unknown>, size: number, counted: SQL | undefined, decidedWhole: SQL): SQL {
  const bounded = boundedMatches(walk, root, args);
  const m = counted ? sql`CASE WHEN c THEN ${counted} ELSE ${bounded} END` : bounded;
  const enumerated = counted ? root.enumerated?.(args) : undefined;
  const walked = counted ? root.walked?.(args) : undefined;
  const e = enumerated ? sql`CASE WHEN c THEN ${enumerated} ELSE 0 END` : sql`0`;
  const w = walked ? sql`CASE WHEN c THEN ${walked} ELSE rows END` : sql`rows`;
  return walk.statement.evaluatedOnce(
    sql`SELECT m, ${fewWhen(sql`w`, size)} AS few FROM (SELECT ${m} AS m, ${e} AS e, ${w} AS w FROM ${decidedWhole} LIMIT 1 OFFSET 0)`,
  );
}

/** How many matches a collection by key takes: all of them when they are few (m), else none. */
const fewLimit = (decided: SQL): SQL => sql`(SELECT CASE WHEN few THEN m ELSE 0 END FROM ${decided})`;

/** Queries a list's filter evaluates once per statement, by the list's arguments and the filter's key (`ConditionScope.once`). */
const filterQueries = new WeakMap<JsonStatement, WeakMap<Record<string, unknown>, Map<string, SQL>>>();

/**
 * `once` for `args`'s filter: its count forms in this statement share what it evaluates. One map
 * per arguments object, so one filter's values: keys name a filter's terms, not their values
 * (`matchesKey`, src/db/filters.ts), and a map shared by two filters would mix their matches.
 */
function onceFor(walk: Walk, args: Record<string, unknown>): NonNullable<ConditionScope['once']> {
  let byArgs = filterQueries.get(walk.statement);
  if (!byArgs) filterQueries.set(walk.statement, (byArgs = new WeakMap()));
  let byKey = byArgs.get(args);
  if (!byKey) byArgs.set(args, (byKey = new Map()));
  const queries = byKey;
  return (query, key) => {
    let name = queries.get(key);
    if (!name) queries.set(key, (name = walk.statement.evaluatedOnce(query)));
    return name;
  };
}

const countFilterOf = (walk: Walk, root: RootConnection, args: Record<string, unknown>) => (table: SQLiteTable) =>
  root.where(table, args, walk.context, 'count', { once: onceFor(walk, args) }) ?? unsupported('filter the compiled path does not read');

/**
 * The keys of all the matches when they are few (read through the filter's indexes), none
 * otherwise. Gated as well: SQLite builds an IN list before the LIMIT that would skip its query.
 * Few matches are all the matches there are (m is exact below the cap), so the collection stops
 * at the m-th instead of reading the rest of its index looking for more (none when m is 0: 100k
 * records, a span of dates past the data's, 40k index entries read for nothing).
 */
function matchesByKey(walk: Walk, root: RootConnection, args: Record<string, unknown>, decided: SQL): SQL {
  const matched = walk.statement.scope(root.table);
  return sql`SELECT ${primaryKeyOf(matched)!} FROM ${tableFrom(matched)} WHERE ${countFilterOf(walk, root, args)(matched.table)} LIMIT ${fewLimit(decided)}`;
}

/**
 * The keys of the first `page.size + 1` matches in the page's order when they are few (as
 * `matchesByKey` collects them, with the ordering columns), none otherwise; undefined when an
 * ordering column is not the table's own.
 */
function firstMatchesByKey(walk: Walk, root: RootConnection, args: Record<string, unknown>, decided: SQL, page: { size: number; order: Record<string, 'asc' | 'desc'> }): SQL | undefined {
  const matched = walk.statement.scope(root.table);
  const keyOrder = Object.entries(page.order).map(([name, direction], index) => ({ column: matched.columns[name], alias: `o${index}`, direction }));
  if (keyOrder.some(({ column }) => !column)) return undefined;
  const collected = sql`SELECT ${primaryKeyOf(matched)!} AS k${sql.join(
    keyOrder.map(({ column, alias }) => sql`, ${column} AS ${sql.raw(alias)}`),
  )} FROM ${tableFrom(matched)} WHERE ${countFilterOf(walk, root, args)(matched.table)} LIMIT ${fewLimit(decided)}`;
  const ordering = keyOrder.map(({ alias, direction }) => `${alias} ${direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
  return sql`SELECT k FROM (${collected}) ORDER BY ${sql.raw(ordering)} LIMIT ${sql.raw(String(page.size + 1))}`;
}

/**
 * For a filter that names several values of one column (a record's kinds), the keys a page can
 * hold, read part by part (`RootConnection.parts`): each part walks its own index in page order
 * (past the cursor the page starts from, one seek per ordering column) and stops after a page,
 * or, when that part has few matches, takes them all by key. The walk over the whole list reads
 * every row of the other values too: 100k records whose newest ~20,000 are of other kinds
 * walked past them all for each page (0.86 ms in SQLite). A part walks only its own value's rows,
 * and a part with few or no matches (which would walk all of them) reads just its matches. The
 * page applies its whole filter, keyset and ordering to the candidates, so it reads the same rows.
 * Undefined when the list is not split.
 */
function partsMerged(
  walk: Walk,
  root: RootConnection,
  args: Record<string, unknown>,
  page: { size: number; order: Record<string, 'asc' | 'desc'>; seeks: Seeks | null },
  /** The whole filter's decision, which a single part shares. */
  decidedWhole: SQL,
  /** Whether the page is read part by part (else no part decides or reads anything). */
  wanted: SQL,
): SQL | undefined {
  const parts = root.parts?.(args);
  if (!parts || parts.length === 0) return undefined;
  const seeks = page.seeks;
  // The seeks past the cursor split its keyset exactly; beside them the row-value comparison
  // added nothing but cost: SQLite bounded the walk by it instead of the seek (uniform 100k
  // records, a part's 51 rows after a cursor: 1.4 ms against 0.1 ms).
  const keyset = (args.after != null || args.before != null) && !seeks;
  const branches: SeekBranch[] = [];
  // SQLite reads the candidates even where the page takes none (few matches overall, or a small
  // list: the page sorts or walks them); then no part reads a row nor decides how it would read them.
  for (const part of parts) {
    // A single part is the whole filter: never few here.
    const decided = parts.length === 1 ? decidedWhole : partDecided(walk, root, part.args, page.size, root.counted?.(part.args) ?? undefined, decidedWhole);
    if (parts.length > 1) {
      const matched = walk.statement.scope(root.table);
      branches.push({
        from: tableFrom(matched),
        where: countFilterOf(walk, root, part.args)(matched.table),
        key: sql`${primaryKeyOf(matched)!}`,
        limit: sql`(CASE WHEN ${wanted} THEN ${fewLimit(decided)} ELSE 0 END)`,
      });
    }
    for (const conditions of seeks ?? [() => []]) {
      const branch = walk.statement.scope(root.table);
      const filter = root.where(branch.table, part.args, walk.context, 'page') ?? unsupported('filter the compiled path does not read');
      branches.push({
        from: tableFrom(branch),
        where: and(filter, part.seek(branch.table), ...(keyset ? (root.keyset ?? unsupported('keyset'))(branch.table, args) : []), ...conditions(branch)),
        orderBy: orderBySql(branch, page.order),
        key: sql`${primaryKeyOf(branch)!}`,
        limit: sql`(CASE WHEN ${wanted} THEN (SELECT CASE WHEN few THEN 0 ELSE ${sql.raw(String(page.size + 1))} END FROM ${decided}) ELSE 0 END)`,
      });
    }
  }
  // A CTE of its own: its filters (subqueries among them) parse at the top of the statement, not
  // nested under the page's (see `parserDepth`).
  return sql`SELECT k FROM ${walk.statement.evaluatedOnce(branchKeys(branches, page.size))}`;
}

/**
 * `node(id:)`: the row by its key; null when it does not exist or the caller may not see it.
 */
function compileNode(
  walk: Walk,
  fieldType: GraphQLOutputType,
  nodes: readonly FieldNode[],
  id: unknown,
  /** Where each request's ID comes from, when a variable gives it: the key is then bound, not inlined. */
  source?: (variables: Record<string, unknown>) => unknown,
): Compiled {
  // `nodeIdShape` tells apart every case decided here.
  if (typeof id !== 'string') return unsupported('id');
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    return unsupported('malformed id');
  }
  const type = walk.schema.getType(decoded.typename);
  if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) return unsupported('not a node type');
  const table = extensionsOf(type).pothosDrizzleTable ?? unsupported('node without a table');
  const scope = walk.statement.scope(table.name);
  const key = primaryKey(scope);
  // Only canonical numeric keys: any other spelling (`01`, `1.0`, a code in lower case) is the
  // resolvers' to refuse as bad input.
  const numeric = key.dataType.startsWith('number');
  if (!numeric) unsupported('node with a text key');
  if (!CANONICAL_KEY.test(decoded.id)) unsupported('id that is not a canonical number');
  // The rule `visibleNodes` (src/builder.ts) applies before loading a node of a checked type.
  const checked = (CHECKED_TYPES as string[]).includes(type.name) && isRuledTable(table.name);
  const visible = checked ? visibleRow(table.name as RuledTable, scope.table) : undefined;
  const object = compileObject(walk, type, scope, nodes);
  const keyValue = source ? walk.reads.placeholder((variables) => Number(decodeGlobalID(source(variables) as string).id)) : Number(decoded.id);
  return {
    sql: oneObject({ from: tableFrom(scope), where: and(eq(key, keyValue), visible) }, object.sql),
    finish: nullable(fieldType, object.finish),
  };
}

function compileOperation(walk: Walk, operation: OperationDefinitionNode, document: DocumentNode): Plan {
  const queryType = walk.schema.getQueryType()!;
  const rootFields = collectFields(walk, queryType, [operation.selectionSet]);
  const compileRoot = (skipped: ReadonlySet<string>) => {
    const pairs: [string, SQL][] = [];
    const finishers: [string, Finish][] = [];
    const unsupportedKeys = new Set<string>();
    for (const [key, fieldNodes] of rootFields) {
      if (skipped.has(key)) continue;
      const name = fieldNodes[0]!.name.value;
      if (name === '__typename') {
        pairs.push([key, literal(queryType.name)]);
        continue;
      }
      try {
        const compiled = compileRootField(walk, queryType.getFields()[name] ?? unsupported(`no field Query.${name}`), fieldNodes);
        pairs.push([key, compiled.sql]);
        finishers.push([key, compiled.finish]);
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        unsupportedKeys.add(key);
      }
    }
    return { sql: jsonObject(pairs), finish: objectFinish(finishers), unsupportedKeys };
  };
  let root = compileRoot(new Set());
  let resolved: Plan['resolved'];
  if (root.unsupportedKeys.size > 0) {
    // Every root field to the resolvers: nothing for the statement to do.
    if (root.unsupportedKeys.size === rootFields.size) unsupported([...root.unsupportedKeys].join(', '));
    const keys = root.unsupportedKeys;
    // Compiled again without them, so that nothing a failed field began stays in the statement.
    walk.statement = new JsonStatement(walk.statement.relations);
    root = compileRoot(keys);
    // Planned the same way twice; were a field refused only the second time, it would go missing.
    if (root.unsupportedKeys.size > 0) unsupported('a root field refused on the second pass');
    resolved = { document: withRootSelections(document, operation, [...keys].flatMap((key) => rootFields.get(key)!)), keys, order: [...rootFields.keys()] };
  }
  const { sql: data, finish } = root;
  return {
    query: renderJsonStatement(walk.context.db, walk.statement, data),
    finish: (value) => finish(value) as Record<string, unknown>,
    ...(resolved ? { resolved } : {}),
  };
}

/** The document with `operation` selecting only `selections` at its root (e.g. some of its root fields); the rest kept. */
export function withRootSelections(document: DocumentNode, operation: OperationDefinitionNode, selections: readonly SelectionNode[]): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((definition) =>
      definition === operation ? { ...operation, selectionSet: { ...operation.selectionSet, selections } } : definition,
    ),
  };
}

// ------------------------------------------------------------------------------------------------
// Plan cache

/** A plan (null: the resolvers answer) and the variables it was keyed by. */
interface CachedPlan {
  plan: Plan | null;
  dependencies: PlanDependencies;
}

/** Plans of one operation for one locale and viewer kind, grouped by which variables they read. */
interface OperationPlans {
  operation: OperationDefinitionNode | undefined;
  groups: { dependencies: PlanDependencies; plans: Map<string, CachedPlan> }[];
}

/**
 * Plans kept, least recently used dropped first: per group (one operation's plans that read the
 * same variables) and in all. A plan's statement is a few KB; documents come and go with the
 * parser's cache, and the bound in all keeps the plans of many documents within a Worker's memory.
 */
const MAX_PLANS_PER_GROUP = 256;
const MAX_PLANS = 2_000;

/** Every cached plan, least recently used first, with where it is kept. */
const allPlans = new Map<CachedPlan, { plans: Map<string, CachedPlan>; key: string }>();

function touch(cached: CachedPlan, plans: Map<string, CachedPlan>, key: string): void {
  plans.delete(key);
  plans.set(key, cached);
  allPlans.delete(cached);
  allPlans.set(cached, { plans, key });
}

function keep(cached: CachedPlan, plans: Map<string, CachedPlan>, key: string): void {
  const replaced = plans.get(key);
  if (replaced) allPlans.delete(replaced);
  if (plans.size >= MAX_PLANS_PER_GROUP) {
    const [oldestKey, oldest] = plans.entries().next().value!;
    plans.delete(oldestKey);
    allPlans.delete(oldest);
  }
  if (allPlans.size >= MAX_PLANS) {
    const [oldest, place] = allPlans.entries().next().value!;
    allPlans.delete(oldest);
    if (place.plans.get(place.key) === oldest) place.plans.delete(place.key);
  }
  touch(cached, plans, key);
}
const MAX_GROUPS = 8;
const NO_VARIABLES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const plans = new WeakMap<AnyRelations, WeakMap<DocumentNode, Map<string, OperationPlans>>>();

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * The statement for an operation, or null when some field has no SQL (the resolvers run then);
 * with `partial`, root fields without SQL may be left to the resolvers (`Plan.resolved`), and it
 * is null only when none has SQL. Cached per relations config (the viewer's visibility), document, operation, locale and admin
 * scope, and by the variables the plan read: their values, or for IDs and cursors only what
 * decides the statement, whose parameters each request then fills.
 */
export function planRead(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  context: Context,
  /** Whether a plan may leave some root fields to the resolvers (`Plan.resolved`); if not, such a plan is null. */
  options: { partial?: boolean } = {},
): Plan | null {
  const plan = cachedPlan(schema, document, operationName, variables, context);
  return plan?.resolved && !options.partial ? null : plan;
}

function cachedPlan(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  context: Context,
): Plan | null {
  const relations = (context.db as unknown as { _: { relations: AnyRelations } })._.relations;
  let byDocument = plans.get(relations);
  if (!byDocument) {
    byDocument = new WeakMap();
    plans.set(relations, byDocument);
  }
  let byOperation = byDocument.get(document);
  if (!byOperation) {
    byOperation = new Map();
    byDocument.set(document, byOperation);
  }
  const admin = hasScope(context.viewer, 'admin');
  const operationKey = `${operationName ?? ''}\u0000${context.locale}\u0000${admin ? 1 : 0}`;
  let entry = byOperation.get(operationKey);
  if (!entry) {
    entry = { operation: operationOf(document, operationName), groups: [] };
    byOperation.set(operationKey, entry);
  }
  const { operation } = entry;
  if (!operation || operation.operation !== 'query') return null;

  // Variables as graphql-js coerces them (defaults applied); invalid ones are the resolvers' to report.
  let values = NO_VARIABLES;
  if (operation.variableDefinitions?.length) {
    const coerced = coercedVariables(schema, operation.variableDefinitions, variables ?? {});
    if (coerced.errors) return null;
    values = coerced.coerced;
  }
  for (const group of entry.groups) {
    const key = group.dependencies.keyOf(values);
    const cached = group.plans.get(key);
    if (cached) {
      touch(cached, group.plans, key);
      return bound(cached, values);
    }
  }

  const reads = new VariableReads(values);
  let plan: Plan | null;
  try {
    plan = compileOperation(
      { schema, fragments: fragmentsOf(document), variables: reads.variables, reads, context, statement: new JsonStatement(relations), admin },
      operation,
      document,
    );
  } catch (error) {
    // Anything the planner cannot read (or a variable graphql-js will reject) is the resolvers' job.
    if (typeof process !== 'undefined' && process.env?.COMPILED_READ_DEBUG) console.error('compiled read: resolvers', error);
    plan = null;
  }
  const dependencies = reads.dependencies();
  let group = entry.groups.find((candidate) => candidate.dependencies.sameAs(dependencies));
  if (!group) {
    if (entry.groups.length >= MAX_GROUPS) {
      // Dropped groups give their plans' places in the bound in all back.
      for (const dropped of entry.groups) for (const cachedPlan of dropped.plans.values()) allPlans.delete(cachedPlan);
      entry.groups.length = 0;
    }
    group = { dependencies, plans: new Map() };
    entry.groups.push(group);
  }
  const cached = { plan, dependencies };
  keep(cached, group.plans, dependencies.keyOf(values));
  return bound(cached, values);
}

/** The plan with the request's values in its placeholders. */
function bound({ plan, dependencies }: CachedPlan, values: Record<string, unknown>): Plan | null {
  if (!plan || !dependencies.placeholders) return plan;
  return { ...plan, query: { sql: plan.query.sql, params: dependencies.parameters(plan.query.params, values) } };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}
