/**
 * Request authentication: `Authorization: Bearer <key>` → the Viewer, or null. Reads need no key;
 * a missing, malformed, unknown or revoked key leaves the caller anonymous, so writes then fail
 * with a typed ForbiddenError.
 */
import type { Viewer } from './context';
import type { Database } from './db/client';
import { verifyApiKey } from './db/keys';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export async function authenticate(db: Database, request: Request): Promise<Viewer | null> {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = BEARER.exec(header);
  if (!match) return null;
  const key = await verifyApiKey(db, match[1]!);
  return key ? { keyId: key.id, name: key.name, scopes: key.scopes } : null;
}
