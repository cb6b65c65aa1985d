import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  // No rate-limit store: cost is still computed and reported as executed, not as cached.
  t = await createTestApp();
});
afterAll(() => t.close());

describe('cost report without a rate-limit store', () => {
  it('reports the computed cost of an executed operation', async () => {
    const result = await graphql(t.app, '{ records(first: 3) { nodes { title } } }');
    expect(result.errors).toBeUndefined();
    expect(result.extensions!.cost.cached).toBeUndefined();
    expect(result.extensions!.cost.requestedQueryCost).toBeGreaterThan(1);
  });

  it('marks a response served from the response cache as cached', async () => {
    await graphql(t.app, '{ networks(first: 2) { nodes { name } } }');
    const second = await graphql(t.app, '{ networks(first: 2) { nodes { name } } }');
    expect(second.extensions!.cost).toMatchObject({ cached: true, requestedQueryCost: 1 });
  });
});
