import { defineConfig } from 'drizzle-kit';

/**
 * `npm run db:generate` writes migrations from src/db/schema.ts into drizzle/.
 * With LIBSQL_URL pointing at Turso, `npx drizzle-kit migrate` applies them remotely.
 */
export default defineConfig({
  dialect: 'turso',
  schema: './src/db/schema.ts',
  out: './drizzle',
  dbCredentials: {
    url: process.env.LIBSQL_URL ?? 'file:data/brics.db',
    authToken: process.env.LIBSQL_AUTH_TOKEN,
  },
});
