/**
 * Optimistic concurrency: many updates from one version → exactly one wins, the others get a
 * ConflictError with the current version, and the history shows exactly the winning change.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client';
import { updateEntity } from '../src/db/writes';
import { createTestApp, graphql, type TestApp } from './support/app';
import { bearer, mutate } from './support/writes';

let t: TestApp;
let writer: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  writer = await bearer(t, 'editor', ['records:write']);
});
afterAll(() => t.close());

const HISTORY = `query ($id: ID!) { node(id: $id) { ... on Institution { acronym version history(first: 50) { totalCount nodes { version action actor changes { field before after } } } } } }`;

async function createInstitution(slug: string): Promise<string> {
  const created = await mutate(t, 'create', 'Institution', 'institution', { slug, type: 'COMPANY', name: { en: slug, zhHans: '公司' } }, writer);
  return (created.institution as { id: string }).id;
}

describe('a burst of conflicting updates', () => {
  it('lets exactly one of N updates from the same version through', async () => {
    const id = await createInstitution('burst-company');
    const N = 16;
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        mutate(t, 'update', 'Institution', 'institution', { id, version: 1, acronym: `V${i}` }, writer, 'acronym'),
      ),
    );
    expect(results.every((result) => result.status === 200)).toBe(true);
    const winners = results.filter((result) => result.__typename === 'UpdateInstitutionPayload');
    const losers = results.filter((result) => result.__typename === 'ConflictError');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(N - 1);
    for (const loser of losers) expect(loser).toMatchObject({ reason: 'STALE_VERSION', currentVersion: 2 });
    const winner = (winners[0]!.institution as { acronym: string }).acronym;

    const { data } = await graphql(t.app, HISTORY, { id }, writer);
    expect(data!.node.acronym).toBe(winner);
    expect(data!.node.version).toBe(2);
    expect(data!.node.history.totalCount).toBe(2);
    expect(data!.node.history.nodes[0]).toEqual({
      version: 2,
      action: 'UPDATE',
      actor: 'editor',
      changes: [{ field: 'acronym', before: null, after: winner }],
    });
    expect(data!.node.history.nodes[1]).toMatchObject({ version: 1, action: 'CREATE' });
  });

  it('serialises rounds: each round of retries from the newest version has one winner', async () => {
    const id = await createInstitution('rounds-company');
    for (let round = 1; round <= 3; round++) {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          mutate(t, 'update', 'Institution', 'institution', { id, version: round, acronym: `R${round}-${i}` }, writer),
        ),
      );
      expect(results.filter((result) => result.__typename === 'UpdateInstitutionPayload')).toHaveLength(1);
    }
    const { data } = await graphql(t.app, HISTORY, { id }, writer);
    expect(data!.node.version).toBe(4);
    expect(data!.node.history.nodes.map((entry: { version: number }) => entry.version)).toEqual([4, 3, 2, 1]);
    // Every entry's before is the previous entry's after: nothing was lost in between.
    const nodes = [...data!.node.history.nodes].reverse() as { changes: { field: string; before: unknown; after: unknown }[] }[];
    for (let i = 2; i < nodes.length; i++) {
      expect(nodes[i]!.changes[0]!.before).toBe(nodes[i - 1]!.changes[0]!.after);
    }
  });
});

describe('the batch guard', () => {
  /** A database whose first batch is preceded by a competing write that lands after the pre-read. */
  function withCompetingWrite(db: Database, compete: () => Promise<unknown>): Database {
    let raced = false;
    return new Proxy(db, {
      get(target, property, receiver) {
        if (property === 'batch' && !raced) {
          return async (...args: Parameters<Database['batch']>) => {
            if ((args[0] as unknown as unknown[]).length > 3) {
              raced = true;
              await compete();
            }
            return target.batch(...args);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
  }

  it('refuses a write whose version changed between its read and its batch, leaving no trace', async () => {
    const globalId = await createInstitution('raced-company');
    const id = Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
    const actor = { keyId: 1, name: 'editor' };
    const racing = withCompetingWrite(t.db, () =>
      updateEntity(t.db, 'Institution', actor, { id, version: 1, path: ['input', 'id'] }, { acronym: 'FIRST', nameEn: 'First Name' }),
    );
    const result = await updateEntity(racing, 'Institution', actor, { id, version: 1, path: ['input', 'id'] }, { acronym: 'SECOND', nameEn: 'Second Name' });
    expect(result).toEqual({
      ok: false,
      failure: expect.objectContaining({ kind: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 2 }),
    });
    const [row] = await t.db.all<{ acronym: string; version: number }>(sql`SELECT acronym, version FROM institutions WHERE id = ${id}`);
    expect(row).toEqual({ acronym: 'FIRST', version: 2 });
    const history = await t.db.all<{ version: number; after: string }>(
      sql`SELECT version, after FROM change_history WHERE entity_type = 'Institution' AND entity_id = ${id} ORDER BY version`,
    );
    expect(history.map((entry) => entry.version)).toEqual([1, 2]);
    expect(JSON.parse(history[1]!.after)).toMatchObject({ acronym: 'FIRST', nameEn: 'First Name' });
    // The search index holds the winner's text, not the loser's.
    const [indexed] = await t.db.all<{ title: string }>(
      sql`SELECT title FROM search_index WHERE entity_type = 'Institution' AND entity_id = ${id}`,
    );
    expect(indexed!.title).toContain('first');
    expect(indexed!.title).not.toContain('second');
  });
});
