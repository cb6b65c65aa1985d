/** Relay connections: pages forward and backward, limits and bad cursors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { slug: string } }[];
}

const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { slug } }`;

/** The lists that page by slug-bearing nodes, with the query field for each. */
const LISTS = ['records', 'institutions', 'branchCentres', 'networks', 'indicators', 'planTargets'] as const;

async function page(list: string, args: Record<string, unknown>): Promise<Page> {
  const result = await graphql(
    t.app,
    `query($first: Int, $last: Int, $after: String, $before: String) {
      list: ${list}(first: $first, last: $last, after: $after, before: $before) { ${PAGE} }
    }`,
    args,
  );
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.list as Page;
}

async function all(list: string): Promise<string[]> {
  const whole = await page(list, { first: 100 });
  expect(whole.pageInfo.hasNextPage).toBe(false);
  expect(whole.edges).toHaveLength(whole.totalCount);
  return whole.edges.map((edge) => edge.node.slug);
}

describe.each(LISTS)('%s', (list) => {
  it('the first page has the first items and says more follow', async () => {
    const everything = await all(list);
    const first = await page(list, { first: 2 });
    expect(first.edges.map((edge) => edge.node.slug)).toEqual(everything.slice(0, 2));
    expect(first.pageInfo).toMatchObject({
      hasPreviousPage: false,
      hasNextPage: everything.length > 2,
      startCursor: first.edges[0]!.cursor,
      endCursor: first.edges.at(-1)!.cursor,
    });
    expect(first.totalCount).toBe(everything.length);
  });

  it('walking forward visits every item once, in order', async () => {
    const everything = await all(list);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const current: Page = await page(list, { first: 2, after });
      seen.push(...current.edges.map((edge) => edge.node.slug));
      expect(current.totalCount).toBe(everything.length);
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(seen).toEqual(everything);
  });

  it('walking backward with last/before visits every item once, in order', async () => {
    const everything = await all(list);
    const seen: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const current: Page = await page(list, { last: 2, before });
      seen.unshift(...current.edges.map((edge) => edge.node.slug));
      if (!current.pageInfo.hasPreviousPage) break;
      before = current.pageInfo.startCursor;
    }
    expect(seen).toEqual(everything);
  });
});

describe('limits and bad input', () => {
  async function errorOf(query: string, variables?: Record<string, unknown>) {
    const result = await graphql(t.app, query, variables);
    expect(result.status).toBeLessThan(500);
    expect(result.errors, 'an error is expected').toBeDefined();
    const error = result.errors![0]!;
    expect(error.extensions?.['code']).not.toBe('INTERNAL_SERVER_ERROR');
    return error.message;
  }

  it('an empty result is an empty page', async () => {
    const result = await graphql(t.app, `{ records(first: 5, filter: { yearFrom: 2999 }) { ${PAGE} } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.records).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
    });
  });

  it('after the last cursor comes an empty page', async () => {
    const last = await page('records', { last: 1 });
    const beyond = await page('records', { first: 5, after: last.pageInfo.endCursor });
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo.hasNextPage).toBe(false);
  });

  it('first: 0 and first: 101 are rejected with a clear message', async () => {
    expect(await errorOf(`{ records(first: 0) { totalCount } }`)).toMatch(/first.*at least 1/);
    expect(await errorOf(`{ records(first: 101) { totalCount } }`)).toMatch(/first.*at most 100/);
    expect(await errorOf(`{ institutions(last: 101) { totalCount } }`)).toMatch(/last.*at most 100/);
    expect(await errorOf(`{ networks(first: -1) { totalCount } }`)).toMatch(/first.*at least 1/);
    // Nested connections have the same limit.
    expect(await errorOf(`{ networks(first: 1) { nodes { members(first: 101) { totalCount } } } }`)).toMatch(/at most 100/);
  });

  it('first: 100 is accepted', async () => {
    const whole = await page('records', { first: 100 });
    expect(whole.edges.length).toBe(whole.totalCount);
  });

  it('garbage and forged cursors are rejected as bad input', async () => {
    const forged = Buffer.from('DC:T:["S:9999",5]').toString('base64');
    const notANumber = Buffer.from('DC:T:["S:9999-99-99","N:not-a-number"]').toString('base64');
    const tupleOfOne = Buffer.from('DC:T:["N:4"]').toString('base64');
    for (const cursor of ['garbage', '', '!!!', Buffer.from('arrayconnection:5').toString('base64'), forged, notANumber, tupleOfOne, 'x'.repeat(5000)]) {
      const result = await graphql(t.app, `query($after: String) { records(first: 2, after: $after) { totalCount edges { node { slug } } } }`, {
        after: cursor,
      });
      expect(result.status, cursor).toBeLessThan(500);
      expect(result.errors?.map((error) => error.extensions?.['code']), cursor).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.message).not.toMatch(/select |SQLITE/i);
    }
  });

  it('an out-of-range cursor of the right shape pages from that position', async () => {
    // Sorted latest first by date key (undated records last, with key ''), then by ID: nothing
    // comes after an empty key with ID 0.
    const farEnd = Buffer.from('DC:T:["S:","N:0"]').toString('base64');
    const result = await graphql(t.app, `query($after: String) { records(first: 5, after: $after) { edges { node { slug } } } }`, {
      after: farEnd,
    });
    expect(result.status).toBeLessThan(500);
    if (!result.errors) expect(result.data!.records.edges).toEqual([]);
    else expect(result.errors[0]!.extensions?.['code']).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('first and last together are rejected', async () => {
    expect(await errorOf(`{ records(first: 2, last: 2) { totalCount nodes { slug } } }`)).toMatch(/first.*last|last.*first|both/i);
    expect(await errorOf(`{ institutions(first: 2, last: 2) { edges { cursor } } }`)).toMatch(/first.*last|last.*first|both/i);
    expect(await errorOf(`{ search(query: "金砖", first: 2, last: 2) { totalCount } }`)).toMatch(/first.*last|last.*first|both/i);
  });
});
