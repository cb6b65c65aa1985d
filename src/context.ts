/**
 * What every resolver knows about its request: the database, the negotiated locale and the
 * caller. No schema code here, so plugins and entries can use it without loading the builder.
 */
import type { Database } from './db/client';
import type { Locale } from './db/enums';

/** The caller behind a request: anonymous, or an API key with scopes. */
export interface Viewer {
  keyId: number;
  name: string;
  scopes: readonly string[];
}

/** The caller's point budget as the cost plugin left it for this operation (Query.rateLimit). */
export interface RateLimitState {
  /** Requested cost of this operation, in points (what it was charged before running). */
  cost: number;
  /** Nodes the operation requests across its connections and lists. */
  nodeCount: number;
  /** Points the caller's bucket holds when full. */
  limit: number;
  /** Points left after this operation's cost (a dry run takes nothing). */
  remaining: number;
  /** Points restored per second. */
  restoreRate: number;
  /** When the bucket will be full again. */
  resetAt: Date;
  /** The operation was priced, not run. */
  dryRun: boolean;
}

export interface Context {
  db: Database;
  /** Locale negotiated from Accept-Language; fields fall back to it when given none. */
  locale: Locale;
  viewer: Viewer | null;
  /** Set by the cost plugin before execution; absent where no cost plugin runs. */
  rateLimit?: RateLimitState;
}

/** Whether the caller holds `scope` (the admin scope holds every scope). */
export function hasScope(viewer: Viewer | null, scope: string): boolean {
  return viewer !== null && (viewer.scopes.includes(scope) || viewer.scopes.includes('admin'));
}
