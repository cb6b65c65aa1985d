/**
 * Random record filters against a plain reading of what each filter field means: a list's
 * `totalCount`, its first page and every grouped statistic under the same filter must equal
 * counts over the rows. The counters answer many of these shapes in different ways (pairs,
 * tuples, member sets with columns together and per link value, one total per grouped value, a
 * lower bound that skips counting), so the property checks them all against one reference that
 * shares none of their code. The data has records of every kind, status and key task, with and
 * without dates, parents, countries, fields and participations in several roles, some archived,
 * and one archived institution.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELDS, PARTICIPANT_ROLES, PILLARS, RECORD_KINDS, RECORD_STATUSES } from '../src/db/enums';
import { createTestApp, graphql, type TestApp } from './support/app';
import { propertyRuns } from './support/property';

const CLONES = 600;
const COUNTRIES = ['CN', 'RU', 'ZA', 'BR', 'IN'] as const;
const SOME_FIELDS = FIELDS.slice(0, 6);
const DATES = ['2019', '2020-06', '2021-03-15', '2023', '2024-02'] as const;

let t: TestApp;
let institutionIds: number[] = [];

type Row = Record<string, unknown>;
const rows = async (query: string, args: unknown[] = []): Promise<Row[]> =>
  (await t.db.$client.execute({ sql: query, args: args as never })).rows.map((row) => ({ ...row }));

const globalId = (type: string, id: unknown) => Buffer.from(`${type}:${String(id)}`).toString('base64');

beforeAll(async () => {
  t = await createTestApp({ caching: { responseCache: false } });
  const pick = (values: readonly string[], index: string) => `(CASE (${index}) % ${values.length} ${values.map((value, i) => `WHEN ${i} THEN '${value}'`).join(' ')} END)`;
  institutionIds = (await rows('SELECT id FROM institutions WHERE archived_at IS NULL ORDER BY id')).map((row) => Number(row.id));
  const n = institutionIds.length;
  const clone = `FROM n JOIN records r ON r.slug = 'totals-' || n.i`;
  // Written in SQL: the triggers keep the counters as they do for any write.
  await t.db.$client.batch(
    [
      `CREATE TEMP TABLE institution_ids AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM institutions WHERE archived_at IS NULL`,
      `CREATE TEMP TABLE n AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${CLONES}) SELECT i FROM c`,
      // Dates on three in four (some spans), a year alone or none on the rest; every tenth part of a seeded record.
      `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, starts_on, ends_on, date_precision, year, parent_id)
       SELECT 'totals-' || i, ${pick(RECORD_KINDS, 'i')}, ${pick(RECORD_STATUSES, 'i * 7')}, ${pick(PILLARS, 'i * 5')}, '記錄 ' || i, '记录 ' || i, 'Record ' || i,
         CASE WHEN i % 4 <> 0 THEN printf('%04d-%02d-%02d', 2016 + i % 9, 1 + i % 12, 1 + i % 28) END,
         CASE WHEN i % 4 <> 0 AND i % 3 = 0 THEN date(printf('%04d-%02d-%02d', 2016 + i % 9, 1 + i % 12, 1 + i % 28), '+' || (i % 400) || ' days') END,
         CASE WHEN i % 4 <> 0 THEN 'DAY' WHEN i % 8 <> 0 THEN 'YEAR' END,
         CASE WHEN i % 4 <> 0 THEN 2016 + i % 9 WHEN i % 8 <> 0 THEN 2015 + i % 10 END,
         CASE WHEN i % 10 = 0 THEN (SELECT min(id) FROM records) END
       FROM n`,
      // One to three participations each, sometimes two roles of one institution.
      `INSERT INTO participants (record_id, institution_id, role)
       SELECT r.id, (SELECT id FROM institution_ids WHERE k = (n.i * 3) % ${n}), ${pick(PARTICIPANT_ROLES, 'n.i')} ${clone}
       UNION ALL SELECT r.id, (SELECT id FROM institution_ids WHERE k = (n.i * 7) % ${n}), ${pick(PARTICIPANT_ROLES, 'n.i + 2')} ${clone} WHERE n.i % 2 = 0
       UNION ALL SELECT r.id, (SELECT id FROM institution_ids WHERE k = (n.i * 3) % ${n}), ${pick(PARTICIPANT_ROLES, 'n.i + 3')} ${clone} WHERE n.i % 5 = 0`,
      `INSERT OR IGNORE INTO record_countries (record_id, country_code)
       SELECT r.id, 'CN' ${clone} WHERE n.i % 3 = 0
       UNION ALL SELECT r.id, 'RU' ${clone} WHERE n.i % 4 = 1
       UNION ALL SELECT r.id, 'ZA' ${clone} WHERE n.i % 5 = 2
       UNION ALL SELECT r.id, 'BR' ${clone} WHERE n.i % 7 = 3`,
      `INSERT OR IGNORE INTO record_fields (record_id, field)
       SELECT r.id, ${pick(SOME_FIELDS, 'n.i')} ${clone} WHERE n.i % 3 = 1
       UNION ALL SELECT r.id, ${pick(SOME_FIELDS, 'n.i + 3')} ${clone} WHERE n.i % 4 = 2`,
      // Some archived: records, participations, and an institution in many of them.
      `UPDATE records SET archived_at = '2026-01-01T00:00:00.000Z' WHERE slug LIKE 'totals-%' AND CAST(substr(slug, 8) AS INTEGER) % 11 = 0`,
      `UPDATE participants SET archived_at = '2026-01-01T00:00:00.000Z' WHERE id % 13 = 0`,
      `UPDATE institutions SET archived_at = '2026-01-01T00:00:00.000Z' WHERE id = (SELECT id FROM institution_ids WHERE k = 3)`,
      'DROP TABLE temp.n',
      'DROP TABLE temp.institution_ids',
    ],
    'write',
  );
});
afterAll(() => t.close());

interface Filter {
  kinds?: string[];
  statuses?: string[];
  pillars?: string[];
  yearFrom?: number;
  yearTo?: number;
  countries?: string[];
  fields?: string[];
  roles?: string[];
  institution?: number;
  topLevelOnly?: boolean;
  dateFrom?: string;
  dateTo?: string;
}

/** What each filter field means, over the record `r`, written independently of the API's filters. */
function plainWhere(filter: Filter): { where: string; args: unknown[] } {
  const conditions = ['r.archived_at IS NULL'];
  const args: unknown[] = [];
  // Placeholders for values, pushed in the order they appear in the text.
  const list = (values: readonly unknown[]) => {
    args.push(...values);
    return values.map(() => '?').join(', ');
  };
  if (filter.kinds?.length) conditions.push(`r.kind IN (${list(filter.kinds)})`);
  if (filter.statuses?.length) conditions.push(`r.status IN (${list(filter.statuses)})`);
  if (filter.pillars?.length) conditions.push(`r.pillar IN (${list(filter.pillars)})`);
  if (filter.yearFrom !== undefined) conditions.push(`r.year >= ${list([filter.yearFrom])}`);
  if (filter.yearTo !== undefined) conditions.push(`r.year <= ${list([filter.yearTo])}`);
  if (filter.countries?.length) conditions.push(`EXISTS (SELECT 1 FROM record_countries c WHERE c.record_id = r.id AND c.country_code IN (${list(filter.countries)}))`);
  if (filter.fields?.length) conditions.push(`EXISTS (SELECT 1 FROM record_fields f WHERE f.record_id = r.id AND f.field IN (${list(filter.fields)}))`);
  // A public participation (itself and its institution not archived): of the institution, in any of the roles.
  if (filter.institution !== undefined || filter.roles?.length) {
    const ofInstitution = filter.institution === undefined ? '' : ` AND p.institution_id = ${list([filter.institution])}`;
    const inRoles = filter.roles?.length ? ` AND p.role IN (${list(filter.roles)})` : '';
    conditions.push(
      `EXISTS (SELECT 1 FROM participants p JOIN institutions i ON i.id = p.institution_id WHERE p.record_id = r.id AND p.archived_at IS NULL AND i.archived_at IS NULL${ofInstitution}${inRoles})`,
    );
  }
  if (filter.topLevelOnly) conditions.push('r.parent_id IS NULL');
  // Ending (or starting, with no end) on or after the date; starting on or before it, to its precision.
  if (filter.dateFrom) conditions.push(`coalesce(r.ends_on, r.starts_on) >= ${list([filter.dateFrom])}`);
  if (filter.dateTo) conditions.push(`substr(r.starts_on, 1, length(${list([filter.dateTo])})) <= ${list([filter.dateTo])}`);
  return { where: conditions.join(' AND '), args };
}

const QUERY = `query ($filter: CooperationRecordFilter) {
  records(first: 3, filter: $filter) { totalCount nodes { id } }
  statistics {
    recordsByKind(filter: $filter) { key count }
    recordsByStatus(filter: $filter) { key count }
    recordsByPillar(filter: $filter) { key count }
    recordsByYear(filter: $filter) { year count }
    recordsByCountry(filter: $filter) { country { code } count }
    recordsByField(filter: $filter) { key count }
  }
}`;

// Keys keep their type (`2021` is no `"2021"`): years come back as numbers whichever counters answer.
const sorted = (pairs: [unknown, number][]) => pairs.map(([key, count]) => `${JSON.stringify(key)}=${count}`).sort();

const subset = <T>(values: readonly T[], maxLength: number) => fc.subarray([...values], { minLength: 1, maxLength });

const FILTER_FIELDS = ['kinds', 'statuses', 'pillars', 'yearFrom', 'yearTo', 'countries', 'fields', 'roles', 'institution', 'topLevelOnly', 'dateFrom', 'dateTo'] as const;

/** One to four filter fields, so that most filters still match some rows; `institution` is an index into the first institutions. */
const filterArb: fc.Arbitrary<Filter> = fc
  .tuple(
    fc.record({
      kinds: subset(RECORD_KINDS, 3),
      statuses: subset(RECORD_STATUSES, 2),
      pillars: subset(PILLARS, 2),
      yearFrom: fc.integer({ min: 2015, max: 2025 }),
      yearTo: fc.integer({ min: 2015, max: 2025 }),
      countries: subset(COUNTRIES, 3),
      fields: subset(SOME_FIELDS, 2),
      roles: subset(PARTICIPANT_ROLES, 2),
      institution: fc.integer({ min: 0, max: 5 }),
      topLevelOnly: fc.boolean(),
      dateFrom: fc.constantFrom(...DATES),
      dateTo: fc.constantFrom(...DATES),
    }),
    fc.subarray([...FILTER_FIELDS], { minLength: 1, maxLength: 4 }),
  )
  .map(([values, chosen]) => Object.fromEntries(chosen.map((key) => [key, values[key]])) as Filter);

describe('record filters', () => {
  it('give the totals, first page and grouped statistics a plain reading of the rows gives', async () => {
    let matched = 0;
    await fc.assert(
      fc.asyncProperty(filterArb, async (generated) => {
        // An institution from the first few (the archived one among them), by its row id.
        const filter: Filter = { ...generated, institution: generated.institution === undefined ? undefined : institutionIds[generated.institution] };
        const label = JSON.stringify(filter);
        const answer = await graphql(t.app, QUERY, { filter: { ...filter, institution: filter.institution === undefined ? undefined : globalId('Institution', filter.institution) } });
        expect(answer.errors, label).toBeUndefined();
        const { where, args } = plainWhere(filter);
        const [total] = await rows(`SELECT count(*) AS n FROM records r WHERE ${where}`, args);
        expect(answer.data!.records.totalCount, label).toBe(Number(total!.n));
        if (Number(total!.n) > 0) matched++;
        const page = await rows(`SELECT r.id FROM records r WHERE ${where} ORDER BY r.date_key DESC, r.id DESC LIMIT 3`, args);
        expect(
          answer.data!.records.nodes.map((node: { id: string }) => node.id),
          label,
        ).toEqual(page.map((row) => globalId('CooperationRecord', row.id)));
        const grouped = async (key: string, from = 'records r') =>
          sorted((await rows(`SELECT ${key} AS key, count(*) AS n FROM ${from} WHERE ${where} GROUP BY 1`, args)).map((row) => [row.key ?? null, Number(row.n)]));
        const stats = answer.data!.statistics;
        const keyed = (buckets: { key: unknown; count: number }[]) => sorted(buckets.map((bucket) => [bucket.key, bucket.count]));
        expect(keyed(stats.recordsByKind), `${label} by kind`).toEqual(await grouped('r.kind'));
        expect(keyed(stats.recordsByStatus), `${label} by status`).toEqual(await grouped('r.status'));
        expect(keyed(stats.recordsByPillar), `${label} by key task`).toEqual(await grouped('r.pillar'));
        expect(sorted(stats.recordsByYear.map((bucket: { year: unknown; count: number }) => [bucket.year, bucket.count])), `${label} by year`).toEqual(await grouped('r.year'));
        expect(
          sorted(stats.recordsByCountry.map((bucket: { country: { code: string }; count: number }) => [bucket.country.code, bucket.count])),
          `${label} by country`,
        ).toEqual(await grouped('c.country_code', 'record_countries c JOIN records r ON r.id = c.record_id'));
        expect(keyed(stats.recordsByField), `${label} by field`).toEqual(await grouped('f.field', 'record_fields f JOIN records r ON r.id = f.record_id'));
      }),
      propertyRuns(150, 20261203),
    );
    // The filters met rows often enough for the comparisons to say something.
    expect(matched).toBeGreaterThan(30);
  });
});

describe('groups by a link its filter names', () => {
  type Row = Record<string, any>;
  const data = async (query: string, variables?: Record<string, unknown>): Promise<Row> => {
    const result = await graphql(t.app, query, variables);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!;
  };
  it('records by country under countries, and by field under fields, count each record under every value it names, read from the sets of values', async () => {
    const plain = (link: string, value: string, named: readonly string[], kind?: string) =>
      t.db.$client
        .execute({
          sql: `SELECT l.${value} AS key, count(*) AS count FROM ${link} l JOIN records r ON r.id = l.record_id
                WHERE r.archived_at IS NULL ${kind ? 'AND r.kind = ?' : ''}
                  AND EXISTS (SELECT 1 FROM ${link} o WHERE o.record_id = r.id AND o.${value} IN (${named.map(() => '?').join(', ')}))
                GROUP BY 1 ORDER BY 2 DESC, 1`,
          args: [...(kind ? [kind] : []), ...named],
        })
        .then((result) => result.rows.map((row) => ({ key: String(row.key), count: Number(row.count) })));
    const [busiest] = (await t.db.$client.execute(`SELECT kind FROM records WHERE archived_at IS NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).rows;
    const kind = String(busiest!.kind);
    // The values named with the most others in one record, from the data.
    const sociable = async (link: string, value: string) =>
      (
        await t.db.$client.execute(`SELECT a.${value} AS v FROM ${link} a JOIN ${link} b ON b.record_id = a.record_id AND b.${value} <> a.${value}
          GROUP BY 1 ORDER BY count(DISTINCT b.${value}) DESC, 1 LIMIT 3`)
      ).rows.map((row) => String(row.v));
    const [countries, fields] = [await sociable('record_countries', 'country_code'), await sociable('record_fields', 'field')];
    expect([countries.length, fields.length]).toEqual([3, 3]);
    const query = `query ($countries: [CountryCode!], $fields: [Field!], $kinds: [RecordKind!]) { statistics {
      byCountry: recordsByCountry(filter: { countries: $countries, kinds: $kinds }) { country { code } count }
      byField: recordsByField(filter: { fields: $fields, kinds: $kinds }) { key count } } }`;
    const read = async (variables: Row) => {
      const { statistics } = await data(query, variables);
      return {
        byCountry: statistics.byCountry.map((bucket: Row) => ({ key: bucket.country.code, count: bucket.count })),
        byField: statistics.byField,
      };
    };
    for (const named of [1, 3]) {
      for (const kinds of [undefined, [kind]]) {
        const [someCountries, someFields] = [countries.slice(0, named), fields.slice(0, named)];
        const answer = await read({ countries: someCountries, fields: someFields, kinds });
        expect(answer.byCountry, `${someCountries.join()} ${kinds ?? ''}`).toEqual(await plain('record_countries', 'country_code', someCountries, kinds?.[0]));
        expect(answer.byField, `${someFields.join()} ${kinds ?? ''}`).toEqual(await plain('record_fields', 'field', someFields, kinds?.[0]));
        // Other values than those named come too (a country's records with other countries).
        if (!kinds && named === 1) expect(Math.min(answer.byCountry.length, answer.byField.length)).toBeGreaterThan(1);
      }
    }
    // Read from the counters: every set's buckets inflated, every group grows by a multiple of it.
    const some = { countries: countries.slice(0, 2), fields: fields.slice(0, 2) };
    const before = await read(some);
    await t.db.$client.execute(`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records' AND (dimension = 'countries' OR dimension = 'fields')`);
    try {
      const after = await read(some);
      for (const group of ['byCountry', 'byField'] as const) {
        const counts = new Map(before[group].map((bucket: Row) => [bucket.key, bucket.count]));
        for (const bucket of after[group]) expect(bucket.count - Number(counts.get(bucket.key) ?? 0), `${group} ${bucket.key}`).toBeGreaterThanOrEqual(1000);
      }
    } finally {
      await t.db.$client.execute(`UPDATE live_counts SET count = count - 1000 WHERE entity = 'records' AND (dimension = 'countries' OR dimension = 'fields')`);
    }
  });

});
