/**
 * Prepared reads (src/plugins/prepared-reads.ts): a query an anonymous caller has already run is
 * answered again from its plan without the per-request pipeline. Whatever the lane answers must be
 * what the whole way answers — status, body, headers, the log line, the caller's rate-limit bucket —
 * and whatever it cannot answer exactly must go the whole way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, AppOptions } from '../src/app';
import { EXAMPLE_OPERATIONS } from '../src/graphiql/examples';
import type { RequestLogEntry } from '../src/plugins/observability';
import { MemoryRateLimitStore } from '../src/plugins/rate-limit';
import { OPERATIONS as BENCH_OPERATIONS } from '../src/scripts/bench/operations';
import { createTestApp, graphql, type TestApp } from './support/app';
import { CLIENT, comparable, laneApp, post } from './support/lane';
import { bearer } from './support/writes';

let t: TestApp;

/** The lane's app on the test database (tests/support/lane.ts). */
const appWith = (options: Partial<AppOptions> = {}) => laneApp(t.db, options);

/** The second request of the same body on the lane app, and on an app without the lane. */
async function twice(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const lane = appWith();
  const whole = appWith({ preparedReads: false });
  for (const { app } of [lane, whole]) await (await post(app, body, headers)).arrayBuffer();
  lane.paths.length = 0;
  const [fromLane, fromWhole] = await Promise.all([post(lane.app, body, headers), post(whole.app, body, headers)]);
  return { lane: await comparable(fromLane), whole: await comparable(fromWhole), path: lane.paths[0], logs: lane.logs, wholeLogs: whole.logs };
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('prepared reads', () => {
  it('answer the benchmark reads again as the whole way does: status, body, headers and log line', async () => {
    const deep = await graphql(appWith().app, `{ records(last: 3) { edges { cursor } } }`);
    const after = deep.data!.records.edges[0].cursor as string;
    for (const name of ['nested', 'node', 'filtered', 'deep-page']) {
      const operation = BENCH_OPERATIONS.find((candidate) => candidate.name === name)!;
      const variables = name === 'deep-page' ? { after } : operation.variables;
      const { lane, whole, path, logs, wholeLogs } = await twice({ query: operation.query, variables });
      expect(path, name).toBe('prepared');
      expect(lane, name).toEqual(whole);
      expect(lane.body.extensions).toMatchObject({ db: { statements: 1, roundTrips: 1 } });
      // The same log line but for the clock and the id.
      const strip = ({ time: _time, durationMs: _duration, requestId: _id, ...rest }: RequestLogEntry) => rest;
      expect(strip(logs.at(-1)!), name).toEqual(strip(wholeLogs.at(-1)!));
    }
  });

  it('answer GETs again as the whole way does, and leave GraphiQL, browsers and odd parameters to it', async () => {
    const get = (app: App, params: Record<string, string>, headers: Record<string, string> = {}) =>
      app.fetch(new Request(`http://localhost/graphql?${new URLSearchParams(params)}`, { headers: { accept: 'application/json', ...headers } }));
    const node = BENCH_OPERATIONS.find((candidate) => candidate.name === 'node')!;
    const nested = BENCH_OPERATIONS.find((candidate) => candidate.name === 'nested')!;
    const cases: { params: Record<string, string>; headers?: Record<string, string>; lane: boolean }[] = [
      { params: { query: node.query, variables: JSON.stringify(node.variables) }, lane: true },
      { params: { query: nested.query }, lane: true },
      { params: { query: nested.query, operationName: 'Nested' }, headers: { 'accept-language': 'zh-TW' }, lane: true },
      { params: { query: node.query, variables: '{"id": ' }, lane: false },
      { params: { query: nested.query, extra: 'x' }, lane: false },
      { params: { query: nested.query, operationName: 'Other' }, lane: false },
      { params: { query: nested.query }, headers: { 'sec-fetch-site': 'cross-site' }, lane: false },
      { params: { query: nested.query }, headers: { accept: 'text/html,*/*' }, lane: false },
    ];
    for (const { params, headers, lane: expected } of cases) {
      const lane = appWith();
      const whole = appWith({ preparedReads: false });
      // Admitted by the same query sent once as a POST.
      for (const { app } of [lane, whole]) {
        const variables = params.variables && !params.variables.endsWith(' ') ? JSON.parse(params.variables) : undefined;
        await (await post(app, { query: params.query, ...(variables ? { variables } : {}), ...(params.operationName ? { operationName: params.operationName } : {}) })).arrayBuffer();
      }
      lane.paths.length = 0;
      const [fromLane, fromWhole] = await Promise.all([get(lane.app, params, headers), get(whole.app, params, headers)]);
      const [a, b] = [await comparable(fromLane), await comparable(fromWhole)];
      expect(a, JSON.stringify(params)).toEqual(b);
      expect(lane.paths.includes('prepared'), JSON.stringify(params)).toBe(expected);
    }
  });

  it('leave an empty operation name to the whole way, which reports it', async () => {
    const nested = BENCH_OPERATIONS.find((candidate) => candidate.name === 'nested')!;
    const lane = appWith();
    const whole = appWith({ preparedReads: false });
    // Admitted without a name…
    for (const { app } of [lane, whole]) await (await post(app, { query: nested.query })).arrayBuffer();
    lane.paths.length = 0;
    // …which an empty name is not.
    const [fromLane, fromWhole] = await Promise.all([post(lane.app, { query: nested.query, operationName: '' }), post(whole.app, { query: nested.query, operationName: '' })]);
    expect(fromLane.status).toBe(400);
    expect(lane.paths).not.toContain('prepared');
    expect(await comparable(fromLane)).toEqual(await comparable(fromWhole));
  });

  it('follow the caller’s language and response type as the whole way does', async () => {
    const query = `query Titles($n: Int!) { records(first: $n) { nodes { title summary titleTranslations { zhHant } } } }`;
    const variants: Record<string, string>[] = [
      { 'accept-language': 'zh-TW' },
      { 'accept-language': 'zh-CN,zh;q=0.9' },
      { accept: 'application/graphql-response+json' },
      { accept: 'application/graphql-response+json, application/json' },
      { accept: 'application/json, application/graphql-response+json' },
      { accept: '*/*' },
      { accept: 'text/event-stream, application/json' },
    ];
    for (const headers of variants) {
      const { lane, whole, path } = await twice({ query, variables: { n: 3 } }, headers);
      expect(path, JSON.stringify(headers)).toBe('prepared');
      expect(lane, JSON.stringify(headers)).toEqual(whole);
    }
  });

  it.each(EXAMPLE_OPERATIONS.filter((example) => !/^\s*(#.*\n)*\s*mutation/m.test(example.query) && !example.headers))(
    'GraphiQL example $name: the same answer on the second request, whichever way it goes',
    async (example) => {
      const { lane, whole } = await twice({ query: example.query, variables: example.variables });
      expect(lane).toEqual(whole);
    },
  );

  it('leave everything they cannot answer exactly to the whole way', async () => {
    const admin = await bearer(t, 'prepared-admin', ['admin']);
    const node = BENCH_OPERATIONS.find((operation) => operation.name === 'node')!;
    const page = `query ($n: Int!) { records(first: $n) { nodes { id } } }`;
    // `admit`: the request that admits the document first (the node lookup unless given).
    const cases: { name: string; body: Record<string, unknown>; headers?: Record<string, string>; admit?: Record<string, unknown> }[] = [
      { name: 'an API key', body: { query: node.query, variables: node.variables }, headers: admin },
      { name: 'a browser origin', body: { query: node.query, variables: node.variables }, headers: { origin: 'https://partner.example' } },
      { name: 'a conditional request', body: { query: node.query, variables: node.variables }, headers: { 'if-none-match': '"x"' } },
      { name: 'a stream', body: { query: node.query, variables: node.variables }, headers: { accept: 'text/event-stream' } },
      { name: 'a persisted-query extension', body: { query: node.query, variables: node.variables, extensions: { persistedQuery: { version: 1, sha256Hash: 'ab' } } } },
      { name: 'variables of the wrong type', body: { query: page, variables: { n: 'ten' } }, admit: { query: page, variables: { n: 2 } } },
      { name: 'a missing variable', body: { query: node.query, variables: {} } },
      { name: 'a page over the limit', body: { query: page, variables: { n: 100_000 } }, admit: { query: page, variables: { n: 2 } } },
    ];
    for (const { name, body, headers = {}, admit = { query: node.query, variables: node.variables } } of cases) {
      const lane = appWith();
      const whole = appWith({ preparedReads: false });
      for (const { app } of [lane, whole]) await (await post(app, admit)).arrayBuffer();
      // Admitted: the plan answered it, so only the case itself keeps it off the lane.
      expect(lane.paths, name).toEqual(['compiled']);
      lane.paths.length = 0;
      const [fromLane, fromWhole] = await Promise.all([post(lane.app, body, headers), post(whole.app, body, headers)]);
      expect(lane.paths, name).not.toContain('prepared');
      // Statement counts left out: an API key's first use is recorded by whichever app runs first.
      expect(await comparable(fromLane, { withDatabase: false }), name).toEqual(await comparable(fromWhole, { withDatabase: false }));
    }
  });

  it('keep archived rows from anonymous callers, and read every change at once', async () => {
    const { app, paths } = appWith();
    const node = BENCH_OPERATIONS.find((operation) => operation.name === 'node')!;
    const ask = async () => (await (await post(app, { query: node.query, variables: node.variables })).json()) as { data: { node: unknown } };
    expect((await ask()).data.node).not.toBeNull();
    await t.db.$client.execute(`UPDATE records SET archived_at = '2026-01-01T00:00:00Z' WHERE id = 5`);
    try {
      paths.length = 0;
      expect((await ask()).data.node).toBeNull();
      expect(paths).toEqual(['prepared']);
    } finally {
      await t.db.$client.execute(`UPDATE records SET archived_at = NULL WHERE id = 5`);
    }
    expect((await ask()).data.node).not.toBeNull();
  });

  it('charge the caller’s bucket as the whole way does, and leave refusals to it', async () => {
    const store = new MemoryRateLimitStore({ maximumAvailable: 3, restoreRate: 1, now: () => 0 });
    const { app, paths } = appWith({ security: { rateLimitStore: store, clientAddress: () => CLIENT } });
    const node = BENCH_OPERATIONS.find((operation) => operation.name === 'node')!;
    const responses = [];
    for (let index = 0; index < 4; index += 1) responses.push(await post(app, { query: node.query, variables: node.variables }));
    expect(paths).toEqual(['compiled', 'prepared', 'prepared']);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 429]);
    expect(responses.map((response) => response.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    const refused = (await responses[3]!.json()) as { errors: { extensions: { code: string } }[] };
    expect(refused.errors[0]!.extensions.code).toBe('THROTTLED');
  });

  it('take from the bucket once for a request they hand to the whole way refused', async () => {
    const memory = new MemoryRateLimitStore({ maximumAvailable: 2, restoreRate: 1, now: () => 0 });
    const takes: string[] = [];
    // Counts every take, as the Worker's rate-limit binding does.
    const store = { take: (key: string, points: number) => (takes.push(key), memory.take(key, points)), settle: memory.settle.bind(memory) };
    const { app, paths } = appWith({ security: { rateLimitStore: store, clientAddress: () => CLIENT } });
    const node = BENCH_OPERATIONS.find((operation) => operation.name === 'node')!;
    const statuses = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await post(app, { query: node.query, variables: node.variables })).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(paths).toEqual(['compiled', 'prepared']);
    // One take per request, the refused ones included.
    expect(takes).toHaveLength(4);
  });

  it('answer as a response-cache miss while the cache is on: the same ETag, the version read in the same round trip', async () => {
    const lane = appWith({ caching: {} });
    const whole = appWith({ caching: {}, preparedReads: false });
    const node = BENCH_OPERATIONS.find((operation) => operation.name === 'node')!;
    // Different variables each time, so that the whole way misses as well.
    const ids = [5, 6, 7].map((id) => Buffer.from(`CooperationRecord:${id}`).toString('base64'));
    for (const { app } of [lane, whole]) await (await post(app, { query: node.query, variables: { id: ids[0] } })).arrayBuffer();
    lane.paths.length = 0;
    for (const id of ids.slice(1)) {
      const [fromLane, fromWhole] = await Promise.all([post(lane.app, { query: node.query, variables: { id } }), post(whole.app, { query: node.query, variables: { id } })]);
      const [a, b] = [await comparable(fromLane), await comparable(fromWhole)];
      expect(a.headers.etag).toMatch(/^"[0-9a-f]+\.[^"]+"$/);
      expect(a).toEqual(b);
      expect(a.body.extensions).toMatchObject({ db: { statements: 2, roundTrips: 1 } });
    }
    expect(lane.paths).toEqual(['prepared', 'prepared']);
    // The ETag revalidates on the whole way: 304 until a write.
    const etag = (await post(lane.app, { query: node.query, variables: { id: ids[1] } })).headers.get('etag')!;
    const conditional = await lane.app.fetch(
      new Request(`http://localhost/graphql?query=${encodeURIComponent(node.query)}&variables=${encodeURIComponent(JSON.stringify({ id: ids[1] }))}`, {
        headers: { 'if-none-match': etag },
      }),
    );
    expect(conditional.status).toBe(304);
  });
});
