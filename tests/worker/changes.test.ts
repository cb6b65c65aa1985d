/**
 * The change feed through the Worker entry in workerd, its database over libSQL's HTTP protocol:
 * a client replaying the feed from the start while 1,000 writes go through the Worker ends with
 * exactly what the lists show; cursors from elsewhere are refused.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebDatabase } from '../../src/db/client-web';
import { createApiKey } from '../../src/db/keys';
import { CHANGES_QUERY, countsByType, entries, Replica, postVia, runWriter, settledComparison, type Post } from '../support/sync';

const post: Post = postVia('http://api.test/graphql', (url, init) => exports.default.fetch(url, init));

let admin: Record<string, string> = {};
/** Sees what the public sees (no admin scope), with a rate-limit bucket of its own. */
let checker: Record<string, string> = {};

beforeAll(async () => {
  const db = createWebDatabase({ url: env.LIBSQL_URL });
  const suffix = crypto.randomUUID().slice(0, 8);
  const { key } = await createApiKey(db, { name: `worker-sync-${suffix}`, scopes: ['admin'] });
  admin = { authorization: `Bearer ${key}` };
  const { key: checkerKey } = await createApiKey(db, { name: `worker-sync-checker-${suffix}`, scopes: ['records:write'] });
  checker = { authorization: `Bearer ${checkerKey}` };
});

describe('change feed on the Worker', () => {
  it('replayed from the start while 1,000 writes happen, ends with the lists’ state', { timeout: 1_500_000 }, async () => {
    const { data } = await post(`{ institutions(first: 5) { nodes { id } } }`);
    const shared = (data!.institutions.nodes as { id: string }[]).map((node) => node.id);
    const replica = new Replica();
    // The reader catches up after every 100 writes (a condition, not a clock), and once at the end.
    let progressed: () => void = () => {};
    let waitingFor = 100;
    const progress = () => new Promise<void>((resolve) => (progressed = resolve));
    let next = progress();
    let done = false;
    const writer = runWriter(post, {
      writes: 1_000,
      // Each write is a few round trips over HTTP: more loops keep the database busy.
      loops: 8,
      headers: admin,
      prefix: `worker-feed-${crypto.randomUUID().slice(0, 6)}`,
      sharedInstitutions: shared,
      onProgress: (attempted) => {
        if (attempted >= waitingFor) {
          waitingFor += 100;
          progressed();
        }
      },
    }).finally(() => {
      done = true;
      progressed();
    });
    let readsDuringWrites = 0;
    while (!done) {
      await next;
      next = progress();
      readsDuringWrites += await replica.catchUp(post);
    }
    const report = await writer;
    expect(report.failed).toEqual([]);
    expect(report.applied).toBe(1_000);
    expect(readsDuringWrites).toBeGreaterThan(3);

    // The replica follows the feed anonymously; the lists are read as the public sees them too.
    const { replica: copy, lists } = await settledComparison(post, replica, checker);
    expect(countsByType(copy)).toEqual(countsByType(lists));
    expect(entries(copy)).toEqual(entries(lists));
  });

  it('reads a page in one round trip and refuses an altered cursor with RESYNC_REQUIRED', async () => {
    const response = await exports.default.fetch('http://api.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: CHANGES_QUERY, variables: { first: 50 } }),
    });
    const body = (await response.json()) as { data: { changes: { cursor: string; nodes: unknown[] } }; extensions: { db: { roundTrips: number } } };
    expect(body.data.changes.nodes).toHaveLength(50);
    expect(body.extensions.db.roundTrips).toBe(1);
    const altered = body.data.changes.cursor.slice(0, -2) + (body.data.changes.cursor.endsWith('AA') ? 'BB' : 'AA');
    const refused = await post(CHANGES_QUERY, { since: altered });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RESYNC_REQUIRED', reason: 'UNRECOGNISED_CURSOR' });
  });
});
