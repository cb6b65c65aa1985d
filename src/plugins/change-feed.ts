/**
 * Caching of the change feed: its pages move with every write.
 * - The server's response cache must never hold them: the feed's types carry
 *   `@cacheControl(maxAge: 0)` (src/graphql/cache-control.ts), defined here in the schema the
 *   server runs.
 * - A browser, app or CDN must ask again each time (`no-cache`) instead of reusing a page for the
 *   lifetime other public queries get (src/plugins/caching.ts sets Cache-Control only where none
 *   is set yet).
 */
import { getOperationAST, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { YogaInitialContext } from 'graphql-yoga';
import { withCacheControlDirective } from '../graphql/cache-control';
import type { Plugin } from './index';

const FEED_FIELDS = new Set(['changes', 'syncSnapshot']);

/** Whether the operation selects a feed field at its root (through fragments too). */
function selectsFeed(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query') return false;
  const fragments = new Map(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
  );
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return FEED_FIELDS.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      return fragment ? visit(fragment.selectionSet) : false;
    });
  return visit(operation.selectionSet);
}

export function useChangeFeedCacheControl(): Plugin {
  const feedRequests = new WeakSet<Request>();
  return {
    onSchemaChange({ schema, replaceSchema }) {
      const withDirective = withCacheControlDirective(schema);
      if (withDirective !== schema) replaceSchema(withDirective);
    },
    onExecute({ args }) {
      const request = (args.contextValue as Partial<YogaInitialContext>).request;
      if (request && selectsFeed(args.document, args.operationName)) feedRequests.add(request);
    },
    onResponse({ request, response }) {
      if (feedRequests.has(request)) response.headers.set('Cache-Control', 'no-cache');
    },
  };
}
