import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type TestApp } from './support/app';

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
