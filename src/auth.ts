/**
 * Request authentication: `Authorization: Bearer <key>` → the Viewer, or null. Reads need no key;
 * a missing, malformed, unknown or revoked key leaves the caller anonymous, so writes then fail
 * with a typed ForbiddenError.
 */
import type { Viewer } from './context';
import type { Database } from './db/client';
import { verifyApiKey } from './db/keys';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** One lookup per request, whoever asks first (the context, or a plugin that runs before it). */
const viewers = new WeakMap<Request, Promise<Viewer | null>>();

/** The caller; null at once, without a lookup, for a request without an Authorization header. */
export function authenticate(db: Database, request: Request): Promise<Viewer | null> | null {
  if (!request.headers.has('authorization')) return null;
  let viewer = viewers.get(request);
  if (!viewer) {
    viewer = lookUpViewer(db, request);
    viewers.set(request, viewer);
  }
  return viewer;
}

async function lookUpViewer(db: Database, request: Request): Promise<Viewer | null> {
  const match = BEARER.exec(request.headers.get('authorization') ?? '');
  if (!match) return null;
  const key = await verifyApiKey(db, match[1]!);
  return key ? { keyId: key.id, name: key.name, scopes: key.scopes } : null;
}
