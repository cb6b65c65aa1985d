/** Change history of records, and the search index kept current inside the same writes. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildSearchIndex, searchRowsOf } from '../src/db/search';
import { createTestApp, graphql, type TestApp } from './support/app';
import { bearer, mutate } from './support/writes';

let t: TestApp;
let writer: Record<string, string>;
let admin: Record<string, string>;
let id = '';

const HISTORY = `query ($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on CooperationRecord {
      history(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { version action actor changedAt changes { field before after } before after }
      }
    }
  }
}`;

beforeAll(async () => {
  t = await createTestApp();
  writer = await bearer(t, 'editor', ['records:write']);
  admin = await bearer(t, 'chief', ['admin']);
  const created = await mutate(
    t,
    'create',
    'CooperationRecord',
    'record',
    {
      slug: 'history-forum',
      kind: 'EVENT',
      status: 'PLANNED',
      pillar: 'POLICY_COORDINATION',
      title: { en: 'Quantum harmonisation forum', zhHant: '量子協調論壇' },
      startsOn: '2023-04',
      countries: ['CN'],
    },
    writer,
  );
  id = (created.record as { id: string }).id;
  await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 1, status: 'COMPLETED', countries: ['CN', 'BR'] }, writer);
  await mutate(t, 'archive', 'CooperationRecord', 'record', { id, version: 2 }, writer);
  await mutate(t, 'restore', 'CooperationRecord', 'record', { id, version: 3 }, admin);
});
afterAll(() => t.close());

describe('history', () => {
  it('lists every change, newest first, with what changed before and after', async () => {
    const { data } = await graphql(t.app, HISTORY, { id, first: 10 }, writer);
    const history = data!.node.history;
    expect(history.totalCount).toBe(4);
    expect(history.nodes.map((entry: { action: string; actor: string }) => [entry.action, entry.actor])).toEqual([
      ['RESTORE', 'chief'],
      ['ARCHIVE', 'editor'],
      ['UPDATE', 'editor'],
      ['CREATE', 'editor'],
    ]);
    const [restore, archive, update, create] = history.nodes;
    expect(update.changes).toEqual([
      { field: 'status', before: 'PLANNED', after: 'COMPLETED' },
      { field: 'countries', before: ['CN'], after: ['BR', 'CN'] },
    ]);
    expect(archive.changes).toEqual([{ field: 'archivedAt', before: null, after: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(restore.changes).toEqual([{ field: 'archivedAt', before: archive.changes[0].after, after: null }]);
    // The creation lists what it set, including the Simplified title derived from the Traditional one.
    expect(create.before).toBeNull();
    expect(create.changes).toContainEqual({ field: 'titleZhHans', before: null, after: '量子协调论坛' });
    expect(create.changes).toContainEqual({ field: 'datePrecision', before: null, after: 'MONTH' });
    expect(create.after).toMatchObject({ slug: 'history-forum', version: 1, year: 2023, countries: ['CN'] });
    expect(update.before).toMatchObject({ version: 1, status: 'PLANNED' });
    expect(update.after).toMatchObject({ version: 2, status: 'COMPLETED' });
    expect(Date.parse(update.changedAt)).toBeGreaterThanOrEqual(Date.parse(create.changedAt));
  });

  it('pages', async () => {
    const first = await graphql(t.app, HISTORY, { id, first: 3 });
    expect(first.data!.node.history.nodes.map((entry: { version: number }) => entry.version)).toEqual([4, 3, 2]);
    expect(first.data!.node.history.pageInfo.hasNextPage).toBe(true);
    const second = await graphql(t.app, HISTORY, { id, first: 3, after: first.data!.node.history.pageInfo.endCursor });
    expect(second.data!.node.history.nodes.map((entry: { version: number }) => entry.version)).toEqual([1]);
  });

  it("records an indicator's linked fields with its row, as it does a record's", async () => {
    const created = await mutate(
      t,
      'create',
      'Indicator',
      'indicator',
      { slug: 'history-figure', pillar: 'PROJECT_DEVELOPMENT', name: { en: 'History figure', zhHans: '历史数字' }, value: 3, unit: 'COUNT', fields: ['BIG_DATA'] },
      writer,
    );
    expect(created).toMatchObject({ __typename: 'CreateIndicatorPayload' });
    const indicatorId = (created.indicator as { id: string }).id;
    await mutate(t, 'update', 'Indicator', 'indicator', { id: indicatorId, version: 1, fields: ['BIG_DATA', 'ARTIFICIAL_INTELLIGENCE'] }, writer);
    const { data } = await graphql(
      t.app,
      `query ($id: ID!) { node(id: $id) { ... on Indicator { history(first: 5) { nodes { action changes { field before after } after } } } } }`,
      { id: indicatorId },
      writer,
    );
    const [update, create] = data!.node.history.nodes;
    expect(create.after).toMatchObject({ fields: ['BIG_DATA'] });
    expect(update.changes).toEqual([{ field: 'fields', before: ['BIG_DATA'], after: ['ARTIFICIAL_INTELLIGENCE', 'BIG_DATA'] }]);
  });

  it('hides who made a change from callers without a write key', async () => {
    const { data } = await graphql(t.app, HISTORY, { id, first: 10 });
    expect(data!.node.history.nodes.map((entry: { actor: string | null }) => entry.actor)).toEqual([null, null, null, null]);
  });
});

describe('search index', () => {
  const search = async (query: string) => {
    const { data } = await graphql(t.app, `query ($q: String!) { search(query: $q, types: [CooperationRecord]) { nodes { __typename ... on CooperationRecord { id } } } }`, { q: query });
    return (data!.search.nodes as { id?: string }[]).map((node) => node.id);
  };

  it('follows creates, renames, archives and restores', async () => {
    expect(await search('量子协调')).toContain(id);
    await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 4, title: { en: 'Photonic alignment forum', zhHans: '光子对齐论坛' } }, writer);
    expect(await search('Quantum')).not.toContain(id);
    expect(await search('photonic')).toContain(id);
    expect(await search('光子對齊')).toContain(id);
    await mutate(t, 'archive', 'CooperationRecord', 'record', { id, version: 5 }, writer);
    expect(await search('photonic')).not.toContain(id);
    await mutate(t, 'restore', 'CooperationRecord', 'record', { id, version: 6 }, admin);
    expect(await search('photonic')).toContain(id);
  });

  it('finds the rows a write re-indexes through the index, not by reading every row', async () => {
    const rows = await t.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${searchRowsOf('CooperationRecord', sql`${5}`)}`);
    const scans = rows.map((row) => row.detail).filter((detail) => detail.includes('search_index'));
    expect(scans.length).toBeGreaterThan(0);
    // FTS5 names the constraint it was given after the colon (M for a match); nothing after it is a full scan.
    for (const scan of scans) expect(scan).toMatch(/VIRTUAL TABLE INDEX \d+:\S/);
    const found = await t.db.all(sql`${searchRowsOf('CooperationRecord', sql`(SELECT min(id) FROM records WHERE archived_at IS NULL)`)}`);
    expect(found).toHaveLength(1);
  });

  it('matches a full rebuild after writes to every searchable type', async () => {
    await mutate(t, 'create', 'Institution', 'institution', { slug: 'index-check', type: 'COMPANY', name: { en: 'Index Check Ltd', zhHans: '索引检查公司' }, acronym: 'ICL', description: { en: 'Checks indexes.' } }, writer);
    await mutate(t, 'create', 'Indicator', 'indicator', { slug: 'index-figure', pillar: 'PROJECT_DEVELOPMENT', name: { en: 'Index figure', zhHans: '索引数字' }, value: 1, unit: 'COUNT' }, writer);
    const snapshot = () =>
      t.db.all(sql`SELECT entity_type, entity_id, title, body, unigrams FROM search_index ORDER BY entity_type, entity_id`);
    const incremental = await snapshot();
    await rebuildSearchIndex(t.db);
    expect(await snapshot()).toEqual(incremental);
  });
});
