/**
 * Trusted operations: the example clients' manifests (graphql-codegen persisted documents and
 * relay-compiler persisted queries) are registered; their hashes run over GET with caching
 * headers; in allow-list mode anything else is refused with a clear error, per caller.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/db/hash';
import { registerTrustedDocuments } from '../src/db/trusted-documents';
import { createTestApp, graphql, type TestApp } from './support/app';
import { bearer } from './support/writes';

const manifest = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
const CLIENT = manifest('examples/client/gql/persisted-documents.json');
const OFFLINE = manifest('examples/offline/gql/persisted-documents.json');
const RELAY = manifest('examples/relay/persisted-queries.json');

/** The manifest entry whose document defines `operation`. */
function entry(source: Record<string, string>, operation: string): { hash: string; document: string } {
  const found = Object.entries(source).find(([, document]) => new RegExp(`query ${operation}\\b`).test(document));
  if (!found) throw new Error(`no ${operation} in the manifest`);
  return { hash: found[0].replace(/^sha256:/, ''), document: found[1] };
}

function getByHash(t: TestApp, hash: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } });
  const url = `http://localhost/graphql?extensions=${encodeURIComponent(extensions)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
  return t.app.fetch(new Request(url, { headers: { accept: 'application/graphql-response+json', ...headers } }));
}

describe('trusted operations in allow-list mode', () => {
  let t: TestApp;
  let mobileKey: Record<string, string>;
  let partnerKey: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ trustedOperations: { only: { anonymous: true, keys: ['mobile-app'] } } });
    mobileKey = await bearer(t, 'mobile-app', ['records:write']);
    partnerKey = await bearer(t, 'partner-graphiql', ['records:write']);
    await registerTrustedDocuments(t.db, 'example-client', CLIENT);
    await registerTrustedDocuments(t.db, 'offline-example', OFFLINE);
    await registerTrustedDocuments(t.db, 'relay-example', RELAY);
  });
  afterAll(() => t.close());

  it('answers a known hash over GET, with caching headers and 304 on revalidation', async () => {
    const { hash } = entry(CLIENT, 'BaseOverview');
    const response = await getByHash(t, hash);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { base: { acronym: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.base.acronym).toBe('BPIC');
    expect(response.headers.get('cache-control')).toMatch(/^public\b/);
    const etag = response.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await getByHash(t, hash, {}, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
  });

  it('accepts the hashes relay-compiler and codegen wrote, with variables', async () => {
    const relay = entry(RELAY, 'RecordListQuery');
    const records = await getByHash(t, relay.hash, { locale: 'EN', kinds: ['EVENT'] });
    expect(records.status).toBe(200);
    expect(((await records.json()) as { data: { records: { edges: unknown[] } } }).data.records.edges.length).toBeGreaterThan(0);
    const changes = entry(OFFLINE, 'Changes');
    const feed = await getByHash(t, changes.hash, { since: null, first: 5, locale: 'ZH_HANS' });
    expect(feed.status).toBe(200);
    expect(((await feed.json()) as { data: { changes: { nodes: unknown[] } } }).data.changes.nodes).toHaveLength(5);
    // HTTP caches must revalidate the feed: its pages move with every write.
    expect(feed.headers.get('cache-control')).toMatch(/\bno-cache\b/);
  });

  it('refuses an ad-hoc document from anonymous callers and allow-listed keys, with a clear error', async () => {
    for (const headers of [{}, mobileKey]) {
      const response = await graphql(t.app, '{ base { id } }', undefined, headers);
      expect(response.status).toBe(403);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0]?.extensions?.code).toBe('TRUSTED_OPERATIONS_ONLY');
      expect(response.errors?.[0]?.message).toMatch(/Only trusted operations are accepted/);
    }
    // Even when it is the text of a trusted operation: the hash is what counts.
    const { document } = entry(CLIENT, 'BaseOverview');
    expect((await graphql(t.app, document)).errors?.[0]?.extensions?.code).toBe('TRUSTED_OPERATIONS_ONLY');
  });

  it('refuses a hash nobody registered', async () => {
    const unknown = await sha256Hex('{ base { id name } }');
    const response = await getByHash(t, unknown);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(body.errors[0]!.message).toMatch(/register/);
  });

  it('lets other keys send any document (partners in GraphiQL)', async () => {
    const response = await graphql(t.app, '{ base { acronym } }', undefined, partnerKey);
    expect(response.errors).toBeUndefined();
    expect(response.data!.base.acronym).toBe('BPIC');
    // A forged Authorization header does not lift the anonymous allow-list.
    const forged = await graphql(t.app, '{ base { acronym } }', undefined, { authorization: 'Bearer bpk_000000000000_forged' });
    expect(forged.errors?.[0]?.extensions?.code).toBe('TRUSTED_OPERATIONS_ONLY');
  });
});

describe('trusted operations in open mode', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await registerTrustedDocuments(t.db, 'example-client', CLIENT);
  });
  afterAll(() => t.close());

  it('runs trusted hashes, ad-hoc documents and automatic persisted queries side by side', async () => {
    const trusted = await getByHash(t, entry(CLIENT, 'BaseOverview').hash);
    expect(trusted.status).toBe(200);
    expect((await graphql(t.app, '{ base { acronym } }')).data!.base.acronym).toBe('BPIC');

    // APQ: an unregistered hash is unknown until the client sends the document with it once.
    const document = '{ base { id acronym } }';
    const hash = await sha256Hex(document);
    const miss = (await (await getByHash(t, hash)).json()) as { errors: { extensions: { code: string } }[] };
    expect(miss.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await t.app.fetch(
      new Request('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      }),
    );
    expect(register.status).toBe(200);
    const hit = (await (await getByHash(t, hash)).json()) as { data: { base: { acronym: string } } };
    expect(hit.data.base.acronym).toBe('BPIC');
  });
});

describe('registration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores a manifest once and refuses hashes that do not match their documents', async () => {
    expect(await registerTrustedDocuments(t.db, 'offline-example', OFFLINE)).toEqual({ added: Object.keys(OFFLINE).length, known: 0 });
    expect(await registerTrustedDocuments(t.db, 'offline-example', OFFLINE)).toEqual({ added: 0, known: Object.keys(OFFLINE).length });
    const [hash] = Object.keys(CLIENT);
    await expect(registerTrustedDocuments(t.db, 'tampered', { [hash!]: '{ base { id } }' })).rejects.toThrow(/is not the SHA-256 of its document/);
  });
});
