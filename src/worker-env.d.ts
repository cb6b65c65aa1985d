// What wrangler.toml cannot declare, merged into the `Env` that `npm run types` generates from it
// (worker-configuration.d.ts): the secrets, and settings that stay unset unless an operator sets them.
declare namespace Cloudflare {
  interface Env {
    /** libsql://… or https://… of the Turso database (a secret). */
    LIBSQL_URL: string;
    /** Turso database token (a secret). */
    LIBSQL_AUTH_TOKEN?: string;
    /** Longest wait for one database round trip, in ms (default 5000). */
    DATABASE_TIMEOUT_MS?: string;
    /** Deadline of a whole request, in ms (default 10000). */
    REQUEST_TIMEOUT_MS?: string;
    /** `off`: no response cache (measuring uncached reads); on by default. */
    RESPONSE_CACHE?: string;
    RATE_LIMIT?: string;
  }
}
