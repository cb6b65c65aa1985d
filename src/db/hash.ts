/**
 * SHA-256 and the encodings digests are written in. Digests come from `node:crypto`, which Node
 * and workerd (`nodejs_compat`) both provide, synchronously: Web Crypto's `digest` answers through
 * a promise (on Node, a thread-pool round trip), which cost a response-cache miss more than its key.
 */
import { createHash } from 'node:crypto';

export function sha256(input: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return Promise.resolve(new Uint8Array(createHash('sha256').update(input).digest()));
}

/** Lower-case hex SHA-256 of a text. */
export function sha256Hex(text: string): Promise<string> {
  return Promise.resolve(createHash('sha256').update(text).digest('hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
