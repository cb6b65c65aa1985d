/**
 * Cooperation records: events, competitions (with tracks), trainings, signed projects,
 * demonstration units, reports, policy initiatives and agreements.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { RootConnection } from './compiled-read';
import {
  anyOf,
  atLeast,
  atMost,
  countWhere,
  emptyWhenTrue,
  endsOnOrAfter,
  linkedAnyOf,
  longestRecordSpan,
  recordYearKeyBound,
  participatingInRoles,
  participatingInstitution,
  RECORDS_KEYED,
  recordKeyset,
  startsOnOrBefore,
  type ConditionScope,
} from '../db/filters';
import { RECORD_KINDS } from '../db/enums';
import { wouldCloseLoop } from '../db/integrity';
import { liveCountAtLeastSql, liveCountSql } from '../db/counters';
import type { WriteFailure } from '../db/writes';
import { recordCountries, recordFields, records } from '../db/schema';
import { builder } from '../builder';
import {
  DatePrecisionEnum,
  FieldEnum,
  ParticipantRoleEnum,
  PillarEnum,
  RecordKindEnum,
  RecordStatusEnum,
} from './enums';
import { Institution } from './institution';
import { localizedFieldPair } from './localized';
import * as z from 'zod';
import { addHistoryField } from './history';
import { datesInOrder, LocalizedNameInput, LocalizedTextInput, type RowRules, slugField, yearRule } from './mutations';
import { rule } from './rule';
import { defineLinkEntity, defineWritableEntity } from './write-fields';
import { PlanTarget } from './plan-target';
import { participationsByRole } from './participant-roles';
import { defineListFilter } from './list-filter';
import { cursorPosition, fromColumn, linkedValues, rowBySlug } from './sql-reads';
import { withEagerTotalCount } from './total-count';

export const CooperationRecord = builder.drizzleNode('records', {
  name: 'CooperationRecord',
  description:
    'Something the base did or plans to do with its partners: an event, competition, training, signed project, demonstration unit, report, policy initiative or agreement.',
  id: { column: (record) => record.id },
  select: { columns: { archivedAt: true } },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    kind: t.expose('kind', { type: RecordKindEnum, description: 'What kind of record it is.' }),
    status: t.expose('status', { type: RecordStatusEnum, description: 'Where it stands.' }),
    pillar: t.expose('pillar', { type: PillarEnum, description: 'The key task it serves.' }),
    ...localizedFieldPair(t, 'title', 'Title of the record.'),
    ...localizedFieldPair(t, 'summary', 'A short account in the project’s own words.', { nullable: true }),
    ...localizedFieldPair(t, 'location', 'Where it took place.', { nullable: true }),
    startsOn: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'When it started or took place, as precisely as known.',
      extensions: { sqlRead: { partialDate: 'startsOn' } },
      select: { columns: { startsOn: true, datePrecision: true } },
      resolve: (record) => truncateDate(record.startsOn, record.datePrecision),
    }),
    endsOn: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'When it ended, for records that span several days.',
      extensions: { sqlRead: { partialDate: 'endsOn' } },
      select: { columns: { endsOn: true, datePrecision: true } },
      resolve: (record) => truncateDate(record.endsOn, record.datePrecision),
    }),
    datePrecision: t.expose('datePrecision', {
      type: DatePrecisionEnum,
      nullable: true,
      description: 'How precisely the sources date it.',
    }),
    year: t.exposeInt('year', { nullable: true, description: 'The year it belongs to, where known.' }),
    fields: t.field({
      type: [FieldEnum],
      description: 'Areas it covers.',
      ...linkedValues('fields', 'field'),
    }),
    countries: t.relation('countries', { description: 'Countries it involves.', query: { orderBy: { code: 'asc' } } }),
    tracks: t.relation('tracks', {
      description: 'For a competition: its events (赛项), in order.',
      query: { orderBy: { position: 'asc' } },
    }),
    parent: t.relation('parent', { nullable: true, description: 'The record it is part of, e.g. a competition of a stage.' }),
    children: t.relatedConnection('children', {
      description: 'Records that are part of it, e.g. the stages of a competition.',
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
    }),
    participants: t.relatedConnection('participants', {
      description: 'Institutions involved, with their roles.',
      totalCount: true,
      ...participationsByRole,
    }),
    indicators: t.relation('indicators', {
      description: 'Figures reported for it.',
      query: { orderBy: { id: 'asc' } },
    }),
    target: t.relation('target', { nullable: true, description: 'The plan target it counts towards.' }),
    citations: t.relation('citations', { description: 'The sources that report it.', query: { orderBy: { id: 'asc' } } }),
    photos: t.relation('photos', { description: 'Photos of it printed by the sources.', query: { orderBy: { id: 'asc' } } }),
    sourceDisagreements: t.relation('sourceDisagreements', {
      description: 'Facts of this record on which the sources disagree (such as its length), each side with its source.',
      query: { orderBy: { id: 'asc' } },
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was added.', ...fromColumn('createdAt') }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', ...fromColumn('updatedAt') }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const Participation = builder.drizzleNode('participants', {
  name: 'Participation',
  description: 'An institution’s part in a cooperation record.',
  id: { column: (participant) => participant.id },
  select: { columns: { archivedAt: true } },
  fields: (t) => ({
    role: t.expose('role', { type: ParticipantRoleEnum, description: 'Its role.' }),
    institution: t.relation('institution', { description: 'The institution.' }),
    record: t.relation('record', { description: 'The cooperation record.' }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

builder.drizzleObject('recordTracks', {
  name: 'CompetitionTrack',
  description: 'One event (赛项) of a competition.',
  select: {},
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Its place in the competition’s list, from 1.' }),
    ...localizedFieldPair(t, 'name', 'Name of the event.'),
    field: t.expose('field', { type: FieldEnum, nullable: true, description: 'The area it tests.' }),
  }),
});

export const RecordOrder = builder.enumType('CooperationRecordOrder', {
  description: 'Orderings of cooperation records.',
  values: {
    DATE_DESC: { description: 'Latest first, by start date (or year where no date is known).' },
    DATE_ASC: { description: 'Earliest first, by start date (or year where no date is known).' },
  } as const,
});

// Conditions on the kind, status, pillar, year and parent keep their indexes out of a page's plan
// (see `offIndexOnPage`): a page walks the date-key index instead.
const recordFilter = defineListFilter<typeof records>({
  name: 'CooperationRecordFilter',
  description: 'Narrows a list of cooperation records. All given conditions must hold; list conditions match any of their values.',
  ruled: 'records',
  fields: {
    kinds: { type: [RecordKindEnum], description: 'Any of these kinds.', where: anyOf((t) => t.kind, { offIndexOnPage: true }) },
    statuses: { type: [RecordStatusEnum], description: 'Any of these statuses.', where: anyOf((t) => t.status, { offIndexOnPage: true }) },
    pillars: { type: [PillarEnum], description: 'Any of these key tasks.', where: anyOf((t) => t.pillar, { offIndexOnPage: true }) },
    fields: {
      type: [FieldEnum],
      description: 'Covering any of these areas.',
      where: linkedAnyOf(recordFields, (link) => link.recordId, (link) => link.field, { liveKeyed: RECORDS_KEYED, memberSet: true }),
    },
    countries: {
      type: ['CountryCode'],
      description: 'Involving any of these countries.',
      where: linkedAnyOf(recordCountries, (link) => link.recordId, (link) => link.countryCode, { liveKeyed: RECORDS_KEYED, memberSet: true }),
    },
    yearFrom: { type: 'Int', description: 'In this year or later.', where: atLeast((t) => t.year, { offIndexOnPage: true, orderBound: recordYearKeyBound('from') }) },
    yearTo: { type: 'Int', description: 'In this year or earlier.', where: atMost((t) => t.year, { offIndexOnPage: true, orderBound: recordYearKeyBound('to') }) },
    dateFrom: { type: 'PartialDate', description: 'Ending (or starting) on or after this date.', where: endsOnOrAfter((t) => t.endKey, { orderKey: (t) => t.dateKey, longestSpan: longestRecordSpan }) },
    dateTo: { type: 'PartialDate', description: 'Starting on or before this date.', where: startsOnOrBefore((t) => t.startsOn, { orderKey: (t) => t.dateKey }) },
    institution: {
      node: Institution,
      description: 'With this institution taking part (its global ID).',
      where: participatingInstitution(),
    },
    roles: {
      type: [ParticipantRoleEnum],
      description: 'With an institution in any of these roles (combine with `institution`).',
      where: participatingInRoles(),
    },
    topLevelOnly: { type: 'Boolean', description: 'Leave out records that are part of another, e.g. competition stages.', where: emptyWhenTrue((t) => t.parentId) },
  },
});
export const CooperationRecordFilter = recordFilter.input;

type RecordFilterArgs = Record<string, unknown> | null | undefined;

/** The records a `records` filter (as the GraphQL arguments give it) matches. */
export const recordsMatching = (filter: RecordFilterArgs) => recordFilter.where(records, filter);

/** The same filter as live-row counter terms (src/db/counters.ts), or null when they cannot count it. */
export const recordsCounted = (filter: RecordFilterArgs) => recordFilter.where.counted(records, filter);

/** A `records` filter from raw argument values, its global IDs decoded as resolvers receive them (null: leave it to them). */
export const decodedRecordFilter = recordFilter.decoded;

/** `record(slug:)` on both read paths. */
const recordBySlug = rowBySlug('records');

builder.queryFields((t) => ({
  records: withEagerTotalCount(t).drizzleConnection({
    type: 'records',
    description: 'Cooperation records, latest first unless ordered otherwise.',
    args: {
      filter: t.arg({ type: CooperationRecordFilter, required: false, description: 'Conditions to match.' }),
      orderBy: t.arg({ type: RecordOrder, required: false, defaultValue: 'DATE_DESC', description: 'Ordering.' }),
    },
    extensions: { sqlRead: { rootConnection: recordsList } },
    totalCount: (_parent, args, context) =>
      countWhere(context.db, records, recordsMatching(args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.records.findMany(
        query({
          where: { RAW: (table) => and(recordFilter.where(table, args.filter, { page: true, continued: continued(args) }), ...recordKeysets(table, args))! },
          orderBy: recordsList.orderBy(args),
        }),
      ),
  }),
  record: t.drizzleField({
    type: 'records',
    nullable: true,
    description: 'One cooperation record by its slug.',
    args: { slug: t.arg.string({ required: true, description: 'The record’s slug.' }) },
    extensions: { sqlRead: { rootObject: recordBySlug } },
    resolve: (query, _root, args, context) =>
      context.db.query.records.findFirst(query({ where: { RAW: (table) => recordBySlug.where(table, args) } })),
  }),
}));

/** The `records` list as the compiled read path reads it: the resolver's filter, ordering and keyset. */
/** The counters' terms of a records list's filter (decoded as `where` decodes it), or null when they cannot tell its count. */
function countedTermsOf(args: Record<string, unknown>) {
  const filter = recordFilter.decoded(args.filter as RecordFilterArgs);
  return filter === null ? null : recordsCounted(filter);
}

const recordsList = {
  table: 'records',
  where: (table: SQLiteTable, args: Record<string, unknown>, _context: unknown, purpose: 'page' | 'count', options?: Pick<ConditionScope, 'once'>) => {
    // Global IDs in the filter are decoded by Pothos for resolvers only: decoded here the same way.
    const filter = recordFilter.decoded(args.filter as RecordFilterArgs);
    if (filter === null) return null;
    return recordFilter.where(table as typeof records, filter, { page: purpose === 'page', continued: continued(args), once: options?.once });
  },
  orderBy: (args: { orderBy?: string | null }) => ({ dateKey: args.orderBy === 'DATE_ASC' ? ('asc' as const) : ('desc' as const) }),
  keyset: (table: SQLiteTable, args: Record<string, unknown>) => recordKeysets(table as typeof records, args as never),
  counted: (args: Record<string, unknown>) => {
    const terms = countedTermsOf(args);
    return terms && liveCountSql('records', terms);
  },
  countedAtLeast: (args: Record<string, unknown>) => {
    const terms = countedTermsOf(args);
    return terms && liveCountAtLeastSql('records', terms);
  },
  enumerated: (args: Record<string, unknown>) => {
    const terms = countedTermsOf(args);
    if (!terms) return null;
    // The count form lists a link's (or an institution's) rows, then walks the other filters'
    // index probing that list: both read, however few records match all.
    const links = terms.filter((term) => 'link' in term || 'valueSet' in term);
    const others = terms.filter((term) => !('link' in term || 'valueSet' in term));
    if (links.length === 0 || others.length === 0) return null;
    const parts = [others, ...links.map((link) => [link])].map((part) => liveCountSql('records', part));
    return parts.some((part) => part === null) ? null : sql.join(parts as SQL[], sql` + `);
  },
  // A list of kinds walks those kinds' rows only (`parts`).
  walked: (args: Record<string, unknown>) => {
    const kinds = (args.filter as { kinds?: unknown } | null | undefined)?.kinds;
    return Array.isArray(kinds) && kinds.length > 0 ? liveCountSql('records', [{ column: records.kind, anyOf: kinds }]) : null;
  },
  // Each kind of a `kinds` filter is read in date order from `records_live_kind_dates`. A longer
  // list than there are kinds repeats some: the list walks as a whole.
  parts: (args: Record<string, unknown>) => {
    const filter = args.filter as Record<string, unknown> | null | undefined;
    const kinds = filter?.kinds;
    if (!Array.isArray(kinds) || kinds.length === 0 || kinds.length > RECORD_KINDS.length) return null;
    return kinds.map((kind: unknown) => ({
      args: { ...args, filter: { ...filter, kinds: [kind] } },
      seek: (table: SQLiteTable) => eq((table as typeof records).kind, kind as never),
    }));
  },
} satisfies RootConnection;

/** Whether a page goes on from a cursor (see `ConditionScope.continued`). */
const continued = (args: { after?: unknown; before?: unknown }): boolean => args.after != null || args.before != null;

/**
 * The connection's own keyset filter for `after`/`before` is an OR of comparisons, which SQLite
 * cannot seek with; the same position as one row-value comparison (redundant, so the results are
 * unchanged) lets it seek in the date-key index. Cursors are validated before resolvers run.
 */
function recordKeysets(
  table: typeof records,
  args: { after?: string | null; before?: string | null; orderBy?: string | null },
): SQL[] {
  const ascending = args.orderBy === 'DATE_ASC';
  const filters: SQL[] = [];
  for (const [cursor, pastEnd] of [
    [args.after, ascending],
    [args.before, !ascending],
  ] as const) {
    const values = cursor ? cursorPosition(cursor) : null;
    if (values && values.length > 0) filters.push(recordKeyset(table, values, pastEnd ? 'greater' : 'less'));
  }
  return filters;
}

const PRECISION_LENGTH = { DAY: 10, MONTH: 7, YEAR: 4 } as const;

/** Dates are stored in full; only the part the sources vouch for is returned. */
function truncateDate(value: string | null, precision: keyof typeof PRECISION_LENGTH | null): string | null {
  return value === null ? null : value.slice(0, PRECISION_LENGTH[precision ?? 'DAY']);
}

// Writes -------------------------------------------------------------------------------------

addHistoryField(CooperationRecord, 'CooperationRecord');
addHistoryField(Participation, 'Participation');

const PRECISION_OF_LENGTH = { 4: 'YEAR', 7: 'MONTH', 10: 'DAY' } as const;

/** Dates a client gives as precisely as it knows them; the precision and year follow from them. */
function impliedDating(startsOn: string | null | undefined) {
  if (!startsOn) return {};
  return {
    datePrecision: PRECISION_OF_LENGTH[startsOn.length as keyof typeof PRECISION_OF_LENGTH],
    year: Number(startsOn.slice(0, 4)),
  };
}

/**
 * The dating of a record as stored after a write must agree with itself: the year is the year of
 * `startsOn`, and the precision claims no more than the dates give (DAY needs YYYY-MM-DD).
 */
function datingProblem(row: Record<string, unknown>): WriteFailure | null {
  const startsOn = row.startsOn as string | null | undefined;
  const endsOn = row.endsOn as string | null | undefined;
  const year = row.year as number | null | undefined;
  const precision = row.datePrecision as keyof typeof PRECISION_LENGTH | null | undefined;
  if (startsOn && year !== null && year !== undefined && Number(startsOn.slice(0, 4)) !== year) {
    return {
      kind: 'INVALID',
      path: ['input', 'year'],
      message: `${year} contradicts startsOn (${startsOn}); give the year of startsOn, or omit year.`,
    };
  }
  for (const date of [startsOn, endsOn]) {
    if (precision && date && date.length < PRECISION_LENGTH[precision]) {
      return {
        kind: 'INVALID',
        path: ['input', 'datePrecision'],
        message: `${precision} is more precise than the date ${date}.`,
      };
    }
  }
  return null;
}

/** A record cannot be part of itself, directly or through its parents. */
async function loopProblem(row: Record<string, unknown>, db: Parameters<typeof wouldCloseLoop>[0], id: number | null): Promise<WriteFailure | null> {
  const parentId = row.parentId as number | null | undefined;
  if (id === null || parentId === null || parentId === undefined) return null;
  if (!(await wouldCloseLoop(db, 'CooperationRecord', id, parentId))) return null;
  return { kind: 'INVALID', path: ['input', 'parent'], message: 'the record would become part of itself.' };
}

const recordRowRules: RowRules = {
  columns: ['startsOn', 'endsOn', 'year', 'datePrecision', 'parentId'],
  check: async (row, context, id) => datingProblem(row) ?? (await loopProblem(row, context.db, id)),
};

const datesRule = rule(() =>
  z.unknown().refine(
    (value) => {
      const input = value as { startsOn?: string | null; endsOn?: string | null } | null;
      return !input || datesInOrder(input.startsOn, input.endsOn);
    },
    { message: 'must not be before startsOn', path: ['endsOn'] },
  ),
);

defineWritableEntity({
  type: 'CooperationRecord',
  ref: CooperationRecord,
  field: 'record',
  createDescription: 'A new cooperation record: an event, signed project, training, agreement and so on.',
  updateDescription: 'Changes to a cooperation record: omitted fields stay as they are, null clears an optional one.',
  fields: {
    slug: slugField,
    kind: { type: RecordKindEnum, required: true, description: 'What kind of record it is.', update: 'New kind.' },
    status: { type: RecordStatusEnum, required: true, description: 'Where it stands.', update: 'New status.' },
    pillar: { type: PillarEnum, required: true, description: 'The key task it serves.', update: 'New key task.' },
    title: { type: LocalizedNameInput, required: true, description: 'Its title.', update: 'New title.' },
    summary: { type: LocalizedTextInput, description: 'A short account.' },
    location: { type: LocalizedTextInput, description: 'Where it took place.' },
    startsOn: { type: 'PartialDate', description: 'When it started or took place, as precisely as known.' },
    endsOn: { type: 'PartialDate', description: 'When it ended (not before `startsOn`).' },
    datePrecision: { type: DatePrecisionEnum, description: 'How precise the dates are; by default, as precise as `startsOn`.' },
    year: { type: 'Int', validate: yearRule, description: 'The year it belongs to; by default, the year of `startsOn`.' },
    parent: { node: CooperationRecord, description: 'The record it is part of.' },
    target: { node: PlanTarget, description: 'The plan target it counts towards.' },
    fields: {
      type: [FieldEnum],
      link: 'fields',
      validate: rule(() => z.array(z.string()).max(20, 'must list at most 20 areas')),
      description: 'Areas it covers.',
      update: 'Areas it covers (replaces the list).',
    },
    countries: {
      type: ['CountryCode'],
      link: 'countries',
      references: 'Country',
      validate: rule(() => z.array(z.string()).max(30, 'must list at most 30 countries')),
      description: 'Countries it involves.',
      update: 'Countries it involves (replaces the list).',
    },
  },
  validate: { create: datesRule, update: datesRule },
  implied: (input) => impliedDating(input.startsOn as string | null | undefined),
  rowRules: recordRowRules,
});

defineLinkEntity({
  type: 'Participation',
  ref: Participation,
  field: 'participation',
  createDescription: 'An institution taking part in a cooperation record.',
  updateDescription: 'Changes to a participation.',
  ends: {
    record: { node: CooperationRecord, description: 'The cooperation record.' },
    institution: { node: Institution, description: 'The institution.' },
  },
  role: { type: ParticipantRoleEnum, description: 'Its role.' },
});
