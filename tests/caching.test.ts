/** APQ, GET, ETag/304, Cache-Control and the response cache (counts, not timings). */
import { createHash } from 'node:crypto';
import { createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/db/keys';
import { createEdgeResponseCache, withListInvalidation, type EdgeCache } from '../src/plugins/caching';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ trace: true });
});
afterAll(() => t.close());

const get = (params: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const url = new URL('http://localhost/graphql');
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  return t.app.fetch(new Request(url, { headers: { accept: 'application/graphql-response+json', ...headers } }));
};

describe('response cache', () => {
  const query = `{ networks(first: 3) { totalCount nodes { id name } } }`;

  it('serves a repeated public query from the cache with no database round trip', async () => {
    const first = await graphql(t.app, query);
    expect(first.extensions!.db).toEqual({ statements: 2, roundTrips: 1 });
    const second = await graphql(t.app, query);
    expect(second.data).toEqual(first.data);
    expect(second.extensions!.db).toEqual({ statements: 0, roundTrips: 0 });
    expect(second.extensions!.responseCache).toMatchObject({ hit: true });
  });

  it('keys on the negotiated locale', async () => {
    const q = `{ base { name description } }`;
    const en = await graphql(t.app, q, undefined, { 'accept-language': 'en' });
    const hant = await graphql(t.app, q, undefined, { 'accept-language': 'zh-TW' });
    expect(hant.extensions!.db.roundTrips).toBe(1);
    expect(hant.data!.base.name).not.toBe(en.data!.base.name);
    expect(hant.headers.get('etag')).not.toBe(en.headers.get('etag'));
    const hantAgain = await graphql(t.app, q, undefined, { 'accept-language': 'zh-Hant' });
    expect(hantAgain.extensions!.db.roundTrips).toBe(0);
    expect(hantAgain.data).toEqual(hant.data);
  });

  it('never serves or stores responses for callers with an Authorization header', async () => {
    const q = `{ institutions(first: 2) { nodes { name } } }`;
    await graphql(t.app, q);
    const response = await t.app.fetch(
      new Request('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-real-key' },
        body: JSON.stringify({ query: q }),
      }),
    );
    const body = (await response.json()) as { extensions?: { db?: { roundTrips: number }; responseCache?: { hit: boolean } } };
    expect(body.extensions?.responseCache?.hit).not.toBe(true);
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('answers 304 Not Modified to a matching If-None-Match', async () => {
    const q = `{ countries { code } }`;
    const first = await graphql(t.app, q);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const response = await get({ query: q }, { 'if-none-match': etag! });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(etag);
  });
});

describe('Cache-Control', () => {
  it('takes the shortest lifetime among the types a query selects', async () => {
    const statistics = await graphql(t.app, `{ statistics { totals { records } } }`);
    expect(statistics.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=60');
    const countries = await graphql(t.app, `{ countries { code } }`);
    expect(countries.headers.get('cache-control')).toBe('public, max-age=86400, stale-while-revalidate=86400');
    const records = await graphql(t.app, `{ records(first: 1) { nodes { title country: countries { code } } } }`);
    expect(records.headers.get('cache-control')).toMatch(/^public, max-age=300\b/);
  });

  it('does not let shared caches keep failed operations', async () => {
    const failed = await graphql(t.app, `{ nope }`);
    expect(failed.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET and automatic persisted queries', () => {
  const query = `{ base { acronym } }`;
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };

  it('runs a query sent with GET', async () => {
    const response = await get({ query: `{ networks(first: 1) { nodes { name } } }` });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
  });

  it('asks for the query once, then runs it by hash alone', async () => {
    const unknown = await get({ extensions });
    expect(((await unknown.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('PersistedQueryNotFound');
    const registered = await get({ query, extensions });
    expect(((await registered.json()) as { data: unknown }).data).toEqual({ base: { acronym: expect.any(String) } });
    const byHash = await get({ extensions });
    expect(byHash.status).toBe(200);
    expect(((await byHash.json()) as { data: unknown }).data).toEqual({ base: { acronym: expect.any(String) } });
  });

  it('rejects a hash that does not match the query', async () => {
    const response = await get({ query: '{ countries { code } }', extensions });
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('PersistedQueryMismatch');
  });
});

describe('invalidation', () => {
  it('drops results holding a changed entity, and lists of its type, but not other lookups', async () => {
    const cache = withListInvalidation(createInMemoryCache());
    const result = (name: string) => ({ data: { name } });
    await cache.set('record-1', result('one'), [{ typename: 'CooperationRecord', id: 'Q29vcGVyYXRpb25SZWNvcmQ6MQ==' }], 60_000);
    await cache.set('record-2', result('two'), [{ typename: 'CooperationRecord', id: 'Q29vcGVyYXRpb25SZWNvcmQ6Mg==' }], 60_000);
    await cache.set('list', { data: { records: [{ title: 'two' }] } }, [{ typename: 'CooperationRecord', id: 'Q29vcGVyYXRpb25SZWNvcmQ6Mg==' }], 60_000);
    await cache.set('institution', result('inst'), [{ typename: 'Institution', id: 'SW5zdGl0dXRpb246MQ==' }], 60_000);
    await cache.invalidate([{ typename: 'CooperationRecord', id: 'Q29vcGVyYXRpb25SZWNvcmQ6MQ==' }]);
    expect(await cache.get('record-1')).toBeFalsy();
    expect(await cache.get('list')).toBeFalsy();
    expect(await cache.get('record-2')).toEqual(result('two'));
    expect(await cache.get('institution')).toEqual(result('inst'));
  });
});

describe('invalidation by mutations', () => {
  const id = (n: number) => Buffer.from(`Network:${n}`).toString('base64');
  const nodeQuery = (n: number) => `{ node(id: "${id(n)}") { ... on Network { name version } } }`;
  const listQuery = `{ networks(first: 5) { nodes { id name } } }`;

  it('refreshes what a mutation changed and keeps the rest cached', async () => {
    const { key } = await createApiKey(t.db, { name: 'cache-writer', scopes: ['records:write'] });
    const before = await graphql(t.app, nodeQuery(1));
    await graphql(t.app, nodeQuery(2));
    await graphql(t.app, listQuery);
    for (const query of [nodeQuery(1), nodeQuery(2), listQuery]) {
      expect((await graphql(t.app, query)).extensions!.db.roundTrips).toBe(0);
    }

    const mutation = await graphql(
      t.app,
      `mutation($input: UpdateNetworkInput!) { updateNetwork(input: $input) { __typename ... on UpdateNetworkPayload { network { id name } } ... on ValidationError { message } } }`,
      { input: { id: id(1), version: before.data!.node.version, name: { en: 'Renamed for the cache test', zhHans: '缓存测试改名' } } },
      { authorization: `Bearer ${key}` },
    );
    expect(mutation.data!.updateNetwork).toMatchObject({ __typename: 'UpdateNetworkPayload' });

    const changed = await graphql(t.app, nodeQuery(1));
    expect(changed.extensions!.db.roundTrips).toBeGreaterThan(0);
    expect(changed.data!.node.name).toBe('Renamed for the cache test');
    const list = await graphql(t.app, listQuery);
    expect(list.extensions!.db.roundTrips).toBeGreaterThan(0);
    expect(list.data!.networks.nodes[0].name).toBe('Renamed for the cache test');
    // Another network's lookup held nothing that changed.
    expect((await graphql(t.app, nodeQuery(2))).extensions!.db.roundTrips).toBe(0);
  });
});

describe('Cloudflare Cache API store', () => {
  /** An in-memory stand-in for `caches.default`, keyed by URL. */
  function fakeEdgeCache(): EdgeCache & { size: number } {
    const entries = new Map<string, string>();
    return {
      get size() {
        return entries.size;
      },
      async match(request) {
        const body = entries.get(request.url);
        return body === undefined ? undefined : new Response(body);
      },
      async put(request, response) {
        expect(response.headers.get('cache-control')).toMatch(/^max-age=\d+$/);
        entries.set(request.url, await response.text());
      },
      async delete(request) {
        return entries.delete(request.url);
      },
    };
  }

  it('stores results and deletes exactly the ones holding an invalidated entity', async () => {
    const edge = fakeEdgeCache();
    const cache = withListInvalidation(createEdgeResponseCache(edge));
    await cache.set('a', { data: { node: { name: 'a' } } }, [{ typename: 'Network', id: 'TmV0d29yazox' }], 60_000);
    await cache.set('b', { data: { node: { name: 'b' } } }, [{ typename: 'Network', id: 'TmV0d29yazoy' }], 60_000);
    expect(await cache.get('a')).toEqual({ data: { node: { name: 'a' } } });
    await cache.invalidate([{ typename: 'Network', id: 'TmV0d29yazox' }]);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toEqual({ data: { node: { name: 'b' } } });
  });
});
