/** Aggregates agree with the lists; plan-target progress. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Row = Record<string, any>;

async function data(query: string, variables?: Record<string, unknown>): Promise<Row> {
  const result = await graphql(t.app, query, variables);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

const sum = (buckets: { count: number }[]) => buckets.reduce((total, bucket) => total + bucket.count, 0);

async function recordCount(filter: Row): Promise<number> {
  const result = await data(`query($filter: CooperationRecordFilter) { records(filter: $filter) { totalCount } }`, { filter });
  return result.records.totalCount;
}

describe('statistics', () => {
  it('totals equal the totalCount of every list', async () => {
    const result = await data(`{
      statistics { totals { institutions branchCentres networks records indicators planTargets } }
      institutions { totalCount } branchCentres { totalCount } networks { totalCount }
      records { totalCount } indicators { totalCount } planTargets { totalCount }
    }`);
    const { totals } = result.statistics;
    expect(totals).toEqual({
      institutions: result.institutions.totalCount,
      branchCentres: result.branchCentres.totalCount,
      networks: result.networks.totalCount,
      records: result.records.totalCount,
      indicators: result.indicators.totalCount,
      planTargets: result.planTargets.totalCount,
    });
    expect(totals.records).toBeGreaterThan(20);
    expect(totals.planTargets).toBe(3);
  });

  it('records by kind, status, key task and year each sum to the total; every bucket matches the filtered list', async () => {
    const { statistics } = await data(`{ statistics {
      totals { records }
      recordsByKind { key count } recordsByStatus { key count } recordsByPillar { key count } recordsByYear { year count }
    } }`);
    const total = statistics.totals.records;
    for (const dimension of ['recordsByKind', 'recordsByStatus', 'recordsByPillar', 'recordsByYear']) {
      expect(sum(statistics[dimension]), dimension).toBe(total);
    }
    for (const bucket of statistics.recordsByKind) expect(await recordCount({ kinds: [bucket.key] })).toBe(bucket.count);
    for (const bucket of statistics.recordsByStatus) expect(await recordCount({ statuses: [bucket.key] })).toBe(bucket.count);
    for (const bucket of statistics.recordsByPillar) expect(await recordCount({ pillars: [bucket.key] })).toBe(bucket.count);
    for (const bucket of statistics.recordsByYear) {
      if (bucket.year === null) continue;
      expect(await recordCount({ yearFrom: bucket.year, yearTo: bucket.year }), String(bucket.year)).toBe(bucket.count);
    }
    // Undated records are those no year range includes.
    const undated = statistics.recordsByYear.find((bucket: Row) => bucket.year === null)?.count ?? 0;
    expect(await recordCount({ yearFrom: 0 })).toBe(total - undated);
    // Latest first, undated last.
    const years = statistics.recordsByYear.map((bucket: Row) => bucket.year).filter((year: number | null) => year !== null);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(statistics.recordsByKind.find((bucket: Row) => bucket.key === 'COMPETITION').count).toBe(4);
  });

  it('records by field and by country agree with the filtered lists', async () => {
    const { statistics } = await data(`{ statistics { recordsByField { key count } recordsByCountry { country { code } count } } }`);
    expect(statistics.recordsByField.length).toBeGreaterThan(5);
    for (const bucket of statistics.recordsByField) expect(await recordCount({ fields: [bucket.key] }), bucket.key).toBe(bucket.count);
    expect(statistics.recordsByCountry.length).toBeGreaterThan(0);
    for (const bucket of statistics.recordsByCountry) {
      expect(await recordCount({ countries: [bucket.country.code] }), bucket.country.code).toBe(bucket.count);
    }
    const bigData = statistics.recordsByField.find((bucket: Row) => bucket.key === 'BIG_DATA');
    expect(bigData.count).toBe(2);
  });

  it('record counts accept the same filter as records', async () => {
    const filter = { yearFrom: 2022, pillars: ['TALENT_DEVELOPMENT'] };
    const { statistics } = await data(
      `query($filter: CooperationRecordFilter) { statistics { recordsByKind(filter: $filter) { key count } recordsByYear(filter: $filter) { year count } } }`,
      { filter },
    );
    const total = await recordCount(filter);
    expect(sum(statistics.recordsByKind)).toBe(total);
    expect(statistics.recordsByYear).toEqual([{ year: 2022, count: total }]);
    expect(statistics.recordsByKind).toEqual([{ key: 'COMPETITION', count: 4 }]);
  });

  it('branch centres, networks and institutions by category sum to their totals and match the filtered lists', async () => {
    const result = await data(`{ statistics {
      totals { institutions branchCentres networks }
      branchCentresByKind { key count } branchCentresByStatus { key count } networksByKind { key count } institutionsByType { key count }
    } }`);
    const s = result.statistics;
    expect(sum(s.branchCentresByKind)).toBe(s.totals.branchCentres);
    expect(sum(s.branchCentresByStatus)).toBe(s.totals.branchCentres);
    expect(sum(s.networksByKind)).toBe(s.totals.networks);
    expect(sum(s.institutionsByType)).toBe(s.totals.institutions);
    expect(s.branchCentresByKind).toEqual(
      expect.arrayContaining([
        { key: 'MIIT_BRANCH', count: 4 },
        { key: 'ENABLING_PLATFORM', count: 3 },
      ]),
    );
    for (const bucket of s.networksByKind) {
      const list = await data(`query($kinds: [NetworkKind!]) { networks(filter: { kinds: $kinds }) { totalCount } }`, { kinds: [bucket.key] });
      expect(list.networks.totalCount).toBe(bucket.count);
    }
    for (const bucket of s.institutionsByType) {
      const list = await data(`query($types: [InstitutionType!]) { institutions(filter: { types: $types }) { totalCount } }`, { types: [bucket.key] });
      expect(list.institutions.totalCount).toBe(bucket.count);
    }
  });
});

describe('plan targets with progress', () => {
  it('4 MIIT branches (2 recorded), 8 platforms (3 recorded, 8 reported: met), 10–15 training programmes', async () => {
    const { planTargets } = await data(`{ planTargets(filter: { year: 2022 }) { nodes {
      slug targetMin targetMax reportedAchievedOn
      progress { recorded reported achieved ratio met }
      branchCentres { slug kind }
      records { slug }
    } } }`);
    const bySlug = new Map<string, Row>(planTargets.nodes.map((node: Row) => [node.slug, node]));

    const branches = bySlug.get('miit-branches-2022')!;
    expect(branches.targetMin).toBe(4);
    expect(branches.progress).toEqual({ recorded: 2, reported: null, achieved: 2, ratio: 0.5, met: false });
    expect(branches.branchCentres).toHaveLength(2);
    expect(branches.branchCentres.every((centre: Row) => centre.kind === 'MIIT_BRANCH')).toBe(true);

    const platforms = bySlug.get('enabling-platforms-2022')!;
    expect(platforms.targetMin).toBe(8);
    expect(platforms.progress).toEqual({ recorded: 3, reported: 8, achieved: 8, ratio: 1, met: true });
    expect(platforms.reportedAchievedOn).toBe('2022-09-07');
    expect(platforms.branchCentres.map((centre: Row) => centre.kind)).toEqual(['ENABLING_PLATFORM', 'ENABLING_PLATFORM', 'ENABLING_PLATFORM']);

    const training = bySlug.get('demonstration-training-programmes-2022')!;
    expect([training.targetMin, training.targetMax]).toEqual([10, 15]);
    // No source names the programmes, so none are recorded and none invented.
    expect(training.progress).toMatchObject({ recorded: training.records.length + training.branchCentres.length, met: false });
    expect(training.progress.ratio).toBeCloseTo(training.progress.achieved / 10);
  });

  it('recorded progress equals the linked branch centres and records', async () => {
    const { planTargets } = await data(`{ planTargets { nodes { progress { recorded } branchCentres { slug } records { slug } } } }`);
    for (const target of planTargets.nodes) {
      expect(target.progress.recorded).toBe(target.branchCentres.length + target.records.length);
    }
  });
});
