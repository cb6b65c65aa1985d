/**
 * Filtered pages on a list large enough for both of the compiled path's ways to read them (a filter
 * with few matches takes them by key and sorts them; one with many walks the list in order): each
 * page, forward and backward, must equal the resolvers' page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import type { ReadPath } from '../src/plugins/compiled-reads';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
let resolvers: App;
const paths: ReadPath[] = [];

/** Records added to the seed's, cloned from them: far more matches than the compiled path sorts by key. */
const ADDED = 3000;

beforeAll(async () => {
  t = await createTestApp({ caching: { responseCache: false }, compiledReads: { observe: (path) => paths.push(path) } });
  resolvers = createApp({ db: t.db, caching: { responseCache: false }, compiledReads: false, observability: { logger: () => {} } });
  await t.db.$client.batch(
    [
      `CREATE TEMP TABLE templates AS SELECT id AS template_id, row_number() OVER (ORDER BY id) - 1 AS k FROM records WHERE archived_at IS NULL`,
      {
        sql: `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, date_precision, year)
              WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
              SELECT 'clone-' || n.i, r.kind, r.status, r.pillar, r.title_zh_hant, r.title_zh_hans, r.title_en || ' ' || n.i, r.starts_on, r.date_precision, r.year
              FROM n JOIN templates ON templates.k = n.i % (SELECT count(*) FROM templates) JOIN records r ON r.id = templates.template_id`,
        args: [ADDED],
      },
      // A few clones involve South Africa, so a country filter has matches among the clones too.
      `INSERT INTO record_countries (record_id, country_code) SELECT id, 'ZA' FROM records WHERE slug LIKE 'clone-%' AND id % 97 = 0`,
      'DROP TABLE temp.templates',
    ],
    'write',
  );
});
afterAll(() => t.close());

async function both(query: string, variables: Record<string, unknown>) {
  paths.length = 0;
  const compiled = await graphql(t.app, query, variables);
  const reference = await graphql(resolvers, query, variables);
  expect(paths[0]).toBe('compiled');
  expect({ data: compiled.data, errors: compiled.errors }).toEqual({ data: reference.data, errors: reference.errors });
  return compiled.data!.records;
}

const FILTERS = [
  { name: 'many matches', filter: `{ kinds: [EVENT, TRAINING] }`, many: true },
  { name: 'many matches, ascending', filter: `{ kinds: [EVENT, TRAINING] }, orderBy: DATE_ASC`, many: true },
  { name: 'a few matches', filter: `{ countries: ["ZA"] }`, many: false },
  { name: 'no match', filter: `{ yearFrom: 2090 }`, many: false },
  { name: 'a few matches by two conditions', filter: `{ kinds: [COMPETITION], yearTo: 2021 }`, many: false },
];

describe('filtered pages', () => {
  it.each(FILTERS)('$name: every page forward and backward equals the resolvers’ page', async ({ filter, many }) => {
    const forward = `query ($after: String) { records(first: 100, after: $after, filter: ${filter}) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id title year } } }`;
    let after: string | null = null;
    let total = 0;
    let seen = 0;
    do {
      const page = await both(forward, { after });
      total = page.totalCount;
      seen += page.nodes.length;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toBe(total);
    // Over ~3,000 records and pages of 100, the compiled path sorts up to ~190 matches by key
    // (8 m² ≤ 101 · rows) and walks the list for more: each filter is well inside one side.
    if (many) expect(total).toBeGreaterThan(1000);
    else expect(total).toBeLessThan(60);

    const backward = `query ($before: String) { records(last: 100, before: $before, filter: ${filter}) { pageInfo { hasPreviousPage startCursor } nodes { id } } }`;
    let before: string | null = null;
    seen = 0;
    do {
      const page = await both(backward, { before });
      seen += page.nodes.length;
      before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
    } while (before);
    expect(seen).toBe(total);
  });
});
