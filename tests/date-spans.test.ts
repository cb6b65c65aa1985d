/**
 * `dateFrom` pages in date order start their walk where a match can first be (the date less the
 * longest span any record has): every page must hold exactly the records a plain reading of the
 * filter finds, in order, whatever spans the records have (short, a decade long, with an end but
 * no start), on both read paths, forwards and backwards; and with short spans the first page must
 * seek the listing index from that bound rather than walk it from the start.
 */
import { createClient, type Client, type InStatement } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import type { Database } from '../src/db/client';
import { meterClient } from '../src/db/meter';
import { relations } from '../src/db/relations';
import type { ReadPath } from '../src/plugins/compiled-reads';
import { createTestApp, graphql, type TestApp } from './support/app';
import { observedClient, sqlOf } from './support/observed-client';

let t: TestApp;
let ownClient: Client | undefined;
let compiled: App;
let resolvers: App;
const paths: ReadPath[] = [];
/** The compiled statements that bound a walk by the longest span. */
const bounded: InStatement[] = [];

/** Records added, each starting a few days after the last, a fifth of them with an end up to 40 days on. */
const ADDED = 2400;

beforeAll(async () => {
  t = await createTestApp({ caching: { responseCache: false } });
  compiled = createApp({
    db: drizzle({ client: meterClient(observedClient((ownClient = createClient({ url: `file:${t.dbPath}` })), (statement) => {
      if (sqlOf(statement).includes('span_days')) bounded.push(statement);
    })), relations }) as unknown as Database,
    caching: { responseCache: false },
    compiledReads: { observe: (path) => paths.push(path) },
    observability: { logger: () => {} },
  });
  resolvers = createApp({ db: t.db, caching: { responseCache: false }, compiledReads: false, observability: { logger: () => {} } });
  await t.db.$client.execute({
    sql: `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, ends_on, date_precision, year)
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
          dated AS (SELECT i, date('2019-01-01', '+' || (i * 3 % 2200) || ' days') AS starts FROM n)
          SELECT 'span-' || i, CASE i % 3 WHEN 0 THEN 'EVENT' WHEN 1 THEN 'TRAINING' ELSE 'REPORT' END, 'COMPLETED', 'TALENT_DEVELOPMENT',
            '跨度 ' || i, '跨度 ' || i, 'Span ' || i, starts, CASE WHEN i % 5 = 0 THEN date(starts, '+' || (i % 40) || ' days') END, 'DAY', CAST(substr(starts, 1, 4) AS INTEGER)
          FROM dated`,
    args: [ADDED],
  });
});
afterAll(() => {
  ownClient?.close();
  t.close();
});

/** The ids a plain reading of `dateFrom` finds, in the page order: no bound, no index. */
async function expected(dateFrom: string, ascending: boolean): Promise<number[]> {
  const direction = sql.raw(ascending ? 'ASC' : 'DESC');
  const rows = await t.db.all<{ id: number }>(
    sql`SELECT id FROM records WHERE archived_at IS NULL AND coalesce(ends_on, starts_on) >= ${dateFrom}
        ORDER BY coalesce(starts_on, cast(year as text), '') ${direction}, id ${direction}`,
  );
  return rows.map((row) => row.id);
}

const idOf = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString().split(':').pop());

async function both(query: string, variables: Record<string, unknown>) {
  paths.length = 0;
  const answer = await graphql(compiled, query, variables);
  const reference = await graphql(resolvers, query, variables);
  expect(paths[0]).toBe('compiled');
  expect(answer.errors).toBeUndefined();
  expect({ data: answer.data, errors: answer.errors }).toEqual({ data: reference.data, errors: reference.errors });
  return answer.data!.records as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
    nodes: { id: string }[];
  };
}

/** Every page forwards, then backwards, of one `dateFrom` in one order: each equal to the plain reading. */
async function walkPages(dateFrom: string, order: 'DATE_ASC' | 'DATE_DESC') {
  const want = await expected(dateFrom, order === 'DATE_ASC');
  const forward = `query ($after: String, $from: PartialDate) { records(first: 70, after: $after, orderBy: ${order}, filter: { dateFrom: $from }) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`;
  const seen: number[] = [];
  let after: string | null = null;
  do {
    const page = await both(forward, { after, from: dateFrom });
    expect(page.totalCount).toBe(want.length);
    seen.push(...page.nodes.map((node) => idOf(node.id)));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  expect(seen).toEqual(want);

  const backward = `query ($before: String, $from: PartialDate) { records(last: 70, before: $before, orderBy: ${order}, filter: { dateFrom: $from }) {
    pageInfo { hasPreviousPage startCursor } nodes { id } } }`;
  const back: number[] = [];
  let before: string | null = null;
  do {
    const page = await both(backward, { before, from: dateFrom });
    back.unshift(...page.nodes.map((node) => idOf(node.id)));
    before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
  } while (before);
  expect(back).toEqual(want);
  return want;
}

const DATES = ['2019', '2020-06', '2021-03-15', '2024-12-31', '2031'];

async function firstPageIds(dateFrom: string, order: 'DATE_ASC' | 'DATE_DESC', first = 5): Promise<number[]> {
  const page = await both(`{ records(first: ${first}, orderBy: ${order}, filter: { dateFrom: "${dateFrom}" }) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`, {});
  return page.nodes.map((node) => idOf(node.id));
}

describe('dateFrom pages in date order', () => {
  it('with short spans: every page, both orders, both ways, equals the plain reading, and the first page seeks from the bound', async () => {
    for (const dateFrom of DATES) {
      for (const order of ['DATE_ASC', 'DATE_DESC'] as const) await walkPages(dateFrom, order);
    }
    expect(await expected('2021-03-15', true)).not.toHaveLength(0);

    bounded.length = 0;
    await firstPageIds('2021-03-15', 'DATE_ASC');
    expect(bounded.length).toBeGreaterThan(0);
    const statement = bounded[0]!;
    const plan = await ownClient!.execute({
      sql: `EXPLAIN QUERY PLAN ${sqlOf(statement)}`,
      args: typeof statement === 'string' ? [] : (statement.args as never),
    });
    expect(plan.rows.map((row) => String(row.detail)).join('\n')).toMatch(/USING (COVERING )?INDEX records_live_listing \(date_key>\?\)/);
  });

  it('a span of years, then an end with no start, still comes first where it matches; archiving the long span leaves the rest', async () => {
    await t.db.$client.execute(
      `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, ends_on, date_precision, year)
       VALUES ('decade', 'EVENT', 'ONGOING', 'TALENT_DEVELOPMENT', '十年', '十年', 'A decade', '2015-02-01', '2025-01-31', 'DAY', 2015)`,
    );
    const decade = Number((await t.db.all<{ id: number }>(sql`SELECT id FROM records WHERE slug = 'decade'`))[0]!.id);
    for (const dateFrom of ['2021-03-15', '2024-12-31']) {
      const want = await walkPages(dateFrom, 'DATE_ASC');
      expect(want[0]).toBe(decade);
      expect((await firstPageIds(dateFrom, 'DATE_ASC'))[0]).toBe(decade);
    }

    // No start: its date key is its year, which no span bounds.
    await t.db.$client.execute(
      `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, ends_on, date_precision, year)
       VALUES ('open-start', 'REPORT', 'ONGOING', 'TALENT_DEVELOPMENT', '無始', '无始', 'Open start', NULL, '2023-06-30', 'DAY', 2012)`,
    );
    const openStart = Number((await t.db.all<{ id: number }>(sql`SELECT id FROM records WHERE slug = 'open-start'`))[0]!.id);
    const want = await walkPages('2023', 'DATE_ASC');
    expect(want[0]).toBe(openStart);
    expect((await firstPageIds('2023', 'DATE_ASC'))[0]).toBe(openStart);
    await walkPages('2020-06', 'DATE_DESC');

    await t.db.$client.execute(`UPDATE records SET archived_at = '2026-12-01T00:00:00Z' WHERE slug IN ('decade', 'open-start')`);
    for (const dateFrom of DATES.slice(1, 4)) {
      const rest = await walkPages(dateFrom, 'DATE_ASC');
      expect(rest).not.toContain(decade);
      expect(rest).not.toContain(openStart);
    }

    // Gone, not archived: the longest span is a few weeks again. An end given as a year, after a
    // start given as a day or a year: its span is no count of days (SQLite reads a bare year as a
    // Julian day number), so nothing may bound the walk. (A month is no date to SQLite: unknown.)
    await t.db.$client.execute(`DELETE FROM records WHERE slug IN ('decade', 'open-start')`);
    await t.db.$client.batch(
      [
        `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, ends_on, date_precision, year)
         VALUES ('year-end', 'EVENT', 'COMPLETED', 'TALENT_DEVELOPMENT', '年末', '年末', 'Ends in a year', '2020-05-03', '2021', 'YEAR', 2020),
                ('years', 'TRAINING', 'COMPLETED', 'TALENT_DEVELOPMENT', '兩年', '两年', 'Two years', '2020', '2021', 'YEAR', 2020)`,
        `INSERT INTO record_countries (record_id, country_code) SELECT id, 'IN' FROM records WHERE slug IN ('year-end', 'years')`,
      ],
      'write',
    );
    for (const dateFrom of ['2021', '2020-12']) {
      const inexact = await walkPages(dateFrom, 'DATE_ASC');
      expect(inexact.length).toBeGreaterThan(0);
      await walkPages(dateFrom, 'DATE_DESC');
      // With a link filter too, whose count may be led by the link rows and test the dates on each.
      const [{ n }] = (await t.db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM records r WHERE r.archived_at IS NULL AND coalesce(r.ends_on, r.starts_on) >= ${dateFrom}
            AND EXISTS (SELECT 1 FROM record_countries c WHERE c.record_id = r.id AND c.country_code = 'IN')`,
      )) as [{ n: number }];
      expect(n).toBeGreaterThan(0);
      const linked = await both(`{ records(first: 5, filter: { countries: ["IN"], dateFrom: "${dateFrom}" }) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`, {});
      expect(linked.totalCount, dateFrom).toBe(n);
      expect(linked.nodes.length, dateFrom).toBe(Math.min(5, n));
    }
  });
});
