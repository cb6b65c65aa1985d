/**
 * What the seed needs to know about one entity beyond the registry (src/db/entities.ts), and the
 * generic part that needs nothing more: a catalogue entry becomes a row by its properties, column
 * by column (`rowValues`). An entity declares only what differs: which properties hold slugs of
 * other rows, the link rows that belong to an entry, and what source verification checks in it.
 * An entity with none of these needs no seeder at all.
 */
import { getColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../client';
import { CITED_TYPES, ENTITIES, SEED_ORDER, type CitedType } from '../entities';
import { toTraditional } from '../text';
import type { SeedEntry } from './catalogue';
import type { SeedText } from './types';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
type Row = Record<string, unknown>;

/** The types the seed writes: every entity the sources are cited for. */
export type SeededType = CitedType;
/** The seeded types in the order the seed writes them: what a row references comes first. */
export const SEEDED_TYPES: readonly SeededType[] = SEED_ORDER.filter((type): type is SeededType => (CITED_TYPES as readonly string[]).includes(type));

/** Resolves a slug of a seeded row (every row of that type written so far) to its id. */
export type Resolve = (type: SeededType, slug: string) => number;

/** A property of an entry that names another row by slug (or a country by code). */
interface SeedReference {
  /** The column that holds the reference. */
  column: string;
  to: SeededType | 'Country';
  /** What verification calls it, e.g. "host institution". */
  what: string;
  /** Rows of the same table: set once every row of the type exists, and only on rows this run created. */
  deferred?: boolean;
}

/** Rows of a link table that belong to an entry, written with rows this run creates. */
interface SeedLink<Item> {
  table: SQLiteTable;
  /** The link table's property that points to the entry. */
  column: string;
  rows: (item: Item, resolve: Resolve) => Row[];
  /** Rewritten when an untouched seed row is refreshed, too. */
  refreshed?: boolean;
}

export type FactCheck = 'references' | 'fidelity';

/** Where a seeder reports what an entry asserts, for source verification (src/db/source/verify.ts). */
export interface Facts {
  /** An ISO date (possibly truncated); its year counts as a year too. */
  date(field: string, value: string | undefined): void;
  year(field: string, value: number | undefined): void;
  /** A quantity; `percent` marks percentages and year-on-year changes. */
  figure(field: string, value: number | undefined, percent?: boolean): void;
  range(field: string, min: number, max: number): void;
  /** A slug (or country code) an entry names outside its references, e.g. in a list of members. */
  reference(what: string, slug: string, to: SeededType | 'Country'): void;
  problem(check: FactCheck, message: string): void;
}

export interface Seeder<Item extends SeedEntry = SeedEntry> {
  /** Prefix of an entry's subject in verification ("record:<slug>"); by default the type in camelCase. */
  subject?: string;
  /** The property holding a name the report is expected to contain, when the entry cites it. */
  name?: keyof Item & string;
  /** Properties (by name) that hold slugs of other rows. */
  references?: Readonly<Record<string, SeedReference>>;
  links?: readonly SeedLink<Item>[];
  facts?: (item: Item, facts: Facts) => void;
}

/** Declares a seeder for entries of `Item`; the type parameter only checks the declaration. */
export const defineSeeder = <Item extends SeedEntry>(seeder: Seeder<Item>): Seeder => seeder as unknown as Seeder;

type LocalizedColumns<P extends string> = Record<`${P}ZhHant` | `${P}ZhHans` | `${P}En`, string>;

/** Expands Simplified + English into the three stored scripts; Traditional is derived. */
export function localizedColumns<P extends string>(property: P, text: SeedText): LocalizedColumns<P> {
  return {
    [`${property}ZhHant`]: toTraditional(text.zhHans),
    [`${property}ZhHans`]: text.zhHans,
    [`${property}En`]: text.en,
  } as LocalizedColumns<P>;
}

/** As `localizedColumns`, or three nulls (so an update clears what the catalogue no longer says). */
export function optionalLocalizedColumns<P extends string>(property: P, text: SeedText | undefined) {
  return text
    ? localizedColumns(property, text)
    : ({ [`${property}ZhHant`]: null, [`${property}ZhHans`]: null, [`${property}En`]: null } as Record<
        `${P}ZhHant` | `${P}ZhHans` | `${P}En`,
        null
      >);
}

/** Columns the database keeps itself: never taken from the catalogue. */
const BOOKKEEPING = new Set(['id', 'version', 'archivedAt', 'createdAt', 'updatedAt']);
const SCRIPTS = ['ZhHant', 'ZhHans', 'En'] as const;

/**
 * The row of an entry: every column of the entity's table from the entry's property of the same
 * name; a localised text (`name` → `nameZhHant`, `nameZhHans`, `nameEn`) from its Simplified and
 * English; references resolved from slugs. A property the entry leaves out gives the column's
 * default, or null, so refreshing a row clears what the catalogue no longer says. Deferred
 * references are left out (see `SeedReference.deferred`).
 */
export function rowValues(type: SeededType, seeder: Seeder, item: SeedEntry, resolve: Resolve): Row {
  const entry = item as unknown as Row;
  const byColumn = new Map(Object.entries(seeder.references ?? {}).map(([property, reference]) => [reference.column, { property, reference }]));
  const columns = getColumns(ENTITIES[type].table) as Record<string, SQLiteColumn>;
  const values: Row = {};
  for (const [property, column] of Object.entries(columns)) {
    if (BOOKKEEPING.has(property) || column.generated) continue;
    const referenced = byColumn.get(property);
    if (referenced) {
      if (referenced.reference.deferred) continue;
      values[property] = referenceValue(referenced.reference, entry[referenced.property], resolve);
      continue;
    }
    const script = SCRIPTS.find((suffix) => property.endsWith(suffix) && `${property.slice(0, -suffix.length)}ZhHans` in columns);
    if (script) {
      const text = entry[property.slice(0, -script.length)] as SeedText | undefined;
      values[property] = text === undefined ? null : { ZhHant: toTraditional(text.zhHans), ZhHans: text.zhHans, En: text.en }[script];
      continue;
    }
    values[property] = entry[property] ?? plainDefault(column);
  }
  return values;
}

/** A reference's column value: the id of the row it names, a country's code as given, or null. */
export function referenceValue(reference: SeedReference, slug: unknown, resolve: Resolve): unknown {
  if (slug === undefined || slug === null) return null;
  return reference.to === 'Country' ? slug : resolve(reference.to, String(slug));
}

/** A column's default when it is a plain value (not SQL run by the database), else null. */
function plainDefault(column: SQLiteColumn): unknown {
  const value = column.default as unknown;
  return column.hasDefault && value !== undefined && (value === null || typeof value !== 'object') ? value : null;
}

/** Where an entry's verification subject is named: "<subject>:<slug>". */
export const subjectPrefix = (type: SeededType, seeder: Seeder): string => seeder.subject ?? type.charAt(0).toLowerCase() + type.slice(1);
