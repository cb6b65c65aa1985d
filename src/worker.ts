/** Cloudflare Worker entry: the same app over libSQL's HTTP protocol (Turso in production). */
import { createApp, type App } from './app';
import { readConfig } from './config';
import { createWebDatabase } from './db/client-web';

export interface Env {
  /** libsql://… or https://… of the Turso database (a secret). */
  LIBSQL_URL: string;
  /** Turso database token (a secret). */
  LIBSQL_AUTH_TOKEN?: string;
  GRAPHQL_TRACE?: string;
  /** GraphiQL's bundle, served by Workers Static Assets. */
  ASSETS: Fetcher;
}

// Built on the first request of an isolate (bindings arrive with it) and reused afterwards.
let app: App | undefined;

function appFor(env: Env): App {
  if (!app) {
    const config = readConfig(env as unknown as Record<string, unknown>);
    if (!config.LIBSQL_URL) throw new Error('LIBSQL_URL is not set: see README, "Deploy".');
    app = createApp({
      db: createWebDatabase({ url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN }),
      trace: config.GRAPHQL_TRACE,
    });
  }
  return app;
}

export default {
  fetch(request, env, ctx) {
    return appFor(env).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
