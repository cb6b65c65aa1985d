/** Create, update, archive and restore of every entity: success paths and typed failures. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type TestApp } from './support/app';
import { newInstitution, newRecord, seededIds, SEEDED_SLUGS } from './support/fixtures';
import { bearer, mutate } from './support/writes';

let t: TestApp;
let writer: Record<string, string>;
let admin: Record<string, string>;
const seeded: Record<string, string> = {};

async function countRows(table: string): Promise<number> {
  const [row] = await t.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`));
  return Number(row!.n);
}

beforeAll(async () => {
  t = await createTestApp();
  writer = await bearer(t, 'editor', ['records:write']);
  admin = await bearer(t, 'administrator', ['admin']);
  Object.assign(seeded, await seededIds(t));
  seeded.institutionSlug = SEEDED_SLUGS.institution;
  // Linked to the seeded network and record by the cases below: a new institution has no links yet.
  seeded.institution2 = (await newInstitution(t, writer)).id;
});
afterAll(() => t.close());

interface Case {
  type: string;
  field: string;
  create: () => Record<string, unknown>;
  update: Record<string, unknown>;
  select: string;
  expectUpdated: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    type: 'Institution',
    field: 'institution',
    create: () => ({ slug: 'test-university', type: 'UNIVERSITY', name: { en: 'Test University', zhHant: '測試大學' }, country: 'CN', website: 'https://example.edu/' }),
    update: { acronym: 'TU', description: { zhHans: '一所测试用的大学' } },
    select: 'acronym zh: name(locale: ZH_HANS) descriptionTranslations { zhHans zhHant en }',
    expectUpdated: { acronym: 'TU', zh: '测试大学', descriptionTranslations: { zhHans: '一所测试用的大学', zhHant: '一所測試用的大學', en: null } },
  },
  {
    type: 'BranchCentre',
    field: 'branchCentre',
    create: () => ({ slug: 'test-platform', kind: 'ENABLING_PLATFORM', status: 'LAUNCHED', name: { en: 'Test Platform', zhHans: '测试平台' }, host: seeded.institution, launchedOn: '2022-06' }),
    update: { status: 'OPERATING', launchedOn: '2022-06-18' },
    select: 'status launchedOn host { id }',
    expectUpdated: { status: 'OPERATING', launchedOn: '2022-06-18' },
  },
  {
    type: 'Network',
    field: 'network',
    create: () => ({ slug: 'test-alliance', kind: 'TRAINING_ALLIANCE', status: 'ESTABLISHED', pillar: 'TALENT_DEVELOPMENT', name: { en: 'Test Alliance', zhHans: '测试联盟' } }),
    update: { status: 'EXPANDING', membershipIncomplete: true },
    select: 'status membershipIncomplete',
    expectUpdated: { status: 'EXPANDING', membershipIncomplete: true },
  },
  {
    type: 'NetworkMembership',
    field: 'membership',
    create: () => ({ network: seeded.network, institution: seeded.institution2, role: 'MEMBER' }),
    update: { role: 'LEAD' },
    select: 'role',
    expectUpdated: { role: 'LEAD' },
  },
  {
    type: 'CooperationRecord',
    field: 'record',
    create: () => ({
      slug: 'test-signed-project',
      kind: 'SIGNED_PROJECT',
      status: 'COMPLETED',
      pillar: 'PROJECT_DEVELOPMENT',
      title: { en: 'Test signed project', zhHans: '测试签约项目' },
      startsOn: '2022-09-08',
      fields: ['DIGITAL_ECONOMY'],
      countries: ['CN', 'BR'],
    }),
    update: { status: 'ONGOING', fields: ['TRADE', 'E_COMMERCE'], endsOn: '2022-09-09' },
    select: 'status fields endsOn year datePrecision countries { code }',
    expectUpdated: { status: 'ONGOING', fields: ['E_COMMERCE', 'TRADE'], endsOn: '2022-09-09', year: 2022, datePrecision: 'DAY', countries: [{ code: 'BR' }, { code: 'CN' }] },
  },
  {
    type: 'Participation',
    field: 'participation',
    create: () => ({ record: seeded.record, institution: seeded.institution2, role: 'PARTNER' }),
    update: { role: 'CO_HOST' },
    select: 'role',
    expectUpdated: { role: 'CO_HOST' },
  },
  {
    type: 'Indicator',
    field: 'indicator',
    create: () => ({ slug: 'test-indicator', pillar: 'PROJECT_DEVELOPMENT', name: { en: 'Test figure', zhHant: '測試數字' }, value: 12.5, unit: 'PERCENT', year: 2022 }),
    update: { value: 13.25, qualifier: 'ABOUT' },
    select: 'value qualifier',
    expectUpdated: { value: 13.25, qualifier: 'ABOUT' },
  },
  {
    type: 'PlanTarget',
    field: 'planTarget',
    create: () => ({ slug: 'test-target', year: 2023, pillar: 'PROJECT_DEVELOPMENT', subject: 'ENABLING_PLATFORM', title: { en: 'Test target', zhHans: '测试目标' }, targetMin: 5, targetMax: 8 }),
    update: { targetMax: 10 },
    select: 'targetMin targetMax',
    expectUpdated: { targetMin: 5, targetMax: 10 },
  },
];

describe.each(CASES)('$type', (c) => {
  let id = '';

  it('is created at version 1', async () => {
    const result = await mutate(t, 'create', c.type, c.field, c.create(), writer);
    expect(result.__typename).toBe(`Create${c.type}Payload`);
    const node = result[c.field] as { id: string; version: number };
    expect(node.version).toBe(1);
    id = node.id;
  });

  it('is updated from the version read, and the change is visible', async () => {
    const result = await mutate(t, 'update', c.type, c.field, { id, version: 1, ...c.update }, writer, c.select);
    expect(result.__typename).toBe(`Update${c.type}Payload`);
    expect(result[c.field]).toMatchObject({ id, version: 2, ...c.expectUpdated });
  });

  it('refuses a stale version with the current one, changing nothing', async () => {
    const result = await mutate(t, 'update', c.type, c.field, { id, version: 1, ...c.update }, writer);
    expect(result).toMatchObject({ __typename: 'ConflictError', reason: 'STALE_VERSION', currentVersion: 2 });
    const { data } = await graphql(t.app, `query ($id: ID!) { node(id: $id) { ... on ${c.type} { version } } }`, { id });
    expect(data!.node.version).toBe(2);
  });

  it('refuses all writes without a key', async () => {
    for (const [verb, input] of [
      ['create', c.create()],
      ['update', { id, version: 2, ...c.update }],
      ['archive', { id, version: 2 }],
    ] as const) {
      const result = await mutate(t, verb, c.type, c.field, input);
      expect(result).toMatchObject({ __typename: 'ForbiddenError', requiredScopes: ['records:write'] });
    }
  });

  it('is archived: hidden from anonymous node lookups, visible to admins', async () => {
    const result = await mutate(t, 'archive', c.type, c.field, { id, version: 2 }, writer);
    expect(result.__typename).toBe(`Archive${c.type}Payload`);
    expect((result[c.field] as { version: number }).version).toBe(3);
    const query = `query ($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`;
    const anonymous = await graphql(t.app, query, { id });
    expect(anonymous.data).toEqual({ node: null, nodes: [null] });
    const asWriter = await graphql(t.app, query, { id }, writer);
    expect(asWriter.data).toEqual({ node: null, nodes: [null] });
    const asAdmin = await graphql(t.app, query, { id }, admin);
    expect(asAdmin.data).toEqual({ node: { id }, nodes: [{ id }] });
  });

  it('is, while archived, missing to writers and not updatable even by admins', async () => {
    // A writer without admin learns nothing about an archived object: the answer is the one for a
    // missing ID, with no version.
    for (const [verb, input] of [
      ['update', { id, version: 3, ...c.update }],
      ['archive', { id, version: 3 }],
    ] as const) {
      const result = await mutate(t, verb, c.type, c.field, input, writer);
      expect(result).toMatchObject({ __typename: 'NotFoundError' });
      expect(JSON.stringify(result)).not.toMatch(/archived|version/i);
    }
    expect(await mutate(t, 'update', c.type, c.field, { id, version: 3, ...c.update }, admin)).toMatchObject({
      __typename: 'ConflictError',
      reason: 'ARCHIVED',
      currentVersion: 3,
    });
    expect(await mutate(t, 'archive', c.type, c.field, { id, version: 3 }, admin)).toMatchObject({
      __typename: 'ConflictError',
      reason: 'ARCHIVED',
    });
  });

  it('is restored by an admin only', async () => {
    expect(await mutate(t, 'restore', c.type, c.field, { id, version: 3 }, writer)).toMatchObject({
      __typename: 'ForbiddenError',
      requiredScopes: ['admin'],
    });
    const result = await mutate(t, 'restore', c.type, c.field, { id, version: 3 }, admin, c.select);
    expect(result.__typename).toBe(`Restore${c.type}Payload`);
    expect(result[c.field]).toMatchObject({ id, version: 4, ...c.expectUpdated });
    expect(await mutate(t, 'restore', c.type, c.field, { id, version: 4 }, admin)).toMatchObject({
      __typename: 'ConflictError',
      reason: 'NOT_ARCHIVED',
    });
    const { data } = await graphql(t.app, `query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(data!.node).toEqual({ id });
  });

  it('records each change in its history', async () => {
    const { data } = await graphql(
      t.app,
      `query ($id: ID!) { node(id: $id) { ... on ${c.type} { history(first: 10) { totalCount nodes { version action } } } } }`,
      { id },
    );
    expect(data!.node.history).toEqual({
      totalCount: 4,
      nodes: [
        { version: 4, action: 'RESTORE' },
        { version: 3, action: 'ARCHIVE' },
        { version: 2, action: 'UPDATE' },
        { version: 1, action: 'CREATE' },
      ],
    });
  });
});

describe('bad input changes nothing', () => {
  const createInstitution = (input: Record<string, unknown>, headers = writer) =>
    mutate(t, 'create', 'Institution', 'institution', input, headers, 'name(locale: EN)');
  const valid = { slug: 'valid-slug', type: 'COMPANY', name: { en: 'Valid', zhHans: '有效' } };

  async function expectNothingWritten(work: () => Promise<unknown>) {
    const before = [await countRows('institutions'), await countRows('change_history'), await countRows('search_index')];
    await work();
    expect([await countRows('institutions'), await countRows('change_history'), await countRows('search_index')]).toEqual(before);
  }

  it('duplicate creation → ConflictError DUPLICATE', async () => {
    await expectNothingWritten(async () => {
      const result = await createInstitution({ ...valid, slug: seeded.institutionSlug });
      expect(result).toMatchObject({ __typename: 'ConflictError', reason: 'DUPLICATE', currentVersion: null });
    });
    // Both sides new, so that the first link cannot already exist.
    const participation = { record: (await newRecord(t, writer)).id, institution: (await newInstitution(t, writer)).id, role: 'MEMBER' };
    expect((await mutate(t, 'create', 'Participation', 'participation', participation, writer)).__typename).toBe('CreateParticipationPayload');
    expect(await mutate(t, 'create', 'Participation', 'participation', participation, writer)).toMatchObject({
      __typename: 'ConflictError',
      reason: 'DUPLICATE',
    });
  });

  it.each([
    ['oversized name', { ...valid, name: { en: 'x'.repeat(301), zhHans: '有效' } }, ['input', 'name', 'en']],
    ['oversized description', { ...valid, description: { en: 'x'.repeat(4001) } }, ['input', 'description', 'en']],
    ['control character', { ...valid, name: { en: 'Bell\u0007', zhHans: '有效' } }, ['input', 'name', 'en']],
    ['line break in a name', { ...valid, name: { en: 'Two\nlines', zhHans: '有效' } }, ['input', 'name', 'en']],
    ['blank name', { ...valid, name: { en: '   ', zhHans: '有效' } }, ['input', 'name', 'en']],
    ['missing Chinese script', { ...valid, name: { en: 'Only English' } }, ['input', 'name', 'zhHans']],
    ['bad slug', { ...valid, slug: 'Not A Slug' }, ['input', 'slug']],
    ['non-http URL', { ...valid, website: 'ftp://example.com/' }, ['input', 'website']],
    ['lone surrogate', { ...valid, name: { en: 'a\ud800b', zhHans: '有效' } }, ['input', 'name', 'en']],
  ])('%s → ValidationError with its path', async (_label, input, path) => {
    await expectNothingWritten(async () => {
      const result = await createInstitution(input);
      expect(result.__typename).toBe('ValidationError');
      expect(result.issues!.map((issue) => issue.path)).toContainEqual(path);
      const issue = result.issues!.find((candidate) => candidate.path.join('.') === path.join('.'))!;
      expect(issue.message.startsWith(`${path.join('.')}: `)).toBe(true);
    });
  });

  it('range and order rules of other entities', async () => {
    const target = { slug: 'range-target', year: 2023, pillar: 'PROJECT_DEVELOPMENT', subject: 'ENABLING_PLATFORM', title: { en: 'T', zhHans: '目标' } };
    const cases: [string, string, Record<string, unknown>, string[]][] = [
      ['PlanTarget', 'planTarget', { ...target, targetMin: 5, targetMax: 3 }, ['input', 'targetMax']],
      ['PlanTarget', 'planTarget', { ...target, targetMin: -1 }, ['input', 'targetMin']],
      ['PlanTarget', 'planTarget', { ...target, year: 1800, targetMin: 1 }, ['input', 'year']],
      [
        'CooperationRecord',
        'record',
        { slug: 'order', kind: 'EVENT', status: 'COMPLETED', pillar: 'POLICY_COORDINATION', title: { en: 'E', zhHans: '活动' }, startsOn: '2022-05-20', endsOn: '2022-05-19' },
        ['input', 'endsOn'],
      ],
      [
        'Indicator',
        'indicator',
        { slug: 'no-figure', pillar: 'PROJECT_DEVELOPMENT', name: { en: 'N', zhHans: '数' }, unit: 'CNY' },
        ['input', 'value'],
      ],
      [
        'Indicator',
        'indicator',
        { slug: 'neg', pillar: 'PROJECT_DEVELOPMENT', name: { en: 'N', zhHans: '数' }, unit: 'CNY', changePercent: -150 },
        ['input', 'changePercent'],
      ],
    ];
    for (const [type, field, input, path] of cases) {
      const result = await mutate(t, 'create', type, field, input, writer);
      expect(result.__typename, `${type} ${path.join('.')}`).toBe('ValidationError');
      expect(result.issues!.map((issue) => issue.path)).toContainEqual(path);
    }
  });

  it('a date order broken by an update is refused by the stored rule', async () => {
    const created = await mutate(t, 'create', 'CooperationRecord', 'record', {
      slug: 'dated-event', kind: 'EVENT', status: 'COMPLETED', pillar: 'POLICY_COORDINATION', title: { en: 'Dated', zhHans: '日期' }, startsOn: '2022-05-20', endsOn: '2022-05-22',
    }, writer);
    const id = (created.record as { id: string }).id;
    const result = await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 1, startsOn: '2022-06-01' }, writer);
    expect(result.__typename).toBe('ValidationError');
    expect(result.message).toMatch(/records_dates/);
  });

  it('invalid, malformed and wrong-type IDs', async () => {
    const network = seeded.network;
    const wrongType = await mutate(t, 'update', 'Institution', 'institution', { id: network, version: 1, acronym: 'X' }, writer);
    expect(wrongType.__typename).toBe('ValidationError');
    const malformed = await mutate(t, 'update', 'Institution', 'institution', { id: 'not-an-id', version: 1 }, writer);
    expect(malformed.__typename).toBe('ValidationError');
    const missingId = Buffer.from('Institution:999999').toString('base64');
    const missing = await mutate(t, 'update', 'Institution', 'institution', { id: missingId, version: 1 }, writer);
    expect(missing).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'id'] });
    const missingHost = await mutate(
      t,
      'create',
      'BranchCentre',
      'branchCentre',
      { slug: 'orphan', kind: 'MIIT_BRANCH', status: 'PLANNED', name: { en: 'Orphan', zhHans: '孤儿' }, host: missingId },
      writer,
    );
    expect(missingHost).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'host'] });
    const unknownCountry = await createInstitution({ ...valid, slug: 'nowhere', country: 'AQ' });
    expect(unknownCountry).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'country'] });
    const badVersion = await mutate(t, 'update', 'Institution', 'institution', { id: seeded.institution, version: 0 }, writer);
    expect(badVersion.issues!.map((issue) => issue.path)).toContainEqual(['input', 'version']);
    const nulled = await mutate(t, 'update', 'Institution', 'institution', { id: seeded.institution, version: 1, name: null }, writer);
    expect(nulled.issues!.map((issue) => issue.path)).toContainEqual(['input', 'name']);
  });

  it('input the schema rejects (unknown enum, bad scalar) is a 4xx, never a 5xx', async () => {
    const enumResult = await mutate(t, 'create', 'Institution', 'institution', { ...valid, type: 'CASINO' }, writer);
    expect(enumResult.__typename).toBe('GraphQLErrors');
    expect(enumResult.status).toBeGreaterThanOrEqual(400);
    expect(enumResult.status).toBeLessThan(500);
    const country = await mutate(t, 'create', 'Institution', 'institution', { ...valid, country: 'XX' }, writer);
    expect(country.status).toBeGreaterThanOrEqual(400);
    expect(country.status).toBeLessThan(500);
  });

  it('stores script and SQL lookalikes verbatim and returns them as data', async () => {
    const hostile = `<script>alert("x")</script>'); DROP TABLE institutions; --`;
    const result = await createInstitution({ ...valid, slug: 'hostile', name: { en: hostile, zhHans: '有效' }, acronym: "' OR 1=1 --" });
    expect(result.__typename).toBe('CreateInstitutionPayload');
    expect((result.institution as { name: string }).name).toBe(hostile);
    expect(await countRows('institutions')).toBeGreaterThan(10);
    const { data } = await graphql(t.app, `{ institution(slug: "hostile") { name(locale: EN) acronym } }`);
    expect(data!.institution).toEqual({ name: hostile, acronym: "' OR 1=1 --" });
  });
});
