/**
 * The HTTP edge: body size, browser CSRF, CORS, GraphQL Armor's document limits, query cost,
 * node limit, cost-based rate limiting and an execution timeout. The numbers live in src/limits.ts.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { getOperationAST, GraphQLError, type ExecutionResult, type ValidationContext } from 'graphql';
import { PothosValidationError } from '@pothos/core';
import { maskError as maskUnexpectedError, type CORSOptions, type MaskError, type YogaInitialContext } from 'graphql-yoga';
import { cancelRequest, databaseFault, remainingRequestMs, requestBudget } from '../db/faults';
import type { RateLimitState } from '../context';
import { LIMITS, RATE_LIMIT } from '../limits';
import { actualCost, analyzeOperation, expandedSelections, isDryRun, onlyRateLimit, type OperationCost } from './cost';
import type { Plugin, PluginOptions } from './index';
import {
  CloudflareRateLimitStore,
  MemoryRateLimitStore,
  type RateLimitBinding,
  type RateLimitStore,
  type ThrottleStatus,
} from './rate-limit';

/**
 * Masks unexpected errors (yoga's default, also under `wrangler dev`) and gives argument errors
 * that Pothos reports (page sizes, cursors, global IDs, validation) the code BAD_USER_INPUT, so
 * clients can tell their own mistakes from the server's.
 */
export const maskError: MaskError = (error, message, isDev) => {
  const fault = databaseFault(error instanceof GraphQLError ? error.originalError : error);
  if (fault) {
    // Says what failed, without SQL; clients may retry later.
    return new GraphQLError(fault.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: fault.errorCode },
    });
  }
  if (error instanceof GraphQLError && error.originalError instanceof PothosValidationError) {
    // The same error, coded in place: yoga logs every error the mask replaces as a server error,
    // and a client's mistake is none.
    if (!Object.isFrozen(error.extensions)) {
      (error.extensions as Record<string, unknown>).code = 'BAD_USER_INPUT';
      return error;
    }
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
    });
  }
  return maskUnexpectedError(error, message, isDev);
};

export interface SecurityOptions {
  /** Origins browsers may call from, e.g. `https://partner.example`; `'*'` (the default) for any. */
  corsOrigins?: readonly string[] | '*';
  /** Where rate-limit buckets live. Without a store, costs are reported but nothing is throttled. */
  rateLimitStore?: RateLimitStore;
  /** The client's address, which keys anonymous callers' buckets. */
  clientAddress?: (request: Request, context: Record<string, unknown>) => string | null | undefined;
  /** Overrides `LIMITS.executionTimeoutMs`. */
  executionTimeoutMs?: number;
}

/** Response headers clients may read across origins. */
const EXPOSED_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'];

/** yoga's `cors` option: an allow-list of origins, no credentials (the API uses no cookies). */
export function corsOptions(origins: readonly string[] | '*' = '*'): CORSOptions {
  return {
    origin: origins === '*' ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Accept', 'Authorization', 'Accept-Language', 'X-GraphQL-Yoga-CSRF', 'If-None-Match'],
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 86_400,
  };
}

function errorResponse(status: number, message: string, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

// The rest of the body is never read, so the connection cannot carry another request.
const tooLarge = () =>
  errorResponse(413, `Request body exceeds ${LIMITS.maxBodyBytes} bytes.`, 'PAYLOAD_TOO_LARGE', { connection: 'close' });

/** Reads a body without a declared length up to the limit; null when it is larger. */
async function readCapped(body: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > LIMITS.maxBodyBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** HTTP 413 for bodies over the limit, whether their length is declared or streamed. */
function useBodyLimit(): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > LIMITS.maxBodyBytes) endResponse(tooLarge());
        return;
      }
      if (!request.body) return;
      const bytes = await readCapped(request.body);
      if (!bytes) return endResponse(tooLarge());
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body: bytes }));
    },
  };
}

/** yoga answers malformed JSON in GET's `variables`/`extensions` with a 500; this makes it a 400. */
function useGetParamsCheck(): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const value = url.searchParams.get(name);
        if (value === null) continue;
        try {
          JSON.parse(value);
        } catch {
          return endResponse(errorResponse(400, `The "${name}" parameter is not valid JSON.`, 'BAD_REQUEST'));
        }
      }
    },
  };
}

/**
 * Browsers' cross-site requests must be preflighted (a JSON content type or a custom header), so a
 * page elsewhere cannot make a visitor's browser send an operation. Other clients send no
 * `Sec-Fetch-Site`/`Origin` and are not affected.
 */
function useBrowserCSRFPrevention(): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] });
  return {
    onRequestParse(payload) {
      const { request } = payload;
      const site = request.headers.get('sec-fetch-site');
      const origin = request.headers.get('origin');
      const crossSite = site ? site === 'cross-site' || site === 'same-site' : origin !== null && origin !== new URL(request.url).origin;
      if (crossSite) return csrf.onRequestParse?.(payload);
    },
  };
}

/** Deepest nesting of objects and lists accepted in `variables` and `extensions`. */
function nestingDepth(value: unknown): number {
  // Iterative, so that a hostile document cannot exhaust the stack here.
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > LIMITS.maxVariableDepth) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Rejects over-long documents before they are parsed, and variables nested deeper than any input
 * type of the schema before anything walks them recursively.
 */
function useParamsLimits(): Plugin {
  return {
    onParams({ params }) {
      if (typeof params.query === 'string' && params.query.length > LIMITS.maxDocumentLength) {
        throw new GraphQLError(`The document exceeds ${LIMITS.maxDocumentLength} characters.`, {
          extensions: { code: 'DOCUMENT_TOO_LARGE', http: { status: 400 } },
        });
      }
      if (nestingDepth(params.variables) > LIMITS.maxVariableDepth || nestingDepth(params.extensions) > LIMITS.maxVariableDepth) {
        throw new GraphQLError(`Variables and extensions may nest at most ${LIMITS.maxVariableDepth} levels deep.`, {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
    },
  };
}

/**
 * Rejects documents whose fragments expand to more selections than the limit before graphql-js
 * validates them: validation and cost analysis both walk the expanded document.
 */
function useSelectionLimit(): Plugin {
  return {
    onValidate({ params, setResult }) {
      const selections = expandedSelections(params.documentAST);
      if (selections > LIMITS.maxSelections) {
        setResult([
          new GraphQLError(
            `The document expands to ${selections > 1e15 ? 'more than 10^15' : selections} field selections; the limit is ${LIMITS.maxSelections}.`,
            { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
          ),
        ]);
      }
    },
  };
}

/**
 * yoga echoes the JSON parser's own error under `extensions.originalError`; responses carry no
 * original errors. Its `http.spec` mark relies on that field to keep 400 for application/json,
 * so the mark goes too and the 400 stays.
 */
function useNoOriginalErrors(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result || !result.errors?.length) return;
      if (!result.errors.some((error) => error.extensions?.originalError !== undefined)) return;
      setResult({
        ...result,
        errors: result.errors.map((error) => {
          if (error.extensions?.originalError === undefined) return error;
          const { originalError: _originalError, http, ...extensions } = error.extensions as Record<string, unknown> & {
            http?: { status?: number; headers?: Record<string, string> };
          };
          return new GraphQLError(error.message, {
            nodes: error.nodes,
            source: error.source,
            positions: error.positions,
            path: error.path,
            extensions: { ...extensions, ...(http ? { http: { status: http.status, headers: http.headers } } : {}) },
          });
        }),
      });
    },
  };
}

/**
 * Cancels execution that outlives the limit (or the request's deadline, if sooner); the response
 * carries a TIMEOUT error. A mutation whose write is already on its way is not cancelled: its
 * round trip is bounded by the same deadline, and the mutation reports what became of the write.
 */
export function useExecutionTimeout(limitMs: number): Plugin {
  return {
    onExecute({ args }) {
      const controller = new AbortController();
      const budget = requestBudget();
      const timer = setTimeout(() => {
        if (!cancelRequest(budget)) return;
        controller.abort(
          new GraphQLError(`Execution exceeded ${limitMs} ms and was cancelled; nothing was changed.`, { extensions: { code: 'TIMEOUT' } }),
        );
      }, Math.max(0, Math.min(limitMs, remainingRequestMs() ?? limitMs)));
      // Node would otherwise stay alive for a timer whose operation has finished.
      (timer as unknown as { unref?: () => void }).unref?.();
      const request = (args.contextValue as Partial<YogaInitialContext>).request;
      request?.signal?.addEventListener('abort', () => controller.abort(request.signal.reason), { once: true });
      // @graphql-tools/executor (yoga's executor) stops resolving once this signal aborts.
      (args as typeof args & { signal?: AbortSignal }).signal = controller.signal;
      return {
        onExecuteDone() {
          clearTimeout(timer);
        },
      };
    },
  };
}

interface CostReport {
  requestedQueryCost: number;
  actualQueryCost: number;
  requestedNodes: number;
  /** Served from the response cache, at a flat cost. */
  cached?: boolean;
  throttleStatus?: ThrottleStatus;
}

/** Points a response served from the response cache costs. */
const CACHED_COST = 1;

/** What the response headers need to know about the bucket, per request. */
const bucketByRequest = new WeakMap<Request, { status: ThrottleStatus; retryAfter?: number }>();
/** Requests whose operation was executed here (not served from the response cache). */
const executedRequests = new WeakSet<Request>();

function rateLimitHeaders(status: ThrottleStatus): Record<string, string> {
  const window = Math.ceil(status.maximumAvailable / status.restoreRate);
  return {
    'RateLimit-Limit': String(status.maximumAvailable),
    'RateLimit-Remaining': String(status.currentlyAvailable),
    'RateLimit-Reset': String(Math.ceil((status.maximumAvailable - status.currentlyAvailable) / status.restoreRate)),
    'RateLimit-Policy': `${status.maximumAvailable};w=${window}`,
  };
}

/** What `Query.rateLimit` reports: this operation's price and the bucket once it is paid. */
function rateLimitState(bucket: ThrottleStatus, cost: OperationCost, dryRun: boolean): RateLimitState {
  const secondsToFull = (bucket.maximumAvailable - bucket.currentlyAvailable) / bucket.restoreRate;
  return {
    cost: cost.requested,
    nodeCount: cost.nodes,
    limit: bucket.maximumAvailable,
    remaining: bucket.currentlyAvailable,
    restoreRate: bucket.restoreRate,
    resetAt: new Date(Date.now() + Math.ceil(secondsToFull) * 1000),
    dryRun,
  };
}

function withCost(result: ExecutionResult, cost: CostReport): ExecutionResult {
  return { ...result, extensions: { ...result.extensions, cost } };
}

/**
 * Computes the cost once per operation; enforces the cost and node limits; takes the requested
 * cost from the caller's bucket before execution and settles to the actual cost after it.
 */
function useCostLimits(options: SecurityOptions): Plugin {
  const { rateLimitStore: store, clientAddress } = options;
  return {
    async onExecute({ args, setResultAndStopExecution, extendContext, executeFn, setExecuteFn }) {
      const context = args.contextValue as Record<string, unknown> & Partial<YogaInitialContext>;
      const operation = getOperationAST(args.document, args.operationName ?? undefined) ?? undefined;
      // `rateLimit(dryRun: true)` prices the operation: limits apply, nothing is taken, only rateLimit runs.
      const dryRun = isDryRun(args.document, operation, args.variableValues);
      let cost: OperationCost;
      try {
        cost = analyzeOperation(args.schema, args.document, args.variableValues ?? undefined, args.operationName ?? undefined);
      } catch (error) {
        // Too many selections to analyse is over any limit; variables that do not coerce are
        // reported by execution itself, at no cost.
        const tooLarge = error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message);
        cost = tooLarge ? { requested: Infinity, nodes: Infinity } : { requested: 0, nodes: 0 };
      }
      const report: CostReport = {
        requestedQueryCost: Number.isFinite(cost.requested) ? cost.requested : LIMITS.maxCost + 1,
        actualQueryCost: 0,
        requestedNodes: Number.isFinite(cost.nodes) ? cost.nodes : LIMITS.maxNodes + 1,
      };

      const request = context.request;
      if (request) executedRequests.add(request);
      const viewer = context.viewer as { keyId?: number } | null | undefined;
      const key =
        viewer?.keyId !== undefined ? `key:${viewer.keyId}` : `ip:${(request && clientAddress?.(request, context)) || 'unknown'}`;
      const remember = (status: ThrottleStatus, retryAfter?: number) => {
        report.throttleStatus = status;
        if (request) bucketByRequest.set(request, { status, retryAfter });
      };
      const stop = async (message: string, code: string, status: number, retryAfter?: number) => {
        // A rejected operation costs nothing, but still reports where its bucket stands.
        if (store && retryAfter === undefined) remember(await store.settle(key, 0));
        setResultAndStopExecution(
          withCost({ errors: [new GraphQLError(message, { extensions: { code, http: { status } } })] }, report),
        );
      };

      if (cost.requested > LIMITS.maxCost) {
        return stop(
          Number.isFinite(cost.requested)
            ? `Query cost ${cost.requested} exceeds the limit of ${LIMITS.maxCost}. Ask for smaller pages or fewer fields.`
            : `The query selects too many fields to analyse; its cost exceeds the limit of ${LIMITS.maxCost}.`,
          'MAX_COST_EXCEEDED',
          400,
        );
      }
      if (cost.nodes > LIMITS.maxNodes) {
        return stop(
          `The query requests ${cost.nodes} nodes; the limit is ${LIMITS.maxNodes}. Ask for smaller pages.`,
          'MAX_NODES_EXCEEDED',
          400,
        );
      }
      // Without a store (no rate limit) the bucket is always full.
      let bucket: ThrottleStatus = {
        maximumAvailable: RATE_LIMIT.maximumAvailable,
        currentlyAvailable: RATE_LIMIT.maximumAvailable,
        restoreRate: RATE_LIMIT.restoreRate,
      };
      if (store && dryRun) {
        bucket = await store.settle(key, 0);
        remember(bucket);
      } else if (store) {
        const taken = await store.take(key, cost.requested);
        const { allowed, retryAfterSeconds, ...status } = taken;
        bucket = status;
        remember(status, allowed ? undefined : retryAfterSeconds);
        if (!allowed) {
          return stop(
            `Throttled: this query costs ${cost.requested} points and ${status.currentlyAvailable} are available ` +
              `(${status.restoreRate} restored per second). Retry after ${retryAfterSeconds} s.`,
            'THROTTLED',
            429,
            retryAfterSeconds,
          );
        }
      }
      extendContext({ rateLimit: rateLimitState(bucket, cost, dryRun) } as Partial<YogaInitialContext>);
      if (dryRun && operation) {
        const document = onlyRateLimit(args.document, operation);
        setExecuteFn((executeArgs) => executeFn({ ...executeArgs, document }));
      }

      return {
        async onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          if (dryRun) return setResult(withCost(result, report));
          report.actualQueryCost = actualCost(args.document, operation, result.data);
          if (store) remember(await store.settle(key, cost.requested - report.actualQueryCost));
          setResult(withCost(result, report));
        },
      };
    },
    async onResultProcess({ request, result, setResult, serverContext }) {
      // A response served without execution (the response cache) still costs a point, and must
      // not replay the cost and bucket of whoever filled the cache.
      if (executedRequests.has(request) || bucketByRequest.has(request) || Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (!('data' in result) || result.data == null) return;
      const report: CostReport = { requestedQueryCost: CACHED_COST, actualQueryCost: CACHED_COST, requestedNodes: 0, cached: true };
      if (!store) return setResult(withCost(result, report));
      const context = (serverContext ?? {}) as Record<string, unknown>;
      const key = `ip:${clientAddress?.(request, context) || 'unknown'}`;
      const { allowed, retryAfterSeconds, ...status } = await store.take(key, CACHED_COST);
      report.throttleStatus = status;
      bucketByRequest.set(request, { status, retryAfter: allowed ? undefined : retryAfterSeconds });
      if (allowed) return setResult(withCost(result, report));
      setResult(
        withCost(
          {
            errors: [
              new GraphQLError(`Throttled: no points are available. Retry after ${retryAfterSeconds} s.`, {
                extensions: { code: 'THROTTLED', http: { status: 429 } },
              }),
            ],
          },
          report,
        ),
      );
    },
    onResponse({ request, response }) {
      const bucket = bucketByRequest.get(request);
      if (!bucket) return;
      for (const [name, value] of Object.entries(rateLimitHeaders(bucket.status))) response.headers.set(name, value);
      if (bucket.retryAfter !== undefined) response.headers.set('Retry-After', String(bucket.retryAfter));
    },
  };
}

/**
 * Armor throws from inside validation, which yoga answers without a code or a 4xx; reporting the
 * error instead makes it an ordinary validation failure (400 with GRAPHQL_VALIDATION_FAILED).
 */
const reportArmorError = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

export function securityPlugins(_options: PluginOptions, security: SecurityOptions = {}): Plugin[] {
  return [
    useBodyLimit(),
    useGetParamsCheck(),
    useBrowserCSRFPrevention(),
    useParamsLimits(),
    useNoOriginalErrors(),
    useSelectionLimit(),
    EnvelopArmorPlugin({
      maxTokens: { n: LIMITS.maxTokens },
      maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, ...reportArmorError },
      maxAliases: { n: LIMITS.maxAliases, ...reportArmorError },
      maxDirectives: { n: LIMITS.maxDirectives, ...reportArmorError },
      // Cost is computed after variables are known, in useCostLimits.
      costLimit: { enabled: false },
      // Introspection is public, so hiding "Did you mean …?" would protect nothing and cost every caller.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    useExecutionTimeout(security.executionTimeoutMs ?? LIMITS.executionTimeoutMs),
    useCostLimits(security),
  ];
}

interface EdgeConfig {
  CORS_ORIGINS: readonly string[] | '*';
  TRUST_PROXY?: boolean;
}

/** Node: an in-process bucket per caller, keyed by the socket's address (or the proxy's word). */
export function nodeSecurityOptions(config: EdgeConfig): SecurityOptions {
  return {
    corsOrigins: config.CORS_ORIGINS,
    rateLimitStore: new MemoryRateLimitStore(),
    clientAddress: (request, context) => {
      if (config.TRUST_PROXY) {
        // The last entry is the one our own proxy appended; earlier ones are the client's say-so.
        const forwarded = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
        if (forwarded) return forwarded;
      }
      return (context.req as { socket?: { remoteAddress?: string } } | undefined)?.socket?.remoteAddress;
    },
  };
}

/** Seconds in the period of the `[[ratelimits]]` binding in wrangler.toml. */
export const WORKER_RATE_LIMIT_PERIOD = 60;

/** Worker: Cloudflare's rate-limiting binding (when bound) in front of an isolate-local bucket. */
export function workerSecurityOptions(config: EdgeConfig, binding: RateLimitBinding | undefined): SecurityOptions {
  return {
    corsOrigins: config.CORS_ORIGINS,
    rateLimitStore: binding ? new CloudflareRateLimitStore(binding, WORKER_RATE_LIMIT_PERIOD) : new MemoryRateLimitStore(),
    // Set by Cloudflare's edge; clients cannot forge it.
    clientAddress: (request) => request.headers.get('cf-connecting-ip'),
  };
}
