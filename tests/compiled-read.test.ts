/**
 * The compiled read path (one statement that builds the JSON) against the resolvers: for every
 * operation here both paths must return identical `data` and `errors`. The operations are the
 * GraphiQL examples, the benchmark's, shapes from the other tests, and random valid selections.
 */
import fc from 'fast-check';
import { getNamedType, isLeafType, isNonNullType, isObjectType, parse, type GraphQLField, type GraphQLObjectType, type GraphQLUnionType } from 'graphql';
import { schema } from '../src/graphql/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import { EXAMPLE_OPERATIONS } from '../src/graphiql/examples';
import type { ReadPath } from '../src/plugins/compiled-reads';
import { OPERATIONS as BENCH_OPERATIONS } from '../src/scripts/bench/operations';
import { planRead } from '../src/graphql/compiled-read';
import { sql, type SQL } from 'drizzle-orm';
import type { AnyRelations } from 'drizzle-orm/relations';
import { JsonStatement, renderJsonStatement, StatementTooDeep } from '../src/db/json-read';
import { PARSER_STACK_ENTRIES, parserDepth } from '../src/db/parser-depth';
import { createTestApp, graphql, type TestApp } from './support/app';
import { prepareCounters } from '../src/db/counters';
import { bearer, mutate } from './support/writes';
import { propertyRuns } from './support/property';

let t: TestApp;
let resolvers: App;
const paths: { path: ReadPath; error?: unknown }[] = [];

beforeAll(async () => {
  // The operation's own statements: the response cache adds its version check (tested below).
  t = await createTestApp({ trace: true, caching: { responseCache: false }, compiledReads: { observe: (path, error) => paths.push({ path, error }) } });
  resolvers = createApp({ db: t.db, trace: true, caching: { responseCache: false }, compiledReads: false, observability: { logger: () => {} } });
});
afterAll(() => t.close());

const recordId = (id: number) => Buffer.from(`CooperationRecord:${id}`).toString('base64');

/** Runs an operation through both paths; returns the path the compiled app took. */
async function both(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  paths.length = 0;
  const compiled = await graphql(t.app, query, variables, headers);
  const taken = paths[0];
  const reference = await graphql(resolvers, query, variables, headers);
  expect(taken?.error).toBeUndefined();
  expect({ data: compiled.data, errors: compiled.errors }).toEqual({ data: reference.data, errors: reference.errors });
  return { path: taken?.path, compiled, reference };
}

/**
 * Runs generated queries through both paths (`both` fails on any difference, and on a statement
 * SQLite refused, which the fallback reports); the share of them the plan answered (in whole or
 * beside the resolvers).
 */
async function compiledOf(queries: fc.Arbitrary<string>, parameters: { numRuns: number; seed: number }): Promise<number> {
  let compiled = 0;
  await fc.assert(
    fc.asyncProperty(queries, async (query) => {
      const { path } = await both(query);
      if (path === 'compiled' || path === 'partial') compiled += 1;
    }),
    parameters,
  );
  return compiled / parameters.numRuns;
}

describe('compiled read path', () => {
  it('answers the benchmark operations in one statement, with the resolvers’ data', async () => {
    const deep = await graphql(t.app, `{ records(last: 3) { edges { cursor } } }`);
    const after = deep.data!.records.edges[0].cursor as string;
    for (const operation of BENCH_OPERATIONS) {
      const variables = operation.name === 'deep-page' ? { after } : operation.variables;
      const { path, compiled } = await both(operation.query, variables);
      if (['nested', 'node', 'filtered', 'search', 'deep-page', 'aggregate'].includes(operation.name)) {
        expect(path, operation.name).toBe('compiled');
        expect(compiled.extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
      }
    }
  });

  it('goes through the response cache: a miss adds only its version check, a hit returns the same data', async () => {
    const cached = createApp({ db: t.db, trace: true, observability: { logger: () => {} } });
    const query = BENCH_OPERATIONS[0]!.query;
    const miss = await graphql(cached, query);
    expect(miss.extensions!.db).toEqual({ statements: 2, roundTrips: 1 });
    const hit = await graphql(cached, query);
    expect(hit.data).toEqual(miss.data);
    expect(hit.extensions!.db.statements).toBeLessThan(2);
  });

  it.each(EXAMPLE_OPERATIONS.filter((example) => !/^\s*(#.*\n)*\s*mutation/m.test(example.query)))(
    'GraphiQL example $name: same data and errors',
    async (example) => {
      await both(example.query, example.variables, example.headers);
    },
  );

  const SHAPES: { name: string; query: string; variables?: Record<string, unknown>; headers?: Record<string, string>; compiled: boolean }[] = [
    { name: 'aliases, fragments, directives', compiled: true, query: `query Q($yes: Boolean!) { a: records(first: 3) { ...R nodes { t2: title(locale: ZH_HANT) } } b: records(first: 2, orderBy: DATE_ASC) @include(if: $yes) { edges { cursor node { id __typename } } pageInfo { startCursor endCursor hasNextPage hasPreviousPage } } } fragment R on QueryRecordsConnection { totalCount nodes { id title slug kind status pillar year startsOn endsOn datePrecision version } }`, variables: { yes: true } },
    { name: 'filtered list with the benchmark’s nested selection (SQLite parser depth)', compiled: true, query: `query N($y: Int) { records(first: 20, filter: { yearFrom: $y }) { totalCount nodes { title startsOn participants(first: 5) { nodes { role institution { name country { code } } } } } } }`, variables: { y: 1000 } },
    { name: 'translations', compiled: true, query: `{ records(first: 5) { nodes { titleTranslations { en zhHans zhHant } summaryTranslations { en } locationTranslations { zhHant } summary location } } }` },
    { name: 'Accept-Language', compiled: true, query: `{ records(first: 4) { nodes { title summary } } }`, headers: { 'accept-language': 'zh-TW' } },
    { name: 'relations and lists', compiled: true, query: `{ records(first: 10) { nodes { countries { code name } tracks { position name field } parent { title } citations { source { title } } photos { id } target { title year } participants(first: 2, roles: [HOST]) { totalCount pageInfo { hasNextPage } edges { node { role institution { name type country { code name } } } } } } } }` },
    { name: 'filters', compiled: true, query: `{ records(first: 10, filter: { kinds: [EVENT, TRAINING], yearFrom: 2021, yearTo: 2023, countries: ["RU"], fields: [DIGITAL_MANUFACTURING, INNOVATION], topLevelOnly: true }) { totalCount nodes { title year } } }` },
    { name: 'node over several types', compiled: true, query: `{ a: node(id: "${recordId(3)}") { id ... on CooperationRecord { title } } c: node(id: "${recordId(999999)}") { id } nodes(ids: ["${recordId(1)}", "${Buffer.from('Institution:1').toString('base64')}"]) { __typename id } }` },
    { name: 'a country by its code (text keys: resolvers)', compiled: false, query: `{ node(id: "${Buffer.from('Country:CN').toString('base64')}") { ... on Country { code } } }` },
    { name: 'a non-canonical ID stays an error', compiled: false, query: `{ node(id: "${Buffer.from('CooperationRecord:03').toString('base64')}") { id } }` },
    { name: 'a forged cursor stays an error', compiled: false, query: `{ records(first: 2, after: "bm9wZQ==") { nodes { title } } }` },
    // The API issues a one-column position as a value and several as a tuple: a tuple of one is forged.
    { name: 'a tuple cursor of one value stays an error', compiled: false, query: `{ institutions(first: 2, after: "${Buffer.from('DC:T:["N:4"]').toString('base64')}") { nodes { id } } networks(last: 1, before: "${Buffer.from('DC:T:["N:4"]').toString('base64')}") { nodes { id } } }` },
    { name: 'a page size out of range stays an error', compiled: false, query: `{ records(first: 1000) { nodes { title } } }` },
    { name: 'backward pages', compiled: true, query: `{ records(last: 3) { nodes { title } edges { cursor } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } old: records(last: 2, orderBy: DATE_ASC, filter: { kinds: [EVENT] }) { totalCount nodes { title } } }` },
    { name: 'backward nested pages', compiled: true, query: `{ records(first: 5) { nodes { participants(last: 2) { totalCount pageInfo { hasPreviousPage hasNextPage } nodes { role institution { name } } } } } networks(last: 2) { nodes { members(last: 3) { nodes { role } } } } }` },
    { name: 'first and last together stay an error', compiled: false, query: `{ records(first: 2, last: 2) { nodes { title } } }` },
    { name: 'every root list with counts and filters', compiled: true, query: `{ institutions(first: 4, filter: { types: [MINISTRY, RESEARCH_INSTITUTE, GOVERNMENT_AGENCY], countries: ["CN"] }) { totalCount nodes { name acronym website createdAt updatedAt country { name } } } branchCentres(filter: { kinds: [MIIT_BRANCH] }) { totalCount nodes { name kind status launchedOn host { name } } } networks(first: 3) { totalCount edges { cursor node { name kind establishedOn members(first: 3) { totalCount nodes { role institution { name } } } } } } indicators(first: 5) { totalCount nodes { name value unit qualifier changePercent periodStart periodEnd year fields } } planTargets { totalCount nodes { title year reportedAchievedOn fields } } countries { code name bricsMember } }` },
    { name: 'one row by slug, the base, linked values', compiled: true, query: `{ base { name acronym type } institution(slug: "miit") { name parent { name } } missing: institution(slug: "no-such-slug") { name } record(slug: "no-such-slug") { title } records(first: 5) { nodes { fields createdAt updatedAt } } }` },
    { name: 'sources of citations', compiled: true, query: `{ records(first: 3) { nodes { citations { source { title url publishedOn } } } } }` },
    // Each nested object used to take 9–35 of the ~100 entries of SQLite's parser stack: these overflowed it.
    { name: 'filtered list, participants with totalCount and countries with names (SQLite parser depth)', compiled: true, query: `{ records(first: 20, filter: { kinds: [TRAINING, EVENT], yearFrom: 2022 }) { nodes { title startsOn participants(first: 5) { totalCount nodes { role institution { name country { code name } } } } } } }` },
    { name: 'parents to the depth limit under a filtered backward page', compiled: true, query: `{ records(last: 3, filter: { kinds: [TRAINING, EVENT, COMPETITION] }) { totalCount edges { cursor node { title parent { title parent { slug parent { parent { parent { parent { title } } } } } } } } } }` },
    { name: 'connections in connections to the depth limit', compiled: true, query: `{ records(first: 3, filter: { topLevelOnly: true }) { totalCount nodes { children(first: 2) { totalCount pageInfo { hasNextPage } nodes { children(last: 2) { totalCount nodes { children(first: 1) { totalCount nodes { title } } } } } } } } }` },
    { name: 'institutions’ parents through participants to the depth limit', compiled: true, query: `{ records(first: 4, filter: { kinds: [TRAINING, EVENT] }) { totalCount nodes { participants(first: 3) { totalCount nodes { role institution { name parent { name parent { name country { code name } } } } } } } } }` },
    { name: 'members’ institutions to the depth limit', compiled: true, query: `{ networks(first: 2) { edges { node { members(last: 2) { totalCount edges { node { institution { parent { country { name } } } } } } } } } }` },
    { name: 'node and search at the depth limit', compiled: true, query: `{ node(id: "${recordId(3)}") { ... on CooperationRecord { participants(first: 2) { totalCount nodes { institution { participations(first: 2) { totalCount nodes { record { title } } } } } } } } search(query: "forum", first: 3) { totalCount nodes { ... on CooperationRecord { participants(first: 2) { totalCount nodes { institution { name country { name } } } } } ... on Institution { parent { parent { name } } participations(first: 2) { nodes { record { title parent { title } } } } } } } }` },
  ];

  it.each(SHAPES)('$name: same data and errors', async ({ query, variables, headers, compiled }) => {
    const result = await both(query, variables, headers);
    if (compiled) expect(result.path).toBe('compiled');
    else expect(result.path).not.toBe('compiled');
  });

  it('pages after every cursor, in both orders and under a filter, as the resolvers do (keyset seeks)', async () => {
    // Records share date keys (undated ones share ''), so cursors fall inside runs of equal keys.
    const [shared] = (await t.db.$client.execute(`SELECT count(*) - count(DISTINCT date_key) AS n FROM records WHERE archived_at IS NULL`)).rows;
    expect(Number(shared!.n)).toBeGreaterThan(0);
    const lists = [`orderBy: DATE_DESC`, `orderBy: DATE_ASC`, `filter: { kinds: [EVENT, TRAINING] }`, `orderBy: DATE_ASC, filter: { yearFrom: 2022 }`];
    for (const list of lists) {
      const query = `query ($after: String) { records(first: 2, after: $after, ${list}) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id title } } } }`;
      let after: string | null = null;
      let pages = 0;
      do {
        const { path, compiled } = await both(query, { after });
        expect(path, list).toBe('compiled');
        const connection = compiled.data!.records;
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        pages += 1;
      } while (after);
      expect(pages, list).toBeGreaterThan(2);
    }
    // Backward, from the end to the start, through `last`/`before`.
    for (const list of lists) {
      const query = `query ($before: String) { records(last: 3, before: $before, ${list}) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } nodes { title } } }`;
      let before: string | null = null;
      let pages = 0;
      do {
        const { path, compiled } = await both(query, { before });
        expect(path, list).toBe('compiled');
        const connection = compiled.data!.records;
        before = connection.pageInfo.hasPreviousPage ? connection.pageInfo.startCursor : null;
        pages += 1;
      } while (before);
      expect(pages, list).toBeGreaterThan(2);
    }
    // Both bounds at once: no seek, the same rows.
    const all = await graphql(t.app, `{ records(first: 8) { edges { cursor } } }`);
    const cursors = all.data!.records.edges.map((edge: { cursor: string }) => edge.cursor);
    for (const size of ['first: 5', 'last: 5', 'first: 2', 'last: 2']) {
      const query = `query ($after: String, $before: String) { records(${size}, after: $after, before: $before) { nodes { id } pageInfo { hasNextPage hasPreviousPage } } }`;
      expect((await both(query, { after: cursors[1], before: cursors[6] })).path).toBe('compiled');
    }
  });

  it('selections to the depth limit under pages after and before a cursor, filtered or not', async () => {
    const deep = `title parent { title } participants(first: 2) { totalCount nodes { role institution { name parent { name country { code name } } } } }`;
    const cursors = (await graphql(t.app, `{ records(first: 6) { edges { cursor } } }`)).data!.records.edges.map((edge: { cursor: string }) => edge.cursor);
    for (const list of ['', 'filter: { kinds: [EVENT, TRAINING] }', 'orderBy: DATE_ASC, filter: { yearFrom: 2021 }']) {
      for (const page of ['first: 3, after: $after', 'last: 3, before: $before', 'last: 2, after: $after', 'first: 2, after: $after, before: $before']) {
        const declared = ['after', 'before'].filter((name) => page.includes(`$${name}`)).map((name) => `$${name}: String`);
        const query = `query (${declared.join(', ')}) { records(${page}${list ? `, ${list}` : ''}) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { ${deep} } } }`;
        const { path } = await both(query, { after: cursors[1], before: cursors[5] });
        expect(path, `${page} ${list}`).toBe('compiled');
      }
    }
  });

  it('random chains of relations to the depth limit: same data and errors, and none fails in SQLite', async () => {
    expect(await compiledOf(deepQuery, propertyRuns(40, 29))).toBeGreaterThan(0.75);
  });

  it('reads each object view in place: SQLite flattens it into the subquery that reads it, never computes it whole', async () => {
    const shapes = [...SHAPES.filter((shape) => shape.compiled), ...BENCH_OPERATIONS.filter((operation) => operation.name !== 'deep-page')];
    let views = 0;
    for (const shape of shapes) {
      // The statement the app sends for it (the plan is what the compiled path runs).
      const plan = planRead(schema, parse(shape.query), null, shape.variables ?? {}, { db: t.db, locale: 'EN', viewer: null });
      expect(plan, shape.name).not.toBeNull();
      views += (plan!.query.sql.match(/"j\d+v" AS NOT MATERIALIZED/g) ?? []).length;
      const steps = await t.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${plan!.query.sql}`, args: plan!.query.params as never });
      // A view computed whole shows as its own MATERIALIZE, CO-ROUTINE or SCAN step; flattened, only its table does.
      expect(steps.rows.map((row) => String(row.detail)).filter((detail) => /\bj\d+v\b/.test(detail)), shape.name).toEqual([]);
    }
    expect(views).toBeGreaterThan(shapes.length);
  });

  it('fields their resolvers compute from what their select names (progress, membership) are read in the statement, as the resolvers read them', async () => {
    const admin = await bearer(t, 'computed-admin', ['admin']);
    const queries = [
      `{ planTargets(first: 50) { nodes { slug progress { __typename recorded inferred planned reported achieved ratio met } } } }`,
      `{ branchCentres(first: 20) { nodes { name target { progress { achieved share: ratio met } } } } }`,
      `{ networks(first: 50) { nodes { name membershipIncomplete membership } } }`,
    ];
    const run = async () => {
      for (const query of queries) {
        for (const headers of [{}, admin]) {
          const { path, compiled } = await both(query, undefined, headers);
          expect(path, query).toBe('compiled');
          // An admin's request also reads its key.
          if (headers === admin) expect(compiled.extensions!.db.roundTrips).toBeGreaterThan(1);
          else expect(compiled.extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
        }
      }
    };
    const progress = await both(queries[0]!);
    const achieved = (progress.compiled.data!.planTargets.nodes as { progress: { achieved: number; inferred: number } }[]).map((node) => node.progress);
    // The seed gives them something to count: items that happened, some only by inference.
    expect(achieved.some((item) => item.achieved > 0 && item.inferred > 0)).toBe(true);
    await run();
    // A linked centre and a network's member archived, and a member's institution: the public and
    // admins see different members, and progress counts public items whoever asks.
    const centre = Number((await t.db.$client.execute('SELECT id FROM branch_centres WHERE target_id IS NOT NULL ORDER BY id LIMIT 1')).rows[0]!.id);
    const members = (await t.db.$client.execute('SELECT id, institution_id FROM network_members ORDER BY id LIMIT 2')).rows.map((row) => ({
      id: Number(row.id),
      institution_id: Number(row.institution_id),
    }));
    expect(members).toHaveLength(2);
    await t.db.$client.execute({ sql: `UPDATE branch_centres SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [centre] });
    await t.db.$client.execute({ sql: `UPDATE network_members SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [members[0]!.id] });
    await t.db.$client.execute({ sql: `UPDATE institutions SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [members[1]!.institution_id] });
    try {
      await run();
    } finally {
      await t.db.$client.execute({ sql: `UPDATE branch_centres SET archived_at = NULL WHERE id = ?`, args: [centre] });
      await t.db.$client.execute({ sql: `UPDATE network_members SET archived_at = NULL WHERE id = ?`, args: [members[0]!.id] });
      await t.db.$client.execute({ sql: `UPDATE institutions SET archived_at = NULL WHERE id = ?`, args: [members[1]!.institution_id] });
    }
  });

  it('history under lists is read in the statement, pages and cursors as the resolvers give them', async () => {
    // An update gives an institution two entries, with fields changed before and after.
    const writer = await bearer(t, 'compiled-history', ['records:write']);
    const listed = await graphql(t.app, `{ institutions(first: 1) { nodes { id version } } }`);
    const { id, version } = listed.data!.institutions.nodes[0];
    const updated = await graphql(
      t.app,
      `mutation ($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { __typename } }`,
      { input: { id, version, acronym: 'HIST' } },
      writer,
    );
    expect(updated.data!.updateInstitution.__typename).toBe('UpdateInstitutionPayload');
    const entry = 'version action changedAt changes { field before after } before after';
    const queries = [
      `{ institutions(first: 3) { nodes { name history(first: 1) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${entry} } } } } } }`,
      `{ records(first: 5) { nodes { title history { totalCount nodes { version action } } } } }`,
      `{ branchCentres(first: 3) { nodes { h: history(first: 2) { totalCount } } } networks(first: 2) { nodes { history(first: 1) { edges { node { __typename version } } } } } }`,
      `{ planTargets(first: 2) { nodes { history(first: 1) { totalCount } } } indicators(first: 2) { nodes { history(first: 1) { totalCount } } } }`,
    ];
    for (const query of queries) {
      const { path, compiled } = await both(query);
      expect(path, query).toBe('compiled');
      expect(compiled.extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
    }
    const first = await both(queries[0]!);
    const history = first.compiled.data!.institutions.nodes[0].history;
    expect(history.totalCount).toBe(2);
    expect(history.edges[0].node.changes).toContainEqual({ field: 'acronym', before: expect.anything(), after: 'HIST' });
    // The next page, after its cursor, in a variable.
    const next = await both(
      `query ($after: String) { institutions(first: 1) { nodes { history(first: 1, after: $after) { pageInfo { hasNextPage hasPreviousPage } nodes { version action } } } } }`,
      { after: history.pageInfo.endCursor },
    );
    expect(next.path).toBe('compiled');
    expect(next.compiled.data!.institutions.nodes[0].history.nodes).toEqual([{ version: 1, action: 'CREATE' }]);
    // Arguments the resolvers refuse stay their error; the actor (behind a scope) stays theirs too.
    const paged = `query ($n: Int, $after: String) { institutions(first: 1) { nodes { history(first: $n, after: $after) { totalCount nodes { version } } } } }`;
    for (const variables of [{ n: -1 }, { n: 0 }, { n: 1, after: Buffer.from('OffsetConnection:-1').toString('base64') }, { n: 1, after: 'junk' }]) {
      const refused = await both(paged, variables);
      expect(refused.path, JSON.stringify(variables)).not.toBe('compiled');
      expect(refused.compiled.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
    expect((await both(`{ institutions(first: 1) { nodes { history(first: 1) { nodes { actor } } } } }`)).path).toBe('resolvers');
  });

  it('root fields without SQL run on the resolvers beside the statement: same data and errors, one round trip', async () => {
    const queries: [string, Record<string, unknown>?][] = [
      [`{ rateLimit { limit remaining } records(first: 3) { nodes { title participants(first: 2) { nodes { role institution { name } } } } } }`],
      [`query ($n: Int) { first: records(first: $n) { totalCount nodes { title } } apiVersion { schemaVersion } countries { code } }`, { n: 2 }],
      [`{ ...Both base { name } } fragment Both on Query { changes(first: 2) { pageInfo { hasNextPage } } institutions(first: 2) { nodes { name } } }`],
      // The resolvers' part fails (a cursor the feed never issued): a non-null root field, so the
      // whole data is null with its error, as graphql-js has it.
      [`{ changes(first: 1, since: "junk") { pageInfo { hasNextPage } } networks(first: 1) { nodes { name } } }`],
      [`query ($skip: Boolean!) { rateLimit @skip(if: $skip) { limit } planTargets(first: 1) { nodes { title } } }`, { skip: false }],
    ];
    for (const [query, variables] of queries) {
      const { path, compiled } = await both(query, variables);
      expect(path, query).toBe('partial');
      if (query.includes('junk')) expect(compiled).toMatchObject({ data: null, errors: [{ extensions: { code: 'RESYNC_REQUIRED' } }] });
      else expect(compiled.data, query).not.toBeNull();
      expect(compiled.extensions!.db.roundTrips, query).toBe(1);
    }
    // The keys come in the operation's order, whichever part gave them.
    const { compiled } = await both(queries[1]![0], queries[1]![1]);
    expect(Object.keys(compiled.data!)).toEqual(['first', 'apiVersion', 'countries']);
    // Skipped, the field without SQL leaves the statement alone.
    expect((await both(queries[4]![0], { skip: true })).path).toBe('compiled');
    // Nothing with SQL: all on the resolvers.
    expect((await both(`{ apiVersion { schemaVersion } rateLimit { limit } }`)).path).toBe('resolvers');
    // A plan whose parameters each request fills (an ID in a variable) keeps its resolvers' part.
    const byId = `query ($id: ID!) { node(id: $id) { id } apiVersion { schemaVersion } }`;
    for (const id of [1, 2, 3]) {
      const { path, compiled } = await both(byId, { id: recordId(id) });
      expect(path).toBe('partial');
      expect(compiled.data!.apiVersion.schemaVersion).toEqual(expect.any(String));
    }
  });

  it('a deadline that ends the resolvers’ part before the statement returns leaves no rejection unhandled', async () => {
    // A deadline of 0 ms: its timer, set before execution, fires before the one the statement
    // waits for, so the resolvers' part (a node of a type without SQL) is aborted while the
    // statement has not even gone out. A rejection nobody handled would end a Node server.
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const hurried = createApp({ db: t.db, caching: { responseCache: false }, security: { executionTimeoutMs: 0 }, observability: { logger: () => {} } });
      const query = `{ node(id: "${Buffer.from('Country:CN').toString('base64')}") { ... on Country { code } } records(first: 50) { nodes { title participants(first: 5) { nodes { role } } } } }`;
      const reply = await graphql(hurried, query);
      expect(reply.errors?.map((error) => error.extensions?.code)).toEqual(['TIMEOUT']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('archived rows: the same visibility on both paths, for the public and for admins', async () => {
    const admin = await bearer(t, 'compiled-admin', ['admin']);
    // Archive a record, an institution that takes part in records and a participation.
    const institution = Number((await t.db.$client.execute('SELECT institution_id AS id FROM participants ORDER BY id LIMIT 1')).rows[0]!.id);
    const participation = Number((await t.db.$client.execute('SELECT max(id) AS id FROM participants')).rows[0]!.id);
    await t.db.$client.execute(`UPDATE records SET archived_at = '2026-01-01T00:00:00Z' WHERE id = 2`);
    await t.db.$client.execute({ sql: `UPDATE institutions SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [institution] });
    await t.db.$client.execute({ sql: `UPDATE participants SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [participation] });
    try {
      const queries = [
        `{ records(first: 100) { totalCount nodes { id parent { id } participants(first: 10) { totalCount nodes { role institution { id name } } } target { title } } } }`,
        `{ node(id: "${recordId(2)}") { id } nodes(ids: ["${recordId(2)}", "${recordId(3)}", "${Buffer.from('Participation:1').toString('base64')}"]) { id } }`,
        `{ records(first: 5, filter: { topLevelOnly: true }) { nodes { children(first: 5) { totalCount nodes { id } } } } }`,
        `{ hosted: records(first: 3, filter: { roles: [HOST] }) { totalCount nodes { id } } any: records(first: 3, filter: { roles: [HOST, PARTNER, ORGANISER] }) { totalCount } }`,
      ];
      for (const query of queries) {
        for (const headers of [{}, admin]) await both(query, undefined, headers);
      }
    } finally {
      await t.db.$client.execute(`UPDATE records SET archived_at = NULL WHERE id = 2`);
      await t.db.$client.execute({ sql: `UPDATE institutions SET archived_at = NULL WHERE id = ?`, args: [institution] });
      await t.db.$client.execute({ sql: `UPDATE participants SET archived_at = NULL WHERE id = ?`, args: [participation] });
    }
  });

  it('a REAL reads back as the double stored, on both paths: lists, node, search and history', async () => {
    // SQLite's JSON functions write a REAL with 15 significant digits: 0.1 + 0.2 came back as 0.3.
    const writer = await bearer(t, 'compiled-reals', ['records:write']);
    const figures = [
      { slug: 'exact-real-sum', value: 0.1 + 0.2, changePercent: 100 / 3 },
      { slug: 'exact-real-large', value: 123456789.12345679, changePercent: -0.000123456789012345 },
      { slug: 'exact-real-round', value: 0.3, changePercent: 5 },
    ];
    const ids: string[] = [];
    for (const figure of figures) {
      const name = { en: `Exactness probe ${figure.slug}`, zhHans: '精度探针' };
      const created = await mutate(t, 'create', 'Indicator', 'indicator', { ...figure, name, pillar: 'PROJECT_DEVELOPMENT', unit: 'COUNT', year: 2031 }, writer, 'value changePercent');
      expect(created.__typename).toBe('CreateIndicatorPayload');
      const indicator = created.indicator as { id: string; value: number; changePercent: number };
      expect([indicator.value, indicator.changePercent]).toEqual([figure.value, figure.changePercent]);
      ids.push(indicator.id);
    }
    const bySlug = (nodes: { slug: string; value: number; changePercent: number }[]) =>
      Object.fromEntries(nodes.map((node) => [node.slug, [node.value, node.changePercent]]));
    const expected = Object.fromEntries(figures.map((figure) => [figure.slug, [figure.value, figure.changePercent]]));

    const list = await both(`{ indicators(first: 10, filter: { year: 2031 }) { nodes { slug value changePercent } edges { cursor } } }`);
    expect(list.path).toBe('compiled');
    expect(bySlug(list.compiled.data!.indicators.nodes)).toEqual(expected);
    const byId = await both(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Indicator { slug value changePercent } } }`, { ids });
    expect(bySlug(byId.compiled.data!.nodes)).toEqual(expected);
    const found = await both(`{ search(query: "exactness probe", first: 10, types: [Indicator]) { nodes { ... on Indicator { slug value changePercent } } } }`);
    expect(bySlug(found.compiled.data!.search.nodes)).toEqual(expected);
    const history = await both(`query ($id: ID!) { node(id: $id) { ... on Indicator { history(first: 1) { nodes { after } } } } }`, { id: ids[0] });
    expect(history.compiled.data!.node.history.nodes[0].after).toMatchObject({ value: figures[0]!.value, changePercent: figures[0]!.changePercent });
  });

  it('pages of every root list follow the same cursors on both paths', async () => {
    for (const [field, selection] of [
      ['institutions', 'name'],
      ['branchCentres', 'name'],
      ['networks', 'name'],
      ['indicators', 'name'],
      ['planTargets', 'title year'],
    ] as const) {
      const query = `query ($after: String, $before: String) { ${field}(first: 3, after: $after, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { ${selection} } } }`;
      const first = await both(query);
      expect(first.path, field).toBe('compiled');
      const { endCursor } = first.compiled.data![field].pageInfo;
      const second = await both(query, { after: endCursor });
      expect(second.path, field).toBe('compiled');
      const third = await both(query, { before: second.compiled.data![field].pageInfo.endCursor });
      expect(third.path, field).toBe('compiled');
      // Backwards: the last rows, then the ones before them.
      const backward = query.replace('first: 3', 'last: 2');
      const last = await both(backward);
      expect(last.path, field).toBe('compiled');
      const earlier = await both(backward, { before: last.compiled.data![field].pageInfo.startCursor });
      expect(earlier.path, field).toBe('compiled');
      await both(backward, { after: first.compiled.data![field].pageInfo.startCursor, before: last.compiled.data![field].pageInfo.endCursor });
    }
  });

  it('random valid selections over every root list: same data and errors', async () => {
    expect(await compiledOf(rootListQuery, propertyRuns(40, 17))).toBeGreaterThan(0.125);
  });

  it('random root lists beside root fields without SQL: same data and errors', async () => {
    const beside = fc.constantFrom('apiVersion { schemaVersion }', 'rateLimit { limit nodeCount cost }', 'changes(first: 2) { pageInfo { hasNextPage } edges { node { action objectType } } }');
    const queries = fc.tuple(rootListQuery, beside, fc.boolean()).map(([query, other, first]) => (first ? query.replace(/^\{/, `{ ${other}`) : query.replace(/\}$/, ` ${other} }`)));
    expect(await compiledOf(queries, propertyRuns(30, 23))).toBeGreaterThan(0.125);
  });

  it('random valid selections over records and node: same data and errors', async () => {
    // The generator must reach the compiled path, or the comparison proves nothing about it.
    expect(await compiledOf(fc.oneof(recordsQuery, nodeQuery), propertyRuns(40, 11))).toBeGreaterThan(0.125);
  });

  describe('SQLite parser depth', () => {
    /** Random nestings of the constructs compiled statements are made of, `depth` levels deep. */
    const construct = (inner: string, which: number): string =>
      [
        `json_object('k', 1, 'v', ${inner})`,
        `json((SELECT ${inner} FROM records AS r WHERE r.id = 1 AND r.archived_at IS NULL LIMIT 1))`,
        `(CASE WHEN r0.id IS NULL THEN NULL ELSE ${inner} END)`,
        `coalesce(nullif(${inner}, ''), '')`,
        `(SELECT json_group_array(json(x.v)) FROM (SELECT ${inner} AS v FROM participants AS p WHERE ((p.record_id = 1) and (p.archived_at is null)) ORDER BY p.id ASC LIMIT 3) AS x)`,
        `(SELECT json_object('nodes', json_group_array(json(p.v))) FROM (SELECT * FROM (SELECT ${inner} AS v FROM records AS q ORDER BY q.id LIMIT (CASE WHEN 1 THEN 3 ELSE 0 END)) UNION ALL SELECT * FROM (SELECT 1 AS v)) AS p)`,
        `(SELECT count(*) FROM records AS c WHERE ((c.archived_at is null) and (c.id IN (SELECT k FROM (SELECT c2.id AS k FROM records AS c2 WHERE c2.year >= ${inner} LIMIT 5)))))`,
        `(SELECT CASE WHEN m THEN ${inner} ELSE 0 END FROM (SELECT 1 AS m))`,
        `substr(${inner}, 1, CASE r0.date_precision WHEN 'YEAR' THEN 4 ELSE 10 END)`,
        `(r0.id = 1 and exists (select 1 from records where records.id = ${inner}))`,
        `(SELECT x.v FROM (SELECT ${inner} AS v) AS x LIMIT (CASE WHEN (SELECT 1) THEN 1 ELSE 0 END))`,
        `((r0.date_key, r0.id) > (${inner}, 2))`,
        `json_array(1, 2, ${inner})`,
        `1 + (${inner})`,
        `(NOT ${inner})`,
      ][which]!;
    const nestedStatement = fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 1, maxLength: 18 }).map((levels) => {
      const data = levels.reduce((inner, which) => construct(inner, which), 'r0.title_en');
      return `WITH once0 AS MATERIALIZED (SELECT 1 AS m) SELECT ${data} AS data FROM records AS r0 LIMIT 1`;
    });

    it('the estimate is never below what SQLite’s parser takes: whatever it puts within the stack parses', async () => {
      const outcomes = { parsedNearTheLimit: 0, overflowed: 0 };
      await fc.assert(
        fc.asyncProperty(nestedStatement, async (statement) => {
          const estimate = parserDepth(statement);
          const parsed = await t.db.$client.execute(`EXPLAIN ${statement}`).then(
            () => true,
            (error: unknown) => {
              expect(String(error)).toContain('parser stack overflow');
              return false;
            },
          );
          if (estimate <= PARSER_STACK_ENTRIES) expect(parsed, `${estimate}: ${statement}`).toBe(true);
          if (parsed && estimate > 80) outcomes.parsedNearTheLimit += 1;
          if (!parsed) outcomes.overflowed += 1;
        }),
        propertyRuns(300, 31),
      );
      // Both sides of the limit were reached, and the estimate lets statements close to it through.
      expect(outcomes.overflowed).toBeGreaterThan(20);
      expect(outcomes.parsedNearTheLimit).toBeGreaterThan(5);
    });

    it('a statement estimated past the stack is refused while planning, before it is sent', () => {
      const statement = new JsonStatement((t.db as unknown as { _: { relations: AnyRelations } })._.relations);
      const deep = Array.from({ length: 20 }).reduce<SQL>((inner) => sql`json_object('k', json((SELECT ${inner})))`, sql`1`);
      expect(() => renderJsonStatement(t.db, statement, deep)).toThrow(StatementTooDeep);
      expect(renderJsonStatement(t.db, statement, sql`json_object('k', json((SELECT 1)))`).sql).toContain('SELECT');
    });

    it('every compiled shape here is estimated within the stack, with room to spare', () => {
      for (const shape of SHAPES.filter((candidate) => candidate.compiled)) {
        const plan = planRead(schema, parse(shape.query), null, shape.variables ?? {}, { db: t.db, locale: 'EN', viewer: null });
        expect(parserDepth(plan!.query.sql), shape.name).toBeLessThanOrEqual(PARSER_STACK_ENTRIES - 10);
      }
    });
  });

  describe('statistics', () => {
    /** Every field of `statistics`, each under an alias too, with the country's localized name. */
    const EVERY = `
      totals { __typename institutions branchCentres networks records indicators planTargets }
      recordsByKind { __typename key count } recordsByStatus { key count } recordsByPillar { key count }
      recordsByField { key count } recordsByCountry { __typename count country { code name id bricsMember } } recordsByYear { year count }
      institutionsByType { key count } branchCentresByKind { key count } branchCentresByStatus { key count } networksByKind { key count }
      n: recordsByKind { c: count k: key } y: recordsByYear { count }`;
    const FILTERED = `query ($filter: CooperationRecordFilter) { statistics { __typename
      recordsByKind(filter: $filter) { key count } recordsByStatus(filter: $filter) { key count } recordsByPillar(filter: $filter) { key count }
      recordsByField(filter: $filter) { key count } recordsByCountry(filter: $filter) { count country { code name } } recordsByYear(filter: $filter) { year count } } }`;
    const FILTERS: Record<string, unknown>[] = [
      {},
      { kinds: [] },
      { kinds: ['EVENT', 'TRAINING'] },
      { statuses: ['COMPLETED'], yearFrom: 2021 },
      { yearFrom: 2022, yearTo: 2023, topLevelOnly: true },
      { countries: ['RU', 'BR'], fields: ['DIGITAL_MANUFACTURING'] },
      { pillars: ['TALENT_DEVELOPMENT'], dateFrom: '2022-03', dateTo: '2024' },
      { roles: ['HOST'] },
      { yearFrom: 2999 },
    ];

    async function compiledBoth(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const result = await both(query, variables, headers);
      expect(result.path, `${query} ${JSON.stringify(variables)}`).toBe('compiled');
      expect(result.compiled.errors).toBeUndefined();
      // An admin's token is looked up first; the operation itself is still one statement.
      if (!headers.authorization) expect(result.compiled.extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
      return result.compiled.data!;
    }

    it('every field, aliased, in every language, in one statement', async () => {
      for (const language of ['en', 'zh-CN', 'zh-TW']) {
        const data = await compiledBoth(`{ statistics { ${EVERY} } }`, undefined, { 'accept-language': language });
        expect(data.statistics.totals.records).toBeGreaterThan(0);
        expect(data.statistics.recordsByCountry.length).toBeGreaterThan(0);
        expect(data.statistics.recordsByYear.length).toBeGreaterThan(0);
      }
      // Next to other root fields, and under a fragment.
      await compiledBoth(`{ records(first: 2) { totalCount } ...S } fragment S on Query { statistics { totals { records } recordsByKind { key } } }`);
    });

    it('every filter counts what the resolvers count, in one statement', async () => {
      for (const filter of FILTERS) {
        const data = await compiledBoth(FILTERED, { filter });
        if (filter.yearFrom === 2999) expect(data.statistics.recordsByKind).toEqual([]);
      }
      const narrowed = await compiledBoth(FILTERED, { filter: { kinds: ['EVENT'] } });
      expect(narrowed.statistics.recordsByKind.map((bucket: { key: string }) => bucket.key)).toEqual(['EVENT']);
    });

    it('an institution named by its global ID compiles, with the resolvers’ counts and pages; other IDs are left to the resolvers', async () => {
      const institution = Number((await t.db.$client.execute('SELECT institution_id AS id FROM participants ORDER BY id LIMIT 1')).rows[0]!.id);
      const id = Buffer.from(`Institution:${institution}`).toString('base64');
      for (const filter of [{ institution: id }, { institution: id, roles: ['HOST', 'PARTNER'] }, { institution: id, kinds: ['EVENT'] }]) {
        const data = await compiledBoth(FILTERED, { filter });
        if (Object.keys(filter).length === 1) expect(data.statistics.recordsByKind.length).toBeGreaterThan(0);
        await compiledBoth(`query ($filter: CooperationRecordFilter) { records(first: 3, filter: $filter) { totalCount nodes { id } } }`, { filter });
      }
      // A malformed ID stays the resolvers' error; another type's ID is left to them too.
      const bad = await both(FILTERED, { filter: { institution: 'not-an-id' } });
      expect(bad.path).not.toBe('compiled');
      expect(bad.compiled.errors?.length).toBeGreaterThan(0);
      const foreign = await both(FILTERED, { filter: { institution: Buffer.from(`CooperationRecord:${institution}`).toString('base64') } });
      expect(foreign.path).not.toBe('compiled');
    });

    it('archived rows are left out of every count, for the public and for admins alike', async () => {
      const admin = await bearer(t, 'statistics-admin', ['admin']);
      const before = await compiledBoth(`{ statistics { ${EVERY} } }`);
      const institution = Number((await t.db.$client.execute('SELECT id FROM institutions ORDER BY id LIMIT 1')).rows[0]!.id);
      await t.db.$client.execute(`UPDATE records SET archived_at = '2026-01-01T00:00:00Z' WHERE id IN (2, 5)`);
      await t.db.$client.execute({ sql: `UPDATE institutions SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [institution] });
      try {
        for (const headers of [{}, admin]) {
          const data = await compiledBoth(`{ statistics { ${EVERY} } }`, undefined, headers);
          expect(data.statistics.totals.records).toBe(before.statistics.totals.records - 2);
          expect(data.statistics.totals.institutions).toBe(before.statistics.totals.institutions - 1);
          for (const filter of FILTERS) await compiledBoth(FILTERED, { filter }, headers);
        }
      } finally {
        await t.db.$client.execute(`UPDATE records SET archived_at = NULL WHERE id IN (2, 5)`);
        await t.db.$client.execute({ sql: `UPDATE institutions SET archived_at = NULL WHERE id = ?`, args: [institution] });
      }
    });

    it('reads the counters while current and counts the rows while they are missing or stale, like the resolvers', async () => {
      const query = `{ statistics { ${EVERY} } }`;
      const current = await compiledBoth(query);
      try {
        // Missing: no fingerprint, no counters.
        await t.db.$client.execute(`DELETE FROM live_counts`);
        await t.db.$client.execute(`DELETE FROM app_meta WHERE key = 'live_counts'`);
        expect(await compiledBoth(query)).toEqual(current);
        // Stale: another definition's fingerprint over wrong counts must not be read.
        await t.db.$client.execute(`INSERT INTO live_counts (entity, dimension, bucket, count) VALUES ('records', '', '', 9999), ('records', 'kind', 'EVENT', 9999)`);
        await t.db.$client.execute(`INSERT INTO app_meta (key, value) VALUES ('live_counts', 'another definition')`);
        expect(await compiledBoth(query)).toEqual(current);
      } finally {
        await prepareCounters(t.db);
      }
      // Current counters are read: a counter changed by hand shows on both paths.
      await t.db.$client.execute(`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records' AND dimension = '' AND bucket = ''`);
      try {
        const bumped = await compiledBoth(query);
        expect(bumped.statistics.totals.records).toBe(current.statistics.totals.records + 1000);
      } finally {
        await t.db.$client.execute(`UPDATE live_counts SET count = count - 1000 WHERE entity = 'records' AND dimension = '' AND bucket = ''`);
      }
    });

    it('a counted country the countries table lacks stays the resolvers’ error', async () => {
      const query = `{ statistics { recordsByCountry { count country { code } } } }`;
      await t.db.$client.execute('PRAGMA foreign_keys = OFF');
      await t.db.$client.execute(`INSERT INTO record_countries (record_id, country_code) VALUES (1, 'ZZ')`);
      try {
        const { path, compiled } = await both(query);
        expect(path).toBe('fallback');
        expect(compiled.errors?.length).toBeGreaterThan(0);
      } finally {
        await t.db.$client.execute(`DELETE FROM record_countries WHERE country_code = 'ZZ'`);
        await t.db.$client.execute('PRAGMA foreign_keys = ON');
      }
      expect((await both(query)).path).toBe('compiled');
    });

    it('through the response cache (which adds ids and __typename to the selection): same data, one statement and its version check', async () => {
      const cached = createApp({ db: t.db, trace: true, compiledReads: { observe: (path, error) => paths.push({ path, error }) }, observability: { logger: () => {} } });
      const query = `{ statistics { ${EVERY} } }`;
      paths.length = 0;
      const miss = await graphql(cached, query);
      expect(paths[0]).toEqual({ path: 'compiled' });
      expect(miss.extensions!.db).toEqual({ statements: 2, roundTrips: 1 });
      expect(miss.data).toEqual((await graphql(resolvers, query)).data);
      expect((await graphql(cached, query)).data).toEqual(miss.data);
    });

    it('random selections of statistics with filters: same data and errors', async () => {
      const runs = propertyRuns(30, 23);
      let compiled = 0;
      await fc.assert(
        fc.asyncProperty(statisticsQuery, fc.constantFrom(...FILTERS), fc.constantFrom('en', 'zh-CN', 'zh-TW'), async (inner, filter, language) => {
          // The variable only where a field takes it (an unused one is a validation error).
          const filtered = inner.includes('$FILTER');
          const query = `query ${filtered ? '($filter: CooperationRecordFilter)' : ''} { statistics { ${inner.replaceAll('$FILTER', '(filter: $filter)')} } }`;
          const { path } = await both(query, filtered ? { filter } : undefined, { 'accept-language': language });
          if (path === 'compiled') compiled += 1;
        }),
        runs,
      );
      expect(compiled / runs.numRuns).toBeGreaterThan(2 / 3);
    });
  });

  describe('search', () => {
    const offsetCursor = (offset: number) => Buffer.from(`OffsetConnection:${offset}`).toString('base64');
    const HIT = `cursor score node { __typename ... on CooperationRecord { id title slug year summary(locale: ZH_HANT) } ... on Institution { id name acronym country { code } } ... on Network { name kind } ... on BranchCentre { name } ... on Indicator { name } ... on PlanTarget { title } }`;
    const PAGE = `query ($query: String!, $types: [SearchableType!], $first: Int, $last: Int, $after: String, $before: String) {
      search(query: $query, types: $types, first: $first, last: $last, after: $after, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { ${HIT} }
      }
    }`;

    /** Both paths; the compiled one must have answered in one statement. */
    async function compiledBoth(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const result = await both(query, variables, headers);
      expect(result.path, JSON.stringify(variables)).toBe('compiled');
      // A bearer token costs its own lookups; the operation itself is one statement.
      if (!headers.authorization) expect(result.compiled.extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
      return result.compiled.data!;
    }

    it('in every script, with types, snippets and markers, in one statement', async () => {
      const snippet = `snippet { field locale text highlighted matches { start end __typename } __typename } hant: snippet(locale: ZH_HANT) { text highlighted(open: "**", close: "**") } en: snippet(locale: EN) { locale text }`;
      const cases: [string, Record<string, unknown>, Record<string, string>][] = [
        ['金砖', {}, { 'accept-language': 'zh-CN' }],
        ['金磚', {}, { 'accept-language': 'zh-TW' }],
        ['論壇', { types: ['CooperationRecord'] }, { 'accept-language': 'zh-Hans' }],
        ['智库联盟', { types: ['Network', 'Institution'] }, {}],
        ['skills competition', {}, { 'accept-language': 'en' }],
        ['New Development Bank', { types: [] }, { 'accept-language': 'zh-Hant' }],
        ['NDB', {}, {}],
        ['赛', { first: 50 }, {}],
        ['两日', {}, { 'accept-language': 'zh-Hant' }],
      ];
      for (const [query, variables, headers] of cases) {
        const data = await compiledBoth(
          `query ($query: String!, $types: [SearchableType!], $first: Int) { search(query: $query, types: $types, first: $first) { __typename totalCount nodes { __typename ... on Network { id } } edges { __typename ${HIT} ${snippet} } } }`,
          { query, ...variables },
          headers,
        );
        expect(data.search.edges.length, query).toBeGreaterThan(0);
      }
    });

    it('no matches and nothing searchable are empty pages, still one statement', async () => {
      for (const query of ['zzzqqqxxx', '!!!', '   ', '"', 'NEAR(', "'; DROP TABLE records; --"]) {
        const data = await compiledBoth(PAGE, { query, first: 5 });
        expect(data.search).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
      }
    });

    it('pages forward and backward through every hit as the resolvers do', async () => {
      for (const [query, types] of [['金砖', null], ['brics', ['CooperationRecord', 'Institution']], ['培训', null]] as const) {
        const whole = await compiledBoth(PAGE, { query, types, first: 100 });
        const total = whole.search.totalCount as number;
        expect(total, query).toBeGreaterThan(3);
        let after: string | null = null;
        let seen = 0;
        do {
          const data = await compiledBoth(PAGE, { query, types, first: 3, after });
          seen += data.search.edges.length;
          after = data.search.pageInfo.hasNextPage ? data.search.pageInfo.endCursor : null;
        } while (after);
        expect(seen, query).toBe(total);
        let before: string | null = null;
        seen = 0;
        do {
          const data = await compiledBoth(PAGE, { query, types, last: 4, before });
          seen += data.search.edges.length;
          before = data.search.pageInfo.hasPreviousPage ? data.search.pageInfo.startCursor : null;
        } while (before);
        expect(seen, query).toBe(total);
      }
      // Both bounds, a last page cut by after, a first page cut by before, and bounds past the end.
      for (const [after, before] of [[1, 6], [6, 1], [3, null], [null, 2], [500, null], [null, 500], [0, 0]] as const) {
        for (const size of [{ first: 2 }, { last: 2 }, { first: 20 }, { last: 20 }]) {
          await compiledBoth(PAGE, { query: '金砖', ...size, after: after === null ? null : offsetCursor(after), before: before === null ? null : offsetCursor(before) });
        }
      }
    });

    it('bad input stays the resolvers’ error', async () => {
      const keyset = (await graphql(t.app, `{ records(first: 1) { edges { cursor } } }`)).data!.records.edges[0].cursor as string;
      const cases: [string, Record<string, unknown>][] = [
        [PAGE, { query: '金'.repeat(201) }],
        [PAGE, { query: '金砖', first: 2, last: 2 }],
        [PAGE, { query: '金砖', first: 0 }],
        [PAGE, { query: '金砖', last: 101 }],
        [PAGE, { query: '金砖', after: keyset }],
        [PAGE, { query: '金砖', before: 'bm9wZQ==' }],
        [PAGE, { query: '金砖', types: ['Country'] }],
        [`{ search(query: "智库", first: 1) { edges { snippet { highlighted(open: "${'x'.repeat(51)}") } } } }`, {}],
      ];
      for (const [query, variables] of cases) {
        const { path, compiled } = await both(query, variables);
        expect(path, JSON.stringify(variables)).not.toBe('compiled');
        expect(compiled.errors?.length, JSON.stringify(variables)).toBeGreaterThan(0);
      }
    });

    it('a hit whose row was archived since it was indexed is left out on both paths', async () => {
      const [hit] = (await t.db.$client.execute(`SELECT entity_id AS id FROM search_index WHERE search_index MATCH '{title body unigrams} : ("forum"*) AND {entity_type} : ("CooperationRecord")' LIMIT 1`)).rows;
      await t.db.$client.execute({ sql: `UPDATE records SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [Number(hit!.id)] });
      const admin = await bearer(t, 'search-admin', ['admin']);
      try {
        for (const headers of [{}, admin]) {
          const data = await compiledBoth(PAGE, { query: 'forum', first: 100 }, headers);
          expect(data.search.edges.length).toBe(data.search.totalCount - 1);
          await compiledBoth(PAGE, { query: 'forum', last: 100 }, headers);
          await compiledBoth(PAGE, { query: 'forum', last: 2, after: offsetCursor(0) }, headers);
        }
      } finally {
        await t.db.$client.execute({ sql: `UPDATE records SET archived_at = NULL WHERE id = ?`, args: [Number(hit!.id)] });
      }
    });

    it('random valid selections over search: same data and errors', async () => {
      const runs = propertyRuns(40, 23);
      let compiled = 0;
      await fc.assert(
        fc.asyncProperty(searchQuery, fc.constantFrom('en', 'zh-CN', 'zh-TW'), async ({ query, variables }, language) => {
          const { path } = await both(query, variables, { 'accept-language': language });
          if (path === 'compiled') compiled += 1;
        }),
        runs,
      );
      expect(compiled / runs.numRuns).toBeGreaterThan(0.5);
    });
  });
});

/** A selection on `type`: some of its fields, nested objects to `depth`, small pages. */
function selection(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const choices = Object.values(type.getFields())
    .filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined))
    .map((field) => fieldSelection(field, depth))
    .filter((choice): choice is fc.Arbitrary<string> => choice !== null);
  return fc
    .subarray(choices, { minLength: 1, maxLength: Math.min(4, choices.length) })
    .chain((picked) => fc.tuple(...picked))
    .map((parts) => parts.join(' '));
}

function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> | null {
  const named = getNamedType(field.type);
  const argNames = field.args.map((arg) => arg.name);
  const args = argNames.includes('locale')
    ? fc.constantFrom('', '(locale: EN)', '(locale: ZH_HANT)', '(locale: ZH_HANS)')
    : argNames.includes('first')
      ? fc.tuple(fc.constantFrom('first', 'last'), fc.integer({ min: 1, max: 3 })).map(([end, n]) => `(${end}: ${n})`)
      : fc.constant('');
  const alias = fc.constantFrom('', '', `${field.name}Alias: `);
  if (isLeafType(named)) return fc.tuple(alias, args).map(([a, x]) => `${a}${field.name}${x}`);
  if (depth <= 0) return null;
  if (!isObjectType(named)) return alias.map((a) => `${a}${field.name} { __typename }`);
  return fc.tuple(alias, args, selection(named, depth - 1)).map(([a, x, inner]) => `${a}${field.name}${x} { ${inner} }`);
}

/**
 * A chain of relations from `type` that uses up `depth` levels of the selection (as the depth
 * limit counts them, leaves included): a leaf or two at each level and one relation, list or
 * connection (`nodes` or `edges { node }`, either end, with totalCount) to go deeper.
 */
function chain(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  // `history` is no relation (its resolver pages the audit log's JSON, tested above): the chain goes through the other fields.
  const fields = Object.values(type.getFields()).filter((field) => field.name !== 'history' && field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined));
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)) && !field.args.some((arg) => arg.name === 'locale'));
  const leaf = leaves.length > 0 ? fc.subarray(leaves.map((field) => field.name), { minLength: 1, maxLength: Math.min(2, leaves.length) }).map((names) => names.join(' ')) : fc.constant('__typename');
  const deeper: fc.Arbitrary<string>[] = [];
  for (const field of fields) {
    const named = getNamedType(field.type);
    if (!isObjectType(named) || isLeafType(named)) continue;
    const edges = named.getFields().edges;
    if (edges && named.getFields().pageInfo) {
      const node = getNamedType((getNamedType(edges.type) as GraphQLObjectType).getFields().node!.type) as GraphQLObjectType;
      const page = fc.tuple(fc.constantFrom('first', 'last'), fc.integer({ min: 1, max: 3 })).map(([end, n]) => `${end}: ${n}`);
      if (depth >= 3) deeper.push(fc.tuple(page, chain(node, depth - 2)).map(([args, inner]) => `${field.name}(${args}) { totalCount nodes { ${inner} } }`));
      if (depth >= 4) deeper.push(fc.tuple(page, chain(node, depth - 3)).map(([args, inner]) => `${field.name}(${args}) { edges { cursor node { ${inner} } } }`));
    } else if (depth >= 2 && named.name !== 'PageInfo' && !field.args.some((arg) => arg.name === 'first')) {
      deeper.push(chain(named, depth - 1).map((inner) => `${field.name} { ${inner} }`));
    }
  }
  if (depth <= 1 || deeper.length === 0) return leaf;
  return fc.tuple(leaf, fc.oneof(...deeper)).map(([leafNames, inner]) => `${leafNames} ${inner}`);
}

const recordType = schema.getType('CooperationRecord') as GraphQLObjectType;
const institutionType = schema.getType('Institution') as GraphQLObjectType;
/** Chains to the depth limit (10) from a filtered or plain page of records, a node and search. */
const deepQuery = fc.oneof(
  fc
    .tuple(fc.constantFrom('first: 3', 'last: 2', 'first: 2, filter: { kinds: [EVENT, TRAINING] }', 'last: 3, filter: { yearFrom: 2021, topLevelOnly: true }'), fc.boolean())
    .chain(([args, edges]) =>
      edges
        ? chain(recordType, 7).map((inner) => `{ records(${args}) { totalCount edges { cursor node { ${inner} } } } }`)
        : chain(recordType, 8).map((inner) => `{ records(${args}) { totalCount nodes { ${inner} } } }`),
    ),
  chain(recordType, 9).map((inner) => `{ node(id: "${recordId(3)}") { ... on CooperationRecord { ${inner} } } }`),
  chain(institutionType, 8).map((inner) => `{ search(query: "金砖", first: 3) { totalCount nodes { ... on Institution { ${inner} } } } }`),
);
const recordsQuery = fc
  .tuple(fc.integer({ min: 1, max: 4 }), selection(recordType, 2))
  .map(([first, inner]) => `{ records(first: ${first}) { totalCount nodes { ${inner} } } }`);
const nodeQuery = fc
  .tuple(fc.integer({ min: 1, max: 40 }), selection(recordType, 2))
  .map(([id, inner]) => `{ node(id: "${recordId(id)}") { ... on CooperationRecord { ${inner} } } }`);

/** Selections over the other root fields: lists, pages and single rows of every entity. */
const rootListQuery = fc.oneof(
  ...(['institutions', 'branchCentres', 'networks', 'indicators', 'planTargets'] as const).map((field) => {
    const type = getNamedType(schema.getQueryType()!.getFields()[field]!.type) as GraphQLObjectType;
    const nodeType = getNamedType(type.getFields().nodes!.type) as GraphQLObjectType;
    return fc
      .tuple(fc.constantFrom('first', 'last'), fc.integer({ min: 1, max: 4 }), selection(nodeType, 2))
      .map(([end, size, inner]) => `{ ${field}(${end}: ${size}) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { ${inner} } } }`);
  }),
  selection(schema.getType('Country') as GraphQLObjectType, 1).map((inner) => `{ countries { ${inner} } }`),
  selection(schema.getType('Institution') as GraphQLObjectType, 2).map((inner) => `{ base { ${inner} } institution(slug: "miit") { ${inner} } }`),
);

/** Selections over `statistics`: its fields (record counts filtered or not) and their buckets' fields. */
const statisticsType = schema.getType('Statistics') as GraphQLObjectType;
const statisticsQuery = fc
  .subarray(
    Object.values(statisticsType.getFields()).map((field) => {
      const inner = selection(getNamedType(field.type) as GraphQLObjectType, 1);
      const args = field.args.length > 0 ? fc.constantFrom('', '$FILTER') : fc.constant('');
      return fc.tuple(fc.constantFrom('', `${field.name}Alias: `), args, inner).map(([alias, x, sub]) => `${alias}${field.name}${x} { ${sub} }`);
    }),
    { minLength: 1, maxLength: 5 },
  )
  .chain((parts) => fc.tuple(...parts))
  .map((parts) => parts.join(' '));

/** Searches in every script, with a random window, types and selection of hits, nodes and snippets. */
const searchResultTypes = (schema.getType('SearchResult') as GraphQLUnionType).getTypes();
const searchNode = fc
  .subarray([...searchResultTypes], { minLength: 1, maxLength: 3 })
  .chain((types) => fc.tuple(...types.map((type) => selection(type, 2).map((inner) => `... on ${type.name} { ${inner} }`))))
  .map((parts) => `__typename ${parts.join(' ')}`);
const searchEdge = fc
  .subarray(
    [
      fc.constant('cursor'),
      fc.constant('score'),
      searchNode.map((inner) => `node { ${inner} }`),
      fc.constantFrom('', '(locale: EN)', '(locale: ZH_HANT)', '(locale: ZH_HANS)').map(
        (args) => `snippet${args} { field locale text matches { start end } highlighted }`,
      ),
    ],
    { minLength: 1 },
  )
  .chain((parts) => fc.tuple(...parts))
  .map((parts) => parts.join(' '));
const searchQuery = fc
  .record({
    text: fc.constantFrom('金砖', '金磚', '论坛', '論壇', '智库联盟', 'skills competition', 'forum', 'BRICS', '赛', '培训', 'zzzqqq', 'Development'),
    types: fc.option(fc.subarray(searchResultTypes.map((type) => type.name)), { nil: undefined }),
    end: fc.constantFrom('first', 'last'),
    size: fc.integer({ min: 1, max: 6 }),
    after: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
    before: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
    edges: searchEdge,
    nodes: fc.option(searchNode, { nil: undefined }),
    count: fc.boolean(),
  })
  .map(({ text, types, end, size, after, before, edges, nodes, count }) => {
    const cursor = (offset: number | undefined) => (offset === undefined ? null : Buffer.from(`OffsetConnection:${offset}`).toString('base64'));
    const connection = [count ? 'totalCount' : '', 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }', `edges { ${edges} }`, nodes ? `nodes { ${nodes} }` : ''];
    return {
      query: `query ($query: String!, $types: [SearchableType!], $size: Int, $after: String, $before: String) { search(query: $query, types: $types, ${end}: $size, after: $after, before: $before) { ${connection.join(' ')} } }`,
      variables: { query: text, types, size, after: cursor(after), before: cursor(before) },
    };
  });
