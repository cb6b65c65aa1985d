/**
 * Cost-based rate limiting: the leaky bucket, `extensions.cost`, RateLimit-* headers, 429 with
 * Retry-After, per-client buckets, the Worker's binding-backed store, CORS and the edge config.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config';
import { LIMITS, RATE_LIMIT } from '../src/limits';
import { CloudflareRateLimitStore, MemoryRateLimitStore } from '../src/plugins/rate-limit';
import { nodeSecurityOptions, workerSecurityOptions } from '../src/plugins/security/runtime-options';
import { createTestApp, graphql, type TestApp } from './support/app';

/** A clock the tests move by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryRateLimitStore', () => {
  it('takes points all or nothing and says when to retry', async () => {
    const clock = manualClock();
    const store = new MemoryRateLimitStore({ maximumAvailable: 100, restoreRate: 10, now: clock.now });
    expect(await store.take('a', 70)).toMatchObject({ allowed: true, currentlyAvailable: 30, retryAfterSeconds: 0 });
    // 50 needed, 30 available: 20 missing at 10 per second.
    expect(await store.take('a', 50)).toMatchObject({ allowed: false, currentlyAvailable: 30, retryAfterSeconds: 2 });
    clock.advance(2_000);
    expect(await store.take('a', 50)).toMatchObject({ allowed: true, currentlyAvailable: 0 });
  });

  it('restores at its rate up to the maximum, and settles refunds and extra charges', async () => {
    const clock = manualClock();
    const store = new MemoryRateLimitStore({ maximumAvailable: 100, restoreRate: 10, now: clock.now });
    await store.take('a', 100);
    clock.advance(3_500);
    expect((await store.settle('a', 0)).currentlyAvailable).toBe(35);
    expect((await store.settle('a', 20)).currentlyAvailable).toBe(55);
    expect((await store.settle('a', -60)).currentlyAvailable).toBe(0);
    clock.advance(60_000);
    expect((await store.settle('a', 500)).currentlyAvailable).toBe(100);
  });

  it('keeps one bucket per key and forgets the least recently used beyond its bound', async () => {
    const store = new MemoryRateLimitStore({ maximumAvailable: 10, restoreRate: 1, maxBuckets: 2, now: () => 0 });
    await store.take('a', 10);
    await store.take('b', 10);
    expect((await store.take('a', 1)).allowed).toBe(false);
    await store.take('c', 10);
    // `b` was least recently used when `c` arrived: it starts full again; `a` does not.
    expect((await store.take('b', 10)).allowed).toBe(true);
    expect((await store.take('c', 1)).allowed).toBe(false);
  });

  it('refuses a cost larger than the bucket with the time to fill it', async () => {
    const store = new MemoryRateLimitStore({ maximumAvailable: 100, restoreRate: 10, now: () => 0 });
    await store.take('a', 100);
    expect(await store.take('a', 1_000)).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
  });
});

describe('CloudflareRateLimitStore', () => {
  it('refuses what the binding refuses, and charges cost to the local bucket otherwise', async () => {
    const keys: string[] = [];
    let success = true;
    const binding = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success };
      },
    };
    const store = new CloudflareRateLimitStore(binding, 60, new MemoryRateLimitStore({ maximumAvailable: 100, restoreRate: 1, now: () => 0 }));
    expect(await store.take('ip:203.0.113.9', 40)).toMatchObject({ allowed: true, currentlyAvailable: 60 });
    success = false;
    expect(await store.take('ip:203.0.113.9', 1)).toMatchObject({ allowed: false, retryAfterSeconds: 60, currentlyAvailable: 60 });
    expect(keys).toEqual(['ip:203.0.113.9', 'ip:203.0.113.9']);
  });
});

/** An app with a 30-point bucket refilled at 2 points per second of `clock`, keyed by `x-test-client`. */
function smallBucketApp(clock: ReturnType<typeof manualClock>): Promise<TestApp> {
  return createTestApp({
    security: {
      rateLimitStore: new MemoryRateLimitStore({ maximumAvailable: 30, restoreRate: 2, now: clock.now }),
      clientAddress: (request) => request.headers.get('x-test-client'),
    },
  });
}

describe('the API under a rate limit', () => {
  let t: TestApp;
  const clock = manualClock();
  const QUERY = '{ records(first: 10) { nodes { title } } }';

  beforeAll(async () => {
    t = await smallBucketApp(clock);
  });
  afterAll(() => t?.close());

  it('reports requested and actual cost, throttle status and RateLimit headers', async () => {
    const result = await graphql(t.app, QUERY, undefined, { 'x-test-client': 'alice' });
    expect(result.status).toBe(200);
    const returned = (result.data as { records: { nodes: unknown[] } }).records.nodes.length;
    expect(returned).toBeGreaterThan(0);
    // requested: the connection (1) + 10 nodes (1 each); actual: the connection + what came back.
    expect(result.extensions?.cost).toEqual({
      requestedQueryCost: 11,
      actualQueryCost: 1 + returned,
      requestedNodes: 10,
      throttleStatus: { maximumAvailable: 30, currentlyAvailable: 30 - (1 + returned), restoreRate: 2 },
    });
    expect(result.headers.get('ratelimit-limit')).toBe('30');
    expect(result.headers.get('ratelimit-remaining')).toBe(String(30 - (1 + returned)));
    expect(result.headers.get('ratelimit-reset')).toBe(String(Math.ceil((1 + returned) / 2)));
    expect(result.headers.get('ratelimit-policy')).toBe('30;w=15');
    expect(result.headers.get('retry-after')).toBeNull();
  });

  it('charges a response from the response cache one point, with its own client’s status', async () => {
    const first = await graphql(t.app, '{ cached: records(first: 10) { totalCount } }', undefined, { 'x-test-client': 'frank' });
    expect(first.extensions?.cost.cached).toBeUndefined();
    const hit = await graphql(t.app, '{ cached: records(first: 10) { totalCount } }', undefined, { 'x-test-client': 'grace' });
    expect(hit.data).toEqual(first.data);
    expect(hit.extensions?.cost).toEqual({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      requestedNodes: 0,
      cached: true,
      throttleStatus: { maximumAvailable: 30, currentlyAvailable: 29, restoreRate: 2 },
    });
    expect(hit.headers.get('ratelimit-remaining')).toBe('29');
  });

  it('throttles a client whose bucket cannot cover the requested cost, with 429 and Retry-After', async () => {
    // Distinct aliases, so that no response comes from the response cache.
    const query = (i: number) => `{ r${i}: records(first: 10) { nodes { title } } }`;
    let result = await graphql(t.app, query(0), undefined, { 'x-test-client': 'bob' });
    for (let i = 1; i < 10 && result.status === 200; i += 1) {
      result = await graphql(t.app, query(i), undefined, { 'x-test-client': 'bob' });
    }
    expect(result.status).toBe(429);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    expect(result.errors?.[0]?.message).toMatch(/^Throttled: this query costs 11 points and \d+ are available/);
    const available = result.extensions?.cost.throttleStatus.currentlyAvailable as number;
    expect(available).toBeLessThan(11);
    expect(result.headers.get('retry-after')).toBe(String(Math.ceil((11 - available) / 2)));
    expect(result.headers.get('ratelimit-remaining')).toBe(String(available));

    // Another client is not affected; the throttled one recovers once points are restored.
    const other = await graphql(t.app, QUERY, undefined, { 'x-test-client': 'carol' });
    expect(other.status).toBe(200);
    clock.advance(Number(result.headers.get('retry-after')) * 1_000);
    const again = await graphql(t.app, query(99), undefined, { 'x-test-client': 'bob' });
    expect(again.status).toBe(200);
    expect(again.errors).toBeUndefined();
  });

  it('charges introspection a flat cost', async () => {
    const result = await graphql(t.app, '{ __schema { types { name fields { name } } } }', undefined, { 'x-test-client': 'dave' });
    expect(result.status).toBe(429);
    expect(result.extensions?.cost).toMatchObject({ requestedQueryCost: 100 });
  });

  it('charges nothing for operations rejected by a limit', async () => {
    const before = await graphql(t.app, '{ base { acronym } }', undefined, { 'x-test-client': 'erin' });
    const remaining = before.extensions?.cost.throttleStatus.currentlyAvailable as number;
    const rejected = await graphql(t.app, '{ records(first: 100) { nodes { participants(first: 100) { nodes { id } } } } }', undefined, {
      'x-test-client': 'erin',
    });
    expect(rejected.status).toBe(400);
    expect(rejected.extensions?.cost.throttleStatus.currentlyAvailable).toBe(remaining);
  });
});

describe('edge configuration', () => {
  it('reads CORS_ORIGINS as * or a list of origins, and refuses anything else', () => {
    expect(readConfig({}).CORS_ORIGINS).toBe('*');
    expect(readConfig({ CORS_ORIGINS: 'https://a.example, https://b.example:8443' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
    expect(() => readConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/not an origin/);
  });

  it('answers CORS preflights for allowed origins only, exposing the rate-limit headers', async () => {
    const t = await createTestApp({ security: { corsOrigins: ['https://partner.example'] } });
    try {
      const preflight = (origin: string) =>
        t.app.fetch(
          new Request('http://localhost/graphql', {
            method: 'OPTIONS',
            headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
          }),
        );
      const allowed = await preflight('https://partner.example');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://partner.example');
      expect(allowed.headers.get('access-control-expose-headers')).toMatch(/RateLimit-Remaining.*Retry-After/);
      const refused = await preflight('https://elsewhere.example');
      expect(refused.headers.get('access-control-allow-origin')).not.toBe('https://elsewhere.example');
    } finally {
      t.close();
    }
  });

  it('keys anonymous callers by socket address on Node, and by X-Forwarded-For only behind a trusted proxy', () => {
    const request = new Request('http://localhost/graphql', { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' } });
    const context = { req: { socket: { remoteAddress: '192.0.2.5' } } };
    expect(nodeSecurityOptions({ CORS_ORIGINS: '*' }).clientAddress?.(request, context)).toBe('192.0.2.5');
    expect(nodeSecurityOptions({ CORS_ORIGINS: '*', TRUST_PROXY: true }).clientAddress?.(request, context)).toBe('203.0.113.7');
    const worker = workerSecurityOptions({ CORS_ORIGINS: '*' }, undefined);
    expect(worker.clientAddress?.(new Request('http://x/', { headers: { 'cf-connecting-ip': '2001:db8::1' } }), {})).toBe('2001:db8::1');
    // A query at the cost limit must fit in a full bucket.
    expect(RATE_LIMIT.maximumAvailable).toBeGreaterThanOrEqual(LIMITS.maxCost);
  });

  it('charges no bucket when the operator sets RATE_LIMIT=off, on both runtimes', async () => {
    const off = readConfig({ RATE_LIMIT: 'off' });
    expect(nodeSecurityOptions(off).rateLimitStore).toBeUndefined();
    expect(workerSecurityOptions(off, undefined).rateLimitStore).toBeUndefined();
    expect(nodeSecurityOptions(readConfig({})).rateLimitStore).toBeInstanceOf(MemoryRateLimitStore);
    expect(() => readConfig({ RATE_LIMIT: 'no' })).toThrow(/RATE_LIMIT/);
    const t = await createTestApp({ security: nodeSecurityOptions(off) });
    try {
      const response = await t.app.fetch(
        new Request('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ records(first: 1) { totalCount } }' }) }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
      const body = (await response.json()) as { data: { records: { totalCount: number } }; extensions: { cost: Record<string, unknown> } };
      expect(body.data.records.totalCount).toBeGreaterThan(0);
      expect(body.extensions.cost.throttleStatus).toBeUndefined();
    } finally {
      t.close();
    }
  });
});

describe('Query.rateLimit: the budget, and the price of an operation without running it', () => {
  let t: TestApp;
  const clock = manualClock();
  const FIELDS = 'cost nodeCount limit remaining used restoreRate resetAt dryRun';

  beforeAll(async () => {
    t = await smallBucketApp(clock);
  });
  afterAll(() => t?.close());

  it('reports what this operation costs and what is left after it, never from the response cache', async () => {
    const query = `{ rateLimit { ${FIELDS} } records(first: 10) { nodes { title } } }`;
    const before = Date.now();
    const first = await graphql(t.app, query, undefined, { 'x-test-client': 'carol' });
    const after = Date.now();
    expect(first.errors).toBeUndefined();
    // The connection (1) + 10 nodes + the rateLimit object (1).
    expect(first.data!.rateLimit).toMatchObject({ cost: 12, nodeCount: 10, limit: 30, remaining: 18, used: 12, restoreRate: 2, dryRun: false });
    // Full again after 12 points at 2 per second.
    const resetAt = Date.parse(first.data!.rateLimit.resetAt);
    expect(resetAt).toBeGreaterThanOrEqual(before + 6_000 - 1_000);
    expect(resetAt).toBeLessThanOrEqual(after + 6_000 + 1_000);
    expect(first.headers.get('cache-control')).toBe('no-store');

    // The same query again is executed, not replayed: the refund of the first run and this run's charge show.
    const refunded = 12 - (first.extensions?.cost.actualQueryCost as number);
    const second = await graphql(t.app, query, undefined, { 'x-test-client': 'carol' });
    expect(second.extensions?.cost.cached).toBeUndefined();
    expect(second.data!.rateLimit.remaining).toBe(18 + refunded - 12);
  });

  it('dryRun: true prices the whole operation, runs only rateLimit and takes nothing', async () => {
    const query = `query($dry: Boolean!) { rateLimit(dryRun: $dry) { ${FIELDS} } records(first: 10) { nodes { title } } }`;
    const priced = await graphql(t.app, query, { dry: true }, { 'x-test-client': 'dave' });
    expect(priced.errors).toBeUndefined();
    expect(Object.keys(priced.data!)).toEqual(['rateLimit']);
    expect(priced.data!.rateLimit).toMatchObject({ cost: 12, limit: 30, remaining: 30, used: 0, dryRun: true });
    expect(priced.extensions?.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 0 });
    expect(priced.headers.get('ratelimit-remaining')).toBe('30');

    // Running it for real takes the price the dry run announced.
    const ran = await graphql(t.app, query, { dry: false }, { 'x-test-client': 'dave' });
    expect(ran.data!.records.nodes.length).toBeGreaterThan(0);
    expect(ran.data!.rateLimit).toMatchObject({ cost: 12, remaining: 18, dryRun: false });
  });

  it('a dry run inside a fragment counts too, and an operation over the cost limit is still refused', async () => {
    const fragment = await graphql(
      t.app,
      `query { ...Budget networks(first: 2) { nodes { name } } } fragment Budget on Query { rateLimit(dryRun: true) { cost dryRun } }`,
      undefined,
      { 'x-test-client': 'erin' },
    );
    expect(fragment.data).toEqual({ rateLimit: { cost: 4, dryRun: true } });
    const tooDear = await graphql(
      t.app,
      `{ rateLimit(dryRun: true) { cost } records(first: 100) { nodes { participants(first: 100) { nodes { institution { name } } } } } }`,
      undefined,
      { 'x-test-client': 'erin' },
    );
    expect(tooDear.status).toBe(400);
    expect(tooDear.errors?.[0]?.extensions?.code).toBe('MAX_COST_EXCEEDED');
  });
});
