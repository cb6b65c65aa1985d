/**
 * Prepared reads. Once an anonymous caller's query has gone the whole way through the server and
 * its compiled plan answered it (src/plugins/compiled-reads.ts), its text is admitted here. A later
 * request that sends the same text is answered from that plan without the per-request machinery
 * around it: request parsing, the plugins' hooks, the parse and validation caches, context
 * building, result processing. For a small read that machinery was two thirds of the CPU.
 *
 * What decides the answer is the code the whole way runs: the plan and the caller's visibility,
 * the cost and node limits, the rate-limit bucket (its key, charge and headers), `extensions`, the
 * log line and the response headers. The lane takes only what it can answer exactly as the whole
 * way would: POST with a JSON body of `query`, `operationName` and `variables`, or GET with them as
 * URL parameters (not a browser's page load or cross-site request); no credentials, no `Origin`
 * (CORS), no conditional request; a response type the plain JSON processor would choose.
 * Everything else — a document not admitted yet, variables the plan cannot take, a cost over a
 * limit, a throttled caller, a failed statement — goes the whole way, which answers as it always
 * did. With the response cache on, the lane answers as a cache miss would (same ETag), without
 * looking the entry up: a hit still reads the data version, in the round trip the lane's one
 * statement shares with that read, and costs more CPU than the lane's whole answer.
 */
import { getOperationAST, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { createLRUCache } from 'graphql-yoga';
import type { Context } from '../context';
import { runRendered, runRenderedWithDataVersion } from '../db/json-read';
import { currentDatabaseMeter } from '../db/meter';
import { planRead } from '../graphql/compiled-read';
import { LIMITS } from '../limits';
import type { CompiledReadsOptions } from './compiled-reads';
import type { TakeResult } from './rate-limit';
import { actualCost, analyzeOperation } from './cost';
import { REQUEST_ID_HEADER, requestIdFor, requestLogEntry, type Logger, type RequestHead } from './observability';
import { literalTemplate, templateDocument } from './literal-templates';
import { CACHEABLE, entityTagFor } from './response-cache';
import type { SecurityOptions } from './security/index';
import { bucketKey, rateLimitHeaders, type CostReport } from './security/use-cost-limits';
import { unsupportedContentEncoding } from './security/use-body-limit';
import { paramsNestWithinLimit } from './security/use-params-limits';

export interface PreparedReadsOptions {
  schema: GraphQLSchema;
  /** Adds `extensions.db`, as the database trace does on the whole way. */
  trace: boolean;
  /**
   * Whether the response cache is on: responses then carry the ETag the whole way gives a miss
   * (its key and the data version, read in the same round trip), so conditional requests work.
   * The lane does not store entries: answering from the plan costs less than the cache's own work.
   */
  entityTags: boolean;
  logger: Logger;
  security: SecurityOptions;
  /** The context of an anonymous request, as the whole way builds it. */
  contextFor(request: RequestHead): Context;
  observe?: CompiledReadsOptions['observe'];
}

/** A response the lane gives: always a 200 with a JSON body, which any server sends as it is. */
export interface PreparedAnswer {
  status: 200;
  headers: Record<string, string>;
  body: string;
}

export interface PreparedReads {
  /** Admits a query that the compiled plan answered for an anonymous caller. */
  admit(query: string, operationName: string | null | undefined, document: DocumentNode): void;
  /** Whether the request is of the kind the lane answers (a POST or a GET), from its method and headers alone. */
  takes(request: RequestHead): boolean;
  /**
   * The response to a request `takes` accepted, from its body already read (POST) or its URL's
   * parameters (GET); null when it must go the whole way instead, or what the caller's bucket
   * answered when it refused the request (the whole way then refuses it with that answer: see
   * `takenBefore`). Runs inside the request's deadline, meter and visibility scope.
   */
  answer(request: RequestHead, source: string | URLSearchParams, serverContext: Record<string, unknown>): Promise<PreparedAnswer | { refused: TakeResult } | null>;
}

interface Admitted {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** Admitted documents kept, least recently used dropped first. */
const MAX_ADMITTED = 1_000;

const JSON_BODY = /^application\/json\s*(?:;\s*charset=utf-8\s*)?$/i;
const CONTENT_LENGTH = /^\d+$/;
const REGULAR_TYPES = ['application/graphql-response+json', 'application/json'] as const;

/**
 * The media type yoga's result processors pick for a plain result, or null when the caller asks
 * for another (streams) or none they serve: its rule is that the first acceptable type listed wins.
 */
function regularResponseType(accept: string | null): string | null {
  const key = accept ?? '';
  const known = responseTypes.get(key);
  if (known !== undefined) return known;
  const chosen = chooseResponseType(accept);
  // Clients send a handful of Accept headers; the bound keeps odd ones from piling up.
  if (responseTypes.size >= 64) responseTypes.clear();
  responseTypes.set(key, chosen);
  return chosen;
}

const responseTypes = new Map<string, string | null>();

function chooseResponseType(accept: string | null): string | null {
  let chosen: string | null = null;
  const listed = (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',').reverse();
  for (const entry of listed) {
    const [mediaType = '', ...parameters] = entry.split(';');
    const charset = parameters.find((parameter) => parameter.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    const [asked, askedSub] = mediaType.split('/');
    for (const type of REGULAR_TYPES) {
      const [, sub] = type.split('/');
      if ((asked === '*' || asked === 'application') && (askedSub === '*' || askedSub === sub)) chosen = type;
    }
  }
  return chosen;
}

interface Params {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** A POST body, or a GET's URL parameters, as GraphQL-over-HTTP params, when they hold only what the lane understands. */
function paramsOf(source: string | URLSearchParams): Params | null {
  let value: unknown;
  try {
    value = typeof source === 'string' ? JSON.parse(source) : urlParams(source);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { query, operationName, variables, extensions, ...rest } = value as Record<string, unknown>;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return null;
  // An empty name names no operation: the whole way reports it.
  if (operationName != null && (typeof operationName !== 'string' || operationName === '')) return null;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  // Persisted-query and other extensions are the whole way's (APQ, trusted operations).
  if (extensions != null && (typeof extensions !== 'object' || Object.keys(extensions).length > 0)) return null;
  return { query, operationName: operationName as string | null | undefined, variables: variables as Record<string, unknown> | null | undefined };
}

/**
 * A GET's parameters as yoga reads them (empty ones absent, `variables` and `extensions` as JSON);
 * any other parameter, or one given twice, is left to the whole way.
 */
function urlParams(search: URLSearchParams): Record<string, unknown> | null {
  const params: Record<string, unknown> = {};
  for (const [name, value] of search) {
    if (name in params) return null;
    if (!value) continue;
    params[name] = name === 'variables' || name === 'extensions' ? JSON.parse(value) : value;
  }
  return params;
}

const admissionKey = (query: string, operationName: string | null | undefined) => `${operationName ?? ''}\u0000${query}`;

export function createPreparedReads(options: PreparedReadsOptions): PreparedReads {
  const { schema, trace, logger, observe } = options;
  const { rateLimitStore: store, clientAddress } = options.security;
  const admitted = createLRUCache<Admitted>({ max: MAX_ADMITTED });
  // Documents of literal templates (src/plugins/literal-templates.ts), null for a template that
  // cannot be used, by the template's key.
  const templates = createLRUCache<{ entry: Admitted | null }>({ max: MAX_ADMITTED });
  // Texts that have a template, kept apart so that texts seen once each (a new value in every
  // text) push out only their own kind, never the documents that take variables. Found here,
  // a text runs as it was written, without the template's variables to coerce.
  const templatedTexts = createLRUCache<Admitted>({ max: MAX_ADMITTED });

  /** Admits the template of a text the whole way answered, once per template; whether it can be used. */
  function admitTemplate(query: string, operationName: string | null | undefined): boolean {
    const template = literalTemplate(query);
    if (!template) return false;
    const key = admissionKey(template.key, operationName);
    let found = templates.get(key);
    if (!found) {
      const document = templateDocument(schema, query);
      const operation = document && getOperationAST(document, operationName ?? undefined);
      found = { entry: document && operation ? { document, operation } : null };
      templates.set(key, found);
    }
    return found.entry !== null;
  }

  /** The admitted document for a request's params, and the variables to run it with. */
  function admittedFor(params: Params): { entry: Admitted; variables: Record<string, unknown> | undefined } | null {
    const key = admissionKey(params.query, params.operationName);
    const entry = admitted.get(key) ?? templatedTexts.get(key);
    if (entry) return { entry, variables: params.variables ?? undefined };
    const template = literalTemplate(params.query);
    const templated = template && templates.get(admissionKey(template.key, params.operationName))?.entry;
    return templated ? { entry: templated, variables: { ...params.variables, ...template.values } } : null;
  }

  return {
    admit(query, operationName, document) {
      const key = admissionKey(query, operationName);
      if (admitted.get(key) || templatedTexts.get(key)) return;
      const operation = getOperationAST(document, operationName ?? undefined);
      if (operation?.operation !== 'query') return;
      (admitTemplate(query, operationName) ? templatedTexts : admitted).set(key, { document, operation });
    },

    takes(request) {
      const { headers } = request;
      const common =
        !headers.has('authorization') && !headers.has('origin') && !headers.has('if-none-match') && regularResponseType(headers.get('accept')) !== null;
      if (!common) return false;
      if (request.method === 'GET') {
        // A browser's page load gets GraphiQL; a browser's request from a page, its CSRF check.
        return !headers.get('accept')?.includes('text/html') && !headers.has('sec-fetch-site');
      }
      const length = headers.get('content-length');
      return (
        request.method === 'POST' &&
        unsupportedContentEncoding(headers) === null &&
        length !== null &&
        CONTENT_LENGTH.test(length) &&
        Number(length) <= LIMITS.maxBodyBytes &&
        JSON_BODY.test(headers.get('content-type') ?? '')
      );
    },

    async answer(request, source, serverContext) {
      const start = performance.now();
      const params = paramsOf(source);
      if (!params || !paramsNestWithinLimit(params)) return null;
      const found = admittedFor(params);
      if (!found) return null;
      const { document, operation } = found.entry;
      const variables = found.variables;
      const operationName = params.operationName ?? undefined;

      let cost;
      try {
        cost = analyzeOperation(schema, document, variables, operationName);
      } catch {
        return null;
      }
      if (cost.requested > LIMITS.maxCost || cost.nodes > LIMITS.maxNodes) return null;

      const context = options.contextFor(request);
      const plan = planRead(schema, document, operationName, variables, context);
      if (!plan) return null;
      let data: Record<string, unknown>;
      let entityTag: string | null = null;
      try {
        if (options.entityTags) {
          // The version read and the plan's statement share one round trip.
          const read = await runRenderedWithDataVersion(context.db, plan.query);
          data = plan.finish(JSON.parse(read.data));
          // The tag of the text as sent, as the whole way tags it.
          entityTag = await entityTagFor({ query: params.query, operationName, variables: params.variables ?? undefined }, request, read.version);
        } else {
          data = plan.finish(JSON.parse(await runRendered(context.db, plan.query, { atOnce: true })));
        }
      } catch {
        // A value the plan cannot give exactly (NeedsResolvers) or a failed statement: the whole
        // way runs the resolvers for this request, and reports what they find.
        return null;
      }

      // Charged as the cost plugin charges: the requested cost, settled to the actual one.
      const report: CostReport = { requestedQueryCost: cost.requested, actualQueryCost: 0, requestedNodes: cost.nodes };
      const key = bucketKey(null, request, serverContext, clientAddress);
      if (store) {
        const taken = await store.take(key, cost.requested);
        // Nothing was taken; the whole way refuses the request with its THROTTLED error.
        if (!taken.allowed) return { refused: taken };
      }
      report.actualQueryCost = actualCost(document, operation, data);
      if (store) report.throttleStatus = await store.settle(key, cost.requested - report.actualQueryCost);
      observe?.('prepared');

      const meter = currentDatabaseMeter();
      const extensions = {
        cost: report,
        ...(trace && meter ? { db: { statements: meter.statements, roundTrips: meter.roundTrips } } : {}),
      };
      const requestId = requestIdFor(request);
      const headers: Record<string, string> = {
        'content-type': `${regularResponseType(request.headers.get('accept'))}; charset=utf-8`,
        vary: 'Accept-Language, Authorization',
        'cache-control': CACHEABLE,
        [REQUEST_ID_HEADER]: requestId,
        ...(report.throttleStatus ? rateLimitHeaders(report.throttleStatus) : {}),
        ...(entityTag ? { etag: entityTag } : {}),
      };
      const answer: PreparedAnswer = { status: 200, headers, body: JSON.stringify({ data, extensions }) };
      logger(
        requestLogEntry(request, 200, {
          requestId,
          start,
          operationName: operation.name?.value ?? operationName,
          operationType: operation.operation,
          errors: [],
          cost: report,
        }),
      );
      return answer;
    },
  };
}
