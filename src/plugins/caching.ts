/**
 * HTTP and response caching for public reads.
 *
 * - Automatic persisted queries (Apollo's APQ protocol): clients send a SHA-256 hash, and the query
 *   once when the server does not know it yet; with GET this makes responses cacheable by URL.
 * - Response cache: results of public queries are kept per operation, variables and negotiated
 *   locale (in memory on Node, the Cloudflare Cache API on the Worker); a cached response costs
 *   no database round trip. Mutations invalidate exactly the entities (typename + id) they return.
 * - ETag (the cache key) and 304 Not Modified for `If-None-Match`.
 * - Cache-Control per operation: the shortest lifetime among the types it selects.
 * Callers with an Authorization header are never served from or stored in the shared cache.
 */
import { useAPQ } from '@graphql-yoga/plugin-apq';
import { createInMemoryCache, useResponseCache, type UseResponseCacheParameter } from '@graphql-yoga/plugin-response-cache';
import {
  getNamedType,
  getOperationAST,
  isCompositeType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { createLRUCache, type GraphQLParams } from 'graphql-yoga';
import { negotiateLocale } from '../graphql/localized';
import type { Plugin, PluginOptions } from './index';

export type ResponseCache = NonNullable<UseResponseCacheParameter['cache']>;
type CacheEntityRecord = Parameters<ResponseCache['invalidate']>[0] extends Iterable<infer E> ? E : never;

export interface CachingOptions {
  /** Where cached responses live; defaults to an in-memory LRU (Node). */
  cache?: ResponseCache;
  /** Turns the response cache off (APQ, ETag and Cache-Control stay). Default: on. */
  responseCache?: boolean;
}

/** Seconds a response may be reused, by the types it touches; the shortest one wins. */
export const DEFAULT_TTL_SECONDS = 300;
export const TTL_SECONDS_PER_TYPE: Readonly<Record<string, number>> = {
  // Aggregates and search ranks move with every write.
  Statistics: 60,
  SearchConnection: 60,
  PlanTargetProgress: 60,
  // Reference data.
  Country: 86_400,
};

const MAX_CACHED_RESPONSES = 1_000;

/** Public callers only: API keys (Authorization) may see archived data and must not share a cache. */
function isPublic(request: Request): boolean {
  return !request.headers.has('authorization');
}

export function cachingPlugins(options: PluginOptions, caching: CachingOptions = {}): Plugin[] {
  const plugins: Plugin[] = [useAPQ({ store: createLRUCache<string>({ max: MAX_CACHED_RESPONSES, ttl: 24 * 3600_000 }) })];
  if (caching.responseCache !== false) {
    const isMutation = mutationDetector();
    plugins.push(
      useResponseCache({
        session: () => null,
        cache: withListInvalidation(caching.cache ?? createInMemoryCache({ max: MAX_CACHED_RESPONSES })),
        // Mutations come with API keys; they must still invalidate what they change.
        enabled: (request, context) => isPublic(request) || isMutation(context as { params?: GraphQLParams }),
        ttl: DEFAULT_TTL_SECONDS * 1000,
        // Type names are schema coordinates too.
        ttlPerSchemaCoordinate: Object.fromEntries(Object.entries(TTL_SECONDS_PER_TYPE).map(([type, seconds]) => [type, seconds * 1000])),
        // Responses are localised: the negotiated locale is part of the key (and of the ETag).
        buildResponseCacheKey: ({ documentString, variableValues, operationName, request }) =>
          cacheKey(documentString, variableValues, operationName, negotiateLocale(request.headers.get('accept-language'))),
        includeExtensionMetadata: options.trace,
        invalidateViaMutation: true,
      }),
    );
  }
  plugins.push(useCacheControl());
  return plugins;
}

function mutationDetector(): (context: { params?: GraphQLParams }) => boolean {
  const known = createLRUCache<boolean>({ max: MAX_CACHED_RESPONSES });
  return ({ params }) => {
    if (!params?.query) return false;
    const key = `${params.operationName ?? ''}\n${params.query}`;
    let result = known.get(key);
    if (result === undefined) {
      try {
        result = getOperationAST(parse(params.query), params.operationName)?.operation === 'mutation';
      } catch {
        result = false;
      }
      known.set(key, result);
    }
    return result;
  };
}

const LIST_TAG = 'List:';
const AGGREGATE_TAG = 'Aggregates';
const AGGREGATE_FIELDS = new Set(['statistics', 'search']);

/** Whether a result holds a list anywhere (a '[' inside a string does not count). */
function containsList(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  return typeof value === 'object' && value !== null && Object.values(value).some(containsList);
}

/**
 * Mutations invalidate the entities they return by typename + id. A new, archived or edited record
 * can also enter or leave lists, counts and search results that never held it, so results with
 * lists are tagged per entity type they list, aggregates as such, and a changed entity also
 * invalidates those tags — but not unrelated single-object lookups.
 */
export function withListInvalidation(cache: ResponseCache): ResponseCache {
  return {
    get: (key) => cache.get(key),
    set(key, result, entities, ttl) {
      const tags: CacheEntityRecord[] = [...entities];
      const data = result.data as Record<string, unknown> | null | undefined;
      if (data && Object.keys(data).some((field) => AGGREGATE_FIELDS.has(field))) tags.push({ typename: AGGREGATE_TAG });
      if (data && containsList(data)) {
        for (const typename of new Set(tags.filter((tag) => tag.id != null).map((tag) => tag.typename))) {
          tags.push({ typename: `${LIST_TAG}${typename}` });
        }
      }
      // Per-request extensions (cost, trace) are not replayed to later callers; the HTTP headers
      // (ETag, Last-Modified) are what 304 answers rely on.
      const { extensions, ...rest } = result;
      const http = (extensions as { http?: unknown } | undefined)?.http;
      return cache.set(key, http ? { ...rest, extensions: { http } } : rest, tags, ttl);
    },
    invalidate(entities) {
      const all: CacheEntityRecord[] = [];
      const types = new Set<string>();
      for (const entity of entities) {
        all.push(entity);
        if (!entity.typename.startsWith(LIST_TAG)) types.add(entity.typename);
      }
      for (const typename of types) all.push({ typename: `${LIST_TAG}${typename}` });
      if (types.size > 0) all.push({ typename: AGGREGATE_TAG });
      return cache.invalidate(all);
    },
  };
}

async function cacheKey(
  documentString: string,
  variables: unknown,
  operationName: string | null | undefined,
  locale: string,
): Promise<string> {
  const text = [documentString, operationName ?? '', JSON.stringify(variables ?? {}), locale].join('|');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  // A strong ETag must be quoted.
  return `"${hex}"`;
}

/** Sets Cache-Control from the operation: public queries get the shortest TTL of their types. */
function useCacheControl(): Plugin {
  let schema: GraphQLSchema | undefined;
  // -1: not cacheable (mutations, unknown operations).
  const maxAgeByOperation = createLRUCache<number>({ max: MAX_CACHED_RESPONSES });
  const requests = new WeakMap<Request, { query?: string | undefined; operationName?: string | undefined; failed?: boolean }>();
  return {
    onSchemaChange({ schema: next }) {
      schema = next;
    },
    onParams({ params, request }) {
      requests.set(request, { query: params.query, operationName: params.operationName });
    },
    onResultProcess({ request, result }) {
      const state = requests.get(request);
      if (state && (Array.isArray(result) || ('errors' in result && (result.errors?.length ?? 0) > 0))) state.failed = true;
    },
    onResponse({ request, response }) {
      // A 304 keeps the headers of the response it revalidates.
      if (response.status === 304 || response.headers.has('cache-control')) return;
      const state = requests.get(request);
      let maxAge: number | null = null;
      if (state?.query && !state.failed && (response.status === 200 || response.status === 304) && isPublic(request) && schema) {
        const key = `${state.operationName ?? ''}\n${state.query}`;
        let known = maxAgeByOperation.get(key);
        if (known === undefined) {
          known = operationMaxAge(schema, state.query, state.operationName) ?? -1;
          maxAgeByOperation.set(key, known);
        }
        maxAge = known < 0 ? null : known;
      }
      response.headers.set(
        'Cache-Control',
        maxAge === null ? (isPublic(request) ? 'no-store' : 'private, no-store') : `public, max-age=${maxAge}, stale-while-revalidate=${maxAge}`,
      );
      if (maxAge !== null) response.headers.append('Vary', 'Authorization');
    },
  };
}

/** The lifetime of a query: the shortest TTL among the output types it selects; null for anything else. */
export function operationMaxAge(schema: GraphQLSchema, query: string, operationName?: string | null): number | null {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return null;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query') return null;
  let maxAge = Number.POSITIVE_INFINITY;
  const typeInfo = new TypeInfo(schema);
  // Fragments are visited with the document, so their fields count too.
  const used = { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation) };
  visit(
    used,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        const named = type && getNamedType(type);
        if (!named || !isCompositeType(named)) return;
        maxAge = Math.min(maxAge, TTL_SECONDS_PER_TYPE[named.name] ?? DEFAULT_TTL_SECONDS);
      },
    }),
  );
  return Number.isFinite(maxAge) ? maxAge : DEFAULT_TTL_SECONDS;
}

/** The minimal part of the Workers Cache API this module uses (`caches.default`). */
export interface EdgeCache {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
  delete(request: Request): Promise<boolean>;
}

const EDGE_ORIGIN = 'https://response-cache.internal';
const MAX_KEYS_PER_ENTITY = 500;

/**
 * A response cache on the Cloudflare Cache API. Each result is stored under a synthetic URL; each
 * entity (typename, typename + id) keeps the list of keys that contain it, so a mutation deletes
 * exactly those. The Cache API is per data centre: invalidation reaches the one the mutation ran in,
 * and TTLs bound staleness elsewhere.
 */
export function createEdgeResponseCache(cache: EdgeCache): ResponseCache {
  const resultUrl = (key: string) => new Request(`${EDGE_ORIGIN}/result/${encodeURIComponent(key)}`);
  const entityUrl = (typename: string, id?: number | string) =>
    new Request(`${EDGE_ORIGIN}/entity/${encodeURIComponent(typename)}${id === undefined ? '' : `/${encodeURIComponent(String(id))}`}`);
  const readKeys = async (request: Request): Promise<string[]> => {
    const response = await cache.match(request);
    return response ? ((await response.json()) as string[]) : [];
  };
  const json = (body: unknown, seconds: number) =>
    new Response(JSON.stringify(body), {
      headers: { 'content-type': 'application/json', 'cache-control': `max-age=${Math.max(1, Math.ceil(seconds))}` },
    });
  return {
    async get(key) {
      const response = await cache.match(resultUrl(key));
      return response ? ((await response.json()) as Awaited<ReturnType<ResponseCache['get']>>) : undefined;
    },
    async set(key, result, entities, ttl) {
      if (!Number.isFinite(ttl) || ttl <= 0) return;
      const seconds = ttl / 1000;
      await cache.put(resultUrl(key), json(result, seconds));
      const seen = new Set<string>();
      for (const entity of entities) {
        for (const request of entity.id === undefined ? [entityUrl(entity.typename)] : [entityUrl(entity.typename), entityUrl(entity.typename, entity.id)]) {
          if (seen.has(request.url)) continue;
          seen.add(request.url);
          const keys = await readKeys(request);
          if (!keys.includes(key)) keys.push(key);
          await cache.put(request, json(keys.slice(-MAX_KEYS_PER_ENTITY), Math.max(seconds, DEFAULT_TTL_SECONDS)));
        }
      }
    },
    async invalidate(entities) {
      for (const entity of entities) {
        const request = entityUrl(entity.typename, entity.id);
        for (const key of await readKeys(request)) await cache.delete(resultUrl(key));
        await cache.delete(request);
      }
    },
  };
}
