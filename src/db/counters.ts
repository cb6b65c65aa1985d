/**
 * Counters of live rows, so that unfiltered statistics read a few rows instead of counting every
 * row on each request (100k records: ~10 ms per grouped count, growing with the data).
 *
 * What is counted derives from the entity registry: each entity with a `total`, `groupings` or
 * `tallies` gets its total, its grouping and tallied columns, and its tallied link tables. The
 * counts live in `live_counts` and are kept by triggers inside the database, so every write path
 * (mutations, archive and restore, the seed, imports, hand-written SQL) keeps them right without
 * knowing about them — all but SQL's `REPLACE`, whose implicit deletes fire no triggers (while
 * `recursive_triggers` is off, as it is here); the app never uses it, and removing the stored
 * fingerprint has the next start count everything again.
 *
 * `prepareCounters` installs the triggers and recounts everything in one transaction, once per
 * definition and again whenever one of its triggers is gone: the definition's fingerprint is
 * stored in `app_meta`. Reads check that fingerprint inside their own statement and count rows
 * instead while it differs (a database migrated by an older version, or never prepared), so a
 * stale or missing installation is slow, never wrong.
 */
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { is, SQL, sql, type SQLWrapper } from 'drizzle-orm';
import type { Database } from './client';
import { quoteString } from './json-read';
import {
  ENTITIES,
  WRITABLE_TYPES,
  type EntityTallies,
  type TalliedLink,
  type TalliedMemberSet,
  type TalliedTuple,
  type WritableType,
} from './entities';
import { BoundValue, derived, type CountedTerm } from './filters';

/**
 * What live rows are counted by: a column (a bucket per value), a link table (a bucket per value
 * its rows give), or a pair of columns: a dimension per value of `outer` (`<outer>=<value>/<inner>`,
 * see `pairDimension`), a bucket per value of `inner` within it — so a range of the inner column
 * within some values of the outer one is a few index seeks. A link pair is the same with a link's
 * value as the outer one (`country=CN/kind`): the rows with that value linked, per value of one of
 * their columns. A tuple is a pair with several outer columns (enums), after a link's value where it has a link:
 * a dimension per combination of their values (`country+kind+status=CN+EVENT+PLANNED/year`, see
 * `tupleDimension`), a bucket per value of `inner` — so a filter on any of those columns, one
 * value of the link and a range of the inner column is a seek per combination of the values it
 * lists (all of a column's values where it lists none). A member set counts each row once, in the
 * bucket of the members its link rows hold (`<name>`, bucket a bit mask over the member column's
 * enum values), and per value of some of its columns within each set (`<name>=<mask>/<column>`):
 * rows holding any of some members are a sum over the buckets that hold one (see `memberSetSum`).
 * Kept per value of a link column (an institution), a row counts once per value its link rows
 * give, in the bucket of the members they hold with it (`<name>=<value>/<member>`, and
 * `<name>=<value>+<mask>/<column>`): one value's rows, with any members or some of them, are a sum
 * over at most 2^members buckets, and its link rows too (see `valueSetSum`).
 */
type Dimension =
  | { name: string; column: SQLiteColumn; prefix?: number }
  | { name: string; link: TalliedLink }
  | { name: string; pair: { outer: { name: string; column: SQLiteColumn }; inner: { name: string; column: SQLiteColumn } } }
  | { name: string; linkPair: { outer: { name: string; link: TalliedLink }; inner: { name: string; column: SQLiteColumn } } }
  | { name: string; tuple: CountedTuple }
  | { name: string; memberSet: MemberSet };

/** A tallied tuple as counted (see `TalliedTuple`): its link, its enum columns with their values, and its inner column. */
interface CountedTuple {
  link?: { name: string; link: TalliedLink };
  columns: { name: string; column: SQLiteColumn; values: readonly string[] }[];
  inner: { name: string; column: SQLiteColumn };
}

/**
 * A tallied member set as counted (see `TalliedMemberSet`): table and column names, the member
 * column's values (bit i of a bucket: the i-th is held), whether its link rows have a liveness of
 * their own, and the owner's columns it is counted by as well.
 */
interface MemberSet {
  source: TalliedMemberSet;
  table: string;
  owner: string;
  member: string;
  /** The member column's values (bit i of a bucket: the i-th is held); none for a set listed as text. */
  members: readonly string[];
  /**
   * The set is listed as text, a JSON array of the members held in order (`["BR","CN"]`), not as
   * bits: for a member column with no short list of values (a country's code).
   */
  textual: boolean;
  live: boolean;
  via?: { column: string; table: string };
  /** The link column the sets are kept per value of, if any. */
  value?: string;
  /**
   * The owner's columns the sets are counted by: one each, then those counted together (a bucket
   * per combination, their values as a JSON array), whose dimensions lie apart (`<name>#…`).
   */
  inner: InnerColumns[];
  /**
   * The owner's tallied links the sets are counted by too: each alone, then each with the
   * columns counted together (`together`: a dimension per link value, `<name>!<set>/<a>+<b>…+<link>=<value>`,
   * the columns' values as a JSON array its bucket).
   */
  links: { name: string; link: TalliedLink; together?: InnerColumns }[];
}

/** Columns of a member set's owner its sets are counted by: one, or several together. */
interface InnerColumns {
  name: string;
  columns: readonly SQLiteColumn[];
}

/** The owner's value of inner columns, for the bucket: the column's, or a JSON array of several. */
const innerValue = (inner: InnerColumns, ref: string) =>
  inner.columns.length === 1 ? `${ref}.${ident(inner.columns[0]!.name)}` : `json_array(${inner.columns.map((column) => `${ref}.${ident(column.name)}`).join(', ')})`;

/** The mark after a member set's name in the dimensions of its inner columns: several together lie apart from single ones. */
const innerMark = (inner: InnerColumns) => (inner.columns.length === 1 ? '=' : '#');

/** The mark of a member set's dimensions of a link with the columns together, apart from both. */
const LINKED_TOGETHER = '!';

interface CountedEntity {
  key: string;
  table: string;
  dimensions: Dimension[];
  /** Counted columns of spans: `last` holds a value at or after `start` wherever `start` does. */
  spans: { start: SQLiteColumn; last: SQLiteColumn }[];
}

const APP_META_KEY = 'live_counts';

/** The stored definition's value once a row came back under an id its link rows name (see `triggersOf`): no fingerprint, so stale. */
const STALE_RELINKED = 'stale: a row was written back under an id its link rows name';
const TRIGGER_PREFIX = 'live_counts_';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const tableName = (table: SQLiteTable) => getTableConfig(table).name;

/** The entities counted and what they are counted by, from the registry. */
function countedEntities(): CountedEntity[] {
  return WRITABLE_TYPES.flatMap((type: WritableType) => {
    const entity = ENTITIES[type] as {
      key: string;
      table: SQLiteTable;
      total?: string;
      groupings?: Record<string, unknown>;
      tallies?: EntityTallies;
    };
    const columns = entity.table as unknown as Record<string, SQLiteColumn>;
    const columnNames = [...Object.keys(entity.groupings ?? {}), ...(entity.tallies?.columns ?? [])];
    const columnOf = (name: string) => {
      const column = columns[name];
      if (!column) throw new Error(`${type} has no column ${name} to count by`);
      return column;
    };
    const dimensions: Dimension[] = [
      ...columnNames.map((name) => ({ name, column: columnOf(name) })),
      // A span's date columns are counted by year and by month too (`<name>:4`, `<name>:7`): a
      // range of dates is then a few year, month and day buckets summed (see `dateRangeSum`).
      ...[...new Set((entity.tallies?.spans ?? []).flat())].flatMap((name) => DATE_PREFIXES.map((prefix) => ({ name: `${name}:${prefix}`, column: columnOf(name), prefix }))),
      ...Object.entries(entity.tallies?.links ?? {}).map(([name, link]) => ({ name, link })),
      ...(entity.tallies?.pairs ?? []).map(([outer, inner]) => ({
        name: `${outer}/${inner}`,
        pair: { outer: { name: outer, column: columnOf(outer) }, inner: { name: inner, column: columnOf(inner) } },
      })),
      ...(entity.tallies?.linkPairs ?? []).map(([outer, inner]) => {
        const link = entity.tallies?.links?.[outer];
        if (!link) throw new Error(`${type} has no tallied link ${outer} to pair`);
        return { name: `${outer}/${inner}`, linkPair: { outer: { name: outer, link }, inner: { name: inner, column: columnOf(inner) } } };
      }),
    ];
    dimensions.push(...(entity.tallies?.tuples ?? []).map((tuple) => tupleOf(type, tuple, entity.tallies?.links ?? {}, columnOf)));
    dimensions.push(...Object.entries(entity.tallies?.memberSets ?? {}).map(([name, set]) => ({ name, memberSet: memberSetOf(type, set, columnOf, entity.tallies?.links ?? {}) })));
    if (entity.total === undefined && dimensions.length === 0) return [];
    const spans = (entity.tallies?.spans ?? []).map(([start, last]) => ({ start: columnOf(start), last: columnOf(last) }));
    return [{ key: entity.key, table: tableName(entity.table), dimensions, spans }];
  });
}

/**
 * A tuple as counted. Refused unless each of its columns is an enum that is never null: a filter
 * that leaves one out is summed over every value the column can hold.
 */
function tupleOf(type: WritableType, tuple: TalliedTuple, links: Readonly<Record<string, TalliedLink>>, columnOf: (name: string) => SQLiteColumn): Dimension {
  const link = tuple.link === undefined ? undefined : links[tuple.link];
  if (tuple.link !== undefined && !link) throw new Error(`${type} has no tallied link ${tuple.link} for a tuple`);
  const columns = tuple.columns.map((name) => {
    const column = columnOf(name);
    const values = (column as { enumValues?: readonly string[] }).enumValues;
    if (!values || values.length === 0 || !column.notNull) throw new Error(`${type}: ${name} is not an enum that is never null, as a tuple's columns must be`);
    return { name, column, values };
  });
  const names = [...(tuple.link === undefined ? [] : [tuple.link]), ...tuple.columns];
  return {
    name: `${names.join('+')}/${tuple.inner}`,
    tuple: { link: link && { name: tuple.link!, link }, columns, inner: { name: tuple.inner, column: columnOf(tuple.inner) } },
  };
}

/** A member set as counted. Refused unless its members are an enum of at most 30 values (a bucket's bits). */
function memberSetOf(type: WritableType, set: TalliedMemberSet, columnOf: (name: string) => SQLiteColumn, links: Readonly<Record<string, TalliedLink>>): MemberSet {
  const config = getTableConfig(set.table);
  const enumValues = (set.member as { enumValues?: readonly string[] }).enumValues;
  // An enum of at most 30 values is held as bits; any other member column as text.
  const textual = !enumValues || enumValues.length === 0 || enumValues.length > 30;
  // A set kept per value counts its members by their bits (`valueSetSum`'s link rows).
  if (textual && set.value) throw new Error(`${type}: a set of ${set.member.name} is listed as text, which is not kept per value`);
  const hasLiveness = (table: SQLiteTable) => getTableConfig(table).columns.some((column) => column.name === 'archived_at');
  if (set.via && !hasLiveness(set.via.table)) throw new Error(`${type}: ${tableName(set.via.table)} has no archived_at to follow`);
  if ((set.links ?? []).some((name) => links[name]?.table === set.table)) throw new Error(`${type}: a member set is not counted by its own link table`);
  if (set.via && set.value) throw new Error(`${type}: a member set kept per value leaves the value's liveness to its readers, not to \`via\``);
  const together = set.together && { name: set.together.join('+'), columns: set.together.map(columnOf) };
  const linked = (set.links ?? []).map((name) => {
    const link = links[name];
    if (!link) throw new Error(`${type} has no tallied link ${name} for a member set`);
    return { name, link };
  });
  const singles = set.inner.map((name) => ({ name, columns: [columnOf(name)] }));
  const linkedSingles = (set.linkedColumns ?? []).flatMap((name) => {
    const single = singles.find((candidate) => candidate.name === name);
    if (!single) throw new Error(`${type}: a member set counts ${name} with its links only among its inner columns`);
    return linked.map(({ name: linkName, link }) => ({ name: `${name}+${linkName}`, link, together: single }));
  });
  return {
    source: set,
    table: config.name,
    owner: set.owner.name,
    member: set.member.name,
    members: textual ? [] : enumValues!,
    textual,
    live: hasLiveness(set.table),
    via: set.via && { column: set.via.column.name, table: tableName(set.via.table) },
    value: set.value?.name,
    inner: [...singles, ...(together ? [together] : [])],
    links: [...linked, ...(together ? linked.map(({ name, link }) => ({ name: `${together.name}+${name}`, link, together })) : []), ...linkedSingles],
  };
}

// ---------------------------------------------------------------------------------------------
// Triggers

const UPSERT = 'ON CONFLICT (entity, dimension, bucket) DO UPDATE SET count = count + excluded.count';

/** A stored value as a bucket: nulls become '' (no counted column holds an empty text). */
const bucketOf = (expression: string) => `ifnull(${expression}, '')`;

/** The lengths of a date's year and month (`2024`, `2024-05`), by which span columns are counted as well. */
const DATE_PREFIXES = [4, 7] as const;

/** A column dimension's value in a row (`ref` a row alias): the column, or its leading characters. */
const columnValue = (dimension: { column: SQLiteColumn; prefix?: number }, ref: string) =>
  dimension.prefix ? `substr(${ref}.${ident(dimension.column.name)}, 1, ${dimension.prefix})` : `${ref}.${ident(dimension.column.name)}`;

type PairDimension = Extract<Dimension, { pair: unknown }>;
type LinkPairDimension = Extract<Dimension, { linkPair: unknown }>;

/**
 * The stored dimension `<outer>=<value>/<inner>` of a pair, link pair or member set kept per value, for a value of
 * its outer column or link: in SQL over an expression, or as text for a given value.
 */
const scopedDimension = (outer: string, value: string, inner: string) => `${quoteString(`${outer}=`)} || ${value} || ${quoteString(`/${inner}`)}`;
const scopedDimensionText = (outer: string, value: unknown, inner: string) => `${outer}=${String(value)}/${inner}`;

/** The stored dimension of a pair (or link pair) for a value of its outer column (an SQL expression). */
const pairDimension = (dimension: PairDimension | LinkPairDimension, outerValue: string) => {
  const { outer, inner } = 'pair' in dimension ? dimension.pair : dimension.linkPair;
  return scopedDimension(outer.name, outerValue, inner.name);
};

type TupleDimension = Extract<Dimension, { tuple: unknown }>;

/**
 * The stored dimension of a tuple for the row `ref` (and, with a link, the link's value, an SQL
 * expression): `<names>=<values>/<inner>`, names and values joined by `+`. The names' `+` keeps
 * these dimensions out of a range of one column's pairs (`kind=` … `kind>`).
 */
const tupleDimension = (dimension: TupleDimension, ref: string, linkValue?: string) => {
  const { link, columns } = dimension.tuple;
  const values = [...(link ? [bucketOf(linkValue!)] : []), ...columns.map((column) => bucketOf(`${ref}.${ident(column.column.name)}`))];
  const [names, inner] = dimension.name.split('/');
  return `${quoteString(`${names}=`)} || ${values.join(` || '+' || `)} || ${quoteString(`/${inner}`)}`;
};

/** Adds `sign` to the total and the column buckets of the row `ref` (new/old), when `when` holds. */
function columnBumps(entity: CountedEntity, ref: 'new' | 'old', sign: 1 | -1, when: string): string {
  const rows = [
    `SELECT ${quoteString(entity.key)} AS entity, '' AS dimension, '' AS bucket, ${sign} AS count`,
    ...entity.dimensions.flatMap((dimension) => {
      if ('column' in dimension) return [`SELECT ${quoteString(entity.key)}, ${quoteString(dimension.name)}, ${bucketOf(columnValue(dimension, ref))}, ${sign}`];
      if ('pair' in dimension) {
        const { outer, inner } = dimension.pair;
        return [
          `SELECT ${quoteString(entity.key)}, ${pairDimension(dimension, bucketOf(`${ref}.${ident(outer.column.name)}`))}, ${bucketOf(`${ref}.${ident(inner.column.name)}`)}, ${sign}`,
        ];
      }
      if ('tuple' in dimension && !dimension.tuple.link) {
        return [`SELECT ${quoteString(entity.key)}, ${tupleDimension(dimension, ref)}, ${bucketOf(`${ref}.${ident(dimension.tuple.inner.column.name)}`)}, ${sign}`];
      }
      return [];
    }),
  ];
  return `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT * FROM (${rows.join(' UNION ALL ')}) WHERE ${when} ${UPSERT};`;
}

/** Adds `sign` to the buckets of every link row of the owner `ownerId`, when `when` holds. */
function linkBumps(entity: CountedEntity, ownerId: string, sign: 1 | -1, when: string): string[] {
  return entity.dimensions.flatMap((dimension) => {
    if (!('link' in dimension)) return [];
    const { table, owner, value } = dimension.link;
    return [
      `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${quoteString(dimension.name)}, ${bucketOf(`l.${ident(value.name)}`)}, ${sign} FROM ${ident(tableName(table))} l WHERE l.${ident(owner.name)} = ${ownerId} AND ${when} ${UPSERT};`,
    ];
  });
}

/**
 * Adds `sign` to the link-pair and linked tuple buckets of every link row of the owner row `ref`
 * (its values as `ref` holds them), when `when` holds.
 */
function linkPairBumps(entity: CountedEntity, ref: 'new' | 'old', sign: 1 | -1, when: (dimension: LinkPairDimension | TupleDimension) => string): string[] {
  return entity.dimensions.flatMap((dimension) => {
    if ('tuple' in dimension && dimension.tuple.link) {
      const { table, owner, value } = dimension.tuple.link.link;
      return [
        `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${tupleDimension(dimension, ref, `l.${ident(value.name)}`)}, ${bucketOf(
          `${ref}.${ident(dimension.tuple.inner.column.name)}`,
        )}, ${sign} FROM ${ident(tableName(table))} l WHERE l.${ident(owner.name)} = ${ref}.id AND ${when(dimension)} ${UPSERT};`,
      ];
    }
    if (!('linkPair' in dimension)) return [];
    const { outer, inner } = dimension.linkPair;
    const { table, owner, value } = outer.link;
    return [
      `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${pairDimension(dimension, bucketOf(`l.${ident(value.name)}`))}, ${bucketOf(
        `${ref}.${ident(inner.column.name)}`,
      )}, ${sign} FROM ${ident(tableName(table))} l WHERE l.${ident(owner.name)} = ${ref}.id AND ${when(dimension)} ${UPSERT};`,
    ];
  });
}

const live = (ref: 'new' | 'old') => `${ref}.archived_at IS NULL`;

/** The owner's columns a link pair or linked tuple counts its link rows by. */
const ownerColumns = (dimension: LinkPairDimension | TupleDimension): string[] =>
  'tuple' in dimension ? [...dimension.tuple.columns.map((column) => column.column.name), dimension.tuple.inner.column.name] : [dimension.linkPair.inner.column.name];

/** Whether an update moves the row between a link pair's (or linked tuple's) buckets: its liveness or a counted column changed. */
const pairMoved = (dimension: LinkPairDimension | TupleDimension) =>
  ['archived_at', ...ownerColumns(dimension)].map((column) => `old.${ident(column)} IS NOT new.${ident(column)}`).join(' OR ');

/** The bit of the member (of `members`, in column `column`) that the row `ref` holds (0 for none). */
const bitOfMember = (column: string, members: readonly string[], ref: string) =>
  `(CASE ${ref}.${ident(column)} ${members.map((member, index) => `WHEN ${quoteString(member)} THEN ${2 ** index}`).join(' ')} ELSE 0 END)`;

type MemberSetDimension = Extract<Dimension, { memberSet: unknown }>;

/** A liveness assumed for one row of a member set's `via` table: its id and whether it was live (SQL expressions). */
interface AssumedLiveness {
  id: string;
  live: string;
}

/**
 * Whether the link row `ref` counts in its member set: not archived (where link rows can be) and,
 * with `via`, the row it names there not archived either — as `assumed` says for that one row (its
 * liveness before a write, in a trigger that runs after it).
 */
function setRowCounts(set: MemberSet, ref: string, assumed?: AssumedLiveness): string {
  const conditions = set.live ? [`${ref}.archived_at IS NULL`] : [];
  if (set.via) {
    const named = `${ref}.${ident(set.via.column)}`;
    const stored = `EXISTS (SELECT 1 FROM ${ident(set.via.table)} v WHERE v.id = ${named} AND v.archived_at IS NULL)`;
    conditions.push(assumed ? `(CASE WHEN ${named} = ${assumed.id} THEN ${assumed.live} ELSE ${stored} END)` : stored);
  }
  return conditions.length > 0 ? conditions.join(' AND ') : 'true';
}

/**
 * A member set's members held by the link rows `h`: distinct bits summed (several rows may hold
 * one member), or, listed as text, the distinct members in order as a JSON array (an aggregate
 * `ORDER BY`: SQLite 3.44 or later, see README).
 */
const heldMask = (set: MemberSet) =>
  set.textual ? `json_group_array(DISTINCT h.${ident(set.member)} ORDER BY h.${ident(set.member)})` : `coalesce(sum(DISTINCT ${bitOfMember(set.member, set.members, 'h')}), 0)`;

/** The set that holds no member. */
const emptySet = (set: MemberSet) => (set.textual ? `'[]'` : '0');

/** The member the link row `ref` holds, as the set adds it (`heldSet`'s `plus`): its bit, or its value (null for none). */
const memberOf = (set: MemberSet, ref: string) => (set.textual ? `${ref}.${ident(set.member)}` : bitOfMember(set.member, set.members, ref));

/** No member, as `memberOf` gives one. */
const noMember = (set: MemberSet) => (set.textual ? 'NULL' : '0');

/**
 * The members the owner `owner` holds through its counted link rows (with the value `value`, for a
 * set kept per value), as a bit mask — now, or as before a write: the written row `except` (its
 * rowid) left out, the bit `plus` added (of the row it replaced), a `via` row's liveness `assumed`.
 */
function heldSet(set: MemberSet, owner: string, value: string, before: { except?: string; plus?: string; assumed?: AssumedLiveness } = {}): string {
  const ofValue = set.value ? ` AND h.${ident(set.value)} = ${value}` : '';
  const except = before.except ? ` AND h.rowid <> ${before.except}` : '';
  const held = `(SELECT ${heldMask(set)} FROM ${ident(set.table)} h WHERE h.${ident(set.owner)} = ${owner}${ofValue}${except} AND ${setRowCounts(set, 'h', before.assumed)})`;
  if (!before.plus) return held;
  return set.textual
    ? `(SELECT json_group_array(DISTINCT value ORDER BY value) FROM (SELECT value FROM json_each(${held}) UNION ALL SELECT ${before.plus} AS value WHERE ${before.plus} IS NOT NULL))`
    : `(${held} | ${before.plus})`;
}

/**
 * The stored dimensions of a member set as rows `d (i, n)` — its own (`i` 0), then one per inner
 * column and one per link (`n` its name) — joined to the link rows of the owner `owner` (as
 * `l<i>`) where `d` is a link's: an owner has a row per dimension, and per link row in a link's.
 */
function setDimensions(set: MemberSet, owner: string): string {
  const names = [...set.inner, ...set.links].map((one, index) => ` UNION ALL SELECT ${index + 1}, ${quoteString(one.name)}`).join('');
  const joins = set.links.map(({ link }, index) => {
    const i = set.inner.length + 1 + index;
    return ` LEFT JOIN ${ident(tableName(link.table))} l${i} ON d.i = ${i} AND l${i}.${ident(link.owner.name)} = ${owner}`;
  });
  return `(SELECT 0 AS i, '' AS n${names}) d${joins.join('')}`;
}

/** Rows of `setDimensions` to keep: a link's dimension only where the owner has a link row. */
const setRowsKept = (set: MemberSet) =>
  set.links
    .map(({ link }, index) => {
      const i = set.inner.length + 1 + index;
      return ` AND (d.i <> ${i} OR l${i}.${ident(link.owner.name)} IS NOT NULL)`;
    })
    .join('');

/**
 * Where an owner holding the set `mask` (with the value `value`, for a set kept per value) goes in
 * the dimension row `d` of `setDimensions`: the set's own dimension (`<name>`, or
 * `<name>=<value>/<member>`), bucket the mask; or `<name>=<mask>/<column>` (`<name>=<value>+<mask>/<column>`),
 * bucket the owner's inner column (`inner(index)`, as SQL).
 */
/** The scope of a member set's dimensions within one set `mask` (and value `value`, for a set kept per value): `<name>=<mask>` or `<name>=<value>+<mask>`. */
const setScope = (dimension: MemberSetDimension, mask: string, value: string, mark = '=') =>
  dimension.memberSet.value ? `${quoteString(`${dimension.name}${mark}`)} || ${value} || '+' || ${mask}` : `${quoteString(`${dimension.name}${mark}`)} || ${mask}`;

function setPlacement(dimension: MemberSetDimension, mask: string, value: string, inner: (index: number, columns: InnerColumns) => string) {
  const { name, memberSet: set } = dimension;
  const own = set.value ? scopedDimension(name, value, set.member) : quoteString(name);
  const scope = setScope(dimension, mask, value);
  const apart = set.inner.flatMap((columns, index) =>
    innerMark(columns) === '=' ? [] : [` WHEN ${index + 1} THEN ${setScope(dimension, mask, value, innerMark(columns))} || '/' || d.n`],
  );
  // A link with the columns together: a dimension per link value, the columns' array its bucket.
  const linked = set.links.map(({ link, together }, index) => {
    const i = set.inner.length + 1 + index;
    return ` WHEN ${i} THEN ${bucketOf(together ? inner(set.inner.indexOf(together), together) : `l${i}.${ident(link.value.name)}`)}`;
  });
  set.links.forEach(({ link, together }, index) => {
    const i = set.inner.length + 1 + index;
    if (together) apart.push(` WHEN ${i} THEN ${setScope(dimension, mask, value, LINKED_TOGETHER)} || '/' || d.n || '=' || l${i}.${ident(link.value.name)}`);
  });
  return {
    dimension: `CASE d.i WHEN 0 THEN ${own}${apart.join('')} ELSE ${scope} || '/' || d.n END`,
    bucket: `CASE d.i WHEN 0 THEN ${mask}${set.inner.map((column, index) => ` WHEN ${index + 1} THEN ${bucketOf(inner(index, column))}`).join('')}${linked.join('')} END`,
  };
}

/**
 * Moves each live owner among `units` (a query of `id, v` rows: owners, with a value for a set kept
 * per value, each once) from the buckets of the set it held before a write (`before`, over its row
 * `o` and its unit `w`) to those of the set it holds now, where the two differ: -1 and +1 in the
 * set's own dimension and in each inner column's, an empty set left out.
 */
function memberSetMove(entity: CountedEntity, dimension: MemberSetDimension, units: string, before: string): string {
  const set = dimension.memberSet;
  const inner = set.inner.map((columns, index) => `, ${innerValue(columns, 'o')} AS c${index + 1}`).join('');
  // A LIMIT keeps SQLite from flattening it into the join below, which would work out each
  // owner's two sets once per use there.
  const sets = `(SELECT ${before} AS b, ${heldSet(set, 'o.id', 'w.v')} AS a, w.v AS v, o.id AS id${inner} FROM (${units}) w JOIN ${ident(
    entity.table,
  )} o ON o.id = w.id WHERE o.archived_at IS NULL LIMIT -1)`;
  const placed = setPlacement(dimension, 's.m', 's.v', (index) => `s.c${index + 1}`);
  // The owners' sets in the outer loop (CROSS JOIN keeps the order), read once: as an inner loop
  // SQLite re-ran them per dimension and sign (an institution archived in 10k of 100k records:
  // 1.3 s → 0.1–0.3 s). Summed per bucket before they are written.
  return `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${placed.dimension}, ${placed.bucket}, sum(s.sign) FROM (SELECT x.*, CASE k.n WHEN 0 THEN x.b ELSE x.a END AS m, CASE k.n WHEN 0 THEN -1 ELSE 1 END AS sign FROM ${sets} x CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1) k WHERE x.b <> x.a) s CROSS JOIN ${setDimensions(
    set,
    's.id',
  )} WHERE s.m <> ${emptySet(set)}${setRowsKept(set)} GROUP BY 2, 3 HAVING sum(s.sign) <> 0 ${UPSERT};`;
}

/**
 * The sets the link rows `h` that meet `where` hold, as rows `v, m` (a value and its mask, per
 * owner and value for a set kept per value; else per owner, value null) with `columns` beside
 * them: an aggregate, so SQLite works it out once where it is read.
 */
function heldSets(set: MemberSet, from: string, where: string, columns = ''): string {
  const value = set.value ? `h.${ident(set.value)}` : 'NULL';
  return `SELECT ${value} AS v, ${heldMask(set)} AS m${columns} FROM ${ident(set.table)} h${from} WHERE ${where} AND ${setRowCounts(set, 'h')} GROUP BY h.${ident(set.owner)}${
    set.value ? `, ${value}` : ''
  }`;
}

/** Adds `sign` to the buckets of the sets the owner row `ref` holds (its inner columns as `ref` holds them), when `when` holds. */
function memberSetBumps(entity: CountedEntity, ref: 'new' | 'old', sign: 1 | -1, when: string): string[] {
  return entity.dimensions.flatMap((dimension) => {
    if (!('memberSet' in dimension)) return [];
    const placed = setPlacement(dimension, 's.m', 's.v', (_index, columns) => innerValue(columns, ref));
    return [
      `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${placed.dimension}, ${placed.bucket}, ${sign} FROM (${heldSets(
        dimension.memberSet,
        '',
        `h.${ident(dimension.memberSet.owner)} = ${ref}.id`,
      )}) s CROSS JOIN ${setDimensions(dimension.memberSet, `${ref}.id`)} WHERE s.m <> ${emptySet(dimension.memberSet)}${setRowsKept(dimension.memberSet)} AND ${when} ${UPSERT};`,
    ];
  });
}

/**
 * The triggers a member set needs on its link table and its `via` table: a write there moves the
 * owners it touches from the set they held before it to the one they hold after it. The link
 * table's rows before a write are those after it less the written row, plus the row it replaced;
 * a `via` row's liveness before a write is its old one.
 */
function memberSetTriggers(entity: CountedEntity, dimension: MemberSetDimension): { name: string; sql: string }[] {
  const set = dimension.memberSet;
  const name = (table: string, suffix: string) => `${TRIGGER_PREFIX}${table}_${dimension.name}_${suffix}`;
  const [link, owner] = [ident(set.table), ident(set.owner)];
  const move = (units: string, before: string) => memberSetMove(entity, dimension, units, before);
  const valueOf = (ref: string) => (set.value ? `${ref}.${ident(set.value)}` : 'NULL');
  const unit = (ref: 'new' | 'old') => `SELECT ${ref}.${owner} AS id, ${valueOf(ref)} AS v`;
  const sameUnit = `old.${owner} = o.id${set.value ? ` AND ${valueOf('old')} = w.v` : ''}`;
  const replaced = `(CASE WHEN ${sameUnit} AND ${setRowCounts(set, 'old')} THEN ${memberOf(set, 'old')} ELSE ${noMember(set)} END)`;
  const watched = [set.owner, set.member, ...(set.value ? [set.value] : []), ...(set.live ? ['archived_at'] : []), ...(set.via ? [set.via.column] : [])]
    .map((column) => `old.${ident(column)} IS NOT new.${ident(column)}`)
    .join(' OR ');
  const rowLive = (ref: 'new' | 'old') => (set.live ? `${ref}.archived_at IS NULL` : 'true');
  const triggers = [
    {
      name: name(set.table, 'insert'),
      sql: `CREATE TRIGGER ${ident(name(set.table, 'insert'))} AFTER INSERT ON ${link} WHEN ${rowLive('new')} BEGIN ${move(
        unit('new'),
        heldSet(set, 'o.id', 'w.v', { except: 'new.rowid' }),
      )} END`,
    },
    {
      name: name(set.table, 'update'),
      sql: `CREATE TRIGGER ${ident(name(set.table, 'update'))} AFTER UPDATE ON ${link} WHEN ${watched} BEGIN ${move(
        `${unit('old')} UNION ${unit('new')}`,
        heldSet(set, 'o.id', 'w.v', { except: 'new.rowid', plus: replaced }),
      )} END`,
    },
    {
      name: name(set.table, 'delete'),
      sql: `CREATE TRIGGER ${ident(name(set.table, 'delete'))} AFTER DELETE ON ${link} WHEN ${rowLive('old')} BEGIN ${move(
        unit('old'),
        heldSet(set, 'o.id', 'w.v', { plus: replaced }),
      )} END`,
    },
  ];
  // The owner's link rows: each adds its value's bucket within each set the owner holds (and,
  // with the columns together, its columns' bucket in the dimension of its value).
  for (const table of new Set(set.links.map(({ link }) => tableName(link.table)))) {
    const owners = ` JOIN ${ident(entity.table)} o ON o.id = h.${owner}`;
    const bump = (ref: 'new' | 'old', sign: 1 | -1) =>
      set.links
        .filter(({ link }) => tableName(link.table) === table)
        .map(({ name: linkName, link, together }) => {
          const value = `${ref}.${ident(link.value.name)}`;
          const [placed, bucket, columns] = together
            ? [`${setScope(dimension, 's.m', 's.v', LINKED_TOGETHER)} || ${quoteString(`/${linkName}=`)} || ${value}`, bucketOf('s.t'), `, ${innerValue(together, 'o')} AS t`]
            : [`${setScope(dimension, 's.m', 's.v')} || ${quoteString(`/${linkName}`)}`, bucketOf(value), ''];
          return `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${placed}, ${bucket}, ${sign} FROM (${heldSets(
            set,
            owners,
            `h.${owner} = ${ref}.${ident(link.owner.name)} AND o.archived_at IS NULL`,
            columns,
          )}) s WHERE s.m <> ${emptySet(set)} ${UPSERT};`;
        })
        .join(' ');
    triggers.push(
      { name: name(table, 'insert'), sql: `CREATE TRIGGER ${ident(name(table, 'insert'))} AFTER INSERT ON ${ident(table)} BEGIN ${bump('new', 1)} END` },
      { name: name(table, 'update'), sql: `CREATE TRIGGER ${ident(name(table, 'update'))} AFTER UPDATE ON ${ident(table)} BEGIN ${bump('old', -1)} ${bump('new', 1)} END` },
      { name: name(table, 'delete'), sql: `CREATE TRIGGER ${ident(name(table, 'delete'))} AFTER DELETE ON ${ident(table)} BEGIN ${bump('old', -1)} END` },
    );
  }
  if (!set.via) return triggers;
  const via = set.via;
  // The owners with a link row naming that row, each once (through the link table's index on the via column).
  const owners = (id: string) => `SELECT DISTINCT h.${owner} AS id, NULL AS v FROM ${link} h WHERE h.${ident(via.column)} = ${id}${set.live ? ' AND h.archived_at IS NULL' : ''}`;
  const before = (id: string, live: string) => heldSet(set, 'o.id', 'w.v', { assumed: { id, live } });
  return [
    ...triggers,
    {
      name: name(via.table, 'insert'),
      sql: `CREATE TRIGGER ${ident(name(via.table, 'insert'))} AFTER INSERT ON ${ident(via.table)} WHEN new.archived_at IS NULL BEGIN ${move(owners('new.id'), before('new.id', 'false'))} END`,
    },
    {
      name: name(via.table, 'update'),
      sql: `CREATE TRIGGER ${ident(name(via.table, 'update'))} AFTER UPDATE ON ${ident(via.table)} WHEN (old.archived_at IS NULL) <> (new.archived_at IS NULL) BEGIN ${move(
        owners('new.id'),
        before('new.id', 'old.archived_at IS NULL'),
      )} END`,
    },
    {
      name: name(via.table, 'delete'),
      sql: `CREATE TRIGGER ${ident(name(via.table, 'delete'))} AFTER DELETE ON ${ident(via.table)} WHEN old.archived_at IS NULL BEGIN ${move(owners('old.id'), before('old.id', 'true'))} END`,
    },
  ];
}

/** The tables whose rows name an entity's rows (`owner`) and are counted with them: its links and member sets. */
function linkOwners(entity: CountedEntity): { table: string; owner: string }[] {
  return entity.dimensions.flatMap((d) => {
    if ('link' in d) return [{ table: tableName(d.link.table), owner: d.link.owner.name }];
    if ('linkPair' in d) return [{ table: tableName(d.linkPair.outer.link.table), owner: d.linkPair.outer.link.owner.name }];
    if ('tuple' in d && d.tuple.link) return [{ table: tableName(d.tuple.link.link.table), owner: d.tuple.link.link.owner.name }];
    if ('memberSet' in d) return [{ table: d.memberSet.table, owner: d.memberSet.owner }];
    return [];
  });
}

function triggersOf(entity: CountedEntity): { name: string; sql: string }[] {
  const on = ident(entity.table);
  const name = (suffix: string) => `${TRIGGER_PREFIX}${entity.table}_${suffix}`;
  const watched = [
    ...new Set([
      'archived_at',
      ...entity.dimensions.flatMap((d) =>
        'column' in d
          ? [d.column.name]
          : 'pair' in d
            ? [d.pair.outer.column.name, d.pair.inner.column.name]
            : 'linkPair' in d || 'tuple' in d
              ? ownerColumns(d)
              : 'memberSet' in d
                ? d.memberSet.inner.flatMap((inner) => inner.columns.map((column) => column.name))
                : [],
      ),
    ]),
  ];
  const changed = watched.map((column) => `old.${ident(column)} IS NOT new.${ident(column)}`).join(' OR ');
  const triggers = [
    {
      name: name('insert'),
      sql: `CREATE TRIGGER ${ident(name('insert'))} AFTER INSERT ON ${on} WHEN ${live('new')} BEGIN ${columnBumps(entity, 'new', 1, 'true')} END`,
    },
    {
      name: name('update'),
      sql: `CREATE TRIGGER ${ident(name('update'))} AFTER UPDATE ON ${on} WHEN ${changed} BEGIN ${[
        columnBumps(entity, 'old', -1, live('old')),
        columnBumps(entity, 'new', 1, live('new')),
        ...linkBumps(entity, 'new.id', -1, `${live('old')} AND NOT ${live('new')}`),
        ...linkBumps(entity, 'new.id', 1, `${live('new')} AND NOT ${live('old')}`),
        // A member set's inner columns are the row's own: its buckets move with them and with its liveness.
        ...memberSetBumps(entity, 'old', -1, live('old')),
        ...memberSetBumps(entity, 'new', 1, live('new')),
        // Link pairs move when the row's liveness or the paired column changes.
        ...linkPairBumps(entity, 'old', -1, (d) => `${live('old')} AND (${pairMoved(d)})`),
        ...linkPairBumps(entity, 'new', 1, (d) => `${live('new')} AND (${pairMoved(d)})`),
      ].join(' ')} END`,
    },
    {
      // Before the row goes, while its link rows still exist; a cascade then deletes them after
      // the row is gone, so their own trigger (which needs a live owner) does not count them twice.
      name: name('delete'),
      sql: `CREATE TRIGGER ${ident(name('delete'))} BEFORE DELETE ON ${on} WHEN ${live('old')} BEGIN ${[
        columnBumps(entity, 'old', -1, 'true'),
        ...linkBumps(entity, 'old.id', -1, 'true'),
        ...memberSetBumps(entity, 'old', -1, 'true'),
        ...linkPairBumps(entity, 'old', -1, () => 'true'),
      ].join(' ')} END`,
    },
  ];
  // A new row has no link rows yet, unless it comes back under an id its link rows still name
  // (deleted and written again by an import with foreign keys off): the delete above took those
  // away, so the counters no longer hold the definition. They are marked stale — reads count over
  // the rows, and the next `prepareCounters` counts again — rather than bumped here: every statement
  // that inserts compiles its triggers' bodies, and all the bumps took a record's insert from 0.8
  // to 1.8 ms (skewed 100k records).
  const linked = [...new Set(linkOwners(entity).map(({ table, owner }) => `EXISTS (SELECT 1 FROM ${ident(table)} WHERE ${ident(owner)} = new.id)`))];
  if (linked.length > 0) {
    triggers.push({
      name: name('relinked'),
      sql: `CREATE TRIGGER ${ident(name('relinked'))} AFTER INSERT ON ${on} WHEN ${live('new')} AND (${linked.join(' OR ')}) BEGIN UPDATE app_meta SET value = ${quoteString(
        STALE_RELINKED,
      )} WHERE key = ${quoteString(APP_META_KEY)}; END`,
    });
  }
  for (const dimension of entity.dimensions) {
    if ('memberSet' in dimension) triggers.push(...memberSetTriggers(entity, dimension));
    if (!('link' in dimension)) continue;
    const { table, owner, value } = dimension.link;
    const link = tableName(table);
    const linkName = (suffix: string) => `${TRIGGER_PREFIX}${link}_${suffix}`;
    const ownerLive = (ref: 'new' | 'old') => `EXISTS (SELECT 1 FROM ${on} o WHERE o.id = ${ref}.${ident(owner.name)} AND o.archived_at IS NULL)`;
    // The link's pairs: its value with a column of its (live) owner, read once per pair; its tuples likewise.
    const pairs = entity.dimensions.filter((d): d is LinkPairDimension => 'linkPair' in d && d.linkPair.outer.link.table === table);
    const tuples = entity.dimensions.filter((d): d is TupleDimension => 'tuple' in d && d.tuple.link?.link.table === table);
    const bump = (ref: 'new' | 'old', sign: 1 | -1) =>
      [
        `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${quoteString(dimension.name)}, ${bucketOf(`${ref}.${ident(value.name)}`)}, ${sign} WHERE ${ownerLive(ref)} ${UPSERT};`,
        ...pairs.map(
          (pair) =>
            `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${pairDimension(pair, bucketOf(`${ref}.${ident(value.name)}`))}, ${bucketOf(
              `o.${ident(pair.linkPair.inner.column.name)}`,
            )}, ${sign} FROM ${on} o WHERE o.id = ${ref}.${ident(owner.name)} AND o.archived_at IS NULL ${UPSERT};`,
        ),
        ...tuples.map(
          (tuple) =>
            `INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${quoteString(entity.key)}, ${tupleDimension(tuple, 'o', bucketOf(`${ref}.${ident(value.name)}`))}, ${bucketOf(
              `o.${ident(tuple.tuple.inner.column.name)}`,
            )}, ${sign} FROM ${on} o WHERE o.id = ${ref}.${ident(owner.name)} AND o.archived_at IS NULL ${UPSERT};`,
        ),
      ].join(' ');
    triggers.push(
      { name: linkName('insert'), sql: `CREATE TRIGGER ${ident(linkName('insert'))} AFTER INSERT ON ${ident(link)} BEGIN ${bump('new', 1)} END` },
      { name: linkName('update'), sql: `CREATE TRIGGER ${ident(linkName('update'))} AFTER UPDATE ON ${ident(link)} BEGIN ${bump('old', -1)} ${bump('new', 1)} END` },
      { name: linkName('delete'), sql: `CREATE TRIGGER ${ident(linkName('delete'))} AFTER DELETE ON ${ident(link)} BEGIN ${bump('old', -1)} END` },
    );
  }
  return triggers;
}

// ---------------------------------------------------------------------------------------------
// Counting rows (the first filling, and what reads fall back to)

/**
 * `SELECT bucket, count` of one dimension ('' for the total: one row), counted from the live rows;
 * with `only`, none unless that constant condition holds. It is tested as the LIMIT (0 or none),
 * which SQLite evaluates before reading any row; as a WHERE term of a grouped query it would be
 * tested per row.
 */
function countedRows(entity: CountedEntity, dimensionName: string, only?: SQL): SQL {
  const from = sql.raw(`${ident(entity.table)} o`);
  const limit = only ? sql` LIMIT (CASE WHEN ${only} THEN -1 ELSE 0 END)` : sql``;
  if (dimensionName === '') return sql`SELECT '' AS bucket, count(*) AS count FROM ${from} WHERE o.archived_at IS NULL${limit}`;
  const dimension = entity.dimensions.find((d) => d.name === dimensionName);
  if (!dimension) throw new Error(`${entity.key} is not counted by ${dimensionName}`);
  if ('pair' in dimension || 'linkPair' in dimension || 'tuple' in dimension || 'memberSet' in dimension) {
    // Its stored dimension varies by row (`pairDimension`, `tupleDimension`, `setPlacement`): read by `recountedPairs`.
    throw new Error(`${entity.key}: ${dimensionName} is counted by recountedPairs`);
  }
  // Grouped by the column itself (null is a group of its own), so SQLite can walk an index on it.
  if ('column' in dimension) {
    const column = columnValue(dimension, 'o');
    return sql`SELECT ${sql.raw(bucketOf(column))} AS bucket, count(*) AS count FROM ${from} WHERE o.archived_at IS NULL GROUP BY ${sql.raw(column)}${limit}`;
  }
  const { table, owner, value } = dimension.link;
  const column = `l.${ident(value.name)}`;
  return sql`SELECT ${sql.raw(bucketOf(column))} AS bucket, count(*) AS count FROM ${sql.raw(ident(tableName(table)))} l JOIN ${from} ON o.id = l.${sql.raw(
    ident(owner.name),
  )} WHERE o.archived_at IS NULL GROUP BY ${sql.raw(column)}${limit}`;
}

/** `dimension, bucket, count` of a pair's every stored dimension, counted from the live rows. */
function recountedPairs(entity: CountedEntity, dimension: PairDimension | LinkPairDimension | TupleDimension | MemberSetDimension): SQL {
  if ('memberSet' in dimension) {
    // Each live owner once (per value, for a set kept per value), by the set it holds.
    const set = dimension.memberSet;
    const inner = set.inner.map((columns, index) => `, ${innerValue(columns, 'o')} AS c${index + 1}`).join('');
    const placed = setPlacement(dimension, 's.m', 's.v', (index) => `s.c${index + 1}`);
    const owners = ` JOIN ${ident(entity.table)} o ON o.id = h.${ident(set.owner)}`;
    return sql.raw(
      `SELECT ${placed.dimension} AS dimension, ${placed.bucket} AS bucket, count(*) AS count FROM (${heldSets(set, owners, 'o.archived_at IS NULL', `, o.id AS id${inner}`)}) s CROSS JOIN ${setDimensions(
        set,
        's.id',
      )} WHERE s.m <> ${emptySet(set)}${setRowsKept(set)} GROUP BY 1, 2`,
    );
  }
  if ('tuple' in dimension) {
    const { link, columns, inner } = dimension.tuple;
    const grouped = [...columns, inner].map((column) => `o.${ident(column.column.name)}`);
    if (!link) {
      return sql.raw(
        `SELECT ${tupleDimension(dimension, 'o')} AS dimension, ${bucketOf(grouped.at(-1)!)} AS bucket, count(*) AS count FROM ${ident(entity.table)} o WHERE o.archived_at IS NULL GROUP BY ${grouped.join(', ')}`,
      );
    }
    const { table, owner, value } = link.link;
    const linked = `l.${ident(value.name)}`;
    return sql.raw(
      `SELECT ${tupleDimension(dimension, 'o', linked)} AS dimension, ${bucketOf(grouped.at(-1)!)} AS bucket, count(*) AS count FROM ${ident(tableName(table))} l JOIN ${ident(
        entity.table,
      )} o ON o.id = l.${ident(owner.name)} WHERE o.archived_at IS NULL GROUP BY ${[linked, ...grouped].join(', ')}`,
    );
  }
  if ('linkPair' in dimension) {
    const { table, owner, value } = dimension.linkPair.outer.link;
    const linked = `l.${ident(value.name)}`;
    const inner = `o.${ident(dimension.linkPair.inner.column.name)}`;
    return sql.raw(
      `SELECT ${pairDimension(dimension, bucketOf(linked))} AS dimension, ${bucketOf(inner)} AS bucket, count(*) AS count FROM ${ident(tableName(table))} l JOIN ${ident(
        entity.table,
      )} o ON o.id = l.${ident(owner.name)} WHERE o.archived_at IS NULL GROUP BY ${linked}, ${inner}`,
    );
  }
  const outer = `o.${ident(dimension.pair.outer.column.name)}`;
  const inner = `o.${ident(dimension.pair.inner.column.name)}`;
  return sql.raw(
    `SELECT ${pairDimension(dimension, bucketOf(outer))} AS dimension, ${bucketOf(inner)} AS bucket, count(*) AS count FROM ${ident(entity.table)} o WHERE o.archived_at IS NULL GROUP BY ${outer}, ${inner}`,
  );
}

interface CounterDefinition {
  entities: CountedEntity[];
  triggers: { name: string; sql: string }[];
  /** Every dimension of every entity, for the first filling. */
  dimensions: { entity: CountedEntity; name: string }[];
  fingerprint: string;
}

/** 32-bit FNV-1a, hex: enough to tell one definition from another. */
function fingerprintOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length.toString(16)}-${hash.toString(16).padStart(8, '0')}`;
}

let definition: CounterDefinition | undefined;

/** Built on first use, not at module load. */
function counterDefinition(): CounterDefinition {
  if (definition) return definition;
  const entities = countedEntities();
  const triggers = entities.flatMap(triggersOf);
  const dimensions = entities.flatMap((entity) => ['', ...entity.dimensions.map((d) => d.name)].map((name) => ({ entity, name })));
  const described = JSON.stringify({ triggers: triggers.map((t) => t.sql), dimensions: dimensions.map(({ entity, name }) => [entity.key, name]) });
  definition = { entities, triggers, dimensions, fingerprint: fingerprintOf(described) };
  return definition;
}

/**
 * Installs the counters' triggers and counts every row once, in one transaction, unless the
 * database already holds this definition. Idempotent; run with the migrations (Node start-up,
 * `npm run db:migrate`), never by the Worker.
 */
export async function prepareCounters(db: Database): Promise<void> {
  const { triggers, dimensions, fingerprint } = counterDefinition();
  const [stored] = await db.all<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = ${APP_META_KEY}`);
  const installed = await db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ${`${TRIGGER_PREFIX}%`}`);
  // SQLite drops a table's triggers with it (a migration that rebuilds a table): the definition
  // is current only while every one of its triggers is still there.
  const intact = installed.length === triggers.length && triggers.every((trigger) => installed.some((row) => row.name === trigger.name));
  if (stored?.value === fingerprint && intact) return;
  const names = new Set([...installed.map((row) => row.name), ...triggers.map((trigger) => trigger.name)]);
  const statements = [
    ...[...names].map((name) => db.run(sql.raw(`DROP TRIGGER IF EXISTS ${ident(name)}`))),
    ...triggers.map((trigger) => db.run(sql.raw(trigger.sql))),
    db.run(sql`DELETE FROM live_counts`),
    ...dimensions.map(({ entity, name }) => {
      const pair = entity.dimensions.find(
        (d): d is PairDimension | LinkPairDimension | TupleDimension | MemberSetDimension =>
          d.name === name && ('pair' in d || 'linkPair' in d || 'tuple' in d || 'memberSet' in d),
      );
      return pair
        ? db.run(sql`INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${entity.key}, dimension, bucket, count FROM (${recountedPairs(entity, pair)})`)
        : db.run(sql`INSERT INTO live_counts (entity, dimension, bucket, count) SELECT ${entity.key}, ${name}, bucket, count FROM (${countedRows(entity, name)})`);
    }),
    db.run(sql`INSERT INTO app_meta (key, value) VALUES (${APP_META_KEY}, ${fingerprint}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
  ];
  await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
}

// ---------------------------------------------------------------------------------------------
// Reads

/** Whether the database holds the counters of this definition (evaluated once per statement). */
export const countersCurrent = (): SQL => sql`((SELECT value FROM app_meta WHERE key = ${APP_META_KEY}) IS ${counterDefinition().fingerprint})`;

/** The counted entity of a table key (`records`), if it has counters. */
const entityByKey = (key: string): CountedEntity | undefined => counterDefinition().entities.find((candidate) => candidate.key === key);

function entityOf(type: WritableType): CountedEntity {
  const entity = entityByKey(ENTITIES[type].key);
  if (!entity) throw new Error(`${type} has no counters`);
  return entity;
}

/** The live rows of `type`, as a scalar expression: the counter, or a count while counters are not current. */
export function liveTotalSql(type: WritableType): SQL {
  const entity = entityOf(type);
  return sql`(CASE WHEN ${countersCurrent()} THEN coalesce((SELECT count FROM live_counts WHERE entity = ${entity.key} AND dimension = '' AND bucket = ''), 0) ELSE (SELECT count FROM (${countedRows(
    entity,
    '',
  )})) END)`;
}

/**
 * Live rows of `type` per value of one of its counted dimensions, as `key, count` rows (key null
 * for rows where the column is empty), in `order`: largest count first (then by value), or by
 * value, highest first. Buckets without rows are left out, as a GROUP BY leaves them out.
 */
export function liveBucketsSql(type: WritableType, dimension: string, order: 'count' | 'valueDescending'): SQL {
  const entity = entityOf(type);
  const current = countersCurrent();
  const counted = sql`SELECT bucket, count FROM live_counts WHERE ${current} AND entity = ${entity.key} AND dimension = ${dimension} AND count > 0`;
  const recounted = sql`SELECT bucket, count FROM (${countedRows(entity, dimension, sql`NOT ${current}`)})`;
  return sql`SELECT nullif(bucket, '') AS key, count FROM (${counted} UNION ALL ${recounted}) ORDER BY ${sql.raw(
    order === 'count' ? 'count DESC, key' : 'key DESC',
  )}`;
}

/** `bucket` within a term's values or bounds (a bucket of '' is a null column, never in bounds). */
function bucketMatches(term: CountedTerm): SQL {
  if ('valueSet' in term) throw new Error('a value set is summed by valueSetSum');
  if ('memberSet' in term) throw new Error('a member set is summed by memberSetSum');
  if ('anyOf' in term) return sql`bucket IN (${sql.join(term.anyOf.map((value) => sql`${value}`), sql`, `)})`;
  const bounds = [sql`bucket <> ''`];
  if (term.atLeast !== undefined) bounds.push(sql`bucket >= ${term.atLeast}`);
  if (term.atMost !== undefined) bounds.push(sql`bucket <= ${term.atMost}`);
  return sql.join(bounds, sql` AND `);
}

/**
 * The live rows of the entity `entityKey` that meet every term, read from the counters — or null
 * when they cannot tell it exactly: the terms must all be on one counted column (its buckets
 * within them summed: a row has one value), on the two columns of a counted pair with the first
 * given as a list of values, or be one value of a counted link (a link table holds a row's value
 * once; two values would count a row holding both twice), alone or with terms on the one column
 * a link pair counts it with; or be on a tuple's columns, with one value of its link where it has
 * one (`tupleSum`). Valid only while `countersCurrent()` holds; the caller counts rows otherwise.
 */
/** The live rows an entity's counters hold in the buckets of one dimension that meet `condition`. */
const bucketSum = (entity: CountedEntity, dimension: unknown, condition: SQL): SQL =>
  sql`coalesce((SELECT sum(count) FROM live_counts WHERE entity = ${entity.key} AND dimension = ${dimension} AND ${condition}), 0)`;

type LinkTerm = Extract<CountedTerm, { link: SQLiteTable }>;

/** The link pair of a term's link whose inner column `inner` accepts. */
const linkPairOf = (entity: CountedEntity, link: LinkTerm, inner: (column: { name: string; column: SQLiteColumn }) => boolean) =>
  entity.dimensions.find(
    (d): d is LinkPairDimension => 'linkPair' in d && d.linkPair.outer.link.table === link.link && d.linkPair.outer.link.value === link.value && inner(d.linkPair.inner),
  );

/** The stored dimension of a link pair for one value of its link (a value, or a parameter standing for one). */
const linkPairDimension = (pair: LinkPairDimension, value: unknown) => derived(value, (given) => scopedDimensionText(pair.linkPair.outer.name, given, pair.linkPair.inner.name));

/** The stored dimensions of a pair for each listed value of its outer column, as an SQL list. */
const listedDimensions = (outer: string, values: readonly unknown[], inner: string) =>
  sql.join(values.map((value) => sql`${derived(value, (given) => scopedDimensionText(outer, given, inner))}`), sql`, `);

export function liveCountSql(entityKey: string, terms: readonly CountedTerm[]): SQL | null {
  const entity = entityByKey(entityKey);
  if (!entity) return null;
  const sum = (dimension: unknown, condition: SQL) => bucketSum(entity, dimension, condition);
  if (terms.length === 0) return sum('', sql`bucket = ''`);
  // A span of dates first: its parts are read each with one of its columns (below, a member set's too).
  const span = spanCountSql(entity, terms);
  if (span !== undefined) return span;
  // One value of a member set kept per value, alone or with one inner column or link.
  const [set] = terms.filter((term) => 'valueSet' in term);
  if (set) return valueSetSum(entity, set, 'rows', terms.filter((term) => term !== set));
  const [held] = terms.filter((term) => 'memberSet' in term);
  if (held) return memberSetSum(entity, held, terms.filter((term) => term !== held));
  const linked = terms.filter((term) => 'link' in term);
  if (linked.length > 0) {
    const [link] = linked;
    if (linked.length > 1 || !link || link.anyOf.length !== 1) return linkAsMemberSet(entity, terms, linked);
    const others = terms.filter((term) => term !== link) as Extract<CountedTerm, { column: SQLiteColumn }>[];
    if (others.length === 0) {
      const dimension = entity.dimensions.find((d) => 'link' in d && d.link.table === link.link && d.link.value === link.value);
      return dimension ? sum(dimension.name, bucketMatches(link)) : null;
    }
    // One linked value with terms on one column: that value's buckets of the column (a link pair).
    const column = others[0]!.column;
    const pair = linkPairOf(entity, link, (inner) => inner.column === column);
    if (!pair || others.some((term) => term.column !== column)) return tupleSum(entity, link, others);
    return sum(linkPairDimension(pair, link.anyOf[0]), sql.join(others.map(bucketMatches), sql` AND `));
  }
  if (terms.some((term) => !('column' in term))) return null;
  const first = terms[0] as Extract<CountedTerm, { column: SQLiteColumn }>;
  const columns = [...new Set(terms.map((term) => (term as { column: SQLiteColumn }).column))];
  if (columns.length === 1) {
    const dimension = entity.dimensions.find((d) => 'column' in d && d.column === first.column && !d.prefix);
    if (!dimension) return null;
    const ranged = dateRangeSum(entity, dimension.name, terms);
    return ranged ?? sum(dimension.name, sql.join(terms.map(bucketMatches), sql` AND `));
  }
  // Two columns: a pair whose outer column is given as one list of values (each a stored dimension).
  for (const dimension of entity.dimensions) {
    if (!('pair' in dimension) || columns.length !== 2) continue;
    const { outer, inner } = dimension.pair;
    const outerTerms = terms.filter((term) => 'column' in term && term.column === outer.column);
    const innerTerms = terms.filter((term) => 'column' in term && term.column === inner.column);
    const listed = outerTerms[0];
    if (outerTerms.length !== 1 || !listed || !('anyOf' in listed) || innerTerms.length + 1 !== terms.length) continue;
    return sql`coalesce((SELECT sum(count) FROM live_counts WHERE entity = ${entity.key} AND dimension IN (${listedDimensions(outer.name, listed.anyOf, inner.name)}) AND ${sql.join(
      innerTerms.map(bucketMatches),
      sql` AND `,
    )}), 0)`;
  }
  return tupleSum(entity, undefined, terms as ColumnTerm[]);
}

type ColumnTerm = Extract<CountedTerm, { column: SQLiteColumn }>;

/**
 * A link's term as the term of the member set the entity keeps over the same link table and value
 * (`memberSets`: a row holds a value once either way, so both match the same rows), or undefined
 * when it keeps none.
 */
function asMemberSetTerm(entity: CountedEntity, link: LinkTerm): MemberSetTerm | undefined {
  const term: MemberSetTerm = { memberSet: link.link, member: link.value, anyOf: link.anyOf };
  return memberSetOfTerm(entity, term) ? term : undefined;
}

/**
 * Terms on two links (a field and a country), or several values of one, read with one of those
 * links as its member set holding the values (`asMemberSetTerm`): a field in a country with a
 * kind is then that field's sets within one country. Null when no such reading can tell them.
 */
function linkAsMemberSet(entity: CountedEntity, terms: readonly CountedTerm[], linked: readonly LinkTerm[]): SQL | null {
  for (const link of linked) {
    const held = asMemberSetTerm(entity, link);
    const asSet = held && liveCountSql(entity.key, terms.map((term) => (term === link ? held : term)));
    if (asSet) return asSet;
  }
  return null;
}

/**
 * Where the counters cannot tell a total exactly, a count the rows reach at least, from them: with
 * several values of one link (countries), each value's rows with the other terms, the most of
 * them. Null when they cannot tell that either. Valid only while `countersCurrent()` holds.
 */
export function liveCountAtLeastSql(entityKey: string, terms: readonly CountedTerm[]): SQL | null {
  const entity = entityByKey(entityKey);
  // Several values of a counted link: a link term, or a member set's term over the link's table.
  const linkOf = (term: CountedTerm): LinkTerm | undefined => {
    if ('link' in term) return term.anyOf.length > 1 ? term : undefined;
    if (!('memberSet' in term) || term.anyOf.length < 2) return undefined;
    const counted = entity?.dimensions.some((d) => 'link' in d && d.link.table === term.memberSet && d.link.value === term.member);
    return counted ? { link: term.memberSet, value: term.member, anyOf: term.anyOf } : undefined;
  };
  const listed = terms.flatMap((term) => {
    const link = linkOf(term);
    return link ? [{ term, link }] : [];
  });
  const [only] = listed;
  if (!only || listed.length > 1) return null;
  const { term, link } = only;
  const others = terms.filter((other) => other !== term);
  const each = link.anyOf.map((value) => liveCountSql(entityKey, [...others, { ...link, anyOf: [value] }]));
  return each.some((count) => count === null) ? null : sql`max(${sql.join(each as SQL[], sql`, `)})`;
}

/** The most stored dimensions a tuple's sum seeks (all its columns' values combined, where a filter lists none). */
const MAX_TUPLE_SEEKS = 256;

/**
 * A tuple's stored dimension for the values of its link and columns: values, parameters standing
 * for them, or SQL over the statement's rows (a grouped link's value, see `liveGroupedCountSql`).
 */
function storedTuple(names: string, values: readonly unknown[], inner: string): SQL {
  if (!values.some((value) => value instanceof BoundValue || is(value, SQL))) return sql`${`${names}=${values.map(String).join('+')}/${inner}`}`;
  return sql`(${`${names}=`} || ${sql.join(
    values.map((value) => sql`${value}`),
    sql` || '+' || `,
  )} || ${`/${inner}`})`;
}

/**
 * Rows that meet terms on a tuple's columns (each a list of values, or none: then every value it
 * can hold) and its inner column (any terms), with one value of its link where it has one: a
 * sum over the buckets of each combination of the values listed. Null when no tuple holds them.
 */
function tupleSum(entity: CountedEntity, link: LinkTerm | undefined, terms: readonly ColumnTerm[]): SQL | null {
  const buckets = tupleBuckets(entity, link, terms);
  return buckets && sql`coalesce((SELECT sum(count) FROM live_counts WHERE ${buckets}), 0)`;
}

/**
 * The counter rows `tupleSum` adds up, as a condition on `live_counts` (null when no tuple holds
 * the terms), from the first tuple `accept` takes: the stored dimension of each combination of the
 * values listed, their buckets within the inner column's terms.
 */
function tupleBuckets(
  entity: CountedEntity,
  link: LinkTerm | undefined,
  terms: readonly ColumnTerm[],
  accept: (tuple: CountedTuple) => boolean = () => true,
): SQL | null {
  for (const dimension of entity.dimensions) {
    if (!('tuple' in dimension) || !accept(dimension.tuple)) continue;
    const { columns, inner } = dimension.tuple;
    const counted = dimension.tuple.link?.link;
    if (link ? counted?.table !== link.link || counted.value !== link.value : counted) continue;
    if (terms.some((term) => term.column !== inner.column && !columns.some((column) => column.column === term.column))) continue;
    const lists = columns.map((column) => {
      const own = terms.filter((term) => term.column === column.column);
      if (own.length === 0) return column.values;
      const [listed] = own;
      return own.length === 1 && listed && 'anyOf' in listed ? listed.anyOf : null;
    });
    if (lists.some((list) => list === null)) continue;
    const combinations = (lists as (readonly unknown[])[]).reduce<unknown[][]>(
      (done, list) => done.flatMap((values) => list.map((value) => [...values, value])),
      [link ? [link.anyOf[0]] : []],
    );
    if (combinations.length > MAX_TUPLE_SEEKS) continue;
    const [names, innerName] = dimension.name.split('/') as [string, string];
    const innerTerms = terms.filter((term) => term.column === inner.column);
    const within = innerTerms.length > 0 ? sql.join(innerTerms.map(bucketMatches), sql` AND `) : sql`1 = 1`;
    return sql`entity = ${entity.key} AND dimension IN (${sql.join(
      combinations.map((values) => storedTuple(names, values, innerName)),
      sql`, `,
    )}) AND ${within}`;
  }
  return null;
}

type ValueSetTerm = Extract<CountedTerm, { valueSet: SQLiteTable }>;
type MemberSetTerm = Extract<CountedTerm, { memberSet: SQLiteTable }>;

/** The member set an entity counts a term's table and member column by. */
const memberSetOfTerm = (entity: CountedEntity, term: MemberSetTerm) =>
  entity.dimensions.find(
    (d): d is MemberSetDimension => 'memberSet' in d && !d.memberSet.value && d.memberSet.source.table === term.memberSet && d.memberSet.source.member === term.member,
  );

/**
 * The stored dimensions of a member set's sets that hold any of the members `wanted` (a bit mask),
 * for an inner reading (`innerOf`): `<name><mark><mask>/<inner>` for every mask that holds one —
 * or, for a set kept per value, `<name><mark><value>+<mask>/<inner>` for the one value given —
 * and `=<value>` after it for a link read with the columns (only `=`, a prefix, where grouped by
 * the link), as a query of `p`. The masks come from the set's own dimension (`<name>`, or
 * `<name>=<value>/<member>`): a few dozen rows, each then a seek.
 */
function heldDimensions(entity: CountedEntity, dimension: MemberSetDimension, wanted: Wanted, inner: InnerReading, value?: unknown, withSet = false): SQL {
  const { name } = dimension;
  const own = value === undefined ? sql`${name}` : sql`${derived(value, (given) => scopedDimensionText(name, given, dimension.memberSet.member))}`;
  // The value as text from here: a number bound as a parameter would be a real in SQLite ('1.0').
  const scope = value === undefined ? sql`${`${name}${inner.mark}`} || m.bucket` : sql`${derived(value, (given) => `${name}${inner.mark}${String(given)}+`)} || m.bucket`;
  const tail =
    inner.linkValue !== undefined
      ? sql`${derived(inner.linkValue, (given) => `/${inner.name}=${String(given)}`)}`
      : sql`${inner.byLinkValue ? `/${inner.name}=` : `/${inner.name}`}`;
  return sql`SELECT ${scope} || ${tail} AS p${sql.raw(withSet ? ', m.bucket AS s' : '')} FROM live_counts m WHERE m.entity = ${entity.key} AND m.dimension = ${own} AND m.count <> 0 AND ${wanted(
    sql.raw('m.bucket'),
  )}`;
}

/** The counter rows of `heldDimensions`, as a condition on `live_counts` (not for a link grouped). */
const setsHolding = (entity: CountedEntity, dimension: MemberSetDimension, wanted: Wanted, inner: InnerReading, value?: unknown): SQL =>
  sql`entity = ${entity.key} AND dimension IN (${heldDimensions(entity, dimension, wanted, inner, value)})`;

/** Whether a set (a bucket, as SQL) holds any of some members. */
type Wanted = (set: SQL) => SQL;

/**
 * Whether a set holds any of some members (values, or parameters standing for them; any member
 * when none are given): a bit of their mask, or, for a set listed as text, one of them in its array.
 */
function wantedMembers(set: MemberSet, given: readonly unknown[] | undefined): Wanted {
  if (set.textual) {
    if (!given || given.length === 0) return (held) => sql`${held} <> '[]'`;
    return (held) => sql`EXISTS (SELECT 1 FROM json_each(${held}) WHERE value IN (${sql.join(given.map((member) => sql`${member}`), sql`, `)}))`;
  }
  const mask = wantedMask(set, given);
  return (held) => sql`(${held} & ${mask}) <> 0`;
}

/** The bit mask of some members of a set held as bits; all of them when none are given. */
function wantedMask(set: MemberSet, given: readonly unknown[] | undefined): SQL {
  if (!given || given.length === 0) return sql.raw(String(2 ** set.members.length - 1));
  const bitOf = (member: unknown) => (set.members.includes(member as string) ? 2 ** set.members.indexOf(member as string) : 0);
  return sql`(${sql.join(
    given.map((member) => sql`${derived(member, bitOf)}`),
    sql` | `,
  )})`;
}

/** What a member set's stored buckets are read by for some terms: their dimensions' inner name and mark, and the condition on the buckets. */
interface InnerReading {
  name: string;
  mark: string;
  matches: SQL;
  /** The bucket's value of one of the inner columns (for grouping by it). */
  valueOf(column?: SQLiteColumn): SQL | undefined;
  /** A link read with the columns: the one value of it the terms name (its dimension's). */
  linkValue?: unknown;
  /** A link read with the columns, grouped by its value (each value a dimension of its own). */
  byLinkValue?: boolean;
}

/**
 * How a member set's buckets tell `terms` (grouped by `grouped`, a column or a link, when given):
 * the one inner column they are all on; the set's one link that a single term names one value of
 * (a row linked to two would count twice); else its columns counted together, holding every
 * column they name — with one value of a link, or grouped by a link, that link's rows with those
 * columns — each term a condition on its place in the bucket's array. Undefined when none can.
 */
function innerOf(dimension: MemberSetDimension, terms: readonly CountedTerm[], grouped?: { column: SQLiteColumn } | { link: TalliedLink }): InnerReading | undefined {
  const { inner, links } = dimension.memberSet;
  if (terms.some((term) => !('column' in term) && !('link' in term))) return undefined;
  const linkTerms = terms.filter((term): term is LinkTerm => 'link' in term);
  const columnTerms = terms.filter((term): term is ColumnTerm => 'column' in term);
  const groupedLink = grouped && 'link' in grouped ? grouped.link : undefined;
  const groupedColumn = grouped && 'column' in grouped ? grouped.column : undefined;
  const [linkTerm] = linkTerms;
  if (linkTerms.length > 1 || (linkTerm && linkTerm.anyOf.length !== 1) || (linkTerm && groupedLink)) return undefined;
  const wholeBucket = () => sql.raw('bucket');
  if (linkTerm && columnTerms.length === 0 && !groupedColumn) {
    const linked = links.find(({ link, together }) => !together && link.table === linkTerm.link && link.value === linkTerm.value);
    if (linked) return { name: linked.name, mark: '=', matches: bucketMatches(linkTerm), valueOf: () => undefined };
  }
  const columns = new Set([...columnTerms.map((term) => term.column), ...(groupedColumn ? [groupedColumn] : [])]);
  if (!linkTerm && !groupedLink) {
    const single = inner.find((candidate) => candidate.columns.length === 1 && columns.size === 1 && columns.has(candidate.columns[0]!));
    if (single) {
      const matches = columnTerms.length > 0 ? sql.join(columnTerms.map(bucketMatches), sql` AND `) : sql`1 = 1`;
      return { name: single.name, mark: innerMark(single), matches, valueOf: wholeBucket };
    }
  }
  // The link read with the columns: the link term's, or the grouped one's.
  const link = linkTerm ? { table: linkTerm.link, value: linkTerm.value } : groupedLink;
  const linkedWith = (candidate: InnerColumns) =>
    link && links.find((one) => one.together === candidate && one.link.table === link.table && one.link.value === link.value);
  // The fewest columns that hold every column named: with a link, one counted with it (a single
  // column's buckets are far fewer than every combination's); without, several together (one
  // alone was read above).
  const together = inner
    .filter((candidate) => [...columns].every((column) => candidate.columns.includes(column)) && (link ? !!linkedWith(candidate) : candidate.columns.length > 1))
    .sort((a, b) => a.columns.length - b.columns.length)[0];
  if (!together) return undefined;
  const linked = linkedWith(together);
  const at = (index: number) => sql.raw(together.columns.length === 1 ? 'bucket' : `json_extract(bucket, '$[${index}]')`);
  const place = (column: SQLiteColumn) => at(together.columns.indexOf(column));
  const matches = columnTerms.map((term) => {
    // A single column's bucket holds '' for null, as every single column's does.
    if (together.columns.length === 1) return bucketMatches(term);
    const value = place(term.column);
    if ('anyOf' in term) {
      const listed = sql`${value} IN (${sql.join(term.anyOf.map((one) => sql`${one}`), sql`, `)})`;
      // The first column of an enum is the array's text start (`["EVENT",…`): a prefix test first
      // spares most buckets the parse (a few thousand buckets: 2.5 → 1.4 ms). It lets through a
      // superset (LIKE ignores case, `_` matches any character), which the parse then narrows.
      if (together.columns.indexOf(term.column) !== 0 || !(term.column as { enumValues?: readonly string[] }).enumValues?.length) return listed;
      const prefixes = term.anyOf.map((one) => sql`bucket LIKE '["' || ${one} || '",%'`);
      return sql`(${sql.join(prefixes, sql` OR `)}) AND ${listed}`;
    }
    const bounds = [sql`${value} IS NOT NULL`];
    if (term.atLeast !== undefined) bounds.push(sql`${value} >= ${term.atLeast}`);
    if (term.atMost !== undefined) bounds.push(sql`${value} <= ${term.atMost}`);
    return sql.join(bounds, sql` AND `);
  });
  return {
    name: linked ? linked.name : together.name,
    mark: linked ? LINKED_TOGETHER : innerMark(together),
    matches: matches.length > 0 ? sql.join(matches, sql` AND `) : sql`1 = 1`,
    valueOf: (column) => (column && together.columns.includes(column) ? place(column) : undefined),
    linkValue: linkTerm?.anyOf[0],
    byLinkValue: !!groupedLink,
  };
}

/**
 * Live rows holding any of a member term's members, from its member set's buckets: alone, the
 * set's own buckets that hold one; with terms on one of its inner columns, that column's buckets
 * within every set that holds one (`setsHolding`). Null when the entity counts no such set or
 * the other terms are not on one inner column.
 */
function memberSetSum(entity: CountedEntity, term: MemberSetTerm, others: readonly CountedTerm[]): SQL | null {
  const dimension = memberSetOfTerm(entity, term);
  if (!dimension) return null;
  const wanted = wantedMembers(dimension.memberSet, term.anyOf);
  return others.length === 0 ? bucketSum(entity, dimension.name, wanted(sql.raw('bucket'))) : heldWithin(entity, dimension, wanted, others);
}

/**
 * Rows in the sets holding any of `wanted` (of one value, for a set kept per value) that meet
 * `others`, terms on one inner column or one value of a link: that column's buckets within those
 * sets. Null when the terms are not so.
 */
function heldWithin(entity: CountedEntity, dimension: MemberSetDimension, wanted: Wanted, others: readonly CountedTerm[], value?: unknown): SQL | null {
  const inner = innerOf(dimension, others);
  return inner ? sql`coalesce((SELECT sum(count) FROM live_counts WHERE ${setsHolding(entity, dimension, wanted, inner, value)} AND ${inner.matches}), 0)` : null;
}

/** The member set kept per value that a value set term names (its table and value column). */
const valueSetOfTerm = (entity: CountedEntity, term: ValueSetTerm) =>
  entity.dimensions.find((d): d is MemberSetDimension => 'memberSet' in d && d.memberSet.source.table === term.valueSet && d.memberSet.source.value === term.value);

/** Whether a value set term's value is a value or a parameter standing for one (not a column of the statement's rows). */
const givenValue = (term: ValueSetTerm) => term.is instanceof BoundValue || typeof term.is !== 'object' || term.is === null;

/**
 * From a member set kept per value, for one value: the live rows with a link row of that value
 * (and of any of the given members), each once (`rows`: buckets holding any of them) — with terms
 * on one of its inner columns, that column's buckets within the value's sets that hold one — or
 * those link rows (`links`: each bucket's rows times the members it holds among them; a row holds
 * a member once per value). Zero unless the term's `only` holds. Null when the entity counts no
 * such set, or cannot tell the terms from it.
 */
function valueSetSum(entity: CountedEntity, term: ValueSetTerm, what: 'rows' | 'links', others: readonly CountedTerm[] = []): SQL | null {
  const dimension = valueSetOfTerm(entity, term);
  if (!dimension) return null;
  const { members, member } = dimension.memberSet;
  const wanted = wantedMembers(dimension.memberSet, term.members);
  let summed: SQL;
  if (others.length > 0) {
    const within = what === 'rows' && givenValue(term) ? heldWithin(entity, dimension, wanted, others, term.is) : null;
    if (!within) return null;
    summed = within;
  } else {
    // A value (or a parameter standing for one) names its dimension in the statement's parameters;
    // a column of the statement's rows (a parent's id) is named in SQL, as the triggers name it.
    const stored = givenValue(term)
      ? derived(term.is, (given) => scopedDimensionText(dimension.name, given, member))
      : sql`(${sql.raw(quoteString(`${dimension.name}=`))} || ${term.is as SQLWrapper} || ${sql.raw(quoteString(`/${member}`))})`;
    summed =
      what === 'rows'
        ? bucketSum(entity, stored, wanted(sql.raw('bucket')))
        : sql`coalesce((SELECT sum(count * (${sql.raw(members.map((_, index) => `((h >> ${index}) & 1)`).join(' + '))})) FROM (SELECT count, bucket & ${wantedMask(
            dimension.memberSet,
            term.members,
          )} AS h FROM live_counts WHERE entity = ${
            entity.key
          } AND dimension = ${stored})), 0)`;
  }
  return term.only ? sql`(CASE WHEN ${term.only} THEN ${summed} ELSE 0 END)` : summed;
}

/**
 * The live link rows of a member set of `type` kept per value, for one value (and any of
 * `members`), as `valueSetSum` reads them — e.g. an institution's participations in live records.
 * Valid only while `countersCurrent()` holds; null when `type` counts no such set.
 */
export function liveLinkRowsSql(type: WritableType, term: ValueSetTerm): SQL | null {
  return valueSetSum(entityOf(type), term, 'links');
}

/**
 * Rows whose date column `name` lies within bounds, summed over its year, month and day buckets
 * (`<name>:4`, `<name>:7`, `<name>`) instead of every day's: at most a few dozen rows of
 * `live_counts` where thousands of days may lie within the bounds (100k records: 0.2–0.8 ms per
 * sum). For any text y and a prefix length k ≥ length(y), v < y exactly when the first k
 * characters of v are below y, so
 *   |v ≤ b| = |year < b[1..4]| + |b[1..4] ≤ month < b[1..7]| + |b[1..7] ≤ day ≤ b|
 * (and |v < a| the same with the last bound strict), and |v ≥ a| = |v known| − |v < a|.
 * Null when the terms are not bounds of a column counted so.
 */
function dateRangeSum(entity: CountedEntity, name: string, terms: readonly CountedTerm[]): SQL | null {
  const [term] = terms;
  if (terms.length !== 1 || !term || !('column' in term) || 'anyOf' in term) return null;
  if (!DATE_PREFIXES.every((prefix) => entity.dimensions.some((d) => d.name === `${name}:${prefix}`))) return null;
  const sum = (dimension: string, condition: SQL) => bucketSum(entity, dimension, sql`bucket <> '' AND ${condition}`);
  const below = (bound: unknown, inclusive: boolean) => {
    const [year, month] = DATE_PREFIXES.map((prefix) => sql`substr(${bound}, 1, ${sql.raw(String(prefix))})`);
    return sql`${sum(`${name}:4`, sql`bucket < ${year}`)} + ${sum(`${name}:7`, sql`bucket >= ${year} AND bucket < ${month}`)} + ${sum(
      name,
      inclusive ? sql`bucket >= ${month} AND bucket <= ${bound}` : sql`bucket >= ${month} AND bucket < ${bound}`,
    )}`;
  };
  const upTo = term.atMost !== undefined ? below(term.atMost, true) : sum(`${name}:4`, sql`1 = 1`);
  return term.atLeast !== undefined ? sql`(${upTo} - (${below(term.atLeast, false)}))` : sql`(${upTo})`;
}

/**
 * Rows within a span of dates — `last >= a AND start <= b`, with other terms T — as sums of the
 * two columns' buckets, not a count over every match (100k records: 20–45k index entries). When
 * a <= b, a row with a start that ends before a starts before b too, so
 *   |T, last >= a, start <= b| = |T, start <= b| − |T, last known| + |T, last >= a| + |T, no start, last < a|,
 * the last term counted over the rows (through the start column's index: rows with a last day
 * but no start are few). When a > b (a span ending before it begins) the rows are counted.
 * T may hold a member set's term (roles, an institution): each part is then read from the set's
 * buckets of one of the two columns, and the rows of the last term are probed for its link rows.
 * Undefined when the terms hold no such span; null when the counters cannot tell a part.
 */
function spanCountSql(entity: CountedEntity, terms: readonly CountedTerm[]): SQL | null | undefined {
  type ColumnTerm = Extract<CountedTerm, { column: SQLiteColumn }>;
  const bound = (term: CountedTerm, column: SQLiteColumn, side: 'atLeast' | 'atMost'): term is ColumnTerm =>
    'column' in term && term.column === column && !('anyOf' in term) && term[side] !== undefined && term[side === 'atLeast' ? 'atMost' : 'atLeast'] === undefined;
  for (const { start, last } of entity.spans) {
    const from = terms.filter((term) => bound(term, last, 'atLeast'));
    const to = terms.filter((term) => bound(term, start, 'atMost'));
    if (from.length !== 1 || to.length !== 1) continue;
    const others = terms.filter((term) => term !== from[0] && term !== to[0]);
    if (others.some((term) => 'column' in term && (term.column === start || term.column === last))) return null;
    const a = (from[0] as ColumnTerm & { atLeast: unknown }).atLeast;
    const b = (to[0] as ColumnTerm & { atMost: unknown }).atMost;
    const parts = [
      liveCountSql(entity.key, [...others, { column: start, atMost: b }]),
      liveCountSql(entity.key, [...others, { column: last }]),
      liveCountSql(entity.key, [...others, { column: last, atLeast: a }]),
    ];
    if (parts.some((part) => part === null)) return null;
    const [started, known, lastFrom] = parts as SQL[];
    const matches = others.map((term) => ('valueSet' in term || 'memberSet' in term ? heldByRow(entity, term) : rowMatches(entity, term)));
    if (matches.some((match) => match === null)) return null;
    const rows = (condition: SQL) =>
      sql`(SELECT count(*) FROM ${sql.raw(ident(entity.table))} o WHERE o.archived_at IS NULL AND ${condition}${sql.join(matches.map((match) => sql` AND ${match}`))})`;
    const startColumn = sql.raw(`o.${ident(start.name)}`);
    const lastColumn = sql.raw(`o.${ident(last.name)}`);
    return sql`(CASE WHEN ${a} <= ${b} THEN ${started} - ${known} + ${lastFrom} + ${rows(sql`${startColumn} IS NULL AND ${lastColumn} < ${a}`)} ELSE ${rows(
      sql`${startColumn} <= ${b} AND ${lastColumn} >= ${a}`,
    )} END)`;
  }
  return undefined;
}

/**
 * A member set's term as a condition on the row `o` of its entity's table: a link row of `o` that
 * counts in the set (see `setRowCounts`), holding any of the term's members (and its value, for a
 * set kept per value). Probed per row: for the few rows a span's correction counts. Null when the
 * entity counts no such set.
 */
function heldByRow(entity: CountedEntity, term: ValueSetTerm | MemberSetTerm): SQL | null {
  const dimension = 'memberSet' in term ? memberSetOfTerm(entity, term) : valueSetOfTerm(entity, term);
  if (!dimension) return null;
  const set = dimension.memberSet;
  const members = 'memberSet' in term ? term.anyOf : term.members;
  const column = (name: string) => sql.raw(`h.${ident(name)}`);
  const ofValue = 'valueSet' in term && set.value ? sql` AND ${column(set.value)} = ${term.is}` : sql``;
  const ofMembers = members && members.length > 0 ? sql` AND ${column(set.member)} IN (${sql.join(members.map((member) => sql`${member}`), sql`, `)})` : sql``;
  const held = sql`EXISTS (SELECT 1 FROM ${sql.raw(ident(set.table))} h WHERE ${column(set.owner)} = o.id${ofValue}${ofMembers} AND ${sql.raw(setRowCounts(set, 'h'))})`;
  return 'valueSet' in term && term.only ? sql`(${held} AND ${term.only})` : held;
}

/** A counted term as a condition on the row `o` of its entity's table. */
function rowMatches(entity: CountedEntity, term: Exclude<CountedTerm, ValueSetTerm | MemberSetTerm>): SQL {
  if ('link' in term) {
    const owner = entity.dimensions.find((d): d is Extract<Dimension, { link: unknown }> => 'link' in d && d.link.table === term.link)?.link.owner;
    if (!owner) throw new Error(`${tableName(term.link)} is not a counted link`);
    // Probed per row: the rows a span's correction counts are few, a link value's rows may be many.
    return sql`EXISTS (SELECT 1 FROM ${sql.raw(ident(tableName(term.link)))} l WHERE l.${sql.raw(ident(owner.name))} = o.id AND l.${sql.raw(ident(term.value.name))} IN (${sql.join(
      term.anyOf.map((value) => sql`${value}`),
      sql`, `,
    )}))`;
  }
  const column = sql.raw(`o.${ident(term.column.name)}`);
  if ('anyOf' in term) return sql`${column} IN (${sql.join(term.anyOf.map((value) => sql`${value}`), sql`, `)})`;
  const bounds = [sql`${column} IS NOT NULL`];
  if (term.atLeast !== undefined) bounds.push(sql`${column} >= ${term.atLeast}`);
  if (term.atMost !== undefined) bounds.push(sql`${column} <= ${term.atMost}`);
  return sql.join(bounds, sql` AND `);
}

/**
 * Live rows of the entity `entityKey` that meet every term, per value of its counted dimension
 * `group` (a column or a link), as `key, count` rows (key '' for an empty column, buckets without
 * rows left out) — or null when the counters cannot tell them exactly. Read from the stored
 * dimensions that count the group with the terms (`storedGroupsSql`); else from a tuple whose
 * inner column is the group (`tupleGroupsSql`); else, for a group the counters can list the values
 * of (an enum column's, a link's values counted), one total per value (`groupTotalsSql`). Valid
 * only while `countersCurrent()` holds; unordered.
 */
export function liveGroupedCountSql(entityKey: string, group: string, terms: readonly CountedTerm[]): SQL | null {
  const entity = entityByKey(entityKey);
  const grouped = entity?.dimensions.find((d): d is GroupDimension => d.name === group && ('column' in d || 'link' in d));
  if (!entity || !grouped || terms.length === 0) return null;
  return storedGroupsSql(entity, grouped, terms) ?? tupleGroupsSql(entity, grouped, terms) ?? groupTotalsSql(entity, grouped, terms) ?? linkAsMemberSetGroups(entity, grouped, terms);
}

/**
 * The same groups with a link's term read as its member set holding the value (see
 * `linkAsMemberSet`): a country's records grouped by field under a kind are the sets holding
 * the country, by the field they are counted with. Null when no such reading can tell them.
 */
function linkAsMemberSetGroups(entity: CountedEntity, grouped: GroupDimension, terms: readonly CountedTerm[]): SQL | null {
  for (const link of terms.filter((term): term is LinkTerm => 'link' in term)) {
    const held = asMemberSetTerm(entity, link);
    if (!held) continue;
    const asSet = terms.map((term) => (term === link ? held : term));
    const read = storedGroupsSql(entity, grouped, asSet) ?? groupTotalsSql(entity, grouped, asSet);
    if (read) return read;
  }
  return null;
}

type GroupDimension = Extract<Dimension, { column: SQLiteColumn } | { link: TalliedLink }>;

/** Terms that are not on a member set: on columns, or on links. */
const plainTerms = (terms: readonly CountedTerm[]) => terms.filter((term): term is ColumnTerm | LinkTerm => 'column' in term || 'link' in term);

/**
 * Grouped by the inner column of a tuple that holds the terms (with one value of its link where
 * they name one): the buckets of each combination's stored dimension, summed per value. Skewed
 * 100k records, events in CN by year: 127 ms counted over the rows, a few dozen counter rows here.
 */
function tupleGroupsSql(entity: CountedEntity, grouped: GroupDimension, terms: readonly CountedTerm[]): SQL | null {
  const plain = plainTerms(terms);
  if (!('column' in grouped) || plain.length !== terms.length) return null;
  const links = plain.filter((term): term is LinkTerm => 'link' in term);
  const [link] = links;
  if (links.length > 1 || (link && link.anyOf.length !== 1)) return null;
  const columns = plain.filter((term): term is ColumnTerm => 'column' in term);
  const buckets = tupleBuckets(entity, link, columns, (tuple) => tuple.inner.column === grouped.column);
  return buckets && sql`SELECT bucket AS key, sum(count) AS count FROM live_counts WHERE ${buckets} GROUP BY bucket HAVING sum(count) > 0`;
}

/**
 * One total per value of the group, each as the counters tell the terms with that value (null
 * when they cannot tell one): every value of an enum column that is never null, where a term on
 * the column lists the value (a value it does not list counts none); or every value of a counted
 * link that some live row holds, its tuple's sum per value (terms on columns only). Skewed 100k
 * records, CN's records since a year by kind: a dozen sums of a few counter rows each.
 */
function groupTotalsSql(entity: CountedEntity, grouped: GroupDimension, terms: readonly CountedTerm[]): SQL | null {
  const positive = (totals: SQL) => sql`SELECT key, count FROM (${totals}) WHERE count > 0`;
  if ('link' in grouped) {
    const plain = plainTerms(terms);
    if (plain.length !== terms.length || plain.some((term) => 'link' in term)) return null;
    const value = sql.raw('linked.bucket');
    const total = tupleSum(entity, { link: grouped.link.table, value: grouped.link.value, anyOf: [value] }, plain as ColumnTerm[]);
    return total && positive(sql`SELECT ${value} AS key, ${total} AS count FROM live_counts AS linked WHERE linked.entity = ${entity.key} AND linked.dimension = ${grouped.name} AND linked.count > 0`);
  }
  const values = (grouped.column as { enumValues?: readonly string[] }).enumValues;
  if (!values || !grouped.column.notNull) return null;
  const own = terms.filter((term): term is ColumnTerm => 'column' in term && term.column === grouped.column);
  if (own.some((term) => !('anyOf' in term))) return null;
  const others = terms.filter((term) => !own.includes(term as ColumnTerm));
  // Whether the terms on the column list a value: known now, unless a request's variables give them.
  const lists = own.map((term) => (term as ColumnTerm & { anyOf: readonly unknown[] }).anyOf);
  const bound = (list: readonly unknown[]) => list.some((item) => item instanceof BoundValue);
  const [known, variable] = [lists.filter((list) => !bound(list)), lists.filter(bound)];
  const totals: SQL[] = [];
  for (const value of values) {
    if (known.some((list) => !list.includes(value))) continue;
    const total = liveCountSql(entity.key, [...others, { column: grouped.column, anyOf: [value] }]);
    if (!total) return null;
    const gates = variable.map((list) => sql`${value} IN (${sql.join(list.map((item) => sql`${item}`), sql`, `)})`);
    const count = gates.length > 0 ? sql`CASE WHEN ${sql.join(gates, sql` AND `)} THEN ${total} ELSE 0 END` : total;
    totals.push(sql`SELECT ${value} AS key, ${count} AS count`);
  }
  return totals.length === 0 ? sql`SELECT NULL AS key, 0 AS count WHERE 0` : positive(sql.join(totals, sql` UNION ALL `));
}

/**
 * A member set's rows grouped by its own members (records in CN or RU, by country): each row counts
 * under every member it holds, so each group is the sum over the sets that hold a named member
 * and hold the group's member as well — the set's own buckets, or, with `others` on its inner
 * columns or one value of another link, those within each set. Skewed 100k records, CN and RU by
 * country: 59 ms counted over the links, a few hundred counter rows here. Null when `others` are
 * not so.
 */
function ownMembersGroupsSql(entity: CountedEntity, dimension: MemberSetDimension, held: MemberSetTerm, others: readonly CountedTerm[]): SQL | null {
  const set = dimension.memberSet;
  const wanted = wantedMembers(set, held.anyOf);
  // Each set holding a named member, with its rows that meet the other terms.
  let sets: SQL;
  if (others.length === 0) {
    sets = sql`SELECT bucket AS s, count FROM live_counts WHERE entity = ${entity.key} AND dimension = ${dimension.name} AND count <> 0 AND ${wanted(sql.raw('bucket'))}`;
  } else {
    const inner = innerOf(dimension, others);
    if (!inner) return null;
    sets = sql`SELECT h.s, sum(c.count) AS count FROM (${heldDimensions(entity, dimension, wanted, inner, undefined, true)}) h JOIN live_counts c ON c.entity = ${
      entity.key
    } AND c.dimension = h.p WHERE ${inner.matches} GROUP BY h.s`;
  }
  // Every member each set holds: a bit of its mask, or an item of its text array.
  const members = set.textual
    ? sql`SELECT j.value AS key, sets.count FROM (${sets}) sets, json_each(sets.s) j`
    : sql`SELECT m.key, sets.count FROM (${sets}) sets JOIN (${sql.raw(
        set.members.map((member, index) => `SELECT ${quoteString(member)} AS key, ${2 ** index} AS bit`).join(' UNION ALL '),
      )}) m ON (sets.s & m.bit) <> 0`;
  return sql`SELECT key, sum(count) AS count FROM (${members}) GROUP BY key HAVING sum(count) > 0`;
}

/**
 * From the stored dimensions that count the group with the terms: terms on the grouped column
 * alone; one value of a link grouped by a column (a link pair); a link grouped with terms on one
 * column (a link pair per linked value); a column grouped with terms on one other column (a pair,
 * the terms' column listed by value when it is the pair's first, the grouped column an enum when
 * it is); or a member set's members (one value's, for a set kept per value) grouped by one of its
 * inner columns with terms on that column alone, by one of its links, or by its own members
 * (`ownMembersGroupsSql`).
 */
function storedGroupsSql(entity: CountedEntity, grouped: GroupDimension, terms: readonly CountedTerm[]): SQL | null {
  const group = grouped.name;
  const [held] = terms.filter((term) => 'memberSet' in term || 'valueSet' in term);
  if (held) {
    // Rows holding some members (with one value, for a set kept per value), grouped by one of the
    // set's inner columns, with terms on that column alone.
    const dimension = 'memberSet' in held ? memberSetOfTerm(entity, held) : 'valueSet' in held && givenValue(held) ? valueSetOfTerm(entity, held) : undefined;
    const others = terms.filter((term) => term !== held);
    if (!dimension) return null;
    if ('memberSet' in held && 'link' in grouped && grouped.link.table === held.memberSet && grouped.link.value === held.member) {
      return ownMembersGroupsSql(entity, dimension, held, others);
    }
    // A link with no other terms, or inner columns that hold the grouped one and the terms' (`innerOf`).
    const byLink = 'link' in grouped && others.length === 0 && dimension.memberSet.links.some((linked) => linked.name === group);
    const inner: InnerReading | undefined = byLink
      ? { name: group, mark: '=', matches: sql`1 = 1`, valueOf: () => sql.raw('bucket') }
      : innerOf(dimension, others, grouped);
    if (!inner) return null;
    const wanted = wantedMembers(dimension.memberSet, 'memberSet' in held ? held.anyOf : held.members);
    const value = 'memberSet' in held ? undefined : held.is;
    const only = 'valueSet' in held && held.only ? sql` AND ${held.only}` : sql``;
    if (inner.byLinkValue) {
      // Grouped by the link read with the columns: each set's dimensions of every link value, the value after the prefix.
      return sql`SELECT substr(c.dimension, length(h.p) + 1) AS key, sum(c.count) AS count FROM (${heldDimensions(entity, dimension, wanted, inner, value)}) h JOIN live_counts c ON c.entity = ${
        entity.key
      } AND c.dimension > h.p AND c.dimension < substr(h.p, 1, length(h.p) - 1) || '>' WHERE ${inner.matches}${only} GROUP BY 1 HAVING sum(c.count) > 0`;
    }
    const key = inner.valueOf('column' in grouped ? grouped.column : undefined);
    if (!key) return null;
    return sql`SELECT ${key} AS key, sum(count) AS count FROM live_counts WHERE ${setsHolding(entity, dimension, wanted, inner, value)}${only} AND ${inner.matches} GROUP BY ${key} HAVING sum(count) > 0`;
  }
  const from = sql`FROM live_counts WHERE entity = ${entity.key}`;
  const nameOf = (column: SQLiteColumn) => entity.dimensions.find((d) => 'column' in d && d.column === column && !d.prefix)?.name;
  /**
   * Dimensions `<outer>=<value>/<inner>` of every value of `outer`, their value as `key`: those of
   * its listed `values` (an enum's), else every dimension that starts with `<outer>=` (the pairs
   * with dates hold thousands of buckets each: listed, they are not read).
   */
  const everyOuterValue = (outer: string, inner: string, matches: SQL, values?: readonly string[], integer = false) => {
    const [prefix, suffix] = [`${outer}=`, `/${inner}`];
    const dimensions = values
      ? sql`dimension IN (${sql.join(values.map((value) => sql`${scopedDimensionText(outer, value, inner)}`), sql`, `)})`
      : sql`dimension > ${prefix} AND dimension < ${`${outer}>`} AND substr(dimension, ${-suffix.length}) = ${suffix}`;
    const text = sql`substr(dimension, ${prefix.length + 1}, length(dimension) - ${prefix.length + suffix.length})`;
    // An integer column's value as the integer its own buckets hold ('' for none), so that keys sort as numbers.
    const key = integer ? sql`CASE WHEN ${text} = '' THEN '' ELSE cast(${text} AS integer) END` : text;
    return sql`SELECT ${key} AS key, sum(count) AS count ${from} AND ${dimensions} AND ${matches} GROUP BY dimension HAVING sum(count) > 0`;
  };
  const links = terms.filter((term) => 'link' in term);
  const columnTerms = terms.filter((term): term is Extract<CountedTerm, { column: SQLiteColumn }> => 'column' in term);
  const columns = [...new Set(columnTerms.map((term) => term.column))];
  if ('link' in grouped) {
    // A link grouped, with terms on one column: the link pair of each linked value.
    if (links.length > 0 || columns.length !== 1) return null;
    const inner = nameOf(columns[0]!);
    const pair = entity.dimensions.find((d) => 'linkPair' in d && d.linkPair.outer.name === group && d.linkPair.inner.name === inner);
    return pair && inner ? everyOuterValue(group, inner, sql.join(columnTerms.map(bucketMatches), sql` AND `)) : null;
  }
  if (links.length > 0) {
    // One value of a link, grouped by a column: that value's link pair with the column.
    const [link] = links;
    if (links.length > 1 || columns.length > 0 || !link || !('link' in link) || link.anyOf.length !== 1) return null;
    const pair = linkPairOf(entity, link, (inner) => inner.name === group);
    if (!pair) return null;
    return sql`SELECT bucket AS key, count ${from} AND dimension = ${linkPairDimension(pair, link.anyOf[0])} AND count > 0`;
  }
  if (columns.length !== 1) return null;
  const matches = sql.join(columnTerms.map(bucketMatches), sql` AND `);
  const termColumn = nameOf(columns[0]!);
  if (termColumn === group) return sql`SELECT bucket AS key, count ${from} AND dimension = ${group} AND ${matches} AND count > 0`;
  for (const dimension of entity.dimensions) {
    if (!('pair' in dimension)) continue;
    const { outer, inner } = dimension.pair;
    const [listed] = columnTerms;
    if (outer.name === termColumn && inner.name === group && columnTerms.length === 1 && listed && 'anyOf' in listed) {
      return sql`SELECT bucket AS key, sum(count) AS count ${from} AND dimension IN (${listedDimensions(outer.name, listed.anyOf, inner.name)}) GROUP BY bucket HAVING sum(count) > 0`;
    }
    // The grouped column first: its values are read back from the stored dimension's text (an
    // enum's listed; any other column's from every dimension of the pair, as a link's are).
    const values = (outer.column as { enumValues?: readonly string[] }).enumValues;
    if (outer.name === group && inner.name === termColumn) return everyOuterValue(group, inner.name, matches, values, outer.column.columnType === 'SQLiteInteger');
  }
  return null;
}
