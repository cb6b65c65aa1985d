/**
 * Ranked full-text search across every public type, in Simplified or Traditional Chinese or
 * English. Backed by the FTS5 index maintained in src/db/search.ts.
 */
import { cursorToOffset, offsetToCursor } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { SEARCHABLE_TYPES, searchIndex, inSearchWindow, type SearchableType } from '../db/search';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder';
import type { Context } from '../builder';
import { BranchCentre } from './branch-centre';
import { CooperationRecord } from './cooperation-record';
import { Indicator } from './indicator';
import { Institution } from './institution';
import { Network } from './network';
import { PlanTarget } from './plan-target';

/** Remembers which GraphQL type each loaded row belongs to, for the union's type resolution. */
const rowTypes = new WeakMap<object, SearchableType>();


export const SearchResult = builder.unionType('SearchResult', {
  description: 'Anything search can find.',
  types: [Institution, BranchCentre, Network, CooperationRecord, Indicator, PlanTarget],
  resolveType: (row) => rowTypes.get(row as object) ?? null,
});

const SearchableTypeEnum = builder.enumType('SearchableType', {
  description: 'Types that search covers.',
  values: Object.fromEntries(
    SEARCHABLE_TYPES.map((type) => [type, { description: `Search ${type} objects.` }]),
  ) as Record<SearchableType, { description: string }>,
});

const MAX_QUERY_LENGTH = 200;

type SearchRow = typeof SearchResult.$inferType & { id: number };

/** Loads the rows of one type that `condition` selects. */
async function loadRows(
  context: Context,
  type: SearchableType,
  condition: NonNullable<ReturnType<typeof inSearchWindow>>,
): Promise<Map<number, SearchRow>> {
  const where = { RAW: condition };
  const query = context.db.query;
  const rows: SearchRow[] = await (type === 'Institution'
    ? query.institutions.findMany({ where })
    : type === 'BranchCentre'
      ? query.branchCentres.findMany({ where })
      : type === 'Network'
        ? query.networks.findMany({ where })
        : type === 'CooperationRecord'
          ? query.records.findMany({ where })
          : type === 'Indicator'
            ? query.indicators.findMany({ where })
            : query.planTargets.findMany({ where }));
  return new Map(
    rows.map((row) => {
      rowTypes.set(row, type);
      return [row.id, row];
    }),
  );
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
      resolve: async (_root, args, context) => {
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
          if (end !== Number.MAX_SAFE_INTEGER) limit = Math.min(limit, end - offset);
        } else if (before !== null) {
          limit = Math.min(limit, Math.max(0, before - offset));
        }
        if (!Number.isInteger(offset) || offset < 0) {
          throw new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });
        }
        // A `last` page without `before` is counted from the worst match, so it needs no total first.
        const fromEnd = args.last != null && before === null;
        const window = { types: args.types ?? undefined, limit, offset: fromEnd ? 0 : offset, fromEnd };
        // Hits and the rows they point to are fetched together (one round trip): each type's rows
        // are selected by a subquery over the same window.
        const types = window.types && window.types.length > 0 ? window.types : SEARCHABLE_TYPES;
        const loading = types.flatMap((type) => {
          const condition = inSearchWindow(args.query, window, type);
          return condition ? [loadRows(context, type, condition).then((rows) => [type, rows] as const)] : [];
        });
        const [page, loadedList] = await Promise.all([searchIndex(context.db, args.query, window), Promise.all(loading)]);
        let hits = page.hits;
        let start = offset;
        if (fromEnd) {
          // The hits are the last `hits.length` matches; `after` may cut the front of them.
          const first = page.totalCount - hits.length;
          start = Math.max(after, first);
          hits = hits.slice(start - first);
        }
        const loaded = new Map<SearchableType, Map<number, SearchRow>>(loadedList);
        const edges = hits.flatMap((hit, index) => {
          const node = loaded.get(hit.type)?.get(hit.id);
          return node ? [{ cursor: offsetToCursor(start + index), node, score: hit.score }] : [];
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
          description: 'Relevance (BM25; higher is better). Names weigh more than descriptions.',
          resolve: (edge) => (edge as unknown as { score: number }).score,
        }),
      }),
    },
  ),
);
