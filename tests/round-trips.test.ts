/**
 * Every read operation costs one database round trip, whatever its shape: the statements of sibling
 * resolvers go out together as one batch (src/db/meter.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import { createNodeDatabase, type Database } from '../src/db/client';
import { withDatabaseMeter } from '../src/db/meter';
import { createTestApp, graphql, type TestApp } from './support/app';
import { startHranaServer, type HranaServer } from './support/libsql-server/server';

let t: TestApp;
beforeAll(async () => {
  // The operation's own statements: the response cache would add its version check (one more
  // statement in the same round trip, asserted at the end of this file and in caching.test.ts).
  t = await createTestApp({ trace: true, caching: { responseCache: false } });
});
afterAll(() => t.close());

const institutionId = Buffer.from('Institution:1').toString('base64');
const networkId = Buffer.from('Network:1').toString('base64');
const countryId = (code: string) => Buffer.from(`Country:${code}`).toString('base64');

/** Representative operations with the statements each needs; every one is a single round trip. */
const OPERATIONS: { name: string; query: string; statements: number }[] = [
  {
    name: 'several root fields',
    query: `{ base { name } networks(first: 3) { nodes { name } } institutions(first: 2) { nodes { name } } countries { code } }`,
    // Compiled: every root field in one statement.
    statements: 1,
  },
  {
    name: 'a root field on the resolvers beside compiled ones (a change’s actor is behind a scope)',
    query: `{ base { name } networks(first: 3) { nodes { name history(first: 1) { totalCount nodes { actor } } } } institutions(first: 2) { nodes { name } } countries { code } }`,
    // The compiled root fields' statement, and the resolvers' one for `networks`.
    statements: 2,
  },
  {
    name: 'a connection with totalCount',
    query: `{ records(first: 5, filter: { yearFrom: 2021 }) { totalCount pageInfo { hasNextPage } nodes { title } } }`,
    // Compiled: the page and its count are one statement (src/graphql/compiled-read.ts).
    statements: 1,
  },
  {
    name: 'two connections with totalCount and nested lists',
    query: `{ records(first: 5) { totalCount nodes { title participants(first: 3) { totalCount nodes { institution { name } } } } }
              networks(first: 5) { totalCount nodes { members(first: 5) { nodes { institution { name country { code } } } } } } }`,
    // Compiled: both connections, their counts and nested lists in one statement.
    statements: 1,
  },
  {
    name: 'node and nodes across archivable types',
    query: `{ node(id: "${institutionId}") { ... on Institution { name } }
              nodes(ids: ["${institutionId}", "${networkId}"]) { __typename ... on Network { name } ... on Institution { acronym } } }`,
    // Compiled: every lookup, with its archived check, in one statement.
    statements: 1,
  },
  {
    name: 'node and nodes next to a list',
    query: `{ node(id: "${countryId('CN')}") { ... on Country { name } }
              nodes(ids: ["${countryId('BR')}", "${countryId('RU')}"]) { __typename ... on Country { code } }
              institutions(first: 2) { nodes { name } } }`,
    statements: 2,
  },
  {
    name: 'a search with the rows it found',
    query: `{ search(query: "金磚") { totalCount edges { score snippet { field text highlighted } node { __typename ... on Network { name } ... on Institution { name } ... on CooperationRecord { title } } } } }`,
    // Hits, ranks, highlights, the total and the rows: one statement.
    statements: 1,
  },
  {
    name: 'history and plan progress under a short list',
    query: `{ branchCentres(first: 3) { nodes { history(first: 2) { totalCount nodes { version action } } target { progress { recorded achieved } } } } }`,
    statements: 1,
  },
  {
    name: 'history and plan progress under a long list',
    query: `{ records(first: 100) { nodes { history(first: 5) { totalCount pageInfo { hasNextPage } nodes { version } } target { progress { recorded met } } } } }`,
    statements: 1,
  },
  {
    name: 'statistics',
    query: `{ statistics { totals { records } recordsByKind { key count } recordsByYear { year count } recordsByCountry { country { code name } count } networksByKind { key count } } }`,
    // Compiled: every count and the counted countries in one statement.
    statements: 1,
  },
  {
    name: 'statistics with an institution filter by global ID (compiled: the ID decoded for the statement)',
    query: `{ statistics { totals { records } recordsByKind(filter: { institution: "${institutionId}" }) { key count } recordsByCountry(filter: { institution: "${institutionId}" }) { country { code } count } } }`,
    statements: 1,
  },
];

describe('round trips per read operation', () => {
  it.each(OPERATIONS)('$name: one round trip', async ({ query, statements }) => {
    const result = await graphql(t.app, query);
    expect(result.errors).toBeUndefined();
    expect(result.extensions!.db).toEqual({ statements, roundTrips: 1 });
  });

  it('returns each caller its own rows from a shared batch', async () => {
    const result = await graphql(
      t.app,
      `{ a: networks(first: 1) { nodes { id } } b: institutions(first: 1) { nodes { id } } c: node(id: "${countryId('IN')}") { id } }`,
    );
    expect(result.data).toEqual({
      a: { nodes: [{ id: networkId }] },
      b: { nodes: [{ id: institutionId }] },
      c: { id: countryId('IN') },
    });
    // `a` and `b` in the compiled statement, the country's node by the resolvers' loader.
    expect(result.extensions!.db).toEqual({ statements: 2, roundTrips: 1 });
  });

  it('finds the search hits and their rows in one round trip', async () => {
    const result = await graphql(t.app, `{ search(query: "金砖", first: 3) { totalCount edges { node { __typename } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.search.edges).toHaveLength(3);
    expect(result.data!.search.totalCount).toBeGreaterThan(3);
    expect(result.extensions!.db.roundTrips).toBe(1);
  });

  it('reports a failing statement to its caller only', async () => {
    const outcomes = await withDatabaseMeter(async (meter) => {
      const client = t.db.$client;
      const results = await Promise.allSettled([
        client.execute('SELECT 1 AS one'),
        client.execute('SELECT * FROM no_such_table'),
        client.execute('SELECT 2 AS two'),
      ]);
      return { results, meter };
    });
    expect(outcomes.results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const third = outcomes.results[2];
    expect(third?.status === 'fulfilled' && third.value.rows[0]?.two).toBe(2);
  });

  it('keeps transactions and writes out of read batches', async () => {
    const value = await withDatabaseMeter(async (meter) => {
      const tx = await t.db.$client.transaction('write');
      await tx.execute('CREATE TEMP TABLE IF NOT EXISTS round_trip_probe (n INTEGER)');
      await tx.execute({ sql: 'INSERT INTO round_trip_probe (n) VALUES (?)', args: [7] });
      const inside = await tx.execute('SELECT n FROM round_trip_probe');
      await tx.rollback();
      return { n: inside.rows[0]!.n, meter };
    });
    expect(value.n).toBe(7);
  });
});

describe('round trips over HTTP (the Worker’s path to Turso)', () => {
  let server: HranaServer;
  let db: Database;
  let app: App;
  beforeAll(async () => {
    server = await startHranaServer({ dbPath: t.dbPath });
    db = createNodeDatabase({ url: server.url });
    app = createApp({ db, trace: true, caching: { responseCache: false }, observability: { logger: () => {} } });
  });
  afterAll(async () => {
    db.$client.close();
    await server.close();
  });

  it.each(OPERATIONS)('$name: one HTTP request to the database', async ({ query, statements }) => {
    const before = server.requests;
    const result = await graphql(app, query);
    expect(result.errors).toBeUndefined();
    expect(result.extensions!.db).toEqual({ statements, roundTrips: 1 });
    expect(server.requests - before).toBe(1);
  });

  it('keeps a response-cache miss to one HTTP request: the version check rides with the reads', async () => {
    const cached = createApp({ db, trace: true, observability: { logger: () => {} } });
    const { query, statements } = OPERATIONS[0]!;
    const miss = await graphql(cached, query);
    expect(miss.extensions!.db).toEqual({ statements: statements + 1, roundTrips: 1 });
    const hit = await graphql(cached, query);
    expect(hit.extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
    expect(hit.data).toEqual(miss.data);
  });
});
