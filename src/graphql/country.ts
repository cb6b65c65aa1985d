/** Countries, keyed by ISO 3166-1 alpha-2 code. */
import { builder } from '../builder';
import type { RootList } from './compiled-read';
import { localizedFieldPair } from './localized';

export const Country = builder.drizzleNode('countries', {
  name: 'Country',
  description: 'A country named in the data.',
  id: { column: (country) => country.code },
  fields: (t) => ({
    code: t.field({
      type: 'CountryCode',
      description: 'ISO 3166-1 alpha-2 code.',
      extensions: { sqlRead: { column: 'code' } },
      resolve: (country) => country.code,
    }),
    ...localizedFieldPair(t, 'name', 'Name of the country.'),
    bricsMember: t.exposeBoolean('bricsMember', { description: 'Whether it is a BRICS member.' }),
  }),
});

/** Every country by code, on both read paths. */
const countryList = { table: 'countries', orderBy: { code: 'asc' } } satisfies RootList;

builder.queryField('countries', (t) =>
  t.drizzleField({
    type: [Country],
    description: 'Every country named in the data, by code.',
    extensions: { sqlRead: { rootList: countryList } },
    resolve: (query, _root, _args, context) => context.db.query.countries.findMany(query({ orderBy: countryList.orderBy })),
  }),
);
