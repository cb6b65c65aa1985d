/**
 * Where the resolvers answer (mutations' payloads, search hits, fallbacks of the compiled path,
 * and here every read, with the compiled path off), each statement reads only the columns the
 * operation returns: a type selects what its fields declare, not the whole row. The SQL is
 * captured beneath the request meter (src/db/meter.ts), where it leaves for the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import type { Database } from '../src/db/client';
import { meterClient } from '../src/db/meter';
import { relations } from '../src/db/relations';
import { prepareDatabase } from '../src/db/setup';
import { graphql, type TestApp } from './support/app';
import { observedClient, sqlOf } from './support/observed-client';
import { bearer } from './support/writes';

/** Every statement's SQL, in the order the client sends them. */
const sent: string[] = [];
let directory: string;
let t: TestApp;
let resolvers: App;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'brics-pruning-'));
  const dbPath = join(directory, 'test.db');
  const raw = createClient({ url: `file:${dbPath}` });
  const db = drizzle({ client: meterClient(observedClient(raw, (statement) => sent.push(sqlOf(statement)))), relations }) as unknown as Database;
  await prepareDatabase(db);
  resolvers = createApp({ db, trace: true, caching: { responseCache: false }, compiledReads: false, observability: { logger: () => {} } });
  t = { app: resolvers, db, dbPath, close: () => raw.close() };
});
afterAll(() => {
  t.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Runs an operation through the resolvers; returns its result and the SQL it sent. */
async function run(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  sent.length = 0;
  const response = await graphql(resolvers, query, variables, headers);
  expect(response.errors).toBeUndefined();
  return { ...response, sql: [...sent] };
}

/** The three columns of a localised text, e.g. `description_zh_hans`, `…_zh_hant`, `…_en`. */
const scripts = (property: string) => [`"${property}_zh_hans"`, `"${property}_zh_hant"`, `"${property}_en"`];

function expectNoColumns(sql: readonly string[], columns: readonly string[]) {
  for (const statement of sql) for (const column of columns) expect(statement, column).not.toContain(column);
}

const institutionId = Buffer.from('Institution:1').toString('base64');

describe('column pruning on the resolver path', () => {
  it('a record list asked for titles reads titles, not summaries, locations or timestamps', async () => {
    const { data, sql, extensions } = await run(`{ records(first: 3) { nodes { title } } }`);
    expect(data!.records.nodes).toHaveLength(3);
    expect(data!.records.nodes[0].title).toEqual(expect.any(String));
    expect(extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
    expect(sql.join('\n')).toContain('"title_zh_hans"');
    expectNoColumns(sql, [...scripts('summary'), ...scripts('location'), '"created_at"', '"updated_at"', '"starts_on"']);
  });

  it('nested lists read only what each level returns', async () => {
    const { data, sql } = await run(
      `{ institutions(first: 3) { nodes { name participations(first: 2) { nodes { role record { slug } } } } } }`,
    );
    expect(data!.institutions.nodes.length).toBeGreaterThan(0);
    expectNoColumns(sql, [...scripts('description'), ...scripts('summary'), ...scripts('title'), '"website"']);
  });

  it('related objects read only their asked-for columns too', async () => {
    const { data, sql } = await run(
      `{ records(first: 10) { nodes { citations { basis source { slug } } photos { slug } tracks { position } indicators { slug unit } } } }`,
    );
    expect(data!.records.nodes.length).toBeGreaterThan(0);
    expectNoColumns(sql, [...scripts('note'), ...scripts('caption'), ...scripts('credit'), ...scripts('name'), ...scripts('title'), '"url"', '"period_start"']);
  });

  it('a node lookup reads the fields asked for, not the description in three scripts', async () => {
    const { data, sql } = await run(`{ node(id: "${institutionId}") { ... on Institution { name acronym } } }`);
    expect(data!.node.name).toEqual(expect.any(String));
    expectNoColumns(sql, scripts('description'));
  });

  it('fields computed from several columns still get them', async () => {
    const { data, sql } = await run(
      `{ records(first: 20) { nodes { slug startsOn endsOn datePrecision createdAt } } branchCentres(first: 3) { nodes { launchedOn } } }`,
    );
    const records = data!.records.nodes as { startsOn: string | null; datePrecision: string | null; createdAt: string }[];
    expect(records.some((record) => record.startsOn !== null)).toBe(true);
    // A month-precise date comes back as YYYY-MM: the precision was read with the date.
    for (const record of records) {
      if (record.datePrecision === 'MONTH') expect(record.startsOn).toMatch(/^\d{4}-\d{2}$/);
      expect(Number.isNaN(Date.parse(record.createdAt))).toBe(false);
    }
    expectNoColumns(sql, [...scripts('summary'), ...scripts('description'), '"updated_at"']);
  });

  it('search hits keep the row they were found with: no statement loads them again', async () => {
    const { data, sql, extensions } = await run(
      `{ search(query: "金磚") { totalCount edges { node { __typename
          ... on CooperationRecord { slug title version } ... on Institution { slug name acronym } ... on Network { slug name } } } } }`,
    );
    expect(data!.search.totalCount).toBeGreaterThan(0);
    const slugs = (data!.search.edges as { node: { slug?: string } }[]).map((edge) => edge.node.slug).filter(Boolean);
    expect(slugs.length).toBeGreaterThan(0);
    expect(extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
    expect(sql).toHaveLength(1);
  });

  it('a search hit’s relations still load, in one more round trip as before', async () => {
    const { data, extensions } = await run(
      `{ search(query: "金磚", types: [CooperationRecord]) { edges { node { ... on CooperationRecord { title fields countries { code } } } } } }`,
    );
    const nodes = (data!.search.edges as { node: { fields: string[]; countries: unknown[] } }[]).map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(Array.isArray(node.fields)).toBe(true);
      expect(Array.isArray(node.countries)).toBe(true);
    }
    expect(extensions!.db.roundTrips).toBeLessThanOrEqual(2);
  });

  it('a search hit’s history is read as before: with its row, not once per hit', async () => {
    const { data, extensions } = await run(
      `{ search(query: "论坛", types: [CooperationRecord]) { edges { node { ... on CooperationRecord { title history(first: 2) { totalCount } } } } } }`,
    );
    const nodes = (data!.search.edges as { node: { history: { totalCount: number } } }[]).map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(1);
    for (const node of nodes) expect(node.history.totalCount).toEqual(expect.any(Number));
    expect(extensions!.db.statements).toBeLessThanOrEqual(2);
    expect(extensions!.db.roundTrips).toBeLessThanOrEqual(2);
  });

  it('history and plan progress under a list stay one statement, without descriptions', async () => {
    const { data, sql, extensions } = await run(
      `{ branchCentres(first: 3) { nodes { name history(first: 2) { totalCount nodes { version } } target { progress { recorded achieved } } } } }`,
    );
    expect(data!.branchCentres.nodes).toHaveLength(3);
    expect(extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
    expectNoColumns(sql, [...scripts('description'), ...scripts('title')]);
  });

  it('statistics keep their statements and round trip', async () => {
    const { data, extensions } = await run(`{ statistics { recordsByCountry { country { code name } count } } }`);
    expect(data!.statistics.recordsByCountry.length).toBeGreaterThan(0);
    expect(extensions!.db).toEqual({ statements: 2, roundTrips: 1 });
  });

  it('a mutation’s payload reads back only what it returns', async () => {
    const headers = await bearer(t, 'pruning-writer', ['records:write']);
    const before = await run(`{ node(id: "${institutionId}") { ... on Institution { version } } }`);
    const { data, sql } = await run(
      `mutation ($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { __typename ... on UpdateInstitutionPayload { institution { acronym version } } } }`,
      { input: { id: institutionId, version: before.data!.node.version, acronym: 'PRUNE' } },
      headers,
    );
    expect(data!.updateInstitution).toEqual({ __typename: 'UpdateInstitutionPayload', institution: { acronym: 'PRUNE', version: before.data!.node.version + 1 } });
    // The write reads the stored row whole (for the change history); the payload's read-back is the
    // planned query, aliased `d0`.
    const readBack = sql.filter((statement) => statement.includes('from "institutions" as "d0"'));
    expect(readBack.length).toBeGreaterThan(0);
    expectNoColumns(readBack, scripts('description'));
  });
});
