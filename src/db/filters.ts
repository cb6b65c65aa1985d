/**
 * Filters for list queries, as SQL over a (possibly aliased) table. The same function serves the
 * page query (through the relational query builder's RAW filter) and its total count, so the two
 * can never disagree.
 *
 * A list's filter is a set of named conditions (`listWhere`), each built from one of the kinds
 * below; the entity files name them next to the filter's input fields, one line per field.
 */
import { and, eq, inArray, isNull, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { getTableAsAliasSQL } from 'drizzle-orm/relations';
import { alias, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import { liveCountSql, liveLinkRowsSql } from './counters';
import type { ParticipantRole } from './enums';
import { liveInstitution, liveNetwork, publicRow, type RuledTable } from './visibility';
import { branchCentres, INEXACT_SPAN, INEXACT_YEAR, indicators, institutions, networkMembers, networks, participants, planTargets, records } from './schema';

type Maybe<T> = T | null | undefined;
type Filter = Record<string, unknown>;

/** What a condition sees besides its own value. */
export interface ConditionScope {
  /** The whole filter, for conditions that read two of its fields together. */
  filter: Filter;
  /** For a page (not its count): see `anyOf`'s `offIndexOnPage`. */
  page: boolean;
  /** The page goes on from a cursor: its keyset, not a condition, gives where its walk starts. */
  continued: boolean;
  /**
   * For a count (not a page), when the filter gives other conditions besides this one: those
   * others as the counters count them over the list's own table (null when they cannot), and as
   * SQL over another row of the list (see `linkedAnyOf`).
   */
  others?: {
    counted(table: never): CountedTerm[] | null;
    where(table: never): SQL;
    /** The same as a page tests them, on one row at a time (links and participations probed, not listed). */
    probe(table: never): SQL;
  };
  /**
   * Where the statement can evaluate a query once, apart: the name its rows are read by (a
   * compiled read's once-evaluated subqueries, which also keep it off the nesting of SQLite's
   * parser). `key` names what the query reads for this filter (a filter's matches, `matchesKey`):
   * the same filter's count forms elsewhere in the statement read the rows of the first query
   * given that key. Absent: the query is written in place.
   */
  once?(query: SQL, key: string): SQL;
}

/** One condition of a list filter, for a given value; undefined adds nothing. */
export type Condition<T, V = never> = ((table: T, value: V, scope: ConditionScope) => SQL | undefined) & {
  /** What it matches as the live-row counters can count it (see `CountedTerm`); absent when they cannot. */
  counted?: (table: T, value: V, scope: Pick<ConditionScope, 'filter'>) => CountedTerm | null | undefined;
  /**
   * Whether it only binds its value (each item of a list), or values `derived` from it, into its
   * SQL: then it takes a `BoundValue` where a request's variables give the value, and only the
   * value's presence and a list's length may decide what SQL it builds.
   */
  binds?: true;
};

/**
 * A filter value that stands for a statement parameter (the compiled read path binds values a
 * request's variables give, so that one statement answers every value of the same shape). In SQL
 * it is that parameter; `kind` is the kind of value it stands for (`integer`, `string`…), which
 * the plan is keyed by; `derived` works out other parameters from it.
 */
export class BoundValue implements SQLWrapper {
  private placed?: SQL;

  constructor(
    readonly kind: string,
    /** A parameter whose value is worked out from each request's variables. */
    private readonly place: (derive: (variables: Record<string, unknown>) => unknown) => SQL,
    readonly derive: (variables: Record<string, unknown>) => unknown,
  ) {}

  getSQL(): SQL {
    this.placed ??= this.place(this.derive);
    return this.placed;
  }

  /** A parameter, not an expression: no parentheses around it. */
  shouldOmitSQLParens(): boolean {
    return true;
  }

  map(derive: (value: never) => unknown): BoundValue {
    return new BoundValue('derived', this.place, (variables) => derive(this.derive(variables) as never));
  }
}

/** A value computed from a filter value: computed now, or a parameter computed per request from a bound one. */
export const derived = <V>(value: V | BoundValue, derive: (value: V) => unknown): unknown =>
  value instanceof BoundValue ? value.map(derive as (value: never) => unknown) : derive(value);

/** Marks a condition as one that only binds its value (see `Condition.binds`). */
export const binding = <T, V>(condition: Condition<T, V>): Condition<T, V> => Object.assign(condition, { binds: true as const });

/**
 * A condition as the live-row counters (src/db/counters.ts) see it, over the list's own table
 * (not an alias): a column holding any of some values, an integer column within bounds, or a
 * link table holding any of some values for the row. `counted` returns null for a value that
 * adds no condition, undefined when the counters cannot count it.
 */
export type CountedTerm =
  | { column: SQLiteColumn; anyOf: readonly unknown[] }
  | { column: SQLiteColumn; atLeast?: unknown; atMost?: unknown }
  | { link: SQLiteTable; value: SQLiteColumn; anyOf: readonly unknown[] }
  /**
   * A link row with this value (of a member set kept per value, counters' `memberSets`), and any of these members
   * when given: each row counted once however many such link rows it has. Counted as zero unless
   * `only` (a condition on no row) holds.
   */
  | { valueSet: SQLiteTable; value: SQLiteColumn; is: unknown; members?: readonly unknown[]; only?: SQL }
  /** Link rows of a member set (counters' `memberSets`) holding any of these members: each row once. */
  | { memberSet: SQLiteTable; member: SQLiteColumn; anyOf: readonly unknown[] };

const withCounted = <T, V>(condition: Condition<T, V>, counted: NonNullable<Condition<T, V>['counted']>): Condition<T, V> =>
  Object.assign(condition, { counted });

/** Whether a filter field was given: lists must hold a value, and false adds no condition. */
const given = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined);

/** Whether a list filter gives any field at all (nulls and empty lists give none). */
export const filterGiven = (filter: Maybe<Filter>): boolean => !!filter && Object.values(filter).some(given);

/**
 * The rows of a list that are public and meet every given condition of `filter`; `counted` gives
 * the same filter as counter terms over `table` (the list's own table), or null when some given
 * condition is not one the counters can count.
 */
export function listWhere<T>(ruled: RuledTable, conditions: Record<string, Condition<T, never>>) {
  const where = (table: T, filter: Maybe<Filter>, options: { page?: boolean; continued?: boolean; once?: ConditionScope['once'] } = {}): SQL => {
    const scope: ConditionScope = { filter: filter ?? {}, page: options.page ?? false, continued: options.continued ?? false, once: options.once };
    const matched = Object.entries(conditions).map(([name, condition]) =>
      filter && given(filter[name]) ? condition(table, filter[name] as never, scope.page ? scope : { ...scope, others: othersThan(filter, name, options.once) }) : undefined,
    );
    return and(sql`1 = 1`, publicRow(ruled, table), ...matched)!;
  };
  /** The filter's conditions other than `name`, for a count (`ConditionScope.others`). */
  const othersThan = (filter: Filter, name: string, once: ConditionScope['once']): ConditionScope['others'] => {
    const rest = { ...filter, [name]: undefined };
    if (!filterGiven(rest)) return undefined;
    return {
      counted: (table: T) => counted(table, rest),
      where: (table: T) => where(table, rest, { once }),
      probe: (table: T) => where(table, rest, { page: true }),
    } as NonNullable<ConditionScope['others']>;
  };
  const counted = (table: T, filter: Maybe<Filter>): CountedTerm[] | null => {
    const terms: CountedTerm[] = [];
    for (const [name, condition] of Object.entries(conditions)) {
      if (!filter || !given(filter[name])) continue;
      const term = condition.counted?.(table, filter[name] as never, { filter });
      if (term === undefined) return null;
      if (term !== null) terms.push(term);
    }
    return terms;
  };
  return Object.assign(where, { counted });
}

type Column<T> = (table: T) => SQLiteColumn;

/**
 * For a page, a unary `+` keeps a column's index out of the plan: SQLite then walks the date-key
 * index in page order and stops after a page, instead of collecting every match through another
 * index and sorting them all (100k records: 0.2 ms instead of 158 ms). It changes no value.
 */
const scanned = (column: SQLiteColumn, scope: ConditionScope, offIndexOnPage: boolean | undefined): SQLWrapper =>
  offIndexOnPage && scope.page ? sql`+${column}` : column;

/**
 * The column holds any of the values. `nullAs` names the value that stands for a null column
 * (an indicator's NOT_STATED unit).
 */
export function anyOf<T>(column: Column<T>, options: { offIndexOnPage?: boolean; nullAs?: string } = {}): Condition<T, readonly unknown[]> {
  // With `nullAs`, which values are given decides the SQL: they are not bound.
  const condition = withCounted<T, readonly unknown[]>(
    (table, values, scope) => {
      const match = (listed: readonly unknown[]) => inArray(scanned(column(table), scope, options.offIndexOnPage), [...listed]);
      if (options.nullAs === undefined) return match(values);
      const stated = values.filter((value) => value !== options.nullAs);
      return or(stated.length > 0 ? match(stated) : undefined, values.includes(options.nullAs) ? isNull(column(table)) : undefined);
    },
    // A null column is counted in a bucket of its own, which `nullAs` would have to name.
    (table, values) => (options.nullAs === undefined ? { column: column(table), anyOf: values } : undefined),
  );
  return options.nullAs === undefined ? binding(condition) : condition;
}

export const equals = <T>(column: Column<T>): Condition<T, unknown> => binding<T, unknown>((table, value) => eq(column(table), value));

/** Only integers are counted by bounds: the counters compare them as numbers. */
const integerBound = (value: unknown): boolean =>
  value instanceof BoundValue ? value.kind === 'integer' : typeof value === 'number' && Number.isSafeInteger(value);

/** Options of a bound on a column (`atLeast`, `atMost`). */
interface BoundOptions<T> {
  offIndexOnPage?: boolean;
  /**
   * A condition on the list's ordering key the bound implies, for a first page: its walk then
   * starts (or stops) there instead of passing every row the bound leaves out (see `recordYearKeyBound`).
   */
  orderBound?: (table: T, value: unknown) => SQL;
}

/** A bound's condition: on a first page, with the ordering key's bound it implies beside it. */
function boundCondition<T>(column: Column<T>, operator: '>=' | '<=', options: BoundOptions<T>): (table: T, value: unknown, scope: ConditionScope) => SQL | undefined {
  return (table, value, scope) => {
    const bound = sql`${scanned(column(table), scope, options.offIndexOnPage)} ${sql.raw(operator)} ${value}`;
    // Joined without parentheses of their own: each level counts against SQLite's parser stack.
    return options.orderBound && scope.page && !scope.continued ? sql`${options.orderBound(table, value)} AND ${bound}` : bound;
  };
}

export const atLeast = <T>(column: Column<T>, options: BoundOptions<T> = {}): Condition<T, unknown> =>
  binding(
    withCounted<T, unknown>(boundCondition(column, '>=', options), (table, value) => (integerBound(value) ? { column: column(table), atLeast: value } : undefined)),
  );

export const atMost = <T>(column: Column<T>, options: BoundOptions<T> = {}): Condition<T, unknown> =>
  binding(
    withCounted<T, unknown>(boundCondition(column, '<=', options), (table, value) => (integerBound(value) ? { column: column(table), atMost: value } : undefined)),
  );

/**
 * The records' date key (`coalesce(starts_on, year)`) within a bound on their year: a record of
 * year y whose start lies in y has a key that starts with y, so `year >= y` implies `key >= 'y'`
 * and `year <= y` implies `key <= 'y~'` (`~` sorts after the digits and `-` of any date). A
 * first page walks the key from that point instead of passing every record of the other years
 * (skewed 100k records, `yearTo: 2016` newest first, or `yearFrom: 2025` oldest first: 7 ms). It
 * holds while no record's start lies outside its year and every year has four digits
 * (`INEXACT_YEAR`, a partial index's single seek), and for a bound of four digits; else the
 * key is bounded by nothing ('' or '~').
 */
export function recordYearKeyBound(side: 'from' | 'to'): (table: typeof records, year: unknown) => SQL {
  return (table, year) => {
    const exact = sql`NOT EXISTS (SELECT 1 FROM ${records} WHERE ${INEXACT_YEAR}) AND ${year} BETWEEN 1000 AND 9999`;
    const digits = sql`cast(cast(${year} AS integer) AS text)`;
    return side === 'from'
      ? sql`${table.dateKey} >= (SELECT CASE WHEN ${exact} THEN ${digits} ELSE '' END)`
      : sql`${table.dateKey} <= (SELECT CASE WHEN ${exact} THEN ${digits} || '~' ELSE '~' END)`;
  };
}

/**
 * True asks for rows where the column is empty (a record with no parent); false adds nothing.
 * Counted as the bucket of the empty value ('' in the counters). The column's index is kept out
 * of counts too: to SQLite `parent_id IS NULL` looks like a selective seek in an index over
 * every row, but most rows match, and each is then read to test the rest (100k records: a
 * grouped count 120 ms, against a partial index's 50 ms, and counters for most totals).
 */
export const emptyWhenTrue = <T>(column: Column<T>): Condition<T, boolean> =>
  withCounted<T, boolean>(
    (table, only) => (only ? sql`+${column(table)} is null` : undefined),
    (table, only) => (only ? { column: column(table), anyOf: [''] } : null),
  );

/** `EXISTS (…)` over raw SQL: drizzle's `exists()` adds no parentheses around an `sql` fragment. */
const exists = (subquery: SQL): SQL => sql`exists (${subquery})`;

/** A list's table whose rows have a live key (`records.live_id`, null once archived) and counters (`entity`). */
interface LiveKeyed {
  table: typeof records;
  entity: string;
}

/** The records list: probed by live key, counted by its counters. */
export const RECORDS_KEYED: LiveKeyed = { table: records, entity: 'records' };

/** Rows of a link table that make a row of the list match: `owner` holds the list row's id. */
interface LinkRows {
  table: SQLiteTable;
  owner: SQLiteColumn;
  /** The link rows' own condition. */
  where: SQL;
  /** How many list rows they link, from the counters (an estimate that decides which side leads), or null. */
  rows(): SQL | null;
  /** Whether a list row (its id) has such a link row. */
  probe(id: SQLWrapper): SQL;
}

/** What a filter's matches are known by in `ConditionScope.once`: the terms it gives (its values are the request's). */
const matchesKey = (filter: Filter) =>
  `matches of ${Object.keys(filter)
    .filter((name) => given(filter[name]))
    .sort()
    .join(' ')}`;

/**
 * The count form of a link condition on a live-keyed list (see `linkedAnyOf`): the row's live key
 * among the owners of the link rows, or, when the counters count the filter's other conditions and
 * the statement evaluates queries apart, among the keys of the matches, led by the side with fewer
 * rows.
 */
function liveKeyedCount(table: { liveId: SQLiteColumn }, scope: ConditionScope, keyed: LiveKeyed, link: LinkRows): SQL {
  const owners = sql`SELECT ${link.owner} AS k FROM ${link.table} WHERE ${link.where}`;
  const { once, others } = scope;
  // Only where the statement evaluates the keys apart (`once`): written in place, under another
  // read's nesting (a statistic's, a resolver's count), the keys' query went over SQLite's parser stack.
  if (!once || !others) return sql`${table.liveId} IN (${owners})`;
  const otherTerms = others.counted(keyed.table as never);
  const otherRows = otherTerms ? liveCountSql(keyed.entity, otherTerms) : null;
  const linkRows = otherRows && link.rows();
  if (!otherRows || !linkRows) return sql`${table.liveId} IN (${owners})`;
  // The link rows lead unless the others' are fewer by half: led by the others, each row costs about twice as much.
  const lead = sql`(${linkRows} <= 2 * ${otherRows})`;
  // The keys of the matches, led by one side or the other. A LIMIT of 0 keeps a branch from
  // reading anything (a false WHERE term did not: SQLite still scanned the link table for it).
  // Rows give their ids (in their index), not their live keys, which SQLite would work out
  // from each row, past its long texts; a row with two such link rows comes twice.
  const led = alias(keyed.table, 'linked_led');
  const other = alias(keyed.table, 'linked_others');
  // Led by the link rows, each row found is tested for the others (their page form): their
  // count form would list the others' every match first (roles HOST with one field, 100k
  // records: every participation in the role, 137 ms, for two records).
  const keys = sql`SELECT k FROM (SELECT ${led.id} AS k FROM ${link.table} CROSS JOIN ${getTableAsAliasSQL(led as never)} ON ${led.liveId} = ${link.owner} WHERE ${
    link.where
  } AND ${others.probe(led as never)} LIMIT CASE WHEN ${lead} THEN -1 ELSE 0 END) UNION ALL SELECT k FROM (SELECT ${other.id} AS k FROM ${getTableAsAliasSQL(
    other as never,
  )} WHERE ${others.where(other as never)} AND ${link.probe(other.id)} LIMIT CASE WHEN ${lead} THEN 0 ELSE -1 END)`;
  // Once for the statement, wherever the count form is read, as a list of its own. They are the
  // filter's matches, whichever term's link leads: a filter with two links (a country and a
  // field) reads them once, not once per link (skewed 100k records, BR with one field: 9.2 → 5 ms).
  return sql`${table.liveId} IN ${once(keys, matchesKey(scope.filter))}`;
}

/**
 * A link table row of this row (its `owner` column holds our id) has any of the values. A page
 * walks its ordering and probes each row (`EXISTS`); a count reads the matching link rows through
 * the value's index (`id IN …`), so it costs what matches, not what the table holds (100k
 * records: a country matching none counted in ~15 ms as `EXISTS`, well under 1 ms as `IN`).
 *
 * A list of live rows with a live key (`liveKeyed`: lists show live rows only) is probed by that
 * key, in its narrow index, so the rest of the filter is tested without reading each row past its
 * long texts. With other conditions the counters count, the side with fewer rows by the counters
 * leads: the link rows, or the other conditions' rows, each probed for a link row (`EXISTS`), the
 * matches then probed by key. A constant gate chooses one branch; the other reads nothing.
 * Skewed 100k records, a whole statement with `totalCount`: CN's 38k links since a date 119 → 30
 * ms; two countries' 40k links for 1.8k signed projects 44 → 6.4 ms.
 */
export function linkedAnyOf<L extends SQLiteTable, T extends { id: SQLiteColumn; liveId?: SQLiteColumn }>(
  link: L,
  owner: (link: L) => SQLiteColumn,
  value: (link: L) => SQLiteColumn,
  options: {
    liveKeyed?: LiveKeyed;
    /** Several values are counted as members of the counters' member set over this link (`memberSets`): each row once. */
    memberSet?: boolean;
  } = {},
): Condition<T, readonly unknown[]> {
  const linkedRow = (id: SQLWrapper, values: readonly unknown[]) => exists(sql`SELECT 1 FROM ${link} WHERE ${owner(link)} = ${id} AND ${inArray(value(link), [...values])}`);
  const counted = (values: readonly unknown[]): CountedTerm => ({ link, value: value(link), anyOf: values });
  return binding(
    withCounted<T, readonly unknown[]>(
      (table, values, scope) => {
        if (scope.page) return linkedRow(table.id, values);
        const keyed = options.liveKeyed;
        if (!keyed || !table.liveId) return sql`${table.id} IN (SELECT ${owner(link)} FROM ${link} WHERE ${inArray(value(link), [...values])})`;
        return liveKeyedCount(table as { liveId: SQLiteColumn }, scope, keyed, {
          table: link,
          owner: owner(link),
          where: inArray(value(link), [...values]),
          // Each value's linked rows, summed: a row linked to two of the values counts twice, in an
          // estimate that only decides which side leads.
          rows: () => {
            const perValue = values.map((one) => liveCountSql(keyed.entity, [counted([one])]));
            return perValue.some((rows) => rows === null) ? null : sql.join(perValue as SQL[], sql` + `);
          },
          probe: (id) => linkedRow(id, values),
        });
      },
      (_table, values) =>
        options.memberSet && values.length > 1 ? { memberSet: link, member: value(link), anyOf: values } : counted(values),
    ),
  );
}

/**
 * Spans that end on or after a date, or start on or after it where no end is known, given the
 * column that holds their last day (`coalesce(end, start)`: a span never ends before it starts, so
 * `end >= date OR start >= date` is that one value compared). On a page the column's index is
 * kept out, as `offIndexOnPage` does; counts seek it. A partial date (`2024-05`) compares as text,
 * so `2024-05-20 >= 2024-05` holds as before.
 *
 * A page in date order would walk every row that starts before the date to find the few spans
 * still running then. With `orderKey` (a key equal to the start wherever a start is known) and
 * `longestSpan` (the most days any row spans, see `records.spanDays`), a first page starts its
 * walk where a match can first be: the day before the date's first day, less the longest span
 * (100k records, from a date behind 90% of them: 5.3 → 0.2 ms in SQLite). A match with no start
 * makes the longest span unknown, and a span of over a century is no bound worth seeking; both
 * leave the walk as it was. A page that goes on from a cursor seeks from the cursor instead.
 */
export const endsOnOrAfter = <T>(lastDay: Column<T>, options: { orderKey?: Column<T>; longestSpan?: SQL } = {}): Condition<T, string> =>
  binding(
    withCounted<T, string>(
      (table, date, scope) => {
        const ends = sql`${scanned(lastDay(table), scope, true)} >= ${date}`;
        if (!scope.page || scope.continued || !options.orderKey || !options.longestSpan) return ends;
        const firstDay = sql`substr(${date} || '-01-01', 1, 10)`;
        const earliest = sql`(SELECT CASE WHEN longest <= 36500 THEN date(${firstDay}, '-' || (longest + 1) || ' days') END FROM (SELECT ${options.longestSpan} AS longest))`;
        return and(sql`${options.orderKey(table)} >= coalesce(${earliest}, '')`, ends);
      },
      (table, date) => ({ column: lastDay(table), atLeast: date }),
    ),
  );

/** The most days any record spans, from the end of `records_spans` (see `endsOnOrAfter`); null (no bound) while a span is no count of days (`INEXACT_SPAN`). */
export const longestRecordSpan: SQL = sql`(SELECT CASE WHEN EXISTS (SELECT 1 FROM ${records} WHERE ${INEXACT_SPAN}) THEN NULL ELSE (SELECT max(${records.spanDays}) FROM ${records}) END)`;

/**
 * A text above every date that starts with a given prefix: stored dates hold only digits and `-`,
 * all below `~`, so `substr(start, 1, n) <= prefix` holds exactly when `start <= prefix || '~'`.
 */
const AFTER_PREFIX = '~';

/**
 * Starts on or before a date given as precisely as wished (`2024`, `2024-05`, `2024-05-01`). A
 * count seeks the start column's index below the prefix's end; a page, which walks its ordering,
 * is bounded by `orderKey` where given: a key that equals the start wherever a start is known
 * (the records' date key), so the walk begins at the bound instead of at the newest row.
 */
export const startsOnOrBefore = <T>(start: Column<T>, options: { orderKey?: Column<T> } = {}): Condition<T, string> => {
  const afterPrefix = (date: string) => `${date}${AFTER_PREFIX}`;
  return binding(
    withCounted<T, string>(
      (table, date, scope) => {
        const prefix = lte(sql`substr(${start(table)}, 1, ${derived(date, (given: string) => given.length)})`, date);
        const bound = derived(date, afterPrefix);
        if (scope.page) return options.orderKey ? and(sql`${options.orderKey(table)} <= ${bound}`, prefix) : prefix;
        return and(sql`${start(table)} <= ${bound}`, prefix);
      },
      (table, date) => ({ column: start(table), atMost: derived(date, afterPrefix) }),
    ),
  );
};

/**
 * A record with a public participation of this institution and/or in any of these roles: the
 * public rule for participations (src/db/visibility.ts: not archived, its institution and its
 * record visible), with the record's visibility left to the list, which requires it of every row
 * (testing it again read each record's row once more), and a given institution's tested once
 * rather than per participation. A page probes each record it walks (`EXISTS`); a count (`page`
 * false) reads the institution's live participations from their covering index and tests each
 * record by its live key (`live_id IN …`, `records_live_ids`) without reading its row, so it costs
 * that institution's participations, not every record. 100k records, an institution in 10k of
 * them: 47 → 21 ms per request (p50); with long texts, one in 17k: 32 → 9 ms per count. With the
 * filter's `scope`, a count is led by the institution's participations or by the other
 * conditions' records, whichever the counters say are fewer (`liveKeyedCount`): skewed 100k
 * records, a hub in 29k of them with signed projects (1.8k), 29 → 1.0 ms per statement.
 */
export function participation(
  table: typeof records,
  match: { institutionId?: Maybe<number>; roles?: Maybe<readonly ParticipantRole[]> },
  /** The filter's scope; without one, a page's form. */
  scope?: ConditionScope,
): SQL {
  const roles = match.roles && match.roles.length > 0 ? match.roles : undefined;
  const rolesMatch = roles ? sql` AND ${inArray(participants.role, [...roles])}` : sql``;
  if (match.institutionId == null) {
    const publicInRoles = sql`${participants.archivedAt} is null AND ${liveInstitution(participants.institutionId)}${rolesMatch}`;
    const participatesInRoles = (id: SQLWrapper) => exists(sql`SELECT 1 FROM ${participants} WHERE ${participants.recordId} = ${id} AND ${publicInRoles}`);
    if (!scope || scope.page) return participatesInRoles(table.id);
    // A count is led by the participations in those roles (`participants_live_role`), so it
    // costs what matches, not every record: a rare role among 100k records took 350 ms.
    return liveKeyedCount(table, scope, RECORDS_KEYED, {
      table: participants,
      owner: participants.recordId,
      where: publicInRoles,
      // The records in those roles, fewer than their participations: an estimate that decides which side leads.
      rows: () => liveCountSql(RECORDS_KEYED.entity, [rolesHeld(roles!)]),
      probe: participatesInRoles,
    });
  }
  const ofInstitution = sql`${participants.institutionId} = ${match.institutionId} AND ${participants.archivedAt} is null${rolesMatch}`;
  const participatesIn = (id: SQLWrapper) => exists(sql`SELECT 1 FROM ${participants} WHERE ${participants.recordId} = ${id} AND ${ofInstitution}`);
  const participates =
    scope && !scope.page
      ? liveKeyedCount(table, scope, RECORDS_KEYED, {
          table: participants,
          owner: participants.recordId,
          where: ofInstitution,
          rows: () => institutionParticipationsCounted(match.institutionId!, roles),
          probe: participatesIn,
        })
      : participatesIn(table.id);
  return sql`(${liveInstitution(sql`${match.institutionId}`)} AND ${participates})`;
}

/**
 * Records with this institution taking part, in any of the filter's `roles` when given (with
 * them, one participation must match both): `participation`, counted by the records' member set
 * `institution` (roles per institution, src/db/entities.ts), each record once however many roles it holds there —
 * the list's total is then a few counter rows instead of every participation.
 */
export const participatingInstitution = (): Condition<typeof records, number> =>
  binding(
    withCounted<typeof records, number>(
      (table, institutionId, scope) => participation(table, { institutionId, roles: scope.filter.roles as never }, scope),
      (_table, institutionId, { filter }) => institutionValueSet(institutionId, filter.roles as readonly unknown[] | null | undefined),
    ),
  );

/** Records with a public participation in any of these roles, as the counters' member set `roles` counts them. */
const rolesHeld = (roles: readonly unknown[]): CountedTerm => ({ memberSet: participants, member: participants.role, anyOf: roles });

/**
 * Records with an institution in any of these roles; with `institution` given, that condition
 * covers both. Alone it is counted by the records' member set of roles (src/db/entities.ts): each
 * record once, in the bucket of the roles its public participations hold, whichever institutions
 * hold them — so a common role's total (100k records) is a few counter rows, not every match.
 */
export const participatingInRoles = (): Condition<typeof records, readonly ParticipantRole[]> =>
  binding(
    withCounted<typeof records, readonly ParticipantRole[]>(
      (table, roles, scope) => (scope.filter.institution ? undefined : participation(table, { roles }, scope)),
      (_table, roles, { filter }) => (filter.institution ? null : rolesHeld(roles)),
    ),
  );

/**
 * An institution's public participations — its own live ones, in live records, in any of `roles`
 * when given — from the records' member set of roles per institution (each bucket: records by the roles the
 * institution holds there), valid while the counters are current; `institutionId` a value or its
 * column. Zero while the institution is archived, as the public rule has it.
 */
export const institutionParticipationsCounted = (institutionId: SQLWrapper | number, roles?: readonly unknown[] | null): SQL | null =>
  liveLinkRowsSql('CooperationRecord', institutionValueSet(institutionId, roles));

/**
 * A network's public memberships (of live institutions), by the institutions' member set
 * `memberships` kept per network (src/db/entities.ts): one per institution, in the bucket of the
 * role it holds. Valid while the counters are current; zero while the network is archived, as the
 * public rule has it.
 */
export const networkMembershipsCounted = (networkId: SQLWrapper | number): SQL | null =>
  liveLinkRowsSql('Institution', { valueSet: networkMembers, value: networkMembers.networkId, is: networkId, only: liveNetwork(sql`${networkId}`) });

/** The records' member set of roles per institution, at one live institution, in any of `roles` when given. */
function institutionValueSet(institutionId: unknown, roles: readonly unknown[] | null | undefined) {
  return {
    valueSet: participants,
    value: participants.institutionId,
    is: institutionId,
    members: given(roles) ? roles! : undefined,
    only: liveInstitution(sql`${institutionId}`),
  };
}

/** Counts the rows a filter matches, for a connection's `totalCount`. */
export function countWhere(
  db: Database,
  table: typeof institutions | typeof branchCentres | typeof networks | typeof records | typeof indicators | typeof planTargets,
  where: SQL,
): Promise<number> {
  return db.$count(table, where);
}

/**
 * Rows past a keyset position in the records' ordering, as ONE row-value comparison on the indexed
 * `(date_key, id)`: SQLite seeks to it in `records_live_listing`, where the equivalent
 * `a < x OR (a = x AND id < y)` walks the index from its start. `position` holds the cursor's
 * values, possibly only the date key (a cursor issued for a shorter ordering).
 */
export function recordKeyset(table: typeof records, position: readonly unknown[], side: 'greater' | 'less'): SQL {
  const operator = sql.raw(side === 'greater' ? '>' : '<');
  if (position.length >= 2) return sql`(${table.dateKey}, ${table.id}) ${operator} (${position[0]}, ${position[1]})`;
  return sql`${table.dateKey} ${operator} ${position[0]}`;
}
