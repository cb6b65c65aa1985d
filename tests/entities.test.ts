/** Every entry point of the read API returns the seeded facts; node refetching; list filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type GraphQLResponse, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Row = Record<string, any>;

async function data(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Row> {
  const result = await graphql(t.app, query, variables, headers);
  expect(result.status).toBe(200);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const slugs = (nodes: Row[]): string[] => nodes.map((node) => node['slug'] as string);
const globalId = (type: string, id: string | number) => Buffer.from(`${type}:${id}`).toString('base64');

describe('entity lists', () => {
  it('base is the innovation center in Xiamen, in all three scripts', async () => {
    const { base } = await data(`{ base { slug acronym type nameTranslations { zhHans zhHant en } country { code } } }`);
    expect(base).toMatchObject({ slug: 'bpic', acronym: 'BPIC', type: 'COOPERATION_BODY', country: { code: 'CN' } });
    expect(base.nameTranslations.en).toBe('BRICS Partnership on New Industrial Revolution (PartNIR) Innovation Center');
    expect(base.nameTranslations.zhHant).toContain('金磚創新基地');
    expect(base.nameTranslations.zhHans).toContain('金砖创新基地');
  });

  it('institutions include the ministries, governments and the think-tank alliance members', async () => {
    const { institutions } = await data(`{ institutions(first: 100) { totalCount nodes { slug acronym type country { code } } } }`);
    expect(institutions.totalCount).toBe(institutions.nodes.length);
    const bySlug = new Map<string, Row>(institutions.nodes.map((node: Row) => [node.slug, node]));
    for (const slug of ['bpic', 'miit', 'fujian-government', 'xiamen-government', 'mofcom', 'cass', 'siis', 'bnu', 'ndb', 'unido']) {
      expect(bySlug.has(slug), slug).toBe(true);
    }
    expect(bySlug.get('miit')).toMatchObject({ acronym: 'MIIT', type: 'MINISTRY', country: { code: 'CN' } });
    expect(bySlug.get('cass')).toMatchObject({ acronym: 'CASS', type: 'THINK_TANK' });
    expect(bySlug.get('bnu')).toMatchObject({ acronym: 'BNU', type: 'UNIVERSITY' });
    expect(bySlug.get('ndb')).toMatchObject({ acronym: 'NDB', type: 'INTERNATIONAL_ORGANISATION' });
  });

  it('institution(slug:) finds one and answers null for an unknown slug', async () => {
    const { miit, missing } = await data(
      `{ miit: institution(slug: "miit") { slug name(locale: ZH_HANS) acronym } missing: institution(slug: "no-such-institution") { slug } }`,
    );
    expect(miit).toEqual({ slug: 'miit', name: '工业和信息化部', acronym: 'MIIT' });
    expect(missing).toBeNull();
  });

  it('branch centres: the MIIT branches and the enabling platforms', async () => {
    const { branchCentres } = await data(
      `{ branchCentres(first: 100) { totalCount nodes { slug kind status host { slug } target { slug } } } }`,
    );
    expect(branchCentres.totalCount).toBe(7);
    const kinds = branchCentres.nodes.map((node: Row) => node.kind);
    expect(kinds.filter((kind: string) => kind === 'MIIT_BRANCH')).toHaveLength(4);
    expect(kinds.filter((kind: string) => kind === 'ENABLING_PLATFORM')).toHaveLength(3);
    const caict = branchCentres.nodes.find((node: Row) => node.slug === 'caict-southeast-innovation-centre');
    expect(caict.host).toEqual({ slug: 'caict' });
    const platforms = branchCentres.nodes.filter((node: Row) => node.kind === 'ENABLING_PLATFORM');
    expect(platforms.every((node: Row) => node.target?.slug === 'enabling-platforms-2022')).toBe(true);
  });

  it('networks: the think-tank alliance names CASS, SIIS and BNU and says there are more', async () => {
    const { networks } = await data(
      `{ networks(first: 100) { totalCount nodes { slug kind status pillar membershipIncomplete members(first: 10) { totalCount nodes { role institution { slug acronym } } } } } }`,
    );
    expect(networks.totalCount).toBe(6);
    const alliance = networks.nodes.find((node: Row) => node.slug === 'think-tank-alliance');
    expect(alliance).toMatchObject({ kind: 'THINK_TANK_ALLIANCE', status: 'PLANNED', pillar: 'POLICY_COORDINATION', membershipIncomplete: true });
    expect(alliance.members.totalCount).toBe(3);
    expect(alliance.members.nodes.map((member: Row) => member.institution.acronym).sort()).toEqual(['BNU', 'CASS', 'SIIS']);
    expect(alliance.members.nodes.every((member: Row) => member.role === 'MEMBER')).toBe(true);
    expect(slugs(networks.nodes)).toEqual(
      expect.arrayContaining(['training-base-alliance', 'policy-coordination-expert-pool', 'industrial-innovation-alliance']),
    );
  });

  it('records: the May 2022 forum co-hosted by MIIT, Fujian and Xiamen', async () => {
    const { record } = await data(`{
      record(slug: "industrial-internet-digital-manufacturing-forum-2022") {
        kind status startsOn endsOn datePrecision year fields
        title(locale: ZH_HANT) titleTranslations { en }
        participants(first: 10) { totalCount nodes { role institution { slug } } }
        citations { paragraph source { kind } }
      }
    }`);
    expect(record).toMatchObject({ kind: 'EVENT', status: 'COMPLETED', startsOn: '2022-05-23', endsOn: '2022-05-24', datePrecision: 'DAY', year: 2022 });
    expect(record.title).toBe('金磚國家工業互聯網與數字製造發展論壇');
    expect(record.titleTranslations.en).toContain('Industrial Internet and Digital Manufacturing');
    expect(record.fields.sort()).toEqual(['DIGITAL_MANUFACTURING', 'INDUSTRIAL_INTERNET']);
    expect(record.participants.totalCount).toBe(3);
    expect(record.participants.nodes.map((p: Row) => [p.role, p.institution.slug]).sort()).toEqual([
      ['CO_HOST', 'fujian-government'],
      ['CO_HOST', 'miit'],
      ['CO_HOST', 'xiamen-government'],
    ]);
    expect(record.citations).toContainEqual({ paragraph: 2, source: { kind: 'NEWS_REPORT' } });
  });

  it('records: the skills competition kick-off with its three tracks, under the competition', async () => {
    const { record } = await data(`{
      record(slug: "brics-skills-competition-2022-kick-off") {
        kind startsOn endsOn location(locale: EN)
        tracks { position name(locale: ZH_HANT) nameTranslations { zhHans en } field }
        parent { slug children(first: 10) { totalCount nodes { slug } } }
      }
    }`);
    expect(record).toMatchObject({ kind: 'COMPETITION', startsOn: '2022-05-24', endsOn: '2022-05-28', location: 'Xiamen' });
    expect(record.tracks.map((track: Row) => track.name)).toEqual(['Web技術', '機器學習與大數據', '軌道車輛技術']);
    expect(record.tracks.map((track: Row) => track.nameTranslations.zhHans)).toEqual(['Web技术', '机器学习与大数据', '轨道车辆技术']);
    expect(record.tracks.map((track: Row) => track.position)).toEqual([1, 2, 3]);
    expect(record.tracks.map((track: Row) => track.field)).toEqual(['WEB_TECHNOLOGY', 'MACHINE_LEARNING', 'RAIL_TRANSPORT']);
    expect(record.parent.slug).toBe('brics-skills-competition-2022');
    expect(record.parent.children.totalCount).toBe(2);
    expect(slugs(record.parent.children.nodes).sort()).toEqual(['brics-skills-competition-2022-final', 'brics-skills-competition-2022-kick-off']);
  });

  it('record(slug:) answers null for an unknown slug', async () => {
    expect((await data(`{ record(slug: "nothing-here") { slug } }`)).record).toBeNull();
  });

  it('indicators: 2021 trade, rail, training and project figures', async () => {
    const { indicators } = await data(
      `{ indicators(first: 100) { totalCount nodes { slug value unit changePercent qualifier year periodStart periodEnd institution { slug } } } }`,
    );
    expect(indicators.totalCount).toBe(indicators.nodes.length);
    const bySlug = new Map<string, Row>(indicators.nodes.map((node: Row) => [node.slug, node]));
    // 737.76億元, +20.67%.
    expect(bySlug.get('xiamen-brics-trade-2021')).toMatchObject({
      value: 73_776_000_000,
      unit: 'CNY',
      changePercent: 20.67,
      year: 2021,
      periodStart: '2021-01-01',
      periodEnd: '2021-12-31',
    });
    expect(bySlug.get('china-europe-rail-china-russia-trains-2021')).toMatchObject({ value: 68, unit: 'TRAINS' });
    expect(bySlug.get('china-europe-rail-china-russia-teu-2021')).toMatchObject({ value: 6824, unit: 'TEU' });
    expect(bySlug.get('training-sessions-total')).toMatchObject({ value: 17, unit: 'COUNT', institution: { slug: 'bpic' } });
    expect(bySlug.get('training-countries-covered')).toMatchObject({ value: 28, unit: 'COUNTRIES' });
    expect(bySlug.get('trainee-participations-total')).toMatchObject({ value: 120_000, unit: 'PERSON_TIMES', qualifier: 'MORE_THAN' });
    expect(bySlug.get('brics-cooperation-projects-signed')).toMatchObject({ value: 40, unit: 'COUNT' });
    expect(bySlug.get('brics-demonstration-units-selected')).toMatchObject({ value: 104, unit: 'COUNT' });
    // A figure given only as a change has no level.
    expect(bySlug.get('xiamen-brics-container-throughput-2021')).toMatchObject({ value: null, changePercent: 46.19 });
  });

  it('plan targets: 4 MIIT branches, 8 platforms and 10–15 training programmes for 2022', async () => {
    const { planTargets } = await data(`{ planTargets(first: 100) { totalCount nodes { slug year subject targetMin targetMax } } }`);
    expect(planTargets.totalCount).toBe(3);
    expect(planTargets.nodes).toEqual([
      { slug: 'miit-branches-2022', year: 2022, subject: 'MIIT_BRANCH', targetMin: 4, targetMax: null },
      { slug: 'enabling-platforms-2022', year: 2022, subject: 'ENABLING_PLATFORM', targetMin: 8, targetMax: null },
      { slug: 'demonstration-training-programmes-2022', year: 2022, subject: 'DEMONSTRATION_TRAINING_PROGRAMME', targetMin: 10, targetMax: 15 },
    ]);
  });

  it('countries: the five BRICS members, by code', async () => {
    const { countries } = await data(`{ countries { code bricsMember name(locale: EN) nameTranslations { zhHans } } }`);
    expect(countries.map((country: Row) => country.code)).toEqual(['BR', 'CN', 'IN', 'RU', 'ZA']);
    expect(countries.every((country: Row) => country.bricsMember)).toBe(true);
    expect(countries.find((country: Row) => country.code === 'BR')).toMatchObject({ name: 'Brazil', nameTranslations: { zhHans: '巴西' } });
  });
});

describe('node(id:) and nodes(ids:)', () => {
  /** One global ID of every node type, taken from the lists. */
  async function oneOfEach(): Promise<Record<string, string>> {
    const result = await data(`{
      institutions(first: 1) { nodes { id } }
      branchCentres(first: 1) { nodes { id } }
      networks(first: 1, filter: { kinds: [THINK_TANK_ALLIANCE] }) { nodes { id members(first: 1) { nodes { id } } } }
      record(slug: "industrial-internet-digital-manufacturing-forum-2022") { id participants(first: 1) { nodes { id } } citations { source { id } } }
      indicators(first: 1) { nodes { id } }
      planTargets(first: 1) { nodes { id } }
      countries { id }
    }`);
    const record = result.record;
    const network = result.networks.nodes[0];
    return {
      Institution: result.institutions.nodes[0].id,
      BranchCentre: result.branchCentres.nodes[0].id,
      Network: network.id,
      NetworkMembership: network.members.nodes[0].id,
      CooperationRecord: record.id,
      Participation: record.participants.nodes[0].id,
      Indicator: result.indicators.nodes[0].id,
      PlanTarget: result.planTargets.nodes[0].id,
      Country: result.countries[0].id,
      Source: record.citations[0].source.id,
    };
  }

  it('refetches every node type by its ID', async () => {
    const ids = await oneOfEach();
    for (const [type, id] of Object.entries(ids)) {
      const { node } = await data(`query($id: ID!) { node(id: $id) { __typename id } }`, { id });
      expect(node, type).toEqual({ __typename: type, id });
    }
  });

  it('nodes(ids:) returns them all, in order', async () => {
    const ids = await oneOfEach();
    const list = Object.values(ids).reverse();
    const { nodes } = await data(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: list });
    expect(nodes.map((node: Row) => node.id)).toEqual(list);
    expect(nodes.map((node: Row) => node.__typename)).toEqual(Object.keys(ids).reverse());
  });

  it('a refetched node carries its data', async () => {
    const { institution } = await data(`{ institution(slug: "cass") { id } }`);
    const { node } = await data(`query($id: ID!) { node(id: $id) { ... on Institution { slug acronym } } }`, { id: institution.id });
    expect(node).toEqual({ slug: 'cass', acronym: 'CASS' });
  });

  /** The response to a bad ID: 200, no internal error, no stack trace. */
  function expectClean(result: GraphQLResponse & { status: number }) {
    expect(result.status).toBeLessThan(500);
    for (const error of result.errors ?? []) {
      expect(error.extensions?.['code']).not.toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).not.toMatch(/\bat .*\.ts:\d+|SELECT|select /);
    }
  }

  it('an ID of a row that does not exist is null', async () => {
    for (const id of [globalId('Institution', 99_999), globalId('CooperationRecord', 99_999), globalId('Country', 'XX')]) {
      const result = await graphql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expectClean(result);
      expect(result.data?.node ?? null, id).toBeNull();
    }
  });

  it('malformed IDs and IDs of unknown types give a clean error', async () => {
    for (const id of ['!!!', '', 'not base64 at all', globalId('NoSuchType', 1), Buffer.from('Institution').toString('base64')]) {
      const result = await graphql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expectClean(result);
      expect(result.data?.node ?? null, id).toBeNull();
    }
  });

  it('an ID of a known type with a key that is not a number gives a clean error or null', async () => {
    for (const id of [globalId('Institution', 'abc'), globalId('CooperationRecord', '1; DROP TABLE records')]) {
      const result = await graphql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expectClean(result);
      expect(result.data?.node ?? null, id).toBeNull();
    }
  });

  it('nodes(ids:) with an unknown ID among known ones keeps the known ones', async () => {
    const ids = await oneOfEach();
    const result = await graphql(t.app, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [ids.Institution, globalId('Institution', 99_999)],
    });
    expectClean(result);
    expect(result.data?.nodes?.[0]).toEqual({ id: ids.Institution });
    expect(result.data?.nodes?.[1] ?? null).toBeNull();
  });

  it('nodes(ids:) refuses more than 100 IDs', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => globalId('Institution', i + 1));
    const result = await graphql(t.app, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.message).toMatch(/at most 100/);
    expect(result.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

describe('filters', () => {
  /** Runs `records` with a filter and checks that totalCount agrees with the nodes. */
  async function records(filter: Row, fields = 'slug kind status pillar year startsOn endsOn fields parent { slug }'): Promise<Row[]> {
    const result = await data(`query($filter: CooperationRecordFilter) { records(first: 100, filter: $filter) { totalCount nodes { ${fields} } } }`, {
      filter,
    });
    expect(result.records.totalCount).toBe(result.records.nodes.length);
    return result.records.nodes;
  }

  it('kinds, statuses and pillars', async () => {
    const competitions = await records({ kinds: ['COMPETITION'] });
    expect(competitions).toHaveLength(4);
    expect(competitions.every((r) => r.kind === 'COMPETITION')).toBe(true);

    const several = await records({ kinds: ['AGREEMENT', 'TRAINING'] });
    expect(several.map((r) => r.kind).sort()).toEqual(['AGREEMENT', 'AGREEMENT', 'TRAINING', 'TRAINING', 'TRAINING']);

    const planned = await records({ statuses: ['PLANNED'] });
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((r) => r.status === 'PLANNED')).toBe(true);

    const policy = await records({ pillars: ['POLICY_COORDINATION'], kinds: ['EVENT'] });
    expect(policy.every((r) => r.pillar === 'POLICY_COORDINATION' && r.kind === 'EVENT')).toBe(true);
    expect(slugs(policy)).toContain('industrial-internet-digital-manufacturing-forum-2022');
  });

  it('fields and countries', async () => {
    const bigData = await records({ fields: ['BIG_DATA'] });
    expect(slugs(bigData).sort()).toEqual(['big-data-precise-epidemic-control-training', 'brics-skills-competition-2022-kick-off']);
    const brazil = await records({ countries: ['BR'] });
    expect(slugs(brazil)).toEqual(['investing-in-brazil-tax-and-legal-training']);
    expect(await records({ countries: ['ZA'] })).toEqual([]);
  });

  it('year and date ranges', async () => {
    const in2021 = await records({ yearFrom: 2021, yearTo: 2021 });
    expect(in2021.length).toBe(4);
    expect(in2021.every((r) => r.year === 2021)).toBe(true);

    const may2022 = await records({ dateFrom: '2022-05-01', dateTo: '2022-05-31' });
    expect(slugs(may2022).sort()).toEqual([
      'brics-featured-products-livestream-2022',
      'brics-skills-competition-2022',
      'brics-skills-competition-2022-kick-off',
      'industrial-internet-digital-manufacturing-forum-2022',
    ]);
    // A two-day event still matches a range that starts on its second day.
    const from24 = await records({ dateFrom: '2022-05-24', dateTo: '2022-05-24' });
    expect(slugs(from24)).toContain('industrial-internet-digital-manufacturing-forum-2022');
    expect(await records({ yearFrom: 2030 })).toEqual([]);
  });

  it('institution and roles', async () => {
    const { institution } = await data(`{ institution(slug: "miit") { id } }`);
    const withMiit = await records({ institution: institution.id });
    expect(slugs(withMiit).sort()).toEqual(['industrial-internet-digital-manufacturing-forum-2022', 'joint-construction-agreement-2021']);
    const coHosted = await records({ institution: institution.id, roles: ['CO_HOST'] });
    expect(slugs(coHosted)).toEqual(['industrial-internet-digital-manufacturing-forum-2022']);
    const guided = await records({ roles: ['GUIDE'] });
    expect(slugs(guided)).toEqual(['brics-featured-products-livestream-2022']);
  });

  it('topLevelOnly leaves out competition stages and series items', async () => {
    const all = await records({});
    const top = await records({ topLevelOnly: true });
    expect(top.every((r) => r.parent === null)).toBe(true);
    expect(all.length - top.length).toBe(all.filter((r) => r.parent !== null).length);
    expect(slugs(top)).not.toContain('brics-skills-competition-2022-final');
    expect(slugs(top)).toContain('brics-skills-competition-2022');
  });

  it('records are ordered by date, latest first by default', async () => {
    const desc = await records({ kinds: ['EVENT', 'COMPETITION'], yearFrom: 2022 });
    const dated = desc.filter((r) => r.startsOn !== null).map((r) => r.startsOn as string);
    expect(dated).toEqual([...dated].sort().reverse());
    const asc = await data(`{ records(first: 3, orderBy: DATE_ASC, filter: { yearFrom: 2021 }) { nodes { year } } }`);
    expect(asc.records.nodes[0].year).toBe(2021);
  });

  it('filters on the other lists agree with totalCount', async () => {
    const result = await data(`{
      ministries: institutions(first: 100, filter: { types: [MINISTRY] }) { totalCount nodes { type } }
      platforms: branchCentres(first: 100, filter: { kinds: [ENABLING_PLATFORM] }) { totalCount nodes { kind } }
      launched: branchCentres(first: 100, filter: { statuses: [PLANNED] }) { totalCount nodes { status } }
      talent: networks(first: 100, filter: { pillars: [TALENT_DEVELOPMENT] }) { totalCount nodes { pillar } }
      pools: networks(first: 100, filter: { kinds: [EXPERT_POOL] }) { totalCount nodes { kind } }
      money: indicators(first: 100, filter: { units: [CNY] }) { totalCount nodes { unit } }
      y2021: indicators(first: 100, filter: { year: 2021 }) { totalCount nodes { year } }
      targets: planTargets(first: 100, filter: { subjects: [ENABLING_PLATFORM] }) { totalCount nodes { subject } }
    }`);
    expect(result.ministries.nodes.map((n: Row) => n.type)).toEqual(['MINISTRY', 'MINISTRY']);
    expect(result.platforms.nodes).toHaveLength(3);
    expect(result.launched.nodes).toHaveLength(0);
    expect(result.talent.nodes.length).toBe(2);
    expect(result.pools.nodes.length).toBe(2);
    expect(result.money.nodes.every((n: Row) => n.unit === 'CNY')).toBe(true);
    expect(result.y2021.nodes.every((n: Row) => n.year === 2021)).toBe(true);
    expect(result.targets.nodes).toEqual([{ subject: 'ENABLING_PLATFORM' }]);
    for (const connection of Object.values(result) as Row[]) {
      expect(connection.totalCount).toBe(connection.nodes.length);
    }
  });
});
