/** Runtime configuration read from the environment, shared by both entries. */
import * as z from 'zod';

const flag = () =>
  z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((value) => value === '1' || value === 'true');

/** `*` (or unset) for any origin, else a comma-separated list such as `https://a.example,https://b.example`. */
const origins = () =>
  z
    .string()
    .optional()
    .transform((value, ctx): readonly string[] | '*' => {
      const list = (value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      if (list.length === 0 || list.includes('*')) return '*';
      for (const origin of list) {
        if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
          ctx.addIssue({ code: 'custom', message: `not an origin (scheme://host[:port]): ${origin}` });
        }
      }
      return list;
    });

/** A duration in milliseconds, given as digits. */
const milliseconds = () =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .refine((value) => value >= 100, 'must be at least 100 ms')
    .optional();

/**
 * A schema built the first time it is read: at module scope, building them cost every Worker
 * isolate's start-up CPU (zod builds an instance per chained call), where the Worker reads only
 * the shared settings, once, with the first request's bindings.
 */
function builtOnFirstUse<S extends z.ZodType>(build: () => S): () => S {
  let schema: S | undefined;
  return () => (schema ??= build());
}

const configSchema = builtOnFirstUse(() =>
  z.object({
    LIBSQL_URL: z.string().min(1).optional(),
    LIBSQL_AUTH_TOKEN: z.string().min(1).optional(),
    GRAPHQL_TRACE: flag(),
    /** Browser origins allowed by CORS. */
    CORS_ORIGINS: origins(),
    /** Node only: take the client address from X-Forwarded-For (set it behind a reverse proxy). */
    TRUST_PROXY: flag(),
    /** Longest wait for one database round trip (or a locked file); default 5000. */
    DATABASE_TIMEOUT_MS: milliseconds(),
    /** Deadline of a whole request, authentication included; default `LIMITS.executionTimeoutMs`. */
    REQUEST_TIMEOUT_MS: milliseconds(),
    /** `off` serves every read uncached (measurements of the read path); on unless set to `off`. */
    RESPONSE_CACHE: z.enum(['on', 'off', '']).optional(),
    /**
     * `off` charges no cost bucket (no `RateLimit-*` headers, no 429): for load tests of the server
     * itself, or behind a gateway that limits callers; on unless set to `off`.
     */
    RATE_LIMIT: z.enum(['on', 'off', '']).optional(),
    /**
     * Callers that may run trusted operations only: `anonymous` and/or API key names, comma-separated,
     * e.g. `anonymous,ios-app`. Empty (the default): everyone may send any document.
     */
    TRUSTED_OPERATIONS_ONLY: z
      .string()
      .optional()
      .transform((value) => {
        const names = (value ?? '')
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
        return { anonymous: names.includes('anonymous'), keys: names.filter((name) => name !== 'anonymous') };
      }),
  }),
);

export type RuntimeConfig = z.output<ReturnType<typeof configSchema>>;

/** The Node server's port when PORT is unset. */
export const DEFAULT_PORT = 4000;

/** A TCP port given as digits; unset or empty gives `fallback`. */
const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return fallback;
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
        ctx.addIssue({ code: 'custom', message: 'must be a port number from 0 to 65535' });
        return z.NEVER;
      }
      return Number(value);
    });

/** The Node server (`npm start`): the shared settings and the port it listens on. */
const nodeConfigSchema = builtOnFirstUse(() => configSchema().extend({ PORT: port(DEFAULT_PORT) }));

/** The local libSQL HTTP server for `wrangler dev` (`npm run db:serve`). */
const databaseServerConfigSchema = builtOnFirstUse(() =>
  z.object({
    /** The database file it serves. */
    DB_FILE: z.string().min(1).default('data/brics.db'),
    DB_PORT: port(8080),
    /** The interface it listens on; loopback unless told otherwise. */
    DB_HOST: z.string().min(1).default('127.0.0.1'),
  }),
);

/** The source material's folder (npm run import:source, the source tests). */
const sourceConfigSchema = builtOnFirstUse(() => z.object({ SOURCE_DIR: z.string().optional() }));

/** An environment variable with a value its program cannot use; the message names each one. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Environment = Record<string, unknown>;

function parse<S extends z.ZodType>(schema: S, env: Environment): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** The settings both entries share. Throws one ConfigError naming every invalid variable. */
export function readConfig(env: Environment): RuntimeConfig {
  return parse(configSchema(), env);
}

export function readNodeConfig(env: Environment): z.output<ReturnType<typeof nodeConfigSchema>> {
  return parse(nodeConfigSchema(), env);
}

export function readDatabaseServerConfig(env: Environment): z.output<ReturnType<typeof databaseServerConfigSchema>> {
  return parse(databaseServerConfigSchema(), env);
}

export function readSourceConfig(env: Environment): z.output<ReturnType<typeof sourceConfigSchema>> {
  return parse(sourceConfigSchema(), env);
}

/** Where the local Node server answers, from the same PORT it listens on. */
export function localEndpoint(env: Environment): string {
  return `http://localhost:${readNodeConfig({ PORT: env.PORT }).PORT}/graphql`;
}

/**
 * For command-line programs: the configuration, or the ConfigError's one line on stderr and exit
 * code 1 instead of a stack trace.
 */
export function configOrExit<T>(read: (env: Environment) => T): T {
  try {
    return read(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
