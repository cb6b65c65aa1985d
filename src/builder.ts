/**
 * The schema builder and its plugins. Types live in src/graphql/, one file per entity.
 */
import SchemaBuilder, { decodeBase64, decodeCursorChunk, PothosValidationError } from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { GraphQLError } from 'graphql';
import * as z from 'zod';
import { CHECKED_TYPES, visibleIds, type CheckedType } from './db/writes';
import { ForbiddenError } from './graphql/forbidden';
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
const pageSize = z
  .number()
  .int()
  .min(1, { message: 'must be at least 1' })
  .max(MAX_PAGE_SIZE, { message: `must be at most ${MAX_PAGE_SIZE}` });

/**
 * A decoded cursor holds the ordering columns' values: numbers, strings, dates or null, or a list
 * of them. Anything else (objects, `__proto__` keys, NaN) is forged and would fail in SQL.
 */
function soundCursorValue(value: unknown, depth = 0): boolean {
  if (Array.isArray(value)) return depth === 0 && value.length <= 8 && value.every((item) => soundCursorValue(item, depth + 1));
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return false;
}

/** Row keys in global IDs: one canonical form each, so `Institution:1` has no aliases (`01`, `1e0`, ` 1`). */
const CANONICAL_ROW_ID = /^(0|[1-9][0-9]{0,15})$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Decodes a global ID and checks its key: a country's is its two-letter code, every other type's
 * a row number in plain decimal. Anything else is a clear input error, never a failed statement.
 */
export function decodeCanonicalGlobalID(globalID: string): { typename: string; id: string } {
  const decoded = decodeGlobalID(globalID);
  const sound =
    decoded.typename === 'Country'
      ? COUNTRY_CODE.test(decoded.id)
      : CANONICAL_ROW_ID.test(decoded.id) && Number.isSafeInteger(Number(decoded.id));
  if (!sound) throw new PothosValidationError(`Invalid global ID: ${globalID.length > 100 ? `${globalID.slice(0, 100)}…` : globalID}`);
  return decoded;
}

/**
 * Whether a cursor has the shape this API issues: a keyset cursor (`DC:` with typed values) or an
 * offset cursor. Checked before any resolver runs, so a forged cursor is a clear input error
 * rather than a failed SQL statement.
 */
export function isWellFormedCursor(cursor: string): boolean {
  try {
    const decoded = decodeBase64(cursor);
    if (decoded.startsWith('OffsetConnection:')) return /^OffsetConnection:\d{1,12}$/.test(decoded);
    return decoded.startsWith('DC:') && soundCursorValue(decodeCursorChunk(decoded.slice(3)));
  } catch {
    return false;
  }
}

const cursorArg = z
  .string()
  .max(1_000, { message: 'is not a cursor this API issued' })
  .refine(isWellFormedCursor, { message: 'is not a cursor this API issued' });

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
      resolve: async (_root, args, context, _info, resolveNode) => {
        // Check and load in the same tick, so both can share one round trip to the database.
        const [[visible], [loaded]] = await Promise.all([visibleNodes(context, [args.id]), Promise.allSettled([resolveNode(args.id)])]);
        return visible ? loadedOrNull(loaded) : null;
      },
    },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_PAGE_SIZE} objects by their global IDs, in order.`,
      resolve: async (_root, args, context, _info, resolveNodes) => {
        if (args.ids.length > MAX_PAGE_SIZE) {
          throw new GraphQLError(`nodes accepts at most ${MAX_PAGE_SIZE} IDs.`, {
            extensions: { code: 'BAD_USER_INPUT', argument: 'ids' },
          });
        }
        const all = args.ids;
        // One load per ID, so that a missing row does not fail the others; the relay plugin's
        // resolveNodes loads `args.ids` (not its argument), hence the reassignment. Its loaders
        // still batch the IDs of each type into one statement.
        const loads = all.map((id) => {
          args.ids = [id];
          return Promise.resolve(resolveNodes([id])).then((nodes) => nodes[0]);
        });
        args.ids = all;
        const [visible, loaded] = await Promise.all([visibleNodes(context, all), Promise.allSettled(loads)]);
        return Promise.all(loaded.map((result, index) => (visible[index] ? loadedOrNull(result) : null)));
      },
    },
  },
  scopeAuth: {
    authScopes: (context) => ({
      public: true,
      recordsWrite: hasScope(context.viewer, 'records:write'),
      admin: hasScope(context.viewer, 'admin'),
    }),
    unauthorizedError: (_parent, context, _info, result) =>
      new ForbiddenError(
        context.viewer ? `${result.message}: the API key lacks the scope needed.` : `${result.message}: send a valid API key as \`Authorization: Bearer <key>\`.`,
        requiredScopes(result.failure),
      ),
  },
  errors: {
    defaultTypes: [],
    // Validation failures become typed results (ValidationError) instead of top-level errors.
    unsafelyHandleInputErrors: true,
  },
});

/** The key scopes named by a failed scope check, e.g. `records:write`. */
function requiredScopes(failure: AuthFailure): string[] {
  if (failure.kind === AuthScopeFailureType.AuthScope) return [SCOPE_NAMES[failure.scope as keyof AuthScopes] ?? failure.scope];
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    return failure.failures.flatMap(requiredScopes);
  }
  return [];
}

const SCOPE_NAMES: Record<keyof AuthScopes, string> = { public: 'public', recordsWrite: 'records:write', admin: 'admin' };

/**
 * `node`/`nodes` load rows by ID, outside any list. So before loading, the IDs of checked types are
 * tested against the visibility rule (src/db/visibility.ts) in one query per type: missing rows,
 * malformed keys and rows the caller may not see all answer null, indistinguishably.
 */
async function visibleNodes(context: Context, ids: readonly { typename: string; id: unknown }[]): Promise<boolean[]> {
  const checked = (typename: string): typename is CheckedType => (CHECKED_TYPES as string[]).includes(typename);
  const byType = new Map<CheckedType, number[]>();
  for (const { typename, id } of ids) {
    const key = Number(id);
    if (!checked(typename) || !Number.isSafeInteger(key)) continue;
    byType.set(typename, [...(byType.get(typename) ?? []), key]);
  }
  const visible = new Set<string>();
  await Promise.all(
    [...byType].map(async ([type, keys]) => {
      for (const key of await visibleIds(context.db, type, keys)) visible.add(`${type}:${key}`);
    }),
  );
  return ids.map(({ typename, id }) => (checked(typename) ? visible.has(`${typename}:${Number(id)}`) : true));
}

/** A visible node whose row turns out not to exist (e.g. a country) is null, not an error. */
function loadedOrNull<T>(result: PromiseSettledResult<T>): T | null {
  if (result.status === 'fulfilled') return result.value ?? null;
  if (result.reason instanceof Error && /not found/i.test(result.reason.message)) return null;
  throw result.reason;
}
