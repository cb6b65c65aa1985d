/**
 * The change feed and the sync snapshot: replaying the feed rebuilds exactly what the lists show,
 * also while writes happen; archived objects come as removals without content; cursors are
 * checked; a page is one round trip; responses are never stale after a write.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, FEED_TYPES, feedPageSql, prepareChangeFeed } from '../src/db/feed';
import { createTestApp, graphql, type TestApp } from './support/app';
import { startTestServer, type TestServer } from './support/http-server';
import { CHANGES_QUERY, countsByType, entries, Replica, postVia, runWriter, serverState, VERSION_FRAGMENTS, type ChangePage, type Post } from './support/sync';
import { bearer, mutate } from './support/writes';

const postTo =
  (t: TestApp): Post =>
  (query, variables, headers) =>
    graphql(t.app, query, variables, headers);

describe('change feed', () => {
  let t: TestApp;
  let post: Post;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ trace: true });
    post = postTo(t);
    admin = await bearer(t, 'sync-admin', ['admin']);
  });
  afterAll(() => t.close());

  it('replayed from the start, yields every seeded object the lists show', async () => {
    const replica = new Replica();
    await replica.catchUp(post);
    const lists = await serverState(post);
    expect(countsByType(replica.objects)).toEqual(countsByType(lists));
    expect(countsByType(lists).Institution).toBeGreaterThan(10);
    expect(countsByType(lists).Participation).toBeGreaterThan(10);
    expect(entries(replica.objects)).toEqual(entries(lists));
  });

  it('reads a page, with the objects and their relations, in one database round trip', async () => {
    const response = await graphql(
      t.app,
      `{ changes(first: 100) { cursor nodes { objectId object { id
          ... on Participation { role institution { id name } record { id title } }
          ... on NetworkMembership { network { id } institution { id } }
          ... on Institution { name country { code } } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.changes.nodes).toHaveLength(100);
    const participation = response.data!.changes.nodes.find((node: { object: { role?: string } | null }) => node.object?.role);
    expect(participation?.object.institution.name).toEqual(expect.any(String));
    expect(response.extensions!.db).toEqual({ statements: expect.any(Number), roundTrips: 1 });
  });

  it('reads history by its id range, never a type\'s whole history, whatever types are asked for', async () => {
    for (const types of [FEED_TYPES, ['Institution', 'CooperationRecord'] as const]) {
      const plan = await t.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${feedPageSql({ row: 0, kind: 0, sub: 0 }, 20, types)}`);
      const history = plan.map((row) => row.detail).filter((detail) => / h\b/.test(detail));
      expect(history.length).toBeGreaterThan(0);
      for (const detail of history) expect(detail).toMatch(/^SEARCH h USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    }
  });

  it('shows an archived object as a removal without content, hides its links, and brings them back', async () => {
    // An institution with a membership and a participation of its own.
    const institution = (await mutate(t, 'create', 'Institution', 'institution', { slug: 'feed-archived-co', type: 'COMPANY', name: { en: 'Feed archive test company', zhHans: '档案测试公司' }, acronym: 'SECRET-ACRONYM' }, admin)).institution as { id: string };
    const network = (await mutate(t, 'create', 'Network', 'network', { slug: 'feed-archive-alliance', kind: 'INDUSTRY_ALLIANCE', status: 'ESTABLISHED', pillar: 'PROJECT_DEVELOPMENT', name: { en: 'Feed archive alliance', zhHans: '档案联盟' } }, admin)).network as { id: string };
    const membership = (await mutate(t, 'create', 'NetworkMembership', 'membership', { network: network.id, institution: institution.id, role: 'MEMBER' }, admin)).membership as { id: string };
    const before = new Replica();
    await before.catchUp(post);
    expect(before.objects.get(membership.id)).toEqual({ type: 'NetworkMembership', version: 1 });

    await mutate(t, 'archive', 'Institution', 'institution', { id: institution.id, version: 1 }, admin);
    const page = await graphql(t.app, `query ($since: String) { changes(since: $since) { nodes { objectId objectType action version causedBy object { id ... on Institution { acronym } } } } }`, { since: before.cursor });
    expect(page.data!.changes.nodes).toEqual([
      { objectId: institution.id, objectType: 'Institution', action: 'ARCHIVE', version: 2, causedBy: null, object: null },
      { objectId: membership.id, objectType: 'NetworkMembership', action: 'ARCHIVE', version: 1, causedBy: institution.id, object: null },
    ]);
    expect(JSON.stringify(page)).not.toContain('SECRET-ACRONYM');
    // The same page for an admin carries the archived content.
    const forAdmin = await graphql(t.app, `query ($since: String) { changes(since: $since) { nodes { object { id ... on Institution { acronym } } } } }`, { since: before.cursor }, admin);
    expect(forAdmin.data!.changes.nodes[0].object).toEqual({ id: institution.id, acronym: 'SECRET-ACRONYM' });

    await before.catchUp(post);
    expect(before.objects.has(institution.id)).toBe(false);
    expect(before.objects.has(membership.id)).toBe(false);
    await mutate(t, 'restore', 'Institution', 'institution', { id: institution.id, version: 2 }, admin);
    await before.catchUp(post);
    expect(before.objects.get(institution.id)).toEqual({ type: 'Institution', version: 3 });
    expect(before.objects.get(membership.id)).toEqual({ type: 'NetworkMembership', version: 1 });
    expect(entries(before.objects)).toEqual(entries(await serverState(post)));
  });

  it('filters by type and still moves its cursor past other types', async () => {
    const query = `query ($since: String) { changes(since: $since, first: 100, types: [Network]) { cursor pageInfo { hasNextPage } nodes { objectType } } }`;
    let since: string | null = null;
    const types = new Set<string>();
    let networks = 0;
    for (let pages = 0; pages < 100; pages++) {
      const { data }: { data?: Record<string, any> } = await graphql(t.app, query, { since });
      for (const node of data!.changes.nodes) types.add(node.objectType);
      networks += data!.changes.nodes.length;
      since = data!.changes.cursor;
      if (!data!.changes.pageInfo.hasNextPage) break;
    }
    expect([...types]).toEqual(['Network']);
    expect(networks).toBeGreaterThan(0);
    const last = await graphql(t.app, query, { since });
    expect(last.data!.changes).toMatchObject({ cursor: since, pageInfo: { hasNextPage: false }, nodes: [] });
  });

  it('refuses forged, foreign and future cursors with RESYNC_REQUIRED', async () => {
    const { data } = await graphql(t.app, CHANGES_QUERY, { first: 3 });
    const cursor = (data!.changes as ChangePage).cursor;
    const decoded = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const forged = btoa(decoded.replace(/^f1:\d+/, 'f1:2')).replace(/=+$/, '');
    const other = await createTestApp();
    try {
      const foreign = (await graphql(other.app, CHANGES_QUERY, { first: 3 })).data!.changes.cursor as string;
      const [row] = await t.db.all<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = 'change_feed_key'`);
      const key = row!.value;
      const future = await encodeCursor(key, { kind: 'feed', position: { row: 1_000_000, kind: 0, sub: 0 } });
      for (const [since, reason] of [
        ['not a cursor', 'UNRECOGNISED_CURSOR'],
        [forged, 'UNRECOGNISED_CURSOR'],
        [foreign, 'UNRECOGNISED_CURSOR'],
        [future, 'CURSOR_AHEAD_OF_DATABASE'],
      ] as const) {
        const response = await graphql(t.app, CHANGES_QUERY, { since });
        expect(response.data ?? null, since).toBeNull();
        expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'RESYNC_REQUIRED', reason, argument: 'since' });
        expect(response.errors?.[0]?.message).toMatch(/sync again from the start/);
      }
    } finally {
      other.close();
    }
  });

  it('costs like a connection of its page size', async () => {
    const small = await graphql(t.app, `{ changes(first: 1) { nodes { objectId object { id } } } }`);
    const large = await graphql(t.app, `{ changes(first: 100) { nodes { objectId object { id } } } }`);
    expect(small.extensions!.cost.requestedQueryCost).toBeLessThan(10);
    expect(large.extensions!.cost.requestedQueryCost).toBeGreaterThanOrEqual(200);
    const tooLarge = await graphql(t.app, `{ changes(first: 101) { nodes { objectId } } }`);
    expect(tooLarge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is never served stale after a write, by the response cache or by HTTP caches', async () => {
    const replica = new Replica();
    await replica.catchUp(post);
    const since = replica.cursor!;
    const query = `query ($since: String) { changes(since: $since) { cursor nodes { objectId } } }`;
    const empty = await graphql(t.app, query, { since });
    expect(empty.data!.changes.nodes).toEqual([]);
    // Twice, so a response cache would have stored it.
    expect((await graphql(t.app, query, { since })).data!.changes.nodes).toEqual([]);
    const created = await mutate(t, 'create', 'Indicator', 'indicator', { slug: 'feed-fresh-figure', pillar: 'PROJECT_DEVELOPMENT', name: { en: 'Fresh figure', zhHans: '新数字' }, value: 1, unit: 'COUNT' }, admin);
    const fresh = await graphql(t.app, query, { since });
    expect(fresh.data!.changes.nodes).toEqual([{ objectId: (created.indicator as { id: string }).id }]);

    // Over GET, HTTP caches must revalidate every time: 304 while nothing changed, the new page after a write.
    const url = `http://localhost/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify({ since }))}`;
    const get = (headers: Record<string, string> = {}) =>
      t.app.fetch(new Request(url, { headers: { accept: 'application/graphql-response+json', ...headers } }));
    const overGet = await get();
    expect(overGet.status).toBe(200);
    expect(overGet.headers.get('cache-control')).toMatch(/\bno-cache\b/);
    const etag = overGet.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await get({ 'if-none-match': etag })).status).toBe(304);
    const second = await mutate(t, 'create', 'Indicator', 'indicator', { slug: 'feed-fresher-figure', pillar: 'PROJECT_DEVELOPMENT', name: { en: 'Fresher figure', zhHans: '更新数字' }, value: 2, unit: 'COUNT' }, admin);
    const revalidated = await get({ 'if-none-match': etag });
    expect(revalidated.status).toBe(200);
    const body = (await revalidated.json()) as { data: { changes: { nodes: { objectId: string }[] } } };
    expect(body.data.changes.nodes.map((node) => node.objectId)).toEqual([(created.indicator as { id: string }).id, (second.indicator as { id: string }).id]);
  });
});

describe('rows loaded without history', () => {
  it('get one creation entry each at the next preparation, ranges of ids past the first included, and no second one', async () => {
    const t = await createTestApp();
    try {
      const loaded = 2600;
      await t.db.$client.execute({
        sql: `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, year)
              WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
              SELECT 'loaded-' || i, 'EVENT', 'COMPLETED', 'TALENT_DEVELOPMENT', '載入 ' || i, '载入 ' || i, 'Loaded ' || i, 2024 FROM n`,
        args: [loaded],
      });
      const creations = () =>
        t.db.all<{ slug: string; entries: number; title: string | null }>(
          sql`SELECT r.slug, count(h.id) AS entries, max(json_extract(h.after, '$.titleEn')) AS title FROM records r
              LEFT JOIN change_history h ON h.entity_type = 'CooperationRecord' AND h.entity_id = r.id AND h.version = 1 AND h.action = 'CREATE'
              WHERE r.slug LIKE 'loaded-%' GROUP BY r.id`,
        );
      expect((await creations()).every((row) => row.entries === 0)).toBe(true);
      const highest = Number((await t.db.all<{ id: number }>(sql`SELECT max(id) AS id FROM records`))[0]!.id);
      expect(highest).toBeGreaterThan(2000);

      await prepareChangeFeed(t.db);
      await prepareChangeFeed(t.db);
      const rows = await creations();
      expect(rows).toHaveLength(loaded);
      for (const row of rows) expect(row, row.slug).toEqual({ slug: row.slug, entries: 1, title: `Loaded ${row.slug.slice('loaded-'.length)}` });
    } finally {
      t.close();
    }
  });
});

describe('sync snapshot', () => {
  let t: TestApp;
  let post: Post;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ trace: true });
    post = postTo(t);
    admin = await bearer(t, 'snapshot-admin', ['admin']);
  });
  afterAll(() => t.close());

  const SNAPSHOT = `query ($after: String) { syncSnapshot(first: 50, after: $after) {
    changesCursor pageInfo { hasNextPage endCursor } nodes { id __typename ${VERSION_FRAGMENTS} } } }`;

  it('with the feed from its cursor, ends exact although writes fall between its pages', async () => {
    const replica = new Replica();
    let after: string | null = null;
    let changesCursor: string | null = null;
    let page = 0;
    for (;;) {
      const response: Awaited<ReturnType<typeof graphql<Record<string, any>>>> = await graphql(t.app, SNAPSHOT, { after });
      expect(response.errors).toBeUndefined();
      expect(response.extensions!.db.roundTrips).toBe(1);
      const snapshot: Record<string, any> = response.data!.syncSnapshot;
      changesCursor ??= snapshot.changesCursor;
      expect(snapshot.changesCursor).toBe(changesCursor);
      for (const node of snapshot.nodes) replica.objects.set(node.id, { type: node.__typename, version: node.version });
      // Writes land between pages: one to an object already copied, one to an object not yet.
      if (page === 0) {
        const first = snapshot.nodes[0];
        await mutate(t, 'update', 'Institution', 'institution', { id: first.id, version: first.version, acronym: 'CHANGED' }, admin);
        const { data } = await graphql(t.app, `{ indicators(first: 1) { nodes { id version } } }`);
        const indicator = data!.indicators.nodes[0];
        await mutate(t, 'archive', 'Indicator', 'indicator', { id: indicator.id, version: indicator.version }, admin);
      }
      page += 1;
      if (!snapshot.pageInfo.hasNextPage) break;
      after = snapshot.pageInfo.endCursor;
    }
    expect(page).toBeGreaterThan(2);
    replica.cursor = changesCursor;
    await replica.catchUp(post);
    expect(entries(replica.objects)).toEqual(entries(await serverState(post)));
  });

  it('of some types in small pages, lists every object once, each page full until the last', async () => {
    const types = ['PlanTarget', 'NetworkMembership', 'Indicator'];
    const query = `query ($after: String, $types: [ChangeObjectType!]) { syncSnapshot(first: 7, after: $after, types: $types) {
      pageInfo { hasNextPage endCursor } nodes { id __typename } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: Awaited<ReturnType<typeof graphql<Record<string, any>>>> = await graphql(t.app, query, { after, types });
      expect(response.errors).toBeUndefined();
      const snapshot: Record<string, any> = response.data!.syncSnapshot;
      // Each type's objects are loaded by the ids its part of the page holds: none may go missing.
      if (snapshot.pageInfo.hasNextPage) expect(snapshot.nodes).toHaveLength(7);
      seen.push(...snapshot.nodes.map((node: { id: string }) => node.id));
      if (!snapshot.pageInfo.hasNextPage) break;
      after = snapshot.pageInfo.endCursor;
    }
    const expected = entries(await serverState(post))
      .filter(([, type]) => types.includes(type))
      .map(([id]) => id)
      .sort();
    expect([...seen].sort()).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('feed under concurrent writes over HTTP', () => {
  let server: TestServer;
  let post: Post;
  let admin: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    post = postVia(`${server.origin}/graphql`);
    admin = await bearer(server, 'sync-writer', ['admin']);
  });
  afterAll(() => server?.stop());

  it('a client replaying the feed from the start while 1,000 writes happen ends with the server’s state', { timeout: 240_000 }, async () => {
    const { data } = await post(`{ institutions(first: 5) { nodes { id } } }`);
    const shared = (data!.institutions.nodes as { id: string }[]).map((node) => node.id);
    const replica = new Replica();
    let writing = true;
    const writer = runWriter(post, { writes: 1_000, loops: 4, headers: admin, prefix: 'feed-load', sharedInstitutions: shared }).finally(() => {
      writing = false;
    });
    // The reader follows the feed for as long as the writer runs, then catches up once more.
    let readsDuringWrites = 0;
    while (writing) {
      readsDuringWrites += await replica.catchUp(post);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const report = await writer;
    await replica.catchUp(post);

    expect(report.failed).toEqual([]);
    expect(report.applied).toBe(1_000);
    expect(report.byAction.archive).toBeGreaterThan(50);
    expect(report.byAction.restore).toBeGreaterThan(20);
    expect(readsDuringWrites).toBeGreaterThan(1);
    const lists = await serverState(post);
    expect(countsByType(replica.objects)).toEqual(countsByType(lists));
    expect(entries(replica.objects)).toEqual(entries(lists));
    // A fresh replay from the start agrees as well.
    const fresh = new Replica();
    await fresh.catchUp(post);
    expect(entries(fresh.objects)).toEqual(entries(lists));
  });
});
