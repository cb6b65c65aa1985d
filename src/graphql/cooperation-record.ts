/**
 * Cooperation records: events, competitions (with tracks), trainings, signed projects,
 * demonstration units, reports, policy initiatives and agreements.
 */
import { countWhere, recordDateKey, recordWhere } from '../db/filters';
import { records } from '../db/schema';
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

export const CooperationRecord = builder.drizzleNode('records', {
  name: 'CooperationRecord',
  description:
    'Something the base did or plans to do with its partners: an event, competition, training, signed project, demonstration unit, report, policy initiative or agreement.',
  id: { column: (record) => record.id },
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
      resolve: (record) => truncateDate(record.startsOn, record.datePrecision),
    }),
    endsOn: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'When it ended, for records that span several days.',
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
      select: { with: { fields: { columns: { field: true } } } },
      resolve: (record) => record.fields.map((entry) => entry.field),
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
      query: { where: { archivedAt: { isNull: true } }, orderBy: { id: 'asc' } },
    }),
    participants: t.relatedConnection('participants', {
      description: 'Institutions involved, with their roles.',
      totalCount: true,
      args: {
        roles: t.arg({ type: [ParticipantRoleEnum], required: false, description: 'Only these roles.' }),
      },
      query: (args) => ({
        where: {
          archivedAt: { isNull: true },
          ...(args.roles && args.roles.length > 0 ? { role: { in: args.roles } } : {}),
        },
        orderBy: { id: 'asc' },
      }),
    }),
    indicators: t.relation('indicators', {
      description: 'Figures reported for it.',
      query: { where: { archivedAt: { isNull: true } }, orderBy: { id: 'asc' } },
    }),
    target: t.relation('target', { nullable: true, description: 'The plan target it counts towards.' }),
    citations: t.relation('citations', { description: 'The sources that report it.', query: { orderBy: { id: 'asc' } } }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was added.', resolve: (row) => row.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (row) => row.updatedAt }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const Participation = builder.drizzleNode('participants', {
  name: 'Participation',
  description: 'An institution’s part in a cooperation record.',
  id: { column: (participant) => participant.id },
  fields: (t) => ({
    role: t.expose('role', { type: ParticipantRoleEnum, description: 'Its role.' }),
    institution: t.relation('institution', { description: 'The institution.' }),
    record: t.relation('record', { description: 'The cooperation record.' }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const CompetitionTrack = builder.drizzleObject('recordTracks', {
  name: 'CompetitionTrack',
  description: 'One event (赛项) of a competition.',
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

export const CooperationRecordFilter = builder.inputType('CooperationRecordFilter', {
  description: 'Narrows a list of cooperation records. All given conditions must hold; list conditions match any of their values.',
  fields: (t) => ({
    kinds: t.field({ type: [RecordKindEnum], required: false, description: 'Any of these kinds.' }),
    statuses: t.field({ type: [RecordStatusEnum], required: false, description: 'Any of these statuses.' }),
    pillars: t.field({ type: [PillarEnum], required: false, description: 'Any of these key tasks.' }),
    fields: t.field({ type: [FieldEnum], required: false, description: 'Covering any of these areas.' }),
    countries: t.field({ type: ['CountryCode'], required: false, description: 'Involving any of these countries.' }),
    yearFrom: t.int({ required: false, description: 'In this year or later.' }),
    yearTo: t.int({ required: false, description: 'In this year or earlier.' }),
    dateFrom: t.field({ type: 'PartialDate', required: false, description: 'Ending (or starting) on or after this date.' }),
    dateTo: t.field({ type: 'PartialDate', required: false, description: 'Starting on or before this date.' }),
    institution: t.globalID({ for: Institution, required: false, description: 'With this institution taking part (its global ID).' }),
    roles: t.field({ type: [ParticipantRoleEnum], required: false, description: 'With an institution in any of these roles (combine with `institution`).' }),
    topLevelOnly: t.boolean({ required: false, description: 'Leave out records that are part of another, e.g. competition stages.' }),
  }),
});

builder.queryFields((t) => ({
  records: t.drizzleConnection({
    type: 'records',
    description: 'Cooperation records, latest first unless ordered otherwise.',
    args: {
      filter: t.arg({ type: CooperationRecordFilter, required: false, description: 'Conditions to match.' }),
      orderBy: t.arg({ type: RecordOrder, required: false, defaultValue: 'DATE_DESC', description: 'Ordering.' }),
    },
    totalCount: (_parent, args, context) =>
      countWhere(context.db, records, recordWhere(records, recordFilterFromArgs(args.filter))),
    resolve: (query, _root, args, context) =>
      context.db.query.records.findMany(
        query({
          where: { RAW: (table) => recordWhere(table, recordFilterFromArgs(args.filter)) },
          extras: { dateKey: (table) => recordDateKey(table) },
          orderBy: { dateKey: args.orderBy === 'DATE_ASC' ? 'asc' : 'desc' },
        }),
      ),
  }),
  record: t.drizzleField({
    type: 'records',
    nullable: true,
    description: 'One cooperation record by its slug.',
    args: { slug: t.arg.string({ required: true, description: 'The record’s slug.' }) },
    resolve: (query, _root, args, context) =>
      context.db.query.records.findFirst(query({ where: { slug: args.slug, archivedAt: { isNull: true } } })),
  }),
}));

const PRECISION_LENGTH = { DAY: 10, MONTH: 7, YEAR: 4 } as const;

/** Dates are stored in full; only the part the sources vouch for is returned. */
function truncateDate(value: string | null, precision: keyof typeof PRECISION_LENGTH | null): string | null {
  return value === null ? null : value.slice(0, PRECISION_LENGTH[precision ?? 'DAY']);
}

type RecordFilterArgs = typeof CooperationRecordFilter.$inferInput | null | undefined;

/** Maps the GraphQL filter (global IDs) onto the data layer's filter (row IDs). */
export function recordFilterFromArgs(filter: RecordFilterArgs) {
  if (!filter) return undefined;
  const { institution, ...rest } = filter;
  return { ...rest, institutionId: institution ? Number(institution.id) : undefined };
}
