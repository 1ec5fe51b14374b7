// GraphQL Codegen: typed documents from the committed schema.graphql and the operations written
// with graphql(`…`) in tests (and any typed client). Output is generated: `npm run codegen`.
// The project's own clients (the dashboard, examples/) also get a persisted-documents manifest
// (sha256 id -> document); scripts/trusted-documents.mjs merges them into the committed
// trusted-documents.json that TRUSTED_DOCUMENTS=allow|require runs (README "Trusted documents").
// A client team adds its documents by adding a target here the same way and to that script's list.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  // ESM imports with .js extensions (NodeNext resolution).
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      documents: ['test/**/*.ts', '!test/generated/**'],
      preset: 'client',
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
    // The dashboard SPA (dashboard/): documents as typed strings, so the bundle needs no graphql runtime.
    'dashboard/src/generated/': {
      documents: ['dashboard/src/**/*.{ts,tsx}', '!dashboard/src/generated/**'],
      preset: 'client',
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
        documentMode: 'string',
      },
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
    },
    // The typed client example (examples/approval-queue-client/): documents with their manifest id.
    'examples/approval-queue-client/generated/': {
      documents: ['examples/approval-queue-client/**/*.ts', '!examples/approval-queue-client/generated/**'],
      preset: 'client',
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
    },
  },
};

export default config;
