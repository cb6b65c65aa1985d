import { getOperationAST, GraphQLError, type ExecutionResult } from 'graphql';
import type { YogaInitialContext } from 'graphql-yoga';
import type { RateLimitState } from '../../context';
import { LIMITS, RATE_LIMIT } from '../../limits';
import { actualCost, analyzeOperation, isDryRun, onlyRateLimit, type OperationCost } from '../cost';
import type { Plugin } from '../index';
import type { RateLimitStore, TakeResult, ThrottleStatus } from '../rate-limit';
import type { RequestHead } from '../observability';

export interface CostLimitsOptions {
  /** Where rate-limit buckets live. Without a store, costs are reported but nothing is throttled. */
  rateLimitStore?: RateLimitStore;
  /** The client's address, which keys anonymous callers' buckets. */
  clientAddress?: (request: RequestHead, context: Record<string, unknown>) => string | null | undefined;
}

/** `extensions.cost` of a response. */
export interface CostReport {
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
/** Takes already made for a request before it went the whole way (`takenBefore`). */
const takesBefore = new WeakMap<Request, TakeResult>();

/**
 * Records that the bucket already refused `request` (the prepared lane, src/plugins/prepared-reads.ts,
 * before handing it to the whole way), which then refuses it with that answer instead of taking
 * again: a store such as the Worker's rate-limit binding counts every take.
 */
export function takenBefore(request: Request, taken: TakeResult): void {
  takesBefore.set(request, taken);
}

/** The IETF RateLimit headers of a response, from the caller's bucket. */
export function rateLimitHeaders(status: ThrottleStatus): Record<string, string> {
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

/** Whose bucket pays: the API key, or the client's address for anonymous callers. */
export function bucketKey(
  viewer: { keyId?: number } | null | undefined,
  request: RequestHead | undefined,
  context: Record<string, unknown>,
  clientAddress: CostLimitsOptions['clientAddress'],
): string {
  return viewer?.keyId !== undefined ? `key:${viewer.keyId}` : `ip:${(request && clientAddress?.(request, context)) || 'unknown'}`;
}

/**
 * Computes the cost once per operation; enforces the cost and node limits; takes the requested
 * cost from the caller's bucket before execution and settles to the actual cost after it.
 */
export function useCostLimits(options: CostLimitsOptions): Plugin {
  const { rateLimitStore: store, clientAddress } = options;
  return {
    // Synchronous unless a rate-limit store is asked: no promise per request where none is needed.
    onExecute({ args, setResultAndStopExecution, extendContext, executeFn, setExecuteFn }) {
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
      const key = bucketKey(context.viewer as { keyId?: number } | null | undefined, request, context, clientAddress);
      const remember = (status: ThrottleStatus, retryAfter?: number) => {
        report.throttleStatus = status;
        if (request) bucketByRequest.set(request, { status, retryAfter });
      };
      const stop = (message: string, code: string, status: number, retryAfter?: number): Promise<void> | void => {
        const reject = () =>
          setResultAndStopExecution(
            withCost({ errors: [new GraphQLError(message, { extensions: { code, http: { status } } })] }, report),
          );
        // A rejected operation costs nothing, but still reports where its bucket stands.
        if (store && retryAfter === undefined) {
          return store.settle(key, 0).then((bucket) => {
            remember(bucket);
            reject();
          });
        }
        reject();
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
      const admit = (bucket: ThrottleStatus) => {
        extendContext({ rateLimit: rateLimitState(bucket, cost, dryRun) } as Partial<YogaInitialContext>);
        if (dryRun && operation) {
          const document = onlyRateLimit(args.document, operation);
          setExecuteFn((executeArgs) => executeFn({ ...executeArgs, document }));
        }
        return {
          onExecuteDone({ result, setResult }: { result: ExecutionResult | AsyncIterable<unknown>; setResult: (result: ExecutionResult) => void }) {
            if (Symbol.asyncIterator in result) return;
            if (dryRun) return setResult(withCost(result, report));
            report.actualQueryCost = actualCost(args.document, operation, result.data);
            if (!store) return setResult(withCost(result, report));
            return store.settle(key, cost.requested - report.actualQueryCost).then((settled) => {
              remember(settled);
              setResult(withCost(result, report));
            });
          },
        };
      };
      // Without a store (no rate limit) the bucket is always full.
      if (!store) {
        return admit({
          maximumAvailable: RATE_LIMIT.maximumAvailable,
          currentlyAvailable: RATE_LIMIT.maximumAvailable,
          restoreRate: RATE_LIMIT.restoreRate,
        });
      }
      if (dryRun) {
        return store.settle(key, 0).then((bucket) => {
          remember(bucket);
          return admit(bucket);
        });
      }
      const prior = request && takesBefore.get(request);
      return (prior ? Promise.resolve(prior) : store.take(key, cost.requested)).then(({ allowed, retryAfterSeconds, ...status }) => {
        remember(status, allowed ? undefined : retryAfterSeconds);
        if (allowed) return admit(status);
        return stop(
          `Throttled: this query costs ${cost.requested} points and ${status.currentlyAvailable} are available ` +
            `(${status.restoreRate} restored per second). Retry after ${retryAfterSeconds} s.`,
          'THROTTLED',
          429,
          retryAfterSeconds,
        );
      });
    },
    onResultProcess({ request, result, setResult, serverContext }) {
      // A response served without execution (the response cache) still costs a point, and must
      // not replay the cost and bucket of whoever filled the cache.
      if (executedRequests.has(request) || bucketByRequest.has(request) || Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (!('data' in result) || result.data == null) return;
      const report: CostReport = { requestedQueryCost: CACHED_COST, actualQueryCost: CACHED_COST, requestedNodes: 0, cached: true };
      if (!store) return setResult(withCost(result, report));
      const context = (serverContext ?? {}) as Record<string, unknown>;
      const key = `ip:${clientAddress?.(request, context) || 'unknown'}`;
      return store.take(key, CACHED_COST).then(({ allowed, retryAfterSeconds, ...status }) => {
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
      });
    },
    onResponse({ request, response }) {
      const bucket = bucketByRequest.get(request);
      if (!bucket) return;
      for (const [name, value] of Object.entries(rateLimitHeaders(bucket.status))) response.headers.set(name, value);
      if (bucket.retryAfter !== undefined) response.headers.set('Retry-After', String(bucket.retryAfter));
    },
  };
}
