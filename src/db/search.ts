/**
 * Full-text search over every public entity, backed by the FTS5 table `search_index`.
 * Documents are normalised by `searchTerms` (Simplified script, bigrams for Chinese) before they
 * are stored, and queries by `searchMatchExpression`, so a query in either Chinese script or in
 * English finds text stored in any of them. The entity type is an indexed token of its own column,
 * so narrowing by type happens inside the full-text match; so is the entity id, so a write finds
 * the rows it re-indexes through the index (`searchRowsOf`).
 */
import { getColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { bulkWriterOf } from './bulk';
import type { Database } from './client';
import { ENTITIES, SEARCH_FIELDS, SEARCHABLE_TYPES, type SearchableType, type SearchFieldName } from './entities';
import { columnJson } from './json-numbers';
import { liveCounts } from './schema';
import { searchMatchExpression, searchTerms } from './text';

export { SEARCHABLE_TYPES, type SearchableType } from './entities';

type Executor = Pick<Database, 'run' | 'all'>;
type Row = Record<string, unknown>;

/** The properties a search field is stored under: three for a localised field, else one. */
const SCRIPT_SUFFIXES = ['ZhHant', 'ZhHans', 'En'] as const;
const propertiesOf = (field: SearchFieldName): string[] =>
  SEARCH_FIELDS[field].localized ? SCRIPT_SUFFIXES.map((suffix) => `${field}${suffix}`) : [field];

/**
 * The two renderings of a search document (registry: `ENTITIES[type].search`), which must agree:
 * SQL over the table, for rebuilding the whole index, and JavaScript over a row, for re-indexing
 * inside a write's batch. Every property's text, missing ones as '', joined by spaces.
 */
function documentSql(type: SearchableType, part: 'title' | 'body'): SQL {
  const columns = getColumns(ENTITIES[type].table) as Record<string, SQLiteColumn>;
  const texts = ENTITIES[type].search[part].flatMap(propertiesOf).map((property) => sql`coalesce(${sql.identifier(columns[property]!.name)}, '')`);
  return texts.length === 0 ? sql`''` : sql.join(texts, sql` || ' ' || `);
}

/** The text a row is indexed under, as `documentSql` reads it from the table. */
export function searchDocument(type: SearchableType, row: Row): { title: string; body: string } {
  const text = (part: 'title' | 'body') =>
    ENTITIES[type].search[part]
      .flatMap(propertiesOf)
      .map((property) => (row[property] as string | null | undefined) ?? '')
      .join(' ');
  return { title: text('title'), body: text('body') };
}

/** The index's columns of a document, in the form `searchTerms` gives them. */
export function indexedTerms(document: { title: string; body: string }) {
  const title = searchTerms(document.title);
  const body = searchTerms(document.body);
  return { title: title.words.join(' '), body: body.words.join(' '), unigrams: [...title.unigrams, ...body.unigrams].join(' ') };
}

interface RawDocument {
  id: number;
  title: string;
  body: string;
}

/** The live rows' documents of a type, or of those of its rows with these ids. */
async function loadDocuments(db: Executor, type: SearchableType, ids?: readonly number[]): Promise<RawDocument[]> {
  const table = ENTITIES[type].table;
  const chosen = ids ? sql` AND ${table.id} IN (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})` : sql``;
  return db.all<RawDocument>(
    sql`SELECT id, ${documentSql(type, 'title')} AS title, ${documentSql(type, 'body')} AS body FROM ${table} WHERE ${table.archivedAt} IS NULL${chosen}`,
  );
}

/** The values of a document's index entry, in the order `INDEX_ENTRY_INSERT` binds them. */
function indexEntry(type: SearchableType, document: RawDocument): [SearchableType, number, string, string, string] {
  const terms = indexedTerms(document);
  return [type, Number(document.id), terms.title, terms.body, terms.unigrams];
}

/** An index entry's insert, with its values as positional parameters. */
const INDEX_ENTRY_INSERT = 'INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES (?, ?, ?, ?, ?)';

/** Rebuilds the whole index; used by the seed (inside its transaction, so through `db` itself). */
export async function rebuildSearchIndex(db: Executor): Promise<void> {
  await db.run(sql`DELETE FROM search_index`);
  for (const type of SEARCHABLE_TYPES) {
    for (const document of await loadDocuments(db, type)) {
      const [entityType, id, title, body, unigrams] = indexEntry(type, document);
      await db.run(sql`INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES (${entityType}, ${id}, ${title}, ${body}, ${unigrams})`);
    }
  }
  await compactSearchIndex(db);
}

/** Documents read, tokenised and inserted per statement while the index catches up with its rows. */
const CATCH_UP_ROWS = 500;

/** The index's rows of one type, as a MATCH on the type's token (which no user term matches). */
const typeMatch = (type: SearchableType) => `{entity_type} : "${type}"`;

/**
 * Brings the index level with its rows: indexes the live rows it lacks and drops its entries for
 * rows that are not live (or a second entry of one row). Writes through the API keep the index
 * current themselves; rows written another way (an import, a data set loaded with SQL) would
 * otherwise never be found by search. Each type is checked by two counts first (its live rows,
 * its entries: a few ms at 100k records, all types in one round trip) and compared row by row
 * only when they differ. Run by
 * `prepareDatabase` at every start and migration; `announce` hears of each type's missing rows
 * before they are indexed. Returns the entries added and dropped.
 */
export async function catchUpSearchIndex(
  db: Executor & Pick<Database, '$client'>,
  announce?: (type: SearchableType, rows: number) => void,
): Promise<{ added: number; dropped: number }> {
  let added = 0;
  let dropped = 0;
  // Each type's live rows and index entries, in one round trip.
  const [counts] = await db.all<Record<string, number>>(
    sql`SELECT ${sql.join(
      SEARCHABLE_TYPES.map((type) => {
        const table = ENTITIES[type].table;
        return sql`(SELECT count(*) FROM ${table} WHERE ${table.archivedAt} IS NULL) - (SELECT count(*) FROM search_index WHERE search_index MATCH ${typeMatch(type)}) AS ${sql.identifier(type)}`;
      }),
      sql`, `,
    )}`,
  );
  for (const type of SEARCHABLE_TYPES) {
    if (Number(counts?.[type] ?? 0) === 0) continue;
    const table = ENTITIES[type].table;
    const match = typeMatch(type);
    const removed = await db.run(
      sql`DELETE FROM search_index WHERE rowid IN (
            SELECT rowid FROM search_index WHERE search_index MATCH ${match}
              AND (entity_id NOT IN (SELECT id FROM ${table} WHERE ${table.archivedAt} IS NULL)
                OR rowid NOT IN (SELECT min(rowid) FROM search_index WHERE search_index MATCH ${match} GROUP BY entity_id)))`,
    );
    dropped += removed.rowsAffected;
    const missing = await db.all<{ id: number }>(
      sql`SELECT id FROM ${table} WHERE ${table.archivedAt} IS NULL AND id NOT IN (SELECT entity_id FROM search_index WHERE search_index MATCH ${match}) ORDER BY id`,
    );
    if (missing.length === 0) continue;
    announce?.(type, missing.length);
    const writer = bulkWriterOf(db).open(INDEX_ENTRY_INSERT);
    try {
      for (let start = 0; start < missing.length; start += CATCH_UP_ROWS) {
        const ids = missing.slice(start, start + CATCH_UP_ROWS).map((row) => Number(row.id));
        const entries = (await loadDocuments(db, type, ids)).map((document) => indexEntry(type, document));
        await writer.run(entries);
        added += entries.length;
      }
    } finally {
      writer.close();
    }
  }
  return { added, dropped };
}

/**
 * Merges the index into one segment after many rows were written (a rebuild, a bulk import, a
 * data set written row by row): run by the seed's rebuild and by `prepareDatabase` at every start
 * and migration. FTS5 writes in segments and a lookup probes each one: at 100k records, a term
 * found in two documents took 0.125 ms before and 0.064 ms after (0.070 ms at 1k). Merging 100k
 * records takes about 0.4 s; it is instant, and writes nothing, when the index is one segment.
 * Between starts, FTS5's automerge keeps the segments few.
 */
export async function compactSearchIndex(db: Executor): Promise<void> {
  await db.run(sql`INSERT INTO search_index (search_index) VALUES ('optimize')`);
}

/**
 * The index rows of one entity, found through the index: its id is a token of its own column
 * (`{entity_id} : "42"`), which user terms never match. A comparison on the column instead would
 * scan every row (~90 ms at 100k records, on each write that re-indexes).
 */
export function searchRowsOf(type: SearchableType, id: SQL): SQL {
  return sql`SELECT rowid FROM search_index WHERE search_index MATCH ('{entity_id} : "' || coalesce(${id}, 0) || '"') AND entity_type = ${type}`;
}

/** The table behind a searchable type, for loading the rows a page of hits points to. */
const tableOf = (type: SearchableType): SQLiteTable => ENTITIES[type].table;

/**
 * Column weights of the rank: entity type and id 0, title 10, body 1, single characters 2. Names
 * weigh ten times more than descriptions; FTS5 orders by this rank itself (`ORDER BY rank`).
 */
const SEARCH_WEIGHTS = '0.0, 0.0, 10.0, 1.0, 2.0';
const SEARCH_RANK = `bm25(${SEARCH_WEIGHTS})`;

/** The columns user terms may match: never the entity type (a query "network" must not find every network). */
const TEXT_COLUMNS = '{title body unigrams}';

/** Marks FTS5 `highlight()` puts around matched terms; the indexed text holds only letters, digits and spaces. */
const MARK_OPEN = '[';
const MARK_CLOSE = ']';

/** The indexed terms a hit matched, in the index's form (Simplified, lower case), per indexed column. */
export interface MatchedTerms {
  /** Words and bigrams matched in names and titles. */
  title: string[];
  /** Words and bigrams matched in descriptions, summaries and places. */
  body: string[];
  /** Single characters matched (one-character queries). */
  unigrams: string[];
}

export interface SearchHit {
  type: SearchableType;
  id: number;
  /** Relevance from the rank (bm25 with the weights above), higher is better. */
  score: number;
  /** The entity, as a Drizzle select of its table would return it. */
  row: Record<string, unknown>;
  matched: MatchedTerms;
}

export interface SearchPage {
  hits: SearchHit[];
  totalCount: number;
}

export interface SearchWindow {
  types?: readonly SearchableType[] | undefined;
  limit: number;
  offset: number;
  /** The last `limit` matches (for a `last` page without `before`); hits still come best first. */
  fromEnd?: boolean | undefined;
}

/** `json_object('property', column, …)` of a table's row under the alias `found`. */
function rowObject(table: SQLiteTable): SQL {
  const pairs = Object.entries(getColumns(table)).map(
    ([property, column]) => sql`${sql.raw(`'${property}'`)}, ${columnJson(column as SQLiteColumn, sql.raw(`found."${(column as SQLiteColumn).name}"`))}`,
  );
  return sql`json_object(${sql.join(pairs, sql`, `)})`;
}

/** Turns a row read as JSON back into what Drizzle returns (booleans, numbers, enums). */
function decodeRow(type: SearchableType, json: string): Record<string, unknown> {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const columns = getColumns(tableOf(type)) as Record<string, SQLiteColumn>;
  const row: Record<string, unknown> = {};
  for (const [property, column] of Object.entries(columns)) {
    const value = raw[property];
    row[property] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row;
}

/** The terms between the marks of a `highlight()` result. */
function markedTerms(highlighted: string | null): string[] {
  if (!highlighted) return [];
  const terms: string[] = [];
  for (const [, inner] of highlighted.matchAll(/\[([^\]]*)\]/g)) terms.push(...inner!.split(' ').filter(Boolean));
  return terms;
}

/**
 * A search's FTS5 match (its terms in the text columns, narrowed to its types), or null when
 * nothing in the query is searchable. Narrowed to some types, it comes in two forms that match
 * the same rows with the same bm25 (the type column weighs 0, so a type phrase adds nothing to a
 * score) and the same highlights: the types wanted (`AND {entity_type} : …`) and the others
 * excluded (`NOT {entity_type} : …`). FTS5 walks every phrase's whole list once for bm25's
 * weights, so the form naming fewer rows is cheaper: records only, 100k records: 10.8 → 8.4 ms.
 * (The forms agree because every indexed row's type is a searchable type: the index is built and
 * kept from SEARCHABLE_TYPES only.)
 */
export interface SearchMatch {
  /** The MATCH text, or a statement placeholder for it (a plan shared by every text: src/graphql/plan-variables.ts). */
  expression: string | SQL;
  /** The form that excludes the other types, when some are left out. */
  excluding?: string | SQL;
  types: readonly SearchableType[];
}

export function searchMatch(query: string, types: readonly SearchableType[] | undefined): SearchMatch | null {
  const terms = searchMatchExpression(query);
  if (!terms) return null;
  const covered = types && types.length > 0 ? [...new Set(types)] : SEARCHABLE_TYPES;
  const text = `${TEXT_COLUMNS} : (${terms})`;
  if (covered.length === SEARCHABLE_TYPES.length) return { expression: text, types: covered };
  const tokens = (list: readonly SearchableType[]) => `{entity_type} : (${list.map((type) => `"${type}"`).join(' OR ')})`;
  const others = SEARCHABLE_TYPES.filter((type) => !covered.includes(type));
  return { expression: `${text} AND ${tokens(covered)}`, excluding: `${text} NOT ${tokens(others)}`, types: covered };
}

/**
 * The live rows of some types by their counters (src/db/counters.ts), 0 where a counter is
 * missing. They only choose between two forms of one match, so stale counters cost time, never
 * results.
 */
const countedRows = (types: readonly SearchableType[]): SQL =>
  sql`(SELECT coalesce(sum(${liveCounts.count}), 0) FROM ${liveCounts} WHERE ${liveCounts.dimension} = '' AND ${liveCounts.entity} IN (${sql.join(
    types.map((type) => sql`${ENTITIES[type].key}`),
    sql`, `,
  )}))`;

/** The properties of a type's row that its snippets are cut from (its search document's fields). */
export function snippetProperties(type: SearchableType): string[] {
  return [...ENTITIES[type].search.title, ...ENTITIES[type].search.body].flatMap(propertiesOf);
}

/**
 * What a page reads per hit from its entity's row, given the hit's id: one value, null when the
 * row is gone or archived (a hit the index still holds is then left out, as lists leave it out).
 */
export type HitRow = (type: SearchableType, id: SQL) => SQL;

/**
 * The CTEs of one page: `matches` (the count of all matches) and `hits` (the page in rank order),
 * and the columns of a page's hits in that order. With `highlights` (for snippets), FTS5 ranks
 * itself (`rank MATCH … ORDER BY rank LIMIT`: it sorts every match, then reads and highlights only
 * the page's). Without, SQLite orders the same bm25 by its value and rowid, keeping only the best
 * `offset + limit` while it scans, and reads the page's type and id by rowid afterwards (reading
 * them beside the rank costs every match a row of the index's content): 100k records, "skills
 * competition" in records (10,004 matches), 14.7 → 9.0 ms. The order is the same: FTS5 sorts
 * the matches as it reads them, in rowid order, and keeps equal ranks in that order.
 */
function pageParts(match: SearchMatch, window: SearchWindow, rowOf: HitRow, highlights: boolean) {
  // One of the match's two forms, chosen once in the statement by the rows each names.
  const chosen = match.excluding
    ? sql`chosen AS MATERIALIZED (SELECT CASE WHEN ${countedRows(match.types)} > ${countedRows(SEARCHABLE_TYPES.filter((type) => !match.types.includes(type)))} THEN ${match.excluding} ELSE ${match.expression} END AS expression),
      `
    : sql``;
  const expression = match.excluding ? sql`(SELECT expression FROM chosen)` : sql`${match.expression}`;
  const offset = window.fromEnd ? sql`max(0, (SELECT total FROM matches) - ${window.limit})` : sql`${window.offset}`;
  const hits = highlights
    ? sql`hits AS MATERIALIZED (
        SELECT entity_type AS type, entity_id AS id, rank, rowid AS k,
          highlight(search_index, 2, ${MARK_OPEN}, ${MARK_CLOSE}) AS title,
          highlight(search_index, 3, ${MARK_OPEN}, ${MARK_CLOSE}) AS body,
          highlight(search_index, 4, ${MARK_OPEN}, ${MARK_CLOSE}) AS unigrams
        FROM search_index
        WHERE search_index MATCH ${expression} AND rank MATCH ${sql.raw(`'${SEARCH_RANK}'`)}
        ORDER BY rank LIMIT ${window.limit} OFFSET ${offset})`
    : sql`ranked AS MATERIALIZED (
        SELECT bm25(search_index, ${sql.raw(SEARCH_WEIGHTS)}) AS rank, rowid AS k
        FROM search_index
        WHERE search_index MATCH ${expression}
        ORDER BY rank, k LIMIT ${window.limit} OFFSET ${offset}),
      hits AS MATERIALIZED (
        SELECT indexed.entity_type AS type, indexed.entity_id AS id, ranked.rank, ranked.k, null AS title, null AS body, null AS unigrams
        FROM ranked JOIN search_index AS indexed ON indexed.rowid = ranked.k)`;
  const ctes = sql`${chosen}matches AS MATERIALIZED (SELECT count(*) AS total FROM search_index WHERE search_index MATCH ${expression}),
      ${hits}`;
  const id = sql.raw('hits.id');
  const row = sql`CASE hits.type ${sql.join(
    match.types.map((type) => sql`WHEN ${type} THEN ${rowOf(type, id)}`),
    sql` `,
  )} END`;
  // The score as text with every digit: SQLite's JSON writes a real with 15 digits only.
  const columns = sql`hits.type, hits.id, printf('%!.17g', -hits.rank) AS score, hits.title, hits.body, hits.unigrams, ${row} AS row`;
  return { ctes, columns, order: sql.raw('hits.rank, hits.k') };
}

/** The whole row of a hit, as JSON under the alias `found`, for the resolvers. */
const wholeRow: HitRow = (type, id) =>
  sql`(SELECT ${rowObject(tableOf(type))} FROM ${tableOf(type)} AS found WHERE found.id = ${id} AND found.archived_at IS NULL)`;

/** The terms a hit's `highlight()` columns marked. */
export function matchedTerms(highlights: { title: string | null; body: string | null; unigrams: string | null }): MatchedTerms {
  return { title: markedTerms(highlights.title), body: markedTerms(highlights.body), unigrams: markedTerms(highlights.unigrams) };
}

/**
 * One page of ranked hits with the rows they point to and the terms each matched, in ONE SQL
 * statement: FTS5 matches (types included), ranks and orders (`ORDER BY rank LIMIT`), highlights
 * the page's hits, counts all matches, and each hit's row is read beside it as JSON.
 */
export async function searchPage(db: Executor, query: string, window: SearchWindow): Promise<SearchPage> {
  const match = searchMatch(query, window.types);
  if (!match) return { hits: [], totalCount: 0 };
  const { ctes, columns, order } = pageParts(match, window, wholeRow, true);
  const rows = await db.all<{
    total: number;
    type: SearchableType | null;
    id: number | null;
    score: string | null;
    row: string | null;
    title: string | null;
    body: string | null;
    unigrams: string | null;
  }>(sql`WITH ${ctes} SELECT matches.total, ${columns} FROM matches LEFT JOIN hits ON 1 ORDER BY ${order}`);
  const totalCount = Number(rows[0]?.total ?? 0);
  const hits: SearchHit[] = [];
  for (const found of rows) {
    if (found.type === null || found.row === null) continue;
    hits.push({ type: found.type, id: Number(found.id), score: Number(found.score), row: decodeRow(found.type, found.row), matched: matchedTerms(found) });
  }
  return { hits, totalCount };
}

/**
 * The same page as a JSON value inside a larger statement (the compiled read path):
 * `{ "total": n, "hits": [[type, id, score, title, body, unigrams, row], …] }` in rank order, the
 * score as text, each row what `rowOf` reads (null for a hit left out), the highlights null
 * unless asked for.
 */
export function searchPageJson(match: SearchMatch | null, window: SearchWindow, rowOf: HitRow, options: { highlights: boolean }): SQL {
  if (!match) return sql`json_object('total', 0, 'hits', json_array())`;
  const { ctes, columns, order } = pageParts(match, window, rowOf, options.highlights);
  // The page as a CTE of its own: every level of nesting counts against SQLite's parser stack,
  // and the rows' JSON below it may nest deeply.
  return sql`(WITH ${ctes}, page AS (SELECT ${columns} FROM hits ORDER BY ${order})
    SELECT json_object('total', (SELECT total FROM matches), 'hits', json_group_array(json_array(page.type, page.id, page.score, page.title, page.body, page.unigrams, json(page.row)))) FROM page)`;
}
