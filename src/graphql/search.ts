/**
 * Ranked full-text search across every public type, in Simplified or Traditional Chinese or
 * English. Backed by the FTS5 index maintained in src/db/search.ts.
 */
import { cursorToOffset, offsetToCursor } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { SEARCH_FIELDS } from '../db/entities';
import { searchMatchExpression } from '../db/text';
import { SEARCHABLE_TYPES, searchPage, type SearchableType, type SearchHit, type SearchWindow } from '../db/search';
import { markSnippet, SNIPPET_LENGTH, snippetFor, type Snippet, type SnippetField, type SnippetMatch } from '../db/snippets';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder';
import { LocaleEnum } from './enums';
import { markFoundRowsLoaded } from './found-rows';
import { localeArgs } from './localized';

/** Remembers which GraphQL type each loaded row belongs to, for the union's type resolution. */
const rowTypes = new WeakMap<object, SearchableType>();

/** Object rows of any searchable type, as `searchPage` reads them. */
type SearchRow = Record<string, unknown>;

// Members named by the registry (src/db/entities.ts); each entity's module defines the type itself.
export const SearchResult = builder.unionType('SearchResult', {
  description: 'Anything search can find.',
  types: SEARCHABLE_TYPES as never,
  resolveType: (row) => rowTypes.get(row as object) ?? null,
});

const SearchableTypeEnum = builder.enumType('SearchableType', {
  description: 'Types that search covers.',
  values: Object.fromEntries(
    SEARCHABLE_TYPES.map((type) => [type, { description: `Search ${type} objects.` }]),
  ) as Record<SearchableType, { description: string }>,
});

const MAX_QUERY_LENGTH = 200;

const SearchFieldEnum = builder.enumType('SearchField', {
  description: 'The field of a search result that a snippet comes from.',
  values: Object.fromEntries(
    Object.entries(SEARCH_FIELDS).map(([field, { description }]) => [field.toUpperCase(), { description }]),
  ) as Record<SnippetField, { description: string }>,
});

const SearchSnippetMatchRef = builder.objectRef<SnippetMatch>('SearchSnippetMatch').implement({
  description: 'One highlighted span of a snippet.',
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'Offset of the first character in `text`, in UTF-16 code units (as JavaScript, Java/Kotlin and NSString count).' }),
    end: t.exposeInt('end', { description: 'Offset just past the last character in `text`, in UTF-16 code units.' }),
  }),
});

const MAX_MARKER_LENGTH = 50;

/** The `highlighted` field's value for its markers; a GraphQLError for markers that are too long. */
function highlighter(args: { open: string; close: string }): (snippet: Snippet) => string {
  if (args.open.length > MAX_MARKER_LENGTH || args.close.length > MAX_MARKER_LENGTH) {
    throw new GraphQLError(`open and close must be at most ${MAX_MARKER_LENGTH} characters.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return (snippet) => markSnippet(snippet, args.open, args.close);
}

const SearchSnippetRef = builder.objectRef<Snippet>('SearchSnippet').implement({
  description: `Why a result matched: the field that holds the search terms, in the reader’s locale where the terms occur in it, with every occurrence highlighted. At most ${SNIPPET_LENGTH} characters, cut around the first match with “…”.`,
  fields: (t) => ({
    field: t.expose('field', { type: SearchFieldEnum, description: 'The field the snippet comes from.' }),
    locale: t.expose('locale', {
      type: LocaleEnum,
      nullable: true,
      description: 'Language and script of the snippet: the requested one, unless the terms occur only in another (e.g. an English word searched from a Chinese session). Null for acronyms.',
    }),
    text: t.exposeString('text', { description: 'The snippet as plain text.' }),
    matches: t.field({
      type: [SearchSnippetMatchRef],
      description: 'The highlighted spans of `text`, in order; to style them without parsing markup.',
      resolve: (snippet) => snippet.matches,
    }),
    highlighted: t.string({
      description:
        'The snippet as HTML: the text escaped (`&`, `<`, `>`, quotes) and each match between `open` and `close`, which are inserted as given.',
      args: {
        open: t.arg.string({ required: true, defaultValue: '<mark>', description: `Inserted before each match (at most ${MAX_MARKER_LENGTH} characters).` }),
        close: t.arg.string({ required: true, defaultValue: '</mark>', description: `Inserted after each match (at most ${MAX_MARKER_LENGTH} characters).` }),
      },
      resolve: (snippet, args) => highlighter(args)(snippet),
    }),
  }),
});

/** The offset window a page reads, from the connection's arguments (either path uses it). */
export interface SearchRequest extends SearchWindow {
  query: string;
  /** Offset of the first match `after` lets through (0 without it). */
  after: number;
}

/**
 * What of a query text decides a search's statement (src/graphql/plan-variables.ts): whether the
 * API refuses it and whether it has any terms. The terms themselves are a parameter of the statement.
 */
export function searchQueryShape(query: unknown): string {
  if (typeof query !== 'string') return `not a string: ${typeof query}`;
  if (query.length > MAX_QUERY_LENGTH) return 'too long';
  return searchMatchExpression(query) === null ? 'no terms' : 'terms';
}

/** The window of a search page; a GraphQLError for input the API refuses. */
export function searchWindow(args: {
  query: string;
  types?: readonly SearchableType[] | null | undefined;
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}): SearchRequest {
  if (args.query.length > MAX_QUERY_LENGTH) {
    throw new GraphQLError(`query must be at most ${MAX_QUERY_LENGTH} characters.`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'query' },
    });
  }
  if (args.first != null && args.last != null) {
    throw new GraphQLError('Pass either first or last, not both.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const after = args.after ? cursorToOffset(args.after) + 1 : 0;
  const before = args.before ? cursorToOffset(args.before) : null;
  let offset = after;
  let limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (args.last != null) {
    const end = before ?? Number.MAX_SAFE_INTEGER;
    limit = Math.min(args.last, MAX_PAGE_SIZE);
    offset = Math.max(after, end === Number.MAX_SAFE_INTEGER ? 0 : end - limit);
    // A `before` at or ahead of `after` leaves nothing between them (SQLite reads a negative LIMIT as none).
    if (end !== Number.MAX_SAFE_INTEGER) limit = Math.max(0, Math.min(limit, end - offset));
  } else if (before !== null) {
    limit = Math.min(limit, Math.max(0, before - offset));
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  // A `last` page without `before` is counted from the worst match, so it needs no total first.
  const fromEnd = args.last != null && before === null;
  return { query: args.query, after, types: args.types ?? undefined, limit, offset: fromEnd ? 0 : offset, fromEnd };
}

/** Where a page's hits (those whose rows are still there) start among all matches, and which are on it. */
export function placeHits<Hit>(window: SearchRequest, found: readonly Hit[], totalCount: number): { start: number; hits: Hit[] } {
  if (!window.fromEnd) return { start: window.offset, hits: [...found] };
  // The hits are the last `found.length` matches; `after` may cut the front of them.
  const first = totalCount - found.length;
  const start = Math.max(window.after, first);
  return { start, hits: found.slice(start - first) };
}

interface SearchEdgeShape {
  cursor: string;
  node: SearchRow;
  score: number;
  hit: SearchHit;
}

builder.queryField('search', (t) =>
  t.connection(
    {
      type: SearchResult,
      description:
        'Ranked full-text search over names, titles and descriptions in every script: a Simplified query finds Traditional text and the reverse; English words match by stem and prefix.',
      args: {
        query: t.arg.string({
          required: true,
          description: `What to look for (at most ${MAX_QUERY_LENGTH} characters), e.g. 金砖, 論壇 or "skills competition".`,
        }),
        types: t.arg({ type: [SearchableTypeEnum], required: false, description: 'Only these types.' }),
      },
      extensions: { sqlRead: { search: { window: searchWindow, place: placeHits } } },
      resolve: async (_root, args, context, info) => {
        const window = searchWindow(args);
        // One statement: the page of ranked hits, the rows they point to and the total.
        const page = await searchPage(context.db, window.query, window);
        const { start, hits } = placeHits(window, page.hits, page.totalCount);
        // The hit rows carry every column: their fields read them instead of loading them again.
        await markFoundRowsLoaded(context, info, ['edges', 'node'], hits.map((hit) => hit.type));
        const edges: SearchEdgeShape[] = hits.map((hit, index) => {
          rowTypes.set(hit.row, hit.type);
          return { cursor: offsetToCursor(start + index), node: hit.row as SearchRow, score: hit.score, hit };
        });
        return {
          edges,
          totalCount: page.totalCount,
          pageInfo: {
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
            hasPreviousPage: start > 0,
            hasNextPage: start + hits.length < page.totalCount,
          },
        };
      },
    },
    {
      name: 'SearchConnection',
      description: 'A page of search results, best match first.',
      fields: (t) => ({
        totalCount: t.int({
          description: 'How many results match in all.',
          resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount,
        }),
      }),
    },
    {
      name: 'SearchEdge',
      description: 'One search result with its relevance.',
      fields: (t) => ({
        score: t.float({
          description:
            'Relevance: FTS5’s BM25 rank with names and titles weighted 10, descriptions 1 and single characters 2 (higher is better; comparable within one search).',
          resolve: (edge) => (edge as unknown as SearchEdgeShape).score,
        }),
        snippet: t.field({
          type: SearchSnippetRef,
          nullable: true,
          description:
            'Where the terms matched: the field, its text in the requested locale (Accept-Language by default) and the matches highlighted.',
          args: localeArgs(t.arg),
          resolve: (edge, args, context) => snippetFor((edge as unknown as SearchEdgeShape).hit, args.locale ?? context.locale),
        }),
      }),
    },
  ),
);
