/**
 * The benchmark's operations: each a GraphQL query for the API and the hand-written SQL that
 * answers the same question for the baseline, producing the same JSON (the runner checks that).
 * Bench-only code: the baseline is deliberately plain SQL, outside src/db.
 */
import type { Client, Row } from '@libsql/client';
import { RECORD_KINDS } from '../../db/enums';
import { searchMatchExpression } from '../../db/text';

export interface Operation {
  name: string;
  description: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Variables for the n-th request when they change each request (a data set of `scale` records); else `variables` always. */
  vary?(index: number, scale: number): Record<string, unknown>;
  /** The text with the variables written in as literals, sent instead of `query` and variables (clients that build their texts). */
  inline?(variables: Record<string, unknown>): string;
  /** The `data` the API returns, computed with plain SQL. */
  baseline(db: Client, variables: Record<string, unknown>): Promise<unknown>;
}

const EN_NAME = `coalesce(nullif(name_en, ''), nullif(name_zh_hans, ''), nullif(name_zh_hant, ''))`;
const EN_TITLE = `coalesce(nullif(title_en, ''), nullif(title_zh_hans, ''), nullif(title_zh_hant, ''))`;
const DATE_KEY = 'date_key';
const LIVE_RECORD = `archived_at IS NULL`;

const encodeId = (type: string, id: unknown) => Buffer.from(`${type}:${String(id)}`).toString('base64');

/** Participants of the given records (first `limit` by id each), with institution and country. */
async function participantsOf(db: Client, recordIds: number[], limit: number) {
  const byRecord = new Map<number, { role: string; institution: { name: string; country: { code: string } | null } }[]>();
  if (recordIds.length === 0) return byRecord;
  const rows = await db.execute({
    sql: `SELECT record_id, role, name, country_code FROM (
            SELECT p.record_id, p.role, ${EN_NAME.replaceAll('name_', 'i.name_')} AS name, i.country_code,
                   row_number() OVER (PARTITION BY p.record_id ORDER BY p.id) AS n
            FROM participants p JOIN institutions i ON i.id = p.institution_id
            WHERE p.archived_at IS NULL AND p.record_id IN (${recordIds.map(() => '?').join(',')}))
          WHERE n <= ? ORDER BY record_id, n`,
    args: [...recordIds, limit],
  });
  for (const row of rows.rows) {
    const list = byRecord.get(Number(row.record_id)) ?? [];
    list.push({
      role: String(row.role),
      institution: { name: String(row.name), country: row.country_code == null ? null : { code: String(row.country_code) } },
    });
    byRecord.set(Number(row.record_id), list);
  }
  return byRecord;
}

/** A record by its global ID, as `node(id:)` returns it. */
async function nodeBaseline(db: Client, variables: Record<string, unknown>) {
  const [, id] = Buffer.from(String(variables.id), 'base64').toString().split(':');
  const row = (await db.execute({ sql: `SELECT id, ${EN_TITLE} AS title, kind, year FROM records WHERE id = ? AND ${LIVE_RECORD}`, args: [Number(id)] })).rows[0];
  return { node: row ? { id: encodeId('CooperationRecord', row.id), title: String(row.title), kind: String(row.kind), year: row.year == null ? null : Number(row.year) } : null };
}

/** Words the synthetic records' titles and texts hold, common and rare, in English and Chinese. */
const SEARCH_WORDS = ['skills', 'competition', 'forum', 'training', 'digital', 'innovation', 'xiamen', 'brics', 'centre', 'industrial', 'platform', 'manufacturing', 'technology', 'cooperation', 'industry', 'partnership', 'alliance', 'expo', 'summit', 'new', '金砖', '创新', '工业', '培训'];

/** A search text's match over the indexed texts only: a term may not match the entity type's token ("cooperation" in every record). */
const textMatch = (text: string) => `{title body unigrams} : (${searchMatchExpression(text)})`;

/** The best 10 record hits of a search and their count, as `search(types: [CooperationRecord])` returns them. */
async function searchBaseline(db: Client, text: string) {
  const hits = await db.execute({
    sql: `WITH hits AS MATERIALIZED (
            SELECT entity_id AS id, -bm25(search_index, 0, 0, 10.0, 1.0, 2.0) AS score FROM search_index
            WHERE search_index MATCH ? AND entity_type = 'CooperationRecord')
          SELECT h.id, ${EN_TITLE.replaceAll('title_', 'r.title_')} AS title, count(*) OVER () AS total
          FROM hits h JOIN records r ON r.id = h.id ORDER BY h.score DESC, h.id LIMIT 10`,
    args: [textMatch(text)],
  });
  return {
    search: {
      totalCount: Number(hits.rows[0]?.total ?? 0),
      edges: hits.rows.map((row) => ({ node: { title: String(row.title) } })),
    },
  };
}

const recordList = (rows: Row[]) => rows.map((row) => ({ title: String(row.title), year: row.year == null ? null : Number(row.year) }));

export const OPERATIONS: Operation[] = [
  {
    name: 'nested',
    description: 'three-level nested list: 20 latest records → 5 participants → institution → country',
    query: `query Nested { records(first: 20) { nodes { title startsOn participants(first: 5) { nodes { role institution { name country { code } } } } } } }`,
    async baseline(db) {
      const records = await db.execute(
        `SELECT id, ${EN_TITLE} AS title, starts_on FROM records WHERE ${LIVE_RECORD} ORDER BY ${DATE_KEY} DESC, id DESC LIMIT 20`,
      );
      const participants = await participantsOf(db, records.rows.map((row) => Number(row.id)), 5);
      return {
        records: {
          nodes: records.rows.map((row) => ({
            title: String(row.title),
            startsOn: row.starts_on == null ? null : String(row.starts_on),
            participants: { nodes: participants.get(Number(row.id)) ?? [] },
          })),
        },
      };
    },
  },
  {
    name: 'node',
    description: 'node lookup by global ID',
    query: `query Node($id: ID!) { node(id: $id) { id ... on CooperationRecord { title kind year } } }`,
    variables: { id: encodeId('CooperationRecord', 5) },
    baseline: (db, variables) => nodeBaseline(db, variables),
  },
  {
    name: 'node-varied',
    description: 'node lookup by global ID, another record each request (4,000 in turn, spread over the data set)',
    query: `query NodeVaried($id: ID!) { node(id: $id) { id ... on CooperationRecord { title kind year } } }`,
    variables: { id: encodeId('CooperationRecord', 7) },
    // A multiplicative step spreads the ids over the whole table, not one corner of it.
    vary: (index, scale) => ({ id: encodeId('CooperationRecord', 1 + ((index * 7_919) % Math.max(scale, 1))) }),
    baseline: (db, variables) => nodeBaseline(db, variables),
  },
  {
    name: 'filtered-varied',
    description: 'filtered as `filtered`, other kinds and year each request (a filter in one variable)',
    query: `query FilteredVaried($filter: CooperationRecordFilter) { records(first: 20, filter: $filter) { totalCount nodes { title year } } }`,
    variables: { filter: { kinds: ['TRAINING', 'EVENT'], yearFrom: 2022 } },
    vary: (index) => ({ filter: { kinds: [RECORD_KINDS[index % RECORD_KINDS.length], RECORD_KINDS[(index + 3) % RECORD_KINDS.length]], yearFrom: 1980 + (index % 47) } }),
    async baseline(db, variables) {
      const { kinds, yearFrom } = variables.filter as { kinds: string[]; yearFrom: number };
      const where = `${LIVE_RECORD} AND kind IN (${kinds.map(() => '?').join(', ')}) AND year >= ?`;
      const args = [...kinds, yearFrom];
      const [rows, total] = await db.batch(
        [
          { sql: `SELECT ${EN_TITLE} AS title, year FROM records WHERE ${where} ORDER BY ${DATE_KEY} DESC, id DESC LIMIT 20`, args },
          { sql: `SELECT count(*) AS n FROM records WHERE ${where}`, args },
        ],
        'read',
      );
      return { records: { totalCount: Number(total!.rows[0]!.n), nodes: recordList(rows!.rows) } };
    },
  },
  {
    name: 'node-inline',
    description: 'node-varied with the ID written into the query text: a text the server has not seen, each request',
    query: `query NodeInline($id: ID!) { node(id: $id) { id ... on CooperationRecord { title kind year } } }`,
    inline: ({ id }) => `query NodeInline { node(id: ${JSON.stringify(id)}) { id ... on CooperationRecord { title kind year } } }`,
    variables: { id: encodeId('CooperationRecord', 9) },
    vary: (index, scale) => ({ id: encodeId('CooperationRecord', 1 + ((index * 7_919) % Math.max(scale, 1))) }),
    baseline: (db, variables) => nodeBaseline(db, variables),
  },
  {
    name: 'filtered',
    description: 'filtered list with totalCount: trainings and events since 2022',
    query: `query Filtered { records(first: 20, filter: { kinds: [TRAINING, EVENT], yearFrom: 2022 }) { totalCount nodes { title year } } }`,
    async baseline(db) {
      const where = `${LIVE_RECORD} AND kind IN ('TRAINING', 'EVENT') AND year >= 2022`;
      const [rows, total] = await db.batch(
        [
          `SELECT ${EN_TITLE} AS title, year FROM records WHERE ${where} ORDER BY ${DATE_KEY} DESC, id DESC LIMIT 20`,
          `SELECT count(*) AS n FROM records WHERE ${where}`,
        ],
        'read',
      );
      return { records: { totalCount: Number(total!.rows[0]!.n), nodes: recordList(rows!.rows) } };
    },
  },
  {
    name: 'search',
    description: 'full-text search, 10 best hits with their rows',
    query: `query Search { search(query: "skills competition", first: 10, types: [CooperationRecord]) { totalCount edges { node { ... on CooperationRecord { title } } } } }`,
    baseline: (db) => searchBaseline(db, 'skills competition'),
  },
  {
    name: 'search-varied',
    description: 'full-text search as `search`, other words each request (pairs of 24 words, some common, some rare, some Chinese)',
    query: `query SearchVaried($q: String!) { search(query: $q, first: 10, types: [CooperationRecord]) { totalCount edges { node { ... on CooperationRecord { title } } } } }`,
    variables: { q: 'skills competition' },
    vary: (index) => ({ q: `${SEARCH_WORDS[index % SEARCH_WORDS.length]} ${SEARCH_WORDS[Math.floor(index / SEARCH_WORDS.length) % SEARCH_WORDS.length]}` }),
    baseline: (db, variables) => searchBaseline(db, String(variables.q)),
  },
  {
    name: 'search-rare',
    description: 'full-text search on a term found in two institutions at every scale, in an index whose records grow',
    query: `query SearchRare { search(query: "institute", first: 10, types: [Institution]) { totalCount edges { node { ... on Institution { name } } } } }`,
    async baseline(db) {
      const hits = await db.execute({
        sql: `WITH hits AS MATERIALIZED (
                SELECT entity_id AS id, -bm25(search_index, 0, 0, 10.0, 1.0, 2.0) AS score FROM search_index
                WHERE search_index MATCH ? AND entity_type = 'Institution')
              SELECT ${EN_NAME.replaceAll('name_', 'i.name_')} AS name, count(*) OVER () AS total
              FROM hits h JOIN institutions i ON i.id = h.id ORDER BY h.score DESC, h.id LIMIT 10`,
        args: [textMatch('institute')],
      });
      return { search: { totalCount: Number(hits.rows[0]?.total ?? 0), edges: hits.rows.map((row) => ({ node: { name: String(row.name) } })) } };
    },
  },
  {
    name: 'deep-page',
    description: 'the last page of records by keyset cursor (after the record 20 from the end)',
    query: `query Deep($after: String) { records(first: 20, after: $after) { pageInfo { hasNextPage } nodes { title year } } }`,
    async baseline(db, variables) {
      const afterId = Number(variables.afterId);
      const rows = await db.execute({
        sql: `SELECT ${EN_TITLE} AS title, year FROM records
              WHERE ${LIVE_RECORD} AND (${DATE_KEY}, id) < (SELECT ${DATE_KEY}, id FROM records WHERE id = ?)
              ORDER BY ${DATE_KEY} DESC, id DESC LIMIT 21`,
        args: [afterId],
      });
      return { records: { pageInfo: { hasNextPage: rows.rows.length > 20 }, nodes: recordList(rows.rows.slice(0, 20)) } };
    },
  },
  {
    name: 'aggregate',
    description: 'statistics: totals and records by kind and by year',
    query: `query Aggregate { statistics { totals { records institutions } recordsByKind { key count } recordsByYear { year count } } }`,
    async baseline(db) {
      const [totals, byKind, byYear] = await db.batch(
        [
          `SELECT (SELECT count(*) FROM records WHERE archived_at IS NULL) AS records, (SELECT count(*) FROM institutions WHERE archived_at IS NULL) AS institutions`,
          `SELECT kind AS key, count(*) AS count FROM records WHERE ${LIVE_RECORD} GROUP BY kind ORDER BY count(*) DESC, kind`,
          `SELECT year, count(*) AS count FROM records WHERE ${LIVE_RECORD} GROUP BY year ORDER BY year DESC`,
        ],
        'read',
      );
      return {
        statistics: {
          totals: { records: Number(totals!.rows[0]!.records), institutions: Number(totals!.rows[0]!.institutions) },
          recordsByKind: byKind!.rows.map((row) => ({ key: String(row.key), count: Number(row.count) })),
          recordsByYear: byYear!.rows.map((row) => ({ year: row.year == null ? null : Number(row.year), count: Number(row.count) })),
        },
      };
    },
  },
];
