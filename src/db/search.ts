/**
 * Full-text search over every public entity, backed by the FTS5 table `search_index`.
 * Documents are normalised by `searchTerms` (Simplified script, bigrams for Chinese) before they
 * are stored, and queries by `searchMatchExpression`, so a query in either Chinese script or in
 * English finds text stored in any of them.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import { searchMatchExpression, searchTerms } from './text';

export const SEARCHABLE_TYPES = [
  'Institution',
  'BranchCentre',
  'Network',
  'CooperationRecord',
  'Indicator',
  'PlanTarget',
] as const;
export type SearchableType = (typeof SEARCHABLE_TYPES)[number];

type Executor = Pick<Database, 'run' | 'all'>;

interface SearchSourceTable {
  type: SearchableType;
  table: string;
  /** SQL expression of the title text (names in all scripts, plus acronyms). */
  title: string;
  /** SQL expression of the body text (descriptions, summaries, places). */
  body: string;
}

const localized = (column: string) =>
  `coalesce(${column}_zh_hant, '') || ' ' || coalesce(${column}_zh_hans, '') || ' ' || coalesce(${column}_en, '')`;

const SOURCES: readonly SearchSourceTable[] = [
  {
    type: 'Institution',
    table: 'institutions',
    title: `${localized('name')} || ' ' || coalesce(acronym, '')`,
    body: localized('description'),
  },
  { type: 'BranchCentre', table: 'branch_centres', title: localized('name'), body: localized('description') },
  { type: 'Network', table: 'networks', title: localized('name'), body: localized('description') },
  {
    type: 'CooperationRecord',
    table: 'records',
    title: localized('title'),
    body: `${localized('summary')} || ' ' || ${localized('location')}`,
  },
  { type: 'Indicator', table: 'indicators', title: localized('name'), body: `''` },
  { type: 'PlanTarget', table: 'plan_targets', title: localized('title'), body: localized('description') },
];

interface RawDocument {
  id: number;
  title: string;
  body: string;
}

async function loadDocuments(db: Executor, source: SearchSourceTable, id?: number) {
  const filter = id === undefined ? sql`` : sql` AND id = ${id}`;
  return db.all<RawDocument>(
    sql`SELECT id, ${sql.raw(source.title)} AS title, ${sql.raw(source.body)} AS body FROM ${sql.raw(
      source.table,
    )} WHERE archived_at IS NULL${filter}`,
  );
}

function insertStatement(type: SearchableType, doc: RawDocument): SQL {
  const title = searchTerms(doc.title);
  const body = searchTerms(doc.body);
  return sql`INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES (${type}, ${doc.id}, ${title.words.join(' ')}, ${body.words.join(' ')}, ${[...title.unigrams, ...body.unigrams].join(' ')})`;
}

/** Rebuilds the whole index; used by the seed. */
export async function rebuildSearchIndex(db: Executor): Promise<void> {
  await db.run(sql`DELETE FROM search_index`);
  for (const source of SOURCES) {
    for (const doc of await loadDocuments(db, source)) {
      await db.run(insertStatement(source.type, doc));
    }
  }
}

/** Re-indexes one entity after it changed (archived entities leave the index). */
export async function reindexEntity(db: Executor, type: SearchableType, id: number): Promise<void> {
  const source = SOURCES.find((candidate) => candidate.type === type);
  if (!source) throw new Error(`Unknown searchable type ${type}`);
  await db.run(sql`DELETE FROM search_index WHERE entity_type = ${type} AND entity_id = ${id}`);
  for (const doc of await loadDocuments(db, source, id)) {
    await db.run(insertStatement(type, doc));
  }
}

export interface SearchHit {
  type: SearchableType;
  id: number;
  /** bm25 relevance, higher is better. */
  score: number;
}

export interface SearchPage {
  hits: SearchHit[];
  totalCount: number;
}

export interface SearchWindow {
  types?: readonly SearchableType[] | undefined;
  limit: number;
  offset: number;
  /** Count `offset` and `limit` from the worst match (for a `last` page); hits still come best first. */
  fromEnd?: boolean | undefined;
}

/**
 * The ranked window of hits as SQL (`type, id, score, total`), or null when the query has nothing to
 * match. bm25() cannot share a SELECT with a window function, hence the materialised CTE.
 */
function windowSql(query: string, options: SearchWindow): { sql: SQL; match: string; typeList: SQL } | null {
  const match = searchMatchExpression(query);
  if (!match) return null;
  const types = options.types && options.types.length > 0 ? options.types : SEARCHABLE_TYPES;
  const typeList = sql.join(
    types.map((type) => sql`${type}`),
    sql`, `,
  );
  return {
    match,
    typeList,
    sql: sql`WITH hits AS MATERIALIZED (
          SELECT entity_type AS type, entity_id AS id, -bm25(search_index, 0, 0, 10.0, 1.0, 2.0) AS score
          FROM search_index
          WHERE search_index MATCH ${match} AND entity_type IN (${typeList}))
        SELECT type, id, score, count(*) OVER () AS total FROM hits
        ORDER BY ${options.fromEnd ? sql`score ASC, type DESC, id DESC` : sql`score DESC, type, id`}
        LIMIT ${options.limit} OFFSET ${options.offset}`,
  };
}

/**
 * A condition for rows of one type inside the same window as `searchIndex` (a subquery), so the
 * caller loads the rows in the same round trip as the hits instead of waiting for them.
 */
export function inSearchWindow(
  query: string,
  options: SearchWindow,
  type: SearchableType,
): ((table: { id: SQLiteColumn }) => SQL) | null {
  const window = windowSql(query, options);
  return window && ((table) => sql`${table.id} IN (SELECT id FROM (${window.sql}) WHERE type = ${type})`);
}

/**
 * Ranked search. Names weigh ten times more than descriptions. `types` narrows the entity types.
 * Returns the requested window of hits and the total number of matches.
 */
export async function searchIndex(db: Executor, query: string, options: SearchWindow): Promise<SearchPage> {
  const window = windowSql(query, options);
  if (!window) return { hits: [], totalCount: 0 };
  const { match, typeList } = window;
  const rows = await db.all<{ type: SearchableType; id: number; score: number; total: number }>(window.sql);
  if (options.fromEnd) rows.reverse();
  const totalCount = rows[0]?.total ?? (options.offset > 0 ? await countMatches(db, match, typeList) : 0);
  return {
    hits: rows.map(({ type, id, score }) => ({ type, id: Number(id), score: Number(score) })),
    totalCount: Number(totalCount),
  };
}

async function countMatches(db: Executor, match: string, typeList: SQL): Promise<number> {
  const [row] = await db.all<{ total: number }>(
    sql`SELECT count(*) AS total FROM search_index WHERE search_index MATCH ${match} AND entity_type IN (${typeList})`,
  );
  return Number(row?.total ?? 0);
}
