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

export interface Context {
  db: Database;
  /** Locale negotiated from Accept-Language; fields fall back to it when given none. */
  locale: Locale;
  viewer: Viewer | null;
}

/** Whether the caller holds `scope` (the admin scope holds every scope). */
export function hasScope(viewer: Viewer | null, scope: string): boolean {
  return viewer !== null && (viewer.scopes.includes(scope) || viewer.scopes.includes('admin'));
}
