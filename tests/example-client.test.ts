/**
 * The example client (examples/client): GraphQL Code Generator's typed documents over urql,
 * run against the real server over HTTP; and its generated code matches schema/schema.graphql.
 */
import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import codegenConfig from '../examples/client/codegen';
import { allRecords, apiUrl, baseOverview, createApiClient, nodeById, search } from '../examples/client/index';
import { startTestServer, type TestServer } from './support/http-server';

describe('example client', () => {
  let server: TestServer;
  let client: ReturnType<typeof createApiClient>;

  beforeAll(async () => {
    server = await startTestServer();
    client = createApiClient(`${server.origin}/graphql`);
  });
  afterAll(() => server?.stop());

  it('reads the base and its totals', async () => {
    const { base, statistics } = await baseOverview(client);
    expect(base.name).toBe('BRICS Partnership on New Industrial Revolution (PartNIR) Innovation Center');
    expect(base.acronym).toBe('BPIC');
    expect(base.country?.code).toBe('CN');
    expect(statistics.totals.records).toBeGreaterThan(10);
  });

  it('pages through records with cursors, in the requested locale', async () => {
    const paged = await allRecords(client, { locale: 'ZH_HANT', kinds: ['COMPETITION'], pageSize: 2 });
    const all = await allRecords(client, { locale: 'ZH_HANT', kinds: ['COMPETITION'], pageSize: 100 });
    expect(paged.length).toBeGreaterThan(2);
    expect(paged.map((record) => record.slug)).toEqual(all.map((record) => record.slug));
    expect(new Set(paged.map((record) => record.id)).size).toBe(paged.length);
    expect(paged.every((record) => record.kind === 'COMPETITION')).toBe(true);
    expect(paged.some((record) => record.title.includes('金磚'))).toBe(true);
  });

  it('searches and refetches a hit through node(id:)', async () => {
    const { search: hits } = await search(client, '金砖', 3);
    expect(hits.totalCount).toBeGreaterThan(0);
    const first = hits.edges[0]!.node;
    const refetched = await nodeById(client, first.id);
    expect(refetched.node?.id).toBe(first.id);
    expect(refetched.node?.__typename).toBe(first.__typename);
  });

  it('refetches the base with every translation of its name', async () => {
    const { base } = await baseOverview(client);
    const { node } = await nodeById(client, base.id);
    expect(node?.__typename).toBe('Institution');
    if (node?.__typename !== 'Institution') return;
    expect(node.nameTranslations.en).toBe(base.name);
    expect(node.nameTranslations.zhHant).toMatch(/金磚/);
    expect(node.nameTranslations.zhHans).toMatch(/金砖/);
  });

  it('has generated code that is current (run `npm run codegen` after changing the schema or operations)', async () => {
    const files = await generate(codegenConfig, false);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(readFileSync(file.filename, 'utf8'), file.filename).toBe(file.content);
    }
  });
});

describe('example client configuration', () => {
  it('calls the server on the PORT it is started with, unless API_URL says otherwise', () => {
    expect(apiUrl({})).toBe('http://localhost:4000/graphql');
    expect(apiUrl({ PORT: '5123' })).toBe('http://localhost:5123/graphql');
    expect(apiUrl({ PORT: '5123', API_URL: 'https://api.example/graphql' })).toBe('https://api.example/graphql');
  });
});
