import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        resolve: {
          // One copy of graphql-js: its ESM and CJS builds would otherwise both load.
          alias: [{ find: /^graphql$/, replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) }],
        },
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/worker/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
