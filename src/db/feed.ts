/**
 * The change feed: every write in commit order, for clients that keep a local copy of the data.
 *
 * The feed is read from `change_history`, whose autoincrement id every write takes inside its own
 * batch (one transaction, one writer at a time), so ids grow in commit order. A feed position is
 * `(history id, kind, link id)`:
 *
 * - kind 0 is the change itself;
 * - kinds 1 and 2 are the memberships and participations of an institution, network or record that
 *   was archived or restored: a link row is visible only while both rows it links are
 *   (src/db/visibility.ts), so such a change shows or hides them without a history row of their own.
 *
 * Cursors carry a position and an HMAC under a random key kept in the database (`app_meta`), so
 * the same cursor works on every instance and after restarts, and a cursor from another database
 * (or an edited one) is recognised as such.
 *
 * Rows the seed writes have no history of their own; `prepareChangeFeed` gives each a CREATE
 * entry, so replaying the feed from the start yields every row.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import { ENTITIES, SEED_ORDER } from './entities';
import { visibleRow } from './visibility';
import { rowJson, WRITABLE_TYPES, type WritableType } from './writes';

/** The feed's types, in the order the snapshot lists them (links after what they link). */
export const FEED_TYPES: readonly WritableType[] = SEED_ORDER;

/** Link rows, the two rows each links, and their feed kind. */
const LINKS = [
  { type: 'NetworkMembership', kind: 1, ends: [['Network', 'network_id'], ['Institution', 'institution_id']] },
  { type: 'Participation', kind: 2, ends: [['CooperationRecord', 'record_id'], ['Institution', 'institution_id']] },
] as const;

/** Kind past every real one: a position that has consumed all entries of its history row. */
export const ROW_DONE = 3;

export interface FeedPosition {
  /** change_history.id */
  row: number;
  kind: number;
  sub: number;
}

export const FEED_START: FeedPosition = { row: 0, kind: ROW_DONE, sub: 0 };

// ---------------------------------------------------------------------------------------------
// Visibility


type RowColumns = { id: SQLiteColumn; archivedAt: SQLiteColumn; networkId?: SQLiteColumn; recordId?: SQLiteColumn; institutionId?: SQLiteColumn };

/** The visibility rule for the current request over a row of `type`; undefined when every row shows. */
function visibleTo(type: WritableType, table: RowColumns): SQL | undefined {
  return visibleRow(ENTITIES[type].key, table);
}

/** The same over a raw alias, for the snapshot's listing. */
function aliasColumns(alias: string): RowColumns {
  const column = (name: string) => sql.raw(`${alias}.${name}`) as unknown as SQLiteColumn;
  return {
    id: column('id'),
    archivedAt: column('archived_at'),
    networkId: column('network_id'),
    recordId: column('record_id'),
    institutionId: column('institution_id'),
  };
}

// ---------------------------------------------------------------------------------------------
// Feed pages

const typeList = (types: readonly WritableType[]) => sql.join(types.map((type) => sql`${type}`), sql`, `);

/**
 * The history id that bounds a page: the (limit + 1)-th row after the position. Every history row
 * yields at least its own entry (before the `types` filter), so a page never needs rows beyond it.
 * NULL when fewer rows remain.
 */
const upperBound = (from: FeedPosition, limit: number) =>
  sql`(SELECT id FROM change_history WHERE id > ${from.row} ORDER BY id LIMIT 1 OFFSET ${limit})`;

/**
 * Entries after `from`, in feed order, at most `limit + 1` (the extra one says a next page exists).
 * Columns: history_id, kind, sub, entity_type, entity_id, version, action, changed_at, cause_type, cause_id.
 */
export function feedPageSql(from: FeedPosition, limit: number, types: readonly WritableType[]): SQL {
  // Every branch reads history by its id range (NOT INDEXED keeps the rowid): SQLite pushes the
  // outer type filter into the branches and, without it, walked a type's whole history through
  // `change_history_entity_version` instead (300k history rows: 52 ms a page, 3.7 ms by range).
  const range = sql`h.id >= ${from.row} AND h.id <= coalesce(${upperBound(from, limit)}, 9223372036854775807)`;
  const linkBranches = LINKS.flatMap((link) =>
    link.ends.map(
      ([endType, column]) => sql`
      SELECT h.id, ${link.kind}, l.id, ${link.type}, l.id, l.version, h.action, h.changed_at, h.entity_type, h.entity_id
      FROM change_history h NOT INDEXED JOIN ${ENTITIES[link.type].table} l ON l.${sql.raw(column)} = h.entity_id
      WHERE ${range} AND h.entity_type = ${endType} AND h.action IN ('ARCHIVE', 'RESTORE')`,
    ),
  );
  return sql`SELECT * FROM (
      SELECT h.id AS history_id, 0 AS kind, 0 AS sub, h.entity_type AS entity_type, h.entity_id AS entity_id, h.version AS version,
             h.action AS action, h.changed_at AS changed_at, NULL AS cause_type, NULL AS cause_id
      FROM change_history h NOT INDEXED WHERE ${range}
      UNION ALL ${sql.join(linkBranches, sql` UNION ALL `)}
    )
    WHERE (history_id, kind, sub) > (${from.row}, ${from.kind}, ${from.sub}) AND entity_type IN (${typeList(types)})
    ORDER BY history_id, kind, sub
    LIMIT ${limit + 1}`;
}

export interface FeedEntryRow {
  history_id: number;
  kind: number;
  sub: number;
  entity_type: WritableType;
  entity_id: number;
  version: number;
  action: 'CREATE' | 'UPDATE' | 'ARCHIVE' | 'RESTORE';
  changed_at: string;
  cause_type: WritableType | null;
  cause_id: number | null;
}

export interface FeedState {
  /** The cursor key; null when the database has none yet. */
  key: string | null;
  /** Latest history id (0 when there is none). */
  head: number;
  /** See `upperBound`. */
  upper: number | null;
}

export function feedStateSql(from: FeedPosition, limit: number): SQL {
  return sql`SELECT (SELECT value FROM app_meta WHERE key = ${FEED_KEY}) AS key,
    coalesce((SELECT max(id) FROM change_history), 0) AS head,
    ${upperBound(from, limit)} AS upper`;
}

/** A row of `type` that belongs to the feed page `pageSql` selected and that the caller may see. */
export const inPage = (pageSql: SQL, type: WritableType) => amongIds(sql`SELECT entity_id FROM (${pageSql}) WHERE entity_type = ${type}`, type);

/** A row of `type` whose id `ids` selects and that the caller may see. */
export function amongIds(ids: SQL, type: WritableType) {
  return (table: RowColumns): SQL => {
    const member = sql`${table.id} IN (${ids})`;
    const visible = visibleTo(type, table);
    return visible ? sql`${member} AND ${visible}` : member;
  };
}

/**
 * Where the next page starts, whether there is one, given a page read with `feedPageSql`.
 * A short page that stopped at the upper bound still has a next page; its cursor moves past the
 * rows it scanned, so entries filtered out by `types` are never scanned twice.
 */
export function nextPosition(
  from: FeedPosition,
  limit: number,
  rows: readonly FeedEntryRow[],
  state: FeedState,
): { position: FeedPosition; hasNextPage: boolean } {
  if (rows.length > limit) {
    const last = rows[limit - 1]!;
    return { position: { row: Number(last.history_id), kind: Number(last.kind), sub: Number(last.sub) }, hasNextPage: true };
  }
  if (state.upper !== null) return { position: { row: Number(state.upper), kind: ROW_DONE, sub: 0 }, hasNextPage: true };
  const head = Number(state.head);
  return { position: head > from.row ? { row: head, kind: ROW_DONE, sub: 0 } : from, hasNextPage: false };
}

// ---------------------------------------------------------------------------------------------
// Snapshot pages

export interface SnapshotPosition {
  /** Index into FEED_TYPES. */
  type: number;
  id: number;
}

/**
 * Objects the caller may see, of the given types, after `from`, by type then id, at most
 * `limit + 1`. Each type after `from` reads its own first rows by key (the type of `from` those
 * past its id; types before it nothing), so a page costs its size whatever the tables hold: a
 * position compared over the union of every type's rows read them all on each page, and a full
 * sync went quadratic (100k records, a page of participations: 345 ms in SQLite).
 */
export function snapshotPageSql(from: SnapshotPosition, limit: number, types: readonly WritableType[]): SQL {
  const branches = snapshotTypes(from, types).map(({ type, order }) => sql`SELECT * FROM (${snapshotBranch(type, order, from, sql`${limit + 1}`)})`);
  if (branches.length === 0) return sql`SELECT 0 AS type_order, '' AS entity_type, 0 AS entity_id WHERE 0`;
  return sql`SELECT * FROM (${sql.join(branches, sql` UNION ALL `)}) ORDER BY type_order, entity_id LIMIT ${limit + 1}`;
}

/** The types a snapshot page lists after `from`, with their place in FEED_TYPES. */
const snapshotTypes = (from: SnapshotPosition, types: readonly WritableType[]) =>
  FEED_TYPES.flatMap((type, order) => (types.includes(type) && order >= from.type ? [{ type, order }] : []));

/** One type's rows on a snapshot page: those the caller may see after `from`, in id order, at most `limit`. */
function snapshotBranch(type: WritableType, order: number, from: SnapshotPosition, limit: SQL): SQL {
  const visible = visibleTo(type, aliasColumns('t')) ?? sql`1 = 1`;
  const after = order === from.type ? sql` AND t.id > ${from.id}` : sql``;
  return sql`SELECT ${order} AS type_order, ${type} AS entity_type, t.id AS entity_id
    FROM ${ENTITIES[type].table} t WHERE ${visible}${after} ORDER BY t.id LIMIT ${limit}`;
}

/**
 * The ids of `type` on the page `snapshotPageSql` lists: the first rows of the type's own branch,
 * as many as the page leaves room for after the types before it (counted up to the page's size).
 * Each type's objects are loaded by these, so a load reads its own branch and at most a page of
 * the types before it, not every type's branch again (eight types, eight loads).
 */
export function snapshotIdsSql(from: SnapshotPosition, limit: number, types: readonly WritableType[], type: WritableType): SQL {
  const listed = snapshotTypes(from, types);
  const own = listed.find((entry) => entry.type === type);
  if (!own) return sql`SELECT 0 WHERE 0`;
  const before = listed.filter((entry) => entry.order < own.order);
  const room =
    before.length === 0
      ? sql`${limit + 1}`
      : sql`max(0, ${limit + 1} - (SELECT count(*) FROM (${sql.join(
          before.map(({ type: earlier, order }) => sql`SELECT * FROM (${snapshotBranch(earlier, order, from, sql`${limit + 1}`)})`),
          sql` UNION ALL `,
        )} LIMIT ${limit + 1})))`;
  return sql`SELECT entity_id FROM (${snapshotBranch(type, own.order, from, room)})`;
}

export interface SnapshotEntryRow {
  type_order: number;
  entity_type: WritableType;
  entity_id: number;
}

export function headSql(): SQL {
  return sql`SELECT (SELECT value FROM app_meta WHERE key = ${FEED_KEY}) AS key, coalesce((SELECT max(id) FROM change_history), 0) AS head`;
}

// ---------------------------------------------------------------------------------------------
// Cursors

const FEED_KEY = 'change_feed_key';

/** Creates the cursor key of this database once. */
function createKeySql(): SQL {
  return sql`INSERT OR IGNORE INTO app_meta (key, value) VALUES (${FEED_KEY}, lower(hex(randomblob(32))))`;
}

/** The key, created on first use when the database was never prepared by this version. */
export async function ensureFeedKey(db: Database): Promise<string> {
  await db.run(createKeySql());
  const [row] = await db.all<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = ${FEED_KEY}`);
  if (!row) throw new Error('The change feed key could not be stored.');
  return row.value;
}

const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

const base64url = {
  encode: (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  decode: (text: string) => atob(text.replace(/-/g, '+').replace(/_/g, '/')),
};

async function sign(secret: string, payload: string): Promise<string> {
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(payload)));
  let hex = '';
  for (const byte of signature.subarray(0, 12)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * MACs already worked out, by key and payload (oldest dropped first). Clients following the feed
 * ask for the same pages and send back the cursors they were given, and each WebCrypto signature
 * costs tens of microseconds: a third of the CPU of a 50-entry page, which signs 51 cursors.
 */
const MAX_KEPT_MACS = 4_096;
const keptMacs = new Map<string, Promise<string>>();

function mac(secret: string, payload: string): Promise<string> {
  const id = `${payload}\u0000${secret}`;
  let kept = keptMacs.get(id);
  if (!kept) {
    kept = sign(secret, payload);
    keptMacs.set(id, kept);
    if (keptMacs.size > MAX_KEPT_MACS) keptMacs.delete(keptMacs.keys().next().value!);
    kept.catch(() => keptMacs.delete(id));
  }
  return kept;
}

/** Cursor kinds: a feed position, and a snapshot position carrying the feed position it started at. */
type CursorBody = { kind: 'feed'; position: FeedPosition } | { kind: 'snapshot'; position: SnapshotPosition; start: FeedPosition };

function payloadOf(body: CursorBody): string {
  return body.kind === 'feed'
    ? `f1:${body.position.row}:${body.position.kind}:${body.position.sub}`
    : `s1:${body.position.type}:${body.position.id}:${body.start.row}:${body.start.kind}:${body.start.sub}`;
}

export async function encodeCursor(secret: string, body: CursorBody): Promise<string> {
  const payload = payloadOf(body);
  return base64url.encode(`${payload}:${await mac(secret, payload)}`);
}

const INTEGER = /^(0|[1-9]\d{0,15})$/;

/** Reads a cursor's position without checking it (that needs the key, read with the page). */
export function parseCursor(cursor: string): (CursorBody & { payload: string; mac: string }) | null {
  if (cursor.length > 200) return null;
  let text: string;
  try {
    text = base64url.decode(cursor);
  } catch {
    return null;
  }
  const parts = text.split(':');
  const signature = parts.pop() ?? '';
  if (!/^[0-9a-f]{24}$/.test(signature) || !parts.slice(1).every((part) => INTEGER.test(part))) return null;
  const numbers = parts.slice(1).map(Number);
  const payload = parts.join(':');
  if (parts[0] === 'f1' && numbers.length === 3) {
    const [row, kind, sub] = numbers as [number, number, number];
    if (kind > ROW_DONE) return null;
    return { kind: 'feed', position: { row, kind, sub }, payload, mac: signature };
  }
  if (parts[0] === 's1' && numbers.length === 5) {
    const [type, id, row, kind, sub] = numbers as [number, number, number, number, number];
    if (type >= FEED_TYPES.length || kind > ROW_DONE) return null;
    return { kind: 'snapshot', position: { type, id }, start: { row, kind, sub }, payload, mac: signature };
  }
  return null;
}

/** Whether a parsed cursor was issued by the database holding `secret`. */
export async function cursorIsGenuine(secret: string, parsed: { payload: string; mac: string }): Promise<boolean> {
  const expected = await mac(secret, parsed.payload);
  // Constant-time comparison: the strings have the same length.
  let difference = 0;
  for (let index = 0; index < expected.length; index++) difference |= expected.charCodeAt(index) ^ parsed.mac.charCodeAt(index);
  return difference === 0;
}

// ---------------------------------------------------------------------------------------------
// Preparation

/**
 * Rows of one type given their creation entries per statement. The statement reads the history it
 * writes to, so SQLite holds its whole result before inserting it: over a data set of 100k records
 * with long texts loaded in one go, one statement per type held ~450 MB at the server's start (and
 * the process kept it). Ranges of ids bound that to a range's snapshots.
 */
const CREATION_ENTRIES_PER_STATEMENT = 1000;

/**
 * Creates the cursor key, and gives every row without a creation entry (the seed's rows) one, so
 * the feed from the start covers them. Idempotent. A seeded row edited before this ran gets the
 * state before its first edit as the creation's `after`. One round trip for the highest ids, one
 * for every statement (a transaction): a remote database is not asked once per range.
 */
export async function prepareChangeFeed(db: Database): Promise<void> {
  const highest = await db.get<Record<string, number>>(
    sql`SELECT ${sql.join(
      WRITABLE_TYPES.map((type) => sql`(SELECT coalesce(max(id), 0) FROM ${ENTITIES[type].table}) AS ${sql.identifier(type)}`),
      sql`, `,
    )}`,
  );
  const creations = WRITABLE_TYPES.flatMap((type) => {
    const ranges: [number, number][] = [];
    for (let low = 0; low < Number(highest?.[type] ?? 0); low += CREATION_ENTRIES_PER_STATEMENT) ranges.push([low, low + CREATION_ENTRIES_PER_STATEMENT]);
    return ranges.map(([low, high]) =>
      db.run(sql`INSERT INTO change_history (operation_id, entity_type, entity_id, version, action, actor_key_id, actor_name, changed_at, before, after)
        SELECT 'seed:' || ${type} || ':' || t.id, ${type}, t.id, 1, 'CREATE', NULL, 'seed', t.created_at, NULL,
          coalesce(
            (SELECT later.before FROM change_history later WHERE later.entity_type = ${type} AND later.entity_id = t.id AND later.version = 2),
            ${rowJson(type, 't')}
          )
        FROM ${ENTITIES[type].table} t
        WHERE t.id > ${low} AND t.id <= ${high}
          AND NOT EXISTS (SELECT 1 FROM change_history h WHERE h.entity_type = ${type} AND h.entity_id = t.id AND h.version = 1)
        ORDER BY t.id`),
    );
  });
  await db.batch([db.run(createKeySql()), ...creations]);
}
