/**
 * Trusted operations: the persisted-document manifests of client builds, stored by hash. WebCrypto
 * only, so registration and lookup run the same in Node and in the Worker.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Database } from './client';
import { sha256Hex } from './hash';
import { trustedDocuments } from './schema';

export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** `sha256:<hex>` (the GraphQL-over-HTTP document ID form) or bare hex → bare hex. */
export function normalizeHash(hash: string): string {
  return hash.replace(/^sha256:/, '');
}

/** The document registered under `hash`, or null. */
export async function findTrustedDocument(db: Database, hash: string): Promise<string | null> {
  if (!HASH_PATTERN.test(hash)) return null;
  const [row] = await db.all<{ document: string }>(sql`SELECT document FROM trusted_documents WHERE hash = ${hash}`);
  return row?.document ?? null;
}

export interface RegistrationResult {
  /** Hashes stored by this call. */
  added: number;
  /** Hashes that were registered already (by this or another client). */
  known: number;
}

/**
 * Registers a manifest (`{ "<sha256>": "<document>" }`, the format of both graphql-codegen's
 * persisted documents and relay-compiler's persisted queries). Every hash must be the SHA-256 of
 * its document; nothing is stored unless all are. Existing entries are kept as they are.
 */
export async function registerTrustedDocuments(db: Database, client: string, manifest: Record<string, string>): Promise<RegistrationResult> {
  // graphql-codegen writes `sha256:<hex>`, relay-compiler the bare hex.
  const entries = Object.entries(manifest).map(([key, document]) => [normalizeHash(key), document] as const);
  for (const [hash, document] of entries) {
    if (!HASH_PATTERN.test(hash)) throw new Error(`${hash}: not a lower-case hex SHA-256 hash.`);
    // The hex SHA-256 of the document's exact text, as codegen and relay-compiler compute it.
    if ((await sha256Hex(document)) !== hash) throw new Error(`${hash}: is not the SHA-256 of its document; was the manifest hashed with another algorithm?`);
  }
  if (entries.length === 0) return { added: 0, known: 0 };
  const hashes = entries.map(([hash]) => hash);
  const known = await db.select({ hash: trustedDocuments.hash }).from(trustedDocuments).where(inArray(trustedDocuments.hash, hashes));
  await db
    .insert(trustedDocuments)
    .values(entries.map(([hash, document]) => ({ hash, document, client })))
    .onConflictDoNothing();
  return { added: entries.length - known.length, known: known.length };
}
