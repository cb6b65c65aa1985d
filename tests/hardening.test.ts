/**
 * Hostile input at the HTTP edge: every request gets a clear 4xx or GraphQL error, never a 5xx,
 * a crash or a leaked internal, and the server keeps answering normal queries meanwhile.
 */
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/limits';
import { useExecutionTimeout } from '../src/plugins/security/use-execution-timeout';
import { createTestApp, type TestApp } from './support/app';
import { startEdgeServer, type EdgeServer } from './support/edge-server';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> } | null;
}

// Frozen: some fetch implementations write content-length into the headers object they are given.
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json',
  accept: 'application/graphql-response+json',
});

async function send(init: RequestInit & { url?: string }): Promise<Reply> {
  const response = await t.app.fetch(new Request(init.url ?? 'http://localhost/graphql', init));
  const text = await response.text();
  let body: Reply['body'] = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body };
}

function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  const raw = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  return { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: raw as BodyInit };
}

/** Internals that must never reach a client. */
const LEAKS = /\bat .+:\d+:\d+|node_modules|SQLITE|Failed query|DrizzleQueryError|libsql|RangeError|TypeError/i;

/** No 5xx, and the body (if any) shows no stack, original error or database text. */
function expectClean(reply: Reply): void {
  expect(reply.status, reply.text).toBeLessThan(500);
  expect(reply.text).not.toMatch(LEAKS);
  for (const error of reply.body?.errors ?? []) {
    expect(error.extensions ?? {}).not.toHaveProperty('originalError');
    expect(error.extensions ?? {}).not.toHaveProperty('stack');
    expect(error.extensions ?? {}).not.toHaveProperty('exception');
  }
}

function expectRejected(reply: Reply, status: number, code: string, message?: RegExp): void {
  expectClean(reply);
  expect(reply.status, reply.text).toBe(status);
  const errors = reply.body?.errors ?? [];
  expect(errors.length, reply.text).toBeGreaterThan(0);
  expect(errors.map((error) => error.extensions?.code)).toContain(code);
  if (message) expect(errors.map((error) => error.message).join('\n')).toMatch(message);
  expect(reply.body?.data ?? null).toBeNull();
}

/** A chain `base { parent { parent { … name } } }` whose deepest field is at `depth`. */
function nested(depth: number): string {
  let selection = 'name';
  for (let level = 2; level < depth; level += 1) selection = `parent { ${selection} }`;
  return `{ base { ${selection} } }`;
}

describe('document limits (GraphQL Armor and the document size)', () => {
  it('accepts a query at the depth limit and rejects one level more', async () => {
    const atLimit = await send(post({ query: nested(LIMITS.maxDepth) }));
    expect(atLimit.status).toBe(200);
    expect(atLimit.body?.errors).toBeUndefined();
    expectRejected(await send(post({ query: nested(LIMITS.maxDepth + 1) })), 400, 'GRAPHQL_VALIDATION_FAILED', /depth limit of 10/);
  });

  it('rejects a depth bomb of a hundred levels', async () => {
    expectRejected(await send(post({ query: nested(100) })), 400, 'GRAPHQL_VALIDATION_FAILED', /depth limit/);
  });

  it('rejects unbalanced braces by the thousand at the parser', async () => {
    expectRejected(await send(post({ query: '{'.repeat(5_000) })), 400, 'GRAPHQL_PARSE_FAILED');
  });

  it('counts aliases', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: base { name }`).join(' ')} }`;
    const ok = await send(post({ query: aliases(LIMITS.maxAliases) }));
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body?.data as object)).toHaveLength(LIMITS.maxAliases);
    expectRejected(await send(post({ query: aliases(LIMITS.maxAliases + 1) })), 400, 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 15/);
  });

  it('rejects an alias bomb before it reaches the database', async () => {
    const query = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: records(first: 100) { totalCount }`).join(' ')} }`;
    const reply = await send(post({ query }));
    expectClean(reply);
    expect(reply.status).toBe(400);
  });

  it('counts directives', async () => {
    const query = `{ base { name ${'@include(if: true) '.repeat(LIMITS.maxDirectives + 1)} } }`;
    expectRejected(await send(post({ query })), 400, 'GRAPHQL_VALIDATION_FAILED', /Directives limit of 50/);
  });

  it('counts tokens while parsing', async () => {
    const query = `{ base { ${'acronym '.repeat(LIMITS.maxTokens)} } }`;
    expectRejected(await send(post({ query })), 400, 'GRAPHQL_PARSE_FAILED', /Token limit of 1000/);
  });

  it('rejects duplicated fields by the thousand', async () => {
    // Short of the token limit: the document length still stops them.
    const reply = await send(post({ query: `{ base { ${'name '.repeat(3_000)} } }` }));
    expectRejected(reply, 400, 'DOCUMENT_TOO_LARGE', /15000 characters/);
    const fewer = await send(post({ query: `{ base { ${'name '.repeat(900)} } }` }));
    expectClean(fewer);
    expect(fewer.status).toBeLessThan(500);
  });

  it('rejects documents over the length limit, even of whitespace', async () => {
    const query = `{ base { name } }${' '.repeat(LIMITS.maxDocumentLength)}`;
    expectRejected(await send(post({ query })), 400, 'DOCUMENT_TOO_LARGE');
  });

  it('rejects an exponential fragment bomb', async () => {
    const fragments = [
      'fragment F0 on Institution { name acronym }',
      ...Array.from({ length: 30 }, (_, i) => `fragment F${i + 1} on Institution { ...F${i} ...F${i} }`),
    ].join('\n');
    expectRejected(
      await send(post({ query: `{ base { ...F30 } }\n${fragments}` })),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /expands to 2147483649 field selections; the limit is 2000/,
    );
  });

  it('counts selections after fragment expansion', async () => {
    // 2^k copies of two fields: 2^10 × 2 = 2048 selections is over the limit, 2^9 × 2 is not.
    const bomb = (k: number) =>
      [
        `{ base { ...F${k} } }`,
        'fragment F0 on Institution { name acronym }',
        ...Array.from({ length: k }, (_, i) => `fragment F${i + 1} on Institution { ...F${i} ...F${i} }`),
      ].join('\n');
    const under = await send(post({ query: bomb(9) }));
    expect(under.status).toBe(200);
    expect((under.body?.data as { base: { acronym: string } }).base.acronym).toBeTruthy();
    expectRejected(await send(post({ query: bomb(10) })), 400, 'GRAPHQL_VALIDATION_FAILED', /expands to 2049 field selections/);
  });

  it('rejects circular fragments', async () => {
    const query = '{ base { ...A } } fragment A on Institution { name ...B } fragment B on Institution { acronym ...A }';
    expectRejected(await send(post({ query })), 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself/);
  });

  it('limits introspection depth, so that its cycles cannot be used as a bomb', async () => {
    let bomb = 'name';
    for (let i = 0; i < 12; i += 1) bomb = `fields { type { ofType { ${bomb} } } }`;
    expectRejected(await send(post({ query: `{ __schema { types { ${bomb} } } }` })), 400, 'GRAPHQL_VALIDATION_FAILED', /introspection depth/);
    // The full introspection query GraphiQL and code generators send is still answered.
    const full = await send(post({ query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }) }));
    expect(full.status).toBe(200);
    expect((full.body?.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(20);
  });

  it('suggests the field meant (the schema is public through introspection anyway)', async () => {
    const reply = await send(post({ query: '{ recods(first: 1) { totalCount } }' }));
    expectRejected(reply, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(reply.body?.errors?.[0]?.message).toMatch(/Cannot query field "recods" on type "Query"\. Did you mean "records"/);
    expect(reply.text).not.toMatch(/Suggestion hidden/);
  });
});

describe('cost and node limits', () => {
  it('rejects a query whose cost exceeds the limit, computed with variables', async () => {
    const query = 'query($n: Int) { records(first: $n) { nodes { participants(first: 100) { nodes { institution { name } } } } } }';
    const small = await send(post({ query, variables: { n: 2 } }));
    expect(small.status).toBe(200);
    expect(small.body?.errors).toBeUndefined();
    const reply = await send(post({ query, variables: { n: 100 } }));
    expectRejected(reply, 400, 'MAX_COST_EXCEEDED', /Query cost 20201 exceeds the limit of 5000/);
    expect(reply.body?.extensions?.cost).toMatchObject({ requestedQueryCost: 20_201, actualQueryCost: 0 });
  });

  it('rejects a query that requests more nodes than the limit, however cheap', async () => {
    const reply = await send(post({ query: '{ records(first: 100) { nodes { participants(first: 100) { totalCount } } } }' }));
    expectRejected(reply, 400, 'MAX_NODES_EXCEEDED', /10100 nodes; the limit is 10000/);
  });

  it('keeps first/last within 1–100 and nodes(ids:) within 100', async () => {
    for (const args of ['first: 0', 'first: 101', 'last: 1000', 'first: -1']) {
      const reply = await send(post({ query: `{ records(${args}) { totalCount } }` }));
      expectClean(reply);
      expect(reply.body?.data ?? null).toBeNull();
      expect(reply.body?.errors?.[0]?.message).toMatch(/must be at (least 1|most 100)/);
    }
    const base = await send(post({ query: '{ base { id } }' }));
    const ids = Array<string>(LIMITS.maxNodeIds + 1).fill((base.body?.data as { base: { id: string } }).base.id);
    const reply = await send(post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } }));
    expectClean(reply);
    expect(reply.body?.errors?.[0]?.message).toMatch(/at most 100 IDs/);
  });
});

describe('variables', () => {
  it('rejects a body over the size limit with 413', async () => {
    const variables = { q: 'x'.repeat(LIMITS.maxBodyBytes) };
    const reply = await send(post({ query: 'query($q: String!) { search(query: $q) { totalCount } }', variables }));
    expectRejected(reply, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('rejects a Content-Length that is not one length with 400', async () => {
    const body = JSON.stringify({ query: '{ base { acronym } }' });
    for (const length of ['12, 12', '-1', 'twelve']) {
      const reply = await send(post(body, { 'content-length': length }));
      expectRejected(reply, 400, 'BAD_REQUEST', /Content-Length header is invalid/);
    }
    const fine = await send(post(body, { 'content-length': String(body.length) }));
    expect(fine.status, fine.text).toBe(200);
  });

  it('answers a huge string variable within the body limit with a typed error', async () => {
    const reply = await send(post({ query: 'query($q: String!) { search(query: $q) { totalCount } }', variables: { q: '金'.repeat(20_000) } }));
    expectClean(reply);
    expect(reply.body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers huge list variables with typed errors', async () => {
    const ids = Array.from({ length: 8_000 }, (_, i) => String(i));
    const reply = await send(post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } }));
    expectClean(reply);
    expect(reply.body?.errors?.length).toBeGreaterThan(0);
    const kinds = await send(
      post({ query: 'query($k: [RecordKind!]) { records(filter: { kinds: $k }) { totalCount } }', variables: { k: Array(5_000).fill('EVENT') } }),
    );
    expectClean(kinds);
    expect(kinds.status).toBe(200);
  });

  it('rejects deeply nested input values', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const body = `{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":${deep}}}`;
    expectRejected(await send(post(body)), 400, 'BAD_USER_INPUT', /nest at most 16 levels/);
    let filter = '{ yearFrom: 2020 }';
    for (let i = 0; i < 200; i += 1) filter = `{ nested: ${filter} }`;
    const literal = await send(post({ query: `{ records(filter: ${filter}) { totalCount } }` }));
    expectClean(literal);
    expect(literal.status).toBe(400);
  });

  it('reports variables of the wrong type', async () => {
    const reply = await send(post({ query: 'query($n: Int) { records(first: $n) { totalCount } }', variables: { n: 'many' } }));
    expectClean(reply);
    expect(reply.status).toBe(400);
    expect(reply.body?.errors?.[0]?.message).toMatch(/Variable "\$n" got invalid value "many"/);
  });
});

describe('HTTP', () => {
  it('rejects malformed JSON with 400 and echoes no parser internals', async () => {
    for (const body of ['{"query": "{ base { name } }"', '[1,2', '{', '\u0000']) {
      const reply = await send(post(body));
      expectRejected(reply, 400, 'BAD_REQUEST', /invalid JSON/);
      expect(reply.text).not.toMatch(/SyntaxError|position/);
    }
    for (const body of ['42', 'null', '"query"', '{"query": 42}', '{"query": "{ base { name } }", "variables": "x"}']) {
      expectRejected(await send(post(body)), 400, 'BAD_REQUEST');
    }
  });

  it('refuses batches', async () => {
    const reply = await send(post([{ query: '{ base { name } }' }, { query: '{ base { name } }' }]));
    expectRejected(reply, 400, 'BAD_REQUEST', /Batching is not supported/);
  });

  it('refuses content types it does not speak with 415', async () => {
    for (const type of ['application/xml', 'text/csv', 'application/octet-stream']) {
      const reply = await send(post('<query/>', { 'content-type': type }));
      expect(reply.status).toBe(415);
    }
    const none = await send({ method: 'POST', body: '{"query":"{ base { name } }"}' });
    expect(none.status).toBe(415);
  });

  it('refuses a compressed body with 415, whether it is compressed or only says so', async () => {
    const json = JSON.stringify({ query: '{ base { name } }' });
    const gzipped = new Uint8Array(gzipSync(json));
    for (const [body, encoding] of [[gzipped, 'gzip'], [json, 'br'], [json, 'GZIP, identity']] as const) {
      const reply = await send(post(body, { 'content-encoding': encoding }));
      expectRejected(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', /Content-Encoding .* not supported/);
      expect(reply.headers.get('accept-encoding')).toBe('identity');
    }
    // No coding at all may be named; the lane's side is in tests/node-listener.test.ts.
    expect((await send(post(json, { 'content-encoding': 'identity' }))).status).toBe(200);
  });

  it('rejects bodies that are not UTF-8 at the parser', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"query":"{ base { name } }'), 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]);
    expectRejected(await send(post(bytes)), 400, 'GRAPHQL_PARSE_FAILED', /U\+FFFD/);
  });

  it('rejects malformed JSON in GET parameters with 400', async () => {
    for (const name of ['variables', 'extensions']) {
      const url = `http://localhost/graphql?query=${encodeURIComponent('{ base { name } }')}&${name}=${encodeURIComponent('{bad')}`;
      expectRejected(await send({ url, method: 'GET', headers: { accept: 'application/json' } }), 400, 'BAD_REQUEST', /not valid JSON/);
    }
  });

  it('rejects unknown operation names', async () => {
    const reply = await send(post({ query: 'query A { base { name } }', operationName: 'B' }));
    expectRejected(reply, 400, 'OPERATION_RESOLUTION_FAILURE');
    const ambiguous = await send(post({ query: 'query A { base { name } } query B { base { acronym } }' }));
    expectRejected(ambiguous, 400, 'OPERATION_RESOLUTION_FAILURE');
  });

  it('runs mutations only over POST (405 over GET) and only GET and POST at all', async () => {
    const url = `http://localhost/graphql?query=${encodeURIComponent('mutation { __typename }')}`;
    const get = await send({ url, method: 'GET', headers: { accept: 'application/json' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toMatch(/POST/);
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      expect((await send({ method, headers: { ...JSON_HEADERS }, body: '{}' })).status).toBe(405);
    }
  });

  it('stops cross-site browser requests that skip the CORS preflight', async () => {
    const body = JSON.stringify({ query: '{ base { name } }' });
    const cases: Record<string, string>[] = [
      { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' },
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://elsewhere.example' },
    ];
    for (const headers of cases) {
      const form = headers['content-type']?.startsWith('application/x-www-form-urlencoded');
      const reply = await send({ method: 'POST', headers, body: form ? 'query=%7Bbase%7Bname%7D%7D' : body });
      expect(reply.status).toBe(403);
      expect(reply.text).toMatch(/CSRF/);
    }
    const get = await send({
      url: `http://localhost/graphql?query=${encodeURIComponent('{ base { name } }')}`,
      method: 'GET',
      headers: { accept: 'application/json', 'sec-fetch-site': 'cross-site' },
    });
    expect(get.status).toBe(403);
    // The same request from a JSON client, or from the same origin, goes through.
    expect((await send(post(body, { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' }))).status).toBe(200);
    expect((await send(post(body, { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' }))).status).toBe(415);
  });
});

describe('IDs and control characters', () => {
  it('answers forged and malformed global IDs without a 5xx or an internal', async () => {
    const ids = [
      'garbage',
      '',
      '%%%',
      'x'.repeat(5_000),
      btoa('Nope:1'),
      btoa(':'),
      btoa('\u0000:\u0000'),
      btoa('Institution:abc'),
      btoa('Institution:999999'),
      btoa('CooperationRecord:-1'),
      btoa(`Institution:${'9'.repeat(40)}`),
    ];
    for (const id of ids) {
      const reply = await send(post({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id } }));
      expectClean(reply);
      expect(reply.status).toBe(200);
      expect(reply.body?.data).toEqual({ node: null });
      // Not found is null; malformed is a clear error, never a masked "Unexpected error.".
      for (const error of reply.body?.errors ?? []) {
        expect(error.message).not.toBe('Unexpected error.');
        expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      }
    }
  });

  it('rejects NUL and control characters in documents and treats them as text in variables', async () => {
    expectRejected(await send(post({ query: '{ base { name } }\u0000' })), 400, 'GRAPHQL_PARSE_FAILED', /U\+0000/);
    expectRejected(await send(post({ query: '{ base { na\u0007me } }' })), 400, 'GRAPHQL_PARSE_FAILED');
    const search = await send(post({ query: 'query($q: String!) { search(query: $q) { totalCount } }', variables: { q: 'a\u0000b\u0001\u001f' } }));
    expectClean(search);
    expect(search.status).toBe(200);
    const slug = await send(post({ query: 'query($s: String!) { institution(slug: $s) { name } }', variables: { s: '\u0000\u001b[31m\r\n' } }));
    expect(slug.body).toMatchObject({ data: { institution: null } });
  });
});

describe('execution timeout', () => {
  it('cancels an operation that outlives the limit with a TIMEOUT error', async () => {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { slow: String }',
        resolvers: { Query: { slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), 5_000).unref()) } },
      }),
      maskedErrors: { isDev: false },
      plugins: [useExecutionTimeout(50)],
    });
    const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { ...JSON_HEADERS }, body: '{"query":"{ slow }"}' });
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(response.status).toBeLessThan(500);
    expect(body.errors?.[0]).toMatchObject({ message: 'Execution exceeded 50 ms and was cancelled; nothing was changed.', extensions: { code: 'TIMEOUT' } });
  });
});

describe('over a real socket', () => {
  let server: EdgeServer;
  beforeAll(async () => {
    server = await startEdgeServer();
  });
  afterAll(() => server?.stop());

  /** A raw HTTP/1.1 request, so that the body can be streamed without a declared length. */
  function raw(chunks: string[], headers: Record<string, string>): Promise<{ status: number; body: string }> {
    const { hostname, port, pathname } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ hostname, port, path: pathname, method: 'POST', headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  it('stops a streamed (chunked) body over the limit with 413', async () => {
    const chunk = 'x'.repeat(16 * 1024);
    const reply = await raw(['{"query":"{ base { name } }","variables":{"q":"', ...Array(8).fill(chunk), '"}}'], { ...JSON_HEADERS });
    expect(reply.status, reply.body).toBe(413);
    expect(reply.body).toMatch(/PAYLOAD_TOO_LARGE/);
  });

  it('accepts a streamed body under the limit', async () => {
    const reply = await raw(['{"query":"{ base', ' { acronym } }"}'], { ...JSON_HEADERS });
    expect(reply.status, reply.body).toBe(200);
    expect(JSON.parse(reply.body).data.base.acronym).toBeTruthy();
  });

  it('keeps answering normal queries while a hostile battery runs', async () => {
    const hostile: RequestInit[] = [
      post({ query: nested(100) }),
      post({ query: '{'.repeat(5_000) }),
      post('{"query": '),
      post({ query: `{ base { ${'name '.repeat(3_000)} } }` }),
      post({ query: 'query($n: Int) { records(first: $n) { nodes { participants(first: 100) { nodes { id } } } } }', variables: { n: 100 } }),
      post({ query: '{ base { ...A } } fragment A on Institution { ...B } fragment B on Institution { ...A }' }),
      post({
        query: [
          '{ base { ...F30 } } fragment F0 on Institution { name acronym }',
          ...Array.from({ length: 30 }, (_, i) => `fragment F${i + 1} on Institution { ...F${i} ...F${i} }`),
        ].join(' '),
      }),
      post(`{"query":"{ base { name } }","variables":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
    ];
    const normal = '{ records(first: 5) { totalCount nodes { title participants(first: 5) { nodes { institution { name } } } } } }';
    const attack = Array.from({ length: 140 }, (_, i) => fetch(server.url, hostile[i % hostile.length]));
    const legit = Array.from({ length: 10 }, () =>
      fetch(server.url, post({ query: normal })).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: { records: { totalCount: number } } } })),
    );
    const [attacked, served] = await Promise.all([Promise.all(attack), Promise.all(legit)]);
    for (const response of attacked) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    for (const reply of served) {
      expect(reply.status).toBe(200);
      expect(reply.body.data?.records.totalCount).toBeGreaterThan(0);
    }
  });
});
