/**
 * The Node listener (src/node-listener.ts) answers prepared reads from Node's request and response
 * directly and everything else through the fetch adapter. Over real HTTP, whatever it answers must
 * be what the adapter alone answers — status, headers, body, the caller's bucket — and a request
 * the lane hands back must reach the whole way as it was sent.
 */
import { createServer, request as httpRequest, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServerAdapter } from '@whatwg-node/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, AppOptions } from '../src/app';
import { createNodeListener } from '../src/node-listener';
import { MemoryRateLimitStore, type RateLimitStore } from '../src/plugins/rate-limit';
import { OPERATIONS as BENCH_OPERATIONS } from '../src/scripts/bench/operations';
import { createTestApp, type TestApp } from './support/app';
import { CLIENT, comparable, laneApp } from './support/lane';

let t: TestApp;
const servers: { close(): void }[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => {
  for (const server of servers) server.close();
  t.close();
});

/** A server on 127.0.0.1 with `listener`; its origin. */
async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  servers.push({ close: () => (server.closeAllConnections(), server.close()) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The same app options behind the listener and behind the adapter alone, each app with its own recorded paths and bucket. */
async function pair(options: Partial<AppOptions> = {}) {
  const listened = laneApp(t.db, options);
  const adapted = laneApp(t.db, options);
  return {
    listener: { ...listened, origin: await serve(createNodeListener(listened.app)) },
    adapter: { ...adapted, origin: await serve(createServerAdapter(adapted.app.fetch)) },
  };
}

const node = BENCH_OPERATIONS.find((operation) => operation.name === 'node')!;
const nested = BENCH_OPERATIONS.find((operation) => operation.name === 'nested')!;

const postTo = (origin: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body });

describe('the Node listener', () => {
  it('answers repeated reads on the lane exactly as the adapter does: status, headers, body, log line', async () => {
    const { listener, adapter } = await pair();
    for (const operation of [node, nested]) {
      const body = JSON.stringify({ query: operation.query, variables: operation.variables });
      for (const side of [listener, adapter]) await (await postTo(side.origin, body)).arrayBuffer();
      listener.paths.length = 0;
      const fromListener = await postTo(listener.origin, body);
      const fromAdapter = await postTo(adapter.origin, body);
      expect(listener.paths, operation.name).toEqual(['prepared']);
      expect(Number(fromListener.headers.get('content-length'))).toBeGreaterThan(0);
      expect(await comparable(fromListener), operation.name).toEqual(await comparable(fromAdapter));
      const strip = ({ time: _time, durationMs: _duration, requestId: _id, ...rest }: (typeof listener.logs)[number]) => rest;
      expect(strip(listener.logs.at(-1)!)).toEqual(strip(adapter.logs.at(-1)!));
    }
  });

  it('answers GETs on the lane, and hands a request to the whole way with its body and headers as sent', async () => {
    const { listener, adapter } = await pair();
    const params = new URLSearchParams({ query: node.query, variables: JSON.stringify(node.variables) });
    const get = (origin: string) => fetch(`${origin}/graphql?${params}`, { headers: { accept: 'application/json', 'x-request-id': 'req-listener-1' } });
    for (const side of [listener, adapter]) await (await get(side.origin)).arrayBuffer();
    listener.paths.length = 0;
    const fromListener = await get(listener.origin);
    expect(listener.paths).toEqual(['prepared']);
    expect(fromListener.headers.get('x-request-id')).toBe('req-listener-1');
    expect(await comparable(fromListener)).toEqual(await comparable(await get(adapter.origin)));

    // A document seen for the first time is the whole way's: the lane reads the body, then hands it back.
    const fresh = JSON.stringify({ query: `query Fresh($id: ID!) { node(id: $id) { id } }`, variables: node.variables });
    listener.paths.length = 0;
    const first = await postTo(listener.origin, fresh, { 'accept-language': 'zh-Hant' });
    expect(listener.paths).toEqual(['compiled']);
    expect(await comparable(first)).toEqual(await comparable(await postTo(adapter.origin, fresh, { 'accept-language': 'zh-Hant' })));
  });

  it('leaves bad bodies, other paths and callers with credentials to the whole way, which answers as it does behind the adapter', async () => {
    const { listener, adapter } = await pair();
    const cases: { path?: string; body?: string; headers?: Record<string, string>; method?: string; status?: number }[] = [
      { body: '{"query": ' },
      { body: '\uFEFF' + JSON.stringify({ query: node.query, variables: node.variables }) },
      { body: JSON.stringify({ query: node.query, variables: node.variables }), headers: { authorization: 'Bearer nope' } },
      { body: JSON.stringify({ query: 'mutation { nothing }' }) },
      // Admitted to the lane by the first, refused with 415 for the coding it says it has.
      { body: JSON.stringify({ query: node.query, variables: node.variables }) },
      { body: JSON.stringify({ query: node.query, variables: node.variables }), headers: { 'content-encoding': 'gzip' }, status: 415 },
      { path: '/health', method: 'GET' },
      { path: '/graphql/', method: 'GET' },
    ];
    for (const { path = '/graphql', body, headers = {}, method = 'POST', status } of cases) {
      const send = (origin: string) =>
        fetch(`${origin}${path}`, { method, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, ...(body === undefined ? {} : { body }) });
      const fromListener = await send(listener.origin);
      const fromAdapter = await send(adapter.origin);
      expect(fromListener.status, `${method} ${path} ${body}`).toBe(fromAdapter.status);
      expect(fromListener.status, `${method} ${path} ${body}`).toBeLessThan(500);
      if (status !== undefined) expect(fromListener.status, `${method} ${path} ${body}`).toBe(status);
      expect(await comparable(fromListener, { withDatabase: false })).toEqual(await comparable(fromAdapter, { withDatabase: false }));
    }
  });

  it('answers a Host header no URL can be made of with a typed 400, on every path, where the adapter alone gave a 500 with a stack trace', async () => {
    const { listener } = await pair();
    const { port } = new URL(listener.origin);
    const send = (host: string, method: string, path: string, body?: string) =>
      new Promise<{ status: number; text: string; reason?: string; length?: string }>((resolve, reject) => {
        const headers = { host, 'content-type': 'application/json', accept: 'application/json', ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) };
        const sent = httpRequest({ host: '127.0.0.1', port: Number(port), method, path, headers }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text, reason: response.statusMessage, length: response.headers['content-length'] }));
        });
        sent.on('error', reject);
        sent.end(body);
      });
    const body = JSON.stringify({ query: node.query, variables: node.variables });
    for (const host of ['a b', 'example.org:99999', '[::1']) {
      for (const [method, path, payload] of [['POST', '/graphql', body], ['GET', '/graphql?query=%7B__typename%7D', undefined], ['GET', '/health', undefined]] as const) {
        const { status, text, reason, length } = await send(host, method, path, payload);
        expect(status, `${host} ${method} ${path}`).toBe(400);
        expect(reason).toBe('Bad Request');
        expect(length).toBe(String(Buffer.byteLength(text)));
        expect(JSON.parse(text)).toEqual({ errors: [{ message: expect.stringMatching(/Host header/), extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    expect((await send('localhost:4000', 'POST', '/graphql', body)).status).toBe(200);
  });

  it('charges the caller once, and a refused caller hears THROTTLED as behind the adapter', async () => {
    const counted = (takes: string[]): RateLimitStore => {
      const memory = new MemoryRateLimitStore({ maximumAvailable: 2, restoreRate: 1, now: () => 0 });
      return { take: (key, points) => (takes.push(key), memory.take(key, points)), settle: memory.settle.bind(memory) };
    };
    const listenerTakes: string[] = [];
    const adapterTakes: string[] = [];
    const listened = laneApp(t.db, { security: { rateLimitStore: counted(listenerTakes), clientAddress: () => CLIENT } });
    const adapted = laneApp(t.db, { security: { rateLimitStore: counted(adapterTakes), clientAddress: () => CLIENT } });
    const sides: [{ app: App; origin: string; paths: string[] }, string[]][] = [
      [{ ...listened, origin: await serve(createNodeListener(listened.app)) }, listenerTakes],
      [{ ...adapted, origin: await serve(createServerAdapter(adapted.app.fetch)) }, adapterTakes],
    ];
    const body = JSON.stringify({ query: node.query, variables: node.variables });
    const answers = [];
    for (const [side] of sides) {
      const responses = [];
      for (let index = 0; index < 4; index += 1) responses.push(await comparable(await postTo(side.origin, body)));
      answers.push(responses);
    }
    expect(answers[0]!.map((answer) => answer.status)).toEqual([200, 200, 429, 429]);
    expect(answers[0]).toEqual(answers[1]);
    expect(sides[0]![0].paths).toEqual(['compiled', 'prepared']);
    // One take per request, the refused ones included.
    expect(listenerTakes).toHaveLength(4);
    expect(adapterTakes).toHaveLength(4);
  });
});
