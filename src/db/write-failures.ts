/**
 * How a write fails without changing anything: a missing reference, a stale version, a broken
 * constraint. `writes.ts` checks references before its batch and maps the database's refusals.
 */
import { and, eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import { ENTITIES, type WritableType } from './entities';
import { countries } from './schema';
import { archivedVisible, publicRow } from './visibility';

/** A row another one points to; checked to exist (and not be archived) before writing. */
export interface Reference {
  /** Input path of the field holding the reference, e.g. `['input', 'parent']`. */
  path: string[];
  type: WritableType | 'Country';
  id: number | string;
}

export type WriteFailure =
  | { kind: 'NOT_FOUND'; message: string; path: string[] }
  | {
      kind: 'CONFLICT';
      reason: 'STALE_VERSION' | 'DUPLICATE' | 'ARCHIVED' | 'NOT_ARCHIVED';
      message: string;
      currentVersion: number | null;
    }
  | { kind: 'INVALID'; message: string; path: string[] };

/** What messages call a row of each type. */
export const REFERENCE_NAMES: Record<Reference['type'], string> = {
  ...(Object.fromEntries(Object.entries(ENTITIES).map(([type, entity]) => [type, entity.noun])) as Record<WritableType, string>),
  Country: 'country',
};

/** Finds the row a reference names, if it exists and is public. */
export function referenceQuery(db: Database, reference: Reference) {
  if (reference.type === 'Country') {
    return db.select({ found: countries.code }).from(countries).where(eq(countries.code, String(reference.id)));
  }
  const table = ENTITIES[reference.type].table as unknown as SQLiteTable & { id: SQLiteColumn };
  return db
    .select({ found: table.id })
    .from(table)
    .where(and(eq(table.id, Number(reference.id)), publicRow(ENTITIES[reference.type].key, table)));
}

/** The first reference whose row was not found (`results` in the same order). */
export function missingReference(references: readonly Reference[], results: readonly unknown[][]): WriteFailure | null {
  for (const [index, reference] of references.entries()) {
    if ((results[index] ?? []).length === 0) {
      return {
        kind: 'NOT_FOUND',
        message: `${reference.path.join('.')}: no ${REFERENCE_NAMES[reference.type]} with this ID.`,
        path: reference.path,
      };
    }
  }
  return null;
}

/** Maps a constraint violation reported by libSQL onto a typed failure; rethrows anything else. */
export function constraintFailure(error: unknown, type: WritableType): WriteFailure {
  let current: unknown = error;
  while (current instanceof Error) {
    const message = current.message;
    const unique = /UNIQUE constraint failed: (\w+)\.(\w+)/.exec(message);
    if (unique) {
      const what = unique[2] === 'slug' ? `slug` : 'combination';
      return {
        kind: 'CONFLICT',
        reason: 'DUPLICATE',
        // Whether the holder is archived is said only to callers who may see archived rows.
        message: `${/^[aeiou]/.test(REFERENCE_NAMES[type]) ? 'An' : 'A'} ${REFERENCE_NAMES[type]} with this ${what} already exists${archivedVisible() ? ' (it may be archived: restore it instead)' : ''}.`,
        currentVersion: null,
      };
    }
    const check = /CHECK constraint failed: (\w+)/.exec(message);
    if (check) {
      return { kind: 'INVALID', message: `input: the values break the rule ${check[1]}.`, path: ['input'] };
    }
    if (/FOREIGN KEY constraint failed/.test(message)) {
      return { kind: 'NOT_FOUND', message: 'input: a referenced object does not exist.', path: ['input'] };
    }
    current = (current as { cause?: unknown }).cause;
  }
  throw error;
}

/** The answer to a write that found the row at another version than the one given. */
export function staleVersion(name: string, given: number, currentVersion: number | null): WriteFailure {
  return {
    kind: 'CONFLICT',
    reason: 'STALE_VERSION',
    message: `The ${name} changed since version ${given} was read (it is now at version ${currentVersion ?? 'unknown'}); read it again and reapply the change.`,
    currentVersion,
  };
}
