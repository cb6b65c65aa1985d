/** GraphQL Code Generator: typed documents for the example client, from schema/schema.graphql. */
import type { CodegenConfig } from '@graphql-codegen/cli';

export const codegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/client/operations.graphql'],
  generates: {
    'examples/client/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
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
      },
    },
  },
} satisfies CodegenConfig;

export default codegenConfig;
