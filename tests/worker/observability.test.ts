/** Operating the Worker: the JSON request log, X-Request-Id, /health against the database, /version. */
import { exports } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

describe('Worker observability', () => {
  it('writes one JSON log line per request and echoes the request id', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const response = await exports.default.fetch('http://api.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'edge-test-1' },
      body: JSON.stringify({ query: 'query WorkerBase { base { acronym } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('edge-test-1');
    const entries = log.mock.calls
      .map(([line]) => (typeof line === 'string' && line.startsWith('{') ? JSON.parse(line) : null))
      .filter((entry) => entry?.message === 'request');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      level: 'info',
      requestId: 'edge-test-1',
      operationName: 'WorkerBase',
      status: 200,
      errors: 0,
    });
    expect(entries[0].durationMs).toBeGreaterThanOrEqual(0);
    expect(entries[0].db.roundTrips).toBeGreaterThan(0);
  });

  it('checks the database on /health and reports its version on /version', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const health = await exports.default.fetch('http://api.test/health');
    expect(health.status).toBe(200);
    const version = await exports.default.fetch('http://api.test/version');
    expect(version.status).toBe(200);
    const body = (await version.json()) as { name: string; schemaHash: string };
    expect(body.name).toBe('brics-partnir-xiamen-api');
    expect(body.schemaHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
