/**
 * Tables of the BRICS PartNIR Innovation Base data set.
 *
 * Text that users read exists in three scripts: Traditional Chinese (as repaired from the source
 * report), Simplified Chinese (converted) and English (written for the project). Each localised
 * attribute is therefore three columns with the suffixes ZhHant, ZhHans and En.
 *
 * Every mutable entity carries `version` (optimistic concurrency), `archivedAt` (soft delete) and
 * timestamps. Enumerations are stored as text and checked by the application layer.
 */
import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  customType,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type SQLiteTextBuilder,
} from 'drizzle-orm/sqlite-core';
import {
  BRANCH_CENTRE_KINDS,
  BRANCH_CENTRE_STATUSES,
  CITATION_BASES,
  DATE_PRECISIONS,
  FIELDS,
  INDICATOR_UNITS,
  INSTITUTION_TYPES,
  NETWORK_KINDS,
  NETWORK_ROLES,
  NETWORK_STATUSES,
  PARTICIPANT_ROLES,
  PILLARS,
  PLAN_SUBJECTS,
  RECORD_KINDS,
  RECORD_STATUSES,
  SOURCE_KINDS,
  VALUE_QUALIFIERS,
} from './enums';

/** Three NOT NULL text columns, one per script. */
function requiredLocalized<P extends string>(property: P, column: string) {
  return {
    [`${property}ZhHant`]: text(`${column}_zh_hant`).notNull(),
    [`${property}ZhHans`]: text(`${column}_zh_hans`).notNull(),
    [`${property}En`]: text(`${column}_en`).notNull(),
  } as Record<`${P}ZhHant` | `${P}ZhHans` | `${P}En`, RequiredText>;
}

/** Three nullable text columns, one per script. */
function optionalLocalized<P extends string>(property: P, column: string) {
  return {
    [`${property}ZhHant`]: text(`${column}_zh_hant`),
    [`${property}ZhHans`]: text(`${column}_zh_hans`),
    [`${property}En`]: text(`${column}_en`),
  } as Record<`${P}ZhHant` | `${P}ZhHans` | `${P}En`, OptionalText>;
}

/** The builder types of `text(name)` and `text(name).notNull()`. */
type OptionalText = SQLiteTextBuilder<[string, ...string[]]>;
type RequiredText = ReturnType<OptionalText['notNull']>;

/** Bookkeeping shared by every mutable entity. */
const lifecycle = () => ({
  version: integer('version').notNull().default(1),
  archivedAt: text('archived_at'),
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

/** An index over live rows only: lists, counts and lookups read rows that are not archived. */
const liveIndex = (name: string, ...columns: Parameters<ReturnType<typeof index>['on']>) => index(name).on(...columns).where(sql`archived_at IS NULL`);

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((value) => `'${value}'`).join(', ')})`);

export const sources = sqliteTable(
  'sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    ...requiredLocalized('title', 'title'),
    publisher: text('publisher'),
    url: text('url'),
    /** ISO date, possibly truncated to a month (YYYY-MM) where the source gives no day. */
    publishedOn: text('published_on'),
    /** For supplementary facts: the line of shared/source/supplementary.md. */
    line: integer('line'),
    ...lifecycle(),
  },
  () => [check('sources_kind', oneOf('kind', SOURCE_KINDS))],
);

export const countries = sqliteTable('countries', {
  /** ISO 3166-1 alpha-2. */
  code: text('code').primaryKey(),
  ...requiredLocalized('name', 'name'),
  bricsMember: integer('brics_member', { mode: 'boolean' }).notNull().default(false),
});

export const institutions = sqliteTable(
  'institutions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    type: text('type', { enum: INSTITUTION_TYPES }).notNull(),
    ...requiredLocalized('name', 'name'),
    acronym: text('acronym'),
    countryCode: text('country_code').references(() => countries.code),
    website: text('website'),
    ...optionalLocalized('description', 'description'),
    /** Parent institution, e.g. a municipal bureau under a municipal government. */
    parentId: integer('parent_id').references((): AnySQLiteColumn => institutions.id),
    ...lifecycle(),
  },
  (table) => [
    index('institutions_type').on(table.type),
    index('institutions_country').on(table.countryCode),
    // Live institutions by filter value, in id order: a filtered page walks one and its count
    // reads only index entries, never the rows past their long descriptions (an institution
    // filter's count over 500 rows: 2.3 ms → index only). Both values for a filter on both.
    liveIndex('institutions_live_countries', table.countryCode),
    liveIndex('institutions_live_types', table.type),
    liveIndex('institutions_live_country_types', table.countryCode, table.type),
    index('institutions_parent').on(table.parentId),
    check('institutions_type_valid', oneOf('type', INSTITUTION_TYPES)),
  ],
);

export const planTargets = sqliteTable(
  'plan_targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    year: integer('year').notNull(),
    pillar: text('pillar', { enum: PILLARS }).notNull(),
    subject: text('subject', { enum: PLAN_SUBJECTS }).notNull(),
    ...requiredLocalized('title', 'title'),
    ...optionalLocalized('description', 'description'),
    targetMin: integer('target_min').notNull(),
    targetMax: integer('target_max'),
    /** A total that a later source reports as achieved, where it names fewer items than it counts. */
    reportedAchieved: integer('reported_achieved'),
    reportedAchievedOn: text('reported_achieved_on'),
    ...lifecycle(),
  },
  (table) => [
    index('plan_targets_year').on(table.year),
    check('plan_targets_pillar', oneOf('pillar', PILLARS)),
    check('plan_targets_subject', oneOf('subject', PLAN_SUBJECTS)),
    check('plan_targets_range', sql`target_max IS NULL OR target_max >= target_min`),
  ],
);

export const branchCentres = sqliteTable(
  'branch_centres',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    kind: text('kind', { enum: BRANCH_CENTRE_KINDS }).notNull(),
    status: text('status', { enum: BRANCH_CENTRE_STATUSES }).notNull(),
    ...requiredLocalized('name', 'name'),
    ...optionalLocalized('description', 'description'),
    hostInstitutionId: integer('host_institution_id').references(() => institutions.id),
    targetId: integer('target_id').references(() => planTargets.id),
    field: text('field', { enum: FIELDS }),
    plannedYear: integer('planned_year'),
    launchedOn: text('launched_on'),
    ...lifecycle(),
  },
  (table) => [
    index('branch_centres_kind_status').on(table.kind, table.status),
    index('branch_centres_host').on(table.hostInstitutionId),
    index('branch_centres_target').on(table.targetId),
    check('branch_centres_kind_valid', oneOf('kind', BRANCH_CENTRE_KINDS)),
    check('branch_centres_status_valid', oneOf('status', BRANCH_CENTRE_STATUSES)),
  ],
);

export const networks = sqliteTable(
  'networks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    kind: text('kind', { enum: NETWORK_KINDS }).notNull(),
    status: text('status', { enum: NETWORK_STATUSES }).notNull(),
    pillar: text('pillar', { enum: PILLARS }).notNull(),
    ...requiredLocalized('name', 'name'),
    ...optionalLocalized('description', 'description'),
    establishedOn: text('established_on'),
    /** The source names only some members and says there are more. */
    membershipIncomplete: integer('membership_incomplete', { mode: 'boolean' })
      .notNull()
      .default(false),
    ...lifecycle(),
  },
  (table) => [
    index('networks_kind').on(table.kind),
    check('networks_kind_valid', oneOf('kind', NETWORK_KINDS)),
    check('networks_status_valid', oneOf('status', NETWORK_STATUSES)),
  ],
);

export const networkMembers = sqliteTable(
  'network_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    role: text('role', { enum: NETWORK_ROLES }).notNull(),
    ...lifecycle(),
  },
  (table) => [
    uniqueIndex('network_members_unique').on(table.networkId, table.institutionId),
    index('network_members_institution').on(table.institutionId),
    // A network's live members in id order, as its \`members\` pages read them: the unique index
    // above orders them by institution, so each page sorted every member (2,000 members: 1.8 ms).
    liveIndex('network_members_live_network', table.networkId, table.id),
    check('network_members_role_valid', oneOf('role', NETWORK_ROLES)),
  ],
);

/**
 * A record whose span `span_days` does not count in days: an end with a start or end that is not a
 * whole day. SQLite reads a bare year as a Julian day number (a start on 2020-05-03 and an end in
 * 2021 span -2,456,952 days; 2020 to 2021, one day), so no span may bound a walk while one exists.
 */
export const INEXACT_SPAN = sql`ends_on IS NOT NULL AND (starts_on IS NULL OR length(starts_on) <> 10 OR length(ends_on) <> 10)`;

/**
 * A record whose date key does not start with its year: a start outside its year, or a year of
 * other than four digits (with no year, neither holds; with no start, only the second can). While
 * none exists, a bound on years bounds the key a page walks (`recordYearKeyBound`, src/db/filters.ts).
 */
export const INEXACT_YEAR = sql`year NOT BETWEEN 1000 AND 9999 OR substr(starts_on, 1, 4) <> cast(year AS text)`;

export const records = sqliteTable(
  'records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    kind: text('kind', { enum: RECORD_KINDS }).notNull(),
    status: text('status', { enum: RECORD_STATUSES }).notNull(),
    pillar: text('pillar', { enum: PILLARS }).notNull(),
    ...requiredLocalized('title', 'title'),
    ...optionalLocalized('summary', 'summary'),
    ...optionalLocalized('location', 'location'),
    /** ISO date; with `datePrecision` MONTH or YEAR only the leading part is meaningful. */
    startsOn: text('starts_on'),
    endsOn: text('ends_on'),
    datePrecision: text('date_precision', { enum: DATE_PRECISIONS }),
    /** The year the record belongs to, kept even where no exact date is known. */
    year: integer('year'),
    /**
     * The default ordering key (start date, else year), computed by SQLite so that pages, cursors
     * and the index all use one value: keyset pages compare `(date_key, id)` as a row value.
     */
    dateKey: text('date_key').generatedAlwaysAs(sql`coalesce(starts_on, cast(year as text), '')`, { mode: 'virtual' }),
    /**
     * The last day it covers: its end, else its start (null without either). `dateFrom` compares
     * it as one indexed, counted value instead of an OR of two columns that scans every row.
     */
    endKey: text('end_key').generatedAlwaysAs(sql`coalesce(ends_on, starts_on)`, { mode: 'virtual' }),
    /**
     * How many days it spans from its start to its end (0 without an end). 1,000,000 where that is
     * unknown (an end with no start, or a date that is not a whole day). The longest span
     * (`records_spans`) bounds where a `dateFrom` page can start in date order: see `endsOnOrAfter`.
     */
    spanDays: integer('span_days').generatedAlwaysAs(
      sql`CASE WHEN ends_on IS NULL THEN 0 ELSE coalesce(CAST(julianday(ends_on) - julianday(starts_on) AS INTEGER), 1000000) END`,
      { mode: 'virtual' },
    ),
    /**
     * The id of a live record, null for an archived one. A record reached by its id from a link
     * (its participants, countries, fields) is tested through `records_live_ids` by this key: by
     * `id`, SQLite takes the row itself, whose wide texts it must read past to reach `archived_at`.
     */
    liveId: integer('live_id').generatedAlwaysAs(sql`CASE WHEN archived_at IS NULL THEN id END`, { mode: 'virtual' }),
    parentId: integer('parent_id').references((): AnySQLiteColumn => records.id),
    targetId: integer('target_id').references(() => planTargets.id),
    ...lifecycle(),
  },
  (table) => [
    // No index on one filter column over every row (kind, status, key task, year): without
    // statistics SQLite takes such an index for a selective one and reads every matching row to
    // test `archived_at` (and the other conditions), where a partial index below answers from
    // the index alone (100k records: a key task's counts by status 50 ms → a few ms).
    index('records_starts_on').on(table.startsOn),
    // Partial indexes over the rows lists show (archived ones are hidden from every public list):
    // the default ordering, so a page (and a keyset page deep in the list) seeks instead of scans,
    // and covering indexes for filtered counts and the kind/year aggregates.
    // Covering the usual filter columns, so a filtered page walks the index without reading rows
    // that do not match (a status whose records sort last, 100k records: 25 ms → 0.7 ms).
    // The dates too: a walk tests `dateFrom` (the last day, computed from them) from the index
    // instead of reading each row (100k records, the next events earliest first: 80 → 10 ms).
    liveIndex('records_live_listing', table.dateKey, table.id, table.kind, table.year, table.status, table.pillar, table.parentId, table.startsOn, table.endsOn),
    // A page of some kinds reads each kind's rows in date order from here and merges them, instead
    // of walking past every row of the other kinds (100k records, two kinds whose first match sorts
    // behind ~20,000 newer records: the walk 0.86 ms in SQLite). The usual filter columns as above.
    liveIndex('records_live_kind_dates', table.kind, table.dateKey, table.id, table.year, table.status, table.pillar, table.parentId, table.startsOn, table.endKey),
    // Counts of a kind with other conditions read no row (kind and status, 100k records: 33 → 1.5 ms).
    liveIndex('records_live_kinds', table.kind, table.year, table.status, table.pillar, table.parentId, table.startsOn, table.endKey),
    // The same for a span of years, and counts grouped by year (or by a column no index leads
    // with), whatever else the filter holds.
    liveIndex('records_live_years', table.year, table.kind, table.status, table.pillar, table.parentId, table.startsOn, table.endKey),
    // Date ranges (`dateFrom`, `dateTo`) seek their bound and count without reading a row, the
    // usual other filter columns included.
    liveIndex('records_live_ends', table.endKey, table.startsOn, table.kind, table.year, table.status, table.pillar, table.parentId),
    liveIndex('records_live_starts', table.startsOn, table.endKey, table.kind, table.year, table.status, table.pillar, table.parentId),
    // A live record by its id, with the usual filter columns: a link's record is tested for
    // visibility and filters without reading its row (100k records with long texts, an
    // institution in 17k of them: its count 32 → 9 ms).
    liveIndex('records_live_ids', table.liveId, table.kind, table.year, table.status, table.pillar, table.parentId, table.startsOn, table.endKey),
    // Over every row (a list that shows archived records uses the bound too): the longest span
    // is read from its end, not counted over the rows.
    index('records_spans').on(table.spanDays),
    // The few records whose span is no count of days (see `INEXACT_SPAN`): whether any exists is one seek.
    index('records_inexact_spans').on(table.id).where(INEXACT_SPAN),
    // The records whose year their date key does not start with (see `INEXACT_YEAR`): likewise one seek.
    index('records_inexact_years').on(table.id).where(INEXACT_YEAR),
    index('records_parent').on(table.parentId),
    index('records_target').on(table.targetId),
    // A target's live records by status, from the index alone: its progress is counted here
    // (`archived_at` a column too, as in participants_live_institution, or SQLite reads each row).
    // Only records with a target: over all live records this small index was SQLite's choice
    // for other counts by status, which then read each row for their other columns.
    index('records_live_target')
      .on(table.targetId, table.status, table.archivedAt)
      .where(sql`archived_at IS NULL AND target_id IS NOT NULL`),
    check('records_kind_valid', oneOf('kind', RECORD_KINDS)),
    check('records_status_valid', oneOf('status', RECORD_STATUSES)),
    check('records_pillar_valid', oneOf('pillar', PILLARS)),
    check('records_dates', sql`ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on`),
  ],
);

export const recordTracks = sqliteTable(
  'record_tracks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordId: integer('record_id')
      .notNull()
      .references(() => records.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    ...requiredLocalized('name', 'name'),
    field: text('field', { enum: FIELDS }),
  },
  (table) => [uniqueIndex('record_tracks_position').on(table.recordId, table.position)],
);

export const recordFields = sqliteTable(
  'record_fields',
  {
    recordId: integer('record_id')
      .notNull()
      .references(() => records.id, { onDelete: 'cascade' }),
    field: text('field', { enum: FIELDS }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.recordId, table.field] }),
    // With the record: a count led by a field's links reads them from the index alone.
    index('record_fields_field_record').on(table.field, table.recordId),
    check('record_fields_field_valid', oneOf('field', FIELDS)),
  ],
);

export const recordCountries = sqliteTable(
  'record_countries',
  {
    recordId: integer('record_id')
      .notNull()
      .references(() => records.id, { onDelete: 'cascade' }),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
  },
  (table) => [
    primaryKey({ columns: [table.recordId, table.countryCode] }),
    // With the record: a count led by a country's links reads them from the index alone.
    index('record_countries_country_record').on(table.countryCode, table.recordId),
  ],
);

export const participants = sqliteTable(
  'participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordId: integer('record_id')
      .notNull()
      .references(() => records.id, { onDelete: 'cascade' }),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    role: text('role', { enum: PARTICIPANT_ROLES }).notNull(),
    ...lifecycle(),
  },
  (table) => [
    uniqueIndex('participants_unique').on(table.recordId, table.institutionId, table.role),
    index('participants_institution').on(table.institutionId),
    // An institution's live participations, answered from the index alone. `archived_at` is a
    // column too: SQLite 3.45 does not see that the partial condition covers it, and would take
    // `participants_institution` and read each row (an institution in 29k participations: 6 → 0.5 ms).
    liveIndex('participants_live_institution', table.institutionId, table.recordId, table.role, table.archivedAt),
    // A record's live participants in page order: a nested page reads them without sorting.
    liveIndex('participants_live_record', table.recordId, table.id),
    // An institution's live participations in one role, in page order: a page in that role reads
    // its rows alone (100k records, the last 5 as HOST past 5k as PARTNER: 174 ms).
    liveIndex('participants_live_institution_role', table.institutionId, table.role, table.id),
    // Live participations in some roles, by record: the records of a roles filter, counted from here.
    liveIndex('participants_live_role', table.role, table.recordId),
    check('participants_role_valid', oneOf('role', PARTICIPANT_ROLES)),
  ],
);

export const indicators = sqliteTable(
  'indicators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    pillar: text('pillar', { enum: PILLARS }).notNull(),
    ...requiredLocalized('name', 'name'),
    /** Null where the source gives only the change, not the level. */
    value: real('value'),
    /** Null where the sources give no level and therefore no unit (only a change in percent). */
    unit: text('unit', { enum: INDICATOR_UNITS }),
    qualifier: text('qualifier', { enum: VALUE_QUALIFIERS }).notNull().default('EXACT'),
    /** Year-on-year change in percent. */
    changePercent: real('change_percent'),
    /** Start and end of the period measured; for a running total only the end is known. */
    periodStart: text('period_start'),
    periodEnd: text('period_end'),
    year: integer('year'),
    recordId: integer('record_id').references(() => records.id, { onDelete: 'set null' }),
    institutionId: integer('institution_id').references(() => institutions.id, {
      onDelete: 'set null',
    }),
    ...lifecycle(),
  },
  (table) => [
    index('indicators_year').on(table.year),
    index('indicators_record').on(table.recordId),
    index('indicators_institution').on(table.institutionId),
    check('indicators_unit_valid', oneOf('unit', INDICATOR_UNITS)),
    check('indicators_qualifier_valid', oneOf('qualifier', VALUE_QUALIFIERS)),
    check('indicators_has_figure', sql`value IS NOT NULL OR change_percent IS NOT NULL`),
  ],
);

/**
 * Provenance: which source backs which entity. Exactly one subject column is set, so every
 * citation has a real foreign key to what it supports.
 */
export const citations = sqliteTable(
  'citations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    /** Paragraph of the article (1 = headline) where the fact stands. */
    paragraph: integer('paragraph'),
    /** SOURCE_STATES, or INFERRED where the claim is reasoning from the source, explained in `note`. */
    basis: text('basis', { enum: CITATION_BASES }).notNull().default('SOURCE_STATES'),
    ...optionalLocalized('note', 'note'),
    institutionId: integer('institution_id').references(() => institutions.id, {
      onDelete: 'cascade',
    }),
    branchCentreId: integer('branch_centre_id').references(() => branchCentres.id, {
      onDelete: 'cascade',
    }),
    networkId: integer('network_id').references(() => networks.id, { onDelete: 'cascade' }),
    recordId: integer('record_id').references(() => records.id, { onDelete: 'cascade' }),
    indicatorId: integer('indicator_id').references(() => indicators.id, { onDelete: 'cascade' }),
    planTargetId: integer('plan_target_id').references(() => planTargets.id, {
      onDelete: 'cascade',
    }),
  },
  (table) => [
    index('citations_source').on(table.sourceId),
    index('citations_institution').on(table.institutionId),
    index('citations_branch_centre').on(table.branchCentreId),
    index('citations_network').on(table.networkId),
    index('citations_record').on(table.recordId),
    index('citations_indicator').on(table.indicatorId),
    index('citations_plan_target').on(table.planTargetId),
    check(
      'citations_one_subject',
      sql`(institution_id IS NOT NULL) + (branch_centre_id IS NOT NULL) + (network_id IS NOT NULL) + (record_id IS NOT NULL) + (indicator_id IS NOT NULL) + (plan_target_id IS NOT NULL) = 1`,
    ),
  ],
);

/** Areas an indicator covers, as the sources name them (e.g. the demonstration units' fields). */
export const indicatorFields = sqliteTable(
  'indicator_fields',
  {
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    field: text('field', { enum: FIELDS }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.indicatorId, table.field] }), index('indicator_fields_field').on(table.field)],
);

/** Areas a plan target covers, as the sources name them. */
export const planTargetFields = sqliteTable(
  'plan_target_fields',
  {
    planTargetId: integer('plan_target_id')
      .notNull()
      .references(() => planTargets.id, { onDelete: 'cascade' }),
    field: text('field', { enum: FIELDS }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.planTargetId, table.field] }), index('plan_target_fields_field').on(table.field)],
);

/**
 * Where sources disagree about one fact of a record or an indicator (e.g. a length in days against
 * a date range). Each claim keeps its own source, so neither is silently preferred.
 */
export const sourceDisagreements = sqliteTable(
  'source_disagreements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    /** What the sources disagree about. */
    ...requiredLocalized('topic', 'topic'),
    recordId: integer('record_id').references(() => records.id, { onDelete: 'cascade' }),
    indicatorId: integer('indicator_id').references(() => indicators.id, { onDelete: 'cascade' }),
  },
  (table) => [
    index('source_disagreements_record').on(table.recordId),
    index('source_disagreements_indicator').on(table.indicatorId),
  ],
);

/** One side of a disagreement: what one source says, and where. */
export const disagreementClaims = sqliteTable(
  'disagreement_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    disagreementId: integer('disagreement_id')
      .notNull()
      .references(() => sourceDisagreements.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    ...requiredLocalized('statement', 'statement'),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    /** Paragraph of the article (1 = headline) where the claim stands. */
    paragraph: integer('paragraph'),
  },
  (table) => [uniqueIndex('disagreement_claims_position').on(table.disagreementId, table.position)],
);

/**
 * Photographs the news report prints, with their captions and credits. A photo belongs to the
 * record, institution or indicator it shows; it is part of its source, so it cites it directly.
 */
export const photos = sqliteTable(
  'photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    ...requiredLocalized('caption', 'caption'),
    /** Null where the source credits no photographer. */
    ...optionalLocalized('photographer', 'photographer'),
    /** Organisation of the photographer, e.g. Xiamen Daily. */
    ...optionalLocalized('credit', 'credit'),
    /** An archive photo (资料图) rather than one taken for the report. */
    archivePhoto: integer('archive_photo', { mode: 'boolean' }).notNull().default(false),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    paragraph: integer('paragraph'),
    recordId: integer('record_id').references(() => records.id, { onDelete: 'cascade' }),
    institutionId: integer('institution_id').references(() => institutions.id, { onDelete: 'cascade' }),
    indicatorId: integer('indicator_id').references(() => indicators.id, { onDelete: 'cascade' }),
  },
  (table) => [
    index('photos_record').on(table.recordId),
    index('photos_institution').on(table.institutionId),
    index('photos_indicator').on(table.indicatorId),
    check(
      'photos_one_subject',
      sql`(record_id IS NOT NULL) + (institution_id IS NOT NULL) + (indicator_id IS NOT NULL) <= 1`,
    ),
  ],
);

/** Key/value facts about the database itself, such as the seed version applied. */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * How many live (not archived) rows each counted entity has, in total and per value of the columns
 * and link tables statistics count by (src/db/counters.ts). Kept by triggers that the data layer
 * derives from the entity registry and installs with a full recount, so every write path keeps it
 * right; statistics read it instead of counting rows.
 */
export const liveCounts = sqliteTable(
  'live_counts',
  {
    /** The entity's relations key, e.g. `records`. */
    entity: text('entity').notNull(),
    /** The column or link counted by; '' for the total. */
    dimension: text('dimension').notNull(),
    /** The value counted, stored as it is in its column (no type affinity); '' for the total and for null. */
    bucket: customType<{ data: string | number }>({ dataType: () => 'blob' })('bucket').notNull(),
    count: integer('count').notNull(),
  },
  (table) => [primaryKey({ columns: [table.entity, table.dimension, table.bucket] })],
);

/**
 * API keys for writes. Only a SHA-256 hash of the key is stored; `prefix` is the public part of
 * the key, used to find the row before the hash is compared in constant time.
 */
export const apiKeys = sqliteTable('api_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  prefix: text('prefix').notNull().unique(),
  /** Hex SHA-256 of the whole key. */
  hash: text('hash').notNull(),
  /** Space-separated scopes, e.g. `records:write admin`. */
  scopes: text('scopes').notNull(),
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
});

// Not exported: every value this module exports is a table.
const CHANGE_ACTIONS = ['CREATE', 'UPDATE', 'ARCHIVE', 'RESTORE'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/**
 * Every write to a mutable entity, recorded in the same batch as the write itself: who, when,
 * which version it produced, and the row before and after (JSON, property names as in this file).
 */
export const changeHistory = sqliteTable(
  'change_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Random token of the write; later statements of the same batch test for it. */
    operationId: text('operation_id').notNull().unique(),
    /** GraphQL type name of the entity, e.g. `Institution`. */
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id').notNull(),
    /** The version the write produced. */
    version: integer('version').notNull(),
    action: text('action', { enum: CHANGE_ACTIONS }).notNull(),
    actorKeyId: integer('actor_key_id').references(() => apiKeys.id),
    actorName: text('actor_name').notNull(),
    changedAt: text('changed_at').notNull(),
    before: text('before'),
    after: text('after'),
  },
  (table) => [
    uniqueIndex('change_history_entity_version').on(table.entityType, table.entityId, table.version),
    check('change_history_action_valid', oneOf('action', CHANGE_ACTIONS)),
  ],
);

/**
 * Trusted operations: documents extracted from client builds (persisted-document manifests),
 * keyed by the SHA-256 of their text. Clients send the hash instead of the document; callers in
 * allow-list mode may run nothing else.
 */
export const trustedDocuments = sqliteTable('trusted_documents', {
  /** Lower-case hex SHA-256 of `document`. */
  hash: text('hash').primaryKey(),
  document: text('document').notNull(),
  /** The client build that registered it first, e.g. `ios-2.3.0`. */
  client: text('client').notNull(),
  registeredAt: text('registered_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});
