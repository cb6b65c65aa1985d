/**
 * A network's members' totalCount is read from counters (src/db/counters.ts): the institutions'
 * member set `memberships`, kept per network, holds each public membership once, in the bucket of
 * its role. Totals read from it must equal the public memberships counted over the rows after every
 * kind of write (through the API and in SQL), stale counters must be counted over the rows instead,
 * and a page of members must be read in id order from the live index, not sorted whole.
 */
import { sql } from 'drizzle-orm';
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { NETWORK_ROLES } from '../src/db/enums';
import { planRead } from '../src/graphql/compiled-read';
import { schema } from '../src/graphql/index';
import { graphql } from './support/app';
import { createCountedApps } from './support/counted-apps';
import { newInstitution, type Created } from './support/fixtures';
import { mutate } from './support/writes';

const { t, resolvers, writer, admin, paths } = await createCountedApps();
afterAll(() => t.close());

type Row = Record<string, any>;
const rows = async (query: string, args: unknown[] = []): Promise<Row[]> =>
  (await t.db.$client.execute({ sql: query, args: args as never })).rows.map((row) => ({ ...row }));

const rowIdOf = (created: Created) => Number(Buffer.from(created.id, 'base64').toString().split(':')[1]);

/** A role as the counters' buckets hold it: bit i for the i-th role of the enum. */
const roleBit = `CASE m.role ${NETWORK_ROLES.map((role, index) => `WHEN '${role}' THEN ${2 ** index}`).join(' ')} END`;

/** What the counters must hold, counted over the rows: per network, its live memberships of live institutions by role. */
const recounted = () =>
  rows(`SELECT 'memberships=' || m.network_id || '/role' AS dimension, ${roleBit} AS bucket, count(*) AS count
        FROM network_members m JOIN institutions i ON i.id = m.institution_id
        WHERE m.archived_at IS NULL AND i.archived_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`);

const stored = () =>
  rows(`SELECT dimension, bucket, count FROM live_counts WHERE entity = 'institutions' AND dimension LIKE 'memberships=%' AND count <> 0 ORDER BY 1, 2`);

/** Each public network's public memberships, counted over the rows. */
const countedOverRows = async (): Promise<Record<string, number>> =>
  Object.fromEntries(
    (
      await rows(`SELECT n.slug, (SELECT count(*) FROM network_members m JOIN institutions i ON i.id = m.institution_id
                    WHERE m.network_id = n.id AND m.archived_at IS NULL AND i.archived_at IS NULL) AS total
                  FROM networks n WHERE n.archived_at IS NULL`)
    ).map((row) => [String(row.slug), Number(row.total)]),
  );

/** One network's members' total, by its global ID. */
const MEMBERS_OF = `query ($id: ID!) { node(id: $id) { ... on Network { members(first: 1) { totalCount } } } }`;

const MEMBERS = `{ networks(first: 100) { nodes { slug members(first: 2) { totalCount nodes { role institution { id } } } } } }`;

/** The totals the API answers, per network slug: the same as the resolvers' and as counted over the rows, with the counters equal to a recount. */
async function expectExact(): Promise<Record<string, number>> {
  expect(await stored()).toEqual(await recounted());
  const answer = await graphql(t.app, MEMBERS);
  expect(answer.errors).toBeUndefined();
  expect(paths.at(-1)).toBe('compiled');
  expect(answer.data).toEqual((await graphql(resolvers, MEMBERS)).data);
  const totals = Object.fromEntries(
    (answer.data!.networks.nodes as { slug: string; members: { totalCount: number } }[]).map((node) => [node.slug, node.members.totalCount]),
  );
  expect(totals).toEqual(await countedOverRows());
  return totals;
}

let networks = 0;
async function newNetwork(): Promise<Created & { slug: string }> {
  const slug = `counted-network-${++networks}`;
  const result = await mutate(
    t,
    'create',
    'Network',
    'network',
    { slug, kind: 'TRAINING_ALLIANCE', status: 'ESTABLISHED', pillar: 'TALENT_DEVELOPMENT', name: { en: `Counted network ${networks}`, zhHans: `计数网络${networks}` } },
    writer,
  );
  expect(result.__typename, JSON.stringify(result)).toBe('CreateNetworkPayload');
  return { ...(result.network as Created), slug };
}

async function join(network: Created, institution: Created, role: string): Promise<Created> {
  const result = await mutate(t, 'create', 'NetworkMembership', 'membership', { network: network.id, institution: institution.id, role }, writer);
  expect(result.__typename).toBe('CreateNetworkMembershipPayload');
  return result.membership as Created;
}

describe('network membership counters', () => {
  it('hold each public membership once after the seed, and the totals read from them equal the rows', async () => {
    const totals = await expectExact();
    expect(Object.values(totals).some((total) => total > 2)).toBe(true);
  });

  it('follow memberships created, changed, archived and restored, and their institutions and networks archived, through the API', async () => {
    const network = await newNetwork();
    const [lead, member] = [await newInstitution(t, writer), await newInstitution(t, writer)];
    const led = await join(network, lead, 'LEAD');
    const joined = await join(network, member, 'MEMBER');
    expect((await expectExact())[network.slug]).toBe(2);

    const changed = await mutate(t, 'update', 'NetworkMembership', 'membership', { id: joined.id, version: joined.version, role: 'LEAD' }, writer);
    expect(changed.__typename).toBe('UpdateNetworkMembershipPayload');
    expect((await expectExact())[network.slug]).toBe(2);

    expect((await mutate(t, 'archive', 'NetworkMembership', 'membership', { id: led.id, version: led.version }, admin)).__typename).toBe(
      'ArchiveNetworkMembershipPayload',
    );
    expect((await expectExact())[network.slug]).toBe(1);
    expect((await mutate(t, 'restore', 'NetworkMembership', 'membership', { id: led.id, version: led.version + 1 }, admin)).__typename).toBe(
      'RestoreNetworkMembershipPayload',
    );
    expect((await expectExact())[network.slug]).toBe(2);

    expect((await mutate(t, 'archive', 'Institution', 'institution', { id: member.id, version: member.version }, admin)).__typename).toBe('ArchiveInstitutionPayload');
    expect((await expectExact())[network.slug]).toBe(1);
    expect((await mutate(t, 'restore', 'Institution', 'institution', { id: member.id, version: member.version + 1 }, admin)).__typename).toBe(
      'RestoreInstitutionPayload',
    );
    expect((await expectExact())[network.slug]).toBe(2);

    expect((await mutate(t, 'archive', 'Network', 'network', { id: network.id, version: network.version }, admin)).__typename).toBe('ArchiveNetworkPayload');
    expect(network.slug in (await expectExact())).toBe(false);
    // A caller who sees archived rows is not answered from the counters, which count public rows only.
    const asAdmin = await graphql(t.app, MEMBERS_OF, { id: network.id }, admin);
    expect(asAdmin.data!.node.members.totalCount).toBe(2);
    expect(asAdmin.data).toEqual((await graphql(resolvers, MEMBERS_OF, { id: network.id }, admin)).data);
    expect((await mutate(t, 'restore', 'Network', 'network', { id: network.id, version: network.version + 1 }, admin)).__typename).toBe('RestoreNetworkPayload');
    expect((await expectExact())[network.slug]).toBe(2);
  });

  it('follow writes in SQL: memberships moved between networks and institutions, deleted, and a network deleted with its memberships', async () => {
    const [from, to] = [await newNetwork(), await newNetwork()];
    const institutions = [await newInstitution(t, writer), await newInstitution(t, writer), await newInstitution(t, writer)];
    const memberships = [];
    for (const institution of institutions) memberships.push(await join(from, institution, 'MEMBER'));
    expect(await expectExact()).toMatchObject({ [from.slug]: 3, [to.slug]: 0 });

    await t.db.run(sql`UPDATE network_members SET network_id = ${rowIdOf(to)} WHERE id = ${rowIdOf(memberships[0]!)}`);
    expect(await expectExact()).toMatchObject({ [from.slug]: 2, [to.slug]: 1 });
    const newcomer = await newInstitution(t, writer);
    await t.db.run(sql`UPDATE network_members SET institution_id = ${rowIdOf(newcomer)}, role = 'LEAD' WHERE id = ${rowIdOf(memberships[1]!)}`);
    await t.db.run(sql`UPDATE institutions SET archived_at = '2026-01-01T00:00:00.000Z' WHERE id = ${rowIdOf(institutions[1]!)}`);
    // The membership moved to a live institution before its former one was archived: still counted.
    expect(await expectExact()).toMatchObject({ [from.slug]: 2, [to.slug]: 1 });
    await t.db.run(sql`DELETE FROM network_members WHERE id = ${rowIdOf(memberships[2]!)}`);
    expect(await expectExact()).toMatchObject({ [from.slug]: 1, [to.slug]: 1 });
    await t.db.run(sql`INSERT INTO network_members (network_id, institution_id, role) VALUES (${rowIdOf(to)}, ${rowIdOf(institutions[2]!)}, 'LEAD')`);
    expect(await expectExact()).toMatchObject({ [from.slug]: 1, [to.slug]: 2 });
    await t.db.run(sql`DELETE FROM networks WHERE id = ${rowIdOf(to)}`);
    expect(await expectExact()).toMatchObject({ [from.slug]: 1 });
    expect(await stored()).not.toContainEqual(expect.objectContaining({ dimension: `memberships=${rowIdOf(to)}/role` }));
  });

  it('are read from the counters while current, and counted over the rows while stale', async () => {
    const [busiest] = await rows(
      `SELECT n.id FROM networks n JOIN network_members m ON m.network_id = n.id WHERE n.archived_at IS NULL GROUP BY n.id ORDER BY count(*) DESC, n.id LIMIT 1`,
    );
    const dimension = `memberships=${busiest!.id}/role`;
    const id = Buffer.from(`Network:${busiest!.id}`).toString('base64');
    const total = async (app: App) => (await graphql(app, MEMBERS_OF, { id })).data!.node.members.totalCount as number;
    const reference = await total(resolvers);
    expect(reference).toBeGreaterThan(0);
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE entity = 'institutions' AND dimension = ${dimension}`);
    try {
      expect(await total(t.app)).toBeGreaterThanOrEqual(reference + 1000);
      const [meta] = await rows(`SELECT value FROM app_meta WHERE key = 'live_counts'`);
      await t.db.run(sql`UPDATE app_meta SET value = 'stale' WHERE key = 'live_counts'`);
      try {
        expect(await total(t.app)).toBe(reference);
      } finally {
        await t.db.run(sql`UPDATE app_meta SET value = ${meta!.value} WHERE key = 'live_counts'`);
      }
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000 WHERE entity = 'institutions' AND dimension = ${dimension}`);
    }
    await expectExact();
  });

  it('read a page of members in id order from the live index, without sorting every member', async () => {
    const plan = planRead(schema, parse(MEMBERS), null, {}, { db: t.db, locale: 'EN', viewer: null });
    expect(plan).not.toBeNull();
    const steps = (await t.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${plan!.query.sql}`, args: plan!.query.params as never })).rows.map((row) => String(row.detail));
    expect(steps).toContain('SEARCH j2 USING INDEX network_members_live_network (network_id=?)');
    expect(steps.filter((step) => step.includes('TEMP B-TREE'))).toEqual([]);
    // The total reads the counters, not the memberships.
    expect(plan!.query.sql).toContain(`'memberships=' ||`);
  });
});
