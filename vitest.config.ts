import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/** Resolves to `port` if it can be bound on loopback now, else to a free port the system picks. */
function availablePort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => (port === 0 ? reject(new Error('no free port')) : resolve(availablePort(0))));
    probe.listen(port, '127.0.0.1', () => {
      const { port: bound } = probe.address() as { port: number };
      probe.close(() => resolve(bound));
    });
  });
}

/**
 * Loopback port of the database server the workers project's global setup starts: 18787, or
 * WORKER_TEST_DB_PORT; a free one when the default is taken (another test run on the machine).
 */
const workerDatabasePort = process.env.WORKER_TEST_DB_PORT
  ? Number(process.env.WORKER_TEST_DB_PORT)
  : await availablePort(18_787);

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
      {
        // The Worker entry in workerd, reaching its database over HTTP as in production.
        plugins: [
          cloudflareTest({
            main: './src/worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { LIBSQL_URL: `http://127.0.0.1:${workerDatabasePort}`, GRAPHQL_TRACE: '1' },
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['tests/worker/**/*.test.ts'],
          // Seeds the database, serves it over HTTP and copies dist/assets before workerd starts.
          globalSetup: ['./tests/support/worker-global-setup.ts'],
          provide: { workerDatabasePort },
          // A hang guard, not a timing check: each file's first request loads the Worker's modules,
          // which took over 40 s on a loaded 2-core machine.
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
