// TypeScript lint (`npm run lint`, run by `npm test`) and the schema lint (`npx eslint
// schema/schema.graphql`; run by tests/schema-lint.test.ts).
import { readFileSync } from 'node:fs';
import graphql from '@graphql-eslint/eslint-plugin';
import { Kind, parse } from 'graphql';
import tseslint from 'typescript-eslint';

/**
 * Enum values of the printed schema that name one of its object types (SearchableType's and
 * ChangeObjectType's values equal `__typename` of the hits and of the changed objects on purpose).
 * Read from the schema, so a new entity needs no edit here.
 */
function typeNamedEnumValues() {
  const definitions = parse(readFileSync(new URL('schema/schema.graphql', import.meta.url), 'utf8')).definitions;
  const objectTypes = new Set(definitions.filter((node) => node.kind === Kind.OBJECT_TYPE_DEFINITION).map((node) => node.name.value));
  const values = definitions
    .filter((node) => node.kind === Kind.ENUM_TYPE_DEFINITION)
    .flatMap((node) => (node.values ?? []).map((value) => value.name.value))
    .filter((name) => objectTypes.has(name));
  return [...new Set(values)].sort();
}

export default [
  // Generated code (GraphQL Code Generator, relay-compiler, wrangler types) and build output are not linted.
  { ignores: ['dist/**', 'examples/*/gql/**', 'examples/**/__generated__/**', '.wrangler/**', 'worker-configuration.d.ts'] },
  // typescript-eslint's recommended rules, without type information: the type-aware set took 40 s
  // and 1.2 GB here, and `tsc` (npm run typecheck) already checks the types.
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    rules: {
      // `_name` marks a parameter kept for its position; `{ dropped, ...rest }` removes a property.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read GraphQL results (untyped JSON) by path.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['schema/schema.graphql'],
    languageOptions: {
      parser: graphql.parser,
      parserOptions: { graphQLConfig: { schema: 'schema/schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      // Docs are complete: every type, field, argument, enum value and input field says what it is.
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],
      '@graphql-eslint/description-style': ['error', { style: 'block' }],
      '@graphql-eslint/naming-convention': [
        'error',
        {
          types: 'PascalCase',
          FieldDefinition: 'camelCase',
          InputValueDefinition: 'camelCase',
          Argument: 'camelCase',
          EnumValueDefinition: {
            style: 'UPPER_CASE',
            // Values that are type names on purpose (see typeNamedEnumValues).
            ignorePattern: `^(${typeNamedEnumValues().join('|')})$`,
          },
          DirectiveDefinition: 'camelCase',
          // Names say what a thing is, not what GraphQL construct it is.
          'FieldDefinition[parent.name.value=Query]': { forbiddenPrefixes: ['query', 'get'] },
          'FieldDefinition[parent.name.value=Mutation]': { forbiddenPrefixes: ['mutation'] },
          ObjectTypeDefinition: { forbiddenPrefixes: ['Type'], forbiddenSuffixes: ['Type'] },
          InterfaceTypeDefinition: { forbiddenPrefixes: ['Interface'], forbiddenSuffixes: ['Interface'] },
          EnumTypeDefinition: { forbiddenSuffixes: ['Enum'] },
          UnionTypeDefinition: { forbiddenSuffixes: ['Union'] },
          InputObjectTypeDefinition: { forbiddenSuffixes: ['InputType'] },
        },
      ],
      '@graphql-eslint/no-typename-prefix': 'error',
      '@graphql-eslint/no-hashtag-description': 'error',
      '@graphql-eslint/unique-enum-value-names': 'error',
      '@graphql-eslint/no-unreachable-types': 'error',
      '@graphql-eslint/require-deprecation-reason': 'error',
      // The date of a deprecation is part of its reason ("… Deprecated on 2026-11-28."): graphql-js
      // prints only `reason`, so require-deprecation-date's extra argument cannot exist in this file.
      // src/scripts/schema-diff.ts checks that date.
      // Relay: connections, edges, PageInfo and pagination arguments have the shape Relay expects.
      '@graphql-eslint/relay-connection-types': 'error',
      // Edges end in `Edge`. Not enforced: that every edge's node implements Node (the Relay connection
      // spec allows any object, and history entries are immutable log lines, not refetchable objects)
      // and that lists wrap only edges (small bounded lists such as `citations` are plain lists).
      '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
      '@graphql-eslint/relay-page-info': 'error',
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: true }],
      // Every object with an identity has exactly one non-null `id: ID!`. Value objects (counts,
      // translations, progress, citations, history entries, version info), mutation payloads and
      // errors, connections, edges and PageInfo have no identity of their own.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            types: [
              'Query', 'Mutation', 'Subscription', 'PageInfo', 'LocalizedText', 'Citation', 'CompetitionTrack',
              'PlanProgress', 'Statistics', 'Totals', 'ApiVersion', 'ChangeEntry', 'FieldChange', 'ValidationIssue',
              'SourceDisagreement', 'DisagreementClaim',
              'SearchSnippet', 'SearchSnippetMatch', 'RateLimit',
              // Feed entries are log lines about an object (whose ID they carry), not objects.
              'ObjectChange', 'ChangeFeedPage', 'SyncSnapshotPage',
            ],
            suffixes: ['Connection', 'Edge', 'Count', 'Payload', 'Error'],
          },
        },
      ],
    },
  },
];
