/** GraphQL over HTTP: graphql-http's server audits against the real server, protections on. */
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeServer, type EdgeServer } from './support/edge-server';

let server: EdgeServer;
beforeAll(async () => {
  server = await startEdgeServer();
});
afterAll(() => server?.stop());

describe('GraphQL over HTTP', () => {
  it('passes every MUST and SHOULD audit of graphql-http', async () => {
    const results = await auditServer({ url: server.url });
    const failures = await Promise.all(
      results
        .filter((result) => result.status === 'error' || result.status === 'warn')
        .map(async (result) => ({
          id: result.id,
          name: result.name,
          reason: 'reason' in result ? result.reason : '',
          body: 'response' in result ? await result.response.text().catch(() => '') : '',
        })),
    );
    expect(failures).toEqual([]);
    // The suite really ran: dozens of audits, most of them passing.
    expect(results.length).toBeGreaterThan(30);
    expect(results.filter((result) => result.status === 'ok').length).toBeGreaterThan(30);
  });
});
