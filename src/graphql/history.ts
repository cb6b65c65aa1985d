/**
 * Change history: every create, update, archive and restore of a record, written in the same
 * batch as the change itself, readable as `history` on the record.
 */
import { offsetForArgs, offsetToCursor } from '@pothos/plugin-relay';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { JSONResolver } from 'graphql-scalars';
import { builder } from '../builder';
import type { WritableType } from '../db/entities';
import { historyCountSql, historyFromJson, historyPageSql, readHistory, type ChangeRecord } from '../db/history';

builder.addScalarType('JSON', JSONResolver, {
  description: 'Any JSON value: a string, number, boolean, null, list or object.',
});

export const ChangeActionEnum = builder.enumType('ChangeAction', {
  description: 'What a change did.',
  values: {
    CREATE: { description: 'Created the object (version 1).' },
    UPDATE: { description: 'Changed some of its fields.' },
    ARCHIVE: { description: 'Archived it: hidden from lists, search and public lookups.' },
    RESTORE: { description: 'Restored it from the archive.' },
  } as const,
});

interface FieldChangeShape {
  field: string;
  before: unknown;
  after: unknown;
}

/** Bookkeeping that changes on every write and says nothing by itself. */
const NOT_COMPARED = new Set(['version', 'updatedAt']);

function fieldChanges(entry: ChangeRecord): FieldChangeShape[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => !NOT_COMPARED.has(key))
    .filter((key) => (entry.action === 'CREATE' ? after[key] !== null && after[key] !== undefined : true))
    .filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .map((key) => ({ field: key, before: before[key] ?? null, after: after[key] ?? null }));
}

const FieldChange = builder.objectRef<FieldChangeShape>('FieldChange').implement({
  description: 'One stored field that a change altered, with its value before and after.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description: 'The stored field, e.g. `nameEn`, `status` or `archivedAt` (localised texts are one field per script).',
    }),
    before: t.field({ type: 'JSON', nullable: true, description: 'Value before the change (null when created).', resolve: (c) => c.before }),
    after: t.field({ type: 'JSON', nullable: true, description: 'Value after the change.', resolve: (c) => c.after }),
  }),
});

export const ChangeEntry = builder.objectRef<ChangeRecord>('ChangeEntry').implement({
  description: 'One change to a record: who made it, when, and what it changed.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The version the change produced.' }),
    action: t.field({ type: ChangeActionEnum, description: 'What the change did.', resolve: (entry) => entry.action }),
    changedAt: t.field({ type: 'DateTime', description: 'When it was made.', resolve: (entry) => entry.changedAt }),
    actor: t.string({
      nullable: true,
      description: 'Name of the API key that made it; null for callers without the `records:write` scope.',
      authScopes: { recordsWrite: true },
      unauthorizedResolver: () => null,
      resolve: (entry) => entry.actorName,
    }),
    changes: t.field({
      type: [FieldChange],
      description: 'The stored fields it altered (for a creation: every field it set).',
      resolve: (entry) => fieldChanges(entry),
    }),
    before: t.field({ type: 'JSON', nullable: true, description: 'The whole stored row before the change.', resolve: (e) => e.before }),
    after: t.field({ type: 'JSON', nullable: true, description: 'The whole stored row after the change.', resolve: (e) => e.after }),
  }),
});

const PAGE = '_historyPage';
const COUNT = '_historyCount';

/** The page `args` ask for, or null when they are invalid (the resolver then reports why). */
function historyPage(args: Record<string, unknown>): { limit: number; offset: number } | null {
  try {
    const { limit, offset } = offsetForArgs({ args });
    return { limit, offset };
  } catch {
    return null;
  }
}

/**
 * The connection over one page of entries read at `args`' offset (one more than the page when
 * there is a next one), as plugin-relay's offset connections shape it. Invalid `args` throw
 * plugin-relay's own error.
 */
function historyConnection(args: Record<string, unknown>, entries: readonly ChangeRecord[], totalCount: number) {
  const { offset, expectedSize, hasPreviousPage, hasNextPage } = offsetForArgs({ args });
  const edges = entries.slice(0, expectedSize).map((node, index) => ({ cursor: offsetToCursor(offset + index), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      startCursor: offsetToCursor(offset),
      endCursor: offsetToCursor(offset + edges.length - 1),
      hasPreviousPage,
      hasNextPage: hasNextPage(entries.length),
    },
  };
}

/**
 * Adds `history` to an entity type. The page and its count are selected with the entity's own row
 * (plugin-drizzle's `select`), so `history` under a list of any length costs no statement of its
 * own; an entity loaded some other way reads its history by itself.
 */
export function addHistoryField(ref: Parameters<typeof builder.drizzleObjectField>[0], type: WritableType): void {
  builder.drizzleObjectField(ref, 'history', (t) =>
    t.connection({
      type: ChangeEntry,
      description: 'Every change made to it through the API, newest first.',
      // plugin-drizzle's field `select`; spread because `ref` is any entity type here.
      ...({
        select: (args: Record<string, unknown>) => {
          const page = historyPage(args);
          if (!page) return {};
          return {
            extras: {
              [PAGE]: (table: { id: SQLiteColumn }) => historyPageSql(type, table.id, page),
              [COUNT]: (table: { id: SQLiteColumn }) => historyCountSql(type, table.id),
            },
          };
        },
      } as object),
      // Synchronous when the page came with the row, so the compiled read path can run it on the
      // statement's JSON (src/graphql/compiled-read.ts).
      resolve: (parent, args, context) => {
        const row = parent as { id: number; [PAGE]?: string; [COUNT]?: number };
        if (typeof row[PAGE] === 'string' && row[COUNT] !== undefined) return historyConnection(args, historyFromJson(row[PAGE]), Number(row[COUNT]));
        // Arguments plugin-relay refuses throw its error here.
        const { limit, offset } = offsetForArgs({ args });
        return readHistory(context.db, type, Number(row.id), { limit, offset }).then(({ entries, totalCount }) => historyConnection(args, entries, totalCount));
      },
    }, {
      description: 'A page of changes.',
      fields: (c) => ({
        totalCount: c.int({ description: 'Number of changes in all pages.', resolve: (connection) => connection.totalCount }),
      }),
    }, { description: 'One change and its cursor.' }),
  );
}
