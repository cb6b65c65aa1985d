/**
 * Archived objects, and the links that lead to them, are unreachable for callers without the
 * admin scope — through any field. Besides the named paths, a crawler walks the whole public graph
 * from every root list and every `node` it finds, selecting every field the schema offers, and
 * checks that nothing archived shows up.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type TestApp } from './support/app';
import { seededIds } from './support/fixtures';
import { bearer, mutate } from './support/writes';

let t: TestApp;
let writer: Record<string, string>;
let admin: Record<string, string>;
const ids: Record<string, string> = {};
const HIDDEN_MARK = 'Zqxhidden';

const globalId = (type: string, id: unknown) => Buffer.from(`${type}:${String(id)}`).toString('base64');
const decode = (id: string) => Buffer.from(id, 'base64').toString('utf8');

async function create(type: string, field: string, input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const result = await mutate(t, 'create', type, field, input, writer);
  expect(result.__typename, JSON.stringify(result)).toBe(`Create${type}Payload`);
  return result[field] as { id: string; version: number };
}

beforeAll(async () => {
  t = await createTestApp();
  writer = await bearer(t, 'visibility-writer', ['records:write']);
  admin = await bearer(t, 'visibility-admin', ['admin']);
  ids.network = (await seededIds(t)).network;

  const a = await create('Institution', 'institution', {
    slug: 'hidden-institution',
    type: 'RESEARCH_INSTITUTE',
    name: { en: `${HIDDEN_MARK} Institute`, zhHans: '隐藏研究所' },
  });
  const child = await create('Institution', 'institution', {
    slug: 'visible-child-institution',
    type: 'RESEARCH_INSTITUTE',
    name: { en: 'Visible Child Institute', zhHans: '可见子研究所' },
    parent: a.id,
  });
  const p = await create('CooperationRecord', 'record', {
    slug: 'hidden-parent-record',
    kind: 'EVENT',
    status: 'COMPLETED',
    pillar: 'TALENT_DEVELOPMENT',
    title: { en: `${HIDDEN_MARK} parent event`, zhHans: '隐藏的上级活动' },
    startsOn: '2022-05-01',
  });
  const c = await create('CooperationRecord', 'record', {
    slug: 'visible-child-record',
    kind: 'EVENT',
    status: 'COMPLETED',
    pillar: 'TALENT_DEVELOPMENT',
    title: { en: 'Visible child event', zhHans: '可见的下级活动' },
    startsOn: '2022-05-02',
    parent: p.id,
  });
  const participation = await create('Participation', 'participation', { record: c.id, institution: a.id, role: 'HOST' });
  const membership = await create('NetworkMembership', 'membership', { network: ids.network, institution: a.id, role: 'MEMBER' });
  const indicator = await create('Indicator', 'indicator', {
    slug: 'visible-indicator-of-hidden',
    name: { en: 'Visible indicator', zhHans: '可见指标' },
    pillar: 'TALENT_DEVELOPMENT',
    unit: 'COUNT',
    value: 3,
    institution: a.id,
  });
  Object.assign(ids, {
    a: a.id,
    child: child.id,
    p: p.id,
    c: c.id,
    participation: participation.id,
    membership: membership.id,
    indicator: indicator.id,
  });
  for (const [type, field, target] of [
    ['Institution', 'institution', a],
    ['CooperationRecord', 'record', p],
  ] as const) {
    const archived = await mutate(t, 'archive', type, field, { id: target.id, version: target.version }, writer);
    expect(archived.__typename).toBe(`Archive${type}Payload`);
  }
});
afterAll(() => t.close());

/** Global IDs that must never reach an anonymous caller: the archived rows and the links to them. */
const hiddenIds = () => [ids.a!, ids.p!, ids.participation!, ids.membership!];

describe('named paths', () => {
  it('answers null for to-one relations to archived objects, with no history behind them', async () => {
    const { data, errors } = await graphql(
      t.app,
      `{ record(slug: "visible-child-record") { parent { slug version history { nodes { before after } } }
           participants { totalCount nodes { institution { slug } } } }
         institution(slug: "visible-child-institution") { parent { slug } }
         indicators(first: 100) { nodes { id institution { slug } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.record).toEqual({ parent: null, participants: { totalCount: 0, nodes: [] } });
    expect(data!.institution).toEqual({ parent: null });
    const indicator = data!.indicators.nodes.find((node: { id: string }) => node.id === ids.indicator);
    expect(indicator).toEqual({ id: ids.indicator, institution: null });
  });

  it('leaves links to archived objects out of connections and their counts', async () => {
    const anonymous = await graphql(
      t.app,
      `query ($id: ID!) { node(id: $id) { ... on Network { members(first: 100) { totalCount nodes { id institution { slug } } } } } }`,
      { id: ids.network },
    );
    const asAdmin = await graphql(
      t.app,
      `query ($id: ID!) { node(id: $id) { ... on Network { members(first: 100) { totalCount nodes { id institution { slug } } } } } }`,
      { id: ids.network },
      admin,
    );
    const members = anonymous.data!.node.members;
    expect(members.nodes.map((node: { id: string }) => node.id)).not.toContain(ids.membership);
    expect(members.totalCount).toBe(members.nodes.length);
    // An admin sees everything, the archived member included.
    expect(asAdmin.data!.node.members.totalCount).toBe(members.totalCount + 1);
    expect(asAdmin.data!.node.members.nodes.map((node: { id: string }) => node.id)).toContain(ids.membership);
  });

  it('treats a filter by an archived institution like one by an unknown ID', async () => {
    const { data } = await graphql(t.app, `query ($a: ID!) { records(filter: { institution: $a }) { totalCount nodes { slug } } }`, {
      a: ids.a,
    });
    expect(data!.records).toEqual({ totalCount: 0, nodes: [] });
  });

  it('hides archived objects and their links from node, nodes and slug lookups', async () => {
    const { data } = await graphql(
      t.app,
      `query ($ids: [ID!]!, $a: ID!) { node(id: $a) { id } nodes(ids: $ids) { id }
         institution(slug: "hidden-institution") { id } record(slug: "hidden-parent-record") { id } }`,
      { ids: hiddenIds(), a: ids.a },
    );
    expect(data).toEqual({ node: null, nodes: hiddenIds().map(() => null), institution: null, record: null });
  });

  it('shows admins the archived parent through the relation', async () => {
    const { data } = await graphql(t.app, `{ record(slug: "visible-child-record") { parent { slug } participants { totalCount } } }`, undefined, admin);
    expect(data!.record).toEqual({ parent: { slug: 'hidden-parent-record' }, participants: { totalCount: 1 } });
  });

  it('keeps archived objects out of search and statistics', async () => {
    const { data } = await graphql(
      t.app,
      `{ search(query: "${HIDDEN_MARK}") { totalCount } statistics { totals { institutions records } } }`,
    );
    expect(data!.search.totalCount).toBe(0);
    const { data: listed } = await graphql(t.app, `{ institutions { totalCount } records { totalCount } }`);
    expect(data!.statistics.totals).toEqual({ institutions: listed!.institutions.totalCount, records: listed!.records.totalCount });
  });
});

describe('the whole public graph', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    const { data } = await graphql<IntrospectionQuery>(t.app, getIntrospectionQuery());
    schema = buildClientSchema(data!);
  });

  const hasRequiredArgs = (field: GraphQLField<unknown, unknown>) => field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);

  /** Every field of a type, `depth` object levels deep; connections are asked for 5 items. */
  function selection(type: GraphQLNamedType, depth: number): string {
    if (isUnionType(type)) {
      return `__typename ${type.getTypes().map((member) => `... on ${member.name} { ${selection(member, depth)} }`).join(' ')}`;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return '';
    const parts = ['__typename'];
    for (const field of Object.values(type.getFields())) {
      if (hasRequiredArgs(field)) continue;
      const named = getNamedType(field.type);
      const args = field.args.some((arg) => arg.name === 'first') ? '(first: 5)' : '';
      if (isLeafType(named)) parts.push(`${field.name}${args}`);
      else if (depth > 0) parts.push(`${field.name}${args} { ${selection(named, depth - 1)} }`);
    }
    return parts.join(' ');
  }

  function collectIds(value: unknown, into: Set<string>): void {
    if (Array.isArray(value)) value.forEach((item) => collectIds(item, into));
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'id' && typeof inner === 'string') into.add(inner);
        else collectIds(inner, into);
      }
    }
  }

  it('reaches no archived object, link or text from any root field or node', async () => {
    const query = schema.getQueryType()!;
    const seen = new Set<string>();
    const texts: string[] = [];
    const run = async (document: string, variables?: Record<string, unknown>) => {
      const response = await graphql(t.app, document, variables);
      expect(response.errors, `${document}\n${JSON.stringify(response.errors)}`).toBeUndefined();
      texts.push(JSON.stringify(response.data));
      collectIds(response.data, seen);
    };
    for (const field of Object.values(query.getFields())) {
      if (hasRequiredArgs(field) || isLeafType(getNamedType(field.type))) continue;
      const args = field.args.some((arg) => arg.name === 'first') ? '(first: 5)' : '';
      await run(`{ ${field.name}${args} { ${selection(getNamedType(field.type), 2)} } }`);
    }
    // Every object found is fetched again through `node`, which reaches its own relations.
    const visited = new Set<string>([ids.c!, ids.child!, ids.indicator!, ids.network!]);
    for (const id of visited) seen.add(id);
    const queue = [...seen];
    while (queue.length > 0) {
      const id = queue.shift()!;
      const type = schema.getType(decode(id).split(':')[0]!);
      if (!type || !isObjectType(type)) continue;
      const before = new Set(seen);
      await run(`query ($id: ID!) { node(id: $id) { ... on ${type.name} { ${selection(type, 2)} } } }`, { id });
      for (const found of seen) if (!before.has(found)) queue.push(found);
      expect(seen.size).toBeLessThan(2_000);
    }
    for (const hidden of hiddenIds()) expect(seen.has(hidden), decode(hidden)).toBe(false);
    expect(seen.has(ids.c!)).toBe(true);
    expect(texts.join('\n')).not.toContain(HIDDEN_MARK);
    expect(texts.join('\n')).not.toContain('hidden-institution');
    expect(texts.join('\n')).not.toContain('hidden-parent-record');
  });
});

describe('writers without admin', () => {
  it('get NotFoundError for an archived object, as for a missing one', async () => {
    const archivedUpdate = await mutate(t, 'update', 'Institution', 'institution', { id: ids.a, version: 2, acronym: 'X' }, writer);
    const missingUpdate = await mutate(t, 'update', 'Institution', 'institution', { id: globalId('Institution', 999_999), version: 2, acronym: 'X' }, writer);
    expect(archivedUpdate.__typename).toBe('NotFoundError');
    expect({ ...archivedUpdate, status: 0 }).toEqual({ ...missingUpdate, status: 0 });
  });

  it('are not told that an archived object holds a slug', async () => {
    const duplicate = await mutate(t, 'create', 'Institution', 'institution', {
      slug: 'hidden-institution',
      type: 'RESEARCH_INSTITUTE',
      name: { en: 'Another', zhHans: '另一个' },
    }, writer);
    expect(duplicate).toMatchObject({ __typename: 'ConflictError', reason: 'DUPLICATE' });
    expect(duplicate.message).not.toMatch(/archiv/i);
  });
});

describe('a roles filter', () => {
  it('counts and lists no record whose participations in those roles are archived or of archived institutions', async () => {
    const own = await createTestApp({ caching: { responseCache: false } });
    try {
      const hosted = `{ records(first: 50, filter: { roles: [HOST] }) { totalCount nodes { id } } }`;
      const before = (await graphql(own.app, hosted)).data!.records;
      expect(before.totalCount).toBeGreaterThan(0);
      expect(before.nodes).toHaveLength(before.totalCount);
      // Every host archived, as institutions; then the participations too, institutions restored.
      await own.db.$client.execute(`UPDATE institutions SET archived_at = '2026-01-01T00:00:00Z' WHERE id IN (SELECT institution_id FROM participants WHERE role = 'HOST')`);
      expect((await graphql(own.app, hosted)).data!.records).toEqual({ totalCount: 0, nodes: [] });
      await own.db.$client.execute(`UPDATE institutions SET archived_at = NULL`);
      await own.db.$client.execute(`UPDATE participants SET archived_at = '2026-01-01T00:00:00Z' WHERE role = 'HOST'`);
      expect((await graphql(own.app, hosted)).data!.records).toEqual({ totalCount: 0, nodes: [] });
      await own.db.$client.execute(`UPDATE participants SET archived_at = NULL`);
      expect((await graphql(own.app, hosted)).data!.records.totalCount).toBe(before.totalCount);
    } finally {
      own.close();
    }
  });
});
