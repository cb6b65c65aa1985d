/**
 * The registry of writable entities. Per GraphQL type: its table, the key under which the
 * relations (and the relational query API, the visibility rule, the seed catalogue and the totals)
 * know it, the noun messages use, its search document, the column citations point to it with, and
 * how statistics group it. The data layer's per-type maps (writes, search, totals, change feed,
 * seed order, source verification) and the GraphQL search union, totals and grouped counts all
 * derive from this one object; adding an entity here (and to the schema and relations) is what
 * makes it searchable, counted and seeded.
 *
 * The order of the entries is the order of the search index's rebuild and of the change feed's
 * creation entries for seeded rows; dependants are put after what they reference by `SEED_ORDER`.
 */
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { citations } from './schema';
import { branchCentres, indicators, institutions, networkMembers, networks, participants, planTargets, recordCountries, recordFields, records } from './schema';

/**
 * The fields a search document may hold, with what each is, as the `SearchField` enum describes
 * a snippet's source. A localised field is stored in three columns (`<field>ZhHant`, `…ZhHans`,
 * `…En`); a plain one in one column.
 */
export const SEARCH_FIELDS = {
  name: { localized: true, description: 'The name (institutions, branch centres, networks, indicators).' },
  acronym: { localized: false, description: 'The acronym of an institution.' },
  title: { localized: true, description: 'The title (cooperation records, plan targets).' },
  description: { localized: true, description: 'The description.' },
  summary: { localized: true, description: 'The summary of a cooperation record.' },
  location: { localized: true, description: 'Where a cooperation record took place.' },
} as const satisfies Record<string, { localized: boolean; description: string }>;

export type SearchFieldName = keyof typeof SEARCH_FIELDS;

/** The text a row is indexed under: its title (weighted high) and body, each a list of fields. */
interface SearchDocument {
  title: readonly SearchFieldName[];
  body: readonly SearchFieldName[];
}

/** A count of live rows grouped by one of the entity's enum columns, as `statistics` offers it. */
interface Grouping {
  /** How a bucket's value relates to its rows, e.g. "of one kind", "with one status". */
  phrase: string;
}

type CitationColumn = Exclude<keyof typeof citations.$inferSelect, 'id' | 'sourceId' | 'paragraph' | 'basis' | `note${string}`>;

interface EntityDefinition {
  table: SQLiteTable & { id: SQLiteColumn; archivedAt: SQLiteColumn };
  /** Key of the table in the relations (query API, visibility rule, seed catalogue, totals). */
  key: string;
  /** What messages call one of them. */
  noun: string;
  /** What lists call several (statistics). */
  plural?: string;
  /** Searchable entities: the text they are found by. */
  search?: SearchDocument;
  /** Entities the sources are cited for: the column of `citations` that points to them. */
  citationColumn?: CitationColumn;
  /** Entities `statistics.totals` counts: the description of their total. */
  total?: string;
  /** Enum columns `statistics` counts live rows by. */
  groupings?: Readonly<Record<string, Grouping>>;
  /**
   * Further dimensions `statistics` counts live rows by through fields of their own (which may
   * take a filter): columns, and link tables listing values per row. Unfiltered, they are read
   * from counters (src/db/counters.ts) like `total` and `groupings`. `pairs` of columns are
   * counted per value of the first and of the second together (for lists' totals).
   */
  tallies?: EntityTallies;
}

/** What an entity's counters count besides its total and groupings (see `EntityDefinition.tallies`). */
export interface EntityTallies {
  columns?: readonly string[];
  links?: Readonly<Record<string, TalliedLink>>;
  pairs?: readonly (readonly [string, string])[];
  /** A link's value with one of the columns: counted per value of each, as `pairs` are. */
  linkPairs?: readonly (readonly [string, string])[];
  /**
   * Several enum columns (and a link's value, when `link` is named) with one more column, `inner`:
   * counted per combination of their values, a bucket per value of `inner` within each (see
   * `TalliedTuple`). A total filtered by any of those columns, one value of the link and a span of
   * `inner` is then a sum over a few counter rows, however many rows match.
   */
  tuples?: readonly TalliedTuple[];
  /**
   * A span's `[start, last]` columns, both counted: `last` holds a value at or after `start`
   * wherever `start` does, so rows within a span of dates are counted from the two columns'
   * buckets (see `liveCountSql`) rather than over every matching row.
   */
  spans?: readonly (readonly [string, string])[];
  /**
   * The set of members a row holds through a link table (a record's roles, whichever institutions
   * hold them), or per value of one of its columns (an institution's roles in it): each live row
   * counted in the bucket of that set, a bit mask, and per value of each `inner` column within
   * it. A total filtered by any of the members, or by one value with or without them (alone, or
   * with one of those columns), is then a sum over a few counter rows, not a count over every row
   * that matches (see `TalliedMemberSet`).
   */
  memberSets?: Readonly<Record<string, TalliedMemberSet>>;
}

/**
 * A tuple of counted columns: `columns` (enums that are never null, so that a filter leaving one
 * out is summed over all its values) and `inner` (any column, e.g. a year), optionally after the
 * value of a tallied link (`link`, a key of `links`).
 */
export interface TalliedTuple {
  link?: string;
  columns: readonly string[];
  inner: string;
}

/** A link table whose rows each give their owner one value (a record's fields, its countries). */
export interface TalliedLink {
  table: SQLiteTable;
  /** The column pointing at the owner's id. */
  owner: SQLiteColumn;
  /** The value counted. */
  value: SQLiteColumn;
}

/**
 * A link table whose rows give their owner a member of an enum (a record's participations, each in
 * a role), counted per owner — or per owner and `value` (an institution) — by the set of members
 * its counted link rows hold. A link row counts while it is not archived (when the table has
 * `archived_at`) and, with `via`, while the row its `via.column` names in `via.table` is not
 * archived either (a participation, while its institution is public): the same rows a filter on
 * the members matches. A set per value counts the value's rows whatever that value's own liveness:
 * its readers check it (an archived institution's records are none).
 */
export interface TalliedMemberSet {
  table: SQLiteTable;
  owner: SQLiteColumn;
  member: SQLiteColumn;
  value?: SQLiteColumn;
  via?: { column: SQLiteColumn; table: SQLiteTable };
  /** The owner's columns each set is also counted by (`<name>=<set>/<column>`). */
  inner: readonly string[];
  /**
   * Some of those columns counted together as well (`<name>#<set>/<a>+<b>…`, a bucket per
   * combination of their values), and together with each of `links` (`<name>!<set>/<a>+<b>…+<link>=<value>`,
   * a dimension per link value): the members with terms on several of them (roles
   * with kinds and years, with or without one country), or grouped by one (or by the link) with
   * terms on others, read from a few hundred or thousand counter rows.
   */
  together?: readonly string[];
  /**
   * The owner's tallied links each set is also counted by (`<name>=<set>/<link>`, a bucket per
   * value the owner's link rows give): one value of such a link with the members, or grouped by it.
   */
  links?: readonly string[];
  /**
   * Some of the `inner` columns each counted alone with each of `links` as well
   * (`<name>!<set>/<column>+<link>=<value>`, a bucket per value of the column): one value of a link,
   * or a grouping by it, with terms on one of those columns reads a bucket per value, not every
   * combination of the columns `together` holds (skewed 100k records, roles with a year grouped by
   * field: 13 ms).
   */
  linkedColumns?: readonly string[];
}

/** A record's columns its member sets are counted by, each and together (`TalliedMemberSet`). */
const RECORD_COLUMNS = ['kind', 'status', 'pillar', 'year'] as const;

export const ENTITIES = {
  Institution: {
    table: institutions,
    key: 'institutions',
    noun: 'institution',
    plural: 'institutions',
    search: { title: ['name', 'acronym'], body: ['description'] },
    citationColumn: 'institutionId',
    total: 'Institutions.',
    groupings: { type: { phrase: 'of one type' } },
    tallies: {
      memberSets: {
        // Its live memberships, kept per network (the role it holds there, one per network): a
        // network's members' totalCount is then two counter rows, not a count over every member
        // (skewed 100k records, a pool of 2,000 members: 1.8 ms per network).
        memberships: {
          table: networkMembers,
          owner: networkMembers.institutionId,
          member: networkMembers.role,
          value: networkMembers.networkId,
          inner: [],
        },
      },
    },
  },
  BranchCentre: {
    table: branchCentres,
    key: 'branchCentres',
    noun: 'branch centre',
    plural: 'branch centres',
    search: { title: ['name'], body: ['description'] },
    citationColumn: 'branchCentreId',
    total: 'Branch centres.',
    groupings: { kind: { phrase: 'of one kind' }, status: { phrase: 'with one status' } },
  },
  Network: {
    table: networks,
    key: 'networks',
    noun: 'network',
    plural: 'networks',
    search: { title: ['name'], body: ['description'] },
    citationColumn: 'networkId',
    total: 'Alliances, pools and committees.',
    groupings: { kind: { phrase: 'of one kind' } },
  },
  NetworkMembership: { table: networkMembers, key: 'networkMembers', noun: 'membership' },
  CooperationRecord: {
    table: records,
    key: 'records',
    noun: 'cooperation record',
    search: { title: ['title'], body: ['summary', 'location'] },
    citationColumn: 'recordId',
    total: 'Cooperation records.',
    tallies: {
      // parentId: its empty bucket counts the top-level records; startsOn and endKey: date ranges.
      columns: ['kind', 'status', 'pillar', 'year', 'parentId', 'startsOn', 'endKey'],
      links: {
        field: { table: recordFields, owner: recordFields.recordId, value: recordFields.field },
        country: { table: recordCountries, owner: recordCountries.recordId, value: recordCountries.countryCode },
      },
      // Counted per pair of values too, so a list's exact totalCount filtered by two of these
      // (e.g. kinds and a span of years) is read from counters, not counted over every match.
      pairs: [
        ['kind', 'year'],
        ['status', 'year'],
        ['pillar', 'year'],
        ['kind', 'status'],
        ['kind', 'pillar'],
        ['status', 'pillar'],
        ['kind', 'parentId'],
        ['parentId', 'year'],
        ['kind', 'endKey'],
        ['kind', 'startsOn'],
        // Years by start and last day: statistics by year under `dateFrom` or `dateTo`.
        ['year', 'endKey'],
        ['year', 'startsOn'],
      ],
      // One country or field with one of these columns (a list of kinds, a span of years …): its
      // linked records per value of the column, so such a total is read, not counted over every
      // linked record (100k records, a country with the events: 10 ms).
      linkPairs: [
        ['country', 'kind'],
        ['country', 'year'],
        ['country', 'status'],
        ['country', 'pillar'],
        ['field', 'kind'],
        ['field', 'year'],
        ['field', 'status'],
        ['field', 'pillar'],
        ['country', 'startsOn'],
        ['country', 'endKey'],
        ['field', 'startsOn'],
        ['field', 'endKey'],
      ],
      // Kind, status and pillar together, alone and with one country or field, per year: a total
      // filtered by three or four of these (events of 2020 on in Brazil) is read from at most one
      // counter row per combination of listed values, not counted over every match (100k
      // records with long texts, events in CN from 2020 on: 17-21 ms per count).
      tuples: [
        { columns: ['kind', 'status', 'pillar'], inner: 'year' },
        { link: 'country', columns: ['kind', 'status', 'pillar'], inner: 'year' },
        { link: 'field', columns: ['kind', 'status', 'pillar'], inner: 'year' },
        // Per start and last day: those columns with `dateFrom`, `dateTo` or both.
        { columns: ['kind', 'status', 'pillar'], inner: 'startsOn' },
        { columns: ['kind', 'status', 'pillar'], inner: 'endKey' },
      ],
      // endKey is coalesce(ends_on, starts_on), and a record never ends before it starts.
      spans: [['startsOn', 'endKey']],
      // The roles its public participations hold, whichever institutions hold them: the `roles`
      // filter's total (alone, or with kinds, statuses, key tasks or years) and its statistics,
      // read here instead of counted over every participation in those roles (100k records, a
      // common role: 108 → 3.2 ms).
      memberSets: {
        // An institution's live participations, a record counted once whatever roles it holds
        // there: the `institution` filter's total (alone, or with kinds, statuses, key tasks or
        // years), its statistics, and an institution's participations, read here.
        institution: {
          table: participants,
          owner: participants.recordId,
          member: participants.role,
          value: participants.institutionId,
          inner: [...RECORD_COLUMNS, 'startsOn', 'endKey'],
          together: RECORD_COLUMNS,
          links: ['country', 'field'],
        },
        roles: {
          table: participants,
          owner: participants.recordId,
          member: participants.role,
          via: { column: participants.institutionId, table: institutions },
          inner: [...RECORD_COLUMNS, 'startsOn', 'endKey'],
          together: RECORD_COLUMNS,
          links: ['country', 'field'],
          // Kinds and years only: an institution archived moves each of its records' sets, and every
          // column counted with the links doubled what that costs (the hub, 32k records: 2.0 → 4.9 s).
          linkedColumns: ['kind', 'year'],
        },
        // The fields it covers: a filter on several fields (one is the link `field` above), alone or
        // with any of these columns, or with one country.
        fields: {
          table: recordFields,
          owner: recordFields.recordId,
          member: recordFields.field,
          inner: RECORD_COLUMNS,
          together: RECORD_COLUMNS,
          links: ['country'],
          linkedColumns: RECORD_COLUMNS,
        },
        // The countries it names, listed as text (codes are no short enum): a filter on several
        // countries (one is the link `country` above), alone or with any of these columns, or with one field.
        countries: {
          table: recordCountries,
          owner: recordCountries.recordId,
          member: recordCountries.countryCode,
          inner: RECORD_COLUMNS,
          together: RECORD_COLUMNS,
          links: ['field'],
          linkedColumns: RECORD_COLUMNS,
        },
      },
    },
  },
  Participation: { table: participants, key: 'participants', noun: 'participation' },
  Indicator: {
    table: indicators,
    key: 'indicators',
    noun: 'indicator',
    search: { title: ['name'], body: [] },
    citationColumn: 'indicatorId',
    total: 'Indicators.',
  },
  PlanTarget: {
    table: planTargets,
    key: 'planTargets',
    noun: 'plan target',
    search: { title: ['title'], body: ['description'] },
    citationColumn: 'planTargetId',
    total: 'Plan targets.',
  },
} as const satisfies Record<string, EntityDefinition>;

type Entities = typeof ENTITIES;
export type WritableType = keyof Entities;
export const WRITABLE_TYPES = Object.keys(ENTITIES) as WritableType[];

/** The definition of a type, widened to the shape every entry has. */
const entity = (type: WritableType): EntityDefinition => ENTITIES[type];

/** Types whose entry has `property`, in registry order. */
type WithProperty<P extends keyof EntityDefinition> = { [T in WritableType]: Entities[T] extends Record<P, unknown> ? T : never }[WritableType];
const typesWith = <P extends keyof EntityDefinition>(property: P) =>
  WRITABLE_TYPES.filter((type) => entity(type)[property] !== undefined) as WithProperty<P>[];

export type SearchableType = WithProperty<'search'>;
/** Types search covers, in the order the index is rebuilt. */
export const SEARCHABLE_TYPES: readonly SearchableType[] = typesWith('search');

export type CitedType = WithProperty<'citationColumn'>;
export const CITED_TYPES: readonly CitedType[] = typesWith('citationColumn');

export type CountedType = WithProperty<'total'>;
export const COUNTED_TYPES: readonly CountedType[] = typesWith('total');
/** The keys of `statistics.totals`: the relations keys of the counted types. */
export type TotalKey = Entities[CountedType]['key'];

export type GroupedType = WithProperty<'groupings'>;
export const GROUPED_TYPES: readonly GroupedType[] = typesWith('groupings');

/**
 * Every type after the types its table references by foreign key (its dependencies first, each
 * in registry order): the order the seed inserts them and the change feed's snapshot lists them.
 */
export const SEED_ORDER: readonly WritableType[] = (() => {
  const typeOfTable = new Map<SQLiteTable, WritableType>(WRITABLE_TYPES.map((type) => [ENTITIES[type].table, type]));
  const ordered: WritableType[] = [];
  const visiting = new Set<WritableType>();
  const visit = (type: WritableType) => {
    if (ordered.includes(type)) return;
    if (visiting.has(type)) throw new Error(`${type}'s table references itself through other entities: no seed order exists.`);
    visiting.add(type);
    for (const foreignKey of getTableConfig(ENTITIES[type].table).foreignKeys) {
      const referenced = typeOfTable.get(foreignKey.reference().foreignTable);
      if (referenced !== undefined && referenced !== type) visit(referenced);
    }
    ordered.push(type);
  };
  WRITABLE_TYPES.forEach(visit);
  return ordered;
})();
