/**
 * Apps for comparing the prepared-reads lane with the whole way: the response cache off, the
 * read paths and log lines recorded, a rate-limit bucket of their own per app.
 */
import { createApp, type App, type AppOptions } from '../../src/app';
import type { Database } from '../../src/db/client';
import type { ReadPath } from '../../src/plugins/compiled-reads';
import type { RequestLogEntry } from '../../src/plugins/observability';
import { MemoryRateLimitStore } from '../../src/plugins/rate-limit';

/** The address every request of these apps comes from. */
export const CLIENT = '203.0.113.7';

/** An app with the response cache off, its paths and log lines recorded, and a bucket per app. */
export function laneApp(db: Database, options: Partial<AppOptions> = {}) {
  const paths: ReadPath[] = [];
  const logs: RequestLogEntry[] = [];
  const app = createApp({
    db,
    trace: true,
    caching: { responseCache: false },
    compiledReads: { observe: (path) => paths.push(path) },
    observability: { logger: (entry) => logs.push(entry) },
    security: { rateLimitStore: new MemoryRateLimitStore({ now: () => 0 }), clientAddress: () => CLIENT },
    ...options,
  });
  return { app, paths, logs };
}

/** A POST as HTTP clients send it: with its Content-Length. */
export function post(app: App, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  const text = JSON.stringify(body);
  return app.fetch(
    new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers },
      body: text,
    }),
  );
}

/** Status, body and headers, without what differs per request by design (its id, its date). */
export async function comparable(response: Response, { withDatabase = true } = {}) {
  const headers = Object.fromEntries(
    [...response.headers].map(([name, value]) => [name.toLowerCase(), value] as const).filter(([name]) => !['x-request-id', 'date', 'content-length'].includes(name)),
  );
  const text = await response.text();
  // A stream (text/event-stream) is compared as its text.
  const body = (headers['content-type']?.includes('json') ? JSON.parse(text) : text.replace(/"db":\{[^}]*\}/, '')) as { extensions?: { db?: unknown } };
  if (!withDatabase && typeof body === 'object') delete body.extensions?.db;
  return { status: response.status, headers, body };
}

