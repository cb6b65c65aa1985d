/**
 * The offline example client (examples/offline) against the real server over HTTP, in allow-list
 * mode (anonymous callers may run its registered operations only): it syncs into an embedded
 * libSQL file while writes happen, goes offline while more writes happen, applies the feed on
 * reconnect, reports what changed, and ends with exactly the server's state.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSync, LocalStore, OfflineClient } from '../examples/offline/client';
import { registerTrustedDocuments } from '../src/db/trusted-documents';
import { startTestServer, type TestServer } from './support/http-server';
import { entries, postVia, runWriter, serverState, type ObjectState, type Post } from './support/sync';
import { bearer } from './support/writes';

describe('offline example client', () => {
  let server: TestServer;
  let post: Post;
  let admin: Record<string, string>;
  let partner: Record<string, string>;
  let directory: string;
  let store: LocalStore;
  let client: OfflineClient;
  let shared: string[];

  beforeAll(async () => {
    server = await startTestServer({ trustedOperations: { only: { anonymous: true } } });
    await registerTrustedDocuments(server.db, 'offline-example', JSON.parse(readFileSync('examples/offline/gql/persisted-documents.json', 'utf8')));
    post = postVia(`${server.origin}/graphql`);
    admin = await bearer(server, 'offline-writer', ['admin']);
    // Lists are ad-hoc queries: anonymous callers may not send them here, a partner key may.
    partner = await bearer(server, 'offline-checker', ['records:write']);
    directory = mkdtempSync(join(tmpdir(), 'offline-example-'));
    store = await LocalStore.open(join(directory, 'app.db'));
    client = new OfflineClient({ url: `${server.origin}/graphql`, store, locale: 'ZH_HANS' });
    const { data } = await post(`{ institutions(first: 5) { nodes { id } } }`, {}, partner);
    shared = (data!.institutions.nodes as { id: string }[]).map((node) => node.id);
  });
  afterAll(async () => {
    store?.close();
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const local = async (): Promise<ObjectState> => new Map((await store.all()).map((object) => [object.id, { type: object.type, version: object.version }]));

  it('makes a first sync from the snapshot', async () => {
    const report = await client.sync();
    expect(report.mode).toBe('snapshot');
    expect(report.added.length).toBeGreaterThan(100);
    expect(entries(await local())).toEqual(entries(await serverState(post, partner)));
  });

  it('syncs while writes happen, then offline writes arrive in one sync on reconnect', { timeout: 240_000 }, async () => {
    // Online: syncs run while 300 writes happen.
    let writing = true;
    const online = runWriter(post, { writes: 300, loops: 3, headers: admin, prefix: 'offline-online', sharedInstitutions: shared }).finally(() => {
      writing = false;
    });
    let syncs = 0;
    while (writing) {
      await client.sync();
      syncs += 1;
    }
    expect((await online).failed).toEqual([]);
    expect(syncs).toBeGreaterThan(1);

    // Offline: 200 more writes, edits to five institutions the app already holds and the archiving
    // of a figure it holds; no sync.
    const offline = await runWriter(post, { writes: 200, loops: 2, headers: admin, prefix: 'offline-away', sharedInstitutions: shared });
    expect(offline.failed).toEqual([]);
    const { data } = await post(`{ institutions(first: 5) { nodes { id version } } }`, {}, partner);
    for (const { id, version } of data!.institutions.nodes as { id: string; version: number }[]) {
      const edit = await post(
        `mutation ($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { __typename } }`,
        { input: { id, version, acronym: 'OFFLINE-EDIT' } },
        admin,
      );
      expect(edit.data?.updateInstitution.__typename).toBe('UpdateInstitutionPayload');
    }
    const figures = await post(`{ indicators(first: 1) { nodes { id version } } }`, {}, partner);
    const figure = figures.data!.indicators.nodes[0] as { id: string; version: number };
    const archived = await post(`mutation ($input: ArchiveIndicatorInput!) { archiveIndicator(input: $input) { __typename } }`, { input: figure }, admin);
    expect(archived.data?.archiveIndicator.__typename).toBe('ArchiveIndicatorPayload');

    // Reconnect: one sync applies everything, in a few small requests, and says what changed.
    const report = await client.sync();
    expect(report.mode).toBe('feed');
    expect(report.added.length).toBeGreaterThan(0);
    expect(report.updated.length).toBeGreaterThanOrEqual(5);
    expect(report.removed.length).toBeGreaterThan(0);
    const lines = describeSync(report);
    expect(lines[0]).toMatch(/^feed: \d+ added, \d+ updated, \d+ removed in \d+ requests$/);
    expect(lines.some((line) => /^\+ (Institution|Network|CooperationRecord|Indicator) .*同步/.test(line))).toBe(true);
    expect(lines).toContain(`- ${figure.id}`);
    expect(entries(await local())).toEqual(entries(await serverState(post, partner)));
  });

  it('rebuilds its copy when the server refuses its cursor', async () => {
    await store.apply([], [], 'not-a-cursor-this-server-issued');
    const report = await client.sync();
    expect(report).toMatchObject({ mode: 'snapshot', resynced: true });
    expect(entries(await local())).toEqual(entries(await serverState(post, partner)));
  });

  it('cannot send anything but its registered operations anonymously here', async () => {
    const refused = await post('{ base { id } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('TRUSTED_OPERATIONS_ONLY');
  });
});
