/**
 * The response cache inside workerd, on the Cloudflare Cache API: a miss stores, a hit answers 200
 * with the same data (never a 5xx), and a write — committed through the Worker — is visible to
 * the very next read. Requests come from a browser on a partner's site (`Origin`), which prepared
 * reads leave to the whole way; an app's repeated read (no `Origin`) is answered from its plan
 * with the ETag the cache gives.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebDatabase } from '../../src/db/client-web';
import { createApiKey } from '../../src/db/keys';

interface Body {
  data?: Record<string, any>;
  errors?: { message: string }[];
  extensions?: { db?: { statements: number; roundTrips: number }; responseCache?: { hit: boolean } };
}

let authorization = '';

const BROWSER = { origin: 'https://partner.example' };

async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = BROWSER) {
  const body = JSON.stringify({ query, variables });
  const response = await exports.default.fetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(new TextEncoder().encode(body).length), accept: 'application/graphql-response+json', ...headers },
    body,
  });
  return { status: response.status, etag: response.headers.get('etag'), body: (await response.json()) as Body };
}

beforeAll(async () => {
  const db = createWebDatabase({ url: env.LIBSQL_URL });
  const { key } = await createApiKey(db, { name: `worker-cache-${crypto.randomUUID().slice(0, 8)}`, scopes: ['records:write'] });
  authorization = `Bearer ${key}`;
});

describe('Worker response cache', () => {
  const nested = `{ cacheProbe: records(first: 5) { totalCount nodes { title participants(first: 3) { nodes { institution { name } } } } } }`;

  it('answers a hit with 200 and the data of the miss', async () => {
    const miss = await post(nested);
    expect(miss.status).toBe(200);
    expect(miss.body.errors).toBeUndefined();
    expect(miss.body.extensions?.db?.roundTrips).toBe(1);
    const hit = await post(nested);
    expect(hit.status).toBe(200);
    expect(hit.body.errors).toBeUndefined();
    expect(hit.body.extensions?.responseCache).toEqual({ hit: true });
    expect(hit.body.data).toEqual(miss.body.data);
    expect(hit.etag).toBe(miss.etag);
  });

  it('serves a query that reads no table from the cache too', async () => {
    const first = await post(`{ __typename }`);
    const second = await post(`{ __typename }`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data).toEqual({ __typename: 'Query' });
  });

  it('shows a write to the next read', async () => {
    const counts = `{ institutions { totalCount } }`;
    const before = await post(counts);
    expect((await post(counts)).body.extensions?.responseCache).toEqual({ hit: true });
    const slug = `worker-cache-${crypto.randomUUID().slice(0, 8)}`;
    const created = await post(
      `mutation ($input: CreateInstitutionInput!) { createInstitution(input: $input) { __typename } }`,
      { input: { slug, type: 'RESEARCH_INSTITUTE', name: { en: 'Worker cache probe', zhHans: '缓存探测' } } },
      { authorization },
    );
    expect(created.body.data?.createInstitution).toEqual({ __typename: 'CreateInstitutionPayload' });
    const after = await post(counts);
    expect(after.status).toBe(200);
    expect(after.body.extensions?.responseCache).toBeUndefined();
    expect(after.body.data!.institutions.totalCount).toBe(before.body.data!.institutions.totalCount + 1);
    // An app's read of the same, answered from its plan, sees the write too.
    const fromApp = await post(counts, {}, {});
    expect(fromApp.body.data).toEqual(after.body.data);
  });

  it('answers an app’s repeated read from its plan, with the ETag of the cached entry', async () => {
    const query = `{ appProbe: records(first: 3) { nodes { title } } }`;
    const cached = await post(query);
    const first = await post(query, {}, {});
    const again = await post(query, {}, {});
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.extensions?.responseCache).toBeUndefined();
    expect(again.body.data).toEqual(cached.body.data);
    expect(again.etag).toBe(cached.etag);
    expect(again.body.extensions?.db).toEqual({ statements: 2, roundTrips: 1 });
  });
});
