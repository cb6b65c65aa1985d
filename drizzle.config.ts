import { defineConfig } from 'drizzle-kit';
import { readConfig } from './src/config';
import { nodeDatabaseUrl } from './src/db/client';

/**
 * `npm run db:generate` writes migrations from src/db/schema.ts into drizzle/.
 * With LIBSQL_URL pointing at Turso, `npx drizzle-kit migrate` applies them remotely.
 */
const config = readConfig(process.env);

export default defineConfig({
  dialect: 'turso',
  schema: './src/db/schema.ts',
  out: './drizzle',
  dbCredentials: {
    url: nodeDatabaseUrl(config.LIBSQL_URL),
    authToken: config.LIBSQL_AUTH_TOKEN,
  },
});
