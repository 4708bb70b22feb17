import type { CodegenConfig } from '@graphql-codegen/cli';

// Types come from the server's committed schema: a schema change that breaks an operation fails here
// (document validation) or in `tsc` (the generated types no longer fit the components).
const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTimeISO: 'string' },
        useTypeImports: true,
        enumsAsTypes: true,
      },
    },
  },
};

export default config;
