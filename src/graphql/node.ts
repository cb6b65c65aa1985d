/**
 * `node(id:)` and `nodes(ids:)`, the relay plugin's lookups by global ID (wired in src/builder.ts):
 * rows they may not see answer null, like rows that do not exist.
 */
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import { CHECKED_TYPES, visibleIds, type CheckedType } from '../db/node-lookup';
import { MAX_PAGE_SIZE } from '../limits';

/** A decoded global ID. */
interface NodeId {
  typename: string;
  id: string;
}

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

/** `node(id:)`: the row, or null when it is missing or not visible to the caller. */
export async function resolveVisibleNode(context: Context, id: NodeId, resolveNode: (id: NodeId) => unknown): Promise<unknown> {
  // Check and load in the same tick, so both can share one round trip to the database.
  const [[visible], [loaded]] = await Promise.all([visibleNodes(context, [id]), Promise.allSettled([resolveNode(id)])]);
  return visible ? loadedOrNull(loaded) : null;
}

/** `nodes(ids:)`: one entry per ID, in order; null where a row is missing or not visible. */
export async function resolveVisibleNodes(
  context: Context,
  args: { ids: NodeId[] },
  resolveNodes: (ids: NodeId[]) => Promise<unknown[]>,
): Promise<unknown[]> {
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
}
