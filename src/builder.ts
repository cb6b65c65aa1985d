/**
 * The schema builder and its plugins. Types live in src/graphql/, one file per entity.
 */
import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Database } from './db/client';
import type { Locale } from './db/enums';
import { relations } from './db/relations';

/** The caller behind a request: anonymous, or an API key with scopes. */
export interface Viewer {
  keyId: number;
  name: string;
  scopes: readonly string[];
}

export interface Context {
  db: Database;
  /** Locale negotiated from Accept-Language; fields fall back to it when given none. */
  locale: Locale;
  viewer: Viewer | null;
}

export interface AuthScopes {
  public: boolean;
  /** May create, update, archive and restore records. */
  recordsWrite: boolean;
  /** May do anything, including reading archived records. */
  admin: boolean;
}

/** Page sizes accepted by every connection. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const pageSize = z
  .number()
  .int()
  .min(1, { message: 'must be at least 1' })
  .max(MAX_PAGE_SIZE, { message: `must be at most ${MAX_PAGE_SIZE}` });

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  DrizzleRelations: typeof relations;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    ID: { Input: string; Output: string | number };
    DateTime: { Input: Date; Output: Date | string };
    URL: { Input: URL; Output: URL | string };
    CountryCode: { Input: string; Output: string };
    PartialDate: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodesOnConnection: {
      description: 'The nodes of this page, without edge data.',
    },
    idFieldOptions: { description: 'Opaque global identifier, usable with `node(id:)`.' },
    nodeTypeOptions: { description: 'An object with a globally unique, opaque identifier.' },
    pageInfoTypeOptions: { description: 'Where a page stands in its connection.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items come before this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page.' },
    cursorFieldOptions: { description: 'Opaque cursor of this item, for `after` and `before`.' },
    firstArgOptions: {
      description: `Returns the first n items (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).`,
      validate: pageSize,
    },
    lastArgOptions: {
      description: `Returns the last n items (1 to ${MAX_PAGE_SIZE}).`,
      validate: pageSize,
    },
    afterArgOptions: { description: 'Returns the items after this cursor.' },
    beforeArgOptions: { description: 'Returns the items before this cursor.' },
    pageInfoFieldOptions: { description: 'Pagination state of this page.' },
    nodeQueryOptions: { description: 'Fetches any object by its global ID.' },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_PAGE_SIZE} objects by their global IDs, in order.`,
      resolve: (_root, args, _context, _info, resolveNodes) => {
        if (args.ids.length > MAX_PAGE_SIZE) {
          throw new GraphQLError(`nodes accepts at most ${MAX_PAGE_SIZE} IDs.`, {
            extensions: { code: 'BAD_USER_INPUT', argument: 'ids' },
          });
        }
        return resolveNodes(args.ids);
      },
    },
  },
  scopeAuth: {
    authScopes: (context) => ({
      public: true,
      recordsWrite: hasScope(context.viewer, 'records:write'),
      admin: hasScope(context.viewer, 'admin'),
    }),
    unauthorizedError: (_parent, _context, _info, result) =>
      new GraphQLError(result.message, { extensions: { code: 'FORBIDDEN' } }),
  },
  errors: {
    defaultTypes: [],
  },
});

function hasScope(viewer: Viewer | null, scope: string): boolean {
  return viewer !== null && (viewer.scopes.includes(scope) || viewer.scopes.includes('admin'));
}
