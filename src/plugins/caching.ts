/**
 * HTTP and response caching for public reads.
 *
 * - Automatic persisted queries (Apollo's APQ protocol): clients send a SHA-256 hash, and the query
 *   once when the server does not know it yet; with GET this makes requests small and cacheable.
 * - The response cache, ETag / 304 and Cache-Control (src/plugins/response-cache.ts): entries are
 *   keyed on the data version, so no response is ever older than the last write.
 */
import { useAPQ } from '@graphql-yoga/plugin-apq';
import { createLRUCache } from 'graphql-yoga';
import type { Plugin, PluginOptions } from './index';
import { createMemoryResponseStore, useHttpCaching, type ResponseStore } from './response-cache';

export interface CachingOptions {
  /** Where cached responses live; defaults to an in-memory LRU (Node). */
  store?: ResponseStore;
  /** Turns the response cache off (APQ and Cache-Control stay). Default: on. */
  responseCache?: boolean;
}

const MAX_PERSISTED_QUERIES = 1_000;

/** APQ's hook is asynchronous; requests without `extensions.persistedQuery`, which it ignores, skip it. */
function onlyWithPersistedQuery(plugin: Plugin): Plugin {
  const onParams = plugin.onParams!;
  return {
    ...plugin,
    onParams(payload) {
      if ((payload.params.extensions as { persistedQuery?: unknown } | undefined)?.persistedQuery != null) return onParams(payload);
    },
  };
}

export function cachingPlugins(options: PluginOptions, caching: CachingOptions = {}): Plugin[] {
  const store = caching.responseCache === false ? null : (caching.store ?? createMemoryResponseStore());
  return [
    onlyWithPersistedQuery(useAPQ({ store: createLRUCache<string>({ max: MAX_PERSISTED_QUERIES, ttl: 24 * 3600_000 }) })),
    useHttpCaching({ db: options.db, store, reportHits: options.trace }),
  ];
}
