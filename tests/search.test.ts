/** Full-text search in Simplified, Traditional and English; ranking, type filter, pages, odd input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzle } from 'drizzle-orm/libsql';
import { createApp } from '../src/app';
import type { Database } from '../src/db/client';
import { relations } from '../src/db/relations';
import { catchUpSearchIndex } from '../src/db/search';
import { ENTITIES, SEARCHABLE_TYPES } from '../src/db/entities';
import { prepareDatabase } from '../src/db/setup';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Hit {
  type: string;
  slug: string;
  score: number;
}

const SEARCH = `query($query: String!, $types: [SearchableType!], $first: Int, $after: String, $last: Int, $before: String) {
  search(query: $query, types: $types, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      score
      node {
        __typename
        ... on Institution { slug }
        ... on BranchCentre { slug }
        ... on Network { slug }
        ... on CooperationRecord { slug }
        ... on Indicator { slug }
        ... on PlanTarget { slug }
      }
    }
  }
}`;

async function search(query: string, options: { types?: string[]; first?: number; after?: string | null; last?: number; before?: string | null } = {}) {
  const result = await graphql(t.app, SEARCH, { query, first: 100, ...options });
  expect(result.status).toBe(200);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  const connection = result.data!.search;
  const hits: Hit[] = connection.edges.map((edge: { score: number; node: { __typename: string; slug: string } }) => ({
    type: edge.node.__typename,
    slug: edge.node.slug,
    score: edge.score,
  }));
  return { ...connection, hits } as { totalCount: number; pageInfo: Record<string, any>; edges: { cursor: string }[]; hits: Hit[] };
}

const keys = (hits: Hit[]) => hits.map((hit) => `${hit.type}:${hit.slug}`);

describe('scripts and languages', () => {
  it('金砖 and 金磚 find the same entities', async () => {
    const simplified = await search('金砖');
    const traditional = await search('金磚');
    expect(simplified.totalCount).toBeGreaterThan(10);
    expect(keys(simplified.hits).sort()).toEqual(keys(traditional.hits).sort());
    expect(keys(simplified.hits)).toContain('Institution:bpic');
    expect(keys(simplified.hits)).toContain('Network:think-tank-alliance');
  });

  it('论坛 and 論壇 find the forums', async () => {
    const simplified = await search('论坛');
    const traditional = await search('論壇');
    expect(keys(simplified.hits).sort()).toEqual(keys(traditional.hits).sort());
    expect(keys(simplified.hits)).toEqual(
      expect.arrayContaining([
        'CooperationRecord:industrial-internet-digital-manufacturing-forum-2022',
        'CooperationRecord:forum-2022-09-07',
        'CooperationRecord:brics-partnir-forum-2021',
      ]),
    );
  });

  it('智库联盟 and 智庫聯盟 put the think-tank alliance first', async () => {
    for (const query of ['智库联盟', '智庫聯盟']) {
      const { hits } = await search(query);
      expect(hits[0], query).toMatchObject({ type: 'Network', slug: 'think-tank-alliance' });
    }
  });

  it('English: "skills competition" finds the competition and its stages', async () => {
    const { hits } = await search('skills competition');
    expect(keys(hits)).toEqual(
      expect.arrayContaining([
        'CooperationRecord:brics-skills-competition-2022',
        'CooperationRecord:brics-skills-competition-2022-kick-off',
        'CooperationRecord:brics-skills-competition-2022-final',
      ]),
    );
    expect(hits.every((hit) => hit.type === 'CooperationRecord')).toBe(true);
  });

  it('English: "New Development Bank" finds the bank and the MoU with it', async () => {
    const { hits } = await search('New Development Bank');
    expect(keys(hits)).toEqual(expect.arrayContaining(['Institution:ndb', 'CooperationRecord:ndb-mou-2022']));
  });

  it('English words match by prefix and regardless of case', async () => {
    const { hits } = await search('DEVELOP BANK');
    expect(keys(hits)).toContain('Institution:ndb');
  });

  it('a two-character Chinese query works', async () => {
    const { hits } = await search('智库');
    expect(keys(hits)).toEqual(expect.arrayContaining(['Network:think-tank-alliance', 'Institution:cass']));
  });

  it('a single Chinese character works, in either script', async () => {
    const simplified = await search('赛');
    const traditional = await search('賽');
    expect(keys(simplified.hits)).toContain('CooperationRecord:brics-skills-competition-2022');
    expect(keys(simplified.hits).sort()).toEqual(keys(traditional.hits).sort());
  });

  it('a query that matches nothing is an empty connection', async () => {
    const none = await search('zzzqqqxxx');
    expect(none.totalCount).toBe(0);
    expect(none.hits).toEqual([]);
    expect(none.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });
});

describe('ranking', () => {
  it('scores never increase down the list', async () => {
    for (const query of ['金砖', 'forum', '培训', 'BRICS']) {
      const { hits } = await search(query);
      const scores = hits.map((hit) => hit.score);
      expect(scores, query).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('an exact title beats texts that only mention its words', async () => {
    const { hits } = await search('金磚國家工業互聯網與數字制造發展論壇');
    expect(hits[0]).toMatchObject({ type: 'CooperationRecord', slug: 'industrial-internet-digital-manufacturing-forum-2022' });
    const { hits: english } = await search('Think Tank Cooperation Alliance');
    expect(english[0]).toMatchObject({ type: 'Network', slug: 'think-tank-alliance' });
  });
});

describe('ranking without snippets', () => {
  it('orders the same as with snippets, equal scores included (in the order they were indexed)', async () => {
    // Ten records indexed again under one made-up word, newest record first, so that every score
    // ties and the index's order differs from the records' order.
    const ids = (await t.db.$client.execute(`SELECT id FROM records WHERE archived_at IS NULL ORDER BY id DESC LIMIT 10`)).rows.map((row) => Number(row.id));
    for (const id of ids) {
      await t.db.$client.execute({
        sql: `INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES ('CooperationRecord', ?, 'zqtiedterm', '', '')`,
        args: [id],
      });
    }
    try {
      const page = (snippet: boolean) => `query($first: Int, $after: String, $last: Int) {
        search(query: "zqtiedterm", first: $first, after: $after, last: $last) {
          totalCount edges { cursor score ${snippet ? 'snippet { text }' : ''} node { ... on CooperationRecord { id } } }
        }
      }`;
      const order = (data: any) => data.search.edges.map((edge: { score: number; cursor: string; node: { id: string } }) => [edge.node.id, edge.score, edge.cursor]);
      for (const variables of [{ first: 100 }, { first: 3 }, { first: 4, after: Buffer.from('OffsetConnection:2').toString('base64') }, { last: 3 }]) {
        const plain = await graphql(t.app, page(false), variables);
        const highlighted = await graphql(t.app, page(true), variables);
        expect(plain.errors).toBeUndefined();
        expect(order(plain.data)).toEqual(order(highlighted.data));
        expect(plain.data!.search.totalCount).toBe(ids.length);
      }
      const all = order((await graphql(t.app, page(false), { first: 100 })).data);
      expect(new Set(all.map(([, score]: [string, number]) => score)).size).toBe(1);
      expect(all.map(([id]: [string]) => Number(Buffer.from(id, 'base64').toString().split(':')[1]))).toEqual(ids);
    } finally {
      await t.db.$client.execute(`DELETE FROM search_index WHERE title = 'zqtiedterm'`);
    }
  });
});

describe('the two forms of a type filter', () => {
  it('find the same hits, scores, order, snippets and counts whichever the counters choose', async () => {
    // Without the response cache, so that every run reads the index.
    const app = createApp({ db: t.db, caching: { responseCache: false }, observability: { logger: () => {} } });
    const QUERY = `query($query: String!, $types: [SearchableType!], $last: Int, $snippets: Boolean!) {
      search(query: $query, types: $types, first: $last) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor score snippet @include(if: $snippets) { field text highlighted } node { __typename ... on CooperationRecord { slug } ... on Institution { slug } ... on Network { slug } } }
      }
    }`;
    const saved = (await t.db.$client.execute(`SELECT entity, count FROM live_counts WHERE dimension = ''`)).rows.map((row) => [String(row.entity), Number(row.count)] as const);
    const setCounts = async (counts: Record<string, number>) => {
      for (const [entity, count] of Object.entries(counts)) await t.db.$client.execute({ sql: `UPDATE live_counts SET count = ? WHERE entity = ? AND dimension = ''`, args: [count, entity] });
    };
    // The counters' names of the types (their relations keys).
    const keyOf = Object.fromEntries(SEARCHABLE_TYPES.map((type) => [type as string, ENTITIES[type].key]));
    const everyKey = Object.values(keyOf);
    // Counted as the largest (the excluding form) or as empty (the form that names them).
    const choose = (types: string[], form: 'excluding' | 'naming') =>
      setCounts(Object.fromEntries(everyKey.map((key) => [key, types.some((type) => keyOf[type] === key) === (form === 'excluding') ? 1_000_000 : 0])));
    const run = async (types: string[]) => {
      const results = [];
      for (const query of ['金砖', 'forum', '論壇', '赛', 'BRICS', 'zzzqqq']) {
        for (const snippets of [true, false]) {
          const result = await graphql(app, QUERY, { query, types, last: 100, snippets });
          expect(result.errors).toBeUndefined();
          results.push(result.data);
        }
      }
      return results;
    };
    // An index row of a type no search lists: only the excluding form finds it, which shows the form used.
    await t.db.$client.execute(`INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES ('Retired', 1, 'zqformprobe', '', '')`);
    try {
      for (const types of [['CooperationRecord'], ['Network', 'Institution'], ['Institution', 'Network', 'BranchCentre', 'Indicator', 'PlanTarget']]) {
        const probe = async () => (await graphql(app, QUERY, { query: 'zqformprobe', types, last: 5, snippets: false })).data!.search.totalCount;
        await choose(types, 'excluding');
        expect(await probe(), types.join()).toBe(1);
        await t.db.$client.execute(`DELETE FROM search_index WHERE title = 'zqformprobe'`);
        const excluding = await run(types);
        await choose(types, 'naming');
        await t.db.$client.execute(`INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES ('Retired', 1, 'zqformprobe', '', '')`);
        expect(await probe(), types.join()).toBe(0);
        await t.db.$client.execute(`DELETE FROM search_index WHERE title = 'zqformprobe'`);
        expect(await run(types)).toEqual(excluding);
        expect(excluding.some((data) => data!.search.totalCount > 0), types.join()).toBe(true);
        await t.db.$client.execute(`INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES ('Retired', 1, 'zqformprobe', '', '')`);
      }
    } finally {
      await t.db.$client.execute(`DELETE FROM search_index WHERE title = 'zqformprobe'`);
      for (const [entity, count] of saved) await setCounts({ [entity]: count });
    }
  });
});

describe('types filter', () => {
  it('narrows results to the given types, consistently with totalCount', async () => {
    const everything = await search('金砖');
    const networks = await search('金砖', { types: ['Network'] });
    expect(networks.hits.length).toBeGreaterThan(0);
    expect(networks.hits.every((hit) => hit.type === 'Network')).toBe(true);
    expect(networks.totalCount).toBe(everything.hits.filter((hit) => hit.type === 'Network').length);

    const two = await search('金砖', { types: ['Institution', 'PlanTarget'] });
    expect(new Set(two.hits.map((hit) => hit.type))).toEqual(new Set(['Institution', 'PlanTarget']));
    expect(two.totalCount).toBe(everything.hits.filter((hit) => hit.type === 'Institution' || hit.type === 'PlanTarget').length);
  });
});

describe('pagination', () => {
  it('pages forward through every result once, in rank order', async () => {
    const whole = await search('金砖');
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const page: Awaited<ReturnType<typeof search>> = await search('金砖', { first: 4, after });
      expect(page.totalCount).toBe(whole.totalCount);
      seen.push(...keys(page.hits));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(keys(whole.hits));
  });

  it('pages backward with last and before', async () => {
    const whole = await search('金砖');
    const tail = await search('金砖', { first: undefined, last: 3 });
    expect(keys(tail.hits)).toEqual(keys(whole.hits).slice(-3));
    expect(tail.pageInfo.hasPreviousPage).toBe(true);
    const before = await search('金砖', { first: undefined, last: 3, before: tail.pageInfo.startCursor });
    expect(keys(before.hits)).toEqual(keys(whole.hits).slice(-6, -3));
  });

  it('a last page bounded by after keeps only what follows the cursor', async () => {
    const whole = await search('金砖');
    const afterThird = whole.edges[2]!.cursor;
    const page = await search('金砖', { first: undefined, last: 100, after: afterThird });
    expect(keys(page.hits)).toEqual(keys(whole.hits).slice(3));
    expect(page.totalCount).toBe(whole.totalCount);
  });

  it('a window whose before does not come after its after is empty, for last as for first', async () => {
    const whole = await search('金砖');
    expect(whole.edges.length).toBeGreaterThan(8);
    for (const size of [{ first: 3 }, { first: undefined, last: 3 }]) {
      const page = await search('金砖', { ...size, after: whole.edges[6]!.cursor, before: whole.edges[1]!.cursor });
      expect(page.hits, JSON.stringify(size)).toEqual([]);
      const between = await search('金砖', { ...size, after: whole.edges[1]!.cursor, before: whole.edges[6]!.cursor });
      expect(keys(between.hits), JSON.stringify(size)).toEqual(size.first ? keys(whole.hits).slice(2, 5) : keys(whole.hits).slice(3, 6));
    }
  });

  it('rejects page sizes out of range and overlong queries', async () => {
    for (const [query, variables] of [
      [`{ search(query: "金砖", first: 101) { totalCount } }`, {}],
      [`{ search(query: "金砖", first: 0) { totalCount } }`, {}],
      [`query($q: String!) { search(query: $q) { totalCount } }`, { q: '金'.repeat(201) }],
    ] as const) {
      const result = await graphql(t.app, query, variables);
      expect(result.status).toBeLessThan(500);
      expect(result.errors?.[0]?.message).toMatch(/at most|at least/);
    }
  });
});

describe('FTS5 syntax in the query is plain text', () => {
  const inputs = [
    '"',
    '"金砖',
    'skills"',
    '*',
    'skill*',
    '金砖 OR 论坛',
    'OR',
    'AND NOT',
    'NEAR(金砖 论坛',
    'NEAR(',
    '-金砖',
    '- -',
    'title: 金砖',
    '{title body}: x',
    '^forum',
    '(((',
    ')',
    "'; DROP TABLE records; --",
    '\\',
    '',
    '   ',
    '金砖 + 论坛',
    '🙂',
  ];

  it.each(inputs)('%j never errors', async (query) => {
    const result = await search(query);
    expect(result.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('operators are not applied: "金砖 OR 论坛" needs both words', async () => {
    const both = await search('金砖 OR 论坛');
    const forum = await search('论坛');
    const plain = await search('金砖 论坛');
    // "or" is an ordinary English word here, so it can only narrow the plain two-word query.
    expect(both.totalCount).toBeLessThanOrEqual(plain.totalCount);
    expect(plain.totalCount).toBeLessThanOrEqual(forum.totalCount);
  });

  it('the tables are intact after hostile queries', async () => {
    const result = await graphql(t.app, `{ statistics { totals { records } } }`);
    expect(result.data!.statistics.totals.records).toBeGreaterThan(0);
  });
});

describe('snippets: why a result matched, in the reader’s script', () => {
  const SNIPPETS = `query($query: String!, $first: Int, $locale: Locale) {
    search(query: $query, first: $first) {
      edges {
        snippet(locale: $locale) { field locale text highlighted matches { start end } }
        node {
          __typename
          ... on Institution { names: nameTranslations { zhHant zhHans en } acronym }
          ... on Network { names: nameTranslations { zhHant zhHans en } }
          ... on BranchCentre { names: nameTranslations { zhHant zhHans en } }
          ... on Indicator { names: nameTranslations { zhHant zhHans en } }
          ... on CooperationRecord { names: titleTranslations { zhHant zhHans en } summaryHant: summary(locale: ZH_HANT) }
          ... on PlanTarget { names: titleTranslations { zhHant zhHans en } }
        }
      }
    }
  }`;

  interface SnippetEdge {
    snippet: { field: string; locale: string | null; text: string; highlighted: string; matches: { start: number; end: number }[] } | null;
    node: { names: { zhHant: string; zhHans: string; en: string }; acronym?: string | null; summaryHant?: string | null };
  }

  async function snippets(query: string, headers: Record<string, string> = {}, locale?: string) {
    const result = await graphql(t.app, SNIPPETS, { query, first: 100, locale }, headers);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!.search.edges as SnippetEdge[];
  }

  const marked = (snippet: NonNullable<SnippetEdge['snippet']>) => snippet.matches.map(({ start, end }) => snippet.text.slice(start, end));

  it('a Simplified query in a Traditional session shows Traditional names with the match marked', async () => {
    const edges = await snippets('金砖', { 'accept-language': 'zh-Hant' });
    expect(edges.length).toBeGreaterThan(10);
    for (const { snippet, node } of edges) {
      expect(snippet, JSON.stringify(node)).not.toBeNull();
      expect(snippet!.locale).toBe('ZH_HANT');
      expect(marked(snippet!).every((text) => text.includes('金磚')), snippet!.text).toBe(true);
      expect(snippet!.highlighted).toContain('<mark>金磚');
      // Title matches show the name as the caller reads it.
      if (snippet!.field === 'NAME' || snippet!.field === 'TITLE') expect(snippet!.text).toBe(node.names.zhHant);
    }
  });

  it('a Traditional query in a Simplified session marks Simplified text', async () => {
    const edges = await snippets('論壇', { 'accept-language': 'zh-CN' });
    const forum = edges.find((edge) => edge.snippet?.field === 'TITLE');
    expect(forum!.snippet!.locale).toBe('ZH_HANS');
    expect(forum!.snippet!.text).toBe(forum!.node.names.zhHans);
    expect(marked(forum!.snippet!)).toContain('论坛');
  });

  it('a match in a summary names the field and shows the summary around it', async () => {
    const edges = await snippets('两日', { 'accept-language': 'zh-Hant' });
    expect(edges.length).toBeGreaterThan(0);
    const { snippet, node } = edges[0]!;
    expect(snippet).toMatchObject({ field: 'SUMMARY', locale: 'ZH_HANT' });
    expect(node.summaryHant).toContain(snippet!.text.replace(/…/g, ''));
    expect(marked(snippet!)).toEqual(['兩日']);
  });

  it('English words are marked where their stems match, in English', async () => {
    const edges = await snippets('competitions skill');
    expect(edges.length).toBeGreaterThan(0);
    for (const { snippet } of edges.filter((edge) => edge.snippet?.field === 'TITLE')) {
      expect(snippet!.locale).toBe('EN');
      expect(marked(snippet!).map((text) => text.toLowerCase())).toEqual(expect.arrayContaining(['skills', 'competition']));
    }
  });

  it('falls back to the script where the terms occur, and says so', async () => {
    const edges = await snippets('New Development Bank', { 'accept-language': 'zh-Hant' });
    const bank = edges.find((edge) => edge.node.names.en === 'New Development Bank');
    expect(bank!.snippet).toMatchObject({ field: 'NAME', locale: 'EN', highlighted: '<mark>New</mark> <mark>Development</mark> <mark>Bank</mark>' });
    const acronym = (await snippets('NDB')).find((edge) => edge.node.acronym === 'NDB');
    expect(acronym!.snippet).toMatchObject({ field: 'ACRONYM', locale: null, text: 'NDB' });
  });

  it('the locale argument overrides Accept-Language, and markers can be chosen', async () => {
    const edges = await snippets('金磚', { 'accept-language': 'en' }, 'ZH_HANS');
    expect(edges[0]!.snippet!.locale).toBe('ZH_HANS');
    const result = await graphql(t.app, `{ search(query: "智库联盟", first: 1) { edges { snippet(locale: ZH_HANT) { highlighted(open: "**", close: "**") } } } }`);
    expect(result.data!.search.edges[0].snippet.highlighted).toContain('**智庫**');
    const tooLong = await graphql(t.app, `{ search(query: "智库", first: 1) { edges { snippet { highlighted(open: "${'x'.repeat(51)}") } } } }`);
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('snippet text helpers', () => {
  it('locates folded terms in the original script and cuts long text around the first match', async () => {
    const { locateTerms, excerpt, markSnippet } = await import('../src/db/snippets');
    const text = '一'.repeat(100) + '金磚國家論壇' + '二'.repeat(100);
    const matches = locateTerms(text, new Set(['金砖', '论坛']), new Set());
    expect(matches).toEqual([
      { start: 100, end: 102 },
      { start: 104, end: 106 },
    ]);
    const cut = excerpt(text, matches);
    expect(cut.text.startsWith('…') && cut.text.endsWith('…')).toBe(true);
    expect(cut.matches.map(({ start, end }) => cut.text.slice(start, end))).toEqual(['金磚', '論壇']);
    expect(markSnippet({ text: 'R&D <lab> 金磚', matches: [{ start: 10, end: 12 }] }, '<b>', '</b>')).toBe('R&amp;D &lt;lab&gt; <b>金磚</b>');
  });
});

describe('the index is merged at start-up', () => {
  // A database of its own: other tests here write to the index.
  let own: TestApp;
  beforeAll(async () => {
    own = await createTestApp();
  });
  afterAll(() => own.close());
  const ownSearch = async (query: string) => {
    const result = await graphql(own.app, `query($query: String!) { search(query: $query, first: 100) { totalCount edges { score node { __typename ... on CooperationRecord { slug } ... on Institution { slug } } } } }`, { query });
    expect(result.errors).toBeUndefined();
    return result.data!.search as { totalCount: number; edges: unknown[] };
  };

  /**
   * Segments in the index, from FTS5's structure record (row 10 of its data table): a 4-byte
   * cookie, an optional 4-byte version marker, then varints for the levels and the segments.
   */
  async function segments(): Promise<number> {
    const [row] = await own.db.$client.execute('SELECT block FROM search_index_data WHERE id = 10').then((result) => result.rows);
    const block = new Uint8Array(row!.block as ArrayBuffer);
    let offset = block[4] === 0xff && block[5] === 0 && block[6] === 0 && block[7] === 1 ? 8 : 4;
    const varint = () => {
      let value = 0;
      for (;;) {
        const byte = block[offset++]!;
        value = value * 128 + (byte & 0x7f);
        if (byte < 0x80) return value;
      }
    };
    varint();
    return varint();
  }

  it('rows written one at a time leave segments that the next start merges, with the same hits', async () => {
    expect(await segments()).toBe(1);
    const before = await ownSearch('forum');
    // Without FTS5's own merging, each single write leaves a segment of its own.
    await own.db.$client.execute(`INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0)`);
    const { rows } = await own.db.$client.execute(`SELECT rowid, entity_type, entity_id, title, body, unigrams FROM search_index LIMIT 12`);
    for (const row of rows) {
      const values = [row.rowid, row.entity_type, row.entity_id, row.title, row.body, row.unigrams].map((value) => value ?? null);
      await own.db.$client.execute({ sql: 'DELETE FROM search_index WHERE rowid = ?', args: [values[0]!] });
      await own.db.$client.execute({ sql: 'INSERT INTO search_index (rowid, entity_type, entity_id, title, body, unigrams) VALUES (?, ?, ?, ?, ?, ?)', args: values });
    }
    expect(await segments()).toBeGreaterThan(1);
    await prepareDatabase(own.db);
    expect(await segments()).toBe(1);
    const after = await ownSearch('forum');
    expect(before.totalCount).toBeGreaterThan(0);
    expect(after.totalCount).toBe(before.totalCount);
    expect(after.edges).toEqual(before.edges);
  });
});

describe('rows written by other means than the API are indexed at the next start', () => {
  // Databases of their own: these tests write rows and index entries directly.
  const searchOf = (app: TestApp) => async (query: string, types = ['CooperationRecord']) => {
    const result = await graphql(app.app, `query($query: String!, $types: [SearchableType!]) { search(query: $query, types: $types, first: 100) { totalCount edges { node { ... on CooperationRecord { slug } ... on Institution { slug } } } } }`, {
      query,
      types,
    });
    expect(result.errors).toBeUndefined();
    return result.data!.search as { totalCount: number; edges: { node: { slug: string } }[] };
  };
  const IMPORTED = 1300;
  const importRecords = (app: TestApp) =>
    app.db.$client.execute({
      sql: `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en, summary_en, year)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            SELECT 'imported-' || i, 'EVENT', 'COMPLETED', 'TALENT_DEVELOPMENT', '導入的展覽 ' || i, '导入的展览 ' || i, 'Imported exhibition ' || i,
              CASE WHEN i % 2 = 0 THEN 'quinquennial' END, 2024 FROM n`,
      args: [IMPORTED],
    });

  it.each([
    ['an embedded database (its own bulk writer)', false],
    ['a database written through its client alone (as a remote one is)', true],
  ])('%s: imported rows are found in both scripts and English; entries of rows archived, deleted or indexed twice are dropped; a second run changes nothing', async (_name, throughClient) => {
    const own = await createTestApp({ caching: { responseCache: false } });
    try {
      const db = throughClient ? (drizzle({ client: own.db.$client, relations }) as unknown as Database) : own.db;
      const ownSearch = searchOf(own);
      await importRecords(own);
      expect((await ownSearch('quinquennial')).totalCount).toBe(0);

      // An entry for a record archived with SQL, one for a record that does not exist (deleted), and a second entry of a live one.
      const seeded = await own.db.$client.execute(`SELECT id FROM records WHERE slug NOT LIKE 'imported-%' AND archived_at IS NULL ORDER BY id LIMIT 2`);
      const [archived, doubled] = seeded.rows.map((row) => ({ id: Number(row.id) }));
      await own.db.$client.execute({ sql: `UPDATE records SET archived_at = '2026-12-01T00:00:00Z' WHERE id = ?`, args: [archived!.id] });
      await own.db.$client.execute({ sql: `INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES ('CooperationRecord', ?, 'phantom', '', '')`, args: [99_999_999] });
      await own.db.$client.execute({ sql: `INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES ('CooperationRecord', ?, 'phantom', '', '')`, args: [doubled!.id] });

      const announced: [string, number][] = [];
      const result = await catchUpSearchIndex(db, (type, rows) => announced.push([type, rows]));
      expect(result).toEqual({ added: IMPORTED, dropped: 3 });
      expect(announced).toEqual([['CooperationRecord', IMPORTED]]);
      expect(await catchUpSearchIndex(db, (type, rows) => announced.push([type, rows]))).toEqual({ added: 0, dropped: 0 });
      expect(announced).toHaveLength(1);

      const quinquennial = await ownSearch('quinquennial');
      expect(quinquennial.totalCount).toBe(IMPORTED / 2);
      expect(quinquennial.edges.every((edge) => /^imported-\d*[02468]$/.test(edge.node.slug))).toBe(true);
      // Both Chinese scripts find the Simplified and Traditional titles alike.
      expect((await ownSearch('導入的展覽 17')).edges.map((edge) => edge.node.slug)).toContain('imported-17');
      expect((await ownSearch('导入 展览')).totalCount).toBe(IMPORTED);
      expect((await ownSearch('phantom')).totalCount).toBe(0);
      const live = Number((await own.db.$client.execute(`SELECT count(*) AS n FROM records WHERE archived_at IS NULL`)).rows[0]!.n);
      const indexed = Number((await own.db.$client.execute(`SELECT count(*) AS n FROM search_index WHERE search_index MATCH '{entity_type} : "CooperationRecord"'`)).rows[0]!.n);
      expect(indexed).toBe(live);
    } finally {
      own.close();
    }
  });
});
