/** GraphiQL works offline: its page, its files served locally, and example operations that run. */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../src/graphiql/examples';
import { createNodeAssetHandler, negotiateEncoding } from '../src/graphiql/node-assets';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ assets: createNodeAssetHandler() });
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.fetch(new Request(`http://localhost${path}`, { method: 'GET', headers }));

describe('GraphiQL page', () => {
  it('GET /graphql from a browser returns the page', async () => {
    const response = await get('/graphql', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
  });

  it('references only local assets, never a CDN', async () => {
    const html = await (await get('/graphql', { accept: 'text/html' })).text();
    expect(html).not.toMatch(/unpkg|jsdelivr|cdnjs|\bcdn\b/i);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(urls).toEqual(expect.arrayContaining(['/graphiql/yoga-graphiql.umd.js', '/graphiql/graphiql.css']));
    for (const url of urls) {
      // Same origin (a path) or an inline data: URL; no absolute http(s) address.
      expect(url, url).toMatch(/^(\/(?!\/)|data:)/);
    }
  });

  it('opens with a tab per example operation', async () => {
    const html = await (await get('/graphql', { accept: 'text/html' })).text();
    expect(EXAMPLE_OPERATIONS.length).toBeGreaterThanOrEqual(5);
    expect(html).toContain('"defaultTabs"');
    for (const operation of EXAMPLE_OPERATIONS) {
      // The operation's name appears inside its text (escaped for a script block).
      expect(html, operation.name).toMatch(new RegExp(`(query|mutation) ${operation.name}\\b`));
    }
  });
});

describe('GraphiQL files from the Node server', () => {
  it.each([
    ['/graphiql/yoga-graphiql.umd.js', /^text\/javascript; charset=utf-8$/, 'renderYogaGraphiQL'],
    ['/graphiql/graphiql.css', /^text\/css; charset=utf-8$/, '.graphiql-container'],
  ])('%s is served with charset=utf-8', async (path, contentType, marker) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(contentType);
    const body = await response.text();
    expect(body.length).toBeGreaterThan(10_000);
    expect(body).toContain(marker);
  });

  it('sends them compressed, brotli first, with caching headers and a 304 on revalidation', async () => {
    const plain = await get('/graphiql/yoga-graphiql.umd.js');
    const raw = new Uint8Array(await plain.arrayBuffer());
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
    ] as const) {
      const response = await get('/graphiql/yoga-graphiql.umd.js', { 'accept-encoding': accept });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(response.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
      const body = new Uint8Array(await response.arrayBuffer());
      // The 5 MB script travels as a quarter of its size or less.
      expect(body.byteLength).toBeLessThan(raw.byteLength / 3.5);
      expect(Buffer.from(decode(body)).equals(Buffer.from(raw))).toBe(true);
      const etag = response.headers.get('etag');
      expect(etag).toMatch(/^"[^"]+"$/);
      const again = await get('/graphiql/yoga-graphiql.umd.js', { 'accept-encoding': accept, 'if-none-match': etag! });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('negotiates the encoding from Accept-Encoding, q-values included', () => {
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('identity')).toBe('identity');
    expect(negotiateEncoding(null)).toBe('identity');
    expect(negotiateEncoding('gzip;q=0, br;q=0')).toBe('identity');
  });

  it('answers only for the known files', async () => {
    const response = await get('/graphiql/../package.json');
    expect(response.status).toBe(404);
    expect((await get('/graphiql/secret.txt')).status).toBe(404);
  });
});

describe('example operations', () => {
  const runnable = EXAMPLE_OPERATIONS.filter((operation) => !operation.headers?.['Authorization'] && !operation.headers?.['authorization']);

  it('there are examples to run', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(5);
  });

  it.each(runnable.map((operation) => [operation.name, operation] as const))('%s runs without errors and returns data', async (_name, operation) => {
    const result = await graphql(t.app, operation.query, operation.variables, operation.headers ?? {});
    expect(result.status).toBe(200);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(result.data).toBeDefined();
    // Every top-level field answers something, not an empty shell.
    for (const [field, value] of Object.entries(result.data!)) {
      expect(value, field).not.toBeNull();
      const json = JSON.stringify(value);
      expect(json.length, field).toBeGreaterThan(10);
    }
  });
});

describe('service endpoints', () => {
  it('/health answers 200', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
  });

  it('/ redirects to /graphql', async () => {
    const response = await get('/');
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    expect(new URL(response.headers.get('location')!, 'http://localhost').pathname).toBe('/graphql');
  });
});
