/**
 * Filtered pages on a list large enough for each of the compiled path's ways to read them (a filter
 * with few matches takes them by key and sorts them; one with many walks the list in order, or,
 * naming some kinds, reads each kind in order from its own index and keeps the first of them): each
 * page, forward and backward, must equal the resolvers' page, and must have been read the way its
 * number of matches asks for (the statement names the way in its raw JSON). `totalCount`, read
 * from the live-row counters where they can tell it, must equal the resolvers' row count after
 * writes that move records between counters, and while the counters are stale.
 */
import { createClient, type Client, type InStatement, type ResultSet } from '@libsql/client';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import type { Database } from '../src/db/client';
import { meterClient } from '../src/db/meter';
import { relations } from '../src/db/relations';
import { records } from '../src/db/schema';
import { recordBucketsSql, type RecordDimension } from '../src/db/stats';
import { recordsMatching } from '../src/graphql/cooperation-record';
import type { ReadPath } from '../src/plugins/compiled-reads';
import { createTestApp, graphql, type TestApp } from './support/app';
import { observedClient, sqlOf } from './support/observed-client';

let t: TestApp;
let ownClient: Client | undefined;
let compiled: App;
let resolvers: App;
const paths: ReadPath[] = [];
/** How each filtered page of the compiled statements run since the last `both` was read. */
const readBy: string[] = [];

/** Records added to the seed's, cloned from them: far more matches than the compiled path sorts by key. */
const ADDED = 3000;

/**
 * Reports which way each filtered page was read: the compiled statement's raw JSON names it
 * (`readBy`), which the response leaves out.
 */
function reportReadBy(statement: InStatement, result: ResultSet): void {
  if (!sqlOf(statement).includes(`'readBy'`)) return;
  const data = JSON.parse(String(result.rows[0]?.data)) as { records?: { page?: { readBy?: string } } };
  if (data.records?.page?.readBy) readBy.push(data.records.page.readBy);
}

beforeAll(async () => {
  t = await createTestApp({ caching: { responseCache: false } });
  compiled = createApp({
    // Its own connection to the same file, reported on beneath the meter (which batches reads).
    db: drizzle({ client: meterClient(observedClient((ownClient = createClient({ url: `file:${t.dbPath}` })), reportReadBy)), relations }) as unknown as Database,
    caching: { responseCache: false },
    compiledReads: { observe: (path) => paths.push(path) },
    observability: { logger: () => {} },
  });
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
afterAll(() => {
  ownClient?.close();
  t.close();
});

/** The compiled app on a connection of its own, each statement it sends kept in `sent`; close `client` after. */
function watchedApp(): { sent: InStatement[]; client: Client; app: App } {
  const sent: InStatement[] = [];
  const client = createClient({ url: `file:${t.dbPath}` });
  const app = createApp({
    db: drizzle({ client: meterClient(observedClient(client, (statement) => sent.push(statement))), relations }) as unknown as Database,
    caching: { responseCache: false },
    observability: { logger: () => {} },
  });
  return { sent, client, app };
}

async function both(query: string, variables: Record<string, unknown>) {
  paths.length = 0;
  readBy.length = 0;
  const answer = await graphql(compiled, query, variables);
  const reference = await graphql(resolvers, query, variables);
  expect(paths[0]).toBe('compiled');
  expect({ data: answer.data, errors: answer.errors }).toEqual({ data: reference.data, errors: reference.errors });
  return answer.data!.records;
}

/** Many matches of some kinds are read kind by kind (`merge`), others by a walk of the list; few by key (`sort`). */
const FILTERS = [
  { name: 'many matches of two kinds', filter: `{ kinds: [EVENT, TRAINING] }`, way: 'merge' },
  { name: 'many matches of two kinds, ascending', filter: `{ kinds: [EVENT, TRAINING] }, orderBy: DATE_ASC`, way: 'merge' },
  { name: 'many matches of one kind with another condition', filter: `{ kinds: [EVENT], yearFrom: 2021 }`, way: 'merge' },
  { name: 'many matches of three kinds, one of them named twice, ascending', filter: `{ kinds: [TRAINING, EVENT, TRAINING], statuses: [COMPLETED] }, orderBy: DATE_ASC`, way: 'merge' },
  { name: 'many matches of kinds, one with few of them', filter: `{ kinds: [EVENT, AGREEMENT, POLICY_INITIATIVE], yearTo: 2021 }`, way: 'merge' },
  { name: 'many matches of other conditions', filter: `{ statuses: [COMPLETED] }`, way: 'walk' },
  // More kinds than there are: some named twice, the list walked as a whole.
  { name: 'many matches of a long list of kinds', filter: `{ kinds: [EVENT, EVENT, TRAINING, EVENT, REPORT, EVENT, AGREEMENT, COMPETITION, POLICY_INITIATIVE] }`, way: 'walk' },
  { name: 'a few matches', filter: `{ countries: ["ZA"] }`, way: 'sort' },
  { name: 'no match', filter: `{ yearFrom: 2090 }`, way: 'sort' },
  { name: 'no match of some kinds', filter: `{ kinds: [EVENT, REPORT], yearFrom: 2090 }`, way: 'sort' },
  { name: 'a few matches by two conditions', filter: `{ kinds: [COMPETITION], yearTo: 2021 }`, way: 'sort' },
  // Roles alone are counted from the participations in them (participants_live_role).
  { name: 'the matches of two roles', filter: `{ roles: [HOST, PARTNER] }`, way: 'sort' },
  { name: 'a few matches of a role', filter: `{ roles: [GUIDE] }`, way: 'sort' },
];

describe('filtered pages', () => {
  it.each(FILTERS)('$name: every page forward and backward equals the resolvers’ page', async ({ filter, way }) => {
    const forward = `query ($after: String) { records(first: 100, after: $after, filter: ${filter}) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id title year } } }`;
    const many = way !== 'sort';
    let after: string | null = null;
    let total = 0;
    let seen = 0;
    do {
      const page = await both(forward, { after });
      expect(readBy).toEqual([way]);
      total = page.totalCount;
      seen += page.nodes.length;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toBe(total);
    // Over ~3,000 records and pages of 100, the compiled path sorts up to ~190 matches by key
    // (8 m² ≤ 101 · rows) and walks the list for more: each filter is well inside one side.
    if (many) expect(total).toBeGreaterThan(300);
    else expect(total).toBeLessThan(60);

    const backward = `query ($before: String) { records(last: 100, before: $before, filter: ${filter}) { pageInfo { hasPreviousPage startCursor } nodes { id } } }`;
    let before: string | null = null;
    seen = 0;
    do {
      const page = await both(backward, { before });
      expect(readBy).toEqual([way]);
      seen += page.nodes.length;
      before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
    } while (before);
    expect(seen).toBe(total);
  });
});

describe('a short page of few matches', () => {
  it('walks the list when collecting the matches would read far more records than match (a rare country among many completed records)', async () => {
    // Few records match both (by key, they would be sorted), but the count form finds them by
    // walking every completed record and probing the country's: a short page is nearer by walking.
    const filter = { countries: ['ZA'], statuses: ['COMPLETED'] };
    const page = `query ($filter: CooperationRecordFilter, $after: String) { records(first: 5, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { id title } } }`;
    let after: string | null = null;
    let pages = 0;
    do {
      const records = await both(page, { filter, after });
      expect(readBy).toEqual(['walk']);
      // More than a page, still few: the sort would take them by key.
      expect(records.totalCount).toBeGreaterThan(5);
      expect(records.totalCount).toBeLessThan(60);
      after = records.pageInfo.hasNextPage ? records.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 4);
    expect(pages).toBeGreaterThan(1);
    // The same matches in pages of 100 are sorted by key: the walk was chosen for the page's size.
    await both(page.replace('first: 5', 'first: 100'), { filter, after: null });
    expect(readBy).toEqual(['sort']);
  });
});

describe('pages of some kinds, read kind by kind', () => {
  const page = `query ($filter: CooperationRecordFilter, $order: CooperationRecordOrder, $first: Int, $last: Int, $after: String, $before: String) {
    records(filter: $filter, orderBy: $order, first: $first, last: $last, after: $after, before: $before) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id title startsOn year kind }
    }
  }`;
  // The last list has the first's length: its pages run on the first's plan, with its own kinds bound.
  const KINDS = [['EVENT', 'TRAINING'], ['COMPETITION', 'EVENT', 'REPORT'], ['EVENT'], ['POLICY_INITIATIVE', 'EVENT']];

  it('walk every page forwards and backwards in both orders as the resolvers do, archived records left out', async () => {
    // Some records of each kind archived: a part's index holds live records only, and so must its pages.
    await t.db.run(sql`UPDATE records SET archived_at = '2026-02-01T00:00:00Z' WHERE slug LIKE 'clone-%' AND id % 11 = 0`);
    const archived = new Set(
      (await t.db.all<{ id: number }>(sql`SELECT id FROM records WHERE archived_at IS NOT NULL`)).map((row) => Buffer.from(`CooperationRecord:${row.id}`).toString('base64')),
    );
    expect(archived.size).toBeGreaterThan(100);
    try {
      for (const kinds of KINDS) {
        for (const order of ['DATE_DESC', 'DATE_ASC']) {
          const filter = { kinds, yearFrom: 2015 };
          // Pages of 37 over clones that share a few dates: most page ends fall inside a run of ties.
          const forward: string[] = [];
          let after: string | null = null;
          let total = 0;
          const cursors: string[] = [];
          do {
            const records = await both(page, { filter, order, first: 37, after });
            expect(readBy, JSON.stringify({ kinds, order })).toEqual(['merge']);
            total = records.totalCount;
            forward.push(...records.nodes.map((node: { id: string }) => node.id));
            after = records.pageInfo.hasNextPage ? records.pageInfo.endCursor : null;
            if (after) cursors.push(after);
          } while (after);
          expect(total).toBeGreaterThan(300);
          expect(forward).toHaveLength(total);
          expect(new Set(forward).size).toBe(total);
          expect(forward.filter((id) => archived.has(id))).toEqual([]);

          const backward: string[] = [];
          let before: string | null = null;
          do {
            const records = await both(page, { filter, order, last: 37, before });
            backward.unshift(...records.nodes.map((node: { id: string }) => node.id));
            before = records.pageInfo.hasPreviousPage ? records.pageInfo.startCursor : null;
          } while (before);
          expect(backward).toEqual(forward);

          // Between two cursors, from either end.
          const [from, to] = [cursors[0]!, cursors[2]!];
          // After the end of the first page, before the end of the third (itself left out).
          const between = forward.slice(37, 3 * 37 - 1);
          expect((await both(page, { filter, order, first: 100, after: from, before: to })).nodes.map((node: { id: string }) => node.id)).toEqual(between);
          expect((await both(page, { filter, order, last: 100, after: from, before: to })).nodes.map((node: { id: string }) => node.id)).toEqual(between);
        }
      }
    } finally {
      await t.db.run(sql`UPDATE records SET archived_at = NULL WHERE archived_at = '2026-02-01T00:00:00Z'`);
    }
  });
});

/**
 * Filters whose totalCount the counters can tell (one column, a kind/status/key task with years, one
 * country or field, or kinds, statuses and key tasks together with years and at most one country
 * or field: a tuple) and some they cannot.
 */
const COUNTED_FILTERS = [
  `{}`,
  `{ kinds: [EVENT, TRAINING] }`,
  `{ yearFrom: 2022 }`,
  `{ yearFrom: 2019, yearTo: 2023 }`,
  `{ kinds: [EVENT, COMPETITION], yearFrom: 2020 }`,
  `{ statuses: [COMPLETED], yearTo: 2021 }`,
  `{ pillars: [TALENT_DEVELOPMENT], yearFrom: 2018, yearTo: 2024 }`,
  `{ countries: ["ZA"] }`,
  `{ fields: [TRADE] }`,
  `{ topLevelOnly: false, kinds: [TRAINING] }`,
  `{ dateFrom: "2022-01" }`,
  `{ dateFrom: "2023-05-12" }`,
  `{ dateTo: "2021" }`,
  `{ dateTo: "2023-02-28" }`,
  `{ kinds: [EVENT, TRAINING], dateFrom: "2023" }`,
  `{ topLevelOnly: true }`,
  `{ topLevelOnly: true, kinds: [COMPETITION] }`,
  `{ topLevelOnly: true, yearFrom: 2022 }`,
  `{ kinds: [EVENT], statuses: [COMPLETED] }`,
  `{ countries: ["ZA"], kinds: [EVENT, TRAINING] }`,
  `{ countries: ["ZA"], yearFrom: 2015 }`,
  `{ fields: [TRADE], yearFrom: 2019, yearTo: 2024 }`,
  `{ pillars: [TALENT_DEVELOPMENT], fields: [BIG_DATA] }`,
  `{ countries: ["BR"], statuses: [COMPLETED] }`,
  // Tuples: kind, status and key task per year, alone or after one country or field.
  `{ countries: ["ZA"], kinds: [EVENT], yearFrom: 2020 }`,
  `{ kinds: [EVENT, TRAINING], statuses: [COMPLETED], yearFrom: 2019 }`,
  `{ statuses: [COMPLETED], pillars: [TALENT_DEVELOPMENT], kinds: [TRAINING] }`,
  `{ fields: [BIG_DATA], kinds: [COMPETITION, TRAINING], statuses: [COMPLETED] }`,
  `{ countries: ["ZA"], kinds: [EVENT, TRAINING], statuses: [COMPLETED], yearTo: 2023 }`,
  // Several countries, by the set of countries each record names: alone, and with those columns.
  `{ countries: ["ZA", "BR"] }`,
  `{ countries: ["ZA", "BR"], kinds: [EVENT] }`,
  `{ countries: ["ZA", "CN", "BR"], kinds: [EVENT, TRAINING], statuses: [COMPLETED], yearTo: 2023 }`,
  `{ fields: [E_COMMERCE], pillars: [PROJECT_DEVELOPMENT], yearFrom: 2018, yearTo: 2024 }`,
];

/**
 * Spans of dates (`dateFrom` with `dateTo`), counted from the start and last-day buckets (a
 * difference of sums, see `spanCountSql`), or over the rows where the span ends before it starts.
 */
const SPAN_FILTERS = [
  `{ dateFrom: "2021-06", dateTo: "2023-06" }`,
  `{ dateFrom: "2022-05-24", dateTo: "2022-05-24" }`,
  `{ dateFrom: "2022", dateTo: "2022" }`,
  `{ dateFrom: "2015-06-01", dateTo: "2025" }`,
  `{ kinds: [EVENT, TRAINING], dateFrom: "2021", dateTo: "2023-12" }`,
  `{ kinds: [COMPETITION], dateFrom: "2022-03", dateTo: "2022-03" }`,
];
/** Spans that end before they start: only records covering the gap match; counted over the rows. */
const BACKWARD_SPANS = [`{ dateFrom: "2024", dateTo: "2022" }`, `{ dateFrom: "2022-06-01", dateTo: "2022-05" }`];

/** Filters the counters cannot tell: counted over the rows. */
const UNCOUNTED_FILTERS = [
  `{ countries: ["ZA", "BR"], dateFrom: "2021" }`,
  `{ kinds: [EVENT], yearFrom: 2020, topLevelOnly: true }`,
  `{ statuses: [COMPLETED], topLevelOnly: true }`,
  `{ yearFrom: 2020, dateFrom: "2021", dateTo: "2023" }`,
  `{ countries: ["ZA", "BR"], topLevelOnly: true }`,
  `{ countries: ["ZA"], kinds: [EVENT], topLevelOnly: true }`,
  `{ countries: ["ZA"], fields: [TRADE] }`,
];

async function totalsEqualTheRows() {
  for (const filter of [...COUNTED_FILTERS, ...UNCOUNTED_FILTERS, ...SPAN_FILTERS, ...BACKWARD_SPANS]) {
    const page = await both(`{ records(first: 3, filter: ${filter}) { totalCount nodes { id } } }`, {});
    expect(page.totalCount, filter).toEqual(expect.any(Number));
  }
}

describe('totalCount from the counters', () => {
  it('equals the row count, after writes that move records between kinds, years, statuses, countries and fields', async () => {
    await totalsEqualTheRows();
    await t.db.$client.batch(
      [
        `UPDATE records SET kind = 'COMPETITION' WHERE slug LIKE 'clone-%' AND kind = 'EVENT' AND id % 5 = 0`,
        `UPDATE records SET year = year - 3 WHERE slug LIKE 'clone-%' AND id % 7 = 0 AND year IS NOT NULL`,
        `UPDATE records SET status = 'COMPLETED' WHERE slug LIKE 'clone-%' AND id % 11 = 0`,
        // Spans that now end later, dates moved, and records that become parts of another.
        `UPDATE records SET ends_on = date(starts_on, '+400 days') WHERE slug LIKE 'clone-%' AND id % 23 = 0 AND length(starts_on) = 10`,
        `UPDATE records SET starts_on = NULL, ends_on = NULL WHERE slug LIKE 'clone-%' AND id % 31 = 0`,
        // An end with no start: a last day the start column does not count.
        `UPDATE records SET starts_on = NULL WHERE slug LIKE 'clone-%' AND id % 37 = 0 AND starts_on IS NOT NULL`,
        `UPDATE records SET starts_on = NULL, ends_on = '2021-02-01' WHERE slug LIKE 'clone-%' AND id % 41 = 0`,
        `UPDATE records SET parent_id = (SELECT min(id) FROM records) WHERE slug LIKE 'clone-%' AND id % 29 = 0`,
        `UPDATE records SET archived_at = '2026-01-01T00:00:00Z' WHERE slug LIKE 'clone-%' AND id % 13 = 0`,
        `INSERT OR IGNORE INTO record_countries (record_id, country_code) SELECT id, 'ZA' FROM records WHERE slug LIKE 'clone-%' AND id % 17 = 0`,
        `DELETE FROM record_fields WHERE field = 'TRADE' AND record_id % 2 = 0`,
        `DELETE FROM records WHERE slug LIKE 'clone-%' AND id % 19 = 0`,
      ],
      'write',
    );
    await totalsEqualTheRows();
  });

  it('is read from the counters for every counted filter (off by what they were altered by), and from the rows for the others', async () => {
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records'`);
    try {
      for (const [filters, offBy] of [
        [COUNTED_FILTERS.slice(1), 1000],
        [UNCOUNTED_FILTERS, 0],
      ] as const) {
        for (const filter of filters) {
          const query = `{ records(first: 3, filter: ${filter}) { totalCount } }`;
          const [answer, reference] = [await graphql(compiled, query), await graphql(resolvers, query)];
          // A pair of counted columns sums one bucket per value of the first: as many thousands.
          expect((answer.data!.records.totalCount - reference.data!.records.totalCount) % 1000, filter).toBe(0);
          if (offBy) expect(answer.data!.records.totalCount, filter).toBeGreaterThanOrEqual(reference.data!.records.totalCount + offBy);
          else expect(answer.data!.records.totalCount, filter).toBe(reference.data!.records.totalCount);
        }
      }
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000 WHERE entity = 'records'`);
    }
  });

  it('is read from a tuple’s counters with the filter in variables, each request’s values bound', async () => {
    // One document, so one plan: the tuple's stored dimensions must be built from the bound values.
    const query = `query ($c: [CountryCode!], $k: [RecordKind!], $s: [RecordStatus!], $y: Int) {
      records(first: 3, filter: { countries: $c, kinds: $k, statuses: $s, yearFrom: $y }) { totalCount }
    }`;
    // Three countries with a kind and status each, taken from the data, each matching a different number of records.
    const combinations = await t.db.all<{ country: string; kind: string; status: string; count: number }>(sql`
      SELECT l.country_code AS country, r.kind, r.status, count(*) AS count FROM record_countries l JOIN records r ON r.id = l.record_id
      WHERE r.archived_at IS NULL GROUP BY 1, 2, 3 ORDER BY count DESC, 1, 2, 3`);
    const distinct = combinations.filter((row, index) => combinations.findIndex((other) => other.count === row.count) === index).slice(0, 3);
    expect(distinct).toHaveLength(3);
    const values = distinct.map((row) => ({ c: [row.country], k: [row.kind], s: [row.status], y: null }));
    const totals = async () => {
      const answers: [number, number][] = [];
      for (const variables of values) {
        const [answer, reference] = [await graphql(compiled, query, variables), await graphql(resolvers, query, variables)];
        expect(answer.errors, JSON.stringify(variables)).toBeUndefined();
        answers.push([answer.data!.records.totalCount, reference.data!.records.totalCount]);
      }
      return answers;
    };
    const current = await totals();
    for (const [answer, reference] of current) expect(answer).toBe(reference);
    // Each matches some records, a different number: one answer for all would show.
    expect(current.every(([, reference]) => reference > 0), JSON.stringify(current)).toBe(true);
    expect(new Set(current.map(([answer]) => answer)).size, JSON.stringify(current)).toBe(values.length);
    // Only the country tuples altered: each total shows it, so each was summed from them.
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records' AND dimension LIKE 'country+kind+status+pillar=%'`);
    try {
      for (const [index, [answer, reference]] of (await totals()).entries()) {
        expect(answer - reference, JSON.stringify(values[index])).toBeGreaterThanOrEqual(1000);
        expect((answer - reference) % 1000, JSON.stringify(values[index])).toBe(0);
      }
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000 WHERE entity = 'records' AND dimension LIKE 'country+kind+status+pillar=%'`);
    }
  });

  it('is read from the start and last-day counters for a span of dates, and from the rows for a span that ends before it starts', async () => {
    // Only the start column's buckets (by day, month and year) are altered: a span's total sums them once.
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records' AND dimension IN ('startsOn', 'startsOn:4', 'startsOn:7', 'kind=EVENT/startsOn', 'kind=COMPETITION/startsOn')`);
    try {
      for (const filter of [...SPAN_FILTERS, ...BACKWARD_SPANS]) {
        const query = `{ records(first: 3, filter: ${filter}) { totalCount } }`;
        const [answer, reference] = [await graphql(compiled, query), await graphql(resolvers, query)];
        if (BACKWARD_SPANS.includes(filter)) expect(answer.data!.records.totalCount, filter).toBe(reference.data!.records.totalCount);
        else expect(answer.data!.records.totalCount, filter).toBeGreaterThanOrEqual(reference.data!.records.totalCount + 1000);
      }
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000 WHERE entity = 'records' AND dimension IN ('startsOn', 'startsOn:4', 'startsOn:7', 'kind=EVENT/startsOn', 'kind=COMPETITION/startsOn')`);
    }
  });

  it('equals the row count while the counters are stale', async () => {
    const [stored] = await t.db.all<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = 'live_counts'`);
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000`);
    await t.db.run(sql`UPDATE app_meta SET value = 'stale' WHERE key = 'live_counts'`);
    try {
      await totalsEqualTheRows();
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000`);
      await t.db.run(sql`UPDATE app_meta SET value = ${stored!.value} WHERE key = 'live_counts'`);
    }
  });
});

/** Statistics grouped under a filter the counters can tell (a pair or link pair of it with the grouped dimension). */
const GROUPED_COUNTED: [string, RecordDimension][] = [
  ['{ countries: ["ZA"] }', 'kind'],
  ['{ countries: ["ZA"] }', 'year'],
  ['{ fields: [TRADE] }', 'status'],
  ['{ yearFrom: 2019, yearTo: 2024 }', 'field'],
  ['{ kinds: [EVENT, TRAINING] }', 'country'],
  ['{ statuses: [COMPLETED] }', 'field'],
  ['{ yearFrom: 2022 }', 'kind'],
  ['{ kinds: [EVENT, COMPETITION] }', 'year'],
  ['{ pillars: [TALENT_DEVELOPMENT] }', 'status'],
  ['{ topLevelOnly: true }', 'kind'],
  ['{ kinds: [TRAINING, EVENT] }', 'kind'],
  // A tuple's inner column grouped, with one country or none (its combinations' buckets per year).
  ['{ countries: ["ZA"], kinds: [EVENT, TRAINING, COMPETITION] }', 'year'],
  ['{ kinds: [EVENT, TRAINING], statuses: [COMPLETED] }', 'year'],
  // One total per value of an enum column, or of a counted link.
  ['{ countries: ["ZA"], statuses: [COMPLETED, ONGOING] }', 'kind'],
  ['{ kinds: [EVENT, TRAINING, COMPETITION], pillars: [TALENT_DEVELOPMENT] }', 'status'],
  ['{ kinds: [EVENT, TRAINING, COMPETITION], statuses: [COMPLETED] }', 'country'],
  ['{ kinds: [EVENT, TRAINING], statuses: [COMPLETED], yearTo: 2024 }', 'field'],
];

const GROUPED_FIELD: Record<RecordDimension, string> = {
  kind: 'recordsByKind',
  status: 'recordsByStatus',
  pillar: 'recordsByPillar',
  year: 'recordsByYear',
  field: 'recordsByField',
  country: 'recordsByCountry',
};
const groupedQuery = (filter: string, group: RecordDimension) =>
  `{ statistics { ${GROUPED_FIELD[group]}(filter: ${filter}) { ${group === 'year' ? 'year' : group === 'country' ? 'country { code }' : 'key'} count } } }`;

/** Each grouped statistic on both read paths (they must agree). */
async function groupedAnswers(): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const [filter, group] of GROUPED_COUNTED) {
    paths.length = 0;
    const [answer, reference] = [await graphql(compiled, groupedQuery(filter, group)), await graphql(resolvers, groupedQuery(filter, group))];
    expect(paths[0], filter).toBe('compiled');
    expect(answer.errors, filter).toBeUndefined();
    expect(answer.data, `${filter} by ${group}`).toEqual(reference.data);
    answers.push(answer.data);
  }
  return answers;
}

describe('several values of one link', () => {
  it('walk for a page when the counters say one value alone reaches the cap, counted exactly for the total', async () => {
    // Several countries with a date: their set of countries is not counted by dates, so the total
    // is counted over the rows; each country alone with the date is (`country=<code>/endKey`).
    // The last day any record with a country runs to, a country such a record names, and one none does.
    const [latest] = await t.db.all<{ code: string; day: string }>(
      sql`SELECT substr(dimension, 9, length(dimension) - 15) AS code, bucket AS day FROM live_counts
          WHERE entity = 'records' AND dimension LIKE 'country=%/endKey' AND count > 0 ORDER BY bucket DESC, dimension LIMIT 1`,
    );
    const [none] = await t.db.all<{ code: string }>(
      sql`SELECT code FROM countries WHERE ('country=' || code || '/endKey') NOT IN (SELECT dimension FROM live_counts WHERE entity = 'records' AND bucket >= ${latest!.day} AND count > 0) ORDER BY code LIMIT 1`,
    );
    const countries = [latest!.code, none!.code];
    const filter = `{ countries: ${JSON.stringify(countries)}, dateFrom: "${latest!.day}" }`;
    const page = `{ records(first: 5, filter: ${filter}) { nodes { id } } }`;
    const total = `{ records(first: 5, filter: ${filter}) { totalCount nodes { id } } }`;
    // Few records involve them: their page is collected by key and sorted.
    const few = await both(page, {});
    expect(few.nodes.length).toBeGreaterThan(0);
    expect(readBy).toEqual(['sort']);
    const counted = (await both(total, {})).totalCount as number;
    const dimension = `country=${countries[1]}/endKey`;
    const second = sql`entity = 'records' AND dimension = ${dimension} AND bucket = ${latest!.day}`;
    await t.db.run(sql`INSERT INTO live_counts (entity, dimension, bucket, count) VALUES ('records', ${dimension}, ${latest!.day}, 0) ON CONFLICT DO NOTHING`);
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE ${second}`);
    try {
      // The second alone has 1,000 more by the counters: the page walks, the same page; the total is still counted.
      expect(await both(page, {})).toEqual(few);
      expect(readBy).toEqual(['walk']);
      expect((await both(total, {})).totalCount).toBe(counted);
      const [stored] = await t.db.all<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = 'live_counts'`);
      await t.db.run(sql`UPDATE app_meta SET value = 'stale' WHERE key = 'live_counts'`);
      try {
        // Stale counters say nothing: the matches are counted, and found few.
        expect(await both(page, {})).toEqual(few);
        expect(readBy).toEqual(['sort']);
      } finally {
        await t.db.run(sql`UPDATE app_meta SET value = ${stored!.value} WHERE key = 'live_counts'`);
      }
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000 WHERE ${second}`);
    }
  });

  it('are counted by the set of countries each record names, alone or with kinds', async () => {
    const query = `{ records(first: 5, filter: { countries: ["BR", "IN", "ZA"], kinds: [EVENT, TRAINING] }) { totalCount } all: records(first: 1, filter: { countries: ["BR", "IN", "ZA"] }) { totalCount } }`;
    const [answer, reference] = [await graphql(compiled, query), await graphql(resolvers, query)];
    expect(answer.data).toEqual(reference.data);
    // Read from those sets: each set's buckets altered shows in both totals.
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records' AND dimension = 'countries' AND bucket = '["ZA"]'`);
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records' AND dimension = 'countries=["ZA"]/kind' AND bucket = 'EVENT'`);
    try {
      const altered = await graphql(compiled, query);
      expect(altered.data!.all.totalCount).toBe(reference.data!.all.totalCount + 1000);
      expect(altered.data!.records.totalCount).toBe(reference.data!.records.totalCount + 1000);
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000 WHERE entity = 'records' AND dimension IN ('countries', 'countries=["ZA"]/kind') AND bucket IN ('["ZA"]', 'EVENT')`);
    }
  });
});

describe('grouped statistics from the counters', () => {
  it('answer other values of the same filter shape (variables bound as parameters) as the resolvers do', async () => {
    // One document per shape, its values changing between requests: the plan is shared, so every
    // value read from the counters (a pair's or link pair's stored dimension too) must be bound.
    const shapes: [string, Record<string, unknown>[]][] = [
      [
        'query($c: [CountryCode!], $k: [RecordKind!]) { records(first: 3, filter: { countries: $c, kinds: $k }) { totalCount } statistics { recordsByYear(filter: { countries: $c }) { year count } recordsByField(filter: { kinds: $k }) { key count } } }',
        [
          { c: ['ZA'], k: ['EVENT'] },
          { c: ['BR'], k: ['TRAINING'] },
          { c: ['CN'], k: ['COMPETITION'] },
        ],
      ],
      [
        'query($f: [Field!], $y: Int, $k: [RecordKind!]) { records(first: 3, filter: { fields: $f, yearFrom: $y }) { totalCount } statistics { recordsByKind(filter: { fields: $f }) { key count } recordsByYear(filter: { kinds: $k }) { year count } sinceYear: recordsByKind(filter: { yearFrom: $y }) { key count } } }',
        [
          { f: ['TRADE'], y: 2019, k: ['EVENT', 'TRAINING'] },
          { f: ['BIG_DATA'], y: 2022, k: ['COMPETITION', 'REPORT'] },
          { f: ['DIGITAL_ECONOMY'], y: 2015, k: ['EVENT', 'AGREEMENT'] },
        ],
      ],
      [
        // Grouped by the column a variable lists values of: whether each value is listed is known per request.
        'query($c: [CountryCode!], $k: [RecordKind!], $s: [RecordStatus!]) { statistics { recordsByKind(filter: { countries: $c, kinds: $k, statuses: $s }) { key count } recordsByYear(filter: { countries: $c, kinds: $k }) { year count } recordsByCountry(filter: { kinds: $k, statuses: $s }) { country { code } count } } }',
        [
          { c: ['ZA'], k: ['EVENT', 'TRAINING'], s: ['COMPLETED', 'ONGOING'] },
          { c: ['ZA'], k: ['COMPETITION', 'POLICY_INITIATIVE'], s: ['COMPLETED', 'PLANNED'] },
          { c: ['BR'], k: ['TRAINING'], s: ['COMPLETED', 'PLANNED'] },
        ],
      ],
    ];
    for (const [query, values] of shapes) {
      const answers: unknown[] = [];
      for (const variables of values) {
        paths.length = 0;
        const [answer, reference] = [await graphql(compiled, query, variables), await graphql(resolvers, query, variables)];
        expect(paths[0], JSON.stringify(variables)).toBe('compiled');
        expect(answer.errors, JSON.stringify(variables)).toBeUndefined();
        expect(answer.data, JSON.stringify(variables)).toEqual(reference.data);
        answers.push(answer.data);
      }
      // The values were told apart (not one answer for all of them).
      expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(values.length);
    }
  });

  it('equal the rows counted while the counters are stale, and are read from the counters while current', async () => {
    const fromCounters = await groupedAnswers();
    // Each filter counts some rows: an empty answer would make the comparison below say nothing.
    for (const answer of fromCounters) expect(JSON.stringify(answer)).toMatch(/"count":[1-9]/);
    const [stored] = await t.db.all<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = 'live_counts'`);
    await t.db.run(sql`UPDATE app_meta SET value = 'stale' WHERE key = 'live_counts'`);
    try {
      expect(await groupedAnswers()).toEqual(fromCounters);
    } finally {
      await t.db.run(sql`UPDATE app_meta SET value = ${stored!.value} WHERE key = 'live_counts'`);
    }
    // Counters altered (and current): every grouped answer shows it, so none was counted over the rows.
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records'`);
    try {
      const altered = await groupedAnswers();
      altered.forEach((answer, index) => expect(answer, GROUPED_COUNTED[index]!.join(' by ')).not.toEqual(fromCounters[index]));
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000 WHERE entity = 'records'`);
    }
  });
});

/**
 * Counts over filters that match many rows must read a partial index of the live records, which
 * holds every column they test: SQLite then never reads a row (its plan does not say COVERING, as
 * the index leaves `archived_at` out, but it defers each row's read until a column outside the
 * index is needed, and none is). An index over every row (or none) makes it read each matching
 * row to test `archived_at` and the rest: with long texts, several pages per row.
 */
describe('count plans', () => {
  const FILTERS_AND_GROUPS: [Record<string, unknown>, RecordDimension | null, string[]][] = [
    [{ dateFrom: '2022-01' }, null, ['end_key']],
    [{ dateTo: '2021-06' }, null, ['starts_on']],
    [{ dateFrom: '2021-06', dateTo: '2023' }, null, ['end_key', 'starts_on']],
    [{ topLevelOnly: true, statuses: ['COMPLETED'] }, null, ['parent_id', 'status']],
    [{ topLevelOnly: true, yearFrom: 2022 }, null, ['parent_id', 'year']],
    [{ kinds: ['EVENT'], dateFrom: '2022' }, null, ['kind', 'end_key']],
    [{ pillars: ['TALENT_DEVELOPMENT'] }, 'status', ['pillar', 'status']],
    [{ topLevelOnly: true }, 'kind', ['parent_id', 'kind']],
    [{ dateFrom: '2023-01' }, 'year', ['end_key', 'year']],
    [{ dateTo: '2022' }, 'pillar', ['starts_on', 'pillar']],
  ];

  it.each(FILTERS_AND_GROUPS)('%j (grouped by %s) reads only a partial index of live records holding %j', async (filter, group, columns) => {
    const query = group ? recordBucketsSql(group, recordsMatching(filter)) : sql`SELECT count(*) FROM ${records} WHERE ${recordsMatching(filter)}`;
    const plan = (await t.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`)).map((row) => row.detail);
    const reads = plan.filter((line) => /^(SCAN|SEARCH) records\b/.test(line));
    expect(reads.length, plan.join('\n')).toBeGreaterThan(0);
    for (const line of reads) {
      const index = /USING (?:COVERING )?INDEX (records_live_\w+)/.exec(line)?.[1];
      expect(index, plan.join('\n')).toBeDefined();
      const held = (await t.db.all<{ name: string }>(sql`SELECT name FROM pragma_index_info(${index})`)).map((row) => row.name);
      expect(held, `${index}: ${plan.join('\n')}`).toEqual(expect.arrayContaining(columns));
    }
  });

  it('a link filter with other conditions counts what a plain reading counts, led by its link rows or by the other conditions’ rows', async () => {
    // Uncounted (two values of a link with a term their set is not counted by), so the total is
    // counted over the rows; the counters only say which side leads, and inflating one side's
    // buckets makes the other lead.
    const CASES = [
      {
        filter: `{ countries: ["ZA", "BR"], dateFrom: "2021" }`,
        args: { countries: ['ZA', 'BR'], dateFrom: '2021' },
        link: 'record_countries',
        value: 'country_code',
        values: ['ZA', 'BR'],
        other: sql`end_key >= '2021'`,
      },
      {
        filter: `{ fields: [TRADE, INNOVATION], dateFrom: "2022" }`,
        args: { fields: ['TRADE', 'INNOVATION'], dateFrom: '2022' },
        link: 'record_fields',
        value: 'field',
        values: ['TRADE', 'INNOVATION'],
        other: sql`end_key >= '2022'`,
      },
      {
        filter: `{ countries: ["ZA", "CN"], kinds: [COMPETITION, TRAINING], topLevelOnly: true }`,
        args: { countries: ['ZA', 'CN'], kinds: ['COMPETITION', 'TRAINING'], topLevelOnly: true },
        link: 'record_countries',
        value: 'country_code',
        values: ['ZA', 'CN'],
        other: sql`kind IN ('COMPETITION', 'TRAINING') AND parent_id IS NULL`,
      },
    ];
    const plainCount = async ({ link, value, values, other }: { link: string; value: string; values: readonly string[]; other: SQL }) => {
      const [row] = await t.db.all<{ count: number }>(sql`SELECT count(*) AS count FROM records r WHERE r.archived_at IS NULL AND ${other} AND EXISTS (
        SELECT 1 FROM ${sql.identifier(link)} l WHERE l.record_id = r.id AND ${sql.identifier(value)} IN (${sql.join(values.map((one) => sql`${one}`), sql`, `)}))`);
      return row!.count;
    };
    const linkDimensions = sql`('country', 'field')`;
    for (const lead of ['as the counters are', 'by the other conditions', 'by the links']) {
      const inflated = lead === 'by the other conditions' ? sql`dimension IN ${linkDimensions}` : lead === 'by the links' ? sql`dimension NOT IN ${linkDimensions}` : null;
      if (inflated) await t.db.run(sql`UPDATE live_counts SET count = count + 1000000 WHERE entity = 'records' AND ${inflated}`);
      try {
        for (const one of CASES) {
          const expected = await plainCount(one);
          const query = `{ records(first: 3, filter: ${one.filter}) { totalCount nodes { id } } }`;
          const [answer, reference] = [await graphql(compiled, query), await graphql(resolvers, query)];
          expect(answer.errors, one.filter).toBeUndefined();
          expect([answer.data!.records.totalCount, reference.data!.records.totalCount], `${one.filter}, led ${lead}`).toEqual([expected, expected]);
          expect(answer.data, one.filter).toEqual(reference.data);
          const [counted] = await t.db.all<{ count: number }>(sql`SELECT count(*) AS count FROM ${records} WHERE ${recordsMatching(one.args)}`);
          expect(counted!.count, `${one.filter}, led ${lead}`).toBe(expected);
        }
      } finally {
        if (inflated) await t.db.run(sql`UPDATE live_counts SET count = count - 1000000 WHERE entity = 'records' AND ${inflated}`);
      }
    }
    // Each case matches some records: a count of nothing would agree however it was read.
    for (const one of CASES) expect(await plainCount(one), one.filter).toBeGreaterThan(0);

    // An institution's participations with a kind in top-level records (which its counters do not
    // tell: they count a record's kind, status, key task and year with it, not its parent), led
    // either way: inflating every bucket but the kinds' by parent makes the kind lead, inflating
    // those makes the participations lead.
    const [busiest] = await t.db.all<{ id: number }>(sql`
      SELECT institution_id AS id FROM participants WHERE archived_at IS NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const institution = Buffer.from(`Institution:${busiest!.id}`).toString('base64');
    // Its records' two commonest kinds, so that each count has matches to get wrong.
    const kinds = (
      await t.db.all<{ kind: string }>(sql`SELECT r.kind FROM participants p JOIN records r ON r.id = p.record_id
        WHERE p.institution_id = ${busiest!.id} AND p.archived_at IS NULL AND r.archived_at IS NULL AND r.parent_id IS NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2`)
    ).map((row) => row.kind);
    expect(kinds).toHaveLength(2);
    for (const [lead, inflated] of [
      ['as the counters are', null],
      ['by the kind', sql`dimension NOT LIKE 'kind=%/parentId'`],
      ['by the participations', sql`dimension LIKE 'kind=%/parentId'`],
    ] as const) {
      if (inflated) await t.db.run(sql`UPDATE live_counts SET count = count + 1000000 WHERE entity = 'records' AND ${inflated}`);
      try {
        for (const kind of kinds) {
          const [plain] = await t.db.all<{ count: number }>(sql`SELECT count(*) AS count FROM records r WHERE r.archived_at IS NULL AND r.kind = ${kind} AND r.parent_id IS NULL AND EXISTS (
            SELECT 1 FROM participants p JOIN institutions i ON i.id = p.institution_id AND i.archived_at IS NULL
            WHERE p.record_id = r.id AND p.institution_id = ${busiest!.id} AND p.archived_at IS NULL)`);
          const query = `{ records(first: 3, filter: { institution: "${institution}", kinds: [${kind}], topLevelOnly: true }) { totalCount nodes { id } } }`;
          const [answer, reference] = [await graphql(compiled, query), await graphql(resolvers, query)];
          expect(plain!.count, kind).toBeGreaterThan(0);
          expect([answer.data?.records.totalCount, reference.data?.records.totalCount], `${kind}, led ${lead}`).toEqual([plain!.count, plain!.count]);
          expect(answer.data).toEqual(reference.data);
        }
      } finally {
        if (inflated) await t.db.run(sql`UPDATE live_counts SET count = count - 1000000 WHERE entity = 'records' AND ${inflated}`);
      }
    }

    // One document with its values in variables, so one plan: each request's values are bound.
    const document = `query ($c: [CountryCode!], $k: [RecordKind!]) { records(first: 3, filter: { countries: $c, kinds: $k }) { totalCount } }`;
    for (const [countries, kind] of [
      [['ZA', 'BR'], 'EVENT'],
      [['CN', 'ZA'], 'COMPETITION'],
      [['BR', 'CN'], 'TRAINING'],
    ] as const) {
      const expected = await plainCount({ link: 'record_countries', value: 'country_code', values: countries, other: sql`kind = ${kind}` });
      const answer = await graphql(compiled, document, { c: countries, k: [kind] });
      expect(answer.data?.records.totalCount, JSON.stringify([countries, kind])).toBe(expected);
    }
  });

  it('an institutions list filtered by country and/or type reads partial indexes of live institutions, never their rows, to count', async () => {
    const { sent, client, app } = watchedApp();
    try {
      for (const filter of ['{ countries: ["CN"] }', '{ types: [GOVERNMENT_AGENCY] }', '{ countries: ["CN"], types: [GOVERNMENT_AGENCY, MINISTRY] }']) {
        sent.length = 0;
        const result = await graphql(app, `{ institutions(first: 2, filter: ${filter}) { totalCount nodes { slug } } }`);
        expect(result.errors, filter).toBeUndefined();
        expect(result.data!.institutions.totalCount, filter).toBeGreaterThan(0);
        const statement = sent.find((candidate) => sqlOf(candidate).includes('"institutions"'))!;
        const args = typeof statement === 'string' ? [] : ((statement as { args?: unknown[] }).args ?? []);
        // Explained on the test's own connection: on the watched app's, the explained statement held
        // its read lock past the client's close, and a later write in this file found the database locked.
        const plan = (await t.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${sqlOf(statement)}`, args: args as never })).rows.map((row) => String(row.detail));
        const indexes = plan.flatMap((line) => /USING (?:COVERING )?INDEX (institutions_\w+)/.exec(line)?.[1] ?? []);
        expect(indexes.length, plan.join('\n')).toBeGreaterThan(0);
        expect(indexes.filter((index) => !index.startsWith('institutions_live_')), plan.join('\n')).toEqual([]);
      }
    } finally {
      client.close();
    }
  });

  it('a filter with a country and a field counts what a plain reading counts, led by either link, and reads its matches once', async () => {
    // The commonest country and field together, so that each count has matches to get wrong.
    const [pair] = await t.db.all<{ country: string; field: string; kind: string }>(sql`
      SELECT c.country_code AS country, f.field, min(r.kind) AS kind FROM record_countries c JOIN record_fields f ON f.record_id = c.record_id
      JOIN records r ON r.id = c.record_id WHERE r.archived_at IS NULL GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1`);
    const plainCount = async (kind?: string) => {
      const [row] = await t.db.all<{ count: number }>(sql`SELECT count(*) AS count FROM records r WHERE r.archived_at IS NULL
        AND EXISTS (SELECT 1 FROM record_countries c WHERE c.record_id = r.id AND c.country_code = ${pair!.country})
        AND EXISTS (SELECT 1 FROM record_fields f WHERE f.record_id = r.id AND f.field = ${pair!.field})
        ${kind ? sql`AND r.kind = ${kind}` : sql``}`);
      return row!.count;
    };
    const queryOf = (kind?: string) =>
      `{ records(first: 3, filter: { countries: ["${pair!.country}"], fields: [${pair!.field}]${kind ? `, kinds: [${kind}]` : ''} }) { totalCount nodes { id } } }`;
    for (const inflated of [null, 'country', 'field']) {
      if (inflated) await t.db.run(sql`UPDATE live_counts SET count = count + 1000000 WHERE entity = 'records' AND dimension = ${inflated}`);
      try {
        for (const kind of [undefined, pair!.kind]) {
          const query = queryOf(kind);
          const [answer, reference] = [await graphql(compiled, query), await graphql(resolvers, query)];
          expect(answer.errors, query).toBeUndefined();
          const expected = await plainCount(kind);
          expect(expected, query).toBeGreaterThan(0);
          expect([answer.data!.records.totalCount, reference.data!.records.totalCount], `${query}, ${inflated ?? 'no'} links inflated`).toEqual([expected, expected]);
          expect(answer.data, query).toEqual(reference.data);
        }
      } finally {
        if (inflated) await t.db.run(sql`UPDATE live_counts SET count = count - 1000000 WHERE entity = 'records' AND dimension = ${inflated}`);
      }
    }
    // The two links' matches, led by one link and probed for the other, written once for the
    // count and the page.
    const { sent, client, app } = watchedApp();
    try {
      expect((await graphql(app, queryOf())).errors).toBeUndefined();
      const statement = sent.map(sqlOf).find((text) => text.includes('linked_led'));
      expect(statement?.split('"linked_led"."id" AS k').length).toBe(2);
    } finally {
      client.close();
    }
  });

  it('a connection asked for its totalCount alone reads no page (a list under each parent neither)', async () => {
    const { sent, client, app } = watchedApp();
    const pagesRead = async (query: string) => {
      sent.length = 0;
      const [answer, reference] = [await graphql(app, query), await graphql(resolvers, query)];
      expect(answer.errors, query).toBeUndefined();
      expect(answer.data, query).toEqual(reference.data);
      // Each page the statement reads builds its cursors' list.
      return sent.map((statement) => sqlOf(statement).split(`'cursors'`).length - 1).reduce((sum, pages) => sum + pages, 0);
    };
    try {
      const counted = `{ records(filter: { statuses: [COMPLETED] }) { totalCount } institutions(first: 5) { nodes { slug participations { __typename totalCount } } } }`;
      const paged = `{ records(filter: { statuses: [COMPLETED] }) { totalCount pageInfo { hasNextPage } } institutions(first: 5) { nodes { slug participations { totalCount nodes { role } } } } }`;
      // Only the institutions' own page; with pages asked for, the records' and the participations' too.
      expect(await pagesRead(counted)).toBe(1);
      expect(await pagesRead(paged)).toBeGreaterThanOrEqual(3);
    } finally {
      client.close();
    }
  });

  it('a page walking the records in date order tests dateFrom from the listing index (it holds the dates the last day is computed from)', async () => {
    const page = sql`SELECT ${records.id} FROM ${records} WHERE ${records.archivedAt} IS NULL AND +${records.endKey} >= '2024' ORDER BY ${records.dateKey}, ${records.id} LIMIT 21`;
    const plan = (await t.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${page}`)).map((row) => row.detail);
    expect(plan.join('\n')).toMatch(/^SCAN records USING (COVERING )?INDEX records_live_listing$/m);
    const held = (await t.db.all<{ name: string }>(sql`SELECT name FROM pragma_index_info('records_live_listing')`)).map((row) => row.name);
    expect(held).toEqual(expect.arrayContaining(['date_key', 'id', 'starts_on', 'ends_on']));
  });
});
