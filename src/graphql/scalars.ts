/** Scalars shared by every type. */
import { CountryCodeResolver, DateTimeISOResolver, URLResolver } from 'graphql-scalars';
import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder';

builder.addScalarType('DateTime', DateTimeISOResolver, {
  description: 'A UTC instant in ISO 8601 form, e.g. `2022-05-23T08:00:00.000Z`.',
});
builder.addScalarType('URL', URLResolver, {
  description: 'An absolute URL, e.g. `https://www.newdevelopmentbank.org/`.',
});
builder.addScalarType('CountryCode', CountryCodeResolver, {
  description: 'An ISO 3166-1 alpha-2 country code, e.g. `CN` or `BR`.',
});

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function parsePartialDate(value: unknown): string {
  if (typeof value !== 'string' || !PARTIAL_DATE.test(value)) {
    throw new GraphQLError('PartialDate must be YYYY, YYYY-MM or YYYY-MM-DD.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

builder.scalarType('PartialDate', {
  description:
    'An ISO 8601 calendar date as precise as the sources are: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.',
  serialize: (value) => parsePartialDate(value),
  parseValue: parsePartialDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('PartialDate must be a string.', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parsePartialDate(ast.value);
  },
});
