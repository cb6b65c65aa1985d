/** Each runtime's security options: where rate-limit buckets live and who the client is. */
import { CloudflareRateLimitStore, MemoryRateLimitStore, type RateLimitBinding, type RateLimitStore } from '../rate-limit';
import type { SecurityOptions } from './index';

interface EdgeConfig {
  CORS_ORIGINS: readonly string[] | '*';
  TRUST_PROXY?: boolean;
  RATE_LIMIT?: string | undefined;
}

/** Where buckets live, unless the operator turned the rate limit off. */
const bucketsUnlessOff = (config: EdgeConfig, store: () => RateLimitStore): Pick<SecurityOptions, 'rateLimitStore'> =>
  config.RATE_LIMIT === 'off' ? {} : { rateLimitStore: store() };

/** Node: an in-process bucket per caller, keyed by the socket's address (or the proxy's word). */
export function nodeSecurityOptions(config: EdgeConfig): SecurityOptions {
  return {
    corsOrigins: config.CORS_ORIGINS,
    ...bucketsUnlessOff(config, () => new MemoryRateLimitStore()),
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
    ...bucketsUnlessOff(config, () => (binding ? new CloudflareRateLimitStore(binding, WORKER_RATE_LIMIT_PERIOD) : new MemoryRateLimitStore())),
    // Set by Cloudflare's edge; clients cannot forge it.
    clientAddress: (request) => request.headers.get('cf-connecting-ip'),
  };
}
