/**
 * plugin-drizzle starts a root connection's `totalCount` statement only once the page has loaded,
 * which costs a second database round trip. Wrapping the connection's options with
 * `withEagerTotalCount(t).drizzleConnection(…)` starts the count next to the page query when `totalCount` is selected, so both
 * go out in the same batch (see src/db/meter.ts).
 */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

// Mirrors the option signatures Pothos passes, which are generic over the builder's types.
/* eslint-disable @typescript-eslint/no-explicit-any */
type CountFn = (parent: any, args: any, context: any, info: GraphQLResolveInfo) => unknown;
type ResolveFn = (query: any, parent: any, args: any, context: any, info: GraphQLResolveInfo) => unknown;

/** `t.drizzleConnection` with the count started early; same signature, so Pothos' inference is kept. */
export function withEagerTotalCount<T extends { drizzleConnection: (options: any, ...rest: any[]) => any }>(
  t: T,
): Pick<T, 'drizzleConnection'> {
  /* eslint-enable @typescript-eslint/no-explicit-any */
  const drizzleConnection = (options: { totalCount?: CountFn; resolve: ResolveFn }, ...rest: unknown[]) =>
    t.drizzleConnection(eagerTotalCount(options), ...rest);
  return { drizzleConnection: drizzleConnection as T['drizzleConnection'] };
}

function eagerTotalCount<O extends { totalCount?: CountFn; resolve: ResolveFn }>(options: O): O {
  const { totalCount, resolve } = options;
  if (!totalCount) return options;
  // Pothos hands the same args object to `resolve` and `totalCount` of one field execution.
  const started = new WeakMap<object, Promise<unknown>>();
  const wrappedCount: CountFn = (parent, args, context, info) => {
    const pending = started.get(args as object);
    if (pending) {
      started.delete(args as object);
      return pending;
    }
    return totalCount(parent, args, context, info);
  };
  const wrappedResolve: ResolveFn = (query, parent, args, context, info) => {
    if (selectsTotalCount(info)) {
      const count = Promise.resolve(totalCount(parent, args, context, info));
      // Observed here too, in case the page fails and totalCount is never read.
      count.catch(() => undefined);
      started.set(args as object, count);
    }
    return resolve(query, parent, args, context, info);
  };
  return { ...options, totalCount: wrappedCount, resolve: wrappedResolve };
}

function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === 'totalCount';
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
