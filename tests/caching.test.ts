/**
 * APQ, GET, ETag/304, Cache-Control and the data-versioned response cache (counts, not timings):
 * no read after a write ever sees the data from before it.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApp, type App } from '../src/app';
import { prepareCounters } from '../src/db/counters';
import { createEdgeResponseStore, createMemoryResponseStore, entityTagFor, type EdgeCache } from '../src/plugins/response-cache';
import { readDataVersion } from '../src/db/data-version';
import { MemoryRateLimitStore } from '../src/plugins/rate-limit';
import { createTestApp, graphql, type TestApp } from './support/app';
import { seededIds } from './support/fixtures';
import { propertyRuns } from './support/property';
import { bearer, mutate } from './support/writes';

let t: TestApp;
let writer: Record<string, string>;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ trace: true });
  writer = await bearer(t, 'cache-writer', ['records:write']);
  admin = await bearer(t, 'cache-admin', ['admin']);
});
afterAll(() => t.close());

const get = (app: App, params: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const url = new URL('http://localhost/graphql');
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  return app.fetch(new Request(url, { headers: { accept: 'application/graphql-response+json', ...headers } }));
};

let counter = 0;
/** A slug no other test uses, so tests do not depend on each other or on seed order. */
const unique = (prefix: string) => `${prefix}-${(counter += 1)}-${Date.now().toString(36)}`;

async function createInstitution(slug: string) {
  const result = await mutate(t, 'create', 'Institution', 'institution', { slug, type: 'RESEARCH_INSTITUTE', name: { en: `Cache ${slug}`, zhHans: '缓存测试机构' } }, writer);
  expect(result.__typename).toBe('CreateInstitutionPayload');
  return result.institution as { id: string; version: number };
}

describe('response cache', () => {
  const query = `{ networks(first: 3) { totalCount nodes { id name } } }`;

  it('serves a repeated public query from the cache with one version check, and a miss in one round trip', async () => {
    const first = await graphql(t.app, query);
    // The miss: the operation's one statement (compiled: page and count together) and the version check travel together.
    expect(first.extensions!.db).toEqual({ statements: 2, roundTrips: 1 });
    const second = await graphql(t.app, query);
    expect(second.data).toEqual(first.data);
    expect(second.extensions!.db).toEqual({ statements: 1, roundTrips: 1 });
    expect(second.extensions!.responseCache).toEqual({ hit: true });
    expect(second.extensions!.cost).toMatchObject({ cached: true, actualQueryCost: 1 });
  });

  it('keys on the negotiated locale', async () => {
    const q = `{ base { name description } }`;
    const en = await graphql(t.app, q, undefined, { 'accept-language': 'en' });
    const hant = await graphql(t.app, q, undefined, { 'accept-language': 'zh-TW' });
    expect(hant.extensions!.responseCache).toBeUndefined();
    expect(hant.data!.base.name).not.toBe(en.data!.base.name);
    expect(hant.headers.get('etag')).not.toBe(en.headers.get('etag'));
    const hantAgain = await graphql(t.app, q, undefined, { 'accept-language': 'zh-Hant' });
    expect(hantAgain.extensions!.responseCache).toEqual({ hit: true });
    expect(hantAgain.data).toEqual(hant.data);
  });

  it('never serves or stores responses for callers with an Authorization header', async () => {
    const q = `{ institutions(first: 2) { nodes { name } } }`;
    await graphql(t.app, q);
    const keyed = await graphql(t.app, q, undefined, { authorization: 'Bearer not-a-real-key' });
    expect(keyed.extensions!.responseCache).toBeUndefined();
    expect(keyed.headers.get('etag')).toBeNull();
    expect(keyed.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('no stale reads after a write', () => {
  it('refreshes after a mutation that selects only __typename', async () => {
    const slug = unique('typename-only');
    const lookup = `{ institution(slug: "${slug}") { slug } }`;
    expect((await graphql(t.app, lookup)).data).toEqual({ institution: null });
    expect((await graphql(t.app, lookup)).extensions!.responseCache).toEqual({ hit: true });
    const created = await graphql(
      t.app,
      `mutation ($input: CreateInstitutionInput!) { createInstitution(input: $input) { __typename } }`,
      { input: { slug, type: 'RESEARCH_INSTITUTE', name: { en: 'Typename only', zhHans: '只选类型名' } } },
      writer,
    );
    expect(created.data!.createInstitution).toEqual({ __typename: 'CreateInstitutionPayload' });
    // A lookup that answered null, filled by the create.
    expect((await graphql(t.app, lookup)).data).toEqual({ institution: { slug } });
  });

  it('refreshes count-only queries and empty filtered lists', async () => {
    const counts = `{ institutions { totalCount } }`;
    const before = (await graphql(t.app, counts)).data!.institutions.totalCount as number;
    expect((await graphql(t.app, counts)).extensions!.responseCache).toEqual({ hit: true });
    const created = await createInstitution(unique('count-only'));
    expect((await graphql(t.app, counts)).data!.institutions.totalCount).toBe(before + 1);

    const filtered = `query ($id: ID!) { records(filter: { institution: $id }) { totalCount nodes { slug } } }`;
    expect((await graphql(t.app, filtered, { id: created.id })).data!.records).toEqual({ totalCount: 0, nodes: [] });
    const { record } = await seededIds(t);
    const participation = await mutate(t, 'create', 'Participation', 'participation', { record, institution: created.id, role: 'GUIDE' }, writer);
    expect(participation.__typename).toBe('CreateParticipationPayload');
    expect((await graphql(t.app, filtered, { id: created.id })).data!.records.totalCount).toBe(1);
  });

  it('refreshes a node lookup that answered null once the object is restored', async () => {
    const created = await createInstitution(unique('restored'));
    const archived = await mutate(t, 'archive', 'Institution', 'institution', { id: created.id, version: created.version }, writer);
    const lookup = `query ($id: ID!) { node(id: $id) { id } }`;
    expect((await graphql(t.app, lookup, { id: created.id })).data).toEqual({ node: null });
    expect((await graphql(t.app, lookup, { id: created.id })).extensions!.responseCache).toEqual({ hit: true });
    const restored = await mutate(t, 'restore', 'Institution', 'institution', { id: created.id, version: (archived.institution as { version: number }).version }, admin);
    expect(restored.__typename).toBe('RestoreInstitutionPayload');
    expect((await graphql(t.app, lookup, { id: created.id })).data).toEqual({ node: { id: created.id } });
  });

  it('refreshes aliased statistics and search', async () => {
    const mark = `Aliasmark${Date.now().toString(36)}`;
    const q = `{ s: statistics { totals { institutions } } hits: search(query: "${mark}") { totalCount } }`;
    const before = await graphql(t.app, q);
    expect(before.data!.hits.totalCount).toBe(0);
    expect((await graphql(t.app, q)).extensions!.responseCache).toEqual({ hit: true });
    const result = await mutate(t, 'create', 'Institution', 'institution', { slug: unique('aliased'), type: 'RESEARCH_INSTITUTE', name: { en: `${mark} Institute`, zhHans: '别名测试机构' } }, writer);
    expect(result.__typename).toBe('CreateInstitutionPayload');
    const after = await graphql(t.app, q);
    expect(after.data!.hits.totalCount).toBe(1);
    expect(after.data!.s.totals.institutions).toBe(before.data!.s.totals.institutions + 1);
  });

  it('is fresh in another instance (another isolate or data centre) the moment the write commits', async () => {
    // Two apps over one database, each with its own cache: the write goes through one of them.
    const other = createApp({ db: t.db, trace: true, observability: { logger: () => {} }, caching: { store: createMemoryResponseStore() } });
    const counts = `{ institutions { totalCount } }`;
    const before = (await graphql(other, counts)).data!.institutions.totalCount as number;
    expect((await graphql(other, counts)).extensions!.responseCache).toEqual({ hit: true });
    await createInstitution(unique('other-instance'));
    const after = await graphql(other, counts);
    expect(after.extensions!.responseCache).toBeUndefined();
    expect(after.data!.institutions.totalCount).toBe(before + 1);
  });
});

describe('ETag and Cache-Control', () => {
  it('answers a matching If-None-Match with 304 until the data changes', async () => {
    const q = `{ countries { code } }`;
    const first = await get(t.app, { query: q });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}\.[^"]+"$/);
    const revalidated = await get(t.app, { query: q }, { 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    await createInstitution(unique('etag'));
    const changed = await get(t.app, { query: q }, { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('a 304 keeps the full response’s CORS, Vary and rate-limit headers, and is charged as a cache hit', async () => {
    const buckets = new MemoryRateLimitStore();
    const taken: number[] = [];
    const rateLimitStore = {
      take: (key: string, points: number) => (taken.push(points), buckets.take(key, points)),
      settle: (key: string, points: number) => buckets.settle(key, points),
    };
    const partner = await createTestApp({ trace: true, security: { corsOrigins: ['https://partner.example'], rateLimitStore } });
    try {
      const origin = { origin: 'https://partner.example', 'x-graphql-yoga-csrf': '1' };
      const q = `{ base { name } }`;
      const first = await get(partner.app, { query: q }, origin);
      expect(first.status).toBe(200);
      taken.length = 0;
      const revalidated = await get(partner.app, { query: q }, { ...origin, 'if-none-match': first.headers.get('etag')! });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe('');
      for (const name of ['etag', 'cache-control', 'access-control-allow-origin', 'access-control-expose-headers']) {
        expect(revalidated.headers.get(name), name).toBe(first.headers.get(name));
      }
      expect(revalidated.headers.get('vary')).toMatch(/Origin/);
      expect(revalidated.headers.get('vary')).toMatch(/Accept-Language/);
      expect(revalidated.headers.get('vary')).toMatch(/Authorization/);
      // One point, as for any answer from the cache, shown as the full response shows it.
      expect(taken).toEqual([1]);
      expect(revalidated.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
      // A refused origin's answer differs by origin too.
      const refused = await get(partner.app, { query: q }, { ...origin, origin: 'https://elsewhere.example' });
      expect(refused.headers.get('access-control-allow-origin')).not.toBe('https://elsewhere.example');
      expect(refused.headers.get('vary')).toMatch(/Origin/);
    } finally {
      partner.close();
    }
  });

  it('a tag alone does not skip the checks: a mutation or an invalid document sent with the tag it would have is refused', async () => {
    const version = await readDataVersion(t.db);
    const tagOf = (query: string) => entityTagFor({ query }, new Request('http://localhost/graphql'), version);
    const mutation = `mutation { archiveInstitution(input: { id: "SW5zdGl0dXRpb246MQ==", version: 1 }) { __typename } }`;
    const refused = await get(t.app, { query: mutation }, { 'if-none-match': await tagOf(mutation) });
    expect(refused.status).toBe(405);
    const invalid = `{ nosuchfield }`;
    const failed = await get(t.app, { query: invalid }, { 'if-none-match': await tagOf(invalid) });
    expect(failed.status).toBe(400);
    expect(failed.headers.get('cache-control')).toBe('no-store');
    // A query that runs gets its 304 with the same tag, without an entry in this instance's cache.
    const fresh = createApp({ db: t.db, observability: { logger: () => {} } });
    const q = `{ networks(first: 2) { nodes { slug } } }`;
    const revalidated = await get(fresh, { query: q }, { 'if-none-match': await tagOf(q) });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(await tagOf(q));
  });

  it('lets HTTP caches store public query results only with revalidation', async () => {
    const statistics = await graphql(t.app, `{ statistics { totals { records } } }`);
    expect(statistics.headers.get('cache-control')).toBe('public, no-cache');
    const countries = await get(t.app, { query: `{ countries { code } }` });
    expect(countries.headers.get('cache-control')).toBe('public, no-cache');
    expect(countries.headers.get('vary')).toMatch(/Accept-Language/);
  });

  it('does not let shared caches keep failed operations or mutations', async () => {
    const failed = await graphql(t.app, `{ nope }`);
    expect(failed.headers.get('cache-control')).toBe('no-store');
    const mutation = await graphql(t.app, `mutation { archiveInstitution(input: { id: "SW5zdGl0dXRpb246MQ==", version: 1 }) { __typename } }`);
    expect(mutation.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET and automatic persisted queries', () => {
  const query = `{ base { acronym } }`;
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };

  it('runs a query sent with GET', async () => {
    const response = await get(t.app, { query: `{ networks(first: 1) { nodes { name } } }` });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, no-cache');
  });

  it('asks for the query once, then runs it by hash alone', async () => {
    const unknown = await get(t.app, { extensions });
    expect(((await unknown.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('PersistedQueryNotFound');
    const registered = await get(t.app, { query, extensions });
    expect(((await registered.json()) as { data: unknown }).data).toEqual({ base: { acronym: expect.any(String) } });
    const byHash = await get(t.app, { extensions });
    expect(byHash.status).toBe(200);
    expect(((await byHash.json()) as { data: unknown }).data).toEqual({ base: { acronym: expect.any(String) } });
  });

  it('rejects a hash that does not match the query', async () => {
    const response = await get(t.app, { query: '{ countries { code } }', extensions });
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('PersistedQueryMismatch');
  });
});

describe('Cloudflare Cache API store', () => {
  /** An in-memory stand-in for `caches.default`, keyed by URL, that counts its calls. */
  function fakeEdgeCache(behaviour: { failPut?: boolean } = {}) {
    const entries = new Map<string, string>();
    const calls = { match: 0, put: 0 };
    const cache: EdgeCache = {
      async match(request) {
        calls.match += 1;
        const body = entries.get(request.url);
        return body === undefined ? undefined : new Response(body);
      },
      async put(request, response) {
        calls.put += 1;
        if (behaviour.failPut) throw new Error('Cache API unavailable');
        expect(response.headers.get('cache-control')).toMatch(/^max-age=\d+$/);
        entries.set(request.url, await response.text());
      },
    };
    return { cache, entries, calls };
  }

  const nested = `{ records(first: 10) { nodes { title participants(first: 5) { nodes { role institution { name country { code } } } } } } }`;

  it('makes at most two cache calls per request and serves hits', async () => {
    const edge = fakeEdgeCache();
    const app = createApp({ db: t.db, trace: true, observability: { logger: () => {} }, caching: { store: createEdgeResponseStore(edge.cache) } });
    const miss = await graphql(app, nested);
    expect(miss.status).toBe(200);
    expect(edge.calls).toEqual({ match: 1, put: 1 });
    const hit = await graphql(app, nested);
    expect(hit.status).toBe(200);
    expect(hit.extensions!.responseCache).toEqual({ hit: true });
    expect(hit.data).toEqual(miss.data);
    expect(edge.calls).toEqual({ match: 2, put: 1 });
  });

  it('treats unreadable entries and failing puts as misses, never as errors', async () => {
    const edge = fakeEdgeCache({ failPut: true });
    const app = createApp({ db: t.db, trace: true, observability: { logger: () => {} }, caching: { store: createEdgeResponseStore(edge.cache) } });
    const first = await graphql(app, `{ base { acronym } }`);
    expect(first.status).toBe(200);
    expect(first.errors).toBeUndefined();
    const corrupt = fakeEdgeCache();
    const store = createEdgeResponseStore(corrupt.cache);
    await store.set('k', { version: '1.x', data: { a: 1 } });
    for (const url of corrupt.entries.keys()) corrupt.entries.set(url, '{"version": 1');
    expect(await store.get('k')).toBeUndefined();
  });
});

describe('any sequence of writes', () => {
  /** What a run of writes made: rows it can write to next, with their versions. */
  interface Written {
    id: string;
    version: number;
    archived: boolean;
  }
  type Kind = 'institution' | 'record' | 'participation';
  const TYPES: Record<Kind, { type: string; field: string }> = {
    institution: { type: 'Institution', field: 'institution' },
    record: { type: 'CooperationRecord', field: 'record' },
    participation: { type: 'Participation', field: 'participation' },
  };
  const ROLES = ['HOST', 'GUIDE', 'ORGANISER', 'PARTNER'] as const;
  const MARK = 'Seqmark';
  const PLACES = ['CN', 'BR', 'IN'] as const;
  const FIELDS = ['BIG_DATA', 'BLOCKCHAIN'] as const;

  const action = fc.oneof(
    fc.record({ act: fc.constant('create' as const), kind: fc.constantFrom<Kind>('institution', 'record', 'participation'), pick: fc.nat(), other: fc.nat(), role: fc.constantFrom(...ROLES), year: fc.integer({ min: 2020, max: 2024 }), eventKind: fc.constantFrom('EVENT', 'TRAINING'), places: fc.subarray([...PLACES]), fields: fc.subarray([...FIELDS]) }),
    fc.record({ act: fc.constantFrom('archive' as const, 'restore' as const), kind: fc.constantFrom<Kind>('institution', 'record', 'participation'), pick: fc.nat() }),
    fc.record({ act: fc.constant('update' as const), kind: fc.constantFrom<Kind>('institution', 'record', 'participation'), pick: fc.nat(), role: fc.constantFrom(...ROLES), year: fc.integer({ min: 2020, max: 2024 }), eventKind: fc.constantFrom('EVENT', 'TRAINING'), places: fc.subarray([...PLACES]), fields: fc.subarray([...FIELDS]) }),
  );

  type Step = typeof action extends fc.Arbitrary<infer T> ? T : never;

  it('every read after every write answers as the resolvers read the database, from the cache and from another instance', async () => {
    const w = await createTestApp({ trace: true });
    try {
      const writes = await bearer(w, 'sequence-admin', ['admin']);
      const quiet = { observability: { logger: () => {} } };
      const reference = createApp({ db: w.db, caching: { responseCache: false }, compiledReads: false, ...quiet });
      const other = createApp({ db: w.db, caching: { store: createMemoryResponseStore() }, ...quiet });
      const seeded = await seededIds(w);
      const made: Record<Kind, Written[]> = { institution: [], record: [], participation: [] };
      let serial = 0;
      const pick = <T>(list: T[], index: number): T | undefined => (list.length ? list[index % list.length] : undefined);

      async function apply(step: Step): Promise<void> {
        serial += 1;
        const { type, field } = TYPES[step.kind];
        let input: Record<string, unknown> | undefined;
        let target: Written | undefined;
        if (step.act === 'create') {
          if (step.kind === 'institution') input = { slug: `sequence-${serial}`, type: 'RESEARCH_INSTITUTE', name: { en: `${MARK} ${serial}`, zhHans: '序列测试机构' } };
          if (step.kind === 'record') {
            input = {
              slug: `sequence-${serial}`,
              kind: step.eventKind,
              status: 'COMPLETED',
              pillar: 'POLICY_COORDINATION',
              title: { en: `${MARK} record ${serial}`, zhHans: '序列测试记录' },
              year: step.year,
              startsOn: `${step.year}-05-0${1 + (serial % 9)}`,
              countries: step.places,
              fields: step.fields,
            };
          }
          if (step.kind === 'participation') {
            const institution = pick(made.institution, step.pick)?.id ?? seeded.institution;
            const record = pick(made.record, step.other)?.id ?? seeded.record;
            input = { institution, record, role: step.role };
          }
        } else {
          target = pick(made[step.kind], step.pick);
          if (!target) return;
          input = { id: target.id, version: target.version };
          if (step.act === 'update') {
            const changes = {
              institution: { name: { en: `${MARK} renamed ${serial}`, zhHans: '改名机构' } },
              record: { kind: step.eventKind, year: step.year, startsOn: `${step.year}-11-2${serial % 9}`, countries: step.places, fields: step.fields },
              participation: { role: step.role },
            };
            Object.assign(input, changes[step.kind]);
          }
        }
        const result = await mutate(w, step.act, type, field, input!, writes);
        const written = result[field] as { id: string; version: number } | undefined;
        if (!written) {
          // Refused writes change nothing: a duplicate participation, archiving what is archived.
          expect(['ValidationError', 'ConflictError', 'NotFoundError'], JSON.stringify(result)).toContain(result.__typename);
          return;
        }
        if (target) Object.assign(target, { version: written.version, archived: step.act === 'archive' ? true : step.act === 'restore' ? false : target.archived });
        else made[step.kind].push({ id: written.id, version: written.version, archived: false });
      }

      async function readsAgree(): Promise<void> {
        const institution = pick(made.institution, serial)?.id ?? seeded.institution;
        const reads: [string, Record<string, unknown>?][] = [
          ['{ statistics { totals { institutions records } recordsByKind { key count } recordsByYear { year count } } }'],
          ['query ($id: ID!) { records(first: 5, filter: { institution: $id }) { totalCount nodes { slug } } }', { id: institution }],
          ['query ($id: ID!) { records(first: 5, filter: { institution: $id, roles: [HOST, GUIDE] }) { totalCount nodes { slug } } }', { id: institution }],
          ['query ($id: ID!) { node(id: $id) { id ... on Institution { name participations(first: 5) { totalCount nodes { role record { slug } } } } } }', { id: institution }],
          [`{ search(query: "${MARK}", first: 50) { totalCount edges { node { __typename ... on Institution { slug name } ... on CooperationRecord { slug } } } } }`],
          ['{ records(first: 5, filter: { kinds: [EVENT, TRAINING], yearFrom: 2021 }) { totalCount nodes { slug } } }'],
          ['{ institutions(first: 5) { totalCount } }'],
          ['{ records(first: 5, filter: { countries: ["CN", "IN"], kinds: [EVENT] }) { totalCount nodes { slug } } }'],
          ['{ records(first: 5, filter: { fields: [BLOCKCHAIN], yearFrom: 2022 }) { totalCount nodes { slug } } }'],
          ['{ records(first: 5, filter: { dateFrom: "2021-05-03", dateTo: "2023-11-24" }) { totalCount nodes { slug } } }'],
          ['{ statistics { recordsByCountry(filter: { kinds: [TRAINING] }) { country { code } count } recordsByField(filter: { yearFrom: 2022 }) { key count } } }'],
        ];
        for (const [query, variables] of reads) {
          const expected = await graphql(reference, query, variables);
          expect(expected.errors, query).toBeUndefined();
          // A miss, then (once stored) a hit, then another instance's own cache.
          for (const [index, app] of [w.app, w.app, other].entries()) {
            const answer = await graphql(app, query, variables);
            expect({ data: answer.data, errors: answer.errors }, query).toEqual({ data: expected.data, errors: undefined });
            if (index === 1) expect(answer.extensions?.responseCache, query).toEqual({ hit: true });
          }
        }
      }

      /** The counters the writes' triggers kept are what counting every row again gives. */
      async function countersAgree(): Promise<void> {
        const snapshot = () => w.db.all(sql`SELECT entity, dimension, bucket, count FROM live_counts WHERE count <> 0 ORDER BY 1, 2, 3`);
        const kept = await snapshot();
        // A definition the database does not hold: the next preparation recounts every counter.
        await w.db.run(sql`DELETE FROM app_meta WHERE key = 'live_counts'`);
        await prepareCounters(w.db);
        expect(await snapshot()).toEqual(kept);
      }

      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), async (steps) => {
          for (const step of steps) {
            await apply(step);
            await readsAgree();
            await countersAgree();
          }
        }),
        propertyRuns(10, 13),
      );
      // The runs wrote what the reads look at.
      expect(made.institution.length + made.record.length).toBeGreaterThan(3);
      expect(made.participation.length).toBeGreaterThan(0);
    } finally {
      w.close();
    }
  });
});
