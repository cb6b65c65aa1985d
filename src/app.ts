/**
 * The one app factory. Builds the GraphQL server once per process (or Worker isolate); the Node
 * and Worker entries only wire their configuration into it.
 */
import { createYoga, useReadinessCheck, type Plugin } from 'graphql-yoga';
import { sql } from 'drizzle-orm';
import type { Context } from './builder';
import type { Database } from './db/client';
import { currentDatabaseMeter, withDatabaseMeter } from './db/meter';
import { renderGraphiQLPage } from './graphiql/page';
import { negotiateLocale } from './graphql/localized';
import { schema } from './graphql/index';
import { cachingPlugins } from './plugins/caching';
import { observabilityPlugins } from './plugins/observability';
import { securityPlugins } from './plugins/security';

export const GRAPHQL_ENDPOINT = '/graphql';
export const HEALTH_ENDPOINT = '/health';
const TITLE = 'BRICS PartNIR Innovation Base · GraphQL API';

export interface AppOptions {
  db: Database;
  /** Adds `extensions.db = { statements, roundTrips }` to every response. */
  trace?: boolean;
  /** Serves static files (GraphiQL's bundle) for paths the API itself does not answer. */
  assets?: (request: Request) => Promise<Response | null>;
}

export interface App {
  fetch(request: Request, ...rest: unknown[]): Promise<Response>;
}

/** Reports database statements and round trips of the current request when tracing is on. */
function useDatabaseTrace(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const meter = currentDatabaseMeter();
          if (!meter || !result || Symbol.asyncIterator in result) return;
          setResult({
            ...result,
            extensions: { ...result.extensions, db: { statements: meter.statements, roundTrips: meter.roundTrips } },
          });
        },
      };
    },
  };
}

/** Responses depend on Accept-Language, so caches must key on it. */
function useVaryOnLanguage(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.append('Vary', 'Accept-Language');
    },
  };
}

export function createApp(options: AppOptions): App {
  const { db } = options;
  const pluginOptions = { db, trace: options.trace ?? false };
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    // Explicit, so that `wrangler dev` (a development environment) masks errors too.
    maskedErrors: { isDev: false },
    context: ({ request }) => ({
      db,
      locale: negotiateLocale(request.headers.get('accept-language')),
      viewer: null,
    }),
    graphiql: { title: TITLE },
    renderGraphiQL: () => renderGraphiQLPage({ endpoint: GRAPHQL_ENDPOINT, title: TITLE }),
    plugins: [
      useReadinessCheck({
        endpoint: HEALTH_ENDPOINT,
        check: async () => {
          await db.run(sql`SELECT 1`);
        },
      }),
      useVaryOnLanguage(),
      ...(options.trace ? [useDatabaseTrace()] : []),
      ...securityPlugins(pluginOptions),
      ...cachingPlugins(pluginOptions),
      ...observabilityPlugins(pluginOptions),
    ],
  });

  return {
    fetch(request, ...rest) {
      const url = new URL(request.url);
      if (url.pathname === '/' && request.method === 'GET') {
        return Promise.resolve(Response.redirect(new URL(GRAPHQL_ENDPOINT, url).toString(), 302));
      }
      if (options.assets && !url.pathname.startsWith(GRAPHQL_ENDPOINT) && url.pathname !== HEALTH_ENDPOINT) {
        const assets = options.assets;
        return assets(request).then(
          (response) => response ?? withDatabaseMeter(() => yoga.fetch(request, ...(rest as []))),
        );
      }
      return withDatabaseMeter(async () => yoga.fetch(request, ...(rest as [])));
    },
  };
}
