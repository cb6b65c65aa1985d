/**
 * Statistics' counters (src/db/counters.ts): unfiltered statistics read counters kept by triggers;
 * they must equal a plain COUNT over the rows after every kind of write, and a database whose
 * counters are missing or stale must still answer right and be repaired by `prepareCounters`.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCounters } from '../src/db/counters';
import { FIELDS } from '../src/db/enums';
import { createTestApp, graphql, type TestApp } from './support/app';
import { newInstitution, newRecord } from './support/fixtures';
import { bearer, mutate } from './support/writes';

let t: TestApp;
let writer: Record<string, string>;
let admin: Record<string, string>;
/** The definition the app prepared at start; the counters must keep holding exactly it. */
let currentFingerprint: unknown;

beforeAll(async () => {
  // Writes below bypass the API, which the response cache would not notice.
  t = await createTestApp({ caching: { responseCache: false } });
  writer = await bearer(t, 'editor', ['records:write']);
  currentFingerprint = (await t.db.all<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = 'live_counts'`))[0]?.value;
  expect(currentFingerprint).toEqual(expect.any(String));
  admin = await bearer(t, 'administrator', ['admin']);
});
afterAll(() => t.close());

type Row = Record<string, any>;

const STATISTICS = `{ statistics {
  totals { institutions branchCentres networks records indicators planTargets }
  recordsByKind { key count } recordsByStatus { key count } recordsByPillar { key count }
  recordsByField { key count } recordsByCountry { country { code } count } recordsByYear { year count }
  institutionsByType { key count } branchCentresByKind { key count } branchCentresByStatus { key count } networksByKind { key count }
} }`;

async function statistics(): Promise<Row> {
  const result = await graphql(t.app, STATISTICS);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.statistics;
}

async function rows(query: string): Promise<Row[]> {
  return (await t.db.all<Row>(sql.raw(query))).map((row) => ({ ...row }));
}

const liveCount = async (table: string) => Number((await rows(`SELECT count(*) AS n FROM ${table} WHERE archived_at IS NULL`))[0]!.n);
const grouped = (table: string, column: string) =>
  rows(`SELECT ${column} AS key, count(*) AS count FROM ${table} WHERE archived_at IS NULL GROUP BY ${column} ORDER BY count(*) DESC, ${column}`);
const linked = (link: string, column: string) =>
  rows(`SELECT l.${column} AS key, count(*) AS count FROM ${link} l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL
        GROUP BY l.${column} ORDER BY count(*) DESC, l.${column}`);

/** The statistics as plain COUNTs over the rows compute them. */
async function countedFromRows(): Promise<Row> {
  return {
    totals: {
      institutions: await liveCount('institutions'),
      branchCentres: await liveCount('branch_centres'),
      networks: await liveCount('networks'),
      records: await liveCount('records'),
      indicators: await liveCount('indicators'),
      planTargets: await liveCount('plan_targets'),
    },
    recordsByKind: await grouped('records', 'kind'),
    recordsByStatus: await grouped('records', 'status'),
    recordsByPillar: await grouped('records', 'pillar'),
    recordsByField: await linked('record_fields', 'field'),
    recordsByCountry: (await linked('record_countries', 'country_code')).map(({ key, count }) => ({ country: { code: key }, count })),
    recordsByYear: (await rows(`SELECT year, count(*) AS count FROM records WHERE archived_at IS NULL GROUP BY year ORDER BY year DESC`)).map(
      ({ year, count }) => ({ year, count }),
    ),
    institutionsByType: await grouped('institutions', 'type'),
    branchCentresByKind: await grouped('branch_centres', 'kind'),
    branchCentresByStatus: await grouped('branch_centres', 'status'),
    networksByKind: await grouped('networks', 'kind'),
  };
}

/** A record's fields as the member set `fields` holds them: bit i for the i-th field of the enum, summed once each. */
const fieldSet = `sum(DISTINCT CASE l.field ${FIELDS.map((field, index) => `WHEN '${field}' THEN ${2 ** index}`).join(' ')} END)`;

/** A record's countries as the member set `countries` lists them: their codes in order, once each, as a JSON array. */
const countrySet = `json_group_array(DISTINCT l.country_code ORDER BY l.country_code)`;
/**
 * A member set's records by each of kind, status, key task and year with each value of another
 * link: `<name>!<set>/<column>+<link>=<value>`, the column's value its bucket.
 */
const singlesWithLink = (name: string, set: string, table: string, link: string, linkTable: string, linkValue: string) =>
  ['kind', 'status', 'pillar', 'year']
    .map(
      (column) => `      UNION ALL SELECT 'records', '${name}!' || m || '/${column}+${link}=' || o.${linkValue}, ifnull(${column}, ''), count(*)
        FROM (SELECT r.id, r.${column}, ${set} AS m FROM ${table} l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) s
        JOIN ${linkTable} o ON o.record_id = s.id GROUP BY 2, 3`,
    )
    .join('\n');

/** The counters themselves are current and hold exactly the rows' counts (not only the API's answer). */
async function expectCountersCurrent(): Promise<void> {
  const [meta] = await rows(`SELECT value FROM app_meta WHERE key = 'live_counts'`);
  expect(meta?.value).toBe(currentFingerprint);
  const stored = await rows(`SELECT entity, dimension, bucket, count FROM live_counts WHERE count <> 0 ORDER BY entity, dimension, bucket`);
  const recounted = await rows(`
    SELECT * FROM (
      SELECT 'records' AS entity, '' AS dimension, '' AS bucket, count(*) AS count FROM records WHERE archived_at IS NULL
      UNION ALL SELECT 'records', 'kind', kind, count(*) FROM records WHERE archived_at IS NULL GROUP BY kind
      UNION ALL SELECT 'records', 'year', ifnull(year, ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY year
      UNION ALL SELECT 'records', 'field', l.field, count(*) FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY l.field
      UNION ALL SELECT 'records', 'country', l.country_code, count(*) FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY l.country_code
      UNION ALL SELECT 'records', 'country=' || l.country_code || '/kind', r.kind, count(*) FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'field=' || l.field || '/year', ifnull(r.year, ''), count(*) FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'country=' || l.country_code || '/endKey', ifnull(coalesce(r.ends_on, r.starts_on), ''), count(*) FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'year=' || ifnull(year, '') || '/endKey', ifnull(coalesce(ends_on, starts_on), ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'year=' || ifnull(year, '') || '/startsOn', ifnull(starts_on, ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'field=' || l.field || '/startsOn', ifnull(r.starts_on, ''), count(*) FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'kind+status+pillar=' || kind || '+' || status || '+' || pillar || '/year', ifnull(year, ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'kind+status+pillar=' || kind || '+' || status || '+' || pillar || '/startsOn', ifnull(starts_on, ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'kind+status+pillar=' || kind || '+' || status || '+' || pillar || '/endKey', ifnull(coalesce(ends_on, starts_on), ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'country+kind+status+pillar=' || l.country_code || '+' || r.kind || '+' || r.status || '+' || r.pillar || '/year', ifnull(r.year, ''), count(*)
        FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'field+kind+status+pillar=' || l.field || '+' || r.kind || '+' || r.status || '+' || r.pillar || '/year', ifnull(r.year, ''), count(*)
        FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY 2, 3
      UNION ALL SELECT 'records', 'fields', m, count(*) FROM (SELECT ${fieldSet} AS m FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) GROUP BY 3
      UNION ALL SELECT 'records', 'fields=' || m || '/year', ifnull(year, ''), count(*)
        FROM (SELECT r.year, ${fieldSet} AS m FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) GROUP BY 2, 3
      UNION ALL SELECT 'records', 'fields=' || m || '/country', c.country_code, count(*)
        FROM (SELECT r.id, ${fieldSet} AS m FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) s
        JOIN record_countries c ON c.record_id = s.id GROUP BY 2, 3
      UNION ALL SELECT 'records', 'countries', m, count(*) FROM (SELECT ${countrySet} AS m FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) GROUP BY 3
      UNION ALL SELECT 'records', 'countries=' || m || '/kind', kind, count(*)
        FROM (SELECT r.kind, ${countrySet} AS m FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) GROUP BY 2, 3
      UNION ALL SELECT 'records', 'countries#' || m || '/kind+status+pillar+year', json_array(kind, status, pillar, year), count(*)
        FROM (SELECT r.kind, r.status, r.pillar, r.year, ${countrySet} AS m FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) GROUP BY 2, 3
      UNION ALL SELECT 'records', 'countries=' || m || '/field', f.field, count(*)
        FROM (SELECT r.id, ${countrySet} AS m FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) s
        JOIN record_fields f ON f.record_id = s.id GROUP BY 2, 3
      UNION ALL SELECT 'records', 'countries!' || m || '/kind+status+pillar+year+field=' || f.field, json_array(kind, status, pillar, year), count(*)
        FROM (SELECT r.id, r.kind, r.status, r.pillar, r.year, ${countrySet} AS m FROM record_countries l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) s
        JOIN record_fields f ON f.record_id = s.id GROUP BY 2, 3
${singlesWithLink('countries', countrySet, 'record_countries', 'field', 'record_fields', 'field')}
${singlesWithLink('fields', fieldSet, 'record_fields', 'country', 'record_countries', 'country_code')}
      UNION ALL SELECT 'records', 'fields#' || m || '/kind+status+pillar+year', json_array(kind, status, pillar, year), count(*)
        FROM (SELECT r.kind, r.status, r.pillar, r.year, ${fieldSet} AS m FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) GROUP BY 2, 3
      UNION ALL SELECT 'records', 'fields!' || m || '/kind+status+pillar+year+country=' || c.country_code, json_array(kind, status, pillar, year), count(*)
        FROM (SELECT r.id, r.kind, r.status, r.pillar, r.year, ${fieldSet} AS m FROM record_fields l JOIN records r ON r.id = l.record_id WHERE r.archived_at IS NULL GROUP BY r.id) s
        JOIN record_countries c ON c.record_id = s.id GROUP BY 2, 3
      UNION ALL SELECT 'records', 'startsOn', ifnull(starts_on, ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 3
      UNION ALL SELECT 'records', 'startsOn:4', ifnull(substr(starts_on, 1, 4), ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 3
      UNION ALL SELECT 'records', 'startsOn:7', ifnull(substr(starts_on, 1, 7), ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 3
      UNION ALL SELECT 'records', 'endKey:4', ifnull(substr(coalesce(ends_on, starts_on), 1, 4), ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 3
      UNION ALL SELECT 'records', 'endKey:7', ifnull(substr(coalesce(ends_on, starts_on), 1, 7), ''), count(*) FROM records WHERE archived_at IS NULL GROUP BY 3
      UNION ALL SELECT 'institutions', '', '', count(*) FROM institutions WHERE archived_at IS NULL
      UNION ALL SELECT 'institutions', 'type', type, count(*) FROM institutions WHERE archived_at IS NULL GROUP BY type
    ) WHERE count <> 0 ORDER BY entity, dimension, bucket`);
  const checked = new Set([
    'records:',
    'records:kind',
    'records:year',
    'records:field',
    'records:country',
    // Each record once, by the set of fields it covers, and by the set of countries it names.
    'records:fields',
    'records:countries',
    // A record's dates by day, and by year and month (which a span's total sums).
    'records:startsOn',
    'records:startsOn:4',
    'records:startsOn:7',
    'records:endKey:4',
    'records:endKey:7',
    'institutions:',
    'institutions:type',
  ]);
  // Pairs of a year and a day, link pairs (a country's records per kind and last day, a field's per year and start), and tuples (kind, status and pillar per year, alone
  // and per country or field, and per start and last day).
  const linkPair = /^(countries=.*\/(kind|field)|countries[#!].*|fields[#!].*|year=.*\/(endKey|startsOn)|country=.*\/(kind|endKey)|fields?=.*\/year|field=.*\/startsOn|fields=.*\/country|((country|field)\+)?kind\+status\+pillar=.*\/(year|startsOn|endKey))$/;
  expect(stored.filter((row) => checked.has(`${row.entity}:${row.dimension}`) || (row.entity === 'records' && linkPair.test(row.dimension)))).toEqual(recounted);
}

async function expectStatisticsRight(): Promise<void> {
  expect(await statistics()).toEqual(await countedFromRows());
}

describe('statistics counters', () => {
  it('match plain counts after the seed, and a filter that narrows nothing counts the same', async () => {
    await expectCountersCurrent();
    await expectStatisticsRight();
    // `topLevelOnly: false` is a filter, so this is counted over the rows, not read from counters.
    const counted = await graphql(t.app, `{ statistics { recordsByKind(filter: { topLevelOnly: false }) { key count } recordsByYear(filter: { topLevelOnly: false }) { year count } } }`);
    const fromCounters = await statistics();
    expect(counted.data!.statistics.recordsByKind).toEqual(fromCounters.recordsByKind);
    expect(counted.data!.statistics.recordsByYear).toEqual(fromCounters.recordsByYear);
  });

  it('follow create, update, archive and restore through the API', async () => {
    const record = await newRecord(t, writer, { kind: 'TRAINING', startsOn: '2031-04', fields: ['TRADE', 'BIG_DATA'], countries: ['BR', 'IN'] });
    const institution = await newInstitution(t, writer, { type: 'THINK_TANK' });
    await expectStatisticsRight();
    expect((await statistics()).recordsByYear[0]).toEqual({ year: 2031, count: 1 });

    const updated = await mutate(t, 'update', 'CooperationRecord', 'record', { id: record.id, version: 1, kind: 'EVENT', startsOn: '2030-01-02', fields: ['E_COMMERCE'], countries: ['RU'] }, writer);
    expect(updated.__typename).toBe('UpdateCooperationRecordPayload');
    await expectStatisticsRight();

    expect((await mutate(t, 'archive', 'CooperationRecord', 'record', { id: record.id, version: 2 }, admin)).__typename).toBe('ArchiveCooperationRecordPayload');
    expect((await mutate(t, 'archive', 'Institution', 'institution', { id: institution.id, version: 1 }, admin)).__typename).toBe('ArchiveInstitutionPayload');
    await expectCountersCurrent();
    await expectStatisticsRight();
    expect((await statistics()).recordsByYear.some((bucket: Row) => bucket.year === 2030)).toBe(false);

    expect((await mutate(t, 'restore', 'CooperationRecord', 'record', { id: record.id, version: 3 }, admin)).__typename).toBe('RestoreCooperationRecordPayload');
    await expectCountersCurrent();
    await expectStatisticsRight();
    expect((await statistics()).recordsByYear.find((bucket: Row) => bucket.year === 2030)).toEqual({ year: 2030, count: 1 });
  });

  it('follow writes that bypass the API: link rows changed and rows deleted (with their cascades)', async () => {
    const record = await newRecord(t, writer, { kind: 'COMPETITION', fields: ['TRADE'], countries: ['ZA', 'CN'] });
    const id = Number(Buffer.from(record.id, 'base64').toString().split(':')[1]);
    await t.db.run(sql`UPDATE record_fields SET field = 'BIG_DATA' WHERE record_id = ${id}`);
    // Its countries changed row by row: the set it is counted in moves each time.
    await t.db.run(sql`UPDATE record_countries SET country_code = 'BR' WHERE record_id = ${id} AND country_code = 'CN'`);
    await expectCountersCurrent();
    await t.db.run(sql`DELETE FROM record_countries WHERE record_id = ${id} AND country_code = 'ZA'`);
    await t.db.run(sql`INSERT INTO record_countries (record_id, country_code) VALUES (${id}, 'IN'), (${id}, 'RU')`);
    await expectCountersCurrent();
    // A last day moved to another year and month, then its start removed (an end with no start).
    await t.db.run(sql`UPDATE records SET ends_on = '2032-12-31' WHERE id = ${id}`);
    await t.db.run(sql`UPDATE records SET year = NULL, starts_on = NULL WHERE id = ${id}`);
    await expectCountersCurrent();
    await expectStatisticsRight();
    await t.db.run(sql`DELETE FROM records WHERE id = ${id}`);
    expect(await rows(`SELECT * FROM record_countries WHERE record_id = ${id}`)).toEqual([]);
    await expectCountersCurrent();
    await expectStatisticsRight();
  });

  it('turn stale when a row is written back under an id its link rows name (an import with foreign keys off), and are counted again by the next preparation', async () => {
    const record = await newRecord(t, writer, { kind: 'COMPETITION', fields: ['TRADE', 'BIG_DATA'], countries: ['ZA', 'CN'] });
    const id = Number(Buffer.from(record.id, 'base64').toString().split(':')[1]);
    // Its stored columns only: generated ones are computed again.
    const columns = (await rows(`SELECT name FROM pragma_table_xinfo('records') WHERE hidden = 0`)).map((row) => `"${row.name}"`).join(', ');
    // Foreign keys off: the delete leaves the link rows (no cascade), which name the id again once it is back.
    await t.db.$client.executeMultiple(`PRAGMA foreign_keys = OFF;
      CREATE TEMP TABLE kept AS SELECT ${columns} FROM records WHERE id = ${id};
      DELETE FROM records WHERE id = ${id};
      INSERT INTO records (${columns}) SELECT ${columns} FROM kept;
      DROP TABLE kept;
      PRAGMA foreign_keys = ON;`);
    expect(await rows(`SELECT country_code FROM record_countries WHERE record_id = ${id} ORDER BY 1`)).toEqual([{ country_code: 'CN' }, { country_code: 'ZA' }]);
    // The counters no longer hold the definition: marked stale, so statistics are counted over the rows.
    const [meta] = await rows(`SELECT value FROM app_meta WHERE key = 'live_counts'`);
    expect(meta!.value).not.toBe(currentFingerprint);
    await expectStatisticsRight();
    // An ordinary insert after it marks nothing; the next preparation counts everything again.
    await newRecord(t, writer, { kind: 'EVENT', fields: ['TRADE'], countries: ['CN'] });
    await expectStatisticsRight();
    await prepareCounters(t.db);
    await expectCountersCurrent();
    await expectStatisticsRight();
  });

  it('stay current through ordinary inserts: a new row names no link rows before its own', async () => {
    await newRecord(t, writer, { kind: 'TRAINING', fields: ['TRADE', 'BIG_DATA'], countries: ['ZA', 'CN'] });
    await newInstitution(t, writer);
    await expectCountersCurrent();
  });

  it('give a filter on several fields its total from the set of fields each record covers', async () => {
    const record = await newRecord(t, writer, { kind: 'COMPETITION', fields: ['TRADE', 'BIG_DATA', 'E_COMMERCE'] });
    await newRecord(t, writer, { kind: 'TRAINING', fields: ['BIG_DATA'] });
    const id = Number(Buffer.from(record.id, 'base64').toString().split(':')[1]);
    await t.db.run(sql`DELETE FROM record_fields WHERE record_id = ${id} AND field = 'E_COMMERCE'`);
    await t.db.run(sql`INSERT INTO record_fields (record_id, field) VALUES (${id}, 'BLOCKCHAIN')`);
    await expectCountersCurrent();
    const QUERY = `query ($fields: [Field!], $kinds: [RecordKind!]) {
      records(first: 1, filter: { fields: $fields, kinds: $kinds }) { totalCount }
      statistics { recordsByKind(filter: { fields: $fields }) { key count } }
    }`;
    const overRows = async (fields: string[], kinds?: string[]) =>
      Number(
        (
          await rows(`SELECT count(*) AS n FROM records r WHERE r.archived_at IS NULL${kinds ? ` AND r.kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')})` : ''}
            AND EXISTS (SELECT 1 FROM record_fields l WHERE l.record_id = r.id AND l.field IN (${fields.map((field) => `'${field}'`).join(', ')}))`)
        )[0]!.n,
      );
    for (const [fields, kinds] of [
      [['TRADE', 'BIG_DATA'], undefined],
      [['TRADE', 'BIG_DATA', 'BLOCKCHAIN'], ['COMPETITION', 'TRAINING']],
      [['E_COMMERCE', 'GREEN_FINANCE'], ['COMPETITION']],
    ] as [string[], string[] | undefined][]) {
      const answer = await graphql(t.app, QUERY, { fields, kinds });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.records.totalCount, JSON.stringify([fields, kinds])).toBe(await overRows(fields, kinds));
      const competitions = answer.data!.statistics.recordsByKind.find((bucket: Row) => bucket.key === 'COMPETITION')?.count ?? 0;
      expect(competitions).toBe(await overRows(fields, ['COMPETITION']));
    }
    // Read from the counters: a count added to one set's bucket shows in the total.
    const [held] = await rows(`SELECT bucket FROM live_counts WHERE entity = 'records' AND dimension = 'fields' AND count > 0 ORDER BY bucket LIMIT 1`);
    const bump = (change: number) => t.db.run(sql`UPDATE live_counts SET count = count + ${change} WHERE entity = 'records' AND dimension = 'fields' AND bucket = ${held!.bucket}`);
    const [anyOfThem] = await rows(`SELECT group_concat(field) AS fields FROM (SELECT DISTINCT field FROM record_fields)`);
    const every = String(anyOfThem!.fields).split(',');
    await bump(1000);
    try {
      expect((await graphql(t.app, QUERY, { fields: every })).data!.records.totalCount).toBe((await overRows(every)) + 1000);
    } finally {
      await bump(-1000);
    }
  });

  it('stay right under concurrent writes', async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, index) => newRecord(t, writer, { kind: index % 2 ? 'EVENT' : 'TRAINING', startsOn: `20${20 + (index % 4)}-05`, fields: ['TRADE'], countries: ['CN'] })),
    );
    await Promise.all([
      ...created.slice(0, 6).map((record) => mutate(t, 'archive', 'CooperationRecord', 'record', { id: record.id, version: 1 }, admin)),
      ...created.slice(6).map((record) => mutate(t, 'update', 'CooperationRecord', 'record', { id: record.id, version: 1, status: 'ONGOING', countries: ['BR'] }, writer)),
      newInstitution(t, writer),
      newInstitution(t, writer),
    ]);
    await expectCountersCurrent();
    await expectStatisticsRight();
  });

  it('are counted from the rows while missing or stale, and repaired by prepareCounters', async () => {
    // A database as an older version left it: no triggers, no counts, no definition stored.
    const triggers = await rows(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'live_counts_%'`);
    expect(triggers.length).toBeGreaterThan(0);
    for (const { name } of triggers) await t.db.run(sql.raw(`DROP TRIGGER "${name}"`));
    await t.db.run(sql`DELETE FROM live_counts`);
    await t.db.run(sql`DELETE FROM app_meta WHERE key = 'live_counts'`);
    await expectStatisticsRight();
    await newRecord(t, writer, { kind: 'EVENT', startsOn: '2029-03', fields: ['TRADE'] });
    await expectStatisticsRight();

    // Counts that disagree with a definition that is not this one are never read.
    await t.db.run(sql`INSERT INTO live_counts (entity, dimension, bucket, count) VALUES ('records', '', '', 9999), ('records', 'kind', 'EVENT', 9999)`);
    await t.db.run(sql`INSERT INTO app_meta (key, value) VALUES ('live_counts', 'another definition')`);
    await expectStatisticsRight();

    await prepareCounters(t.db);
    await expectCountersCurrent();
    await expectStatisticsRight();
    // Installed again, they keep counting.
    await newRecord(t, writer, { kind: 'TRAINING', startsOn: '2029-04', countries: ['IN'] });
    await expectCountersCurrent();
    await expectStatisticsRight();
    // A migration that rebuilds a table drops its triggers with it; the next preparation notices.
    const [dropped] = await rows(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'records' ORDER BY name LIMIT 1`);
    await t.db.run(sql.raw(`DROP TRIGGER "${dropped!.name}"`));
    await prepareCounters(t.db);
    expect(await rows(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = '${dropped!.name}'`)).toHaveLength(1);
    await newRecord(t, writer, { kind: 'EVENT', startsOn: '2029-05', fields: ['TRADE'] });
    await expectCountersCurrent();
    await expectStatisticsRight();
    // A second run finds the definition current and changes nothing.
    const before = await rows(`SELECT * FROM live_counts ORDER BY entity, dimension, bucket`);
    await prepareCounters(t.db);
    expect(await rows(`SELECT * FROM live_counts ORDER BY entity, dimension, bucket`)).toEqual(before);
  });
});
