/**
 * Offline sync: `changes`, a feed of every write in commit order since a cursor, and
 * `syncSnapshot`, the visible objects at one moment with the feed cursor to follow from there.
 *
 * A page is one database round trip: the page's entries, the feed state (key, head) and the
 * objects of every type the page names are read in one batch (src/db/meter.ts), the objects by
 * statements that select the page again, so all of them see the same committed state. Objects
 * come as they are now, whatever version the entry names; an object the caller may not see
 * (src/db/visibility.ts: archived, or a link to an archived row) comes as null: a removal, without
 * content. Pages are cached like other public reads, keyed on the data version (never stale).
 */
import { brandWithType } from '@pothos/core';
import { getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import type { SQL } from 'drizzle-orm';
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Context } from '../builder';
import {
  cursorIsGenuine,
  encodeCursor,
  ensureFeedKey,
  FEED_START,
  FEED_TYPES,
  feedPageSql,
  feedStateSql,
  headSql,
  amongIds,
  inPage,
  nextPosition,
  parseCursor,
  ROW_DONE,
  snapshotIdsSql,
  snapshotPageSql,
  type FeedEntryRow,
  type FeedPosition,
  type FeedState,
  type SnapshotEntryRow,
  type SnapshotPosition,
} from '../db/feed';
import { ENTITIES } from '../db/entities';
import type { WritableType } from '../db/writes';
import { ChangeActionEnum } from './history';

// ---------------------------------------------------------------------------------------------
// Errors

export type ResyncReason = 'UNRECOGNISED_CURSOR' | 'CURSOR_AHEAD_OF_DATABASE';

const RESYNC_MESSAGES: Record<ResyncReason, string> = {
  UNRECOGNISED_CURSOR: 'This cursor was not issued by this database (it was altered, or the database was replaced).',
  CURSOR_AHEAD_OF_DATABASE: 'This cursor points past the latest change (the database was restored from an earlier copy).',
};

/** The typed error of an unusable cursor: the client must drop its copy and sync from the start. */
function resyncRequired(reason: ResyncReason, argument: string): GraphQLError {
  return new GraphQLError(`${RESYNC_MESSAGES[reason]} Discard the local copy and sync again from the start (${argument}: null).`, {
    extensions: { code: 'RESYNC_REQUIRED', reason, argument, http: { status: 400 } },
  });
}

function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first must be between 1 and ${MAX_PAGE_SIZE}.`, { extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
  }
  return size;
}

// ---------------------------------------------------------------------------------------------
// Loading the objects of a page

type Row = Record<string, unknown> & { id: number };


/** Fields named `name` among `selections`, through fragments. */
function fieldsNamed(info: GraphQLResolveInfo, selections: readonly SelectionNode[], name: string): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...fieldsNamed(info, selection.selectionSet.selections, name));
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) found.push(...fieldsNamed(info, fragment.selectionSet.selections, name));
    }
  }
  return found;
}

/** Whether the operation selects anything at one of `paths` below the current field. */
function selectsAny(info: GraphQLResolveInfo, paths: readonly (readonly string[])[]): boolean {
  return paths.some((path) => {
    let level: FieldNode[] = [...info.fieldNodes];
    for (const name of path) {
      level = level.flatMap((node) => fieldsNamed(info, node.selectionSet?.selections ?? [], name));
      if (level.length === 0) return false;
    }
    return true;
  });
}

/**
 * Starts loading the objects of `type` that the page holds, with everything the operation selects
 * on them at `paths` (relations included, planned into the same statement).
 */
async function loadObjects(
  context: Context,
  info: GraphQLResolveInfo,
  type: WritableType,
  where: (table: never) => SQL,
  paths: string[][],
): Promise<Map<number, Row>> {
  const query = await queryFromInfo({
    config: getSchemaConfig(builder),
    context,
    info,
    typeName: type,
    paths,
    awaitSelections: true,
    where: { RAW: where },
  });
  const table = context.db.query[ENTITIES[type].key] as unknown as { findMany(query: unknown): Promise<Row[]> };
  const rows = await table.findMany(query);
  const byId = new Map<number, Row>();
  for (const row of rows) {
    // The Node interface resolves the object's type from this brand.
    brandWithType(row, type as never);
    byId.set(Number(row.id), row);
  }
  return byId;
}

function requestedTypes(types: readonly WritableType[] | null | undefined): WritableType[] {
  return types && types.length > 0 ? FEED_TYPES.filter((type) => types.includes(type)) : [...FEED_TYPES];
}

/** Reads the feed key of a database that was never prepared by this version (once). */
async function keyOf(context: Context, state: { key: string | null }): Promise<string> {
  return state.key ?? (await ensureFeedKey(context.db));
}

// ---------------------------------------------------------------------------------------------
// Types

export const ChangeObjectTypeEnum = builder.enumType('ChangeObjectType', {
  description: 'Types of objects that the change feed and the sync snapshot cover.',
  values: Object.fromEntries(FEED_TYPES.map((type) => [type, { description: `${type} objects.` }])) as Record<
    WritableType,
    { description: string }
  >,
});

interface ChangeShape {
  type: WritableType;
  id: number;
  action: FeedEntryRow['action'];
  version: number;
  changedAt: string;
  object: Row | null;
  cause: { type: WritableType; id: number } | null;
  cursor: string;
}

export const ObjectChange = builder.objectRef<ChangeShape>('ObjectChange').implement({
  description:
    'One entry of the change feed: an object was created, updated, archived or restored. Apply entries in order: store `object` when it is present, remove the object when it is null.',
  fields: (t) => ({
    objectId: t.field({
      type: 'ID',
      description: 'Global ID of the object that changed (as `node(id:)` takes it).',
      resolve: (change) => encodeGlobalID(change.type, change.id),
    }),
    objectType: t.field({ type: ChangeObjectTypeEnum, description: 'Type of the object that changed.', resolve: (change) => change.type }),
    action: t.field({
      type: ChangeActionEnum,
      description: 'What happened. For an entry with `causedBy`, what happened to that linked object.',
      resolve: (change) => change.action,
    }),
    version: t.exposeInt('version', {
      description:
        'The version the change produced. For an entry with `causedBy`, the object’s version now (its own row did not change).',
    }),
    changedAt: t.field({ type: 'DateTime', description: 'When the change was committed.', resolve: (change) => change.changedAt }),
    cursor: t.exposeString('cursor', { description: 'Cursor of this change: pass it as `since` to continue after it.' }),
    object: t.field({
      type: builder.nodeInterfaceRef(),
      nullable: true,
      description:
        'The object as it is now (not as of this change), or null when the caller may not see it (archived, or linking an archived object): remove it from the local copy.',
      resolve: (change) => change.object,
    }),
    causedBy: t.field({
      type: 'ID',
      nullable: true,
      description:
        'For a membership or participation: the global ID of the institution, network or record whose archiving or restoring hid or showed it. Null when the object itself changed.',
      resolve: (change) => (change.cause ? encodeGlobalID(change.cause.type, change.cause.id) : null),
    }),
  }),
});

interface ConnectionShape<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const ChangeFeedPage = builder.objectRef<ConnectionShape<ChangeShape> & { cursor: string }>('ChangeFeedPage').implement({
  description: 'A page of the change feed, paged forward by `since` (each change also carries its own cursor).',
  fields: (t) => ({
    nodes: t.field({ type: [ObjectChange], description: 'The changes of this page, in commit order.', resolve: (page) => page.edges.map((edge) => edge.node) }),
    pageInfo: t.field({ type: builder.pageInfoRef(), description: 'Pagination state of this page.', resolve: (page) => page.pageInfo }),
    cursor: t.string({
      description:
        'Where to continue: pass it as `since` next time. Always set, also on an empty page; it may lie past the last entry when the page skipped entries of other types.',
      resolve: (page) => page.cursor,
    }),
  }),
});

const SyncSnapshotPage = builder
  .objectRef<ConnectionShape<Row> & { changesCursor: string }>('SyncSnapshotPage')
  .implement({
    description: 'A page of the objects visible when the snapshot’s first page was read.',
      fields: (t) => ({
      nodes: t.field({ type: [builder.nodeInterfaceRef()], description: 'The objects of this page.', resolve: (page) => page.edges.map((edge) => edge.node) }),
      pageInfo: t.field({ type: builder.pageInfoRef(), description: 'Pagination state of this page.', resolve: (page) => page.pageInfo }),
      changesCursor: t.string({
        description:
          'The feed position at which the first page was read: after the last page, follow `changes(since:)` from here. Every write after that moment is in the feed, so nothing falls between the snapshot and the feed.',
        resolve: (page) => page.changesCursor,
      }),
    }),
  });

// ---------------------------------------------------------------------------------------------
// Fields

const OBJECT_PATHS = [['nodes', 'object']];
const SNAPSHOT_PATHS = [['nodes']];

builder.queryField('changes', (t) =>
  t.field({
    type: ChangeFeedPage,
    description:
      'Every create, update, archive and restore in commit order, after `since`: the feed a client with a local copy follows. Each entry carries the object as it is now, or null when the caller may not see it (remove it). Replaying from `since: null` rebuilds every visible object; a cursor the server does not recognise answers RESYNC_REQUIRED.',
    args: {
      since: t.arg.string({ required: false, description: 'Continue after this cursor (`cursor` of a previous page); null starts from the beginning.' }),
      first: t.arg.int({ required: false, description: `Number of changes (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` }),
      types: t.arg({ type: [ChangeObjectTypeEnum], required: false, description: 'Only changes of these types (all when omitted).' }),
    },
    resolve: async (_root, args, context, info) => {
      const limit = pageSize(args.first);
      const parsed = args.since == null ? null : parseCursor(args.since);
      if (args.since != null && parsed?.kind !== 'feed') throw resyncRequired('UNRECOGNISED_CURSOR', 'since');
      const from: FeedPosition = parsed?.kind === 'feed' ? parsed.position : FEED_START;
      const types = requestedTypes(args.types);
      const page = feedPageSql(from, limit, types);
      const withObjects = selectsAny(info, OBJECT_PATHS);

      // Started together: one batch, one round trip, one consistent read.
      const [stateRows, rows, ...objects] = await Promise.all([
        context.db.all<FeedState>(feedStateSql(from, limit)),
        context.db.all<FeedEntryRow>(page),
        ...(withObjects ? types.map((type) => loadObjects(context, info, type, inPage(page, type), OBJECT_PATHS)) : []),
      ]);
      const state = stateRows[0]!;
      const key = await keyOf(context, state);
      if (parsed && !(await cursorIsGenuine(key, parsed))) throw resyncRequired('UNRECOGNISED_CURSOR', 'since');
      if (from.row > Number(state.head)) throw resyncRequired('CURSOR_AHEAD_OF_DATABASE', 'since');

      const loaded = new Map(types.map((type, index) => [type, objects[index]] as const));
      const next = nextPosition(from, limit, rows, state);
      const edges = await Promise.all(rows.slice(0, limit).map(async (row) => {
        const node: ChangeShape = {
          type: row.entity_type,
          id: Number(row.entity_id),
          action: row.action,
          version: Number(row.version),
          changedAt: row.changed_at,
          object: loaded.get(row.entity_type)?.get(Number(row.entity_id)) ?? null,
          cause: row.cause_type ? { type: row.cause_type, id: Number(row.cause_id) } : null,
          cursor: await encodeCursor(key, { kind: 'feed', position: { row: Number(row.history_id), kind: Number(row.kind), sub: Number(row.sub) } }),
        };
        return { cursor: node.cursor, node };
      }));
      return {
        edges,
        cursor: await encodeCursor(key, { kind: 'feed', position: next.position }),
        pageInfo: {
          hasNextPage: next.hasNextPage,
          hasPreviousPage: parsed !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);

builder.queryField('syncSnapshot', (t) =>
  t.field({
    type: SyncSnapshotPage,
    description:
      'Every object the caller may see, by type then ID, for a client’s first sync; then follow `changes(since: changesCursor)`. The pages after the first one may show later states of some objects; the feed replays those changes, so the end result is exact.',
    args: {
      first: t.arg.int({ required: false, description: `Number of objects (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` }),
      after: t.arg.string({ required: false, description: 'Continue after this cursor (`pageInfo.endCursor` of the previous page).' }),
      types: t.arg({ type: [ChangeObjectTypeEnum], required: false, description: 'Only objects of these types (all when omitted); use the same types with `changes`.' }),
    },
    resolve: async (_root, args, context, info) => {
      const limit = pageSize(args.first);
      const parsed = args.after == null ? null : parseCursor(args.after);
      if (args.after != null && parsed?.kind !== 'snapshot') throw resyncRequired('UNRECOGNISED_CURSOR', 'after');
      const from: SnapshotPosition = parsed?.kind === 'snapshot' ? parsed.position : { type: -1, id: 0 };
      const types = requestedTypes(args.types);
      const page = snapshotPageSql(from, limit, types);

      const [stateRows, rows, ...objects] = await Promise.all([
        context.db.all<{ key: string | null; head: number }>(headSql()),
        context.db.all<SnapshotEntryRow>(page),
        ...types.map((type) => loadObjects(context, info, type, amongIds(snapshotIdsSql(from, limit, types, type), type), SNAPSHOT_PATHS)),
      ]);
      const state = stateRows[0]!;
      const key = await keyOf(context, state);
      if (parsed && !(await cursorIsGenuine(key, parsed))) throw resyncRequired('UNRECOGNISED_CURSOR', 'after');
      const start: FeedPosition = parsed?.kind === 'snapshot' ? parsed.start : { row: Number(state.head), kind: ROW_DONE, sub: 0 };
      if (start.row > Number(state.head)) throw resyncRequired('CURSOR_AHEAD_OF_DATABASE', 'after');

      const loaded = new Map(types.map((type, index) => [type, objects[index]] as const));
      const edges = await Promise.all(
        rows.slice(0, limit).flatMap((row) => {
          const node = loaded.get(row.entity_type)?.get(Number(row.entity_id));
          if (!node) return [];
          const position = { type: Number(row.type_order), id: Number(row.entity_id) };
          return [encodeCursor(key, { kind: 'snapshot', position, start }).then((cursor) => ({ node, cursor }))];
        }),
      );
      return {
        edges,
        changesCursor: await encodeCursor(key, { kind: 'feed', position: start }),
        pageInfo: {
          hasNextPage: rows.length > limit,
          hasPreviousPage: parsed !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);
