/**
 * The Worker entry in workerd, reading a seeded database over libSQL's HTTP protocol (the global
 * setup serves it), as it reads Turso in production.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

interface GraphQLBody {
  data?: Record<string, any>;
  errors?: { message: string }[];
  extensions?: { db?: { statements: number; roundTrips: number } };
}

async function post(query: string, headers: Record<string, string> = {}) {
  const response = await exports.default.fetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { response, body: (await response.json()) as GraphQLBody };
}

describe('Worker over libSQL HTTP', () => {
  it('answers a nested query with the seeded data and reports its database round trips', async () => {
    const { response, body } = await post(`{
      record(slug: "industrial-internet-digital-manufacturing-forum-2022") {
        startsOn endsOn
        title(locale: ZH_HANT)
        participants(first: 10) { totalCount nodes { role institution { slug country { code } } } }
      }
    }`);
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
    const record = body.data!.record;
    expect(record.title).toBe('金磚國家工業互聯網與數字製造發展論壇');
    expect([record.startsOn, record.endsOn]).toEqual(['2022-05-23', '2022-05-24']);
    expect(record.participants.totalCount).toBe(3);
    expect(record.participants.nodes.map((p: { institution: { slug: string } }) => p.institution.slug).sort()).toEqual([
      'fujian-government',
      'miit',
      'xiamen-government',
    ]);
    expect(record.participants.nodes.every((p: { role: string }) => p.role === 'CO_HOST')).toBe(true);
    // GRAPHQL_TRACE=1 is bound: every response reports its database work.
    expect(body.extensions?.db?.roundTrips).toBeGreaterThanOrEqual(1);
    expect(body.extensions?.db?.statements).toBeGreaterThanOrEqual(body.extensions!.db!.roundTrips);
  });

  it('answers plan targets with their progress, and root fields without SQL beside the statement, in one round trip', async () => {
    const { response, body } = await post(`{
      apiVersion { schemaVersion }
      planTargets(first: 10) { nodes { slug progress { recorded achieved ratio met } } }
      networks(first: 10) { nodes { membership } }
    }`);
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data!)).toEqual(['apiVersion', 'planTargets', 'networks']);
    expect(body.data!.apiVersion.schemaVersion).toEqual(expect.any(String));
    const platforms = body.data!.planTargets.nodes.find((node: { slug: string }) => node.slug === 'enabling-platforms-2022');
    // The 8 platforms planned for 2022: a later total of 8 reported, 3 of them named.
    expect(platforms.progress).toEqual({ recorded: 3, achieved: 8, ratio: 1, met: true });
    expect(body.data!.networks.nodes.map((node: { membership: string }) => node.membership)).toContain('SOME_NAMED');
    expect(body.extensions?.db?.roundTrips).toBe(1);
  });

  it('searches in either Chinese script', async () => {
    for (const query of ['智库联盟', '智庫聯盟']) {
      const { body } = await post(
        `{ search(query: "${query}", first: 5) { totalCount nodes { __typename ... on Network { slug } } } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!.search.totalCount).toBeGreaterThan(0);
      expect(body.data!.search.nodes[0]).toEqual({ __typename: 'Network', slug: 'think-tank-alliance' });
    }
  });

  it('negotiates the locale from Accept-Language and says it varies on it', async () => {
    const hant = await post('{ base { name } }', { 'accept-language': 'zh-TW' });
    const hans = await post('{ base { name } }', { 'accept-language': 'zh-CN,en;q=0.5' });
    const en = await post('{ base { name } }', { 'accept-language': 'fr' });
    expect(hant.body.data!.base.name).toContain('金磚');
    expect(hans.body.data!.base.name).toContain('金砖');
    expect(en.body.data!.base.name).toBe('BRICS Partnership on New Industrial Revolution (PartNIR) Innovation Center');
    expect(hant.response.headers.get('vary')).toMatch(/accept-language/i);
  });

  it('answers /health after reaching the database', async () => {
    const response = await exports.default.fetch('http://api.test/health');
    expect(response.status).toBe(200);
  });

  it('serves the GraphiQL page pointing at its own assets', async () => {
    const response = await exports.default.fetch('http://api.test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).toContain('src="/graphiql/yoga-graphiql.umd.js"');
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn\./i);
  });

  it('has the LIBSQL_URL binding pointing at a loopback HTTP server, not a file', () => {
    expect(env.LIBSQL_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.GRAPHQL_TRACE).toBe('1');
  });

  it('Workers Static Assets serve the GraphiQL files from dist/assets with charset=utf-8', async () => {
    const script = await env.ASSETS.fetch('http://api.test/graphiql/yoga-graphiql.umd.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('renderYogaGraphiQL');
    const css = await env.ASSETS.fetch('http://api.test/graphiql/graphiql.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    await css.body?.cancel();
  });
});
