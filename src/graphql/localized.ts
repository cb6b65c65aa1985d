/**
 * Localised text. Each localised attribute is stored in three columns (…ZhHant, …ZhHans, …En);
 * a field returns the caller's locale, falling back to the other scripts rather than to null.
 */
import type { ArgBuilder, SchemaTypes } from '@pothos/core';
import type { Locale } from '../db/enums';
import { builder } from '../builder';
import { LocaleEnum } from './enums';

const COLUMN_SUFFIX: Record<Locale, 'ZhHans' | 'ZhHant' | 'En'> = {
  ZH_HANS: 'ZhHans',
  ZH_HANT: 'ZhHant',
  EN: 'En',
};

/** The order in which scripts are tried when a text is missing in the requested one. */
const FALLBACK: Record<Locale, readonly Locale[]> = {
  ZH_HANS: ['ZH_HANS', 'ZH_HANT', 'EN'],
  ZH_HANT: ['ZH_HANT', 'ZH_HANS', 'EN'],
  EN: ['EN', 'ZH_HANS', 'ZH_HANT'],
};

export type LocalizedRow<P extends string> = {
  [K in `${P}ZhHans` | `${P}ZhHant` | `${P}En`]?: string | null;
};

/** The columns a localised field reads, for Pothos' selection planning. */
function localizedColumns<P extends string>(property: P) {
  return {
    columns: {
      [`${property}ZhHans`]: true,
      [`${property}ZhHant`]: true,
      [`${property}En`]: true,
    } as Record<`${P}ZhHans` | `${P}ZhHant` | `${P}En`, true>,
  };
}

export function pickLocale<P extends string>(
  row: LocalizedRow<P>,
  property: P,
  locale: Locale,
): string | null {
  for (const candidate of FALLBACK[locale]) {
    const value = row[`${property}${COLUMN_SUFFIX[candidate]}` as keyof LocalizedRow<P>];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

export interface LocalizedTextShape {
  zhHans: string | null;
  zhHant: string | null;
  en: string | null;
}

export function allLocales<P extends string>(row: LocalizedRow<P>, property: P): LocalizedTextShape {
  return {
    zhHans: row[`${property}ZhHans` as keyof LocalizedRow<P>] ?? null,
    zhHant: row[`${property}ZhHant` as keyof LocalizedRow<P>] ?? null,
    en: row[`${property}En` as keyof LocalizedRow<P>] ?? null,
  };
}

export const LocalizedText = builder.objectRef<LocalizedTextShape>('LocalizedText').implement({
  description: 'One text in every script the API serves.',
  fields: (t) => ({
    zhHans: t.exposeString('zhHans', { nullable: true, description: 'Chinese, Simplified script.' }),
    zhHant: t.exposeString('zhHant', { nullable: true, description: 'Chinese, Traditional script.' }),
    en: t.exposeString('en', { nullable: true, description: 'English.' }),
  }),
});

/** The optional `locale` argument every localised field takes. */
export function localeArgs<Types extends SchemaTypes>(arg: ArgBuilder<Types>) {
  return {
    locale: arg({
      type: LocaleEnum,
      required: false,
      description: 'Language and script of the text; defaults to the request’s Accept-Language.',
    }),
  };
}

/** Whether the drizzle type `t` builds fields for has a `select` of its own (not every column). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function selectsOnlyRequested(t: any): boolean {
  const config = t.typename ? t.builder?.configStore?.getTypeConfig(t.typename, t.graphqlKind) : undefined;
  return typeof config?.extensions?.pothosDrizzleSelect === 'object';
}

/**
 * The pair of fields every localised attribute gets: `<property>(locale:)` returning one text and
 * `<property>Translations` returning all of them.
 */
export function localizedFieldPair<P extends string>(
  // Pothos' field builders are specific to each object type; this helper only needs `string`,
  // `field` and `arg`, and is used from every entity type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  t: any,
  property: P,
  description: string,
  options: { nullable?: boolean } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Record<P | `${P}Translations`, any> {
  const nullable = options.nullable ?? false;
  // Declared only where the type selects just what its fields ask for: elsewhere every column is
  // loaded anyway, and a field selection would make rows loaded outside a planned query (the
  // countries of statistics) load again.
  const select = selectsOnlyRequested(t) ? { select: localizedColumns(property) } : {};
  return {
    [property]: t.string({
      description: `${description} In the requested locale, falling back to another script when missing.`,
      nullable,
      args: localeArgs(t.arg),
      ...select,
      // How the compiled read path (src/graphql/compiled-read.ts) reads it: the same fallback in SQL.
      extensions: { sqlRead: { localized: property, nullable } },
      resolve: (row: LocalizedRow<P>, args: { locale?: Locale | null }, context: { locale: Locale }) =>
        pickLocale(row, property, args.locale ?? context.locale) ?? (nullable ? null : ''),
    }),
    [`${property}Translations`]: t.field({
      type: LocalizedText,
      description: `${description} In every script.`,
      nullable,
      ...select,
      extensions: { sqlRead: { localizedTranslations: property, nullable } },
      resolve: (row: LocalizedRow<P>) => {
        const texts = allLocales(row, property);
        return texts.en === null && texts.zhHans === null && texts.zhHant === null && nullable ? null : texts;
      },
    }),
  } as Record<P | `${P}Translations`, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
