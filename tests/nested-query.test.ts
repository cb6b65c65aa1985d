import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import { withRelationalDepth } from '../src/db/relational-depth';
import { createTestApp, graphql, type TestApp } from './support/app';
import { SEEDED_SLUGS, seededIds } from './support/fixtures';

let t: TestApp;
beforeAll(async () => {
  // Statement counts of the plan itself, without the response cache's version check.
  t = await createTestApp({ trace: true, caching: { responseCache: false } });
});
afterAll(() => t.close());

describe('query planning', () => {
  it('runs a three-level nested list as one SQL statement', async () => {
    const result = await graphql(
      t.app,
      `query { networks(first: 10) { nodes { name members(first: 10) { nodes { role institution { name country { code } } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const thinkTanks = result.data!.networks.nodes.find((n: { name: string }) => n.name.includes('Think'));
    expect(thinkTanks.members.nodes.length).toBeGreaterThanOrEqual(3);
    expect(result.extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
  });

  it('counts a record connection with totalCount and nested participants', async () => {
    const result = await graphql(
      t.app,
      `query { records(first: 5) { nodes { title participants(first: 5) { totalCount nodes { role institution { name } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.records.nodes).toHaveLength(5);
    expect(result.extensions!.db.statements).toBe(1);
  });
});

describe('selections deeper than one relational statement parses (the resolvers’ path)', () => {
  let resolvers: App;
  let shallow: App;
  /** A seeded record, by its slug: `$RECORD` in the queries below stands for its ID. */
  let record = '';
  const options = { trace: true, caching: { responseCache: false }, compiledReads: false, observability: { logger: () => {} } } as const;
  beforeAll(async () => {
    resolvers = createApp({ db: t.db, ...options });
    // A parser stack of 40 entries instead of SQLite's 100: relations four or five levels down are cut.
    shallow = createApp({ db: withRelationalDepth(t.db, 40), ...options });
    record = (await seededIds(t)).record;
  });
  const withRecord = (query: string) => query.replace('$RECORD', record);

  it.each([
    `{ node(id: "$RECORD") { ... on CooperationRecord { startsOn participants(first: 1) { totalCount nodes { role institution { acronym parent { acronym indicators { fields institution { website photos { paragraph takenByTranslations { zhHans } } } } } } } } } } }`,
    `{ node(id: "$RECORD") { ... on CooperationRecord { fields target { year branchCentres { plannedYear target { pillar records { year parent { fields children(first: 1) { totalCount nodes { startsOn indicators { id } } } } } } } } } } }`,
    `{ node(id: "$RECORD") { ... on CooperationRecord { endsOn participants(first: 1) { totalCount nodes { id record { updatedAt target { reportedAchievedOn branchCentres { plannedYear host { website indicators { year photos { paragraph } } } } } } } } } } }`,
  ])('a chain SQLite refused in one statement is answered, as compiled reads answer it: %#', async (chain) => {
    const query = withRecord(chain);
    const reference = await graphql(t.app, query);
    const result = await graphql(resolvers, query);
    expect(reference.errors).toBeUndefined();
    expect({ data: result.data, errors: result.errors }).toEqual({ data: reference.data, errors: undefined });
  });

  it('a field that selects two levels of relations loads both when the deeper one is cut', async () => {
    // Records counting towards a plan target, so that its progress counts some.
    await t.db.$client.execute({
      sql: `UPDATE records SET target_id = (SELECT min(id) FROM plan_targets)
            WHERE target_id IS NULL AND (slug = ? OR id IN (SELECT id FROM records WHERE archived_at IS NULL AND target_id IS NULL LIMIT 9))`,
      args: [SEEDED_SLUGS.record],
    });
    const query = withRecord(`{ node(id: "$RECORD") { ... on CooperationRecord { target { year branchCentres { plannedYear target { progress { recorded inferred planned } } } records { year target { progress { recorded inferred planned } } } } } } }`);
    const reference = await graphql(t.app, query);
    expect(reference.errors).toBeUndefined();
    expect(JSON.stringify(reference.data)).toMatch(/"progress":\{"recorded":/);
    // Stacks that cut each level in turn.
    for (const stack of [40, 60, 80, 100]) {
      const result = await graphql(createApp({ db: withRelationalDepth(t.db, stack), ...options }), query);
      expect({ stack, data: result.data, errors: result.errors }).toEqual({ stack, data: reference.data, errors: undefined });
    }
  });

  it.each([
    [`{ institutions(first: 20) { nodes { indicators { institution { participations(first: 3) { totalCount nodes { record { participants(first: 3) { totalCount nodes { role } } } } } } } } } }`, /"nodes":\[\{"role":"/],
    [`{ records(first: 5) { nodes { participants(first: 3) { totalCount nodes { institution { participations(first: 2) { totalCount nodes { record { title } } } } } } } } }`, /"record":\{"title":"/],
  ])('relations cut from a statement are loaded by their parents, with the same data: %#', async (query, deepest) => {
    const reference = await graphql(t.app, query);
    const result = await graphql(shallow, query);
    expect(reference.errors).toBeUndefined();
    expect({ data: result.data, errors: result.errors }).toEqual({ data: reference.data, errors: undefined });
    // Rows down to the deepest level, and the cut relations read by statements of their own.
    expect(JSON.stringify(result.data)).toMatch(deepest);
    expect(result.extensions!.db.statements).toBeGreaterThan(1);
  });
});
