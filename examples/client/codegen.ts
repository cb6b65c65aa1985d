/**
 * GraphQL Code Generator: typed documents for the example clients, from schema/schema.graphql, and
 * each client's manifest of trusted operations (`gql/persisted-documents.json`: SHA-256 → text).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config = {
  useTypeImports: true,
  enumsAsTypes: true,
  strictScalars: true,
  scalars: {
    CountryCode: 'string',
    DateTime: 'string',
    JSON: 'unknown',
    PartialDate: 'string',
    URL: 'string',
  },
};

const presetConfig = { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } } as const;

const codegenConfig = {
  schema: 'schema/schema.graphql',
  generates: {
    'examples/client/gql/': {
      documents: ['examples/client/operations.graphql'],
      preset: 'client',
      presetConfig,
      config,
    },
    'examples/offline/gql/': {
      documents: ['examples/offline/operations.graphql'],
      preset: 'client',
      presetConfig,
      config,
    },
  },
} satisfies CodegenConfig;

export default codegenConfig;
