/**
 * Literal templates (src/plugins/literal-templates.ts): texts that write their values inline and
 * differ only in them share one template, and the prepared-reads lane answers them from it —
 * exactly as the whole way answers each text as it was sent, invalid values included.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOptions } from '../src/app';
import { literalTemplate } from '../src/plugins/literal-templates';
import { graphql, createTestApp, type TestApp } from './support/app';
import { comparable, laneApp, post } from './support/lane';
import { propertyRuns } from './support/property';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const appWith = (options: Partial<AppOptions> = {}) => laneApp(t.db, options);
const globalId = (type: string, key: unknown) => Buffer.from(`${type}:${String(key)}`).toString('base64');

/** A pair to compare: an app with the lane and one without. */
const pair = (options: Partial<AppOptions> = {}) => ({ lane: appWith(options), whole: appWith({ ...options, preparedReads: false }) });

/** Sends each text to both apps of a pair; returns the lane's read paths per text. */
async function compare(texts: string[], { lane, whole } = pair()): Promise<(string | undefined)[]> {
  const paths: (string | undefined)[] = [];
  for (const query of texts) {
    lane.paths.length = 0;
    const [fromLane, fromWhole] = await Promise.all([post(lane.app, { query }), post(whole.app, { query })]);
    expect(await comparable(fromLane), query).toEqual(await comparable(fromWhole));
    paths.push(lane.paths[0]);
  }
  return paths;
}

describe('literal templates', () => {
  it('answer texts that differ only in their literal values from the first one’s template', async () => {
    const node = (id: number) => `{ node(id: "${globalId('CooperationRecord', id)}") { id ... on CooperationRecord { title year } } }`;
    const page = (first: number, kind: string, from: number) =>
      `query Page { records(first: ${first}, filter: { kinds: [${kind}], yearFrom: ${from} }) { totalCount nodes { title kind } } }`;
    const paths = await compare([node(1), node(2), node(3), page(2, 'EVENT', 2015), page(3, 'TRAINING', 2016), page(1, 'COMPETITION', 2020)]);
    // The first of each template goes the whole way and admits it; the others take the lane.
    expect(paths).toEqual(['compiled', 'prepared', 'prepared', 'compiled', 'prepared', 'prepared']);
  });

  it('key a template by the kinds of its literals, and keep nulls, variables and directives in the text', () => {
    const a = literalTemplate(`{ node(id: "a") { id } records(first: 2) { nodes { title @include(if: true) } } }`)!;
    const b = literalTemplate(`{ node(id: "b") { id } records(first: 7) { nodes { title @include(if: true) } } }`)!;
    expect(a.key).toBe(b.key);
    expect(b.values).toEqual({ _literal0: 'b', _literal1: 7 });
    // An integer where a string was is another template; so is a list with other kinds.
    expect(literalTemplate(`{ node(id: 5) { id } records(first: 2) { nodes { title @include(if: true) } } }`)!.key).not.toBe(a.key);
    expect(literalTemplate(`{ nodes(ids: ["a", "b"]) { id } }`)!.key).toBe(literalTemplate(`{ nodes(ids: ["c"]) { id } }`)!.key);
    expect(literalTemplate(`{ nodes(ids: ["a", 1]) { id } }`)!.key).not.toBe(literalTemplate(`{ nodes(ids: ["c"]) { id } }`)!.key);
    const mixed = literalTemplate(`query Q($n: Int) { records(first: $n, after: null, filter: { yearFrom: 2020, kinds: $k }) { nodes { title } } search(query: "x") { totalCount } }`)!;
    expect(mixed.values).toEqual({ _literal0: 'x' });
    // No template: no literal, not one query, our own variable names, a number a variable cannot carry.
    for (const text of [
      `{ records { nodes { title } } }`,
      `query A { node(id: "a") { id } } query B { node(id: "b") { id } }`,
      `mutation { deleteRecord(id: "a") { id } }`,
      `query Q($_literal0: Int) { records(first: 2, last: $_literal0) { nodes { title } } }`,
      `{ records(first: 99999999999999999999) { nodes { title } } }`,
      `{ records(first: -0) { nodes { title } } }`,
      `{ records(first: ) { nodes { title } } }`,
    ]) {
      expect(literalTemplate(text), text).toBeNull();
    }
  });

  it('answer random texts, valid and not, as the whole way answers each as sent', async () => {
    const cursors: string[] = (await graphql(appWith().app, `{ records(first: 4) { edges { cursor } } }`)).data!.records.edges.map(
      (edge: { cursor: string }) => edge.cursor,
    );
    const slugs: string[] = (await graphql(appWith().app, `{ records(first: 3) { nodes { slug } } }`)).data!.records.nodes.map((node: { slug: string }) => node.slug);
    const quoted = (text: string) => JSON.stringify(text);
    const type = fc.constantFrom('CooperationRecord', 'Institution', 'Country', 'Nothing');
    // Literals as clients write them, with some that are not valid where they stand.
    const id = fc.oneof(
      fc.tuple(type, fc.integer({ min: 0, max: 40 })).map(([name, key]) => quoted(globalId(name, key))),
      fc.constantFrom('12', '123456789012345678901234', 'true', 'EVENT', '"x"', '""', '1.5'),
    );
    const int = fc.oneof(fc.integer({ min: -2, max: 30 }).map(String), fc.constantFrom('1.5', '"5"', '99999999999', 'null', 'true', '1e2'));
    const kind = fc.oneof(fc.constantFrom('EVENT', 'TRAINING', 'COMPETITION', 'REPORT'), fc.constantFrom('"EVENT"', 'NOPE', '1'));
    const country = fc.oneof(fc.constantFrom('"CN"', '"BR"', '"IN"', '"ru"'), fc.constantFrom('"ZZ"', '"china"', 'CN', '7'));
    const date = fc.oneof(fc.constantFrom('"2019"', '"2021-06"', '"2022-09-05"'), fc.constantFrom('"2021-13"', '"2021-02-30"', '2021', '"tomorrow"'));
    const text = fc.oneof(
      fc.constantFrom('"skills"', '"forum 金磚"', '"创新"', '""', '"  "', '"a\\"b"', '"""block\nstring"""', '"\\u0041rt"'),
      fc.string({ maxLength: 10 }).map(quoted),
    );
    const slug = fc.oneof(fc.constantFrom(...slugs).map(quoted), fc.string({ maxLength: 8 }).map(quoted));
    const cursor = fc.oneof(fc.constantFrom(...cursors).map(quoted), fc.constantFrom('null', '"bad"'));
    const list = <T extends string>(item: fc.Arbitrary<T>) => fc.array(item, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`);
    const texts = fc.oneof(
      id.map((value) => `{ node(id: ${value}) { __typename id ... on CooperationRecord { title year } ... on Country { code } } }`),
      list(id).map((ids) => `query Many { nodes(ids: ${ids}) { __typename id } }`),
      fc
        .tuple(int, list(kind), int, list(country), date, cursor)
        .map(
          ([first, kinds, from, countries, dateFrom, after]) =>
            `{ records(first: ${first}, after: ${after}, filter: { kinds: ${kinds}, yearFrom: ${from}, countries: ${countries}, dateFrom: ${dateFrom} }) { totalCount nodes { title kind year } } }`,
        ),
      fc.tuple(text, int).map(([query, first]) => `query Find($n: Int = 2) { search(query: ${query}, first: $n) { totalCount nodes { __typename } } more: search(query: ${query}, first: ${first}) { totalCount } }`),
      slug.map((value) => `{ record(slug: ${value}) { ...Shown } } fragment Shown on CooperationRecord { title participants(first: 2) { nodes { role } } }`),
    );
    // One pair for every run, so templates pile up as on a server; without a rate limit, whose
    // bucket would run dry (the lane's charging is prepared-reads.test.ts's).
    const apps = pair({ security: {} });
    const taken: (string | undefined)[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(texts, { minLength: 4, maxLength: 10 }), async (sequence) => {
        taken.push(...(await compare(sequence, apps)));
      }),
      propertyRuns(30, 7),
    );
    // The property did try the lane: many texts found their template.
    expect(taken.filter((path) => path === 'prepared').length).toBeGreaterThan(taken.length / 4);
  });

  it('tag each text as the whole way tags it while the response cache is on', async () => {
    const node = (id: number) => `{ node(id: "${globalId('CooperationRecord', id)}") { id ... on CooperationRecord { title } } }`;
    // The whole way answers the second text from its own cache miss; the lane from the template.
    const paths = await compare([node(1), node(2), node(3)], pair({ caching: {}, security: {} }));
    expect(paths.slice(1)).toEqual(['prepared', 'prepared']);
  });

  it('leave a template whose literal a variable cannot carry exactly to the whole way', async () => {
    // A string where an enum or an integer stands is an error as a literal, not as a variable.
    const paths = await compare([
      `{ records(first: 2, filter: { kinds: ["EVENT"] }) { nodes { title } } }`,
      `{ records(first: 2, filter: { kinds: ["TRAINING"] }) { nodes { title } } }`,
      `{ records(first: "2") { nodes { title } } }`,
      `{ records(first: "3") { nodes { title } } }`,
    ]);
    expect(paths).not.toContain('prepared');
  });
});
