/** Runtime configuration read from the environment, shared by both entries. */
import * as z from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true');

/** `*` (or unset) for any origin, else a comma-separated list such as `https://a.example,https://b.example`. */
const origins = z
  .string()
  .optional()
  .transform((value, ctx): readonly string[] | '*' => {
    const list = (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
    if (list.length === 0 || list.includes('*')) return '*';
    for (const origin of list) {
      if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
        ctx.addIssue({ code: 'custom', message: `not an origin (scheme://host[:port]): ${origin}` });
      }
    }
    return list;
  });

/** A duration in milliseconds, given as digits. */
const milliseconds = z
  .string()
  .regex(/^\d{1,7}$/, 'must be a whole number of milliseconds')
  .transform(Number)
  .refine((value) => value >= 100, 'must be at least 100 ms')
  .optional();

export const configSchema = z.object({
  LIBSQL_URL: z.string().min(1).optional(),
  LIBSQL_AUTH_TOKEN: z.string().min(1).optional(),
  GRAPHQL_TRACE: flag,
  /** Browser origins allowed by CORS. */
  CORS_ORIGINS: origins,
  /** Node only: take the client address from X-Forwarded-For (set it behind a reverse proxy). */
  TRUST_PROXY: flag,
  /** Longest wait for one database round trip (or a locked file); default 5000. */
  DATABASE_TIMEOUT_MS: milliseconds,
  /** Deadline of a whole request, authentication included; default `LIMITS.executionTimeoutMs`. */
  REQUEST_TIMEOUT_MS: milliseconds,
  /**
   * Callers that may run trusted operations only: `anonymous` and/or API key names, comma-separated,
   * e.g. `anonymous,ios-app`. Empty (the default): everyone may send any document.
   */
  TRUSTED_OPERATIONS_ONLY: z
    .string()
    .optional()
    .transform((value) => {
      const names = (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
      return { anonymous: names.includes('anonymous'), keys: names.filter((name) => name !== 'anonymous') };
    }),
});

export type RuntimeConfig = z.infer<typeof configSchema>;

/** The Node server's port when PORT is unset. */
export const DEFAULT_PORT = 4000;

/** Where the local Node server answers, from the same PORT it listens on. */
export function localEndpoint(env: Record<string, string | undefined>): string {
  return `http://localhost:${env.PORT || DEFAULT_PORT}/graphql`;
}

export function readConfig(env: Record<string, unknown>): RuntimeConfig {
  return configSchema.parse(env);
}
