/**
 * Compiled plans keyed by the variables they read (src/graphql/plan-variables.ts): a lookup by ID
 * or a page after a cursor is compiled once and answers every ID or cursor, and any variable that
 * decides a statement's shape still keys its own plan. Every answer here is compared with the
 * resolvers'.
 */
import fc from 'fast-check';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import type { Context } from '../src/context';
import { planRead } from '../src/graphql/compiled-read';
import { schema } from '../src/graphql/index';
import type { ReadPath } from '../src/plugins/compiled-reads';
import { analyzeOperation } from '../src/plugins/cost';
import { createTestApp, graphql, type TestApp } from './support/app';
import { bearer, mutate } from './support/writes';
import { propertyRuns } from './support/property';

let t: TestApp;
let resolvers: App;
const paths: ReadPath[] = [];

beforeAll(async () => {
  t = await createTestApp({ caching: { responseCache: false }, preparedReads: false, compiledReads: { observe: (path) => paths.push(path) } });
  resolvers = createApp({ db: t.db, caching: { responseCache: false }, compiledReads: false, observability: { logger: () => {} } });
});
afterAll(() => t.close());

const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64');

/** The compiled app's answer, which must equal the resolvers'; returns it with the path it took. */
async function both(query: string, variables?: Record<string, unknown>) {
  paths.length = 0;
  const compiled = await graphql(t.app, query, variables);
  const reference = await graphql(resolvers, query, variables);
  expect({ data: compiled.data, errors: compiled.errors }).toEqual({ data: reference.data, errors: reference.errors });
  return { ...compiled, path: paths[0] };
}

const context = (): Context => ({ db: t.db, locale: 'EN', viewer: null });

describe('plans keyed by the variables they read', () => {
  const NODE = `query Node($id: ID!) { node(id: $id) { id __typename ... on CooperationRecord { title kind year } ... on Institution { name } } }`;

  it('compiles a lookup by ID once: other IDs of the type bind their key into the same statement', () => {
    const document = parse(NODE);
    const first = planRead(schema, document, undefined, { id: globalId('CooperationRecord', 1) }, context())!;
    const second = planRead(schema, document, undefined, { id: globalId('CooperationRecord', 2) }, context())!;
    expect(second.query.sql).toBe(first.query.sql);
    // The same compiled plan (its finishing step is shared), with the other key bound.
    expect(second.finish).toBe(first.finish);
    expect(first.query.params).toContain(1);
    expect(second.query.params).toContain(2);
    expect(second.query.params).not.toContain(1);
    // Another type is another statement.
    const institution = planRead(schema, document, undefined, { id: globalId('Institution', 1) }, context())!;
    expect(institution.finish).not.toBe(first.finish);
    expect(institution.query.sql).not.toBe(first.query.sql);
  });

  it('answers every ID as the resolvers do, whatever came before: types, missing rows, archived rows, bad IDs', async () => {
    const { data } = await graphql(t.app, `{ records(first: 6) { nodes { id version } } institutions(first: 3) { nodes { id } } }`);
    const ids: string[] = [...data!.records.nodes, ...data!.institutions.nodes].map((node: { id: string }) => node.id);
    const archived = await mutate(t, 'archive', 'CooperationRecord', 'record', { id: ids[1], version: data!.records.nodes[1].version }, await bearer(t, 'archivist', ['admin']));
    expect(archived.__typename).toBe('ArchiveCooperationRecordPayload');
    const cases = [
      ...ids,
      globalId('CooperationRecord', 999_999),
      globalId('CooperationRecord', '01'),
      globalId('CooperationRecord', 'x'),
      globalId('Country', 'RU'),
      globalId('NoSuchType', 1),
      'not base64 at all',
      ids[0]!,
    ];
    let compiled = 0;
    for (const id of cases) {
      const answer = await both(NODE, { id });
      if (answer.path === 'compiled') compiled += 1;
    }
    // The well-formed lookups were answered by plans (the others by the resolvers, with their errors).
    expect(compiled).toBeGreaterThanOrEqual(ids.length + 1);
  });

  it('binds each ID of `nodes(ids:)` and keys by how many there are', async () => {
    const query = `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on CooperationRecord { title } } }`;
    const document = parse(query);
    const a = planRead(schema, document, undefined, { ids: [globalId('CooperationRecord', 1), globalId('CooperationRecord', 2)] }, context())!;
    const b = planRead(schema, document, undefined, { ids: [globalId('CooperationRecord', 3), globalId('CooperationRecord', 4)] }, context())!;
    const c = planRead(schema, document, undefined, { ids: [globalId('CooperationRecord', 3)] }, context())!;
    expect(b.finish).toBe(a.finish);
    expect(c.finish).not.toBe(a.finish);
    for (const ids of [[globalId('CooperationRecord', 3), globalId('CooperationRecord', 4)], [globalId('CooperationRecord', 2)], [globalId('Institution', 2), globalId('CooperationRecord', 5)]]) {
      expect((await both(query, { ids })).path).toBe('compiled');
    }
  });

  it('walks every page forward and backward through one plan per direction, with the resolvers’ pages', async () => {
    const forward = `query Page($after: String) { records(first: 3, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { title year } } } }`;
    const backward = `query Page($before: String) { records(last: 3, before: $before, orderBy: DATE_ASC) { pageInfo { hasPreviousPage startCursor } nodes { title } } }`;
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await both(forward, { after });
      expect(page.path).toBe('compiled');
      after = page.data!.records.pageInfo.hasNextPage ? page.data!.records.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 50);
    expect(pages).toBeGreaterThan(2);
    let before: string | null = null;
    pages = 0;
    do {
      const page = await both(backward, { before });
      before = page.data!.records.pageInfo.hasPreviousPage ? page.data!.records.pageInfo.startCursor : null;
      pages += 1;
    } while (before && pages < 50);
    expect(pages).toBeGreaterThan(2);

    const document = parse(forward);
    const cursors = (await graphql(t.app, `{ records(first: 3) { edges { cursor } } }`)).data!.records.edges.map((edge: { cursor: string }) => edge.cursor);
    const one = planRead(schema, document, undefined, { after: cursors[0] }, context())!;
    const two = planRead(schema, document, undefined, { after: cursors[1] }, context())!;
    expect(two.finish).toBe(one.finish);
    expect(two.query.params).not.toEqual(one.query.params);
    // No cursor is another statement.
    expect(planRead(schema, document, undefined, { after: null }, context())!.finish).not.toBe(one.finish);
  });

  it('keys by the whole value where a variable decides the shape, or is read another way too', async () => {
    const cursors = (await graphql(t.app, `{ records(first: 4) { edges { cursor } } }`)).data!.records.edges.map((edge: { cursor: string }) => edge.cursor);
    const cases: { query: string; variables: Record<string, unknown>[] }[] = [
      { query: `query P($n: Int) { records(first: $n) { nodes { title } } }`, variables: [{ n: 1 }, { n: 3 }, {}, { n: 2 }] },
      { query: `query I($yes: Boolean!) { records(first: 2) { nodes { title year @include(if: $yes) } } }`, variables: [{ yes: true }, { yes: false }] },
      { query: `query F($top: Boolean) { records(first: 3, filter: { topLevelOnly: $top }) { totalCount nodes { title } } }`, variables: [{ top: true }, { top: false }, { top: null }] },
      // The same cursor as both bounds of a page, and a literal equal to the variable's cursor.
      { query: `query B($c: String) { records(first: 3, after: $c, before: $c) { nodes { title } } }`, variables: [{ c: cursors[0] }, { c: cursors[2] }] },
      { query: `query L($c: String) { records(first: 3, after: $c, before: "${cursors[3]}") { nodes { title } } }`, variables: [{ c: cursors[3] }, { c: cursors[0] }, { c: cursors[1] }] },
      { query: `query E($c: String) { a: records(first: 2, after: $c) { nodes { title } } b: records(first: 1, before: $c) { nodes { title } } }`, variables: [{ c: cursors[1] }, { c: cursors[2] }] },
    ];
    for (const { query, variables } of cases) {
      for (const values of variables) await both(query, values);
      // And again in reverse, so that every value meets a plan compiled for another.
      for (const values of [...variables].reverse()) await both(query, values);
    }
  });

  it('binds a search’s terms: one plan for every text with terms, the resolvers’ hits for each', async () => {
    const query = `query S($q: String!) { search(query: $q, first: 3, types: [CooperationRecord, Institution]) { totalCount edges { cursor node { __typename ... on CooperationRecord { title } ... on Institution { name } } } pageInfo { hasNextPage } } }`;
    const document = parse(query);
    const skills = planRead(schema, document, undefined, { q: 'skills' }, context())!;
    const forum = planRead(schema, document, undefined, { q: '金磚 forum' }, context())!;
    expect(forum.finish).toBe(skills.finish);
    expect(forum.query.params).not.toEqual(skills.query.params);
    // No terms, or a text over the limit, is another statement (or the resolvers' error).
    expect(planRead(schema, document, undefined, { q: '  ' }, context())?.finish).not.toBe(skills.finish);
    const texts = ['skills', 'competition', '金磚創新基地', '金砖', 'BRICS forum', '   ', '"', 'x'.repeat(201), 'innovation centre', 'skills'];
    let withHits = 0;
    const everyType = `query S($q: String!) { search(query: $q, first: 2) { totalCount nodes { __typename } } }`;
    for (const text of [query, everyType]) {
      for (const q of texts) {
        const answer = await both(text, { q });
        if ((answer.data?.search?.totalCount ?? 0) > 0) withHits += 1;
      }
    }
    expect(withHits).toBeGreaterThan(6);
  });

  it('binds a slug: one plan for every record or institution looked up by slug', async () => {
    const query = `query R($slug: String!) { record(slug: $slug) { title slug } }`;
    const slugs: string[] = (await graphql(t.app, `{ records(first: 4) { nodes { slug } } }`)).data!.records.nodes.map((node: { slug: string }) => node.slug);
    const document = parse(query);
    const first = planRead(schema, document, undefined, { slug: slugs[0] }, context())!;
    expect(planRead(schema, document, undefined, { slug: slugs[1] }, context())!.finish).toBe(first.finish);
    for (const slug of [...slugs, 'no-such-record', '', slugs[0]!]) {
      expect((await both(query, { slug })).path).toBe('compiled');
    }
    const institution = `query I($slug: String!) { institution(slug: $slug) { name } }`;
    const institutionSlugs: string[] = (await graphql(t.app, `{ institutions(first: 3) { nodes { slug } } }`)).data!.institutions.nodes.map((node: { slug: string }) => node.slug);
    for (const slug of [...institutionSlugs, 'nobody']) await both(institution, { slug });
  });

  it('keeps the plans in use while many others come and go', () => {
    // A page size keys the plan by value, and so does how many kinds the filter lists.
    const document = parse(`query F($n: Int, $kinds: [RecordKind!]) { records(first: $n, filter: { kinds: $kinds }) { nodes { title } } }`);
    const kinds = ['EVENT', 'TRAINING', 'COMPETITION', 'REPORT', 'AGREEMENT', 'SIGNED_PROJECT', 'POLICY_INITIATIVE'];
    const plan = (shape: number) => planRead(schema, document, undefined, { n: 1 + (shape % 100), kinds: kinds.slice(0, 1 + Math.floor(shape / 100)) }, context())!;
    const used = plan(1);
    const unused = plan(2);
    for (let shape = 3; shape < 600; shape += 1) {
      plan(shape);
      if (shape % 10 === 0) expect(plan(1).finish).toBe(used.finish);
    }
    // The cache stays bounded: the one not asked for again was dropped, and compiles anew.
    expect(plan(2).finish).not.toBe(unused.finish);
  });

  it('leaves variables that do not coerce to the resolvers, after plans for valid ones', async () => {
    await both(NODE, { id: globalId('CooperationRecord', 1) });
    const invalid = await both(NODE, { id: { not: 'an id' } });
    expect(invalid.errors?.[0]?.message).toMatch(/Variable "\$id"/);
    const page = `query Page($after: String) { records(first: 2, after: $after) { nodes { title } } }`;
    await both(page, { after: null });
    const malformed = await both(page, { after: 'bm90IGEgY3Vyc29y' });
    expect(malformed.errors?.length).toBeGreaterThan(0);
  });
});

describe('filter values bound as statement parameters', () => {
  const WHOLE = `query W($filter: CooperationRecordFilter) { records(first: 3, filter: $filter) { totalCount pageInfo { hasNextPage } nodes { title kind year startsOn } } }`;

  it('compiles a filter once for every value of the same shape; presence, nulls and list lengths key the plan', async () => {
    const document = parse(WHOLE);
    const plan = (filter: Record<string, unknown> | null) => planRead(schema, document, undefined, { filter }, context())!;
    const institution = (await graphql(t.app, `{ institutions(first: 2) { nodes { id } } }`)).data!.institutions.nodes.map((node: { id: string }) => node.id);
    const first = plan({ kinds: ['TRAINING', 'EVENT'], yearFrom: 2021, dateTo: '2024-05', institution: institution[0], countries: ['CN'] });
    const second = plan({ kinds: ['REPORT', 'AGREEMENT'], yearFrom: 2016, dateTo: '2019-11', institution: institution[1], countries: ['RU'] });
    // One plan: the same statement and finishing step, the other values bound.
    expect(second.finish).toBe(first.finish);
    expect(second.query.sql).toBe(first.query.sql);
    expect(first.query.params).toEqual(expect.arrayContaining(['TRAINING', 2021, '2024-05~', 'CN']));
    expect(second.query.params).toEqual(expect.arrayContaining(['REPORT', 2016, '2019-11~', 'RU']));
    expect(second.query.params).not.toContain('TRAINING');
    expect(second.query.params).not.toContain(2021);
    // A date's precision is a parameter too.
    expect(plan({ kinds: ['REPORT', 'EVENT'], yearFrom: 2030, dateTo: '2019', institution: institution[0], countries: ['BR'] }).finish).toBe(first.finish);
    // What decides the statement keys another plan: a field left out or null, a list's length, a boolean…
    const others = [
      { kinds: ['REPORT'], yearFrom: 2016, dateTo: '2019-11', institution: institution[1], countries: ['RU'] },
      { kinds: ['REPORT', 'AGREEMENT'], dateTo: '2019-11', institution: institution[1], countries: ['RU'] },
      { kinds: ['REPORT', 'AGREEMENT'], yearFrom: null, dateTo: '2019-11', institution: institution[1], countries: ['RU'] },
      { kinds: ['REPORT', 'AGREEMENT'], yearFrom: 2016, dateTo: '2019-11', institution: globalId('Institution', '01'), countries: ['RU'] },
      { kinds: ['REPORT', 'AGREEMENT'], yearFrom: 2016, dateTo: '2019-11', institution: institution[1], countries: ['RU'], topLevelOnly: true },
      null,
    ];
    // (An ID the resolvers refuse leaves the operation to them: no plan.)
    for (const filter of others) expect(planRead(schema, document, undefined, { filter }, context())?.finish).not.toBe(first.finish);
    // …and the values of fields whose SQL they choose (here a unit standing for a null column).
    const units = parse(`query U($filter: IndicatorFilter) { indicators(first: 5, filter: $filter) { totalCount nodes { id } } }`);
    const unitPlan = (filter: Record<string, unknown>) => planRead(schema, units, undefined, { filter }, context());
    expect(unitPlan({ units: ['NOT_STATED'], year: 2024 })?.finish).not.toBe(unitPlan({ units: ['PEOPLE'], year: 2024 })?.finish);
    expect(unitPlan({ units: ['PEOPLE'], year: 2025 })?.finish).toBe(unitPlan({ units: ['PEOPLE'], year: 2024 })?.finish);
  });

  it('binds a filter field given by its own variable, in lists and statistics too', () => {
    const query = `query V($kinds: [RecordKind!], $from: Int, $date: PartialDate) {
      records(first: 2, filter: { kinds: $kinds, yearFrom: $from, dateFrom: $date, topLevelOnly: true }) { totalCount nodes { title } }
      statistics { recordsByKind(filter: { kinds: $kinds, yearFrom: $from }) { key count } } }`;
    const document = parse(query);
    const plan = (variables: Record<string, unknown>) => planRead(schema, document, undefined, variables, context())!;
    const first = plan({ kinds: ['EVENT'], from: 2020, date: '2023-01-05' });
    const second = plan({ kinds: ['TRAINING'], from: 2018, date: '2021-07-30' });
    expect(second.finish).toBe(first.finish);
    expect(second.query.params).toContain(2018);
    expect(second.query.params).not.toContain(2020);
    expect(plan({ kinds: ['TRAINING'], date: '2021-07-30' }).finish).not.toBe(first.finish);
  });

  it('answers every value as the resolvers do, and leaves IDs and values they refuse to them, with their errors', async () => {
    const ids: string[] = (await graphql(t.app, `{ institutions(first: 4) { nodes { id } } }`)).data!.institutions.nodes.map((node: { id: string }) => node.id);
    const filters: (Record<string, unknown> | null)[] = [
      ...ids.map((institution, index) => ({ institution, roles: index % 2 === 0 ? ['HOST'] : ['PARTNER', 'ORGANISER'] })),
      { institution: globalId('Institution', 999_999) },
      { institution: globalId('Institution', '01') },
      { institution: globalId('Country', 'CN') },
      { institution: 'not an id' },
      { kinds: ['TRAINING', 'EVENT'], yearFrom: 2022 },
      { kinds: ['COMPETITION', 'REPORT'], yearFrom: 2015 },
      { dateFrom: '2024', dateTo: '2025-06' },
      { dateFrom: '2019', dateTo: '2023-12' },
      // A span ending before it starts, through the same plan: counted over the rows instead.
      { dateFrom: '2025', dateTo: '2023-06' },
      { kinds: ['EVENT'], dateFrom: '2022-05', dateTo: '2024' },
      { kinds: ['TRAINING', 'COMPETITION'], dateFrom: '2024-06', dateTo: '2022' },
      { dateTo: '2024-05-20' },
      { dateTo: '2022-01-01' },
      { countries: ['CN', 'RU'], yearTo: 2025 },
      { countries: ['BR', 'IN'], yearTo: 2019 },
      { yearFrom: 3000 },
      null,
    ];
    let compiled = 0;
    for (const filter of [...filters, ...[...filters].reverse()]) {
      const answer = await both(WHOLE, { filter });
      if (answer.path === 'compiled') compiled += 1;
      if (filter?.institution === 'not an id') expect(answer.errors?.length).toBeGreaterThan(0);
    }
    expect(compiled).toBeGreaterThan(filters.length);
    // A value that does not coerce is graphql-js' to refuse, after plans for valid ones.
    const invalid = await both(WHOLE, { filter: { yearFrom: 'soon' } });
    expect(invalid.errors?.[0]?.message).toMatch(/Variable "\$filter"/);
    const date = await both(WHOLE, { filter: { dateTo: '2024-13' } });
    expect(date.errors?.length).toBeGreaterThan(0);
  });
});

describe('plans shared across values, in any order', () => {
  it('answer random sequences of IDs, ID lists, cursors, filters, search texts and slugs as the resolvers do', async () => {
    let sharedPlans = 0;
    const cursors: string[] = (await graphql(t.app, `{ records(first: 6) { edges { cursor } } }`)).data!.records.edges.map((edge: { cursor: string }) => edge.cursor);
    const slugs: string[] = (await graphql(t.app, `{ records(first: 3) { nodes { slug } } }`)).data!.records.nodes.map((node: { slug: string }) => node.slug);
    const NODE = `query N($id: ID!) { node(id: $id) { __typename id ... on CooperationRecord { title year } ... on Institution { name } ... on Country { code } ... on BranchCentre { name } } }`;
    const PAGE = `query P($after: String, $before: String) { records(first: 2, after: $after, before: $before) { pageInfo { hasNextPage hasPreviousPage } nodes { title } } }`;
    const SEARCH = `query S($q: String!) { search(query: $q, first: 2) { totalCount nodes { __typename } } }`;
    const SLUG = `query R($slug: String!) { record(slug: $slug) { title } }`;
    const types = ['CooperationRecord', 'Institution', 'Country', 'BranchCentre', 'Photo', 'Nothing'];
    const id = fc.tuple(fc.constantFrom(...types), fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constantFrom('01', 'RU', 'x', '-1', '1.0'))).map(([type, key]) => globalId(type, key));
    const cursor = fc.oneof(fc.constantFrom(...cursors), fc.constant(null), fc.constantFrom('bad', globalId('OffsetConnection', 3)));
    const NODES = `query M($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
    const FILTER = `query F($kinds: [RecordKind!], $from: Int, $after: String) { records(first: 2, after: $after, filter: { kinds: $kinds, yearFrom: $from }) { totalCount nodes { title kind year } } }`;
    // A whole filter, and another of the same shape (each value moved to another of its kind): one plan must answer both.
    const WHOLE = `query W($filter: CooperationRecordFilter) { records(first: 2, filter: $filter) { totalCount nodes { title kind year } } statistics { recordsByKind(filter: $filter) { key count } } }`;
    const KINDS = ['EVENT', 'TRAINING', 'COMPETITION', 'REPORT', 'AGREEMENT'];
    const COUNTRIES = ['CN', 'RU', 'BR', 'IN', 'ZA'];
    const ROLES = ['HOST', 'PARTNER', 'ORGANISER', 'MEMBER'];
    const DATES = ['2021', '2022-05', '2023-03-15', '2019-12', '2024', '2020-02-29'];
    const institutions = [1, 2, 3, 4, 5].map((key) => globalId('Institution', key));
    const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: null });
    const filter = fc.record(
      {
        kinds: optional(fc.subarray(KINDS)),
        statuses: optional(fc.subarray(['PLANNED', 'ONGOING', 'COMPLETED'])),
        yearFrom: optional(fc.integer({ min: 2015, max: 2027 })),
        yearTo: optional(fc.integer({ min: 2015, max: 2027 })),
        dateFrom: optional(fc.constantFrom(...DATES)),
        dateTo: optional(fc.constantFrom(...DATES)),
        countries: optional(fc.subarray(COUNTRIES)),
        institution: optional(fc.constantFrom(...institutions, globalId('Institution', '01'), globalId('Country', 'CN'), 'bad')),
        roles: optional(fc.subarray(ROLES)),
        topLevelOnly: optional(fc.boolean()),
      },
      { requiredKeys: [] },
    );
    const moved = <T>(list: readonly T[], value: T) => list[(list.indexOf(value) + 1) % list.length]!;
    /** The same shape with other values: each listed value the next of its list, years moved, dates of the same precision. */
    const sameShape = (given: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(given).map(([key, value]) => {
          if (value === null || typeof value === 'boolean') return [key, value];
          if (key === 'yearFrom' || key === 'yearTo') return [key, (value as number) + 3];
          if (key === 'dateFrom' || key === 'dateTo') return [key, DATES.find((date) => date !== value && date.length === (value as string).length)];
          if (key === 'institution') return [key, institutions.includes(value as string) ? moved(institutions, value as string) : value];
          const list = { kinds: KINDS, statuses: ['PLANNED', 'ONGOING', 'COMPLETED'], countries: COUNTRIES, roles: ROLES }[key]!;
          return [key, (value as string[]).map((item) => moved(list, item))];
        }),
      );
    const request = fc.oneof(
      filter.map((value) => ({ query: WHOLE, variables: { filter: value }, sameShape: { filter: sameShape(value) } })),
      id.map((value) => ({ query: NODE, variables: { id: value } })),
      fc.array(id, { maxLength: 3 }).map((ids) => ({ query: NODES, variables: { ids } })),
      fc
        .tuple(fc.option(fc.subarray(['EVENT', 'TRAINING', 'COMPETITION', 'REPORT'])), fc.option(fc.integer({ min: 2015, max: 2026 })), cursor)
        .map(([kinds, from, after]) => ({ query: FILTER, variables: { kinds, from, after } })),
      fc.tuple(cursor, cursor).map(([after, before]) => ({ query: PAGE, variables: { after, before } })),
      fc.oneof(fc.constantFrom('skills', 'forum 金磚', '创新', '', '  ', 'x'.repeat(250)), fc.string({ maxLength: 12 })).map((q) => ({ query: SEARCH, variables: { q } })),
      fc.oneof(fc.constantFrom(...slugs), fc.string({ maxLength: 8 })).map((slug) => ({ query: SLUG, variables: { slug } })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 5, maxLength: 12 }), async (requests) => {
        for (const { query, variables, ...rest } of requests) {
          await both(query, variables);
          if (!('sameShape' in rest)) continue;
          await both(query, rest.sameShape);
          const document = parse(query);
          const plan = planRead(schema, document, undefined, variables, context());
          expect(planRead(schema, document, undefined, rest.sameShape, context())?.finish).toBe(plan?.finish);
          if (plan) sharedPlans += 1;
        }
      }),
      propertyRuns(25, 41),
    );
    // Filters of most shapes compile (the rest carry an ID the resolvers refuse).
    expect(sharedPlans).toBeGreaterThan(10);
  });
});

describe('cost analysis keyed by the variables’ shape', () => {
  it('costs other texts the same, and still reads page sizes, list lengths and invalid values', () => {
    const document = parse(`query Q($id: ID!, $n: Int, $ids: [ID!]!) { node(id: $id) { id } records(first: $n) { nodes { title } } nodes(ids: $ids) { id } }`);
    const cost = (variables: Record<string, unknown>) => analyzeOperation(schema, document, variables, undefined);
    const base = cost({ id: 'a', n: 5, ids: ['x'] });
    expect(cost({ id: 'b', n: 5, ids: ['y'] })).toEqual(base);
    expect(cost({ id: 'b', n: 10, ids: ['y'] }).requested).toBeGreaterThan(base.requested);
    expect(cost({ id: 'b', n: 5, ids: ['y', 'z', 'w'] }).requested).toBeGreaterThan(base.requested);
    // A value that does not coerce fails the analysis even after a valid one of the same shape…
    expect(() => cost({ id: 'a', n: 5, ids: null })).toThrow();
    expect(() => cost({ id: 'a', n: '5', ids: ['x'] })).toThrow();
    // …and does not make a valid one fail.
    expect(cost({ id: 'c', n: 5, ids: ['q'] })).toEqual(base);
  });
});
