/**
 * The edge protections inside workerd: masked errors without stacks, limits, 413, rate-limit
 * headers from the `RATE_LIMITER` binding's store, and CF-Connecting-IP as the client key.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { cost?: { requestedQueryCost: number; throttleStatus?: { currentlyAvailable: number } } };
}

async function send(body: string, headers: Record<string, string> = {}) {
  const response = await exports.default.fetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });
  const text = await response.text();
  return { response, text, body: (text ? JSON.parse(text) : null) as Body | null };
}

const LEAKS = /\bat .+:\d+:\d+|node_modules|SQLITE|Failed query|DrizzleQueryError|libsql|originalError|stack/i;

describe('Worker edge', () => {
  it('masks unexpected errors and rejects hostile documents with 4xx, without internals', async () => {
    const forged = await send(JSON.stringify({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id: btoa('Institution:abc') } }));
    expect(forged.response.status).toBeLessThan(500);
    expect(forged.text).not.toMatch(LEAKS);
    expect(forged.body?.data).toEqual({ node: null });

    const malformed = await send('{"query": ');
    expect(malformed.response.status).toBe(400);
    expect(malformed.text).not.toMatch(LEAKS);

    let deep = 'name';
    for (let i = 0; i < 20; i += 1) deep = `parent { ${deep} }`;
    const bomb = await send(JSON.stringify({ query: `{ base { ${deep} } }` }));
    expect(bomb.response.status).toBe(400);
    expect(bomb.body?.errors?.[0]?.message).toMatch(/depth limit of 10/);
  });

  it('answers an oversized body with 413', async () => {
    const big = await send(JSON.stringify({ query: '{ base { name } }', variables: { q: 'x'.repeat(70_000) } }));
    expect(big.response.status).toBe(413);
  });

  it('reports cost and RateLimit headers per CF-Connecting-IP', async () => {
    const first = await send(JSON.stringify({ query: '{ edgeA: records(first: 100) { nodes { title } } }' }), { 'cf-connecting-ip': '203.0.113.20' });
    expect(first.response.status).toBe(200);
    expect(first.body?.extensions?.cost?.requestedQueryCost).toBe(101);
    const remaining = Number(first.response.headers.get('ratelimit-remaining'));
    expect(remaining).toBe(first.body?.extensions?.cost?.throttleStatus?.currentlyAvailable);
    expect(first.response.headers.get('ratelimit-limit')).toBe('10000');
    const other = await send(JSON.stringify({ query: '{ edgeB: base { acronym } }' }), { 'cf-connecting-ip': '203.0.113.21' });
    // Another address draws from a bucket of its own: full but for its own cost, whatever the
    // first address spent (a comparison with the first bucket would depend on how fast it refills).
    const otherCost = other.body?.extensions?.cost as { requestedQueryCost: number; throttleStatus?: { currentlyAvailable: number } };
    expect(otherCost.throttleStatus!.currentlyAvailable).toBeGreaterThanOrEqual(10_000 - otherCost.requestedQueryCost);
    expect(Number(other.response.headers.get('ratelimit-remaining'))).toBe(otherCost.throttleStatus!.currentlyAvailable);
  });
});
