/**
 * Input that cannot be true is refused with a typed error and stores nothing: impossible dates,
 * dating that contradicts itself, hierarchies that loop, invisible or reordering characters,
 * forged cursors and non-canonical IDs. Also: partial updates of localised texts keep the scripts
 * not given, and several mutation fields in one operation commit each on their own.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type TestApp } from './support/app';
import { newInstitution, seededIds, type SeededIds } from './support/fixtures';
import { bearer, mutate, type MutationResult } from './support/writes';

let t: TestApp;
let writer: Record<string, string>;
let seeded: SeededIds;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const rowIdOf = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

async function count(table: string): Promise<number> {
  const [row] = await t.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`));
  return Number(row!.n);
}

/** Runs `work` and checks that no row and no history entry appeared. */
async function storesNothing<T>(work: () => Promise<T>): Promise<T> {
  const before = [await count('records'), await count('institutions'), await count('change_history')];
  const result = await work();
  expect([await count('records'), await count('institutions'), await count('change_history')]).toEqual(before);
  return result;
}

function expectIssue(result: MutationResult & { status: number }, path: string[], message?: RegExp): void {
  expect(result.__typename, JSON.stringify(result)).toBe('ValidationError');
  const issue = result.issues!.find((candidate) => candidate.path.join('.') === path.join('.'));
  expect(issue, JSON.stringify(result.issues)).toBeDefined();
  if (message) expect(issue!.message).toMatch(message);
}

/** A request the schema itself refuses: a 4xx with BAD_USER_INPUT, never a 5xx. */
function expectBadUserInput(result: { status: number; __typename?: string; message?: string; errors?: { extensions?: Record<string, unknown> }[] }): void {
  expect(result.status).toBeGreaterThanOrEqual(400);
  expect(result.status).toBeLessThan(500);
  const text = result.message ?? JSON.stringify(result.errors);
  expect(text).toMatch(/BAD_USER_INPUT/);
  expect(text).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error/);
}

const record = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  kind: 'EVENT',
  status: 'COMPLETED',
  pillar: 'POLICY_COORDINATION',
  title: { en: slug, zhHans: '活动' },
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  writer = await bearer(t, 'validator', ['records:write']);
  seeded = await seededIds(t);
});
afterAll(() => t.close());

describe('dates that the calendar does not have', () => {
  it.each(['2022-02-30', '2023-02-29', '2022-04-31', '2100-02-29'])('%s is refused, as a variable and as a literal', async (date) => {
    await storesNothing(async () => {
      const result = await mutate(t, 'create', 'CooperationRecord', 'record', record(`impossible-${date}`, { startsOn: date }), writer);
      expectBadUserInput(result);
      expect(result.message).toMatch(/not a day of the calendar/);
      const literal = await graphql(t.app, `{ records(filter: { dateFrom: "${date}" }) { totalCount } }`);
      expect(literal.status).toBe(400);
      expect(literal.errors?.[0]?.message).toMatch(/not a day of the calendar/);
    });
  });

  it('accepts February 29 of a leap year', async () => {
    const result = await mutate(t, 'create', 'CooperationRecord', 'record', record('leap-day', { startsOn: '2024-02-29' }), writer, 'startsOn year datePrecision');
    expect(result.record).toMatchObject({ startsOn: '2024-02-29', year: 2024, datePrecision: 'DAY' });
  });
});

describe('dating that contradicts itself', () => {
  it('refuses a year other than the year of startsOn', async () => {
    await storesNothing(async () => {
      expectIssue(await mutate(t, 'create', 'CooperationRecord', 'record', record('wrong-year', { startsOn: '2022-05-20', year: 2021 }), writer), ['input', 'year'], /contradicts startsOn/);
    });
  });

  it('refuses a precision finer than the date given', async () => {
    await storesNothing(async () => {
      expectIssue(await mutate(t, 'create', 'CooperationRecord', 'record', record('too-precise', { startsOn: '2022', datePrecision: 'DAY' }), writer), ['input', 'datePrecision'], /more precise/);
      expectIssue(
        await mutate(t, 'create', 'CooperationRecord', 'record', record('too-precise-end', { startsOn: '2022-05-01', endsOn: '2022-06', datePrecision: 'DAY' }), writer),
        ['input', 'datePrecision'],
      );
    });
  });

  it('checks an update against what is stored', async () => {
    const created = await mutate(t, 'create', 'CooperationRecord', 'record', record('dated-by-year', { startsOn: '2022' }), writer);
    const id = (created.record as { id: string }).id;
    await storesNothing(async () => {
      expectIssue(await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 1, year: 2023 }, writer), ['input', 'year']);
      expectIssue(await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 1, datePrecision: 'DAY' }, writer), ['input', 'datePrecision']);
    });
    // A consistent change goes through: the year follows the new date.
    const moved = await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 1, startsOn: '2023-03-04' }, writer, 'year datePrecision startsOn');
    expect(moved.record, JSON.stringify(moved)).toMatchObject({ version: 2, year: 2023, datePrecision: 'DAY', startsOn: '2023-03-04' });
  });
});

describe('partial updates of localised texts', () => {
  it('keeps the scripts not given, and derives the other Chinese script from a given one', async () => {
    const created = await mutate(
      t,
      'create',
      'CooperationRecord',
      'record',
      record('multi-script', { summary: { zhHans: '简体摘要', zhHant: '繁體摘要', en: 'English summary' } }),
      writer,
    );
    const id = (created.record as { id: string }).id;
    const select = 'summaryTranslations { zhHans zhHant en }';
    const english = await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 1, summary: { en: 'New English' } }, writer, select);
    // Traditional is the standard form of the Simplified text, whatever Traditional was sent.
    expect(english.record).toMatchObject({ summaryTranslations: { zhHans: '简体摘要', zhHant: '簡體摘要', en: 'New English' } });
    const chinese = await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 2, summary: { zhHans: '制造业' } }, writer, select);
    expect(chinese.record).toMatchObject({ summaryTranslations: { zhHans: '制造业', zhHant: '製造業', en: 'New English' } });
    const cleared = await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 3, summary: { zhHant: null, en: 'Only English' } }, writer, select);
    expect(cleared.record).toMatchObject({ summaryTranslations: { zhHans: null, zhHant: null, en: 'Only English' } });
    const all = await mutate(t, 'update', 'CooperationRecord', 'record', { id, version: 4, summary: null }, writer, select);
    expect(all.record).toMatchObject({ summaryTranslations: null });
  });
});

describe('hierarchies that would loop', () => {
  it('an institution cannot be its own parent, or its parent’s parent', async () => {
    // New institutions: no parent yet, whatever the seed links.
    const [a, b] = [(await newInstitution(t, writer)).id, (await newInstitution(t, writer)).id];
    const version = async (id: string) =>
      (await graphql(t.app, 'query ($id: ID!) { node(id: $id) { ... on Institution { version } } }', { id })).data!.node.version as number;
    await storesNothing(async () => {
      expectIssue(await mutate(t, 'update', 'Institution', 'institution', { id: a, version: await version(a), parent: a }, writer), ['input', 'parent'], /own ancestor/);
    });
    const linked = await mutate(t, 'update', 'Institution', 'institution', { id: b, version: await version(b), parent: a }, writer);
    expect(linked.__typename).toBe('UpdateInstitutionPayload');
    await storesNothing(async () => {
      expectIssue(await mutate(t, 'update', 'Institution', 'institution', { id: a, version: await version(a), parent: b }, writer), ['input', 'parent'], /own ancestor/);
    });
  });

  it('a record cannot be part of itself, or of its own part’s part', async () => {
    const ids: string[] = [];
    for (const slug of ['loop-top', 'loop-middle', 'loop-bottom']) {
      const parent = ids.at(-1);
      const created = await mutate(t, 'create', 'CooperationRecord', 'record', record(slug, parent ? { parent } : {}), writer);
      ids.push((created.record as { id: string }).id);
    }
    const [top, , bottom] = ids as [string, string, string];
    await storesNothing(async () => {
      expectIssue(await mutate(t, 'update', 'CooperationRecord', 'record', { id: top, version: 1, parent: top }, writer), ['input', 'parent'], /part of itself/);
      expectIssue(await mutate(t, 'update', 'CooperationRecord', 'record', { id: top, version: 1, parent: bottom }, writer), ['input', 'parent'], /part of itself/);
    });
  });
});

describe('names that show nothing, or reorder what is shown', () => {
  const institution = (en: string) => ({ slug: `n-${Math.abs(hash(en))}`, type: 'COMPANY', name: { en, zhHans: '名称' } });
  const hash = (text: string) => [...text].reduce((sum, char) => (sum * 31 + char.codePointAt(0)!) | 0, 7);

  it.each([
    ['zero-width space', '\u200B'],
    ['zero-width spaces and blanks', '\u200B \u200B\u00A0'],
    ['byte-order mark and word joiner', '\uFEFF\u2060'],
    ['Hangul filler', '\u3164'],
  ])('%s only → ValidationError', async (_label, en) => {
    await storesNothing(async () => {
      expectIssue(await mutate(t, 'create', 'Institution', 'institution', institution(en), writer), ['input', 'name', 'en'], /must not be empty/);
    });
  });

  it.each([
    ['right-to-left override', 'Lab\u202Egnp.exe'],
    ['left-to-right embedding', '\u202AName'],
    ['first-strong isolate', 'Name\u2068x\u2069'],
  ])('%s → ValidationError', async (_label, en) => {
    await storesNothing(async () => {
      expectIssue(await mutate(t, 'create', 'Institution', 'institution', institution(en), writer), ['input', 'name', 'en'], /bidirectional/);
    });
  });

  it('keeps visible text with a joiner inside it', async () => {
    const result = await mutate(t, 'create', 'Institution', 'institution', institution('Family \u{1F468}\u200D\u{1F469} Lab'), writer, 'name(locale: EN)');
    expect(result.institution).toMatchObject({ name: 'Family \u{1F468}\u200D\u{1F469} Lab' });
  });
});

describe('forged cursors and IDs', () => {
  it('a cursor carrying an object is BAD_USER_INPUT', async () => {
    for (const cursor of [b64('DC:J:{"__proto__":{"x":1}}'), b64('DC:J:{"a":1}'), b64('DC:J:[[1]]'), b64('DC:J:[{"x":1}]')]) {
      for (const query of ['query ($c: String) { records(after: $c) { totalCount } }', 'query ($c: String) { institutions(before: $c, last: 2) { totalCount } }']) {
        const reply = await graphql(t.app, query, { c: cursor });
        expect(reply.status).toBeLessThan(500);
        expect(reply.errors?.[0]?.extensions?.code, JSON.stringify(reply.errors)).toBe('BAD_USER_INPUT');
      }
    }
    // Cursors the API issued still work.
    const first = await graphql(t.app, '{ records(first: 2) { pageInfo { endCursor } nodes { id } } }');
    const next = await graphql(t.app, 'query ($c: String) { records(first: 2, after: $c) { nodes { id } } }', { c: first.data!.records.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();
    expect(next.data!.records.nodes[0].id).not.toBe(first.data!.records.nodes[0].id);
  });

  it('a non-numeric ID in a filter is BAD_USER_INPUT, not an internal error', async () => {
    for (const key of ['1) OR (1=1', 'abc', '-1', '1; DROP TABLE records']) {
      const reply = await graphql(t.app, 'query ($i: ID) { records(filter: { institution: $i }) { totalCount } }', { i: b64(`Institution:${key}`) });
      expect(reply.status).toBeLessThan(500);
      expect(reply.errors?.[0]?.extensions?.code, JSON.stringify(reply.errors)).toBe('BAD_USER_INPUT');
      expect(reply.data?.records ?? null).toBeNull();
    }
    expect(await count('records')).toBeGreaterThan(0);
  });

  it('each row has one ID: non-canonical spellings are refused, not resolved to the row', async () => {
    const canonical = seeded.institution;
    const row = rowIdOf(canonical);
    const query = 'query ($id: ID!) { node(id: $id) { id } }';
    expect((await graphql(t.app, query, { id: canonical })).data!.node).toEqual({ id: canonical });
    for (const key of [`0x${row.toString(16)}`, `${row}e0`, ` ${row}`, `${row}.0`, `0${row}`, `+${row}`, `${row} `]) {
      const reply = await graphql(t.app, query, { id: b64(`Institution:${key}`) });
      expect(reply.data?.node ?? null, key).toBeNull();
      expect(reply.errors?.[0]?.extensions?.code, key).toBe('BAD_USER_INPUT');
    }
    const country = await graphql(t.app, query, { id: b64('Country:cn') });
    expect(country.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('non-numeric and non-canonical IDs in mutation inputs are ValidationErrors and change nothing', async () => {
    const row = rowIdOf(seeded.institution);
    await storesNothing(async () => {
      for (const key of ['1) OR (1=1', `${row}.0`, `0x${row.toString(16)}`]) {
        const id = b64(`Institution:${key}`);
        expect((await mutate(t, 'update', 'Institution', 'institution', { id, version: 1, acronym: 'X' }, writer)).__typename).toBe('ValidationError');
        expect(
          (await mutate(t, 'create', 'Institution', 'institution', { slug: 'child-of-forged', type: 'COMPANY', name: { en: 'C', zhHans: '子' }, parent: id }, writer)).__typename,
        ).toBe('ValidationError');
      }
    });
  });
});

describe('several mutation fields in one operation', () => {
  const operation = `mutation ($first: CreateInstitutionInput!, $second: CreateInstitutionInput!) {
    first: createInstitution(input: $first) { __typename ... on MutationError { message } }
    second: createInstitution(input: $second) { __typename ... on MutationError { message } }
  }`;
  const input = (slug: string) => ({ slug, type: 'COMPANY', name: { en: slug, zhHans: '机构' } });
  const exists = async (slug: string) => {
    const [row] = await t.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM institutions WHERE slug = ${slug}`);
    return Number(row!.n) === 1;
  };

  it('each commits on its own: a later failure does not undo an earlier success', async () => {
    const reply = await graphql(t.app, operation, { first: input('own-commit-a'), second: input('own-commit-a') }, writer);
    expect(reply.data).toMatchObject({ first: { __typename: 'CreateInstitutionPayload' }, second: { __typename: 'ConflictError' } });
    expect(await exists('own-commit-a')).toBe(true);
  });

  it('and an earlier failure does not stop a later one', async () => {
    const reply = await graphql(t.app, operation, { first: input('own-commit-a'), second: input('own-commit-b') }, writer);
    expect(reply.data).toMatchObject({ first: { __typename: 'ConflictError' }, second: { __typename: 'CreateInstitutionPayload' } });
    expect(await exists('own-commit-b')).toBe(true);
  });
});
