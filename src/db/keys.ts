/**
 * API keys: created and revoked from the command line, stored only as a SHA-256 hash and checked
 * in constant time. WebCrypto only, so the same code runs in Node and in the Worker.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from './client';
import { apiKeys } from './schema';
import { sha256, toBase64Url, toHex } from './hash';

/** Scopes a key may carry; `admin` implies every other. */
export const KEY_SCOPES = ['records:write', 'admin'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

const KEY_PATTERN = /^bpk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** `last_used_at` is written at most once a minute per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: KeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuthenticatedKey {
  id: number;
  name: string;
  scopes: KeyScope[];
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Compares two digests without an early exit, so timing does not reveal a matching prefix. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

export function parseScopes(text: string): KeyScope[] {
  return text
    .split(/[\s,]+/)
    .filter((scope) => scope.length > 0)
    .map((scope) => {
      if (!(KEY_SCOPES as readonly string[]).includes(scope)) {
        throw new Error(`Unknown scope "${scope}"; known scopes: ${KEY_SCOPES.join(', ')}.`);
      }
      return scope as KeyScope;
    });
}

/** Creates a key and returns it in clear text: the only time it is ever seen. */
export async function createApiKey(
  db: Database,
  input: { name: string; scopes: readonly KeyScope[] },
): Promise<{ key: string; info: ApiKeyInfo }> {
  const name = input.name.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,63}$/u.test(name)) {
    throw new Error('A key name is 1–64 letters, digits, spaces or . _ @ - and starts with a letter or digit.');
  }
  if (input.scopes.length === 0) throw new Error(`Give at least one scope: ${KEY_SCOPES.join(', ')}.`);
  const prefix = toHex(crypto.getRandomValues(new Uint8Array(6)));
  const secret = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const key = `bpk_${prefix}_${secret}`;
  const hash = toHex(await sha256(key));
  const scopes = [...new Set(input.scopes)];
  const [row] = await db
    .insert(apiKeys)
    .values({ name, prefix, hash, scopes: scopes.join(' ') })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new Error(`A key named "${name}" already exists.`);
  return { key, info: toInfo(row) };
}

/** Revokes a key by name or prefix; returns false when no active key matches. */
export async function revokeApiKey(db: Database, nameOrPrefix: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date().toISOString() })
    .where(
      and(
        isNull(apiKeys.revokedAt),
        sql`(${apiKeys.name} = ${nameOrPrefix} OR ${apiKeys.prefix} = ${nameOrPrefix})`,
      ),
    )
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  const rows = await db.select().from(apiKeys).orderBy(asc(apiKeys.id));
  return rows.map(toInfo);
}

function toInfo(row: typeof apiKeys.$inferSelect): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(' ').filter((scope): scope is KeyScope => (KEY_SCOPES as readonly string[]).includes(scope)),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

/**
 * Checks a presented key. Returns null for a malformed, unknown or revoked key; the hash is
 * computed and compared even when no row matches, so both cases take the same time.
 */
export async function verifyApiKey(db: Database, presented: string, now = new Date()): Promise<AuthenticatedKey | null> {
  const match = KEY_PATTERN.exec(presented);
  const digest = await sha256(presented);
  if (!match) return null;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, match[1]!)).limit(1);
  const stored = row ? fromHex(row.hash) : new Uint8Array(digest.length);
  const equal = constantTimeEqual(digest, stored);
  if (!row || !equal || row.revokedAt !== null) return null;
  const lastUsed = row.lastUsedAt ? Date.parse(row.lastUsedAt) : 0;
  if (now.getTime() - lastUsed >= LAST_USED_RESOLUTION_MS) {
    // Bookkeeping: a database that cannot take this write must not turn a valid key away (the
    // request's own write, if any, reports the fault).
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now.toISOString() })
      .where(eq(apiKeys.id, row.id))
      .catch(() => undefined);
  }
  return { id: row.id, name: row.name, scopes: toInfo(row).scopes };
}
