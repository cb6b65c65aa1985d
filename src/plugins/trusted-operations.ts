/**
 * Trusted operations: documents that client builds registered by hash (src/db/trusted-documents.ts)
 * run when a request names their SHA-256 hash instead of sending the text, e.g. over GET:
 *
 *   GET /graphql?extensions={"persistedQuery":{"version":1,"sha256Hash":"<hash>"}}&variables=…
 *
 * Such URLs are short and cacheable. An operator can put anonymous traffic and chosen API keys in
 * allow-list mode: they may then run trusted operations only, while other keys (partners in
 * GraphiQL) keep sending any document. Outside allow-list mode, a hash this plugin does not know
 * is left to automatic persisted queries (src/plugins/caching.ts).
 */
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createLRUCache, type GraphQLParams } from 'graphql-yoga';
import { authenticate } from '../auth';
import { findTrustedDocument, normalizeHash } from '../db/trusted-documents';
import type { Plugin, PluginOptions } from './index';

export interface TrustedOperationsOptions {
  /** Callers that may run trusted operations only: anonymous traffic and/or API keys by name. */
  only?: { anonymous?: boolean; keys?: readonly string[] };
}

const MAX_CACHED_DOCUMENTS = 1_000;

const HINT = 'Send the SHA-256 hash of a registered operation as extensions.persistedQuery.sha256Hash (see README, "App developers").';

/** The hash a request names (`extensions.persistedQuery.sha256Hash`, bare or as `sha256:<hex>`). */
function requestedHash(params: GraphQLParams, request: Request, context: Record<string, unknown>): string | null {
  const hash = defaultExtractPersistedOperationId(params, request, context);
  return hash === null ? null : normalizeHash(hash);
}

/**
 * Once a hash is resolved here, the request carries the document; without the hash, automatic
 * persisted queries (next in line) treat it as an ordinary document instead of checking the hash.
 */
function withoutPersistedQuery(params: GraphQLParams): GraphQLParams {
  const { persistedQuery: _resolved, ...extensions } = (params.extensions ?? {}) as Record<string, unknown>;
  return { ...params, extensions };
}

export function trustedOperationPlugins(options: PluginOptions, trusted: TrustedOperationsOptions = {}): Plugin[] {
  const { db } = options;
  // A hash names one text forever, so found documents can be kept; misses are asked again.
  const documents = createLRUCache<string>({ max: MAX_CACHED_DOCUMENTS });
  const lookUp = async (hash: string): Promise<string | null> => {
    const cached = documents.get(hash);
    if (cached !== undefined) return cached;
    const document = await findTrustedDocument(db, hash);
    if (document !== null) documents.set(hash, document);
    return document;
  };

  const anonymousOnly = trusted.only?.anonymous ?? false;
  const keysOnly = new Set(trusted.only?.keys ?? []);
  const allowListed = async (request: Request): Promise<boolean> => {
    if (!anonymousOnly && keysOnly.size === 0) return false;
    const viewer = await authenticate(db, request);
    return viewer ? keysOnly.has(viewer.name) : anonymousOnly;
  };

  const persisted = usePersistedOperations({
    getPersistedOperation: (hash) => lookUp(hash),
    extractPersistedOperationId: requestedHash,
    allowArbitraryOperations: async (request) => !(await allowListed(request)),
    customErrors: {
      persistedQueryOnly: {
        message: `Only trusted operations are accepted from this caller; the document was not run. ${HINT}`,
        extensions: { code: 'TRUSTED_OPERATIONS_ONLY', http: { status: 403 } },
      },
      keyNotFound: {
        message: `Only trusted operations are accepted from this caller, and the request names none. ${HINT}`,
        extensions: { code: 'TRUSTED_OPERATIONS_ONLY', http: { status: 403 } },
      },
      notFound: {
        message: 'No trusted operation has this hash: register the client build’s manifest first (README, "App developers").',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
      },
    },
  });

  const allowListMode = anonymousOnly || keysOnly.size > 0;
  return [
    {
      onParams(payload) {
        const hash = requestedHash(payload.params, payload.request, payload.context);
        // Open callers sending a document (nearly every request): nothing to resolve, no promise.
        if (!allowListMode && (payload.params.query || hash === null)) return;
        return (async () => {
          if (!(await allowListed(payload.request))) {
            // Open callers: only a bare hash of a trusted operation is resolved here.
            if (payload.params.query || hash === null || (await lookUp(hash)) === null) return;
          }
          return persisted.onParams?.({ ...payload, setParams: (params) => payload.setParams(withoutPersistedQuery(params)) });
        })();
      },
      onParse: persisted.onParse,
      onValidate: persisted.onValidate,
    } as Plugin,
  ];
}
