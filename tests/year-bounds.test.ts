/**
 * `yearFrom` and `yearTo` let a first page walk the date key from where their year begins or ends
 * (`recordYearKeyBound`): every page must still hold exactly the records a plain reading of the
 * filter finds, in order, on both read paths and in both orders — while every record starts within
 * its year (the bound applies), and once one starts outside it or has a year of other than four
 * digits (the bound does not). Statistics by year under a date, read from counters, list such years
 * in numeric order.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import type { ReadPath } from '../src/plugins/compiled-reads';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
let compiled: App;
let resolvers: App;
const paths: ReadPath[] = [];

/** Records added, each starting a few days after the last, in the year of its start. */
const ADDED = 1500;

beforeAll(async () => {
  t = await createTestApp({ caching: { responseCache: false } });
  compiled = createApp({ db: t.db, caching: { responseCache: false }, compiledReads: { observe: (path) => paths.push(path) }, observability: { logger: () => {} } });
  resolvers = createApp({ db: t.db, caching: { responseCache: false }, compiledReads: false, observability: { logger: () => {} } });
  await t.db.$client.execute({
    sql: `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, date_precision, year)
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
          dated AS (SELECT i, date('2012-01-01', '+' || (i * 5 % 5400) || ' days') AS starts FROM n)
          SELECT 'yearly-' || i, CASE i % 3 WHEN 0 THEN 'EVENT' WHEN 1 THEN 'TRAINING' ELSE 'REPORT' END, 'COMPLETED', 'TALENT_DEVELOPMENT',
            '年度 ' || i, '年度 ' || i, 'Yearly ' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE starts END, 'DAY', CAST(substr(starts, 1, 4) AS INTEGER)
          FROM dated`,
    args: [ADDED],
  });
});
afterAll(() => t.close());

type Bound = { yearFrom?: number; yearTo?: number; kinds?: string[] };

/** The ids a plain reading of the filter finds, in the page order. */
async function expected(filter: Bound, ascending: boolean): Promise<number[]> {
  const direction = sql.raw(ascending ? 'ASC' : 'DESC');
  const rows = await t.db.all<{ id: number }>(
    sql`SELECT id FROM records WHERE archived_at IS NULL
          AND (${filter.yearFrom ?? null} IS NULL OR year >= ${filter.yearFrom ?? null})
          AND (${filter.yearTo ?? null} IS NULL OR year <= ${filter.yearTo ?? null})
          AND (${filter.kinds ? 1 : 0} = 0 OR kind IN (${sql.join((filter.kinds ?? ['']).map((kind) => sql`${kind}`), sql`, `)}))
        ORDER BY coalesce(starts_on, cast(year as text), '') ${direction}, id ${direction}`,
  );
  return rows.map((row) => row.id);
}

const idOf = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString().split(':').pop());

/** The first and the last page of a filter in an order, on both paths: equal to each other and to the plain reading. */
async function expectPages(filter: Bound, order: 'DATE_ASC' | 'DATE_DESC') {
  const want = await expected(filter, order === 'DATE_ASC');
  const literal = JSON.stringify(filter).replace(/"(\w+)":/g, '$1: ').replace(/"([A-Z_]+)"/g, '$1');
  for (const [window, ids] of [
    ['first: 6', want.slice(0, 6)],
    ['last: 6', want.slice(-6)],
  ] as const) {
    const query = `{ records(${window}, orderBy: ${order}, filter: ${literal}) { totalCount nodes { id } } }`;
    paths.length = 0;
    const answer = await graphql(compiled, query);
    const reference = await graphql(resolvers, query);
    expect(paths[0], query).toBe('compiled');
    expect(answer.errors, query).toBeUndefined();
    expect(answer.data, query).toEqual(reference.data);
    const page = answer.data!.records as { totalCount: number; nodes: { id: string }[] };
    expect(page.totalCount, query).toBe(want.length);
    expect(page.nodes.map((node) => idOf(node.id)), query).toEqual(ids);
  }
}

const FILTERS: Bound[] = [{ yearFrom: 2025 }, { yearTo: 2013 }, { yearFrom: 2016, yearTo: 2017 }, { yearTo: 2014, kinds: ['EVENT'] }, { yearFrom: 2030 }, { yearTo: 999 }, { yearFrom: 12016 }];

async function expectAll() {
  for (const filter of FILTERS) {
    await expectPages(filter, 'DATE_DESC');
    await expectPages(filter, 'DATE_ASC');
  }
}

describe('year bounds on the date key', () => {
  it('while every record starts within its year: pages equal the plain reading in both orders', async () => {
    const [inexact] = await t.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM records WHERE year NOT BETWEEN 1000 AND 9999 OR substr(starts_on, 1, 4) <> cast(year AS text)`,
    );
    expect(inexact!.n).toBe(0);
    await expectAll();
  });

  it('a record starting outside its year, or with a year of three digits, comes where it matches; removing it restores the bound', async () => {
    // Of 2013 but starting in 2026: the newest of `yearTo: 2013` by its key, which a bound at 2013 would leave out.
    const [late] = await t.db.all<{ id: number }>(
      sql`INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, date_precision, year)
          VALUES ('late-start', 'EVENT', 'COMPLETED', 'TALENT_DEVELOPMENT', '遲', '迟', 'Late', '2026-02-01', 'DAY', 2013) RETURNING id`,
    );
    await expectAll();
    const newestOf2013 = await graphql(compiled, `{ records(first: 1, filter: { yearTo: 2013 }) { nodes { id } } }`);
    expect(idOf((newestOf2013.data!.records as { nodes: { id: string }[] }).nodes[0]!.id)).toBe(late!.id);
    await t.db.run(sql`DELETE FROM records WHERE id = ${late!.id}`);
    // A year of three digits, keyed '999', which sorts after every four-digit year.
    await t.db.run(
      sql`INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, date_precision, year)
          VALUES ('old-year', 'REPORT', 'COMPLETED', 'TALENT_DEVELOPMENT', '古', '古', 'Old', 'YEAR', 999)`,
    );
    await expectAll();
    await t.db.run(sql`DELETE FROM records WHERE slug = 'old-year'`);
    await expectAll();
  });

  it('statistics by year under a date list years of other lengths in numeric order, as the rows do', async () => {
    await t.db.run(
      sql`INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, date_precision, year) VALUES
          ('three-digits', 'REPORT', 'COMPLETED', 'TALENT_DEVELOPMENT', '古', '古', 'Old', '2018-03-01', 'DAY', 999),
          ('five-digits', 'REPORT', 'COMPLETED', 'TALENT_DEVELOPMENT', '遠', '远', 'Far', '2017-03-01', 'DAY', 10000)`,
    );
    try {
      const query = `{ statistics { recordsByYear(filter: { dateTo: "2030" }) { year count } } }`;
      const [answer, reference] = [await graphql(compiled, query), await graphql(resolvers, query)];
      expect(answer.data).toEqual(reference.data);
      const rows = await t.db.all<{ year: number | null; count: number }>(
        sql`SELECT year, count(*) AS count FROM records WHERE archived_at IS NULL AND starts_on <= '2030~' AND year IS NOT NULL GROUP BY year ORDER BY year DESC`,
      );
      const years = (answer.data!.statistics as { recordsByYear: { year: number | null; count: number }[] }).recordsByYear.filter((bucket) => bucket.year !== null);
      expect(years).toEqual(rows.map((row) => ({ year: row.year, count: row.count })));
      expect(years[0]).toEqual({ year: 10000, count: 1 });
      expect(years.at(-1)).toEqual({ year: 999, count: 1 });
    } finally {
      await t.db.run(sql`DELETE FROM records WHERE slug IN ('three-digits', 'five-digits')`);
    }
  });
});
