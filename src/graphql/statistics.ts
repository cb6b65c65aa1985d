/** Aggregates: counts by kind, status, key task, field, country and year, and overall totals. */
import { filterGiven } from '../db/filters';
import { COUNTED_TYPES, ENTITIES, GROUPED_TYPES } from '../db/entities';
import {
  countGroupedBy,
  countLiveRecordsBy,
  countRecordsBy,
  countTotals,
  groupedBucketsSql,
  liveRecordBucketsSql,
  recordBucketsSql,
  totalsSql,
  type RecordDimension,
  type Totals as TotalCounts,
} from '../db/stats';
import { builder } from '../builder';
import type { Context } from '../builder';
import { FieldEnum, PillarEnum, RecordKindEnum, RecordStatusEnum } from './enums';
import { CooperationRecordFilter, decodedRecordFilter, recordsCounted, recordsMatching } from './cooperation-record';
import type { SqlRead } from './compiled-read';
import { Country } from './country';

/** A count for one value of an enum dimension. */
function enumBucket<T extends string>(name: string, description: string, keyType: Parameters<typeof builder.objectRef>[0] | object) {
  return builder.objectRef<{ key: T; count: number }>(name).implement({
    description,
    fields: (t) => ({
      key: t.field({
        type: keyType as never,
        description: 'The value counted.',
        resolve: (bucket) => bucket.key as never,
        extensions: { sqlRead: { rowValue: 'key' } satisfies SqlRead },
      }),
      count: t.exposeInt('count', { description: 'How many there are.' }),
    }),
  });
}

const RecordKindCount = enumBucket('RecordKindCount', 'Number of records of one kind.', RecordKindEnum);
const RecordStatusCount = enumBucket('RecordStatusCount', 'Number of records with one status.', RecordStatusEnum);
const PillarCount = enumBucket('PillarCount', 'Number of records under one key task.', PillarEnum);
const FieldCount = enumBucket('FieldCount', 'Number of records covering one field.', FieldEnum);
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The grouped counts of other entities (registry: `groupings`): `<key>By<Column>` fields over
 * `<Type><Column>Count` buckets of the `<Type><Column>` enum, e.g. `networksByKind: [NetworkKindCount]`.
 */
const groupedCounts = GROUPED_TYPES.flatMap((type) => {
  const { key, plural, groupings } = ENTITIES[type];
  return Object.entries(groupings).map(([column, { phrase }]) => {
    const enumName = `${type}${capitalized(column)}`;
    return {
      field: `${key}By${capitalized(column)}`,
      description: `${capitalized(plural)} by ${column}.`,
      bucket: enumBucket(`${enumName}Count`, `Number of ${plural} ${phrase}.`, enumName),
      count: (context: Context) => countGroupedBy(context.db, type, column),
      rows: () => groupedBucketsSql(type, column),
    };
  });
});

const YearCount = builder.objectRef<{ key: number | null; count: number }>('YearCount').implement({
  description: 'Number of records in one year.',
  fields: (t) => ({
    year: t.int({
      nullable: true,
      description: 'The year; null for records the sources do not date.',
      resolve: (bucket) => bucket.key,
      extensions: { sqlRead: { rowValue: 'key' } satisfies SqlRead },
    }),
    count: t.exposeInt('count', { description: 'How many there are.' }),
  }),
});

type CountryRow = typeof Country.$inferType;

const CountryCount = builder.objectRef<{ key: string; count: number; country?: CountryRow }>('CountryCount').implement({
  description: 'Number of records involving one country.',
  fields: (t) => ({
    country: t.field({
      type: Country,
      description: 'The country.',
      // Loaded next to the counts (see recordsByCountry), so it costs no second round trip.
      extensions: { sqlRead: { rowRelated: { table: 'countries', column: 'code', value: 'key' } } satisfies SqlRead },
      resolve: (bucket) => {
        if (!bucket.country) throw new Error(`Unknown country ${bucket.key}`);
        return bucket.country;
      },
    }),
    count: t.exposeInt('count', { description: 'How many there are.' }),
  }),
});

const Totals = builder.objectRef<TotalCounts>('Totals').implement({
  description: 'How many of each entity the API holds (archived ones excluded).',
  fields: (t) =>
    Object.fromEntries(
      COUNTED_TYPES.map((type) => [ENTITIES[type].key, t.exposeInt(ENTITIES[type].key, { description: ENTITIES[type].total })]),
    ),
});

type RecordFilter = typeof CooperationRecordFilter.$inferInput | null | undefined;

/** Records per value of a dimension: from the counters when unfiltered, else counted over the filter. */
function recordBuckets(context: Context, dimension: RecordDimension, filter: RecordFilter) {
  return !filterGiven(filter)
    ? countLiveRecordsBy(context.db, dimension)
    : countRecordsBy(context.db, dimension, recordsMatching(filter), recordsCounted(filter));
}

/**
 * The same buckets as rows of the compiled read's statement. A filter's global IDs arrive raw
 * there: decoded as the resolvers receive them, or left to the resolvers when not valid.
 */
function recordBucketRows(dimension: RecordDimension, filter: Record<string, unknown> | null | undefined) {
  if (!filterGiven(filter)) return liveRecordBucketsSql(dimension);
  const decoded = decodedRecordFilter(filter);
  if (decoded === null) return null;
  return recordBucketsSql(dimension, recordsMatching(decoded), recordsCounted(decoded));
}

const Statistics = builder.objectRef<Record<string, never>>('Statistics').implement({
  description: 'Aggregates over the whole data set. Record counts accept the same filter as `records`.',
  fields: (t) => {
    const recordCounts = (dimension: RecordDimension) => ({
      args: { filter: t.arg({ type: CooperationRecordFilter, required: false, description: 'Count only records matching this.' }) },
      resolve: (_root: unknown, args: { filter?: RecordFilter }, context: Context) => recordBuckets(context, dimension, args.filter) as never,
      extensions: { sqlRead: { rows: (args) => recordBucketRows(dimension, args.filter as Record<string, unknown> | null | undefined) } satisfies SqlRead },
    });
    return {
      totals: t.field({
        type: Totals,
        description: 'Totals of every entity.',
        resolve: (_root, _args, context) => countTotals(context.db),
        extensions: { sqlRead: { rows: () => totalsSql() } satisfies SqlRead },
      }),
      recordsByKind: t.field({ type: [RecordKindCount], description: 'Records by kind.', ...recordCounts('kind') }),
      recordsByStatus: t.field({ type: [RecordStatusCount], description: 'Records by status.', ...recordCounts('status') }),
      recordsByPillar: t.field({ type: [PillarCount], description: 'Records by key task.', ...recordCounts('pillar') }),
      recordsByField: t.field({ type: [FieldCount], description: 'Records by field.', ...recordCounts('field') }),
      recordsByCountry: t.field({
        type: [CountryCount],
        description: 'Records by country involved.',
        args: recordCounts('country').args,
        extensions: recordCounts('country').extensions,
        resolve: async (_root, args, context) => {
          const [buckets, countries] = await Promise.all([
            recordBuckets(context, 'country', args.filter),
            context.db.query.countries.findMany(),
          ]);
          const byCode = new Map(countries.map((country) => [country.code, country]));
          return buckets.map((bucket) => ({ key: String(bucket.key), count: bucket.count, country: byCode.get(String(bucket.key)) }));
        },
      }),
      recordsByYear: t.field({ type: [YearCount], description: 'Records by year, latest first.', ...recordCounts('year') }),
      ...Object.fromEntries(
        groupedCounts.map(({ field, description, bucket, count, rows }) => [
          field,
          t.field({ type: [bucket], description, resolve: (_r, _a, context) => count(context) as never, extensions: { sqlRead: { rows } satisfies SqlRead } }),
        ]),
      ),
    };
  },
});

builder.queryField('statistics', (t) =>
  t.field({
    type: Statistics,
    description: 'Counts by kind, status, key task, field, country and year, and overall totals.',
    resolve: () => ({}),
    extensions: { sqlRead: { aggregates: true } satisfies SqlRead },
  }),
);
