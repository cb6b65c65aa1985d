/** Test harness: a real libSQL database file, migrated and seeded, behind the real app. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppOptions } from '../../src/app';
import { createNodeDatabase, type Database } from '../../src/db/client';
import { prepareDatabase } from '../../src/db/setup';

export interface TestApp {
  app: App;
  db: Database;
  dbPath: string;
  close(): void;
}

export async function createTestApp(options: Omit<AppOptions, 'db'> = {}): Promise<TestApp> {
  const directory = mkdtempSync(join(tmpdir(), 'brics-api-'));
  const dbPath = join(directory, 'test.db');
  const db = createNodeDatabase({ url: `file:${dbPath}` });
  await prepareDatabase(db);
  // Request logs stay quiet unless a test passes its own logger.
  const app = createApp({ db, observability: { logger: () => {} }, ...options });
  return {
    app,
    db,
    dbPath,
    close: () => {
      db.$client.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, any>;
}

/** Posts an operation to the app and returns the parsed body (and the raw response). */
export async function graphql<T = Record<string, any>>(
  app: App,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T> & { status: number; headers: Headers }> {
  const response = await app.fetch(
    new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    }),
  );
  const body = (await response.json()) as GraphQLResponse<T>;
  return { ...body, status: response.status, headers: response.headers };
}
