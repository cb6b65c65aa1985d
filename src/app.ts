/**
 * The one app factory. Builds the GraphQL server once per process (or Worker isolate); the Node
 * and Worker entries only wire their configuration into it.
 */
import { GraphQLError } from 'graphql';
import { createYoga, useReadinessCheck, type Plugin } from 'graphql-yoga';
import { hasScope, type Context, type Viewer } from './context';
import type { Database } from './db/client';
import { databaseFault, withRequestDeadline } from './db/faults';
import { withDatabaseMeter } from './db/meter';
import { institutions } from './db/schema';
import { revealArchived, withVisibilityScope } from './db/visibility';
import { authenticate } from './auth';
import { renderGraphiQLPage } from './graphiql/page';
import { negotiateLocale } from './locale';
import { schema } from './graphql/index';
import { cachingPlugins, type CachingOptions } from './plugins/caching';
import { useCompiledReads, type CompiledReadsOptions } from './plugins/compiled-reads';
import { observabilityPlugins, requestLogger, type ObservabilityOptions, type RequestHead } from './plugins/observability';
import { createPreparedReads, type PreparedAnswer, type PreparedReads } from './plugins/prepared-reads';
import { LIMITS } from './limits';
import { securityPlugins, type SecurityOptions } from './plugins/security/index';
import { corsOptions } from './plugins/security/cors';
import { takenBefore } from './plugins/security/use-cost-limits';
import type { TakeResult } from './plugins/rate-limit';
import { maskError } from './plugins/security/mask-error';
import { trustedOperationPlugins, type TrustedOperationsOptions } from './plugins/trusted-operations';
import { useDatabaseTrace } from './plugins/use-database-trace';
import { useVaryOnLanguage } from './plugins/use-vary-on-language';
import { versionInfo } from './version';

export const GRAPHQL_ENDPOINT = '/graphql';
export const HEALTH_ENDPOINT = '/health';
export const VERSION_ENDPOINT = '/version';
const TITLE = 'BRICS PartNIR Innovation Base · GraphQL API';

export interface AppOptions {
  db: Database;
  /** Adds `extensions.db = { statements, roundTrips }` to every response. */
  trace?: boolean;
  /** Serves static files (GraphiQL's bundle) for paths the API itself does not answer. */
  assets?: (request: Request) => Promise<Response | null>;
  /** CORS allow-list, rate-limit store and client address (see src/plugins/security/). */
  security?: SecurityOptions;
  /** Response cache store (Cloudflare Cache API on the Worker; in-memory LRU by default). */
  caching?: CachingOptions;
  /** Where the per-request JSON log goes (console by default). */
  observability?: ObservabilityOptions;
  /**
   * Deadline of a whole request — authentication, readiness check and execution; database round
   * trips get what is left of it. Default `LIMITS.executionTimeoutMs`.
   */
  requestTimeoutMs?: number;
  /** Extra readiness checks for /health besides reading a table, e.g. that the database file is still there. */
  readinessProbes?: readonly (() => void | Promise<void>)[];
  /** Callers held to trusted operations (see src/plugins/trusted-operations.ts). */
  trustedOperations?: TrustedOperationsOptions;
  /**
   * Reads answered by one SQL statement that builds the JSON (src/graphql/compiled-read.ts); on by
   * default, `false` runs every operation through the resolvers.
   */
  compiledReads?: false | CompiledReadsOptions;
  /**
   * Answers repeated anonymous reads from their compiled plan without the per-request pipeline
   * (src/plugins/prepared-reads.ts); on by default where it applies (compiled reads on, anonymous
   * callers not held to trusted operations), `false` turns it off.
   */
  preparedReads?: false;
}

export interface App {
  fetch(request: Request, ...rest: unknown[]): Promise<Response>;
  /**
   * Prepared reads for a server that holds a request's head and body without building a Request
   * (the Node listener, src/node-listener.ts); absent where the lane does not apply.
   */
  lane?: AppLane;
}

/** What the lane did not answer: it goes the whole way, refused at once when the caller's bucket already refused it. */
export interface HandedBack {
  refused?: TakeResult;
}

export interface AppLane {
  /** Whether the lane may answer a request for GRAPHQL_ENDPOINT, from its method and headers alone. */
  takes(head: RequestHead): boolean;
  /** The lane's answer to a request it takes, from its body (POST) or its URL's parameters (GET). */
  answer(head: RequestHead, source: string | URLSearchParams, serverContext: Record<string, unknown>): Promise<PreparedAnswer | HandedBack>;
  /** The whole way for a request the lane handed back, rebuilt with the body already read (not `fetch`, which would try the lane again). */
  wholeWay(request: Request, serverContext: Record<string, unknown>, handedBack: HandedBack): Promise<Response>;
  /** The Request class the whole way expects. */
  Request: typeof Request;
}

/** Why /health failed, as JSON without SQL: `{ status, failed, reason }`. */
function unready(reason: string): Response {
  return Response.json({ status: 'unavailable', failed: 'database', reason }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * The readiness check: reads a row of a real table (a `SELECT 1` touches no table and passes on a
 * database that cannot serve a single query), then the extra probes.
 */
async function checkReadiness(db: Database, probes: readonly (() => void | Promise<void>)[]): Promise<Response> {
  try {
    await db.select({ id: institutions.id }).from(institutions).limit(1);
    for (const probe of probes) await probe();
  } catch (error) {
    const fault = databaseFault(error);
    return unready(fault ? fault.message : error instanceof Error && !/failed query/i.test(error.message) ? error.message : 'the database query failed');
  }
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}

/**
 * Looks the caller's key up (null at once without one); a database that fails meanwhile is a
 * typed error, not a 500.
 */
function viewerOf(db: Database, request: Request): Promise<Viewer | null> | null {
  return (
    authenticate(db, request)?.catch((error: unknown) => {
      const fault = databaseFault(error);
      if (!fault) throw error;
      throw new GraphQLError(`The API key could not be checked: ${fault.message} Nothing was done; try again.`, {
        extensions: { code: fault.errorCode },
      });
    }) ?? null
  );
}

/** A request's context once its caller is known; from here on its reads follow the caller's visibility (src/db/visibility.ts). */
function contextFor(db: Database, request: RequestHead, viewer: Viewer | null): Context {
  if (hasScope(viewer, 'admin')) revealArchived();
  return { db, locale: negotiateLocale(request.headers.get('accept-language')), viewer };
}

/**
 * The readiness check's own test of the path ends with a URLPattern match, which every request
 * that is not for /health ran; the two plain comparisons before it already decide.
 */
function healthOnly(plugin: Plugin): Plugin {
  const onRequest = plugin.onRequest!;
  return {
    ...plugin,
    onRequest(payload) {
      if (payload.request.url.endsWith(HEALTH_ENDPOINT) || payload.url.pathname === HEALTH_ENDPOINT) return onRequest(payload);
    },
  };
}

export function createApp(options: AppOptions): App {
  const { db } = options;
  const requestTimeoutMs = options.requestTimeoutMs ?? LIMITS.executionTimeoutMs;
  const pluginOptions = { db, trace: options.trace ?? false };
  const compiledReads = options.compiledReads === false ? false : (options.compiledReads ?? {});
  const laneApplies = compiledReads !== false && options.preparedReads !== false && !options.trustedOperations?.only?.anonymous;
  // Built once yoga is (it answers with yoga's Response class); compiled reads admit into it.
  let prepared: PreparedReads | null = null;
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    // yoga's built-in check answers 200 without looking at anything; it would shadow the readiness
    // check below (which queries the database) if both sat at /health.
    healthCheckEndpoint: '/live',
    cors: corsOptions(options.security?.corsOrigins),
    // One operation per request: batches would multiply every limit.
    batching: false,
    // Bodies are limited by useBodyLimit (src/plugins/security/), much lower; yoga's own limit
    // streamed every body through a transform with its own abort controller.
    maxRequestBodySize: false,
    // Explicit, so that `wrangler dev` (a development environment) masks errors too.
    maskedErrors: { isDev: false, maskError },
    // Synchronous for anonymous callers: no promise where there is nothing to wait for.
    context: ({ request }) => {
      const viewer = viewerOf(db, request);
      return viewer ? viewer.then((known) => contextFor(db, request, known)) : contextFor(db, request, null);
    },
    graphiql: { title: TITLE },
    renderGraphiQL: () => renderGraphiQLPage({ endpoint: GRAPHQL_ENDPOINT, title: TITLE }),
    plugins: [
      healthOnly(
        useReadinessCheck({
          endpoint: HEALTH_ENDPOINT,
          check: () => checkReadiness(db, options.readinessProbes ?? []),
        }),
      ),
      useVaryOnLanguage(),
      ...(options.trace ? [useDatabaseTrace()] : []),
      ...securityPlugins(pluginOptions, { executionTimeoutMs: requestTimeoutMs, ...options.security }),
      // Before caching: a trusted hash becomes its document before persisted queries and the cache see it.
      ...trustedOperationPlugins(pluginOptions, options.trustedOperations),
      // Replaces the execute function; the response cache, next, wraps it (and so sees its results).
      ...(compiledReads === false
        ? []
        : [useCompiledReads(laneApplies ? { ...compiledReads, admit: (query, name, document) => prepared?.admit(query, name, document) } : compiledReads)]),
      ...cachingPlugins(pluginOptions, options.caching),
      // Last, so that the log sees the result as it is sent (cost, cache state). It still times and
      // logs requests that earlier plugins answer on their own (health, CSRF, limits).
      ...observabilityPlugins(pluginOptions, options.observability),
    ],
  });

  if (laneApplies) {
    prepared = createPreparedReads({
      schema,
      trace: pluginOptions.trace,
      entityTags: options.caching?.responseCache !== false,
      logger: requestLogger(options.observability),
      security: options.security ?? {},
      contextFor: (request) => contextFor(db, request, null),
      observe: compiledReads.observe,
    });
  }

  /** Each request gets its own deadline, database meter and visibility scope. */
  const inRequestScope = <T>(work: () => Promise<T>): Promise<T> =>
    withRequestDeadline(requestTimeoutMs, () => withDatabaseMeter(() => withVisibilityScope(work)));
  const serve = (request: Request, rest: unknown[]): Promise<Response> => inRequestScope(async () => yoga.fetch(request, ...(rest as [])));

  /** The whole way for a request the lane did not answer; a caller its bucket refused is refused with that answer. */
  const handBack = (request: Request, rest: unknown[], handedBack: HandedBack): Promise<Response> => {
    if (handedBack.refused) takenBefore(request, handedBack.refused);
    return serve(request, rest);
  };

  const lane = prepared ? laneOf(prepared) : undefined;
  function laneOf(reads: PreparedReads): AppLane {
    return {
      takes: (head) => reads.takes(head),
      answer: (head, source, serverContext) =>
        inRequestScope(() => reads.answer(head, source, serverContext)).then(
          (answered) => answered ?? {},
          () => ({}),
        ),
      wholeWay: (request, serverContext, handedBack) => handBack(request, [serverContext], handedBack),
      Request: yoga.fetchAPI.Request,
    };
  }

  /** A request the prepared lane may answer; it goes the whole way, with the body it had, when the lane does not. */
  const servePrepared = async (lane: AppLane, request: Request, url: URL, rest: unknown[]): Promise<Response> => {
    const body = request.method === 'GET' ? null : await request.text().catch(() => null);
    // A body that could not be read: the whole way reports it as it would have.
    if (body === null && request.method !== 'GET') return serve(request, rest);
    const serverContext = (rest[0] ?? {}) as Record<string, unknown>;
    const outcome = await lane.answer(request, body ?? url.searchParams, serverContext);
    if ('body' in outcome) return new yoga.fetchAPI.Response(outcome.body, { status: outcome.status, statusText: 'OK', headers: outcome.headers });
    const wholeWay = body === null ? request : new lane.Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
    return handBack(wholeWay, rest, outcome);
  };

  return {
    lane,
    fetch(request, ...rest) {
      const url = new URL(request.url);
      if (lane && url.pathname === GRAPHQL_ENDPOINT && lane.takes(request)) {
        return servePrepared(lane, request, url, rest);
      }
      if (url.pathname === '/' && request.method === 'GET') {
        return Promise.resolve(Response.redirect(new URL(GRAPHQL_ENDPOINT, url).toString(), 302));
      }
      if (url.pathname === VERSION_ENDPOINT && request.method === 'GET') {
        return versionInfo(schema).then((info) => Response.json(info, { headers: { 'Cache-Control': 'no-cache' } }));
      }
      if (options.assets && !url.pathname.startsWith(GRAPHQL_ENDPOINT) && url.pathname !== HEALTH_ENDPOINT) {
        const assets = options.assets;
        return assets(request).then(
          (response) => response ?? serve(request, rest),
        );
      }
      return serve(request, rest);
    },
  };
}
