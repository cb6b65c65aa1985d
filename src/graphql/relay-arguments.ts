/**
 * What the relay plugin's arguments accept (wired in src/builder.ts): page sizes, cursors this API
 * issued, and global IDs in their one canonical form. Checked before any resolver runs, so bad input
 * is a clear input error rather than a failed SQL statement.
 */
import { decodeBase64, decodeCursorChunk, PothosValidationError } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import * as z from 'zod';
import { MAX_PAGE_SIZE } from '../limits';
import { rule } from './rule';

export const pageSize = rule(() =>
  z
    .number()
    .int()
    .min(1, { message: 'must be at least 1' })
    .max(MAX_PAGE_SIZE, { message: `must be at most ${MAX_PAGE_SIZE}` }),
);

/**
 * A decoded cursor holds the ordering columns' values: one number, string, date or null, or a list
 * of several (the API writes a single column's value alone, never as a list of one). Anything
 * else (objects, `__proto__` keys, NaN) is forged and would fail in SQL.
 */
function soundCursorValue(value: unknown, depth = 0): boolean {
  if (Array.isArray(value)) return depth === 0 && value.length >= 2 && value.length <= 8 && value.every((item) => soundCursorValue(item, depth + 1));
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return false;
}

/** Row keys in global IDs: one canonical form each, so `Institution:1` has no aliases (`01`, `1e0`, ` 1`). */
const CANONICAL_ROW_ID = /^(0|[1-9][0-9]{0,15})$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Decodes a global ID and checks its key: a country's is its two-letter code, every other type's
 * a row number in plain decimal. Anything else is a clear input error, never a failed statement.
 */
export function decodeCanonicalGlobalID(globalID: string): { typename: string; id: string } {
  const decoded = decodeGlobalID(globalID);
  const sound =
    decoded.typename === 'Country'
      ? COUNTRY_CODE.test(decoded.id)
      : CANONICAL_ROW_ID.test(decoded.id) && Number.isSafeInteger(Number(decoded.id));
  if (!sound) throw new PothosValidationError(`Invalid global ID: ${globalID.length > 100 ? `${globalID.slice(0, 100)}…` : globalID}`);
  return decoded;
}

/** A global ID decoded when it is a sound one of `typename` (see `decodeCanonicalGlobalID`), else null. */
export function decodedNodeIdOf(value: unknown, typename: string): { typename: string; id: string } | null {
  if (typeof value !== 'string') return null;
  try {
    const decoded = decodeCanonicalGlobalID(value);
    return decoded.typename === typename ? decoded : null;
  } catch {
    return null;
  }
}

/**
 * Whether a cursor has the shape this API issues: a keyset cursor (`DC:` with typed values) or an
 * offset cursor. Checked before any resolver runs, so a forged cursor is a clear input error
 * rather than a failed SQL statement.
 */
export function isWellFormedCursor(cursor: string): boolean {
  try {
    const decoded = decodeBase64(cursor);
    if (decoded.startsWith('OffsetConnection:')) return /^OffsetConnection:\d{1,12}$/.test(decoded);
    return decoded.startsWith('DC:') && soundCursorValue(decodeCursorChunk(decoded.slice(3)));
  } catch {
    return false;
  }
}

export const cursorArg = rule(() =>
  z
    .string()
    .max(1_000, { message: 'is not a cursor this API issued' })
    .refine(isWellFormedCursor, { message: 'is not a cursor this API issued' }),
);
