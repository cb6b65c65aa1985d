/** yoga's `cors` option. Not a plugin: yoga applies it itself. */
import type { CORSOptions } from 'graphql-yoga';

/** Response headers clients may read across origins. */
const EXPOSED_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'];

/** yoga's `cors` option: an allow-list of origins, no credentials (the API uses no cookies). */
export function corsOptions(origins: readonly string[] | '*' = '*'): CORSOptions {
  return {
    origin: origins === '*' ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Accept', 'Authorization', 'Accept-Language', 'X-GraphQL-Yoga-CSRF', 'If-None-Match'],
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 86_400,
  };
}
