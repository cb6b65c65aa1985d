/**
 * Property-based fuzzing: documents and variables generated from the schema itself (valid, nearly
 * valid and hostile) never produce a 5xx, a stack trace or an unmasked error.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/index';
import { createTestApp, type TestApp } from './support/app';
import { propertyRuns } from './support/property';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Strings with the characters that break naive code: NUL, controls, quotes, surrogates, CJK. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '\u0000', '\u0007\u001b[31m', '"\\', '金磚', '\ud800', 'a'.repeat(300), "'; DROP TABLE records; --", '%%', '*'),
);

/** A GraphQL literal for an input type: mostly well typed, sometimes not at all. */
function literal(type: GraphQLInputType, depth = 0): fc.Arbitrary<string> {
  const wrong = fc.constantFrom('null', '1', '-1', '2147483648', '1.5', 'true', '"x"', 'NOPE', '[]', '{}', '[[1]]');
  if (depth > 3) return wrong;
  let right: fc.Arbitrary<string>;
  if (isNonNullType(type)) return literal(type.ofType, depth);
  if (isListType(type)) {
    right = fc.array(literal(type.ofType, depth + 1), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`);
  } else if (isEnumType(type)) {
    right = fc.constantFrom(...type.getValues().map((value) => value.name));
  } else if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    right = fc
      .subarray(fields, { maxLength: Math.min(4, fields.length) })
      .chain((chosen) =>
        fc.tuple(...chosen.map((field) => literal(field.type, depth + 1).map((value) => `${field.name}: ${value}`))),
      )
      .map((pairs) => `{ ${pairs.join(', ')} }`);
  } else if (type.name === 'Int') {
    right = fc.oneof(fc.integer({ min: -3, max: 120 }), fc.integer()).map(String);
  } else if (type.name === 'Float') {
    right = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n).replace('e', 'E'));
  } else if (type.name === 'Boolean') {
    right = fc.boolean().map(String);
  } else {
    // String, ID and custom scalars: any string, or a date/URL/country-looking one.
    right = fc
      .oneof(nastyString, fc.constantFrom('2022-09-07', '2022', 'CN', 'https://example.org/', 'not-a-date'))
      .map((value) => JSON.stringify(value));
  }
  return fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

function argumentsFor(args: readonly GraphQLArgument[]): fc.Arbitrary<string> {
  if (args.length === 0) return fc.constant('');
  return fc
    .subarray([...args], { maxLength: Math.min(3, args.length) })
    .chain((chosen) => {
      // Required arguments are usually given; leaving them out is another kind of bad input.
      const required = args.filter((arg) => isNonNullType(arg.type) && !chosen.includes(arg));
      return fc.tuple(fc.boolean(), fc.constant(chosen), fc.constant(required));
    })
    .chain(([withRequired, chosen, required]) => {
      const all = withRequired ? [...chosen, ...required] : chosen;
      if (all.length === 0) return fc.constant('');
      return fc.tuple(...all.map((arg) => literal(arg.type).map((value) => `${arg.name}: ${value}`))).map((pairs) => `(${pairs.join(', ')})`);
    });
}

/** A selection set on a composite type, up to `depth` levels deeper. */
function selection(type: GraphQLCompositeType, depth: number): fc.Arbitrary<string> {
  if (isUnionType(type)) {
    const members = schema.getPossibleTypes(type);
    return fc
      .subarray([...members], { minLength: 1, maxLength: Math.min(2, members.length) })
      .chain((chosen) => fc.tuple(...chosen.map((member) => selection(member, depth).map((inner) => `... on ${member.name} ${inner}`))))
      .map((fragments) => `{ __typename ${fragments.join(' ')} }`);
  }
  const fields = Object.values(type.getFields()).filter((field) => depth > 0 || !isObjectLike(getNamedType(field.type)));
  if (fields.length === 0) return fc.constant('{ __typename }');
  return fc
    .subarray(fields, { minLength: 1, maxLength: Math.min(4, fields.length) })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((field) => {
          const named = getNamedType(field.type);
          const inner = isObjectLike(named) ? selection(named as GraphQLCompositeType, depth - 1) : fc.constant('');
          return fc
            .tuple(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), argumentsFor(field.args), inner, fc.boolean())
            .map(([alias, args, sub, skip]) => `${alias ? `${alias}_${field.name}: ` : ''}${field.name}${args}${skip ? ' @include(if: true)' : ''} ${sub}`);
        }),
      ),
    )
    .map((parts) => `{ ${parts.join(' ')} }`);
}

function isObjectLike(type: unknown): boolean {
  return isObjectType(type) || isInterfaceType(type) || isUnionType(type);
}

const queryType = schema.getQueryType()!;

/** A whole request: the generated document, sometimes mangled, with or without variables. */
const requestArb = fc.record({
  query: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }).chain((depth) => selection(queryType, depth)) },
    {
      weight: 2,
      // Truncated or corrupted documents.
      arbitrary: fc
        .tuple(selection(queryType, 2), fc.nat(), fc.constantFrom('', '{', '}', '$', '...', '\u0000', '"', '#', '@', '\ufeff'))
        .map(([doc, at, junk]) => doc.slice(0, at % (doc.length + 1)) + junk + doc.slice(at % (doc.length + 1))),
    },
    { weight: 1, arbitrary: nastyString },
  ),
  variables: fc.option(fc.jsonValue({ maxDepth: 4 }), { nil: undefined }),
  operationName: fc.option(fc.oneof(fc.constant('Q'), nastyString), { nil: undefined }),
  // GET carries the same parameters in the URL, where `variables` may also be broken JSON.
  method: fc.constantFrom('POST', 'POST', 'GET'),
  rawVariables: fc.option(nastyString, { nil: undefined }),
});

function toRequest({ query, variables, operationName, method, rawVariables }: typeof requestArb extends fc.Arbitrary<infer T> ? T : never): Request {
  const headers = { accept: 'application/graphql-response+json' };
  if (method === 'GET') {
    const url = new URL('http://localhost/graphql');
    url.searchParams.set('query', query);
    if (rawVariables !== undefined) url.searchParams.set('variables', rawVariables);
    else if (variables !== undefined) url.searchParams.set('variables', JSON.stringify(variables));
    if (operationName !== undefined) url.searchParams.set('operationName', operationName);
    return new Request(url, { method, headers });
  }
  return new Request('http://localhost/graphql', {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
}

/** Anything that would show an internal: a stack frame, database or driver text, an original error. */
const LEAKS = /\bat .+:\d+:\d+|node_modules|SQLITE|Failed query|DrizzleQueryError|libsql|RangeError|TypeError|ReferenceError/i;

describe('fuzzing the endpoint from the schema', () => {
  it('never answers with a 5xx, an unmasked error or an unexpected one', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const body = JSON.stringify(request);
        const response = await t.app.fetch(toRequest(request));
        const text = await response.text();
        expect(response.status, `${body}\n→ ${text}`).toBeLessThan(500);
        expect(text, body).not.toMatch(LEAKS);
        const parsed = JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
        expect('data' in parsed || (parsed.errors?.length ?? 0) > 0, text).toBe(true);
        for (const error of parsed.errors ?? []) {
          expect(typeof error.message).toBe('string');
          // A masked unexpected error is a failure all the same: no valid or invalid input may cause one.
          expect(error.extensions?.code, `${body}\n→ ${text}`).not.toBe('INTERNAL_SERVER_ERROR');
          expect(error.extensions ?? {}, body).not.toHaveProperty('originalError');
          expect(error.extensions ?? {}, body).not.toHaveProperty('stack');
        }
      }),
      // Bounded: a fixed number of runs with a fixed seed, so a failure reproduces.
      { ...propertyRuns(300, 20_221_128), endOnFailure: true },
    );
  });

  it('generates documents the server actually executes, not only rejects', async () => {
    const samples = fc.sample(selection(queryType, 2), propertyRuns(40, 7));
    let executed = 0;
    for (const query of samples) {
      const response = await t.app.fetch(
        new Request('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query }),
        }),
      );
      const parsed = (await response.json()) as { data?: unknown };
      if (response.status === 200 && parsed.data) executed += 1;
    }
    expect(executed).toBeGreaterThan(5);
  });
});
