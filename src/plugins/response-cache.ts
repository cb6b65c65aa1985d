/**
 * The response cache for public queries, keyed on the data version.
 *
 * Every entry remembers the data version (src/db/data-version.ts) it was computed at and is served
 * only while the database still reports that version, so a write — through this process, another
 * isolate or another data centre — makes every older entry unusable at once. No entity tracking,
 * no invalidation messages, nothing a client's selection can get wrong. The price is one small
 * read per cached request; on a miss that read travels in the same round trip as the operation's
 * own reads.
 *
 * Per request: one store lookup and, after a miss, one store write (on the Worker: at most two
 * Cache API calls). Conditional GETs are answered 304 from the key and the version alone.
 * Requests with an Authorization header never touch the cache.
 */
import { getOperationAST, type ExecutionResult } from 'graphql';
import { createLRUCache, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { Database } from '../db/client';
import { readDataVersion } from '../db/data-version';
import { sha256Hex } from '../db/hash';
import { negotiateLocale } from '../locale';
import { SCHEMA_VERSION } from '../version';
import { RATE_LIMIT_FIELD, rootFieldsNamed } from './cost';
import type { RequestHead } from './observability';

/** What a store keeps per key: the data and the data version it was read at. */
export interface StoredResponse {
  version: string;
  data: Record<string, unknown>;
}

/** Where cached responses live: in memory on Node, the Cloudflare Cache API on the Worker. */
export interface ResponseStore {
  get(key: string): Promise<StoredResponse | undefined> | StoredResponse | undefined;
  set(key: string, value: StoredResponse): Promise<void> | void;
}

const MAX_ENTRIES = 1_000;

export function createMemoryResponseStore(max = MAX_ENTRIES): ResponseStore {
  const entries = createLRUCache<StoredResponse>({ max });
  return { get: (key) => entries.get(key), set: (key, value) => void entries.set(key, value) };
}

/** The minimal part of the Workers Cache API used here (`caches.default`). */
export interface EdgeCache {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

const EDGE_ORIGIN = 'https://response-cache.internal';
/** How long the Cache API may keep an entry; freshness is decided by the data version, not by this. */
const EDGE_LIFETIME_SECONDS = 86_400;

/**
 * A store on the Cloudflare Cache API (per data centre; a no-op on `*.workers.dev`, where every
 * request is then a miss). A failing or unreadable entry is a miss, never an error.
 */
export function createEdgeResponseStore(cache: EdgeCache): ResponseStore {
  const url = (key: string) => new Request(`${EDGE_ORIGIN}/${key}`);
  return {
    async get(key) {
      try {
        const response = await cache.match(url(key));
        if (!response) return undefined;
        const stored = JSON.parse(await response.text()) as Partial<StoredResponse>;
        return typeof stored.version === 'string' && stored.data && typeof stored.data === 'object' ? (stored as StoredResponse) : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      try {
        await cache.put(
          url(key),
          new Response(JSON.stringify(value), {
            headers: { 'content-type': 'application/json', 'cache-control': `max-age=${EDGE_LIFETIME_SECONDS}` },
          }),
        );
      } catch {
        // A cache that cannot store only costs the next request a miss.
      }
    },
  };
}

export interface HttpCachingOptions {
  db: Database;
  /** Where cached responses live; null turns the response cache off (Cache-Control stays). */
  store: ResponseStore | null;
  /** Adds `extensions.responseCache = { hit }` to responses (with GRAPHQL_TRACE). */
  reportHits: boolean;
}

/** Per request: what the operation was, how it went, and the cache key and version if looked up. */
interface RequestState {
  query?: boolean;
  failed?: boolean;
  key?: string;
  /** The data version the entry is checked against; null when the database could not say. */
  version?: Promise<string | null>;
}

/** A strong ETag names the entry and the data version it holds. */
const entityTag = (key: string, version: string) => `"${key}.${version}"`;

/** The key of a public query's entry: its text, operation, variables and language. */
function responseCacheKey(params: Pick<GraphQLParams, 'query' | 'operationName' | 'variables'>, request: RequestHead): Promise<string> {
  const locale = negotiateLocale(request.headers.get('accept-language'));
  // The schema version keeps entries of an older deployment (Worker caches outlive it) apart.
  return sha256Hex([SCHEMA_VERSION, locale, params.operationName ?? '', JSON.stringify(params.variables ?? {}), params.query].join('\n'));
}

/**
 * The ETag a public query's response carries while the cache is on, for a response read now at
 * data version `version` (prepared reads, src/plugins/prepared-reads.ts).
 */
export async function entityTagFor(params: Pick<GraphQLParams, 'query' | 'operationName' | 'variables'>, request: RequestHead, version: string): Promise<string> {
  return entityTag(await responseCacheKey(params, request), version);
}

/** `Vary` with `name` added once. */
function appendVary(headers: Headers, name: string): void {
  const present = (headers.get('vary') ?? '').split(',').map((value) => value.trim().toLowerCase());
  if (!present.includes(name.toLowerCase())) headers.append('Vary', name);
}

/**
 * The 304 for a response the client already holds: every header of the full response (ETag,
 * Cache-Control, Vary, CORS, rate limit, request ID) but those that describe its body.
 */
function notModified(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const name of ['content-type', 'content-length', 'content-encoding']) headers.delete(name);
  return new Response(null, { status: 304, headers });
}

function matchesIfNoneMatch(request: Request, tag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
}

export function isPublicRequest(request: Request): boolean {
  return !request.headers.has('authorization');
}

/**
 * Public query results may be stored by any HTTP cache, but must be revalidated before each use:
 * a conditional request answers 304 while nothing changed (from the entry and one version check
 * when this instance holds it), so no client ever reads data older than the last write.
 */
export const CACHEABLE = 'public, no-cache';

export function useHttpCaching({ db, store, reportHits }: HttpCachingOptions): Plugin {
  const states = new WeakMap<Request, RequestState>();

  /** Looks a public query up in the store; answers it from there (or 304) when its data version still holds. */
  const lookUp = async (
    entries: ResponseStore,
    state: RequestState,
    params: GraphQLParams,
    request: Request,
    setResult: (result: ExecutionResult) => void,
  ): Promise<void> => {
    state.key = await responseCacheKey(params, request);
    const entry = await entries.get(state.key);
    // Issued now and awaited only when needed: on a miss it joins the operation's first reads.
    state.version = readDataVersion(db).catch(() => null);
    // Only an entry answers before the operation is parsed, validated and charged: it was stored
    // from a query that passed them all. A tag alone proves nothing (anyone can compute one), so a
    // conditional request without an entry runs as any other and may still end in a 304 (finish).
    if (!entry) return;
    const current = await state.version;
    if (current === null || entry.version !== current) return;
    state.query = true;
    setResult({ data: entry.data, ...(reportHits ? { extensions: { responseCache: { hit: true } } } : {}) });
  };

  /** The response's cache headers (or a 304), once the data version it was read at is known. */
  const finish = (state: RequestState | undefined, version: string | null | undefined, request: Request, response: Response, setResponse: (response: Response) => void) => {
    if (response.headers.has('cache-control')) return;
    const cacheable = state?.query && !state.failed && response.status === 200 && isPublicRequest(request);
    if (!cacheable) {
      response.headers.set('Cache-Control', isPublicRequest(request) ? 'no-store' : 'private, no-store');
      return;
    }
    response.headers.set('Cache-Control', CACHEABLE);
    appendVary(response.headers, 'Authorization');
    // An allow-list of origins makes the CORS headers differ by origin (a refused one included).
    const allowedOrigin = response.headers.get('access-control-allow-origin');
    if (allowedOrigin !== null && allowedOrigin !== '*') appendVary(response.headers, 'Origin');
    if (!state.key || !version) return;
    const tag = entityTag(state.key, version);
    response.headers.set('ETag', tag);
    if (request.method === 'GET' && matchesIfNoneMatch(request, tag)) setResponse(notModified(response));
  };

  return {
    onParams({ params, request, setResult }) {
      const state: RequestState = {};
      states.set(request, state);
      if (!store || !isPublicRequest(request) || !params.query) return;
      return lookUp(store, state, params, request, setResult);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const state = request && states.get(request);
      if (!state) return;
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      // The rate-limit budget belongs to one caller at one moment: a result with it is never stored.
      state.query = operation?.operation === 'query' && rootFieldsNamed(args.document, operation, RATE_LIMIT_FIELD).length === 0;
      if (!state.query || !state.key || !store) return;
      const { key, version } = state;
      return {
        async onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          const executed = result as ExecutionResult;
          const current = await version;
          if (executed.errors?.length || !executed.data || current == null) return;
          await store.set(key, { version: current, data: executed.data as Record<string, unknown> });
        },
      };
    },
    onResultProcess({ request, result }) {
      const state = states.get(request);
      if (state && (Array.isArray(result) || Symbol.asyncIterator in result || (result.errors?.length ?? 0) > 0)) state.failed = true;
    },
    // Synchronous unless a data version is pending (the cache looked the request up).
    onResponse({ request, response, setResponse }) {
      const state = states.get(request);
      if (!state?.version) return finish(state, undefined, request, response, setResponse);
      return state.version.then((version) => finish(state, version, request, response, setResponse));
    },
  };
}
