/** Cloudflare Worker entry: the same app over libSQL's HTTP protocol (Turso in production). */
import { createApp, type App } from './app';
import { readConfig } from './config';
import { createWebDatabase } from './db/client-web';
import { createEdgeResponseStore, type EdgeCache } from './plugins/response-cache';
import { workerSecurityOptions } from './plugins/security';

export interface Env {
  /** libsql://… or https://… of the Turso database (a secret). */
  LIBSQL_URL: string;
  /** Turso database token (a secret). */
  LIBSQL_AUTH_TOKEN?: string;
  GRAPHQL_TRACE?: string;
  /** Longest wait for one database round trip, in ms (default 5000). */
  DATABASE_TIMEOUT_MS?: string;
  /** Deadline of a whole request, in ms (default 10000). */
  REQUEST_TIMEOUT_MS?: string;
  /** GraphiQL's bundle, served by Workers Static Assets. */
  ASSETS: Fetcher;
  /** Browser origins allowed by CORS: `*` or a comma-separated list. */
  CORS_ORIGINS?: string;
  /** `anonymous` and/or API key names held to trusted operations, comma-separated. */
  TRUSTED_OPERATIONS_ONLY?: string;
  /** Cloudflare's rate-limiting binding: requests per client per minute, across the location. */
  RATE_LIMITER?: RateLimit;
}

// Built on the first request of an isolate (bindings arrive with it) and reused afterwards.
let app: App | undefined;

function appFor(env: Env): App {
  if (!app) {
    const config = readConfig(env as unknown as Record<string, unknown>);
    if (!config.LIBSQL_URL) throw new Error('LIBSQL_URL is not set: see README, "Deploy".');
    app = createApp({
      db: createWebDatabase({ url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN, timeoutMs: config.DATABASE_TIMEOUT_MS }),
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      trace: config.GRAPHQL_TRACE,
      security: workerSecurityOptions(config, env.RATE_LIMITER),
      trustedOperations: { only: config.TRUSTED_OPERATIONS_ONLY },
      // Public responses in the data centre's cache (Cloudflare Cache API), checked against the data version.
      caching: { store: createEdgeResponseStore((caches as unknown as { default: EdgeCache }).default) },
    });
  }
  return app;
}

export default {
  fetch(request, env, ctx) {
    return appFor(env).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
