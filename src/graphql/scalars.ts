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

const PARTIAL_DATE = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Days in a month of the proleptic Gregorian calendar (February 29 in leap years only). */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function parsePartialDate(value: unknown): string {
  const match = typeof value === 'string' ? PARTIAL_DATE.exec(value) : null;
  if (!match) {
    throw new GraphQLError('PartialDate must be YYYY, YYYY-MM or YYYY-MM-DD.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const [, year, month, day] = match;
  if (day !== undefined && Number(day) > daysInMonth(Number(year), Number(month))) {
    throw new GraphQLError(`PartialDate ${String(value)} is not a day of the calendar.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value as string;
}

builder.scalarType('PartialDate', {
  description:
    'An ISO 8601 calendar date as precise as the sources are: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a day the Gregorian calendar has: no `2023-02-29`).',
  serialize: (value) => parsePartialDate(value),
  parseValue: parsePartialDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('PartialDate must be a string.', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parsePartialDate(ast.value);
  },
});
