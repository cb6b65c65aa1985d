/** The printed schema is current, and everything in it is documented. */
import { readFileSync } from 'node:fs';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/index';
import { printSortedSchema } from '../src/version';

const SCHEMA_FILE = new URL('../schema/schema.graphql', import.meta.url);

/** Every schema element without a description, as a path such as `Query.records(first:)`. */
function undocumented(): string[] {
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined) => {
    if (!description || description.trim() === '') missing.push(path);
  };
  const checkArgs = (path: string, args: readonly GraphQLArgument[]) => {
    for (const arg of args) check(`${path}(${arg.name}:)`, arg.description);
  };
  const types = Object.values(schema.getTypeMap()).filter(
    (type: GraphQLNamedType) => !isIntrospectionType(type) && !isSpecifiedScalarType(type),
  );
  for (const type of types) {
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        checkArgs(`${type.name}.${field.name}`, field.args);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (['include', 'skip', 'deprecated', 'specifiedBy', 'oneOf'].includes(directive.name)) continue;
    check(`@${directive.name}`, directive.description);
    checkArgs(`@${directive.name}`, directive.args);
  }
  return missing.sort();
}

describe('schema', () => {
  it('schema/schema.graphql matches the code (run `npm run schema:print` after a change)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printSortedSchema(schema));
  });

  it('every type, field, argument, enum value and input field has a description', () => {
    expect(undocumented()).toEqual([]);
  });

  it('the walk sees the whole schema', () => {
    // Guards the test above: a walk that visits nothing would pass vacuously.
    const types = Object.keys(schema.getTypeMap());
    expect(types).toEqual(expect.arrayContaining(['Query', 'CooperationRecord', 'CooperationRecordFilter', 'RecordKind', 'PageInfo']));
    expect(schema.getQueryType()!.getFields()['records']!.args.map((arg) => arg.name)).toEqual(
      expect.arrayContaining(['first', 'after', 'filter', 'orderBy']),
    );
  });
});
