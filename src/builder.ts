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
import { scopeFailure } from './graphql/forbidden';
import { resolveVisibleNode, resolveVisibleNodes } from './graphql/node';
import { cursorArg, decodeCanonicalGlobalID, pageSize } from './graphql/relay-arguments';
import { relations } from './db/relations';
import { hasScope, type Context } from './context';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './limits';

export type { Context } from './context';

export interface AuthScopes {
  public: boolean;
  /** May create, update, archive and restore records. */
  recordsWrite: boolean;
  /** May do anything, including reading archived records. */
  admin: boolean;
}

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './limits';

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
    JSON: { Input: unknown; Output: unknown };
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
    decodeGlobalID: decodeCanonicalGlobalID,
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
    afterArgOptions: { description: 'Returns the items after this cursor.', validate: cursorArg },
    beforeArgOptions: { description: 'Returns the items before this cursor.', validate: cursorArg },
    pageInfoFieldOptions: { description: 'Pagination state of this page.' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID (archived objects only with the admin scope).',
      resolve: (_root, args, context, _info, resolveNode) => resolveVisibleNode(context, args.id, resolveNode),
    },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_PAGE_SIZE} objects by their global IDs, in order.`,
      resolve: (_root, args, context, _info, resolveNodes) => resolveVisibleNodes(context, args, resolveNodes),
    },
  },
  scopeAuth: {
    authScopes: (context) => ({
      public: true,
      recordsWrite: hasScope(context.viewer, 'records:write'),
      admin: hasScope(context.viewer, 'admin'),
    }),
    unauthorizedError: (_parent, context, _info, result) => scopeFailure(context.viewer, result),
  },
  errors: {
    defaultTypes: [],
    // Validation failures become typed results (ValidationError) instead of top-level errors.
    unsafelyHandleInputErrors: true,
  },
});
